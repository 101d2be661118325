//! A rehearsal gives the same verdicts whether the tenant serves its lists one row a page or
//! all at once: `demo` with `paging: {default_top: N, max_top: N}` and `http.page_size: N`.

use serde_json::Value;

use crate::support::*;

/// `demo.yaml` served `n` rows a page.
fn demo_paged(home: &Home, n: usize) -> String {
    let demo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios/demo.yaml"),
    )
    .unwrap();
    // Routing after 100 ms instead of a second keeps the six runs quick; paging is what differs.
    let paged = demo
        .replace("  delay_ms: 1000\n", "  delay_ms: 100\n")
        .replace("  default_top: 5\n", &format!("  default_top: {n}\n"))
        .replace("  max_top: 5\n", &format!("  max_top: {n}\n"));
    assert_ne!(
        paged, demo,
        "demo.yaml sets paging: {{default_top: 5, max_top: 5}}"
    );
    let name = format!("demo-{n}.yaml");
    home.write(&name, &paged);
    home.join(&name).display().to_string()
}

/// What a rehearsal decided: the run's status, and each step's status and finding codes.
fn verdicts(report: &Value) -> Value {
    let steps: Vec<Value> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let codes: Vec<&Value> = s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["code"])
                .collect();
            serde_json::json!([s["kind"], s["id"], s["status"], codes])
        })
        .collect();
    serde_json::json!([report["status"], steps])
}

#[test]
fn every_handover_judges_alike_at_one_row_a_page_and_at_one_page() {
    for via in ["signal", "work-item", "digital"] {
        let mut seen = Vec::new();
        for n in [1, 1000] {
            let home = Home::new();
            home.config(&format!("token_cache: false\nhttp: {{page_size: {n}}}\n"));
            let scenario = demo_paged(&home, n);
            let out = home
                .cmd()
                .args([
                    "--sandbox",
                    &scenario,
                    "-o",
                    "json",
                    "simulate-handoff",
                    "--via",
                    via,
                ])
                .output()
                .unwrap();
            assert_eq!(code(&out), 0, "{via} at {n}: {}", stderr(&out));
            seen.push(verdicts(&report(&out)));
        }
        assert_eq!(seen[0], seen[1], "{via}: one row a page against one page");
    }
}
