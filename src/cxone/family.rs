//! API families (docs/cxone-api.md §8 "family" column): which API permission a path needs.

use std::fmt;

/// The CXone API family a path belongs to; a 403 names it so the role can be fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFamily {
    /// Admin API (skills, agents on a skill, signal, contact end, points of contact).
    Admin,
    /// Real-Time Data API (skill activity, agent states, active contacts).
    RealTimeData,
    /// Reporting API (contact details, state history, custom data, completed contacts).
    Reporting,
    /// Patron API (work items, legacy chats).
    Patron,
    /// Digital Engagement API (`/dfo/3.0`).
    DigitalEngagement,
    /// The authentication endpoints (discovery, token).
    Authentication,
}

impl ApiFamily {
    /// The name used in CXone's application registration and role screens.
    pub fn name(self) -> &'static str {
        match self {
            ApiFamily::Admin => "Admin",
            ApiFamily::RealTimeData => "Real-Time Data",
            ApiFamily::Reporting => "Reporting",
            ApiFamily::Patron => "Patron",
            ApiFamily::DigitalEngagement => "Digital Engagement",
            ApiFamily::Authentication => "Authentication",
        }
    }

    /// The family of an ACD path given as segments after `/inContactAPI/services/vNN.0/`.
    pub fn of_acd(segments: &[&str]) -> ApiFamily {
        match segments {
            ["skills", "activity", ..] | ["skills", _, "activity", ..] => ApiFamily::RealTimeData,
            ["skills", "summary"] | ["skills", _, "summary"] => ApiFamily::Reporting,
            ["agents", "states"] | ["agents", _, "states"] => ApiFamily::RealTimeData,
            ["agents", "state-history"] | ["agents", _, "state-history"] => ApiFamily::Reporting,
            ["contacts", "active" | "states" | "parked", ..] => ApiFamily::RealTimeData,
            ["contacts", "chats", ..] => ApiFamily::Patron,
            ["contacts", _, "end"] => ApiFamily::Admin,
            ["contacts", ..] => ApiFamily::Reporting,
            ["interactions", "work-items" | "work-items-persistent", ..] => ApiFamily::Patron,
            _ => ApiFamily::Admin,
        }
    }
}

impl fmt::Display for ApiFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_the_families_of_the_endpoint_table() {
        let f = |p: &str| ApiFamily::of_acd(&p.split('/').collect::<Vec<_>>());
        assert_eq!(f("apiversion"), ApiFamily::Admin);
        assert_eq!(f("skills"), ApiFamily::Admin);
        assert_eq!(f("skills/42"), ApiFamily::Admin);
        assert_eq!(f("skills/42/agents"), ApiFamily::Admin);
        assert_eq!(f("skills/activity"), ApiFamily::RealTimeData);
        assert_eq!(f("skills/42/activity"), ApiFamily::RealTimeData);
        assert_eq!(f("agents/states"), ApiFamily::RealTimeData);
        assert_eq!(f("contacts/active"), ApiFamily::RealTimeData);
        assert_eq!(f("contacts/5823114"), ApiFamily::Reporting);
        assert_eq!(f("contacts/5823114/state-history"), ApiFamily::Reporting);
        assert_eq!(f("contacts/5823114/custom-data"), ApiFamily::Reporting);
        assert_eq!(f("contacts/completed"), ApiFamily::Reporting);
        assert_eq!(f("contacts/5823114/end"), ApiFamily::Admin);
        assert_eq!(f("interactions/5823114/signal"), ApiFamily::Admin);
        assert_eq!(f("interactions/work-items"), ApiFamily::Patron);
        assert_eq!(f("contacts/chats"), ApiFamily::Patron);
        assert_eq!(f("points-of-contact"), ApiFamily::Admin);
        assert_eq!(ApiFamily::RealTimeData.to_string(), "Real-Time Data");
    }
}
