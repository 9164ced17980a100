//! The bundled DejaVu Sans faces, embedded once, and the one way cramplog measures and
//! wraps text: the terminal, the charts and the PDF all come through here.
//!
//! Widths are read with ttf-parser from the fonts' own advances *and* their pair kerning
//! (the legacy `kern` table), so a measured line is exactly as wide as the drawn one.
//! Wrapping is textwrap's first-fit over words measured by the caller's width function:
//! columns for a terminal, points or pixels for print and charts.

use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow};
use textwrap::core::Fragment;

/// DejaVu Sans (regular), embedded at compile time.
pub static REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
/// DejaVu Sans Bold, embedded at compile time.
pub static BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// The family name the bundled faces provide (charts ask for it).
pub const FAMILY: &str = "DejaVu Sans";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
}

/// One font face: glyph lookup, advances and pair kerning (legacy `kern` table) via ttf-parser.
pub struct Face {
    face: ttf_parser::Face<'static>,
    kern: Vec<ttf_parser::kern::Subtable<'static>>,
    /// Glyph id and advance for U+0000..U+05FF (the hot path: Latin, Greek, Cyrillic).
    fast: Vec<(u16, u16)>,
    /// Kerning of every pair of glyphs below `dense_n` (the Latin glyphs), read once from the
    /// `kern` table: a pair costs one index instead of a binary search (a tenth of a long
    /// PDF's time went to those searches).
    dense: Vec<i16>,
    dense_n: usize,
    upem: f32,
    pub ascender: f32,
    pub descender: f32,
}

const FAST_CHARS: u32 = 0x600;
/// The dense kerning table covers the glyphs of U+0020..U+024F (Latin) …
const DENSE_CHARS: u32 = 0x250;
/// … up to this many glyph ids (a bound on its memory: 2 MiB a face).
const MAX_DENSE: usize = 1024;

impl Face {
    fn new(data: &'static [u8], name: &str) -> Result<Self> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| format!("parsing bundled font {name}"))?;
        let upem = f32::from(face.units_per_em().max(1));
        let kern = face
            .tables()
            .kern
            .map(|k| {
                k.subtables
                    .into_iter()
                    .filter(|s| s.horizontal && !s.variable && !s.has_cross_stream)
                    .collect()
            })
            .unwrap_or_default();
        let mut m = Face {
            ascender: f32::from(face.ascender()) / upem,
            descender: f32::from(face.descender()) / upem,
            face,
            kern,
            fast: Vec::new(),
            dense: Vec::new(),
            dense_n: 0,
            upem,
        };
        m.fast = (0..FAST_CHARS)
            .map(|c| char::from_u32(c).map_or((0, 0), |c| m.lookup(c)))
            .collect();
        m.dense_kerning();
        Ok(m)
    }

    /// Fills the dense pair table from a lone format-0 subtable (DejaVu's case); any other
    /// `kern` layout keeps the per-pair look-up.
    fn dense_kerning(&mut self) {
        let [sub] = self.kern.as_slice() else {
            return;
        };
        let ttf_parser::kern::Format::Format0(table) = &sub.format else {
            return;
        };
        let n = (0x20..DENSE_CHARS)
            .map(|c| usize::from(self.fast[c as usize].0) + 1)
            .max()
            .unwrap_or(0)
            .min(MAX_DENSE);
        let mut dense = vec![0i16; n * n];
        for pair in table.pairs {
            let (l, r) = (usize::from(pair.left().0), usize::from(pair.right().0));
            if l < n && r < n {
                dense[l * n + r] = pair.value;
            }
        }
        self.dense = dense;
        self.dense_n = n;
    }

    fn lookup(&self, c: char) -> (u16, u16) {
        let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        (gid.0, self.face.glyph_hor_advance(gid).unwrap_or(0))
    }

    /// Glyph id and advance (font units) of a character; missing glyphs map to .notdef (0).
    #[inline]
    pub fn glyph(&self, c: char) -> (u16, u16) {
        match self.fast.get(c as usize) {
            Some(&g) => g,
            None => self.lookup(c),
        }
    }

    #[inline]
    pub fn kerning(&self, left: u16, right: u16) -> i32 {
        let n = self.dense_n;
        if usize::from(left) < n && usize::from(right) < n {
            return i32::from(self.dense[usize::from(left) * n + usize::from(right)]);
        }
        let (l, r) = (ttf_parser::GlyphId(left), ttf_parser::GlyphId(right));
        self.kern
            .iter()
            .find_map(|s| s.glyphs_kerning(l, r))
            .map_or(0, i32::from)
    }

    pub fn upem(&self) -> f32 {
        self.upem
    }

    pub fn units_to_pt(&self, units: i32, size: f32) -> f32 {
        units as f32 * size / self.upem
    }

    /// Shape a single-line string into (glyph id, advance in font units incl. kerning to the
    /// next glyph, byte range). Kerning is never applied across whitespace, so the width of a
    /// line equals the sum of its words and spaces measured separately.
    pub fn shape(&self, text: &str) -> Vec<(u16, i32, std::ops::Range<usize>)> {
        let mut out: Vec<(u16, i32, std::ops::Range<usize>)> = Vec::with_capacity(text.len());
        let mut prev_kernable = false;
        for (i, c) in text.char_indices() {
            let (gid, adv) = self.glyph(c);
            let kernable = !c.is_whitespace();
            if prev_kernable && kernable {
                if let Some(last) = out.last_mut() {
                    last.1 += self.kerning(last.0, gid);
                }
            }
            out.push((gid, i32::from(adv), i..i + c.len_utf8()));
            prev_kernable = kernable;
        }
        out
    }

    /// Width of a single-line string in font units (same arithmetic as `shape`).
    pub fn width_units(&self, text: &str) -> i32 {
        let mut w = 0i32;
        let mut prev: Option<u16> = None;
        for c in text.chars() {
            let (gid, adv) = self.glyph(c);
            if c.is_whitespace() {
                prev = None;
            } else {
                if let Some(p) = prev {
                    w += self.kerning(p, gid);
                }
                prev = Some(gid);
            }
            w += i32::from(adv);
        }
        w
    }
}

/// The two bundled faces, parsed once per process.
pub struct Faces {
    pub regular: Face,
    pub bold: Face,
}

impl Faces {
    /// The bundled faces (parsed on first use).
    ///
    /// # Errors
    /// Only if a bundled font does not parse (a test checks that they do).
    pub fn load() -> Result<&'static Faces> {
        static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                Ok(Faces {
                    regular: Face::new(REGULAR_TTF, "DejaVuSans.ttf")
                        .map_err(|e| format!("{e:#}"))?,
                    bold: Face::new(BOLD_TTF, "DejaVuSans-Bold.ttf")
                        .map_err(|e| format!("{e:#}"))?,
                })
            })
            .as_ref()
            .map_err(|e| anyhow!("{e}"))
    }

    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// Width in points of a single-line string.
    pub fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        let f = self.face(style);
        f.units_to_pt(f.width_units(text), size)
    }

    /// Baseline offset from the top of a line box of height `lh`.
    pub fn baseline(&self, size: f32, lh: f32) -> f32 {
        let f = &self.regular;
        let content = (f.ascender - f.descender) * size;
        (lh - content) / 2.0 + f.ascender * size
    }

    /// Cut `text` to fit `max_w` points, adding an ellipsis when shortened.
    pub fn ellipsize(&self, style: Style, text: &str, size: f32, max_w: f32) -> String {
        if self.width(style, text, size) <= max_w {
            return text.to_string();
        }
        let f = self.face(style);
        let ell = f.units_to_pt(f.width_units("…"), size);
        let mut out = String::new();
        let mut w = 0i32;
        let mut prev: Option<u16> = None;
        for c in text.chars() {
            let (gid, adv) = f.glyph(c);
            let k = prev.map_or(0, |p| f.kerning(p, gid));
            if f.units_to_pt(w + k + i32::from(adv), size) + ell > max_w {
                break;
            }
            w += k + i32::from(adv);
            prev = Some(gid);
            out.push(c);
        }
        let trimmed = out.trim_end().to_string();
        trimmed + "…"
    }
}

/// Width of `text` set in DejaVu Sans at `size` (points or pixels), with kerning.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let style = if bold { Style::Bold } else { Style::Regular };
    match Faces::load() {
        Ok(f) => f64::from(f.width(style, text, 1.0)) * size,
        // Unreachable with the bundled fonts (a test checks); a generous estimate otherwise.
        Err(_) => text.chars().count() as f64 * size * 0.65,
    }
}

/// What to do with a word wider than a whole line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongWord {
    /// Break it into line-wide pieces (nothing is lost: notes, URLs).
    Break,
    /// Shorten it with an ellipsis (chart labels).
    Ellipsis,
}

/// A word measured by the caller.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    width: f64,
    space: f64,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps `text` into lines at most `max` wide as measured by `width`, first fit (textwrap).
/// `\n` is a hard break; runs of whitespace are one space.
pub fn wrap_with(text: &str, max: f64, long: LongWord, width: &dyn Fn(&str) -> f64) -> Vec<String> {
    let space = width(" ");
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut pieces: Vec<String> = Vec::new();
        for w in para.split_whitespace() {
            if width(w) <= max {
                pieces.push(w.to_string());
                continue;
            }
            match long {
                LongWord::Ellipsis => pieces.push(ellipsize(w, max, width)),
                LongWord::Break => {
                    let mut piece = String::new();
                    for c in w.chars() {
                        piece.push(c);
                        if width(&piece) > max && piece.chars().count() > 1 {
                            piece.pop();
                            pieces.push(std::mem::take(&mut piece));
                            piece.push(c);
                        }
                    }
                    pieces.push(piece);
                }
            }
        }
        let words: Vec<Word<'_>> = pieces
            .iter()
            .map(|p| Word {
                text: p,
                width: width(p),
                space,
            })
            .collect();
        if words.is_empty() {
            lines.push(String::new());
            continue;
        }
        for line in textwrap::wrap_algorithms::wrap_first_fit(&words, &[max]) {
            lines.push(line.iter().map(|w| w.text).collect::<Vec<_>>().join(" "));
        }
    }
    lines
}

/// `text` shortened with an ellipsis to at most `max` wide.
pub fn ellipsize(text: &str, max: f64, width: &dyn Fn(&str) -> f64) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&format!("{out}…")) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// `text` for a terminal: lines of at most `columns` columns (as a terminal shows them:
/// wide characters take two, colour codes none), broken at word boundaries by
/// [`wrap_with`], a word longer than a line broken inside it. Existing line breaks are
/// kept, and so is each line's leading indent; a line that fits is kept as it is (aligned
/// columns keep their spaces).
pub fn wrap_columns(text: &str, columns: usize) -> Vec<String> {
    let width = |s: &str| textwrap::core::display_width(s) as f64;
    let mut out = Vec::new();
    for line in text.split('\n') {
        if width(line) <= columns as f64 {
            out.push(line.to_string());
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let max = columns.saturating_sub(indent.len()).max(10) as f64;
        out.extend(
            wrap_with(body, max, LongWord::Break, &width)
                .into_iter()
                .map(|l| {
                    if l.is_empty() {
                        l
                    } else {
                        format!("{indent}{l}")
                    }
                }),
        );
    }
    out
}

/// Wraps `text` set at `size` into lines at most `max` wide (same unit as `size`).
pub fn wrap_measured(text: &str, size: f64, bold: bool, max: f64, long: LongWord) -> Vec<String> {
    wrap_with(text, max, long, &|s: &str| text_width(s, size, bold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dense_kerning_table_agrees_with_the_font() {
        let f = Faces::load().unwrap();
        for face in [&f.regular, &f.bold] {
            assert!(face.dense_n > 100, "Latin glyphs are in the dense table");
            let mut kerned = 0;
            for l in 0..face.dense_n as u16 + 20 {
                for r in 0..face.dense_n as u16 + 20 {
                    let (gl, gr) = (ttf_parser::GlyphId(l), ttf_parser::GlyphId(r));
                    let want = face.kern.iter().find_map(|s| s.glyphs_kerning(gl, gr));
                    assert_eq!(face.kerning(l, r), want.map_or(0, i32::from), "{l} {r}");
                    kerned += usize::from(want.is_some());
                }
            }
            assert!(kerned > 1000, "{kerned} kerned pairs");
        }
    }

    #[test]
    fn the_bundled_faces_parse_and_kern() {
        let f = Faces::load().unwrap();
        let (a, _) = f.regular.glyph('A');
        let (v, _) = f.regular.glyph('V');
        assert!(f.regular.kerning(a, v) < 0, "DejaVu kerns A/V");
        // Measured widths include the kerning.
        assert!(
            text_width("AV", 10.0, false)
                < text_width("A", 10.0, false) + text_width("V", 10.0, false)
        );
        assert!(text_width("Hello", 10.0, true) > text_width("Hello", 10.0, false));
    }

    #[test]
    fn columns_wrap_within_width_and_break_long_words() {
        let lines = wrap_columns("aaa bbb ccc dddddddddddddddddddddddd e", 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
        assert_eq!(lines[0], "aaa bbb");
        assert_eq!(lines.last().unwrap(), "dddd e");
        assert_eq!(wrap_columns("a\n\nb", 20), vec!["a", "", "b"]);
        // The indent is kept on every line, aligned columns that fit keep their spaces.
        let text = "  If you are coughing blood or have chest pain, call emergency services now.";
        let lines = wrap_columns(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert!(lines.iter().all(|l| l.starts_with("  ")), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        assert_eq!(
            wrap_columns(" 1 heavy    9 veins", 30),
            [" 1 heavy    9 veins"]
        );
        // A wide character takes two columns.
        assert_eq!(wrap_columns("日本語 日本語", 10), ["日本語", "日本語"]);
    }

    #[test]
    fn measured_wrap_fits_and_long_labels_get_an_ellipsis() {
        let lines = wrap_measured(
            "the quick brown fox jumps over the lazy dog",
            10.0,
            false,
            60.0,
            LongWord::Break,
        );
        assert!(lines.len() > 2);
        assert!(
            lines.iter().all(|l| text_width(l, 10.0, false) <= 60.0),
            "{lines:?}"
        );
        let short = wrap_measured(
            "Supercalifragilistic",
            10.0,
            false,
            40.0,
            LongWord::Ellipsis,
        );
        assert_eq!(short.len(), 1);
        assert!(short[0].ends_with('…') && text_width(&short[0], 10.0, false) <= 40.0);
    }
}
