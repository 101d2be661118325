//! Expands a scenario's `generate:` block into ordinary skills and agents (e.g. the 200 skills of `bench-200`).

use super::scenario::{ActivitySpec, AgentSpec, AssignmentSpec, Scenario, SkillSpec};

/// Append the generated skills and agents to `scenario` (listed ones come first).
pub fn expand(scenario: &mut Scenario) {
    let Some(g) = scenario.generate.skills.clone() else {
        return;
    };
    let mut agent_id = g.first_agent_id;
    let mut agent_index = 0usize;
    for n in 0..g.count {
        let id = g.first_id.saturating_add(n);
        scenario.skills.push(SkillSpec {
            id,
            name: g.name.replace("{n}", &(n + 1).to_string()),
            media: g.media,
            media_type_name: None,
            active: true,
            script: None,
            campaign: None,
            outbound: false,
            service_level_goal: 80.0,
            service_level_threshold: 30.0,
            activity: ActivitySpec {
                queue: g.queue,
                service_level: Some(90.0),
                ..ActivitySpec::default()
            },
        });
        for k in 0..g.agents_per_skill {
            let state = if g.agent_states.is_empty() {
                "Available".to_string()
            } else {
                g.agent_states[agent_index % g.agent_states.len()].clone()
            };
            agent_index += 1;
            scenario.agents.push(AgentSpec {
                id: agent_id,
                first_name: format!("Agent{}", k + 1),
                last_name: format!("Skill{}", n + 1),
                active: true,
                state,
                out_state: None,
                state_since: None,
                acw: false,
                team: None,
                skills: vec![AssignmentSpec {
                    skill: id,
                    active: true,
                    proficiency: 1,
                }],
            });
            agent_id = agent_id.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sandbox::scenario::parse;

    #[test]
    fn generates_skills_and_agents() {
        let s = parse(
            "generate:\n  skills: {count: 3, first_id: 100, name: 'S{n}', agents_per_skill: 2, agent_states: [Available, LoggedOut]}\n",
            "t",
            "t",
        )
        .unwrap();
        assert_eq!(s.skills.len(), 3);
        assert_eq!(s.skills[2].id, 102);
        assert_eq!(s.skills[2].name, "S3");
        assert_eq!(s.agents.len(), 6);
        assert_eq!(s.agents[1].state, "LoggedOut");
        assert_eq!(s.agents[5].skills[0].skill, 102);
    }
}
