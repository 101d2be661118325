//! `Via`: the handover mechanism a payload goes by (the Signal API, a Patron work item, a
//! Digital inbound message), as `simulate-handoff --via` and smoke suites name it.

/// How a rehearsal hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Via {
    /// Signal API Escalate to a running contact (Cognigy's Exit Interaction)
    Signal,
    /// A Patron API work item on a point of contact
    WorkItem,
    /// An inbound message on a digital (BYOC) channel
    Digital,
}

impl Via {
    /// The name as typed after `--via`.
    pub fn name(self) -> &'static str {
        match self {
            Via::Signal => "signal",
            Via::WorkItem => "work-item",
            Via::Digital => "digital",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn names_are_what_the_flag_takes() {
        for via in Via::value_variants() {
            let value = via.to_possible_value().unwrap();
            assert_eq!(value.get_name(), via.name());
        }
    }
}
