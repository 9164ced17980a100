//! A small, deterministic SVG writer and the layout helpers the charts share.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::Size;
use super::font::{FAMILY, fit_text, text_width, wrap_text};

// Palette: a dark blue / orange pair that stays apart in greyscale (blue prints dark,
// orange mid-grey), always paired with a second cue (pattern, outline, marker shape).
pub(crate) const BLUE: &str = "#1f4e79";
pub(crate) const BLUE_LIGHT: &str = "#a9c1db";
pub(crate) const ORANGE: &str = "#d0771e";
pub(crate) const INK: &str = "#222222";
pub(crate) const MUTED: &str = "#555555";
pub(crate) const AXIS: &str = "#444444";
pub(crate) const GRID: &str = "#e1e1e1";
pub(crate) const HATCH: &str = "#8c8c8c";

/// Font sizes (px at the chart's user units; 720 units print about 17 cm wide).
pub(crate) const TITLE_PX: f64 = 15.0;
pub(crate) const LABEL_PX: f64 = 12.0;
pub(crate) const TICK_PX: f64 = 11.0;
pub(crate) const MARGIN: f64 = 12.0;

/// Formats a coordinate: at most two decimals, no trailing zeros, never "-0".
pub(crate) fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// XML-escapes text for element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// How one piece of text is set.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub fill: &'static str,
    pub anchor: Anchor,
}

impl Font {
    pub(crate) const fn new(size: f64) -> Font {
        Font {
            size,
            bold: false,
            fill: INK,
            anchor: Anchor::Start,
        }
    }
    pub(crate) const fn bold(mut self) -> Font {
        self.bold = true;
        self
    }
    pub(crate) const fn fill(mut self, fill: &'static str) -> Font {
        self.fill = fill;
        self
    }
    pub(crate) const fn anchor(mut self, anchor: Anchor) -> Font {
        self.anchor = anchor;
        self
    }
    pub(crate) fn width(&self, text: &str) -> f64 {
        text_width(text, self.size, self.bold)
    }
    pub(crate) fn fit(&self, text: &str, max_w: f64) -> String {
        fit_text(text, self.size, self.bold, max_w)
    }
    pub(crate) fn wrap(&self, text: &str, max_w: f64) -> Vec<String> {
        wrap_text(text, self.size, self.bold, max_w)
    }
}

/// A chart being drawn. Body and defs are collected first; the document header (with the
/// final height, which may have grown) is written by [`Svg::finish`].
pub(crate) struct Svg {
    /// Prefix of every id in the document, so several charts can share one HTML page.
    pub id: &'static str,
    pub w: f64,
    pub h: f64,
    defs: String,
    body: String,
}

impl Svg {
    pub(crate) fn new(id: &'static str, size: Size) -> Svg {
        Svg {
            id,
            w: f64::from(size.width),
            h: f64::from(size.height),
            defs: String::new(),
            body: String::new(),
        }
    }

    /// Defines a diagonal hatch pattern `{id}-{name}` and returns `url(#…)` for it.
    pub(crate) fn hatch(&mut self, name: &str, stroke: &str, background: &str, gap: f64) -> String {
        let id = format!("{}-{name}", self.id);
        let _ = write!(
            self.defs,
            r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="{g}" height="{g}" patternTransform="rotate(45)"><rect width="{g}" height="{g}" fill="{background}"/><line x1="0" y1="0" x2="0" y2="{g}" stroke="{stroke}" stroke-width="{sw}"/></pattern>"#,
            g = num(gap),
            sw = num((gap / 3.0).max(1.2)),
        );
        format!("url(#{id})")
    }

    pub(crate) fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64, style: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" {style}/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
        );
    }

    pub(crate) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, style: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {style}/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
        );
    }

    pub(crate) fn polyline(&mut self, class: &str, pts: &[(f64, f64)], style: &str) {
        let points: Vec<String> = pts
            .iter()
            .map(|&(x, y)| format!("{},{}", num(x), num(y)))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline class="{class}" points="{}" fill="none" {style}/>"#,
            points.join(" ")
        );
    }

    pub(crate) fn circle(&mut self, class: &str, x: f64, y: f64, r: f64, style: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{}" {style}/>"#,
            num(x),
            num(y),
            num(r)
        );
    }

    pub(crate) fn path(&mut self, class: &str, d: &str, style: &str) {
        let _ = writeln!(self.body, r#"<path class="{class}" d="{d}" {style}/>"#);
    }

    pub(crate) fn text(&mut self, x: f64, y: f64, font: Font, text: &str) {
        self.text_rot(x, y, font, text, 0.0);
    }

    /// Text rotated by `deg` around its anchor point.
    pub(crate) fn text_rot(&mut self, x: f64, y: f64, font: Font, text: &str, deg: f64) {
        let anchor = match font.anchor {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        };
        let weight = if font.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let rot = if deg == 0.0 {
            String::new()
        } else {
            format!(r#" transform="rotate({} {} {})""#, num(deg), num(x), num(y))
        };
        let fill = if font.fill == INK {
            String::new()
        } else {
            format!(r#" fill="{}""#, font.fill)
        };
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}"{weight}{anchor}{fill}{rot}>{}</text>"#,
            num(x),
            num(y),
            num(font.size),
            esc(text)
        );
    }

    /// Text on a white box, so it stays legible over grid lines and patterns.
    pub(crate) fn text_boxed(&mut self, x: f64, y: f64, font: Font, text: &str) {
        let w = font.width(text);
        let x0 = match font.anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        self.rect(
            "label-bg",
            x0 - 2.0,
            y - font.size * 0.85,
            w + 4.0,
            font.size * 1.15,
            r##"fill="#ffffff""##,
        );
        self.text(x, y, font, text);
    }

    /// The chart title (bold, top left) and an optional one-line-or-wrapped note under it.
    /// Returns the y below them.
    pub(crate) fn heading(&mut self, title: &str, note: &str) -> f64 {
        let tf = Font::new(TITLE_PX).bold();
        let t = tf.fit(title, self.w - 2.0 * MARGIN);
        self.text(MARGIN, 20.0, tf, &t);
        let mut y = 26.0;
        if !note.is_empty() {
            let nf = Font::new(TICK_PX).fill(MUTED);
            for line in nf.wrap(note, self.w - 2.0 * MARGIN) {
                y += 14.0;
                self.text(MARGIN, y, nf, &line);
            }
        }
        y + 4.0
    }

    /// Writes the document. `title` becomes the accessible `<title>`, `desc` the `<desc>`.
    pub(crate) fn finish(self, title: &str, desc: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + self.defs.len() + 512);
        let (w, h) = (num(self.w), num(self.h.ceil()));
        let id = self.id;
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'{FAMILY}', sans-serif" role="img" aria-labelledby="{id}-title {id}-desc">"#
        );
        let _ = writeln!(out, r#"<title id="{id}-title">{}</title>"#, esc(title));
        let _ = writeln!(out, r#"<desc id="{id}-desc">{}</desc>"#, esc(desc));
        if !self.defs.is_empty() {
            let _ = writeln!(out, "<defs>{}</defs>", self.defs);
        }
        let _ = writeln!(
            out,
            r##"<rect class="background" width="100%" height="100%" fill="#ffffff"/>"##
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// A legend entry's key.
pub(crate) enum Key {
    /// A filled box (fill attribute value, stroke or "none").
    Swatch(String, &'static str),
    /// A line sample (stroke, width, dash array or "").
    Line(&'static str, f64, &'static str),
    /// A line with a circle on it.
    LineDot(&'static str),
    /// A single dot.
    Dot(&'static str),
}

/// Lays legend entries out in rows from (x, y) within `max_w`; returns the y below.
/// With `draw == false` it only measures.
pub(crate) fn legend(
    svg: &mut Svg,
    x: f64,
    y: f64,
    max_w: f64,
    items: &[(Key, String)],
    draw: bool,
) -> f64 {
    let font = Font::new(TICK_PX);
    let key_w = 22.0;
    let row_h = 17.0;
    let (mut cx, mut cy) = (x, y);
    for (key, label) in items {
        let label = font.fit(label, max_w - key_w - 6.0);
        let w = key_w + 5.0 + font.width(&label);
        if cx > x && cx + w > x + max_w {
            cx = x;
            cy += row_h;
        }
        if draw {
            let mid = cy + row_h / 2.0;
            match key {
                Key::Swatch(fill, stroke) => svg.rect(
                    "legend-key",
                    cx + 3.0,
                    mid - 6.0,
                    16.0,
                    12.0,
                    &format!(r#"fill="{fill}" stroke="{stroke}" stroke-width="1""#),
                ),
                Key::Line(stroke, sw, dash) => {
                    let dash = if dash.is_empty() {
                        String::new()
                    } else {
                        format!(r#" stroke-dasharray="{dash}""#)
                    };
                    svg.line(
                        cx,
                        mid,
                        cx + key_w,
                        mid,
                        &format!(r#"stroke="{stroke}" stroke-width="{}"{dash}"#, num(*sw)),
                    )
                }
                Key::LineDot(stroke) => {
                    svg.line(
                        cx,
                        mid,
                        cx + key_w,
                        mid,
                        &format!(r#"stroke="{stroke}" stroke-width="2.5""#),
                    );
                    svg.circle(
                        "legend-key",
                        cx + key_w / 2.0,
                        mid,
                        3.5,
                        &format!(r##"fill="{stroke}" stroke="#ffffff" stroke-width="1""##),
                    );
                }
                Key::Dot(fill) => svg.circle(
                    "legend-key",
                    cx + key_w / 2.0,
                    mid,
                    3.5,
                    &format!(r##"fill="{fill}" stroke="#ffffff" stroke-width="0.8""##),
                ),
            }
            svg.text(cx + key_w + 5.0, mid + 4.0, font, &label);
        }
        cx += w + 16.0;
    }
    cy + row_h
}

/// "Nice" axis: a step of 1, 2 or 5 × 10^k giving at most `max_ticks` intervals, and the
/// top of the axis (a multiple of the step, at least `max`).
pub(crate) fn nice_axis(max: f64, max_ticks: usize) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / max_ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

/// "3 Nov".
pub(crate) fn day_month(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// "2025" or "2025–2026" for the dates' span.
pub(crate) fn year_span(first: NaiveDate, last: NaiveDate) -> String {
    if first.year() == last.year() {
        first.year().to_string()
    } else {
        format!("{}–{}", first.year(), last.year())
    }
}

/// The Monday on or before `d`.
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// A chart with only its title and the sentence "No data in this period".
pub(crate) fn empty_chart(id: &'static str, title: &str, size: Size) -> String {
    let mut svg = Svg::new(id, size);
    let top = svg.heading(title, "");
    let (w, h) = (svg.w, svg.h);
    svg.rect(
        "empty",
        MARGIN,
        top,
        w - 2.0 * MARGIN,
        (h - top - MARGIN).max(20.0),
        r##"fill="#ffffff" stroke="#cccccc" stroke-dasharray="4 3""##,
    );
    svg.text(
        w / 2.0,
        top + (h - top - MARGIN) / 2.0 + 5.0,
        Font::new(LABEL_PX + 1.0).fill(MUTED).anchor(Anchor::Middle),
        "No data in this period",
    );
    svg.finish(title, "No data in this period.")
}

/// Positions on a date axis: `start` at `x0`, `end` (exclusive) at `x1`.
#[derive(Clone, Copy)]
pub(crate) struct DateScale {
    pub start: NaiveDate,
    pub days: f64,
    pub x0: f64,
    pub x1: f64,
}

impl DateScale {
    pub(crate) fn new(start: NaiveDate, end: NaiveDate, x0: f64, x1: f64) -> DateScale {
        let days = ((end - start).num_days() as f64).max(1.0);
        DateScale {
            start,
            days,
            x0,
            x1,
        }
    }
    /// x of the start of day `d`.
    pub(crate) fn x(&self, d: NaiveDate) -> f64 {
        self.x_days((d - self.start).num_days() as f64)
    }
    pub(crate) fn x_days(&self, days: f64) -> f64 {
        self.x0 + days / self.days * (self.x1 - self.x0)
    }
    pub(crate) fn day_w(&self) -> f64 {
        (self.x1 - self.x0) / self.days
    }
}

/// Draws date tick labels ("3 Nov") at the given dates below `y`, skipping labels so that
/// none overlap, plus short tick marks at every date.
pub(crate) fn date_ticks(svg: &mut Svg, scale: &DateScale, dates: &[NaiveDate], y: f64) {
    let font = Font::new(TICK_PX).anchor(Anchor::Middle);
    let widest = dates
        .iter()
        .map(|d| font.width(&day_month(*d)))
        .fold(0.0, f64::max);
    let spacing = if dates.len() > 1 {
        (scale.x(dates[1]) - scale.x(dates[0])).abs().max(1.0)
    } else {
        f64::MAX
    };
    let every = ((widest + 8.0) / spacing).ceil().max(1.0) as usize;
    for (i, d) in dates.iter().enumerate() {
        let x = scale.x(*d);
        svg.line(
            x,
            y,
            x,
            y + 4.0,
            &format!(r#"stroke="{AXIS}" stroke-width="1""#),
        );
        if i % every == 0 {
            let label = day_month(*d);
            // Keep the label inside the drawing.
            let half = font.width(&label) / 2.0;
            let lx = x.clamp(half + 2.0, svg.w - half - 2.0);
            svg.text(lx, y + 16.0, font, &label);
        }
    }
}

/// Horizontal grid lines, y tick labels at the left of `x0`, for values 0..=top by `step`.
pub(crate) fn y_grid(
    svg: &mut Svg,
    x0: f64,
    x1: f64,
    y_of: impl Fn(f64) -> f64,
    top: f64,
    step: f64,
    fmt: impl Fn(f64) -> String,
) {
    let font = Font::new(TICK_PX).anchor(Anchor::End);
    let n = (top / step).round() as usize;
    for i in 0..=n {
        let v = i as f64 * step;
        let y = y_of(v);
        let stroke = if i == 0 { AXIS } else { GRID };
        svg.line(
            x0,
            y,
            x1,
            y,
            &format!(r#"stroke="{stroke}" stroke-width="1""#),
        );
        svg.text(x0 - 5.0, y + 4.0, font, &fmt(v));
    }
}

/// Width needed by y tick labels.
pub(crate) fn y_labels_width(top: f64, step: f64, fmt: impl Fn(f64) -> String) -> f64 {
    let font = Font::new(TICK_PX);
    let n = (top / step).round() as usize;
    (0..=n)
        .map(|i| font.width(&fmt(i as f64 * step)))
        .fold(0.0, f64::max)
}
