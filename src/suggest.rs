//! "Did you mean": the known names closest to a mistyped one, for every kind of name the tool
//! refuses (config and suite keys, payload kinds, finding codes, profile names).

/// `name` lower-cased, with `_` read as `-` (config keys use `_`, codes and kinds `-`).
fn normal(name: &str) -> String {
    name.trim().to_lowercase().replace('_', "-")
}

/// How close `typed` is to `known` (both normalised): Jaro-Winkler, plus a bonus when one
/// contains the other. Jaro-Winkler misses a swap of two letters in a short name (`lba` for
/// `lab`, `vai` for `via`: its matching window is 0 there), so a name of 3 or more characters
/// one edit or swap away (two when it has 8 or more) also counts as close.
fn score(typed: &str, known: &str) -> f64 {
    let mut score = strsim::jaro_winkler(typed, known);
    if !typed.is_empty() && (known.contains(typed) || typed.contains(known)) {
        score += 0.2;
    }
    let length = typed.chars().count();
    let edits = if length >= 8 { 2 } else { 1 };
    if length >= 3 && strsim::osa_distance(typed, known) <= edits {
        score = score.max(0.9);
    }
    score
}

/// The least score a suggestion needs.
const THRESHOLD: f64 = 0.8;

/// How far below the best score a second suggestion may be.
const SPREAD: f64 = 0.1;

/// Up to three of `known` closest to `typed`, best first; a name equal to `typed` but for case
/// (or `_` for `-`) comes first.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = normal(typed);
    let mut scored: Vec<(f64, &'a str)> = known
        .into_iter()
        .map(|k| {
            let k_normal = normal(k);
            let s = if k_normal == wanted {
                f64::INFINITY
            } else {
                score(&wanted, &k_normal)
            };
            (s, k)
        })
        .filter(|(s, _)| *s > THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    // the same name but for case is the answer; else the near misses about as close as the best
    let best = scored.first().map_or(0.0, |(s, _)| *s);
    scored
        .into_iter()
        .take_while(|(s, _)| best.is_finite() && *s >= best - SPREAD || s.is_infinite())
        .take(3)
        .map(|(_, k)| k)
        .collect()
}

/// `did you mean a?` (or `a or b`) for `typed` among `known`, or `None` when nothing is close.
pub fn hint<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let close = closest(typed, known);
    (!close.is_empty()).then(|| format!("did you mean {}?", close.join(" or ")))
}

/// The hint for a serde "unknown field `x`, expected one of `a`, `b`" (or "unknown variant")
/// message, from the names serde lists as expected.
pub fn for_serde_message(message: &str) -> Option<String> {
    let (_, rest) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))?;
    let (typed, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    // the list ends where the location starts (" at line 3 column 5")
    let expected = expected.split(" at line ").next().unwrap_or(expected);
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    hint(typed, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_found_and_far_ones_are_not() {
        let keys = ["issuer", "token_url", "api_base", "api_version"];
        assert_eq!(closest("isuer", keys), ["issuer"]);
        assert_eq!(closest("API-BASE", keys), ["api_base"]);
        assert!(closest("zzzz", keys).is_empty());
        assert_eq!(
            hint("qeue-health", ["queue-health", "trace"]).as_deref(),
            Some("did you mean queue-health?")
        );
    }

    #[test]
    fn a_swap_of_two_letters_in_a_short_name_is_close() {
        assert_eq!(closest("lba", ["lab", "prod"]), ["lab"]);
        assert_eq!(closest("vai", ["via", "payload", "live", "yes"]), ["via"]);
        assert_eq!(closest("grnat", ["grant", "client_auth"]), ["grant"]);
        // nothing close stays nothing, however short
        assert!(closest("zzz", ["lab", "via", "yes"]).is_empty());
        assert!(closest("xyz", ["abc", "xy-long-name"]).is_empty());
        assert!(closest("qa", ["lab", "prod"]).is_empty());
    }

    #[test]
    fn a_case_only_difference_comes_first() {
        let codes = ["skill-inactive-agents", "skill-inactive"];
        assert_eq!(closest("SKILL-INACTIVE", codes)[0], "skill-inactive");
    }

    #[test]
    fn serde_messages_give_their_expected_names() {
        let m = "profiles.lab: unknown field `isuer`, expected one of `issuer`, `token_url` at line 3 column 5";
        assert_eq!(
            for_serde_message(m).as_deref(),
            Some("did you mean issuer?")
        );
        let m = "unknown variant `acess-key`, expected `access-key` or `client-credentials`";
        assert_eq!(
            for_serde_message(m).as_deref(),
            Some("did you mean access-key?")
        );
        assert_eq!(for_serde_message("invalid type: string"), None);
    }
}
