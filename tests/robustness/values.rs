//! Arbitrary JSON values through detection and validation, auto-detected and as every kind:
//! no panic, and every finding is registered, at its registry severity, with a message, a hint
//! and a JSON pointer path; the verdict is deterministic and agrees with detection.

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;

use cxone_diag::config::Rules;
use cxone_diag::payload::{self, Checker, Inputs, Kind};

use crate::strategies as st;
use crate::support::check_finding;

/// What the command line can give instead of the payload: ids, confidences (NaN, infinite
/// and out of range included) and intents.
fn inputs() -> impl Strategy<Value = Inputs> {
    (
        prop::option::of(prop_oneof![
            Just("5823114".to_string()),
            Just("100000000000".to_string()),
            st::string(),
        ]),
        prop::option::of(prop_oneof![
            (0.0f64..=1.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.5),
            Just(1.5),
        ]),
        prop::option::of(st::string()),
    )
        .prop_map(|(contact_id, confidence, intent)| Inputs {
            contact_id,
            confidence,
            intent,
        })
}

fn check(value: &Value, inputs: &Inputs, rules: &Rules) -> Result<(), TestCaseError> {
    let detected = payload::detect(value);
    let checker = Checker::new(rules, inputs.clone());
    let forced = Kind::all().iter().copied().map(Some);
    for kind in std::iter::once(None).chain(forced) {
        let got = payload::validate_value(value, kind, inputs, rules);
        for f in &got.findings {
            check_finding(f)
                .map_err(|e| TestCaseError::fail(format!("{e}\nkind {kind:?}, payload {value}")))?;
        }
        prop_assert_eq!(
            &checker.validate(value, kind),
            &got,
            "a prepared checker gives the same verdict"
        );
        prop_assert_eq!(
            &payload::validate_value(value, kind, inputs, rules),
            &got,
            "validation is deterministic"
        );
        match (value, kind) {
            (Value::Object(_), Some(kind)) => prop_assert_eq!(got.kind, Some(kind)),
            (Value::Object(_), None) => prop_assert_eq!(got.kind, detected.kind),
            _ => {
                prop_assert_eq!(got.kind, None);
                prop_assert!(
                    got.findings
                        .iter()
                        .any(|f| f.code == "payload-not-object" && f.path.as_deref() == Some("")),
                    "a non-object is named at the root: {:?}",
                    got.findings
                );
            }
        }
        if value.is_object() && kind.is_none() && detected.kind.is_none() {
            prop_assert!(
                got.findings
                    .iter()
                    .any(|f| f.code == "payload-kind-unknown"),
                "an undetected object says so: {:?}",
                got.findings
            );
        }
    }
    Ok(())
}

#[test]
fn arbitrary_values_validate_as_every_kind_without_panicking() {
    let rules = Rules::default();
    let mut runner = TestRunner::new(st::config(512));
    runner
        .run(&(st::payload(), inputs()), |(value, inputs)| {
            check(&value, &inputs, &rules)
        })
        .unwrap();
}

#[test]
fn the_shipped_examples_pass_the_same_checks() {
    let rules = Rules::default();
    for value in st::examples() {
        check(&value, &Inputs::default(), &rules).unwrap();
    }
}
