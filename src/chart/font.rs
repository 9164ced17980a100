//! The charts' view of [`crate::fonts`]: the bundled faces and their measuring (with
//! kerning), under the names the chart code uses.

use crate::fonts::{self, LongWord};
pub use crate::fonts::{BOLD_TTF as FONT_BOLD, FAMILY, REGULAR_TTF as FONT_REGULAR};

/// The `font-family` every chart text names: the bundled face first, then a face with the
/// same metrics (DejaVu derives from Bitstream Vera), then the generic family, so that a
/// browser without DejaVu still draws each label in a sans-serif face. The PNG and PDF
/// paths hold DejaVu Sans, so they always take the first.
pub(crate) const FAMILY_LIST: &str = "DejaVu Sans, Bitstream Vera Sans, sans-serif";

/// Width in user units of `text` set in DejaVu Sans at `size` px.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    fonts::text_width(text, size, bold)
}

/// `text`, shortened with an ellipsis so that it is at most `max_w` wide.
pub(crate) fn fit_text(text: &str, size: f64, bold: bool, max_w: f64) -> String {
    fonts::ellipsize(text, max_w, &|s: &str| fonts::text_width(s, size, bold))
}

/// Word wrap of `text` into lines at most `max_w` wide (a word longer than a line is
/// shortened with an ellipsis).
pub(crate) fn wrap_text(text: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
    let mut lines = fonts::wrap_measured(text, size, bold, max_w, LongWord::Ellipsis);
    lines.retain(|l| !l.is_empty());
    lines
}

#[cfg(test)]
pub(crate) fn fonts_parse() -> bool {
    fonts::Faces::load().is_ok()
}
