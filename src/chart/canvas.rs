//! The drawing layer the charts share: they lay out in px (user units, 720 ≈ an A4 text
//! width) and record shapes on a [`Canvas`]; plotters draws the recorded shapes on any
//! backend, at 0.1 mm per unit (plotters' geometry is integer: px would be too coarse).
//!
//! Around plotters this adds what it lacks (docs/design.md section 6, issue 12): exact text
//! measurement with the bundled fonts ([`Font::width`]), tops-anchored text with baselines
//! computed here (other vertical anchors use `ex`, which renderers read differently),
//! hatched areas whose segments are clipped here (plotters has no clipping), and a
//! finishing pass that gives the SVG its `<title>`, `<desc>`, `role="img"` and a size in mm.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::{RangedCoordf64, RangedDate};
use plotters::coord::{CoordTranslate as _, Shift};
use plotters::element::DashedPathElement;
use plotters::prelude::{
    Circle, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoDrawingArea, IntoFont,
    PathElement, Rectangle, SVGBackend, ShapeStyle, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color as _, FontStyle, FontTransform, RGBColor};

use super::Size;
use super::font::{FAMILY_LIST, fit_text, text_width, wrap_text};

pub(crate) use plotters::style::RGBColor as Rgb;

// Palette: a dark blue / orange pair that stays apart in greyscale (blue prints dark,
// orange mid-grey), always paired with a second cue (pattern, outline, marker shape).
pub(crate) const BLUE: Rgb = RGBColor(0x1f, 0x4e, 0x79);
pub(crate) const BLUE_LIGHT: Rgb = RGBColor(0xa9, 0xc1, 0xdb);
pub(crate) const ORANGE: Rgb = RGBColor(0xd0, 0x77, 0x1e);
pub(crate) const INK: Rgb = RGBColor(0x22, 0x22, 0x22);
pub(crate) const MUTED: Rgb = RGBColor(0x55, 0x55, 0x55);
pub(crate) const AXIS: Rgb = RGBColor(0x44, 0x44, 0x44);
pub(crate) const GRID: Rgb = RGBColor(0xe1, 0xe1, 0xe1);
pub(crate) const HATCH: Rgb = RGBColor(0x8c, 0x8c, 0x8c);
pub(crate) const WHITE: Rgb = RGBColor(0xff, 0xff, 0xff);
pub(crate) const RED: Rgb = RGBColor(0xb0, 0x1c, 0x1c);

/// Font sizes (px at the chart's user units; 720 units print about 17 cm wide).
pub(crate) const TITLE_PX: f64 = 15.0;
pub(crate) const LABEL_PX: f64 = 12.0;
pub(crate) const TICK_PX: f64 = 11.0;
pub(crate) const MARGIN: f64 = 12.0;

/// Backend units per px: one unit is 0.1 mm, one px 0.25 mm.
pub(crate) const UNITS_PER_PX: f64 = 2.5;
/// Millimetres per backend unit.
const MM_PER_UNIT: f64 = 0.1;
/// DejaVu Sans cap height in em: plotters' top anchor shifts text down by `0.76em`, so a
/// baseline at `y` is drawn from `y - 0.76 × size`.
const TOP_SHIFT_EM: f64 = 0.76;
/// plotters writes `font-size = size / 1.24`.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Formats a number: at most two decimals, no trailing zeros, never "-0".
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

/// XML-escapes text for element content and attribute values (the finishing pass).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_safe(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters XML 1.0 does not allow become spaces (plotters escapes only markup).
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => ' ',
            '\u{FFFE}' | '\u{FFFF}' => ' ',
            c => c,
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// How one piece of text is set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub fill: Rgb,
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
    pub(crate) const fn fill(mut self, fill: Rgb) -> Font {
        self.fill = fill;
        self
    }
    pub(crate) const fn anchor(mut self, anchor: Anchor) -> Font {
        self.anchor = anchor;
        self
    }
    /// Width in px, measured with the bundled font.
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

/// A line's colour, width (px) and dash pattern (on, off in px).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f64,
    pub dash: Option<(f64, f64)>,
}

impl Stroke {
    pub(crate) const fn new(color: Rgb, width: f64) -> Stroke {
        Stroke {
            color,
            width,
            dash: None,
        }
    }
    pub(crate) const fn dash(mut self, on: f64, off: f64) -> Stroke {
        self.dash = Some((on, off));
        self
    }
}

/// Diagonal hatching on white: "no data". `gap` is the distance between lines in px.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Hatch {
    pub ink: Rgb,
    pub gap: f64,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Fill {
    None,
    Solid(Rgb),
    Hatch(Hatch),
}

/// How a shape is filled and outlined.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Paint {
    pub fill: Fill,
    pub stroke: Option<Stroke>,
}

impl Paint {
    pub(crate) const fn fill(color: Rgb) -> Paint {
        Paint {
            fill: Fill::Solid(color),
            stroke: None,
        }
    }
    pub(crate) const fn hatch(ink: Rgb, gap: f64) -> Paint {
        Paint {
            fill: Fill::Hatch(Hatch { ink, gap }),
            stroke: None,
        }
    }
    pub(crate) const fn outline(color: Rgb, width: f64) -> Paint {
        Paint {
            fill: Fill::None,
            stroke: Some(Stroke::new(color, width)),
        }
    }
    pub(crate) const fn stroke(mut self, color: Rgb, width: f64) -> Paint {
        self.stroke = Some(Stroke::new(color, width));
        self
    }
    pub(crate) const fn dash(mut self, on: f64, off: f64) -> Paint {
        if let Some(s) = self.stroke {
            self.stroke = Some(s.dash(on, off));
        }
        self
    }
}

/// One recorded shape. `class` names what it shows (tests read it; it is not drawn).
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        paint: Paint,
    },
    Line {
        pts: Vec<(f64, f64)>,
        stroke: Stroke,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        paint: Paint,
    },
    /// `y` is the baseline; `vertical` text reads bottom to top.
    Text {
        x: f64,
        y: f64,
        font: Font,
        text: String,
        vertical: bool,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Item {
    // plotters writes no class attribute: the name is for the layout tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    pub class: &'static str,
    pub shape: Shape,
}

/// A chart being laid out: shapes are recorded first, so the height may still grow;
/// [`Canvas::finish`] draws them with plotters and finishes the SVG.
pub(crate) struct Canvas {
    /// Prefix of the ids in the document, so several charts can share one HTML page.
    pub id: &'static str,
    pub w: f64,
    pub h: f64,
    pub items: Vec<Item>,
}

/// A laid-out chart: its shapes, size (px) and accessible title and description.
pub(crate) struct Drawing {
    pub id: &'static str,
    pub w: f64,
    pub h: f64,
    pub items: Vec<Item>,
    pub title: String,
    pub desc: String,
}

impl Canvas {
    pub(crate) fn new(id: &'static str, size: Size) -> Canvas {
        Canvas {
            id,
            w: f64::from(size.width),
            h: f64::from(size.height),
            items: Vec::new(),
        }
    }

    fn push(&mut self, class: &'static str, shape: Shape) {
        self.items.push(Item { class, shape });
    }

    pub(crate) fn rect(
        &mut self,
        class: &'static str,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        paint: Paint,
    ) {
        let (w, h) = (w.max(0.0), h.max(0.0));
        self.push(class, Shape::Rect { x, y, w, h, paint });
    }

    pub(crate) fn line(
        &mut self,
        class: &'static str,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: Stroke,
    ) {
        self.polyline(class, &[(x1, y1), (x2, y2)], stroke);
    }

    pub(crate) fn polyline(&mut self, class: &'static str, pts: &[(f64, f64)], stroke: Stroke) {
        let pts = pts.to_vec();
        self.push(class, Shape::Line { pts, stroke });
    }

    pub(crate) fn circle(&mut self, class: &'static str, x: f64, y: f64, r: f64, paint: Paint) {
        self.push(class, Shape::Circle { x, y, r, paint });
    }

    /// Text with its baseline at `y`.
    pub(crate) fn text(&mut self, x: f64, y: f64, font: Font, text: &str) {
        self.push_text(x, y, font, text, false);
    }

    /// Text reading bottom to top, its baseline at `x`, anchored at `y`.
    pub(crate) fn text_up(&mut self, x: f64, y: f64, font: Font, text: &str) {
        self.push_text(x, y, font, text, true);
    }

    fn push_text(&mut self, x: f64, y: f64, font: Font, text: &str, vertical: bool) {
        let text = xml_safe(text);
        self.push(
            "text",
            Shape::Text {
                x,
                y,
                font,
                text,
                vertical,
            },
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
            Paint::fill(WHITE),
        );
        self.text(x, y, font, text);
    }

    /// A vertical bar from `top` down to the axis at `bottom`; a zero (a logged bin with
    /// no cramp) gets a visible stub on the axis, so it never reads as a gap.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn bar(
        &mut self,
        class: &'static str,
        x: f64,
        w: f64,
        top: f64,
        bottom: f64,
        paint: Paint,
        zero: bool,
    ) {
        self.rect(class, x, top, w, bottom - top, paint);
        if zero {
            self.line(
                "zero",
                x,
                bottom - 1.0,
                x + w,
                bottom - 1.0,
                Stroke::new(BLUE, 2.0),
            );
        }
    }

    /// A hatched "no data" area (never a zero) with its label: across it, or upwards when
    /// the area is narrow, or none when it has no room at all.
    pub(crate) fn no_data(&mut self, x: f64, y: f64, w: f64, h: f64, paint: Paint) {
        self.rect("nodata", x, y, w, h, paint);
        let font = Font::new(TICK_PX).anchor(Anchor::Middle);
        let text = "no data";
        let tw = font.width(text);
        let (xc, yc) = (x + w / 2.0, y + h / 2.0);
        if w >= tw + 6.0 {
            self.text_boxed(xc, yc, font, text);
        } else if h >= tw + 6.0 && w >= 6.0 {
            let bg = Paint::fill(WHITE);
            self.rect(
                "label-bg",
                xc - 7.0,
                yc - tw / 2.0 - 2.0,
                14.0,
                tw + 4.0,
                bg,
            );
            self.text_up(xc + 4.0, yc, font, text);
        }
    }

    /// The chart title (bold, top left) and an optional wrapped note under it.
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

    /// Ends the layout. `title` becomes the accessible `<title>`, `desc` the `<desc>`.
    pub(crate) fn finish(self, title: &str, desc: &str) -> Drawing {
        Drawing {
            id: self.id,
            w: self.w,
            h: self.h.ceil(),
            items: self.items,
            title: title.to_string(),
            desc: desc.to_string(),
        }
    }
}

/// px → backend units.
fn u(v: f64) -> i32 {
    let v = (v * UNITS_PER_PX).round();
    if v.is_finite() {
        v.clamp(-1e8, 1e8) as i32
    } else {
        0
    }
}

/// Backend units → px.
fn px(units: i32) -> f64 {
    f64::from(units) / UNITS_PER_PX
}

fn width_units(px: f64) -> u32 {
    u(px).max(1).unsigned_abs()
}

/// The segments of 45° hatch lines ("/") inside the rectangle, `gap` apart, phased on the
/// canvas so neighbouring areas line up (plotters has no clipping, so they are cut here).
pub(crate) fn hatch_segments(x: f64, y: f64, w: f64, h: f64, gap: f64) -> Vec<[(f64, f64); 2]> {
    let (x1, y1) = (x + w, y + h);
    // Lines x + y = c, perpendicular distance `gap` apart.
    let step = gap.max(1.0) * std::f64::consts::SQRT_2;
    let mut out = Vec::new();
    let mut c = ((x + y) / step).ceil() * step;
    while c < x1 + y1 {
        let xa = x.max(c - y1);
        let xb = x1.min(c - y);
        if xb - xa > 0.05 {
            out.push([(xa, c - xa), (xb, c - xb)]);
        }
        c += step;
    }
    out
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn shape_style(color: Rgb, width: f64, filled: bool) -> ShapeStyle {
    ShapeStyle {
        color: color.to_rgba(),
        filled,
        stroke_width: width_units(width),
    }
}

fn draw_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(f64, f64)],
    s: Stroke,
) -> DrawResult<DB> {
    let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (u(x), u(y))).collect();
    let style = shape_style(s.color, s.width, false);
    match s.dash {
        Some((on, off)) => area.draw(&DashedPathElement::new(
            pts,
            width_units(on),
            width_units(off),
            style,
        )),
        None => area.draw(&PathElement::new(pts, style)),
    }
}

impl Drawing {
    /// Size in backend units (0.1 mm).
    pub(crate) fn units(&self) -> (u32, u32) {
        (width_units(self.w), width_units(self.h))
    }

    /// Draws every shape on `area` (its origin at the chart's top left, 0.1 mm per unit).
    pub(crate) fn draw_on<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> DrawResult<DB> {
        area.fill(&WHITE)?;
        for item in &self.items {
            match &item.shape {
                Shape::Rect { x, y, w, h, paint } => {
                    let corners = [(u(*x), u(*y)), (u(x + w), u(y + h))];
                    match paint.fill {
                        Fill::None => {}
                        Fill::Solid(c) => area.draw(&Rectangle::new(corners, c.filled()))?,
                        Fill::Hatch(hatch) => {
                            area.draw(&Rectangle::new(corners, WHITE.filled()))?;
                            let sw = (hatch.gap / 3.0).max(1.2);
                            for seg in hatch_segments(*x, *y, *w, *h, hatch.gap) {
                                draw_line(area, &seg, Stroke::new(hatch.ink, sw))?;
                            }
                        }
                    }
                    if let Some(s) = paint.stroke {
                        // Rectangle outlines in plotters are one unit wide: draw a path.
                        let pts = [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h), (*x, *y)];
                        draw_line(area, &pts, s)?;
                    }
                }
                Shape::Line { pts, stroke } => draw_line(area, pts, *stroke)?,
                Shape::Circle { x, y, r, paint } => {
                    let (c, r) = ((u(*x), u(*y)), width_units(*r));
                    if let Fill::Solid(f) = paint.fill {
                        area.draw(&Circle::new(c, r, f.filled()))?;
                    }
                    if let Some(s) = paint.stroke {
                        area.draw(&Circle::new(c, r, shape_style(s.color, s.width, false)))?;
                    }
                }
                Shape::Text {
                    x,
                    y,
                    font,
                    text,
                    vertical,
                } => {
                    let size = font.size * UNITS_PER_PX;
                    let style = if font.bold {
                        FontStyle::Bold
                    } else {
                        FontStyle::Normal
                    };
                    let h = match font.anchor {
                        Anchor::Start => HPos::Left,
                        Anchor::Middle => HPos::Center,
                        Anchor::End => HPos::Right,
                    };
                    let mut ts: TextStyle = (FAMILY_LIST, size * PLOTTERS_FONT_SCALE, style)
                        .into_font()
                        .color(&font.fill)
                        .pos(Pos::new(h, VPos::Top));
                    let shift = TOP_SHIFT_EM * font.size;
                    let at = if *vertical {
                        ts = ts.transform(FontTransform::Rotate270);
                        (u(x - shift), u(*y))
                    } else {
                        (u(*x), u(y - shift))
                    };
                    area.draw_text(text, &ts, at)?;
                }
            }
        }
        Ok(())
    }

    /// The chart as SVG text: drawn by plotters, then finished here.
    pub(crate) fn to_svg(&self) -> anyhow::Result<String> {
        let mut body = String::new();
        {
            let area = SVGBackend::with_string(&mut body, self.units()).into_drawing_area();
            self.draw_on(&area)
                .and_then(|()| area.present())
                .map_err(|e| anyhow::anyhow!("chart drawing failed: {e}"))?;
        }
        Ok(self.finish_svg(&body))
    }

    /// The finishing pass: a root element with the size in mm, `role="img"`, an accessible
    /// name and description, and font sizes rounded (plotters divides them by 1.24).
    fn finish_svg(&self, plotters_svg: &str) -> String {
        let (wu, hu) = self.units();
        let body = plotters_svg
            .split_once('>')
            .map_or(plotters_svg, |(_, rest)| rest);
        let id = self.id;
        let mut out = String::with_capacity(body.len() + 512);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}mm" height="{}mm" viewBox="0 0 {wu} {hu}" role="img" aria-labelledby="{id}-title {id}-desc">"#,
            num(f64::from(wu) * MM_PER_UNIT),
            num(f64::from(hu) * MM_PER_UNIT),
        );
        let _ = writeln!(
            out,
            r#"<title id="{id}-title">{}</title>"#,
            esc(&self.title)
        );
        let _ = write!(out, r#"<desc id="{id}-desc">{}</desc>"#, esc(&self.desc));
        round_font_sizes(body, &mut out);
        out
    }
}

/// Copies `svg`, rewriting every `font-size="…"` to at most one decimal.
fn round_font_sizes(svg: &str, out: &mut String) {
    const KEY: &str = "font-size=\"";
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let _ = write!(out, "{}", num((v * 10.0).round() / 10.0));
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
}

/// A legend entry's key.
pub(crate) enum Key {
    /// A filled box.
    Swatch(Paint),
    /// A line sample.
    Line(Stroke),
    /// A line with a circle on it.
    LineDot(Rgb),
    /// A single dot.
    Dot(Rgb),
}

/// Lays legend entries out in rows from (x, y) within `max_w`; returns the y below.
/// With `draw == false` it only measures.
pub(crate) fn legend(
    svg: &mut Canvas,
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
                Key::Swatch(paint) => {
                    svg.rect("legend-key", cx + 3.0, mid - 6.0, 16.0, 12.0, *paint)
                }
                Key::Line(stroke) => svg.line("legend-key", cx, mid, cx + key_w, mid, *stroke),
                Key::LineDot(color) => {
                    svg.line(
                        "legend-key",
                        cx,
                        mid,
                        cx + key_w,
                        mid,
                        Stroke::new(*color, 2.5),
                    );
                    svg.circle(
                        "legend-key",
                        cx + key_w / 2.0,
                        mid,
                        3.5,
                        Paint::fill(*color).stroke(WHITE, 1.0),
                    );
                }
                Key::Dot(color) => svg.circle(
                    "legend-key",
                    cx + key_w / 2.0,
                    mid,
                    3.5,
                    Paint::fill(*color).stroke(WHITE, 0.8),
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

/// A date tick label: "3 Nov", or "3 Nov 2025" when the chart spans more than one year
/// (a clinician must never have to guess the year).
pub(crate) fn date_label(d: NaiveDate, with_year: bool) -> String {
    if with_year {
        d.format("%-d %b %Y").to_string()
    } else {
        day_month(d)
    }
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
pub(crate) fn empty_chart(id: &'static str, title: &str, size: Size) -> Drawing {
    let mut svg = Canvas::new(id, size);
    let top = svg.heading(title, "");
    let (w, h) = (svg.w, svg.h);
    svg.rect(
        "empty",
        MARGIN,
        top,
        w - 2.0 * MARGIN,
        (h - top - MARGIN).max(20.0),
        Paint::outline(RGBColor(0xcc, 0xcc, 0xcc), 1.0).dash(4.0, 3.0),
    );
    svg.text(
        w / 2.0,
        top + (h - top - MARGIN) / 2.0 + 5.0,
        Font::new(LABEL_PX + 1.0).fill(MUTED).anchor(Anchor::Middle),
        "No data in this period",
    );
    svg.finish(title, "No data in this period.")
}

/// Where data values go in one plot area: plotters' `Cartesian2d` over the area in backend
/// units (0.1 mm), so plotters' ranged coordinates map every date and value (a date axis
/// with `RangedDate`, linear ones with `RangedCoordf64`, the log axis with `LogCoord`);
/// the layout reads the positions back in px (docs/design.md section 6).
pub(crate) struct Plot<X: Ranged, Y: Ranged> {
    coord: Cartesian2d<X, Y>,
    x_units: (i32, i32),
    y_units: (i32, i32),
}

/// Dates across (whole days), values up.
pub(crate) type DatePlot = Plot<RangedDate<NaiveDate>, RangedCoordf64>;
/// Dates across, values up on a log scale.
pub(crate) type DateLogPlot = Plot<RangedDate<NaiveDate>, LogCoord<f64>>;
/// Numbers both ways (slots or rows on one axis, values on the other).
pub(crate) type NumPlot = Plot<RangedCoordf64, RangedCoordf64>;

impl<X: Ranged, Y: Ranged> Plot<X, Y> {
    /// The start of `x` goes to `x_px.0` and its end to `x_px.1`; likewise `y` (so a value
    /// axis growing upwards has `y_px = (bottom, top)`).
    pub(crate) fn new(
        x: impl Into<X>,
        y: impl Into<Y>,
        x_px: (f64, f64),
        y_px: (f64, f64),
    ) -> Plot<X, Y> {
        let x_units = (u(x_px.0), u(x_px.1));
        let y_units = (u(y_px.0), u(y_px.1));
        Plot {
            coord: Cartesian2d::new(x, y, (x_units.0..x_units.1, y_units.0..y_units.1)),
            x_units,
            y_units,
        }
    }
    /// x of a value, in px.
    pub(crate) fn x(&self, v: &X::ValueType) -> f64 {
        px(self.coord.x_spec().map(v, self.x_units))
    }
    /// y of a value, in px.
    pub(crate) fn y(&self, v: &Y::ValueType) -> f64 {
        px(self.coord.y_spec().map(v, self.y_units))
    }
    /// Both at once, through plotters' 2-D translation.
    pub(crate) fn at(&self, x: X::ValueType, y: Y::ValueType) -> (f64, f64) {
        let (bx, by) = self.coord.translate(&(x, y));
        (px(bx), px(by))
    }
}

impl<Y: Ranged> Plot<RangedDate<NaiveDate>, Y> {
    /// Width of one day in px.
    pub(crate) fn day_w(&self) -> f64 {
        let r = self.coord.get_x_range();
        let days = ((r.end - r.start).num_days() as f64).max(1.0);
        (self.x(&r.end) - self.x(&r.start)) / days
    }
    /// x of the middle of night `d`.
    pub(crate) fn x_mid(&self, d: NaiveDate) -> f64 {
        let next = d.succ_opt().unwrap_or(d);
        (self.x(&d) + self.x(&next)) / 2.0
    }
}

/// A date range for a [`DatePlot`]: `start` to `end` (exclusive).
pub(crate) fn days(start: NaiveDate, end: NaiveDate) -> RangedDate<NaiveDate> {
    (start..end.max(start + chrono::Duration::days(1))).into()
}

/// Draws tick marks at the given dates below `y`, and their labels (`label`), skipping
/// labels so that none overlap.
pub(crate) fn date_ticks<Y: Ranged>(
    svg: &mut Canvas,
    scale: &Plot<RangedDate<NaiveDate>, Y>,
    dates: &[NaiveDate],
    y: f64,
    label: &dyn Fn(NaiveDate) -> String,
) {
    let font = Font::new(TICK_PX).anchor(Anchor::Middle);
    let widest = dates
        .iter()
        .map(|d| font.width(&label(*d)))
        .fold(0.0, f64::max);
    let spacing = if dates.len() > 1 {
        (scale.x(&dates[1]) - scale.x(&dates[0])).abs().max(1.0)
    } else {
        f64::MAX
    };
    let every = ((widest + 8.0) / spacing).ceil().max(1.0) as usize;
    let mut end = f64::MIN;
    for (i, d) in dates.iter().enumerate() {
        let x = scale.x(d);
        svg.line("tick", x, y, x, y + 4.0, Stroke::new(AXIS, 1.0));
        if i % every == 0 {
            let text = label(*d);
            // Keep the label inside the drawing, and clear of the one before.
            let half = font.width(&text) / 2.0;
            let lx = x.clamp(half + 2.0, svg.w - half - 2.0);
            if lx - half >= end + 6.0 {
                svg.text(lx, y + 16.0, font, &text);
                end = lx + half;
            }
        }
    }
}

/// Horizontal grid lines, y tick labels at the left of `x0`, for values 0..=top by `step`.
pub(crate) fn y_grid(
    svg: &mut Canvas,
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
        svg.line("grid", x0, y, x1, y, Stroke::new(stroke, 1.0));
        svg.text(x0 - 5.0, y + 4.0, font, &fmt(v));
    }
}

/// Vertical grid lines across `top..bottom` for values 0..=`max` by `step` (the first in the
/// axis colour), their labels under `bottom`, and the axis title under those, centred.
pub(crate) fn x_grid(
    svg: &mut Canvas,
    x_of: impl Fn(f64) -> f64,
    (top, bottom): (f64, f64),
    max: f64,
    step: f64,
    fmt: impl Fn(f64) -> String,
    title: &str,
) {
    let n = (max / step).round() as usize;
    for i in 0..=n {
        let v = i as f64 * step;
        let stroke = if i == 0 { AXIS } else { GRID };
        svg.line(
            "line",
            x_of(v),
            top,
            x_of(v),
            bottom,
            Stroke::new(stroke, 1.0),
        );
        svg.text(
            x_of(v),
            bottom + 15.0,
            Font::new(TICK_PX).anchor(Anchor::Middle),
            &fmt(v),
        );
    }
    svg.text(
        (x_of(0.0) + x_of(max)) / 2.0,
        bottom + 32.0,
        Font::new(LABEL_PX).anchor(Anchor::Middle),
        title,
    );
}

/// Width needed by y tick labels.
pub(crate) fn y_labels_width(top: f64, step: f64, fmt: impl Fn(f64) -> String) -> f64 {
    let font = Font::new(TICK_PX);
    let n = (top / step).round() as usize;
    (0..=n)
        .map(|i| font.width(&fmt(i as f64 * step)))
        .fold(0.0, f64::max)
}
