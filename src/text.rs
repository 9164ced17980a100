//! The user's free text (notes, medicine names and doses, event labels) on its way in and
//! out: one rule for what may be stored, shared by the command line and import, and one way
//! to show stored text in a terminal so that it can never move the cursor, clear the
//! screen, retitle the window or write the clipboard (docs/design.md section 8).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a piece of text may span lines (notes) or is one line (names, doses, labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    Lines,
}

/// Characters a terminal or an editor acts on instead of showing: C0 and C1 controls, DEL,
/// and the invisible direction overrides that make text read differently than it is stored.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `value` that cramplog does not store, if any: anything hidden,
/// except a newline or tab inside a note.
pub fn forbidden(value: &str, shape: Shape) -> Option<char> {
    value
        .chars()
        .find(|&c| is_hidden(c) && !(shape == Shape::Lines && matches!(c, '\n' | '\t')))
}

/// Why `value` cannot be stored, in words that name the character and the fix; `None` when
/// it can. The command line and import both ask this, so they accept the same text.
pub fn problem(value: &str, shape: Shape) -> Option<String> {
    forbidden(value, shape).map(|c| {
        format!(
            "holds the control character {} (in \"{}\"); remove it and type the text again",
            escape(c),
            visible(&shorten(value, 40))
        )
    })
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).chain(['…']).collect()
    }
}

/// `U+001B` style, so the character is named without being acted on.
fn escape(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Stored or typed text made safe for a terminal: every hidden character is shown as
/// `<U+001B>` instead; newlines and tabs are kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hidden(c) && !matches!(c, '\n' | '\t')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) && !matches!(c, '\n' | '\t') {
            let _ = write!(out, "<{}>", escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_acted_on() {
        assert_eq!(visible("a\u{1b}]52;c;x\u{7}b"), "a<U+001B>]52;c;x<U+0007>b");
        assert_eq!(visible("two\nlines\tok"), "two\nlines\tok");
        assert_eq!(visible("\u{202E}abc"), "<U+202E>abc");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn notes_keep_newlines_and_lines_do_not() {
        assert_eq!(forbidden("a\nb\tc", Shape::Lines), None);
        assert_eq!(forbidden("a\nb", Shape::Line), Some('\n'));
        assert_eq!(forbidden("x\u{1b}[2J", Shape::Lines), Some('\u{1b}'));
        assert_eq!(forbidden("\u{9b}2J", Shape::Lines), Some('\u{9b}'));
        let p = problem("x\u{1b}[2J", Shape::Line).unwrap_or_default();
        assert!(p.contains("U+001B") && !p.contains('\u{1b}'), "{p}");
    }
}
