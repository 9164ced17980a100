//! The terminal's width and the one word-wrapping call for text printed to it (issue 15):
//! every line fits, broken at word boundaries, never mid-word.

use std::io::IsTerminal;

/// The width assumed when the output is not a terminal (a pipe, a file, a test).
pub const DEFAULT_WIDTH: usize = 80;

/// The columns of the terminal on stdout (else stderr, else stdin), or 80 when unknown.
pub fn width() -> usize {
    use terminal_size::{Width, terminal_size_of};
    let size = terminal_size_of(std::io::stdout())
        .or_else(|| terminal_size_of(std::io::stderr()))
        .or_else(|| terminal_size_of(std::io::stdin()));
    match size {
        Some((Width(w), _)) if w >= 20 => usize::from(w),
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

/// `text` broken at word boundaries into lines of at most `width` columns; a word longer
/// than a line is kept whole (a long file path stays copyable). Existing line breaks and
/// the leading indent of each line are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let options = textwrap::Options::new(width.max(10))
            .initial_indent(&indent)
            .subsequent_indent(&indent)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        let wrapped = textwrap::wrap(line.trim_start_matches(' '), options);
        if wrapped.is_empty() {
            out.push(String::new());
        }
        out.extend(wrapped.into_iter().map(|l| l.into_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries_and_keeps_the_indent() {
        let text = "  If you are coughing blood or have chest pain, call emergency services now.";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert!(lines.iter().all(|l| l.starts_with("  ")), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
    }
}
