//! The layering rule, checked on the source: cli → commands → (checks, payload, cxone,
//! sandbox) → report/config → error and leaf utilities. Every `crate::…` and `super::…` path
//! in `src/**/*.rs` (comments and string literals aside) is mapped to the layer it points at;
//! a path to a higher layer, or a sideways path the middle layer does not allow, is a hole,
//! and the test lists each one as `file:line`.

use std::fmt;
use std::path::{Path, PathBuf};

/// The layers, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// `error` and leaf utilities (`suggest`, `interrupt`, and any top-level module not
    /// named below): they may use only each other.
    Bottom,
    /// `report` and `config`, which may use each other.
    ReportConfig,
    /// `checks`, `payload`, `cxone`, `sandbox`; sideways only as [`sideways_allowed`] says.
    Middle,
    /// `commands/**`, `context`.
    Commands,
    /// `cli` (with `cli/scope.rs`, the flag matrix), `app`, `main`.
    Cli,
}

/// The layer of a top-level module (the first segment of a module path).
fn layer(area: &str) -> Layer {
    match area {
        "cli" | "app" | "main" => Layer::Cli,
        "commands" | "context" => Layer::Commands,
        "checks" | "payload" | "cxone" | "sandbox" => Layer::Middle,
        "report" | "config" => Layer::ReportConfig,
        _ => Layer::Bottom,
    }
}

/// Sideways paths inside the middle layer: checks and sandbox may use the cxone models;
/// nothing else crosses (cxone uses no sandbox, checks or payload; payload uses no checks).
fn sideways_allowed(from: &str, target: &[String]) -> bool {
    matches!(from, "checks" | "sandbox") && target.len() >= 2 && target[..2] == ["cxone", "models"]
}

/// One path that points where its layer may not.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hole {
    file: String,
    line: usize,
    target: Vec<String>,
    why: String,
}

impl fmt::Display for Hole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: crate::{} ({})",
            self.file,
            self.line,
            self.target.join("::"),
            self.why
        )
    }
}

/// The source with comments, string and char literals blanked (newlines kept, so byte
/// offsets and line numbers stay those of the file).
fn code_only(src: &str) -> Vec<u8> {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0
                    || !is_ident(b[i - 1])
                    || (b[i - 1] == b'b' && (i < 2 || !is_ident(b[i - 2])))) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let start = i + 2 + hashes;
                let end = b[start..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |p| start + p + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'\'' => {
                // a char literal ('x', '\n', '\u{1F600}'), not a lifetime ('a)
                let len = if b.get(i + 1) == Some(&b'\\') {
                    b.get(i + 3..)
                        .and_then(|rest| rest.iter().position(|&c| c == b'\''))
                        .map(|p| p + 4)
                } else {
                    let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch) == Some(&b'\'')).then_some(ch + 2)
                };
                match len {
                    Some(len) => {
                        blank(&mut out, i, i + len);
                        i += len;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A cursor over blanked source.
struct Cursor<'a> {
    code: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn skip_space(&mut self) {
        while self.at < self.code.len() && self.code[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_space();
        if self.code[self.at..].starts_with(s.as_bytes()) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.at;
        while self.at < self.code.len() && is_ident(self.code[self.at]) {
            self.at += 1;
        }
        (self.at > start).then(|| String::from_utf8_lossy(&self.code[start..self.at]).into())
    }

    /// The paths of a `use` tree or a path expression after `crate::`: `a::b`, `a::{b, c::d}`,
    /// `{a, b::c}`; each with the byte offset where it starts.
    fn tree(&mut self, prefix: &[String], out: &mut Vec<(usize, Vec<String>)>) {
        if self.eat("{") {
            loop {
                self.skip_space();
                if self.eat("}") || self.at >= self.code.len() {
                    return;
                }
                let before = self.at;
                self.tree(prefix, out);
                self.skip_space();
                if !self.eat(",") {
                    self.eat("}");
                    return;
                }
                if self.at == before {
                    return;
                }
            }
        }
        self.skip_space();
        let start = self.at;
        let mut path = prefix.to_vec();
        while let Some(seg) = self.ident() {
            path.push(seg);
            let save = self.at;
            if !self.eat("::") {
                break;
            }
            self.skip_space();
            if self.code.get(self.at) == Some(&b'{') {
                return self.tree(&path, out);
            }
            if self.code.get(self.at) == Some(&b'*') {
                self.at += 1;
                break;
            }
            if !self
                .code
                .get(self.at)
                .is_some_and(|&c| is_ident(c) || c == b'{')
            {
                self.at = save;
                break;
            }
        }
        if path.len() > prefix.len() || !prefix.is_empty() {
            out.push((start, path));
        }
    }
}

/// The module path of a file under `src/` (`commands/session.rs` → `commands::session`).
fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = segs.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && !(segs.is_empty() && stem == "lib") {
        segs.push(stem.to_string());
    }
    segs
}

/// Macros exported at the crate root (`crate::codes!`), by the module that defines them.
fn exported_macros(files: &[(String, Vec<String>, String)]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (_, module, src) in files {
        let code = code_only(src);
        let text = String::from_utf8_lossy(&code);
        let mut rest = text.as_ref();
        while let Some(p) = rest.find("#[macro_export]") {
            rest = &rest[p..];
            if let Some(m) = rest.find("macro_rules!") {
                let name: String = rest[m + "macro_rules!".len()..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((name, module.clone()));
            }
            rest = &rest["#[macro_export]".len()..];
        }
    }
    out
}

/// Every path of one file that leaves its module (`crate::…`, and `super::…` resolved against
/// the file's module and the inline modules around it), with its line.
fn references(src: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let code = code_only(src);
    let line_of = |at: usize| code[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    let mut out = Vec::new();
    // inline modules (`mod tests {`) open at a brace depth
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        let word_start = i == 0 || !is_ident(code[i - 1]) && code[i - 1] != b'$';
        if c == b'{' {
            depth += 1;
            i += 1;
            continue;
        }
        if c == b'}' {
            if inline.last().is_some_and(|(_, d)| *d == depth) {
                inline.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        if word_start && code[i..].starts_with(b"mod ") {
            let mut cur = Cursor {
                code: &code,
                at: i + 4,
            };
            if let Some(name) = cur.ident()
                && cur.eat("{")
            {
                depth += 1;
                inline.push((name, depth));
                i = cur.at;
                continue;
            }
        }
        if word_start && code[i..].starts_with(b"crate::") {
            let mut cur = Cursor {
                code: &code,
                at: i + 7,
            };
            let mut paths = Vec::new();
            cur.tree(&[], &mut paths);
            out.extend(paths.into_iter().map(|(at, p)| (line_of(at), p)));
            i = cur.at.max(i + 7);
            continue;
        }
        if word_start && code[i..].starts_with(b"super::") {
            let mut here: Vec<String> = module.to_vec();
            here.extend(inline.iter().map(|(n, _)| n.clone()));
            let mut cur = Cursor { code: &code, at: i };
            let mut ups = 0;
            while cur.eat("super::") {
                ups += 1;
            }
            if ups <= here.len() {
                here.truncate(here.len() - ups);
                let mut paths = Vec::new();
                cur.tree(&here, &mut paths);
                out.extend(paths.into_iter().map(|(_, p)| (line_of(i), p)));
            }
            i = cur.at.max(i + 7);
            continue;
        }
        i += 1;
    }
    out
}

/// The holes of one file (path relative to the crate, e.g. `src/report/codes.rs`).
fn holes_in(
    file: &str,
    module: &[String],
    src: &str,
    macros: &[(String, Vec<String>)],
) -> Vec<Hole> {
    // the crate root only declares the modules
    let Some(area) = module.first().map(String::as_str) else {
        return Vec::new();
    };
    let from = layer(area);
    let mut holes = Vec::new();
    for (line, target) in references(src, module) {
        let Some(first) = target.first() else {
            continue;
        };
        // a root macro belongs to the module that defines it
        let resolved = macros
            .iter()
            .find(|(name, _)| name == first && target.len() == 1)
            .map_or_else(|| target.clone(), |(_, m)| m.clone());
        let Some(to_area) = resolved.first() else {
            continue;
        };
        let to = layer(to_area);
        let why = if to > from {
            format!("{area} ({from:?}) points up to {to_area} ({to:?})")
        } else if to == from && from == Layer::Middle && to_area != area {
            if sideways_allowed(area, &resolved) {
                continue;
            }
            format!("{area} points sideways to {to_area} inside the middle layer")
        } else {
            continue;
        };
        holes.push(Hole {
            file: file.to_string(),
            line,
            target: resolved,
            why,
        });
    }
    holes
}

fn sources() -> Vec<(String, Vec<String>, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("under src");
        let name = format!(
            "src/{}",
            rel.iter()
                .map(|s| s.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        let text = std::fs::read_to_string(path).expect("read source");
        files.push((name, module_of(rel), text));
    }
    files
}

#[test]
fn no_module_imports_a_higher_layer() {
    let files = sources();
    assert!(
        files.len() > 100,
        "src/ was not read: {} files",
        files.len()
    );
    let macros = exported_macros(&files);
    let holes: Vec<String> = files
        .iter()
        .flat_map(|(file, module, src)| holes_in(file, module, src, &macros))
        .map(|h| h.to_string())
        .collect();
    assert!(
        holes.is_empty(),
        "{} layering hole(s):\n{}",
        holes.len(),
        holes.join("\n")
    );
}

/// The scanner on made-up files, so a bug in it cannot make the real check pass.
mod scanner {
    use super::*;

    fn holes(file: &str, src: &str) -> Vec<String> {
        let rel = Path::new(file.trim_start_matches("src/"));
        let macros = vec![("codes".to_string(), vec!["report".into(), "codes".into()])];
        holes_in(file, &module_of(rel), src, &macros)
            .iter()
            .map(|h| format!("{}:{}", h.line, h.target.join("::")))
            .collect()
    }

    #[test]
    fn upward_paths_are_holes_with_their_lines() {
        let src = "//! doc\nuse crate::context::Ctx;\nuse crate::error::Error;\nfn f() { crate::app::run(); }\n";
        assert_eq!(
            holes("src/report/stream.rs", src),
            ["2:context::Ctx", "4:app::run"]
        );
    }

    #[test]
    fn grouped_and_multi_line_use_trees_are_read() {
        let src =
            "use crate::{\n    config::Profile,\n    commands::{session, smoke::Suite},\n};\n";
        assert_eq!(
            holes("src/cxone/client.rs", src),
            ["3:commands::session", "3:commands::smoke::Suite"]
        );
    }

    #[test]
    fn comments_strings_and_macro_crate_paths_are_not_paths() {
        let src = "/// see [`crate::app::main`]\n/* crate::cli */ fn f() { let s = \"crate::cli::Cli\"; let r = r#\"crate::app\"#; let c = '\"'; }\nmacro_rules! m { () => { $crate::commands::x() } }\n";
        assert!(holes("src/report/x.rs", src).is_empty());
    }

    #[test]
    fn super_chains_that_leave_the_layer_are_holes() {
        // src/report/views/x.rs: super::super::super is the crate root
        let src = "use super::super::super::commands::codes;\nuse super::human::Style;\n";
        assert_eq!(holes("src/report/views/x.rs", src), ["1:commands::codes"]);
        // an inline test module adds one level
        let src = "mod tests {\n    use super::super::super::super::checks::time;\n    use super::super::super::codes;\n}\n";
        assert_eq!(holes("src/payload/kinds/x.rs", src), ["2:checks::time"]);
    }

    #[test]
    fn the_middle_layer_crosses_only_to_cxone_models() {
        assert!(holes("src/checks/queue.rs", "use crate::cxone::models::Skill;\n").is_empty());
        assert!(holes("src/sandbox/x.rs", "use crate::cxone::models::Skill;\n").is_empty());
        assert_eq!(
            holes("src/checks/queue.rs", "use crate::cxone::Client;\n"),
            ["1:cxone::Client"]
        );
        assert_eq!(
            holes("src/cxone/x.rs", "use crate::sandbox::Sandbox;\n"),
            ["1:sandbox::Sandbox"]
        );
        assert_eq!(
            holes("src/payload/x.rs", "use crate::checks::eligibility;\n"),
            ["1:checks::eligibility"]
        );
    }

    #[test]
    fn root_macros_belong_to_their_module() {
        assert!(holes("src/checks/codes.rs", "crate::codes! { }\n").is_empty());
        assert_eq!(
            holes("src/error.rs", "crate::codes! { }\n"),
            ["1:report::codes"]
        );
    }

    #[test]
    fn nothing_is_allowed_to_point_up() {
        assert_eq!(
            holes("src/report/views/agents.rs", "use crate::checks::time;\n"),
            ["1:checks::time"]
        );
        assert_eq!(
            holes("src/commands/meta.rs", "use crate::cli::Cli;\n"),
            ["1:cli::Cli"]
        );
        assert_eq!(
            holes("src/report/human.rs", "use crate::commands::codes;\n"),
            ["1:commands::codes"]
        );
        assert_eq!(
            holes("src/commands/meta.rs", "use crate::app::finish;\n"),
            ["1:app::finish"]
        );
    }
}
