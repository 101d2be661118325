//! The placeholder scan: every string value of a payload (and of the JSON text embedded in
//! string fields such as `p2`) is matched against `rules.payload.placeholders`.

use serde_json::Value;

use super::codes;
use super::fields::Cx;
use super::pointer;

/// One step of the path to the value being looked at (pointers are built only on a match).
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => out = pointer::key(&out, k),
            Step::Index(i) => out = pointer::index(&out, *i),
        }
    }
    out
}

/// Report every placeholder in `value`.
pub fn placeholders(cx: &mut Cx, value: &Value) {
    let mut steps = Vec::new();
    walk(cx, value, &mut steps, None);
}

/// Report placeholders inside `embedded` (JSON parsed out of the string field at `field_path`).
pub fn embedded_placeholders(cx: &mut Cx, embedded: &Value, field_path: &str) {
    let mut steps = Vec::new();
    walk(cx, embedded, &mut steps, Some(field_path));
}

fn walk<'v>(cx: &mut Cx, value: &'v Value, steps: &mut Vec<Step<'v>>, embedded_in: Option<&str>) {
    match value {
        Value::String(s) => {
            if let Some(pattern) = cx.placeholders.matching(s) {
                let pattern = pattern.to_string();
                let inner = pointer_of(steps);
                let (path, message) = match embedded_in {
                    None => (
                        inner,
                        format!("{s:?} is a placeholder (matches {pattern:?})"),
                    ),
                    Some(field) => (
                        field.to_string(),
                        format!(
                            "the JSON text holds the placeholder {s:?} at {} (matches {pattern:?})",
                            pointer::display(&inner)
                        ),
                    ),
                };
                cx.report(
                    &codes::PAYLOAD_PLACEHOLDER,
                    &path,
                    message,
                    "Replace it with the real value before shipping; CXone would use it literally."
                        .into(),
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                walk(cx, item, steps, embedded_in);
                steps.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                steps.push(Step::Key(k));
                walk(cx, item, steps, embedded_in);
                steps.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
