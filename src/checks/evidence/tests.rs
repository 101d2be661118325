//! Tests of the evidence helpers: error data and whether a contact still runs.

use super::*;
use crate::checks::timeline::contact_timeline;
use crate::cxone::models::StateChange;

#[test]
fn error_items() {
    let item = |n: &str, v: &str| CustomDataItem {
        name: Some(n.into()),
        value: Some(v.into()),
    };
    let cases = [
        ("_ERR", "Timeout", true),
        ("_ERR", "", false),
        ("_ERR", "0", false),
        ("errorDetails", "{\"status\":502}", true),
        ("ErrorDetails", "null", false),
        ("botError", "endpoint down", true),
        ("branchName", "Error", true),
        ("branchName", "ReturnControlToScript", false),
        ("routingData", "error", false),
        ("terror", "x", false),
    ];
    for (name, value, want) in cases {
        assert_eq!(
            error_item(&item(name, value)).is_some(),
            want,
            "{name}={value}"
        );
    }
    let long = "x".repeat(300);
    let text = error_item(&item("_ERR", &long)).unwrap();
    assert!(text.ends_with("…\""), "{text}");
    assert!(text.len() < 160);
}

#[test]
fn contact_activity() {
    let end = |name: &str| StateChange {
        contact_state_name: Some(name.into()),
        ..Default::default()
    };
    let running = contact_timeline("1", &[end("PreQueue"), end("Inqueue")]);
    let done = contact_timeline("1", &[end("PreQueue"), end("EndContact")]);
    fn refs(t: &[TimelineEntry]) -> Vec<&TimelineEntry> {
        t.iter().collect()
    }
    let bare = Contact::default();
    let cases = [
        (
            Contact {
                contact_end: Some("x".into()),
                ..Default::default()
            },
            refs(&running),
            Some(false),
        ),
        (
            Contact {
                state_name: Some("Active".into()),
                ..Default::default()
            },
            vec![],
            Some(true),
        ),
        (
            Contact {
                state_name: Some("EndContact".into()),
                ..Default::default()
            },
            vec![],
            Some(false),
        ),
        (bare.clone(), refs(&running), Some(true)),
        (bare.clone(), refs(&done), Some(false)),
        (
            Contact {
                abandoned: Some(false),
                ..Default::default()
            },
            vec![],
            Some(false),
        ),
        (bare, vec![], None),
    ];
    for (i, (contact, entries, want)) in cases.into_iter().enumerate() {
        assert_eq!(contact_active(&contact, &entries), want, "case {i}");
    }
}
