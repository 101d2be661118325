//! `config show`: the resolved profile, HTTP settings and token cache, each value with where it
//! came from (default, file:line, environment variable, flag); credentials only as set or not.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::config::profile::{self, Origin, ProfileFlags, env};
use crate::config::{AuthSettings, Source, files, positions};
use crate::context::Ctx;
use crate::error::{exit, usage};
use crate::report::Format;
use crate::report::output::print_stdout;

/// One shown setting.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// Dotted key as in the config file (`issuer`, `auth.grant`, `http.timeout_s`).
    key: String,
    /// The value as YAML would write it; `None` when unset.
    value: Option<String>,
    /// Where it came from.
    from: From,
}

/// Where a shown value came from, resolved against the file's lines.
#[derive(Debug, Clone, PartialEq)]
enum From {
    Default,
    File { path: String, line: usize },
    Env(String),
    Flag(String),
}

impl From {
    fn text(&self) -> String {
        match self {
            From::Default => "default".into(),
            From::File { path, line } => format!("{path}:{line}"),
            From::Env(var) => format!("env {var}"),
            From::Flag(flag) => format!("flag {flag}"),
        }
    }

    fn json(&self) -> Value {
        match self {
            From::Default => json!({"source": "default"}),
            From::File { path, line } => json!({"source": "file", "file": path, "line": line}),
            From::Env(var) => json!({"source": "env", "var": var}),
            From::Flag(flag) => json!({"source": "flag", "flag": flag}),
        }
    }
}

/// The config file and the line of each of its keys.
struct Lines {
    path: Option<String>,
    lines: HashMap<String, usize>,
}

impl Lines {
    fn read(source: &Source) -> anyhow::Result<Lines> {
        let Source::File(path) = source else {
            return Ok(Lines {
                path: None,
                lines: HashMap::new(),
            });
        };
        let text = files::read_text(path, files::MAX_CONFIG_BYTES)
            .map_err(|e| usage(format!("cannot read config file {}: {e}", path.display())))?;
        Ok(Lines {
            path: Some(path.display().to_string()),
            lines: positions::key_lines(&text),
        })
    }

    /// Where the key at `path` came from: its line in the file, else the default.
    fn config(&self, key: &str) -> From {
        match (&self.path, self.lines.get(key)) {
            (Some(path), Some(line)) => From::File {
                path: path.clone(),
                line: *line,
            },
            _ => From::Default,
        }
    }

    fn origin(&self, origin: &Origin) -> From {
        match origin {
            Origin::Default => From::Default,
            Origin::Config(key) => self.config(key),
            Origin::Env(var) => From::Env((*var).to_string()),
            Origin::Flag(flag) => From::Flag((*flag).to_string()),
        }
    }
}

/// A scalar YAML value as one line (`true`, `v30.0`, `client_secret_basic`).
fn scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::Null => None,
        serde_yaml::Value::String(s) => Some(s.clone()),
        other => serde_yaml::to_string(other)
            .ok()
            .map(|s| s.trim_end().to_string()),
    }
}

/// Every key of a serialised settings struct, under `prefix`, with its origin in the file at
/// `file_prefix`.
fn section(
    lines: &Lines,
    value: &impl serde::Serialize,
    prefix: &str,
    file_prefix: &str,
) -> Vec<Entry> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::to_value(value) else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            let k = k.as_str()?;
            Some(Entry {
                key: format!("{prefix}{k}"),
                value: scalar(v),
                from: lines.config(&format!("{file_prefix}{k}")),
            })
        })
        .collect()
}

/// One credential slot: whether its variable is set (the value is never shown).
fn credential(env_map: &HashMap<String, String>, what: &str, var: &str, file: bool) -> Value {
    let set = env_map.get(var).is_some_and(|v| !v.is_empty());
    json!({
        "key": what,
        "var": var,
        "set": set,
        "secret_file_fallback": !set && file,
    })
}

/// Tell the sink this run's secrets (from the environment and the secret file), as a command
/// that logs in does: no value is shown, and a field that happens to hold the same text as a
/// secret (an issuer equal to it, a copied value) is masked too.
fn register_secrets(auth: &AuthSettings, env_map: &HashMap<String, String>, profile: &str) {
    use crate::report::sink;
    match crate::cxone::secret::load(auth, env_map, profile) {
        Ok(credentials) => {
            for value in credentials.secret_values() {
                sink::register(&value);
            }
            sink::register_id(credentials.access_key_id.expose());
        }
        // credentials missing or a broken secret file: what the environment holds still counts
        Err(_) => {
            for var in [&auth.client_secret_env, &auth.access_key_secret_env] {
                if let Some(value) = env_map.get(var).filter(|v| !v.is_empty()) {
                    sink::register(value);
                }
            }
            if let Some(id) = env_map.get(&auth.access_key_id_env) {
                sink::register_id(id);
            }
        }
    }
}

/// `config show`: print the profile `--profile` (or the environment, or the file) selects.
pub fn run(ctx: &Ctx, profile_flag: Option<&str>) -> anyhow::Result<i32> {
    let format = super::text_or_json(ctx, "config show")?;
    let (resolved, origins) = profile::resolve_traced(
        &ctx.config,
        &ctx.env,
        ProfileFlags {
            profile: profile_flag,
        },
    )?;
    register_secrets(&resolved.auth, &ctx.env, &resolved.name);
    let lines = Lines::read(&ctx.config_source)?;
    let name = &resolved.name;
    let at = |field: &str| format!("profiles.{name}.{field}");
    let mut entries: Vec<Entry> = [
        ("issuer", Some(resolved.issuer.clone()), &origins.issuer),
        ("token_url", resolved.token_url.clone(), &origins.token_url),
        ("api_base", resolved.api_base.clone(), &origins.api_base),
        ("dfo_base", resolved.dfo_base.clone(), &origins.dfo_base),
        (
            "api_version",
            Some(resolved.api_version.clone()),
            &origins.api_version,
        ),
    ]
    .into_iter()
    .map(|(key, value, origin)| Entry {
        key: key.into(),
        value,
        from: lines.origin(origin),
    })
    .collect();
    entries.extend(section(&lines, &resolved.auth, "auth.", &at("auth.")));
    for (key, value) in [
        ("allow_writes", resolved.allow_writes),
        ("production", resolved.production),
    ] {
        entries.push(Entry {
            key: key.into(),
            value: Some(value.to_string()),
            from: lines.config(&at(key)),
        });
    }
    let mut settings = section(&lines, &ctx.config.http, "http.", "http.");
    settings.push(Entry {
        key: "token_cache".into(),
        value: Some(ctx.token_cache.to_string()),
        from: if ctx.no_token_cache_flag {
            From::Flag("--no-token-cache".into())
        } else {
            lines.config("token_cache")
        },
    });
    let auth = &resolved.auth;
    let file = auth.secret_file.is_some();
    let credentials = vec![
        credential(&ctx.env, "client_id", &auth.client_id_env, file),
        credential(&ctx.env, "client_secret", &auth.client_secret_env, file),
        credential(&ctx.env, "access_key_id", &auth.access_key_id_env, file),
        credential(
            &ctx.env,
            "access_key_secret",
            &auth.access_key_secret_env,
            file,
        ),
    ];
    let name_from = lines.origin(&origins.name);
    let text = if format == Format::Json {
        let values = |list: &[Entry]| -> Vec<Value> {
            list.iter()
                .map(|e| {
                    let mut v = e.from.json();
                    v["key"] = json!(e.key);
                    v["value"] = json!(e.value);
                    v
                })
                .collect()
        };
        let mut profile_from = name_from.json();
        profile_from["name"] = json!(name);
        let doc = json!({
            "config_file": lines.path,
            "profile": profile_from,
            "values": values(&entries),
            "settings": values(&settings),
            "credentials": credentials,
        });
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        text
    } else {
        let width = if ctx.style.wide {
            usize::MAX
        } else {
            ctx.style.width
        };
        human(
            &lines,
            name,
            &name_from,
            &entries,
            &settings,
            &credentials,
            width,
        )
    };
    print_stdout(&text);
    Ok(exit::OK)
}

/// Display width of `text` in terminal columns.
fn cols(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(cols(text))))
}

/// `text` wrapped to `width` after `first` (the start of its first line); later lines start
/// with `indent` spaces. Words are never split: a single long token (a path) may overflow.
pub(crate) fn wrapped(first: &str, text: &str, indent: usize, width: usize) -> String {
    let later = " ".repeat(indent);
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(&later)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let mut out = textwrap::fill(text, options);
    out.push('\n');
    out
}

/// One `key  value  note` row of a table whose columns are `key_width` and `value_width`
/// wide, fitted to `width`: one line when it fits; else the note (`alone`, which says what it
/// is) on its own line under the value; and when even `key  value` is too wide, the value on
/// a line of its own too.
pub(crate) fn row(
    (key, value, note, alone): (&str, &str, &str, &str),
    (key_width, value_width): (usize, usize),
    width: usize,
) -> String {
    let one = format!(
        "  {}  {}  {note}",
        pad(key, key_width),
        pad(value, value_width)
    );
    if cols(&one) <= width {
        return format!("{}\n", one.trim_end());
    }
    let column = 2 + key_width + 2;
    let head = format!("  {}  {value}", pad(key, key_width));
    let (mut out, indent) = if cols(&head) <= width {
        (format!("{}\n", head.trim_end()), column)
    } else {
        (format!("  {key}\n    {value}\n"), 4)
    };
    // a note that does not fit under the value column starts further left
    let indent = if indent + cols(alone).min(24) > width {
        4
    } else {
        indent
    };
    out.push_str(&wrapped(&" ".repeat(indent), alone, indent, width));
    out
}

/// The value column's width: as wide as the widest value of a row that fits on one line at
/// `width` (at most 48), so one overlong value does not push every row past the width.
pub(crate) fn value_width<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str)>,
    key_width: usize,
    width: usize,
) -> usize {
    rows.filter(|(value, note)| 2 + key_width + 2 + cols(value) + 2 + cols(note) <= width)
        .map(|(value, _)| cols(value))
        .max()
        .unwrap_or(0)
        .min(48)
}

fn human(
    lines: &Lines,
    name: &str,
    name_from: &From,
    entries: &[Entry],
    settings: &[Entry],
    credentials: &[Value],
    width: usize,
) -> String {
    let file = lines
        .path
        .as_deref()
        .map_or("none (built-in defaults)".to_string(), |p| {
            Path::new(p).display().to_string()
        });
    let mut out = wrapped("config file: ", &file, 2, width);
    let from = match name_from {
        From::Default => "built in: the config file defines no profile".to_string(),
        other => other.text(),
    };
    out.push_str(&wrapped("", &format!("profile {name} ({from})"), 2, width));
    let key_width = entries
        .iter()
        .chain(settings)
        .map(|e| cols(&e.key))
        .max()
        .unwrap_or(0);
    let texts: Vec<(String, String, String)> = entries
        .iter()
        .chain(settings)
        .map(|e| {
            let alone = match &e.from {
                From::Default => "(default)".to_string(),
                other => format!("(from {})", other.text()),
            };
            (
                e.value.clone().unwrap_or_else(|| "unset".into()),
                e.from.text(),
                alone,
            )
        })
        .collect();
    let value_width = value_width(
        texts.iter().map(|(v, n, _)| (v.as_str(), n.as_str())),
        key_width,
        width,
    );
    let rows: Vec<String> = entries
        .iter()
        .chain(settings)
        .zip(&texts)
        .map(|(e, (value, note, alone))| {
            row(
                (&e.key, value, note, alone),
                (key_width, value_width),
                width,
            )
        })
        .collect();
    let (entry_rows, setting_rows) = rows.split_at(entries.len());
    out.extend(entry_rows.iter().map(String::as_str));
    out.push_str("credentials (values are never shown)\n");
    let indent = if 2 + key_width + 2 + 24 > width {
        4
    } else {
        2 + key_width + 2
    };
    for c in credentials {
        let key = c["key"].as_str().unwrap_or_default();
        let var = c["var"].as_str().unwrap_or_default();
        let state = if c["set"] == true {
            format!("***  env {var}")
        } else if c["secret_file_fallback"] == true {
            format!("{var} is not set: read from auth.secret_file")
        } else {
            format!("not set ({var} is empty)")
        };
        let first = format!("  {}  ", pad(key, key_width));
        if cols(&first) + cols(&state) <= width || cols(&first) <= indent {
            out.push_str(&wrapped(&first, &state, indent, width));
        } else {
            out.push_str(&format!("  {key}\n"));
            out.push_str(&wrapped(&" ".repeat(indent), &state, indent, width));
        }
    }
    out.push_str("settings\n");
    out.extend(setting_rows.iter().map(String::as_str));
    let overrides = [
        env::ISSUER,
        env::TOKEN_URL,
        env::API_BASE,
        env::DFO_BASE,
        env::API_VERSION,
    ]
    .join(", ");
    out.push_str(&wrapped("environment overrides: ", &overrides, 2, width));
    out
}
