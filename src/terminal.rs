//! The terminal's width, and the layouts of text printed to it (issue 15): every line fits,
//! broken at word boundaries by the one wrapping routine, `fonts::wrap_columns`.

use std::io::IsTerminal;

/// The width assumed when the output is not a terminal (a pipe, a file, a test).
pub const DEFAULT_WIDTH: usize = 80;

/// The narrowest width lines are wrapped to.
pub const MIN_WIDTH: usize = 20;

/// The columns to wrap to: `COLUMNS` when it is set to a number (the shell's own setting,
/// and the way to choose a width for a pipe), else the terminal on stdout (else stderr,
/// else stdin), else 80.
pub fn width() -> usize {
    use terminal_size::{Width, terminal_size_of};
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
    {
        return w.max(MIN_WIDTH);
    }
    let size = terminal_size_of(std::io::stdout())
        .or_else(|| terminal_size_of(std::io::stderr()))
        .or_else(|| terminal_size_of(std::io::stdin()));
    match size {
        Some((Width(w), _)) if usize::from(w) >= MIN_WIDTH => usize::from(w),
        _ => DEFAULT_WIDTH,
    }
}

/// The columns of stderr when it is a terminal (`None` when it is not: then an error stays
/// on one line, for scripts that read it).
pub fn stderr_width() -> Option<usize> {
    std::io::stderr()
        .is_terminal()
        .then(|| terminal_size::terminal_size_of(std::io::stderr()))
        .flatten()
        .map(|(terminal_size::Width(w), _)| usize::from(w).max(20))
}

/// `label` then `body` wrapped at word boundaries, the lines after the first indented to
/// where the body began ("Leg symptoms that day  heavy legs (left, 6/10), ankle / swelling…"
/// with the second line under "heavy"). When the label leaves under [`MIN_WIDTH`] columns,
/// the body goes on the lines below, indented by `fallback` spaces.
pub fn hanging(label: &str, body: &str, width: usize, fallback: usize) -> Vec<String> {
    if body.trim().is_empty() {
        return vec![label.trim_end().to_string()];
    }
    let indent = textwrap::core::display_width(label);
    let columns = |s: &str| textwrap::core::display_width(s) as f64;
    // A body that fits beside its label stays there, however little room is left.
    if !body.contains('\n') && indent + textwrap::core::display_width(body) <= width {
        return vec![format!("{label}{body}").trim_end().to_string()];
    }
    if width.saturating_sub(indent) < MIN_WIDTH {
        let pad = " ".repeat(fallback);
        let mut out = vec![label.trim_end().to_string()];
        out.extend(crate::fonts::wrap_columns(&format!("{pad}{body}"), width));
        return out;
    }
    let max = (width - indent) as f64;
    let pad = " ".repeat(indent);
    crate::fonts::wrap_with(body, max, crate::fonts::LongWord::Break, &columns)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{label}{l}").trim_end().to_string()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_lines_start_under_the_body_and_fall_back_below_a_long_label() {
        let lines = hanging(
            "Symptoms  ",
            "heavy legs (left, 6/10), ankle swelling (seen)",
            30,
            4,
        );
        assert_eq!(
            lines,
            [
                "Symptoms  heavy legs (left,",
                "          6/10), ankle",
                "          swelling (seen)"
            ]
        );
        let lines = hanging("A very long label here  ", "one two three", 30, 4);
        assert_eq!(lines, ["A very long label here", "    one two three"]);
        assert_eq!(hanging("Label  ", " ", 30, 4), ["Label"]);
        // A short last cell stays on its row, even with under 20 columns left for it.
        assert_eq!(
            hanging("A very long label  ", "0 of 0", 30, 4),
            ["A very long label  0 of 0"]
        );
    }
}
