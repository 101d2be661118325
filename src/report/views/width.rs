//! The width human output is fitted to: `COLUMNS`, else the terminal's width, else 100.

/// The width used when neither `COLUMNS` nor the terminal gives one (or the terminal says 0,
/// as under `script`, docker and many CI runners).
pub const DEFAULT_WIDTH: usize = 100;

/// Narrower widths are raised to this: below it no table can show an id and a status.
pub const MIN_WIDTH: usize = 40;

/// The width from the `COLUMNS` variable and the terminal's reported columns, in that order;
/// an unset, empty, non-numeric or zero value counts as unknown.
pub fn resolve(columns_env: Option<&str>, terminal_columns: Option<u16>) -> usize {
    let from_env = columns_env
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    let from_terminal = terminal_columns.map(usize::from).filter(|&n| n > 0);
    from_env
        .or(from_terminal)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// The columns of the terminal on stdout, if stdout is one.
pub fn terminal_columns() -> Option<u16> {
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_then_terminal_then_default() {
        assert_eq!(resolve(Some("72"), Some(120)), 72);
        assert_eq!(resolve(None, Some(120)), 120);
        assert_eq!(resolve(Some(""), Some(90)), 90);
        assert_eq!(resolve(Some("wide"), None), DEFAULT_WIDTH);
        assert_eq!(resolve(Some("0"), Some(0)), DEFAULT_WIDTH);
        assert_eq!(resolve(None, None), DEFAULT_WIDTH);
        assert_eq!(resolve(Some("10"), None), MIN_WIDTH);
    }
}
