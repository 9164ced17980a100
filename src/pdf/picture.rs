//! Vector pictures (the report's charts) drawn straight onto the page: a plotters
//! [`DrawingBackend`] whose shapes and text become krilla paths and glyph runs, with no SVG
//! text in between (docs/design.md section 8: no text round trip, no parsed tree).
//!
//! It draws what plotters' SVG backend would write, the way an SVG renderer shows it, so a
//! chart looks the same in the PDF as in its SVG: rectangles and circles filled or
//! outlined (outlines 1 unit wide for rectangles), polylines with butt caps and mitred
//! joins (miter limit 4), text on its alphabetic baseline with the SVG backend's `dy`
//! (`0.76em` for a top anchor, `±0.5ex`, one ex being half an em), `text-anchor` from the
//! measured width, `font-size` = size / 1.24 (rounded to 0.1, as the chart's SVG finishing
//! pass does) and `rotate(…)` about the anchor. Whitespace is collapsed as SVG does.
//! Text stays text, in the bundled fonts, one run per label.

use std::convert::Infallible;

use krilla::geom::{Path, PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use super::layout::{Fonts, Style};
use super::{KFonts, glyph_run};

/// A picture the engine can place like a chart: its size in its own units (any unit; only
/// the aspect ratio matters, it is scaled to the space it gets) and a way to draw itself on a
/// plotters backend in those units.
pub trait Picture: std::fmt::Debug + Send + Sync {
    /// Width and height in the picture's units (both > 0 to be drawn).
    fn size(&self) -> (u32, u32);
    /// Draws the picture. Errors abort the PDF with the picture's number.
    fn draw(&self, backend: PictureBackend<'_, '_>) -> anyhow::Result<()>;
}

/// The backend a [`Picture`] draws on: the page's surface, already moved and scaled so that
/// one unit of the picture is one unit here, and clipped to the picture.
pub struct PictureBackend<'a, 'b> {
    s: &'a mut Surface<'b>,
    fonts: &'a Fonts,
    k: &'a KFonts,
    size: (u32, u32),
    /// A filled circle not drawn yet: an outline of the same circle may follow (a dot with
    /// a ring), which is then drawn as two dots (see [`PictureBackend::dot`]).
    pending: Option<PendingDot>,
}

#[derive(Clone, Copy)]
struct PendingDot {
    center: BackendCoord,
    r: f32,
    color: BackendColor,
}

/// SVG's default miter limit (krilla's own default is 10).
const MITER_LIMIT: f32 = 4.0;
/// The quarter-circle Bézier constant.
const KAPPA: f32 = 0.552_284_8;
/// Length of the stroke that draws a dot (units; far below a printer's dot).
const DOT_LEN: f32 = 0.01;

impl<'a, 'b> PictureBackend<'a, 'b> {
    pub(super) fn new(
        s: &'a mut Surface<'b>,
        fonts: &'a Fonts,
        k: &'a KFonts,
        size: (u32, u32),
    ) -> Self {
        PictureBackend {
            s,
            fonts,
            k,
            size,
            pending: None,
        }
    }

    /// A filled disc drawn as a round-capped stroke of (almost) no length, `2 r` wide: the
    /// same disc in a fraction of the bytes of four Bézier curves (a chart of a dot per
    /// night has thousands; krilla draws nothing for a path of zero length).
    fn dot(&mut self, (cx, cy): BackendCoord, r: f32, color: BackendColor) {
        if r <= 0.0 {
            return;
        }
        let (x, y) = (cx as f32, cy as f32);
        let mut pb = PathBuilder::new();
        pb.move_to(x - DOT_LEN / 2.0, y);
        pb.line_to(x + DOT_LEN / 2.0, y);
        if let Some(p) = pb.finish() {
            self.s.set_fill(None);
            self.s.set_stroke(Some(Stroke {
                paint: paint(color),
                width: 2.0 * r,
                miter_limit: MITER_LIMIT,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                opacity: opacity(color),
                dash: None,
            }));
            self.s.draw_path(&p);
        }
    }

    /// Draws the pending filled circle, if any.
    fn flush(&mut self) {
        if let Some(d) = self.pending.take() {
            self.dot(d.center, d.r, d.color);
        }
    }

    fn fill(&mut self, path: &Path, color: BackendColor) {
        self.s.set_fill(Some(Fill {
            paint: paint(color),
            opacity: opacity(color),
            rule: FillRule::NonZero,
        }));
        self.s.set_stroke(None);
        self.s.draw_path(path);
    }

    fn stroke(&mut self, path: &Path, color: BackendColor, width: f32) {
        self.s.set_fill(None);
        self.s.set_stroke(Some(Stroke {
            paint: paint(color),
            width,
            miter_limit: MITER_LIMIT,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Miter,
            opacity: opacity(color),
            dash: None,
        }));
        self.s.draw_path(path);
    }
}

fn paint(c: BackendColor) -> krilla::paint::Paint {
    let (r, g, b) = c.rgb;
    krilla::color::rgb::Color::new(r, g, b).into()
}

fn opacity(c: BackendColor) -> NormalizedF32 {
    NormalizedF32::new(c.alpha.clamp(0.0, 1.0) as f32).unwrap_or(NormalizedF32::ONE)
}

/// Nothing is drawn in a fully transparent colour (as plotters' SVG backend).
fn invisible(c: BackendColor) -> bool {
    c.alpha <= 0.0
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    // A rectangle with no area is not drawn (as in SVG).
    if !(w > 0.0 && h > 0.0) {
        return None;
    }
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

fn poly_path(points: impl IntoIterator<Item = BackendCoord>, close: bool) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let mut n = 0;
    for (x, y) in points {
        if n == 0 {
            pb.move_to(x as f32, y as f32);
        } else {
            pb.line_to(x as f32, y as f32);
        }
        n += 1;
    }
    // SVG draws no polyline or polygon of fewer than two points.
    if n < 2 {
        return None;
    }
    if close {
        pb.close();
    }
    pb.finish()
}

fn circle_path(cx: f32, cy: f32, r: f32) -> Option<Path> {
    if r <= 0.0 {
        return None;
    }
    let k = r * KAPPA;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

/// Text content as an SVG renderer shows it (`xml:space="default"`): newlines removed,
/// tabs and spaces collapsed to one space, none at either end.
fn svg_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        match c {
            '\n' | '\r' => {}
            ' ' | '\t' => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    super::layout::clean(&out, false)
}

/// The SVG backend's `font-size`, rounded as the chart's finishing pass rounds it.
fn svg_font_size(size: f64) -> f32 {
    ((size / 1.24 * 10.0).round() / 10.0) as f32
}

impl DrawingBackend for PictureBackend<'_, '_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        if !invisible(color) {
            if let Some(p) = rect_path(x as f32, y as f32, 1.0, 1.0) {
                self.fill(&p, color);
            }
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        let color = style.color();
        if !invisible(color) {
            let mut pb = PathBuilder::new();
            pb.move_to(from.0 as f32, from.1 as f32);
            pb.line_to(to.0 as f32, to.1 as f32);
            if let Some(p) = pb.finish() {
                self.stroke(&p, color, style.stroke_width() as f32);
            }
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        let color = style.color();
        let (x, y) = (upper_left.0 as f32, upper_left.1 as f32);
        let (w, h) = (
            (bottom_right.0 - upper_left.0) as f32,
            (bottom_right.1 - upper_left.1) as f32,
        );
        if let Some(p) = rect_path(x, y, w, h).filter(|_| !invisible(color)) {
            if fill {
                self.fill(&p, color);
            } else {
                // The SVG backend writes no stroke-width on a rectangle: SVG's default of 1.
                self.stroke(&p, color, 1.0);
            }
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        let color = style.color();
        if !invisible(color) {
            if let Some(p) = poly_path(path, false) {
                self.stroke(&p, color, style.stroke_width() as f32);
            }
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let color = style.color();
        let r = radius as f32;
        if invisible(color) || r <= 0.0 {
            self.flush();
            return Ok(());
        }
        if fill {
            self.flush();
            self.pending = Some(PendingDot { center, r, color });
            return Ok(());
        }
        let w = style.stroke_width() as f32;
        match self.pending.take() {
            // A ring on an opaque dot: a dot of the ring's colour out to the ring's outer
            // edge, then the dot's colour inside the ring's inner edge (the same pixels).
            Some(d)
                if d.center == center && d.r == r && d.color.alpha >= 1.0 && color.alpha >= 1.0 =>
            {
                self.dot(center, r + w / 2.0, color);
                self.dot(center, r - w / 2.0, d.color);
            }
            other => {
                self.pending = other;
                self.flush();
                if let Some(p) = circle_path(center.0 as f32, center.1 as f32, r) {
                    self.stroke(&p, color, w);
                }
            }
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        let color = style.color();
        if !invisible(color) {
            if let Some(p) = poly_path(vert, true) {
                self.fill(&p, color);
            }
        }
        Ok(())
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        (x0, y0): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.flush();
        let color = style.color();
        let text = svg_whitespace(text);
        if invisible(color) || text.is_empty() {
            return Ok(());
        }
        let weight = match style.style() {
            FontStyle::Bold => Style::Bold,
            _ => Style::Regular,
        };
        let size = svg_font_size(style.size());
        let anchor = style.anchor();
        let dy = match anchor.v_pos {
            VPos::Top => 0.76 * size,
            VPos::Center => 0.25 * size,
            VPos::Bottom => -0.25 * size,
        };
        let width = self.fonts.width(weight, &text, size);
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let angle = match style.transform() {
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
            _ => 0.0,
        };
        let (x, y) = (x0 as f32, y0 as f32);
        if angle != 0.0 {
            self.s
                .push_transform(&Transform::from_rotate_at(angle, x, y));
        }
        self.s.set_fill(Some(Fill {
            paint: paint(color),
            opacity: opacity(color),
            rule: FillRule::NonZero,
        }));
        self.s.set_stroke(None);
        glyph_run(
            self.s,
            self.fonts,
            self.k,
            Point::from_xy(x + dx, y + dy),
            size,
            weight,
            &text,
            false,
        );
        if angle != 0.0 {
            self.s.pop();
        }
        Ok(())
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let weight = match style.style() {
            FontStyle::Bold => Style::Bold,
            _ => Style::Regular,
        };
        let size = svg_font_size(style.size());
        let w = self.fonts.width(weight, &svg_whitespace(text), size);
        Ok((w.max(0.0).round() as u32, size.max(0.0).round() as u32))
    }
}

impl Drop for PictureBackend<'_, '_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Draws `picture` into the box at (`x`, `y`) of `w` × `h` points, scaled to it and clipped.
pub(super) fn draw(
    s: &mut Surface<'_>,
    fonts: &Fonts,
    k: &KFonts,
    picture: &dyn Picture,
    (x, y, w, h): (f32, f32, f32, f32),
) -> anyhow::Result<()> {
    let (pw, ph) = picture.size();
    if pw == 0 || ph == 0 {
        return Ok(());
    }
    let (pw_f, ph_f) = (pw as f32, ph as f32);
    s.push_transform(&Transform::from_row(w / pw_f, 0.0, 0.0, h / ph_f, x, y));
    let clip = rect_path(0.0, 0.0, pw_f, ph_f);
    if let Some(clip) = &clip {
        s.push_clip_path(clip, &FillRule::NonZero);
    }
    let drawn = picture.draw(PictureBackend::new(s, fonts, k, (pw, ph)));
    if clip.is_some() {
        s.pop();
    }
    s.pop();
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_whitespace_is_collapsed_and_trimmed() {
        assert_eq!(svg_whitespace("  no \t  data\n"), "no data");
        assert_eq!(svg_whitespace("a\nb"), "ab");
        assert_eq!(svg_whitespace(""), "");
    }

    #[test]
    fn font_size_is_the_svg_backends_rounded() {
        // 11 px at 2.5 units a px, times plotters' 1.24.
        assert_eq!(svg_font_size(11.0 * 2.5 * 1.24), 27.5);
        assert_eq!(svg_font_size(15.0 * 2.5 * 1.24), 37.5);
    }

    /// A picture using every kind of shape plotters sends: a filled and an outlined
    /// rectangle, a dot with a ring, a lone outlined circle, a polyline, a polygon, a pixel,
    /// and text at each anchor, bold and turned.
    #[derive(Debug)]
    struct Sampler;

    impl Picture for Sampler {
        fn size(&self) -> (u32, u32) {
            (400, 200)
        }

        fn draw(&self, backend: PictureBackend<'_, '_>) -> anyhow::Result<()> {
            use plotters::prelude::*;
            use plotters::style::text_anchor::{HPos as H, Pos, VPos as V};
            let area = backend.into_drawing_area();
            let blue = RGBColor(0x1f, 0x4e, 0x79);
            let go = || -> Result<(), DrawingAreaErrorKind<Infallible>> {
                area.fill(&WHITE)?;
                area.draw(&Rectangle::new([(10, 10), (60, 40)], blue.filled()))?;
                area.draw(&Rectangle::new([(70, 10), (120, 40)], BLACK))?;
                area.draw(&Circle::new((150, 30), 8, blue.filled()))?;
                area.draw(&Circle::new(
                    (150, 30),
                    8,
                    plotters::style::Color::stroke_width(&WHITE, 2),
                ))?;
                area.draw(&Circle::new(
                    (180, 30),
                    8,
                    plotters::style::Color::stroke_width(&blue, 1),
                ))?;
                area.draw(&PathElement::new(vec![(10, 60), (100, 90), (190, 60)], RED))?;
                area.draw(&Polygon::new(
                    vec![(210, 60), (260, 90), (210, 90)],
                    RED.filled(),
                ))?;
                area.draw_pixel((300, 30), &BLACK)?;
                for (i, (h, v)) in [
                    (H::Left, V::Top),
                    (H::Center, V::Center),
                    (H::Right, V::Bottom),
                ]
                .into_iter()
                .enumerate()
                {
                    let style = ("DejaVu Sans", 30.0)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(h, v));
                    area.draw_text(&format!("label{i}  x"), &style, (200, 120 + 25 * i as i32))?;
                }
                let turned = ("DejaVu Sans", 30.0, FontStyle::Bold)
                    .into_font()
                    .color(&BLACK)
                    .transform(FontTransform::Rotate270);
                area.draw_text("upwards", &turned, (380, 190))?;
                area.present()
            };
            go().map_err(|e| anyhow::anyhow!("{e}"))
        }
    }

    #[test]
    fn a_picture_is_drawn_as_text_and_vectors_deterministically() {
        use super::super::{Block, Meta, PageDecor, Paper, render};
        let blocks = vec![Block::Picture {
            picture: std::sync::Arc::new(Sampler),
            height_pt: 0.0,
        }];
        let meta = Meta {
            title: "t".into(),
            subject: "s".into(),
            creation: chrono::NaiveDate::from_ymd_opt(2025, 4, 1)
                .and_then(|d| d.and_hms_opt(9, 30, 0))
                .unwrap(),
            lang: String::new(),
        };
        let a = render(Paper::A4, &meta, &PageDecor::default(), &blocks).unwrap();
        let b = render(Paper::A4, &meta, &PageDecor::default(), &blocks).unwrap();
        assert_eq!(a, b, "same picture, same bytes");
        let ci = std::env::var_os("CI").is_some();
        let path =
            std::env::temp_dir().join(format!("cramplog-picture-{}.pdf", std::process::id()));
        std::fs::write(&path, &a).unwrap();
        match std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
        {
            Ok(out) => {
                let text = String::from_utf8_lossy(&out.stdout);
                // One run per label: whole words, whitespace collapsed as in SVG.
                for word in ["label0 x", "label1 x", "label2 x", "upwards"] {
                    assert!(text.contains(word), "{word:?} not in {text:?}");
                }
            }
            Err(e) => assert!(!ci, "pdftotext is needed under CI: {e}"),
        }
        match std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
        {
            Ok(out) => assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(e) => assert!(!ci, "qpdf is needed under CI: {e}"),
        }
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn empty_shapes_are_not_drawn() {
        assert!(rect_path(0.0, 0.0, 0.0, 5.0).is_none());
        assert!(circle_path(1.0, 1.0, 0.0).is_none());
        assert!(poly_path([(1, 1)], false).is_none());
        assert!(poly_path([(1, 1), (2, 2)], false).is_some());
    }
}
