//! Tables fitted to a width: columns shrink by priority (least useful first) and truncate with
//! `…`; ids, statuses and numbers are never split or truncated, only hidden when nothing else
//! is left to give; `--wide` shows every column at full width.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Row, Width};

use crate::report::human::Style;

/// Shrinkable columns are not cut below this many characters (or their header, or their content).
const MIN_SHRINK: usize = 8;

/// Each visible column costs its padding (one space each side) and one border.
const PER_COLUMN: usize = 3;

/// How a column gives way when the table is wider than the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Ids and statuses: never truncated, never hidden.
    Id,
    /// Short values (numbers, yes/no, durations): never truncated, hidden when space runs out.
    Keep,
    /// Names and free text: truncated with `…`, hidden when space runs out.
    Shrink,
}

/// One column of a fitted table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header text (short: it is never truncated unless the column is).
    pub header: &'static str,
    /// How the column gives way.
    pub fit: Fit,
    /// Higher is more useful: the lowest is shrunk first, then hidden first.
    pub priority: u8,
}

impl Column {
    /// An id or status column (never cut, never hidden).
    pub const fn id(header: &'static str) -> Column {
        Column {
            header,
            fit: Fit::Id,
            priority: u8::MAX,
        }
    }

    /// A short value column: kept whole, hidden before more useful columns.
    pub const fn keep(header: &'static str, priority: u8) -> Column {
        Column {
            header,
            fit: Fit::Keep,
            priority,
        }
    }

    /// A free-text column: truncated with `…`, hidden before more useful columns.
    pub const fn shrink(header: &'static str, priority: u8) -> Column {
        Column {
            header,
            fit: Fit::Shrink,
            priority,
        }
    }
}

/// The content width of each column (`None` when hidden) so the table fits `width`.
///
/// Columns give way one at a time, least useful (lowest priority) first: a shrinkable column
/// may then be cut down to its minimum, a short-value column is hidden. When that is not
/// enough, shrinkable columns are hidden too, least useful first. Shrinkable columns are cut
/// only as much as needed. Ids are never cut or hidden: a table of ids alone may overflow.
pub fn widths(columns: &[Column], content: &[usize], width: usize) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].fit != Fit::Id)
        .collect();
    order.sort_by_key(|&i| columns[i].priority);
    let shrinks: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| columns[i].fit == Fit::Shrink)
        .collect();
    // the steps: give way column by column, then hide the shrinkable ones
    let steps = order.len() + shrinks.len();
    let mut last = Vec::new();
    for step in 0..=steps {
        let gave_way = &order[..step.min(order.len())];
        let hidden_shrinks = &shrinks[..step.saturating_sub(order.len())];
        let visible = |i: usize| {
            if hidden_shrinks.contains(&i) {
                return false;
            }
            columns[i].fit != Fit::Keep || !gave_way.contains(&i)
        };
        let shown = (0..columns.len()).filter(|&i| visible(i)).count();
        let room = width.saturating_sub(PER_COLUMN * shown + 1);
        let mut w: Vec<usize> = content.to_vec();
        let total: usize = (0..columns.len())
            .filter(|&i| visible(i))
            .map(|i| w[i])
            .sum();
        let mut excess = total.saturating_sub(room);
        for &i in gave_way {
            if excess == 0 {
                break;
            }
            if columns[i].fit != Fit::Shrink || !visible(i) {
                continue;
            }
            let header = textwrap::core::display_width(columns[i].header);
            let min = content[i].min(header.max(MIN_SHRINK));
            let cut = excess.min(w[i].saturating_sub(min));
            w[i] -= cut;
            excess -= cut;
        }
        last = (0..columns.len())
            .map(|i| visible(i).then_some(w[i]))
            .collect();
        if excess == 0 {
            break;
        }
    }
    last
}

/// Render `rows` under `columns`, fitted to `style.width` (every column at full width with
/// `style.wide`). Hidden columns are named on a line under the table.
pub fn render(style: Style, columns: &[Column], rows: Vec<Vec<Cell>>) -> String {
    let mut table = crate::report::human::table(style);
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_truncation_indicator("…");
    let mut header = Row::from(columns.iter().map(|c| c.header).collect::<Vec<_>>());
    header.max_height(1);
    table.set_header(header);
    for cells in rows {
        let mut row = Row::from(cells);
        row.max_height(1);
        table.add_row(row);
    }
    if style.wide {
        return format!("{table}\n");
    }
    let content: Vec<usize> = table
        .column_max_content_widths()
        .into_iter()
        .map(usize::from)
        .collect();
    let fitted = widths(columns, &content, style.width);
    let mut hidden = Vec::new();
    for (i, w) in fitted.iter().enumerate() {
        let constraint = match w {
            Some(w) => {
                ColumnConstraint::Absolute(Width::Fixed(u16::try_from(w + 2).unwrap_or(u16::MAX)))
            }
            None => {
                hidden.push(columns[i].header);
                ColumnConstraint::Hidden
            }
        };
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(constraint);
        }
    }
    let mut out = format!("{table}\n");
    if !hidden.is_empty() {
        let note = format!(
            "Hidden at {} columns: {} (--wide shows all)",
            style.width,
            hidden.join(", ")
        );
        crate::report::human::push_wrapped(&mut out, style, "", "  ", &note);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 4] = [
        Column::id("Id"),
        Column::shrink("Name", 2),
        Column::keep("Count", 1),
        Column::id("Status"),
    ];

    #[test]
    fn everything_fits_at_full_width() {
        assert_eq!(
            widths(&COLS, &[4, 20, 5, 6], 80),
            [Some(4), Some(20), Some(5), Some(6)]
        );
    }

    #[test]
    fn the_least_useful_column_gives_way_first() {
        // 4 columns: 13 of borders and padding; 40 - 13 = 27 for content; 35 wanted:
        // Count (priority 1) is hidden before Name (priority 2) is cut
        assert_eq!(
            widths(&COLS, &[4, 20, 5, 6], 40),
            [Some(4), Some(20), None, Some(6)]
        );
    }

    #[test]
    fn names_are_cut_only_as_much_as_needed() {
        // 3 columns left: 10 of borders and padding, 30 - 10 = 20: Name gets 10
        assert_eq!(
            widths(&COLS, &[4, 20, 5, 6], 30),
            [Some(4), Some(10), None, Some(6)]
        );
    }

    #[test]
    fn ids_are_never_cut_or_hidden() {
        assert_eq!(
            widths(&COLS, &[30, 20, 5, 6], 20),
            [Some(30), None, None, Some(6)]
        );
    }
}
