//! The bundled DejaVu Sans fonts, and text measuring from their metrics.
//!
//! Layout (where a label fits, how wide a legend is) needs text widths. Instead of a
//! shaping library, this reads the advance widths straight from the embedded TrueType
//! files (`cmap` format 4 + `hmtx`), which is all a left-to-right label needs. Kerning
//! is ignored, so measured widths are a hair wider than rendered ones: the safe side.

use std::sync::OnceLock;

/// DejaVu Sans (regular), embedded at compile time.
pub static FONT_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
/// DejaVu Sans Bold, embedded at compile time.
pub static FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// The family name the charts ask for; the bundled fonts provide it.
pub const FAMILY: &str = "DejaVu Sans";

/// Advance widths of one face.
struct Metrics {
    data: &'static [u8],
    units_per_em: f64,
    num_hmetrics: usize,
    hmtx: usize,
    cmap4: Option<usize>,
    /// Advance of a glyph missing from the font (the `.notdef` box), in font units.
    fallback: f64,
}

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    let b = d.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl Metrics {
    fn parse(data: &'static [u8]) -> Option<Metrics> {
        let num_tables = u16_at(data, 4)? as usize;
        let table = |tag: &[u8; 4]| -> Option<usize> {
            (0..num_tables).find_map(|i| {
                let rec = 12 + 16 * i;
                (data.get(rec..rec + 4)? == tag)
                    .then(|| u32_at(data, rec + 8).map(|o| o as usize))?
            })
        };
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let hmtx = table(b"hmtx")?;
        let cmap = table(b"cmap")?;
        let units_per_em = f64::from(u16_at(data, head + 18)?.max(1));
        let num_hmetrics = usize::from(u16_at(data, hhea + 34)?.max(1));
        // Prefer the Windows Unicode BMP subtable (3,1), else Unicode (0,x), format 4.
        let n = usize::from(u16_at(data, cmap + 2)?);
        let mut cmap4 = None;
        for i in 0..n {
            let rec = cmap + 4 + 8 * i;
            let (platform, encoding) = (u16_at(data, rec)?, u16_at(data, rec + 2)?);
            let sub = cmap + u32_at(data, rec + 4)? as usize;
            if u16_at(data, sub) != Some(4) {
                continue;
            }
            if (platform, encoding) == (3, 1) {
                cmap4 = Some(sub);
                break;
            }
            if platform == 0 && cmap4.is_none() {
                cmap4 = Some(sub);
            }
        }
        let mut m = Metrics {
            data,
            units_per_em,
            num_hmetrics,
            hmtx,
            cmap4,
            fallback: 0.0,
        };
        m.fallback = m.advance_of_glyph(0).unwrap_or(units_per_em * 0.6);
        Some(m)
    }

    fn glyph(&self, c: char) -> Option<u16> {
        let c = u16::try_from(u32::from(c)).ok()?;
        let d = self.data;
        let sub = self.cmap4?;
        let seg_x2 = usize::from(u16_at(d, sub + 6)?);
        let ends = sub + 14;
        let starts = ends + seg_x2 + 2;
        let deltas = starts + seg_x2;
        let ranges = deltas + seg_x2;
        for i in (0..seg_x2).step_by(2) {
            if u16_at(d, ends + i)? < c {
                continue;
            }
            let start = u16_at(d, starts + i)?;
            if start > c {
                return None;
            }
            let delta = u16_at(d, deltas + i)?;
            let range = usize::from(u16_at(d, ranges + i)?);
            if range == 0 {
                return Some(c.wrapping_add(delta));
            }
            let at = ranges + i + range + 2 * usize::from(c - start);
            let g = u16_at(d, at)?;
            return (g != 0).then(|| g.wrapping_add(delta));
        }
        None
    }

    fn advance_of_glyph(&self, g: u16) -> Option<f64> {
        let i = usize::from(g).min(self.num_hmetrics - 1);
        u16_at(self.data, self.hmtx + 4 * i).map(f64::from)
    }

    fn advance(&self, c: char) -> f64 {
        self.glyph(c)
            .and_then(|g| self.advance_of_glyph(g))
            .unwrap_or(self.fallback)
    }

    fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.advance(c)).sum::<f64>() * size / self.units_per_em
    }
}

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static REGULAR: OnceLock<Option<Metrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<Metrics>> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| Metrics::parse(FONT_BOLD)).as_ref()
    } else {
        REGULAR
            .get_or_init(|| Metrics::parse(FONT_REGULAR))
            .as_ref()
    }
}

/// Width in user units of `text` set in DejaVu Sans at `size` px.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match metrics(bold) {
        Some(m) => m.width(text, size),
        // Unreachable with the bundled fonts (a test checks); a generous estimate otherwise.
        None => text.chars().count() as f64 * size * 0.65,
    }
}

/// `text`, shortened with an ellipsis so that it is at most `max_w` wide.
pub(crate) fn fit_text(text: &str, size: f64, bold: bool, max_w: f64) -> String {
    if text_width(text, size, bold) <= max_w {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        let mut trial = out.clone();
        trial.push(c);
        trial.push('…');
        if text_width(&trial, size, bold) > max_w {
            break;
        }
        out.push(c);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

/// Greedy word wrap of `text` into lines at most `max_w` wide (a word longer than a line
/// is shortened with an ellipsis).
pub(crate) fn wrap_text(text: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= max_w {
            line = candidate;
        } else {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = fit_text(word, size, bold, max_w);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
pub(crate) fn fonts_parse() -> bool {
    metrics(false).is_some() && metrics(true).is_some()
}
