//! `--schema FILE`: the user's own JSON Schema (a middleware contract), compiled once; its
//! violations become findings with paths, like the built-in rules.

use std::path::Path;

use serde_json::Value;

use super::{codes, parse};
use crate::error::usage;
use crate::report::Finding;

/// At most this many violations are listed per payload; the rest are counted in one finding.
pub const MAX_VIOLATIONS: usize = 20;

/// A compiled user schema.
pub struct Schema {
    name: String,
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Schema {
    /// Read and compile the schema at `path` (JSON or YAML). Any problem is a usage error (exit 2).
    pub fn load(path: &Path) -> anyhow::Result<Schema> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            usage(format!(
                "cannot read the schema file {name}: {e}\n  pass an existing JSON Schema file to --schema"
            ))
        })?;
        let value = parse::document(&bytes, parse::syntax_for(path), 1).map_err(|f| {
            usage(format!(
                "the schema file {name} is not valid JSON or YAML: {}\n  fix the file or pass another one to --schema",
                f.message
            ))
        })?;
        Schema::compile(&name, &value)
    }

    /// Compile an in-memory schema called `name` (for messages).
    pub fn compile(name: &str, schema: &Value) -> anyhow::Result<Schema> {
        let validator = jsonschema::validator_for(schema).map_err(|e| {
            usage(format!(
                "the schema file {name} is not a valid JSON Schema: {e}\n  check it against the JSON Schema specification (external $ref are not fetched)"
            ))
        })?;
        Ok(Schema {
            name: name.to_string(),
            validator,
        })
    }

    /// Every violation of the schema by `value`, as findings at the violating paths.
    pub fn check(&self, value: &Value) -> Vec<Finding> {
        if self.validator.is_valid(value) {
            return Vec::new();
        }
        let mut findings = Vec::new();
        let mut more = 0usize;
        for error in self.validator.iter_errors(value) {
            if findings.len() == MAX_VIOLATIONS {
                more += 1;
                continue;
            }
            let keyword = error.schema_path().as_str().to_string();
            findings.push(
                Finding::new(
                    &codes::PAYLOAD_SCHEMA_VIOLATION,
                    format!("{error} (schema {}, keyword {keyword})", self.name),
                )
                .at(error.instance_path().as_str())
                .hint(format!(
                    "Make the value satisfy {keyword} of {}, or change the schema if the contract changed.",
                    self.name
                )),
            );
        }
        if more > 0 {
            findings.push(
                Finding::new(
                    &codes::PAYLOAD_SCHEMA_VIOLATION,
                    format!("... and {more} more violations of {}", self.name),
                )
                .at("")
                .hint("Fix the violations above first; many usually share one cause."),
            );
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn violations_become_findings_with_paths() {
        let schema = Schema::compile(
            "contract.json",
            &json!({
                "type": "object",
                "required": ["tenant"],
                "properties": {"transferContext": {"properties": {"queueId": {"type": "string", "pattern": "^[0-9]+$"}}}}
            }),
        )
        .unwrap();
        assert!(
            schema
                .check(&json!({"tenant": "t", "transferContext": {"queueId": "42"}}))
                .is_empty()
        );
        let findings = schema.check(&json!({"transferContext": {"queueId": "abc"}}));
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(
            findings
                .iter()
                .all(|f| f.code == "payload-schema-violation")
        );
        let paths: Vec<_> = findings
            .iter()
            .map(|f| f.path.as_deref().unwrap())
            .collect();
        assert!(paths.contains(&"/transferContext/queueId"), "{paths:?}");
        assert!(paths.contains(&""), "{paths:?}");
        assert!(findings.iter().all(|f| f.hint.is_some()));
    }

    #[test]
    fn many_violations_are_capped() {
        let schema = Schema::compile("s", &json!({"items": {"type": "string"}})).unwrap();
        let findings = schema.check(&json!(vec![1; 50]));
        assert_eq!(findings.len(), MAX_VIOLATIONS + 1);
        assert!(findings.last().unwrap().message.contains("30 more"));
    }

    #[test]
    fn invalid_schemas_are_usage_errors() {
        let err = Schema::compile("bad.json", &json!({"type": 12})).unwrap_err();
        assert!(crate::error::is_usage(&err));
        let err = Schema::load(Path::new("no/such/schema.json")).unwrap_err();
        assert!(crate::error::is_usage(&err));
        assert!(err.to_string().contains("no/such/schema.json"));
    }
}
