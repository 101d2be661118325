//! The payload kinds validate-payload knows, with their names and what each one is.

use std::fmt;

/// A kind of handover payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Body Cognigy's Exit Interaction node sends to `POST /interactions/{contactId}/signal`.
    CognigySignal,
    /// What a bot returns to Studio through Virtual Agent Hub (Cognigy form or generic exchange).
    VahBotResponse,
    /// Cognigy's transcript post to the Transcript Management System.
    TmsTranscript,
    /// A Digital (BYOC) inbound message for `/dfo/3.0/channels/{channelId}/messages`.
    DfoInboundMessage,
    /// A Patron API work-item request.
    WorkItem,
    /// The Cognigy-to-Studio middleware contract rooted at `transferContext`.
    TransferContext,
    /// A bot-to-queue handoff request.
    BotHandoff,
    /// A web-messaging guest for a voice-to-digital channel switch, or its IVR request.
    GuestSession,
    /// A Cognigy webhook asking a routing service to hand over.
    CognigyWebhook,
}

impl Kind {
    /// Every kind, in a stable order.
    pub fn all() -> &'static [Kind] {
        &[
            Kind::CognigySignal,
            Kind::VahBotResponse,
            Kind::TmsTranscript,
            Kind::DfoInboundMessage,
            Kind::WorkItem,
            Kind::TransferContext,
            Kind::BotHandoff,
            Kind::GuestSession,
            Kind::CognigyWebhook,
        ]
    }

    /// The kebab-case name used by `--kind`, in reports and in README.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CognigySignal => "cognigy-signal",
            Kind::VahBotResponse => "vah-bot-response",
            Kind::TmsTranscript => "tms-transcript",
            Kind::DfoInboundMessage => "dfo-inbound-message",
            Kind::WorkItem => "work-item",
            Kind::TransferContext => "transfer-context",
            Kind::BotHandoff => "bot-handoff",
            Kind::GuestSession => "guest-session",
            Kind::CognigyWebhook => "cognigy-webhook",
        }
    }

    /// The kind called `name` (exact, kebab-case), if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::all().iter().copied().find(|k| k.name() == name)
    }

    /// Up to three kind names close to a mistyped `name`, best first (see [`crate::suggest`]).
    pub fn suggest(name: &str) -> Vec<&'static str> {
        crate::suggest::closest(name, Kind::all().iter().map(|k| k.name()))
    }

    /// One line saying what the kind is.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::CognigySignal => "Signal API body from Cognigy's Exit Interaction node",
            Kind::VahBotResponse => "bot response to Studio through Virtual Agent Hub",
            Kind::TmsTranscript => "Cognigy transcript post to TMS",
            Kind::DfoInboundMessage => "Digital (BYOC) inbound message",
            Kind::WorkItem => "Patron work-item request",
            Kind::TransferContext => "Cognigy-to-Studio middleware transferContext",
            Kind::BotHandoff => "bot-to-queue handoff request",
            Kind::GuestSession => "web-messaging guest for a voice-to-digital switch",
            Kind::CognigyWebhook => "Cognigy webhook asking a routing service to hand over",
        }
    }
}

/// `--kind` completes to every kind, each with its line (the parser with the did-you-mean
/// message is the command line's `--kind` parser).
impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Kind] {
        Kind::all()
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.describe()))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Kind::all().len(), 9);
        for kind in Kind::all() {
            assert_eq!(Kind::from_name(kind.name()), Some(*kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        assert_eq!(Kind::from_name("Cognigy-Signal"), None);
    }

    #[test]
    fn suggestions_find_near_misses() {
        assert_eq!(
            Kind::suggest("cognigy_signal").first(),
            Some(&"cognigy-signal")
        );
        assert_eq!(Kind::suggest("handoff").first(), Some(&"bot-handoff"));
        assert!(Kind::suggest("zzzzzz").is_empty());
    }
}
