//! `man` prints one page that documents every command and refers to no page that does not
//! exist (no `cxone-diag-queue-health(1)`).

use crate::support::*;

#[test]
fn the_man_page_is_self_contained() {
    let home = Home::new();
    let run = home.run(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    assert!(page.contains(".TH cxone-diag 1"), "{page}");
    assert!(!page.contains("(1)"), "refers to another page: {page}");
    assert!(!page.contains("cxone\\-diag\\-"), "{page}");
    for command in [
        "validate-payload",
        "queue-health",
        "trace-conversation",
        "simulate-handoff",
        "auth check",
        "sandbox serve",
        "sandbox list",
        "smoke",
        "explain",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!(".SS \"cxone-diag {command}\"")),
            "{command} missing"
        );
    }
    // each command's own options are there
    assert!(page.contains("\\-\\-save\\-bundle"), "{page}");
    assert!(page.contains("\\-\\-audit\\-log"), "{page}");
}
