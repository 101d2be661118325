//! Finding codes of `simulate-handoff`: one per thing a rehearsal step can find.

crate::codes! {
    // --- every step ---------------------------------------------------------------------------
    STEP_NOT_RUN = "simulate-step-not-run", Info,
        "The rehearsal step did not run",
        "An earlier step stopped the rehearsal (an invalid payload, an ineligible conversation, a failed handover with nothing to verify, or Ctrl-C), or the step was not needed. The message says why. Fix the cause, or pass --force to rehearse an invalid or ineligible payload anyway.";

    // --- payload and eligibility --------------------------------------------------------------
    PAYLOAD_BUILTIN = "simulate-payload-builtin", Info,
        "The rehearsal uses a built-in example payload",
        "No PAYLOAD file was given, so simulate-handoff used its realistic example for the chosen --via: a cognigy-signal body (Escalate with an eligible billing_dispute intent), a work item on the demo's `Callback WorkItem` point of contact, or a BYOC inbound message. Pass your own payload file to rehearse what your bot really sends.";
    PAYLOAD_MAPPED = "simulate-payload-mapped", Info,
        "The payload was turned into the handover request of --via",
        "The payload's kind is not the request --via sends, so the rehearsal built that request from it the way the integration would: Signal API p2 is the JSON text of the params (Cognigy's Exit Interaction sends JSON.stringify(params)), a work item carries the payload as its workItemPayload, a digital message keeps its skill. The message says exactly what was taken from the payload.";
    PAYLOAD_UNUSABLE = "simulate-payload-unusable", Fail,
        "The payload cannot be rehearsed",
        "The payload could not be parsed, so there is nothing to send, even with --force. Fix the syntax error reported in the payload step first.";
    INELIGIBLE = "simulate-ineligible", Fail,
        "The conversation is not eligible for a handover, so the rehearsal stopped",
        "rules.handoff says a conversation may be handed over only when the bot's confidence is below min_confidence and the intent is one of escalation_intents. The message names the condition that failed. Either the bot should keep this conversation, or the rules need changing; pass --force to rehearse the handover anyway.";

    OFFLINE_CONTACT = "simulate-offline-contact", Info,
        "Which sandbox contact an offline signal rehearsal used",
        "Offline, the signal goes to a contact of the sandbox scenario: --contact-id when given, else the payload's own spawnedContactId/contactId when the scenario has it, else the scenario's live bot contact (5823201 in demo). The message names the contact used and, when the payload's was not in the scenario, says so; the usable contacts are listed.";

    // --- preflight ------------------------------------------------------------------------------
    TARGET_UNKNOWN = "simulate-target-unknown", Warn,
        "The skill the contact should queue on is unknown",
        "Neither --skill, the payload (skillId, skill, targetSkill, queueId, a queue targetId, contact.skillId), the contact, the point of contact nor the channel named a skill, so the preflight could not judge the target queue and verify accepts any skill. Pass --skill ID.";
    TARGET_LOOKUP_FAILED = "simulate-target-lookup-failed", Warn,
        "The contact, point of contact or channel of the handover was not found",
        "The preflight read the object the handover goes to and the tenant does not know it (or refused to show it). The handover will most likely be refused too: check the id or name (a point of contact is given by its name, a channel by its id).";

    REFUSAL_OVERRIDDEN = "simulate-refusal-overridden", Fail,
        "Preflight refused the write, whatever a severity override says of the refusal",
        "A severity override (--allow, --warn or rules.severity) lowered a preflight refusal, but a severity says how a finding counts, not whether to send: the write was still refused and nothing was rehearsed, so the run does not pass. Pass --force to send anyway (it does not override an ended or missing target), or rehearse on a contact still with the bot.";
    POC_NAME_CASE = "simulate-poc-name-case", Warn,
        "The point of contact was found only by ignoring case",
        "Preflight found the point of contact named by --point-of-contact only by ignoring upper and lower case, but the work item is sent with the name as given, and whether CXone matches point of contact names ignoring case is UNCONFIRMED: the work item may be refused. Pass the name exactly as the tenant spells it (the hint gives it).";
    TARGET_ENDED = "simulate-target-ended", Fail,
        "The contact the signal goes to has ended, so nothing was sent",
        "Preflight found that the signalled contact (or the caller's contact it belongs to) has ended, or is not among the live contacts (GET /contacts/active). CXone refuses signals to ended contacts, and a rehearsal on one proves nothing. Start a new test call and pass its bot contact id with --contact-id. --force does not override this.";
    TARGET_MISSING = "simulate-target-missing", Fail,
        "The contact, point of contact or channel of the handover does not exist, so nothing was sent",
        "Preflight read the object the handover goes to and the tenant does not know it: the write would be refused. Check the id or name (a contact by its id, a point of contact by its name as shown in ACD > Points of Contact, a channel by its id). --force does not override this.";
    TARGET_QUEUED = "simulate-target-queued", Fail,
        "The contact is already waiting in a queue, so nothing was sent",
        "The caller's contact is already Inqueue or Routing: the handover already happened, and a signal now would prove nothing (verify could not tell its effect from the queue the contact is already in). Rehearse on a test call that is still with the bot (PreQueue), or pass --force to send anyway (verify then never counts the queue as this handover's).";
    TARGET_ANSWERED = "simulate-target-answered", Fail,
        "The contact is already with an agent, so nothing was sent",
        "The caller's contact is already Active with an agent: the handover already happened. Rehearse on a test call that is still with the bot, or pass --force to send anyway.";
    SIGNAL_SPAWNED = "simulate-signal-spawned-contact", Fail,
        "The signal belongs to the spawned bot contact, not to the caller's contact",
        "The contact given is a caller's (master) contact that has a live spawned contact: the bot (SIP backchannel script) runs on the spawned one, and NICE's Cognigy extension signals spawnedContactId || contactId, so the Escalate goes to the spawned contact. The message names it; pass it with --contact-id, or --force to signal the master anyway. Sending to the wrong contact is a classic failed handover: the Studio script that waits for OnSignal never hears it.";
    TARGET_NOT_WITH_BOT = "simulate-target-not-with-bot", Fail,
        "The contact is not in a bot stage, so nothing was sent",
        "Only a contact still with the bot can be escalated: PreQueue, or a bot script's (spawned) contact that is Active without an agent. The contact is in another or an unknown state. Check it in CXone, or pass --force to send anyway.";
    TARGET_STATE_UNKNOWN = "simulate-target-state-unknown", Fail,
        "Whether the handover's target is still with the bot is unknown, so nothing was sent",
        "Preflight could not read the caller's contact of the signalled bot contact, so it cannot tell whether the call is still with the bot. An unknown state never passes: grant the Reporting API to the access key's user, or pass --force to send anyway.";
    POC_NOT_WORK_ITEM = "simulate-poc-not-work-item", Fail,
        "The point of contact is not a work-item point of contact, so nothing was sent",
        "POST /interactions/work-items needs a point of contact of media type Work Item (6); the one given is of another (or no readable) media type, so the work item would be refused. Pass the name of a Work Item point of contact with --point-of-contact, or --force to send anyway.";
    POC_INACTIVE = "simulate-poc-inactive", Fail,
        "The point of contact is inactive (or does not say), so nothing was sent",
        "The point of contact has isActive false, or no readable isActive: work items on it are refused or never routed. Activate it in ACD > Points of Contact, pass another one, or --force to send anyway.";
    CHANNEL_INACTIVE = "simulate-channel-inactive", Fail,
        "The digital channel is inactive or hidden, so nothing was sent",
        "GET /dfo/3.0/channels lists the channel with isActive false or isHidden true, so an inbound message would not be routed. Activate the channel, pass another --channel-id, or --force to send anyway.";
    CHANNEL_STATE_UNKNOWN = "simulate-channel-state-unknown", Warn,
        "The digital channel does not say whether it is active",
        "The channel exists, but its listing has neither isActive nor isHidden (the published ChannelV2 shape has no isActive field; which field marks an inactive channel is UNCONFIRMED). Check it in Digital > Channels before trusting the rehearsal.";

    // --- handover -------------------------------------------------------------------------------
    HANDOVER_ACCEPTED = "simulate-handover-accepted", Info,
        "The handover request was accepted on the first attempt",
        "CXone (or the sandbox) accepted the signal, work item or inbound message at once. The message lists the attempt with its status and latency.";
    HANDOVER_RETRIED = "simulate-handover-retried", Warn,
        "The handover was accepted only after retries",
        "The first attempts were refused (429, or 503 with Retry-After) and the client sent the request again after waiting as told, until it was accepted. Every attempt is listed with its status, latency and wait. A bot integration that does not retry (check yours: Cognigy's Exit Interaction sends the signal once) would have lost this handover; the waits also add to the caller's time before an agent.";
    HANDOVER_FAILED = "simulate-handover-failed", Fail,
        "The handover request failed",
        "CXone (or the sandbox) refused the signal, work item or inbound message, or gave no answer in time, after every attempt the retry policy allows. A POST is never resent once it may have been processed (500, 502, 504, a 503 without Retry-After, a timeout), so one attempt is normal there. The fallback step says what happened next.";

    // --- fallback -------------------------------------------------------------------------------
    FALLBACK_ROUTED = "simulate-fallback-routed", Info,
        "The fallback route took the contact",
        "The handover failed, so the rehearsal routed to the configured fallback (a work item on rules.handoff.fallback.point_of_contact / --fallback-point-of-contact, or, for --via digital, a new message routed to the fallback skill), and the tenant accepted it. Verify follows the fallback contact.";
    FALLBACK_FAILED = "simulate-fallback-failed", Fail,
        "The fallback route failed too",
        "The handover failed and so did the request to the fallback route. Nothing will take the customer: fix the fallback point of contact (its name, its work-item media type, its script) or skill.";
    FALLBACK_MISSING = "simulate-fallback-missing", Warn,
        "The handover failed and no fallback is configured",
        "When the handover call fails the customer is stuck with the bot. A fallback needs rules.handoff.fallback.point_of_contact (a work-item point of contact whose script requests an agent) or rules.handoff.fallback.skill in the config, or --fallback-point-of-contact / --fallback-skill.";
    FALLBACK_SKILL_ONLY = "simulate-fallback-skill-only", Warn,
        "Only a fallback skill is configured, which the Studio script has to use",
        "A skill cannot be requested from outside CXone: the Studio script's error branch (OnSignal failure, TextBotExchange OnError) must request an agent on the fallback skill. The rehearsal judged that skill's health instead; add a fallback point of contact to let the rehearsal route there.";

    // --- verify ---------------------------------------------------------------------------------
    ANSWERED = "simulate-answered", Info,
        "An agent answered the handed-over contact",
        "The contact queued and an agent took it; the message gives the time to queue and the time to agent, measured from the first handover attempt.";
    NOT_ANSWERED = "simulate-not-answered", Warn,
        "The contact queued but no agent answered before --verify-timeout",
        "The handover worked (the contact is in the queue) but nobody took it in time: usually no agent is Available on the skill (see the preflight step). Staff the skill, or raise --verify-timeout if answers normally take longer.";
    NOT_QUEUED = "simulate-verify-timeout", Fail,
        "The contact did not queue before --verify-timeout",
        "The handover call was accepted but the contact never reached a queue (and no agent took it) within --verify-timeout: the Studio script did not react to the signal (OnSignal not wired, wrong contact id), or the work item's script has no Reqagent. The message gives the last state seen.";
    CONTACT_ENDED = "simulate-contact-ended", Fail,
        "The contact ended before an agent answered",
        "The contact ended or was abandoned after the handover and before any agent took it. Check the Studio script's queue branch and the skill's staffing.";
    WRONG_SKILL = "simulate-wrong-skill", Warn,
        "The contact queued on another skill than expected",
        "The expected skill comes from --skill, the payload, the contact, the point of contact or the channel. The contact went elsewhere: the Studio script, an escalation skill on the contact, or the channel's routing decided otherwise. Check which one is right.";
    NO_CONTACT_TO_VERIFY = "simulate-no-contact-to-verify", Warn,
        "The handover did not say which contact it created",
        "CXone may answer a work item with 202 and no body (observed), and a digital message without an ACD contact id, so there is no contact to follow. Check the contact in CXone by its work item id or case.";

    QUEUED_BEFORE = "simulate-queued-before-handover", Fail,
        "The contact was already queued or answered before the handover, so its effect is unknown",
        "Verify records the contact's state just before the write and counts only a change after it. This contact was already Inqueue, Routing or with an agent before the handover was sent (a run with --force), so it is never reported as queued by this handover. Rehearse on a test call that is still with the bot.";

    // --- crm ----------------------------------------------------------------------------------
    CRM_ACCEPTED = "simulate-crm-accepted", Info,
        "The CRM accepted the handoff context",
        "After the handover, the rehearsal posted the handoff context (contact id, run id, the payload's context object, outcome, timings) to rules.handoff.crm.url, as a handover service does so that the agent's screen shows it, and the CRM answered 2xx.";
    CRM_FAILED = "simulate-crm-failed", Fail,
        "The handoff context did not reach the CRM",
        "The CRM answered an error, or did not answer in time. The agent would start blind: without the bot's context. The POST is never resent once the CRM may have processed it (an error status or a timeout), exactly like the handover's POST. Check the CRM endpoint, its credentials (rules.handoff.crm.headers, secret values from the environment or the secret file) and its logs for the run id.";
    CRM_PLACEHOLDER = "simulate-crm-placeholder", Info,
        "Offline, a secret CRM header was sent with a placeholder",
        "The header's environment variable (or secret file key) is not set, which is fine offline: the sandbox's CRM endpoint gets the value `offline-placeholder` instead. A live run needs the real value.";

    // --- cleanup --------------------------------------------------------------------------------
    CLEANUP_ENDED = "simulate-cleanup-ended", Info,
        "The contacts this rehearsal created were ended",
        "Cleanup ends (POST /contacts/{id}/end) every contact the run created: the work item, the digital conversation's contact, the sandbox's fresh copy of the bot call, the fallback's work item. It never ends a contact the run did not create.";
    CLEANUP_KEPT = "simulate-cleanup-kept", Info,
        "The contacts this rehearsal created were kept (--keep)",
        "--keep leaves the contacts for inspection; end them in CXone when done.";
    CLEANUP_NOTHING = "simulate-cleanup-nothing", Info,
        "The rehearsal created no contact, so there is nothing to end",
        "A live signal escalates a contact that already existed; the run does not own it and never ends it.";
    CLEANUP_FAILED = "simulate-cleanup-failed", Fail,
        "A contact this rehearsal created could not be ended",
        "The test contact is still open on the tenant (queued or with an agent). End it in CXone (or POST /contacts/{id}/end with an account allowed to), and check the error in the message.";

    // --- dry run --------------------------------------------------------------------------------
    DRY_RUN = "simulate-dry-run", Info,
        "--dry-run: the request was built and shown, not sent",
        "A dry run makes every read a live run makes (authentication, preflight, the skill judgment) and then shows the exact requests a live run would send (method, full URL, headers with secrets masked, body), built by the same code that sends them. Nothing is written. Exit 0 means a live run would go ahead.";
    LIVE_REFUSED = "simulate-live-would-be-refused", Fail,
        "A live run with this profile would be refused",
        "The dry run's reads went ahead, but the profile does not allow a live rehearsal (allow_writes is false, or production is true), so `--live` would refuse to send. Use a profile of a sandbox or test tenant with allow_writes: true and production: false.";

    // --- repeat ---------------------------------------------------------------------------------
    SUMMARY = "simulate-summary", Info,
        "Statistics over the rehearsals",
        "Success means the handover (or its fallback) was accepted and the contact reached a queue or an agent before --verify-timeout. Latencies are nearest-rank percentiles over the rehearsals.";
    SOME_FAILED = "simulate-rehearsals-failed", Warn,
        "Some rehearsals did not succeed",
        "Not every rehearsal got the contact to a queue or an agent. The failed rehearsals' steps say why; intermittent failures under --concurrency point at throttling or capacity.";
}
