//! Config files: a BOM is accepted, a device or a huge file is refused without reading it,
//! absurd numbers are clamped.

use crate::common::Home;
use crate::support::*;

#[test]
fn a_config_with_a_byte_order_mark_is_read() {
    let home = Home::with_file(
        "cxone-diag.yaml",
        "\u{feff}token_cache: false\nprofiles: {}\n",
    );
    std::fs::write(home.join("p.json"), "{\"p1\": \"Escalate\"}").unwrap();
    let r = run(&home, &["-o", "json", "validate-payload", "p.json"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(!r.stderr.contains("not valid"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_device_or_oversized_config_is_refused_without_reading_it_all() {
    let home = Home::temp();
    let r = crate::common::run({
        let mut c = home.isolated();
        c.args(["--config", "/dev/zero", "explain", "--list"]);
        c
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    let big = home.join("big.yaml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 << 20))).unwrap();
    let r = crate::common::run({
        let mut c = home.isolated();
        c.arg("--config").arg(&big).args(["explain", "--list"]);
        c
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("over the limit"), "{}", r.stderr);
}
