//! The rules of each payload kind, one module per kind; [`check`] dispatches.

pub mod bot_handoff;
pub mod dfo;
pub mod guest;
pub mod signal;
pub mod tms;
pub mod transfer;
pub mod vah;
pub mod webhook;
pub mod work_item;

use super::fields::{Cx, Obj};
use super::kind::Kind;

/// Run the rules of `kind` over the payload object `root`.
pub fn check(kind: Kind, cx: &mut Cx, root: &Obj) {
    match kind {
        Kind::CognigySignal => signal::check(cx, root),
        Kind::VahBotResponse => vah::check(cx, root),
        Kind::TmsTranscript => tms::check(cx, root),
        Kind::DfoInboundMessage => dfo::check(cx, root),
        Kind::WorkItem => work_item::check(cx, root),
        Kind::TransferContext => transfer::check(cx, root),
        Kind::BotHandoff => bot_handoff::check(cx, root),
        Kind::GuestSession => guest::check(cx, root),
        Kind::CognigyWebhook => webhook::check(cx, root),
    }
}
