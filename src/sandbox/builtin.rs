//! The built-in scenarios, embedded from `examples/scenarios/` so the binary needs no files.

use serde::Deserialize;

/// One built-in scenario.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Name given to `--sandbox` and `sandbox serve --scenario`.
    pub name: &'static str,
    /// The YAML text.
    pub yaml: &'static str,
}

/// Every built-in scenario, in the order `sandbox list` shows them.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "demo",
        yaml: include_str!("../../examples/scenarios/demo.yaml"),
    },
    Builtin {
        name: "bench-200",
        yaml: include_str!("../../examples/scenarios/bench-200.yaml"),
    },
    Builtin {
        name: "bench-200-per-skill",
        yaml: include_str!("../../examples/scenarios/bench-200-per-skill.yaml"),
    },
    Builtin {
        name: "bench-digital",
        yaml: include_str!("../../examples/scenarios/bench-digital.yaml"),
    },
];

/// The built-in named `name`.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Every built-in name.
pub fn names() -> Vec<&'static str> {
    BUILTINS.iter().map(|b| b.name).collect()
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    description: Option<String>,
}

/// The `description:` of a built-in (its first line).
pub fn description(b: &Builtin) -> String {
    serde_yaml::from_str::<Head>(b.yaml)
        .ok()
        .and_then(|h| h.description)
        .and_then(|d| d.lines().next().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scenario::parse;

    #[test]
    fn every_builtin_parses_and_has_a_description() {
        for b in BUILTINS {
            let s = parse(b.yaml, b.name, b.name).unwrap_or_else(|e| panic!("{}: {e:#}", b.name));
            assert_eq!(s.name.as_deref(), Some(b.name));
            assert!(!description(b).is_empty(), "{} has no description", b.name);
        }
    }

    #[test]
    fn bench_200_has_200_skills_and_latency() {
        let s = parse(find("bench-200").unwrap().yaml, "b", "b").unwrap();
        assert_eq!(s.skills.len(), 200);
        assert_eq!(s.agents.len(), 800, "four agents per skill: several pages");
        assert!(s.faults.iter().all(|f| f.latency_ms == Some(50)));
        assert!(!s.faults.is_empty());
    }

    #[test]
    fn bench_digital_has_a_5000_message_case() {
        let s = parse(find("bench-digital").unwrap().yaml, "b", "b").unwrap();
        let g = s.cases[0].generate_messages.as_ref().unwrap();
        assert_eq!(g.count + s.cases[0].messages.len(), 5000);
    }
}
