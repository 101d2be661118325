//! Finding codes of the queue-health and trace-conversation judgments (skills, contacts, digital cases).

crate::codes! {
    SKILL_NOT_FOUND = "skill-not-found", Fail,
        "The skill does not exist",
        "The tenant answered 404 for this skill id, so a handover that requests an agent on it cannot queue. Check the id for a typo and that the profile points at the right tenant and business unit; `queue-health --all` lists the skills that exist. Then check the skill id in the Studio script's Reqagent action, the routing rules and the Cognigy Escalate params. A 5xx, timeout or refused read is not this: it stays an error (exit 3).";
    SKILL_INACTIVE = "skill-inactive", Fail,
        "The skill is inactive",
        "An inactive skill (`isActive: false`) is CXone's equivalent of a paused queue: contacts routed to it are never offered to an agent. Activate it in ACD > Skills, or route handovers to an active skill.";
    SKILL_NO_AGENTS = "skill-no-agents", Fail,
        "No agent is assigned to the skill",
        "With no agent assignment nobody can ever be offered a contact from this skill, so every handover to it waits until the caller gives up. Assign agents in ACD > Skills > Agents (or on each agent's Skills tab).";
    SKILL_NO_ACTIVE_AGENTS = "skill-no-active-agents", Fail,
        "Every agent assignment of the skill is inactive",
        "Agents are assigned, but every one of them is an inactive user or has the skill assignment switched off (`isActive` / `isSkillActive` false), so nobody can take contacts from it. Reactivate the users or their skill assignments.";
    SKILL_NO_AGENTS_LOGGED_IN = "skill-no-agents-logged-in", Warn,
        "No agent assigned to the skill is logged in",
        "Contacts handed over to this skill wait in queue until an assigned agent logs in. Expected outside opening hours; otherwise check schedules, or route handovers to a staffed skill when nobody is logged in.";
    SKILL_NO_AVAILABLE_AGENTS = "skill-no-available-agents", Warn,
        "Agents are logged in but none is Available",
        "Logged-in agents are working other contacts or Unavailable, so new handovers wait in queue until one becomes Available. Free or add agents, or set an overflow in the routing script.";
    SKILL_WAITING_WITH_AVAILABLE = "skill-waiting-with-available", Warn,
        "Contacts wait although assigned agents are Available",
        "Contacts have waited longer than `rules.queue.waiting_with_available_s` (30 s by default) while at least one agent assigned to the skill is Available. More staff would not help: the contacts are not being offered to those agents. Usual causes: the agents' proficiency on this skill is below what the routing priority reaches first; the agents are at their maximum concurrent contacts (capacity) for the channel; the Studio script's ReqAgent action requests another skill, a targeted agent or a priority that never reaches them; or the agents are also on a skill with a higher priority that takes their contacts first. The message names the Available agents; `queue-health SKILL --agents` lists every assigned agent with state and time in state.";
    SKILL_QUEUE_LONG = "skill-queue-long", Warn,
        "More contacts in queue than the limit",
        "The skill's queue is longer than `rules.queue.max_queue`: handovers will wait and callers may abandon. Add Available agents or overflow to another skill; raise the limit if such queues are normal.";
    SKILL_WAIT_LONG = "skill-wait-long", Warn,
        "The oldest contact in queue has waited longer than the limit",
        "The oldest queued contact (from `earliestQueueTime` against the activity's server time) has waited longer than `rules.queue.max_wait_s`. Handovers landing here wait as long; staff the skill or add an overflow or callback branch.";
    SKILL_SERVICE_LEVEL_LOW = "skill-service-level-low", Warn,
        "Service level is below the skill's goal",
        "Fewer contacts than the skill's service-level goal are answered within its threshold. Handovers to this skill are likely to wait; check staffing for the skill.";
    SKILL_DATA_INCOMPLETE = "skill-data-incomplete", Warn,
        "Part of the skill's data could not be read",
        "Some numbers could not be judged because an API response was missing (activity, agent assignments or agent states). Check that the API user has the Real-Time Data and Admin permissions, then run again.";
    SKILL_COUNTS_DISAGREE = "skill-counts-disagree", Warn,
        "The agent join and the skill's activity counters disagree",
        "The skill's agents were counted twice: its assignments joined with GET /agents/states, and the counters of GET /skills/activity. They gave different logged-in or Available numbers; the finding names both and which one the verdict used (the join, unless some agent's state is unknown). A short-lived difference is normal while agents change state; a lasting one means one of the reads is incomplete or stale.";
    SKILL_AGENT_STATES_UNKNOWN = "skill-agent-states-unknown", Warn,
        "Some assigned agents' states are unknown",
        "The paged read of GET /agents/states did not complete (a page failed, repeated or came up short of totalRecords), so agents missing from it are unknown, not logged out. The verdict uses the skill's activity counters when they were read; run again to judge the agents one by one.";
    SKILL_COUNTS = "skill-counts", Info,
        "Agent and queue counts of the skill",
        "The numbers seen for the skill: agents assigned, logged in, Available and working, contacts in queue and the oldest wait. Shown for every skill so that a passing skill still shows its numbers.";
    SKILL_NAME_UNKNOWN = "skill-name-unknown", Fail,
        "No skill has this name",
        "No skill id or name (case-insensitive exact match) matches what was asked for. Use a skill id, or one of the close matches listed; `queue-health --all` lists every skill.";
    SKILL_NAME_AMBIGUOUS = "skill-name-ambiguous", Fail,
        "Several skills have this name",
        "More than one skill matches the name case-insensitively, so the tool cannot tell which one is meant. Use the numeric skill id of the one you mean.";
    SKILL_REALTIME_FORBIDDEN = "skill-realtime-forbidden", Fail,
        "The API user may not read real-time skill data",
        "The tenant answered 403 on a real-time endpoint (skill activity or agent states). Give the API user's role the Real-Time Data API permission (and View on skills and agents), then run again.";
    SKILL_UNREADABLE = "skill-unreadable", Fail,
        "The skill's data could not be read",
        "An API call for this skill failed after retries, so it was not judged. The message holds the HTTP status or error; check the tenant's status and the API user's permissions.";

    CONTACT_HANDED_OVER = "contact-handed-over", Info,
        "Handed over: an agent was connected",
        "After the bot or IVR part an agent was connected to the contact, so the handover itself worked. If the customer still complains, look at the queue wait and the agent part.";
    CONTACT_NEVER_ESCALATED = "contact-never-escalated", Fail,
        "Never escalated: the contact ended without being queued",
        "The contact ended without ever entering a queue: the bot did not send the Escalate signal (or sent it to the wrong contact id), or the Studio script did not act on it. Check Cognigy's Exit Interaction node (Main and Spawned Contact ID) and the script's OnSignal / OnReturnControlToScript branch that requests an agent.";
    CONTACT_ABANDONED_IN_QUEUE = "contact-abandoned-in-queue", Fail,
        "Abandoned in queue: it ended before any agent answered",
        "The handover worked and the contact queued on a skill, but it ended before an agent answered, usually because the caller hung up while waiting. Check the skill's staffing with `queue-health`, and add a callback or overflow branch in the script.";
    CONTACT_SKILL_UNAVAILABLE = "contact-skill-unavailable", Fail,
        "Skill unavailable: queued on a skill that cannot be answered",
        "The contact queued on a skill that does not exist, is inactive or has no (active) agents, so no agent could ever be offered it. Fix the skill or route handovers to a working one; `queue-health SKILL` shows why.";
    CONTACT_BOT_ERROR = "contact-bot-error", Fail,
        "Bot error: the bot or the script's error branch ended the contact",
        "Error data (`_ERR`, `errorDetails`, an error end reason or state) shows the bot exchange failed and the contact ended on the error path. Read the error value in the custom data, fix the bot or endpoint, and wire the OnError branch to a fallback queue.";
    CONTACT_IN_PROGRESS = "contact-in-progress", Info,
        "In progress: the contact is still active",
        "The contact has not ended yet, so the handover cannot be judged as a whole; the message says where it is now. Run again when it has ended.";
    CONTACT_INCONCLUSIVE = "contact-inconclusive", Warn,
        "Inconclusive: the data does not tell what happened",
        "The contact record and state history lack the data needed for a verdict (the message lists what is missing). Completed contacts may take a few minutes to reach reporting; check the API user's reporting permissions and run again.";
    CONTACT_NOT_FOUND = "contact-not-found", Fail,
        "The contact does not exist",
        "The tenant answered 404 for this contact id. Check the id for a typo and that the profile points at the right tenant and business unit. It must be the ACD contact id, not a digital case number (use `--digital`) or a Cognigy session id. A contact older than the reporting retention window is gone (list what exists with `--recent --since`); very recent contacts may not have reached reporting yet. A 5xx, timeout or refused read is not this: it stays an error (exit 3).";
    CASE_NOT_FOUND = "case-not-found", Fail,
        "The digital case does not exist",
        "The tenant answered 404 for this digital case number (GET /dfo/3.0/contacts/{number}). Check the number for a typo and that the profile points at the right tenant and business unit. `--digital` takes the Digital Experience case number (the contactNumber), not the ACD contact id: trace an ACD contact id without `--digital`. A 5xx, timeout or refused read is not this: it stays an error (exit 3).";
    CONTACT_ID_SENTINEL = "contact-id-sentinel", Fail,
        "Cognigy's placeholder contact id",
        "100000000000 is the placeholder Cognigy's CXone extension uses when it has no real contact id; with it the Escalate signal is skipped, so the handover never reaches CXone. Map the X-InContact-ContactId / X-InContact-MasterId SIP headers (voice) or the contact id from the session into the Exit Interaction node.";
    CONTACT_CONTEXT_MISSING = "contact-context-missing", Warn,
        "Required context keys are missing from the custom data",
        "The contact's custom data lacks keys listed in `rules.trace.required_context`, so the agent (or the routing script) gets the handover without that context. Set them in the Studio script or pass them in the Escalate params.";
    CONTACT_LONG_WAIT = "contact-long-wait", Warn,
        "The contact waited in queue longer than the limit",
        "The contact spent longer in queue than `rules.queue.max_wait_s` before an agent answered (or is still waiting). Callers abandon long queues; check the skill's staffing with `queue-health`.";
    CONTACT_REFUSED = "contact-refused", Warn,
        "An agent refused or missed the contact",
        "The contact was offered to an agent who refused it or let it time out, so it went back to the queue. Check the agent's state handling and the skill's `requireManualAccept` and refusal timeout.";
    CONTACT_BOT_ERROR_SEEN = "contact-bot-error-seen", Warn,
        "Error data was seen although the contact went on",
        "Error custom data, an error state or an error end reason was seen, but the contact continued (it queued or reached an agent). The bot's error branch may be hiding a failing exchange; read the error value.";
    CONTACT_TRANSFERRED = "contact-transferred", Info,
        "The contact moved between skills or agents",
        "The contact queued more than once or was connected to more than one agent (a transfer or re-queue); the timeline shows each step.";
    CONTACT_SKILL_UNHEALTHY = "contact-skill-unhealthy", Warn,
        "The skill the contact queued on is unhealthy now",
        "The queue-health judgment of the skill the contact waited on has warnings now (nobody logged in or Available, a long queue). That is the likely reason it was not answered; the judgment is of the present, not of the contact's time.";
    CONTACT_DATA_MISSING = "contact-data-missing", Info,
        "Part of the contact's data could not be read",
        "Some data (custom data, state history or the master contact) was not available, so part of the trace was not checked. The verdict stands on what was read; the message lists what is missing.";
    CASE_ROUTING_QUEUE_UNKNOWN = "case-routing-queue-unknown", Fail,
        "The case's routing queue is not on the tenant",
        "A digital case's routingQueueId names a DFO routing queue (usually a UUID), which GET /routing-queues maps to the ACD skill that routes it. The tenant does not list this queue, so the case was escalated to a queue that does not exist (deleted or from another business unit) and the skill behind it cannot be judged.";
    CASE_ROUTING_QUEUE_UNREAD = "case-routing-queue-unread", Warn,
        "The case's routing queue could not be resolved to a skill",
        "GET /routing-queues failed or the queue names no skillId, so the skill behind the case's routing queue is unknown and was not judged. A routing-queue id is never sent to /skills/{id}: it is not a skill id.";
    CASE_NO_AGENT_REPLY = "case-no-agent-reply", Warn,
        "A human agent was assigned but never wrote",
        "The digital case was assigned to a human agent but ended without any agent message, so the customer got no answer after the handover. Check the agent's inbox and the channel's routing and assignment settings.";
}
