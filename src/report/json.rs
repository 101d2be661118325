//! The JSON renderer: the `cxone-diag/report/v1` contract, pretty-printed.

use super::Report;

/// Render the report as the v1 JSON document (with a trailing newline).
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("a report always serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, Subject, codes::general};
    use serde_json::Value;

    #[test]
    fn json_has_the_v1_fields() {
        let mut r = Report::new("validate-payload");
        let mut s = Subject::new("payload", "a.json");
        s.push(
            Finding::new(&general::INPUT_UNREADABLE, "m")
                .at("/p2")
                .hint("h"),
        );
        s.fact("kind", "cognigy-signal");
        r.push(s);
        r.finish();
        let v: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(v["schema"], "cxone-diag/report/v1");
        assert_eq!(v["command"], "validate-payload");
        assert_eq!(v["status"], "fail");
        assert_eq!(v["summary"]["fail"], 1);
        let f = &v["subjects"][0]["findings"][0];
        assert_eq!(f["code"], "input-unreadable");
        assert_eq!(f["severity"], "fail");
        assert_eq!(f["path"], "/p2");
        assert_eq!(f["hint"], "h");
        assert_eq!(v["subjects"][0]["facts"]["kind"], "cognigy-signal");
        assert!(v["subjects"][0].get("errored").is_none());
        assert!(v["elapsed_ms"].is_u64());
    }
}
