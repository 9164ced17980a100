//! A small PDF document engine: a list of [`Block`]s in, PDF bytes out.
//!
//! krilla has no layout engine, so measuring (ttf-parser advances + `kern` pairs), greedy word
//! wrapping, tables with repeated header rows, keep-together and page breaks live in
//! `layout`; this module owns the public model and the drawing with krilla.
//!
//! Properties the report relies on:
//! - Text is real text in embedded, subsetted DejaVu Sans (regular + bold); `pdftotext` extracts it.
//! - Charts are vectors with their text kept as text: a [`Picture`] draws itself through a
//!   plotters backend straight onto the page (`picture`); an SVG [`Block::Svg`] goes through
//!   usvg and krilla-svg, with a font database holding only the bundled fonts (no system
//!   fonts: reproducible output).
//! - Same input → byte-identical PDF (the creation date comes from the caller).
//! - No input panics: control characters are stripped, glyphs missing from the font show as
//!   .notdef, right-to-left text is shown in logical order (no bidi reordering or shaping),
//!   over-long words are broken between characters, rows taller than a page are split.

mod layout;
mod picture;

use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, Timelike};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla_svg::{SurfaceExt, SvgSettings};

use layout::{Ctx, Fonts, Frame, Op, Rgb, Style};
pub use picture::{Picture, PictureBackend};

/// Page size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// 595.28 × 841.89 pt.
    A4,
    /// 612 × 792 pt.
    Letter,
}

impl Paper {
    /// Width and height in PDF points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl Paper {
    /// Width of the text frame (page width minus both margins), in points.
    pub fn content_width(self) -> f32 {
        self.size_pt().0 - 2.0 * MARGIN
    }
}

/// The natural width in points of each column of a table at `size` (see
/// [`Block::SizedTable`]; [`Block::Table`] is 8.5 pt): the widest header (bold) or cell
/// (regular) on one line, plus the cell padding. Lets a caller give short columns exactly the
/// room they need and the rest to a wrapping column.
///
/// # Errors
/// Only if the bundled fonts fail to parse.
pub fn natural_widths(size: f32, headers: &[String], rows: &[Vec<String>]) -> Result<Vec<f32>> {
    let fonts = Fonts::load()?;
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(headers.len()))
        .max()
        .unwrap_or(0);
    let mut out = vec![0.0f32; ncols];
    let measure = |style: Style, t: &str| fonts.width(style, &layout::clean(t, false), size);
    for (i, h) in headers.iter().enumerate() {
        out[i] = out[i].max(measure(Style::Bold, h));
    }
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            out[i] = out[i].max(measure(Style::Regular, c));
        }
    }
    Ok(out
        .into_iter()
        .map(|w| w + 2.0 * layout::CELL_PAD_X + 0.5)
        .collect())
}

/// Running header and footer drawn on every page. The footer's right side is always
/// "Page N of M".
#[derive(Clone, Debug, Default)]
pub struct PageDecor {
    /// Bold, top left (e.g. product and report name).
    pub header_left: String,
    /// Muted, top right (e.g. patient and period).
    pub header_right: String,
    /// Muted, bottom left (e.g. "self-reported, not a diagnosis · generated …").
    pub footer_left: String,
    /// E.g. "DEMO DATA": a tag in the header and a faint diagonal watermark on every page.
    pub banner: Option<String>,
}

/// Document metadata.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Document title (Info dictionary and XMP).
    pub title: String,
    /// Document subject / description.
    pub subject: String,
    /// Creation and modification date (from the caller, for reproducible output). Written
    /// without a time zone offset, which PDF readers show as UTC.
    pub creation: chrono::NaiveDateTime,
    /// BCP 47 / RFC 3066 language tag, e.g. "en-GB". Empty: not written.
    pub lang: String,
}

/// Severity of a callout: a colour and a text label ("URGENT", "WARNING", "NOTE", "INFO",
/// "FYI"), so it stays readable in greyscale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Urgent,
    Warning,
    Notice,
    Info,
    Muted,
}

/// An inline run of text within a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Plain(String),
    Bold(String),
}

/// A block of the document, laid out top to bottom.
#[derive(Clone, Debug)]
pub enum Block {
    /// Large bold title; kept with the next block.
    Title(String),
    /// Section heading; never left alone at the bottom of a page (kept with the next block).
    Heading(String),
    /// Paragraph, 10 pt, wrapped; `\n` is a hard line break.
    Para(Vec<Span>),
    /// 8.5 pt, muted.
    Small(Vec<Span>),
    /// A paragraph at another size (clamped to 7–12 pt), muted or not, with tighter lines
    /// (1.2 em): a dense page 1.
    Text {
        size: f32,
        muted: bool,
        spans: Vec<Span>,
    },
    Bullets(Vec<Vec<Span>>),
    /// Boxed and labelled; never split across pages unless taller than a page.
    Callout {
        tone: Tone,
        title: String,
        body: Vec<Vec<Span>>,
    },
    /// Two aligned columns: label, value.
    KeyValues(Vec<(String, String)>),
    /// Cells wrap; the header row repeats on each page; rows never split (unless one row alone
    /// is taller than a page). `widths` are fractions of the content width (normalised; equal
    /// columns if missing or invalid); `align_right` per column (missing = left).
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
        align_right: Vec<bool>,
    },
    /// A [`Block::Table`] at another font size (clamped to 6–12 pt), with padding scaled to
    /// it: 7–7.5 pt makes a dense one-line-per-row listing (a long appendix), 8 pt a compact
    /// summary table.
    SizedTable {
        size: f32,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
        align_right: Vec<bool>,
    },
    /// Vector chart, scaled to fit content width × `height_pt` keeping its aspect ratio
    /// (`height_pt` ≤ 0: full width), centred, never split.
    Svg {
        svg: String,
        height_pt: f32,
    },
    /// A vector picture drawn straight onto the page through a plotters backend (the
    /// report's charts: no SVG text, no parsed tree), sized like [`Block::Svg`].
    Picture {
        picture: Arc<dyn Picture>,
        height_pt: f32,
    },
    /// Side-by-side columns of equal width (stacked instead when taller than a page).
    Columns(Vec<Vec<Block>>),
    /// Side-by-side columns whose widths are fractions of the content width (normalised;
    /// equal columns if missing or invalid), e.g. a chart beside a short table.
    Split {
        widths: Vec<f32>,
        columns: Vec<Vec<Block>>,
    },
    /// Vertical space in points (kept even at the top of a page; clamped to one page).
    Spacer(f32),
    /// Start a new page (ignored on a still-empty page, so no blank pages).
    PageBreak,
}

/// Page margin: 18 mm.
const MARGIN: f32 = 18.0 * 72.0 / 25.4;
const DECOR_SIZE: f32 = 8.0;

/// Lay out `blocks` and render them to PDF bytes.
///
/// # Errors
/// A chart whose SVG does not parse, `Columns` nested absurdly deep (> 32 levels), or a
/// failure inside krilla while serialising; each error says which block or page.
pub fn render(paper: Paper, meta: &Meta, decor: &PageDecor, blocks: &[Block]) -> Result<Vec<u8>> {
    render_owned(paper, meta, decor, blocks.to_vec())
}

/// [`render`], taking the blocks: they are dropped once laid out, and each chart once drawn,
/// so a long report does not hold its blocks, its laid-out pages and the PDF at once.
///
/// # Errors
/// As [`render`].
pub fn render_owned(
    paper: Paper,
    meta: &Meta,
    decor: &PageDecor,
    blocks: Vec<Block>,
) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let svg_opts = svg_options();
    let laid = lay_out(fonts, &svg_opts, paper, &blocks)?;
    drop(blocks);
    let (pw, ph) = paper.size_pt();

    let kfonts = KFonts {
        regular: Font::new(crate::fonts::REGULAR_TTF.into(), 0)
            .context("loading DejaVuSans.ttf into krilla")?,
        bold: Font::new(crate::fonts::BOLD_TTF.into(), 0)
            .context("loading DejaVuSans-Bold.ttf into krilla")?,
    };
    let mut doc = Document::new();
    doc.set_metadata(metadata(meta));
    let total = laid.pages.len();
    // A chart's tree is dropped once drawn (each is drawn once).
    let mut svgs: Vec<Option<usvg::Tree>> = laid.svgs.into_iter().map(Some).collect();
    // Each picture is dropped once drawn (each is drawn once).
    let mut pictures: Vec<Option<Arc<dyn Picture>>> = laid.pictures.into_iter().map(Some).collect();
    // Each page's ops are dropped as soon as krilla has the page.
    for (i, ops) in laid.pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(pw, ph).context("invalid page size")?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut painter = Painter {
            s: &mut surface,
            fonts,
            k: &kfonts,
            pictures: &mut pictures,
        };
        for op in &ops {
            painter
                .op(op, &mut svgs)
                .with_context(|| format!("drawing page {}", i + 1))?;
        }
        for op in decor_ops(fonts, decor, i + 1, total, pw, ph) {
            painter.op(&op, &mut svgs)?;
        }
        if let Some(banner) = decor.banner.as_deref() {
            painter.watermark(banner, pw, ph);
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| anyhow!("{e:?}"))
        .context("serialising the PDF")
}

struct Laid {
    pages: Vec<Vec<Op>>,
    svgs: Vec<usvg::Tree>,
    pictures: Vec<Arc<dyn Picture>>,
}

fn lay_out(
    fonts: &Fonts,
    svg_opts: &usvg::Options<'_>,
    paper: Paper,
    blocks: &[Block],
) -> Result<Laid> {
    let (pw, ph) = paper.size_pt();
    let frame = Frame {
        left: MARGIN,
        top: MARGIN,
        bottom: ph - MARGIN,
    };
    let mut ctx = Ctx::new(fonts, svg_opts, frame.bottom - frame.top);
    let items = ctx.blocks(blocks, pw - 2.0 * MARGIN, 0)?;
    let pages = layout::paginate(items, &ctx.headers, frame);
    Ok(Laid {
        pages,
        svgs: ctx.svgs,
        pictures: ctx.pictures,
    })
}

/// usvg options whose font database holds only the bundled DejaVu fonts, with every generic
/// family mapped to them (otherwise usvg silently drops chart text). Built once per render.
/// External image references are not resolved (no file access while parsing charts).
fn svg_options() -> usvg::Options<'static> {
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(Arc::new(crate::fonts::REGULAR_TTF)));
    db.load_font_source(fontdb::Source::Binary(Arc::new(crate::fonts::BOLD_TTF)));
    let family = "DejaVu Sans";
    db.set_sans_serif_family(family);
    db.set_serif_family(family);
    db.set_monospace_family(family);
    db.set_cursive_family(family);
    db.set_fantasy_family(family);
    usvg::Options {
        font_family: family.to_string(),
        fontdb: Arc::new(db),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

fn metadata(meta: &Meta) -> Metadata {
    let c = meta.creation;
    let date = DateTime::new(c.year().clamp(0, 9999) as u16)
        .month(c.month() as u8)
        .day(c.day() as u8)
        .hour(c.hour() as u8)
        .minute(c.minute() as u8)
        .second(c.second().min(59) as u8);
    let mut m = Metadata::new()
        .title(layout::clean(&meta.title, false))
        .description(layout::clean(&meta.subject, false))
        .producer("cramplog".into())
        .creator("cramplog".into())
        .creation_date(date);
    let lang = layout::clean(&meta.lang, false);
    if !lang.trim().is_empty() {
        m = m.language(lang.trim().to_string());
    }
    m
}

/// Header (left, optional centred banner tag, right, rule) and footer (rule, left,
/// "Page N of M") of one page.
fn decor_ops(
    fonts: &Fonts,
    decor: &PageDecor,
    page: usize,
    total: usize,
    pw: f32,
    ph: f32,
) -> Vec<Op> {
    let (left, right) = (MARGIN, pw - MARGIN);
    let w = right - left;
    let size = DECOR_SIZE;
    let gap = 12.0;
    let mut ops = Vec::new();
    let text = |x: f32, y: f32, style: Style, color: Rgb, text: String| Op::Text {
        x,
        y,
        size,
        style,
        color,
        text,
    };

    // Header.
    let head_y = MARGIN - 14.0;
    let hl = layout::clean(&decor.header_left, false);
    let hr = layout::clean(&decor.header_right, false);
    let banner = decor
        .banner
        .as_deref()
        .map(|b| layout::clean(b, false))
        .filter(|b| !b.trim().is_empty());
    let (hl_max, hr_max) = match &banner {
        Some(b) => {
            let tag_w = (fonts.width(Style::Bold, b, size) + 10.0).min(w * 0.4);
            let tag_h = 11.5;
            let tag_x = left + (w - tag_w) / 2.0;
            let tag_y = head_y - 8.3;
            ops.push(Op::Rect {
                x: tag_x,
                y: tag_y,
                w: tag_w,
                h: tag_h,
                fill: Some(layout::tone_style(Tone::Urgent).1),
                stroke: None,
            });
            let b = fonts.ellipsize(Style::Bold, b, size, tag_w - 10.0);
            ops.push(text(
                tag_x + 5.0,
                tag_y + fonts.baseline(size, tag_h),
                Style::Bold,
                layout::WHITE,
                b,
            ));
            let side = (w - tag_w) / 2.0 - gap;
            (side, side)
        }
        None => split_widths(
            w - gap,
            fonts.width(Style::Bold, &hl, size),
            fonts.width(Style::Regular, &hr, size),
        ),
    };
    let hl = fonts.ellipsize(Style::Bold, &hl, size, hl_max);
    let hr = fonts.ellipsize(Style::Regular, &hr, size, hr_max);
    let hr_w = fonts.width(Style::Regular, &hr, size);
    ops.push(text(left, head_y, Style::Bold, layout::BLACK, hl));
    ops.push(text(
        right - hr_w,
        head_y,
        Style::Regular,
        layout::MUTED,
        hr,
    ));
    ops.push(Op::Line {
        x1: left,
        y1: MARGIN - 8.0,
        x2: right,
        y2: MARGIN - 8.0,
        color: layout::RULE,
        width: 0.5,
    });

    // Footer.
    let foot_rule = ph - MARGIN + 9.0;
    let foot_y = foot_rule + 11.0;
    let label = format!("Page {page} of {total}");
    let label_w = fonts.width(Style::Regular, &label, size);
    let fl = fonts.ellipsize(
        Style::Regular,
        &layout::clean(&decor.footer_left, false),
        size,
        w - label_w - gap,
    );
    ops.push(Op::Line {
        x1: left,
        y1: foot_rule,
        x2: right,
        y2: foot_rule,
        color: layout::RULE,
        width: 0.5,
    });
    ops.push(text(left, foot_y, Style::Regular, layout::MUTED, fl));
    ops.push(text(
        right - label_w,
        foot_y,
        Style::Regular,
        layout::MUTED,
        label,
    ));
    ops
}

/// Share `avail` between a left and a right text: both keep their natural width when they fit;
/// otherwise the shorter keeps its width (up to half) and the other gets the rest.
fn split_widths(avail: f32, lw: f32, rw: f32) -> (f32, f32) {
    if lw + rw <= avail {
        (lw, rw)
    } else if lw <= avail / 2.0 {
        (lw, avail - lw)
    } else if rw <= avail / 2.0 {
        (avail - rw, rw)
    } else {
        (avail / 2.0, avail / 2.0)
    }
}

struct KFonts {
    regular: Font,
    bold: Font,
}

struct Painter<'a, 'b> {
    s: &'a mut Surface<'b>,
    fonts: &'a Fonts,
    k: &'a KFonts,
    pictures: &'a mut [Option<Arc<dyn Picture>>],
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

impl Painter<'_, '_> {
    fn op(&mut self, op: &Op, svgs: &mut [Option<usvg::Tree>]) -> Result<()> {
        match op {
            Op::Text {
                x,
                y,
                size,
                style,
                color,
                text,
            } => {
                self.s.set_fill(Some(fill(*color)));
                self.s.set_stroke(None);
                self.glyphs(*x, *y, *size, *style, text, false);
            }
            Op::Rect {
                x,
                y,
                w,
                h,
                fill: f,
                stroke,
            } => {
                let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                    return Ok(());
                };
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    self.s.set_fill(f.map(fill));
                    self.s.set_stroke(stroke.map(|(c, width)| Stroke {
                        paint: paint(c),
                        width,
                        ..Stroke::default()
                    }));
                    self.s.draw_path(&path);
                }
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    self.s.set_fill(None);
                    self.s.set_stroke(Some(Stroke {
                        paint: paint(*color),
                        width: *width,
                        ..Stroke::default()
                    }));
                    self.s.draw_path(&path);
                }
            }
            Op::Svg { idx, x, y, w, h } => {
                let tree = svgs
                    .get_mut(*idx)
                    .and_then(Option::take)
                    .context("internal: missing SVG tree")?;
                let size = Size::from_wh(*w, *h).context("SVG chart has an empty size")?;
                self.s.push_transform(&Transform::from_translate(*x, *y));
                let drawn = self.s.draw_svg(&tree, size, SvgSettings::default());
                self.s.pop();
                drawn.context("krilla-svg could not draw a chart")?;
            }
            Op::Picture { idx, x, y, w, h } => {
                let p = self
                    .pictures
                    .get_mut(*idx)
                    .and_then(Option::take)
                    .context("internal: missing picture")?;
                picture::draw(self.s, self.fonts, self.k, p.as_ref(), (*x, *y, *w, *h))
                    .with_context(|| format!("drawing picture #{}", idx + 1))?;
            }
        }
        Ok(())
    }

    fn glyphs(&mut self, x: f32, y: f32, size: f32, style: Style, text: &str, outlined: bool) {
        glyph_run(
            self.s,
            self.fonts,
            self.k,
            Point::from_xy(x, y),
            size,
            style,
            text,
            outlined,
        );
    }

    /// Faint diagonal banner across the page, drawn over everything at low opacity so it never
    /// hides text. Outlined (not text) so it does not disturb copy/paste and text extraction;
    /// the header tag carries the banner as real text.
    fn watermark(&mut self, banner: &str, pw: f32, ph: f32) {
        let text = layout::clean(banner, false);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let angle = (ph / pw).atan().to_degrees();
        let diag = (pw * pw + ph * ph).sqrt();
        let natural = self.fonts.width(Style::Bold, text, 100.0);
        let size = (100.0 * diag * 0.6 / natural.max(1.0)).clamp(12.0, 110.0);
        let tw = self.fonts.width(Style::Bold, text, size);
        let (cx, cy) = (pw / 2.0, ph / 2.0);
        self.s
            .push_transform(&Transform::from_rotate_at(-angle, cx, cy));
        self.s
            .push_opacity(NormalizedF32::new(0.07).unwrap_or(NormalizedF32::ONE));
        self.s
            .set_fill(Some(fill(layout::tone_style(Tone::Urgent).1)));
        self.s.set_stroke(None);
        self.glyphs(
            cx - tw / 2.0,
            cy + size * 0.36,
            size,
            Style::Bold,
            text,
            true,
        );
        self.s.pop();
        self.s.pop();
    }
}

/// Draws `text` as one run of glyphs (kerned by the fonts module) with the surface's fill
/// (`outlined`: as paths, not text).
#[allow(clippy::too_many_arguments)]
fn glyph_run(
    s: &mut Surface<'_>,
    fonts: &Fonts,
    k: &KFonts,
    at: Point,
    size: f32,
    style: Style,
    text: &str,
    outlined: bool,
) {
    if text.is_empty() {
        return;
    }
    let face = fonts.face(style);
    let upem = face.upem();
    let glyphs: Vec<KrillaGlyph> = face
        .shape(text)
        .into_iter()
        .map(|(gid, adv, range)| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(gid)),
                adv as f32 / upem,
                0.0,
                0.0,
                0.0,
                range,
                None,
            )
        })
        .collect();
    let font = match style {
        Style::Regular => k.regular.clone(),
        Style::Bold => k.bold.clone(),
    };
    s.draw_glyphs(at, &glyphs, font, text, size, outlined);
}

#[cfg(test)]
mod tests {
    use super::layout::page_texts;
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::process::Command;

    fn p(s: &str) -> Vec<Span> {
        vec![Span::Plain(s.to_string())]
    }

    fn meta() -> Meta {
        Meta {
            title: "Leg-cramp diary report".into(),
            subject: "Self-reported leg cramps, 1 Jan – 31 Mar 2025".into(),
            creation: chrono::NaiveDate::from_ymd_opt(2025, 4, 1)
                .and_then(|d| d.and_hms_opt(9, 30, 0))
                .unwrap(),
            lang: "en-GB".into(),
        }
    }

    fn decor(banner: bool) -> PageDecor {
        PageDecor {
            header_left: "cramplog · leg-cramp diary".into(),
            header_right: "Jane Example · 1 Jan – 31 Mar 2025".into(),
            footer_left: "Self-reported, not a diagnosis · generated 2025-04-01 by cramplog 0.1.0"
                .into(),
            banner: banner.then(|| "DEMO DATA".to_string()),
        }
    }

    const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="260" viewBox="0 0 640 260">
  <rect x="0" y="0" width="640" height="260" fill="white"/>
  <text x="320" y="20" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="bold">Cramp nights per week</text>
  <line x1="50" y1="220" x2="620" y2="220" stroke="#333" stroke-width="1"/>
  <line x1="50" y1="40" x2="50" y2="220" stroke="#333" stroke-width="1"/>
  <g font-family="sans-serif" font-size="11" fill="#333">
    <text x="44" y="224" text-anchor="end">0</text>
    <text x="44" y="164" text-anchor="end">2</text>
    <text x="44" y="104" text-anchor="end">4</text>
    <text x="44" y="44" text-anchor="end">6</text>
    <text x="335" y="250" text-anchor="middle">Week of 2025</text>
  </g>
  <g fill="#1f4e79">
    <rect x="70" y="160" width="30" height="60"/><rect x="115" y="130" width="30" height="90"/>
    <rect x="160" y="100" width="30" height="120"/><rect x="205" y="160" width="30" height="60"/>
    <rect x="250" y="70" width="30" height="150"/><rect x="295" y="130" width="30" height="90"/>
    <rect x="340" y="190" width="30" height="30"/><rect x="385" y="160" width="30" height="60"/>
    <rect x="430" y="100" width="30" height="120"/><rect x="475" y="130" width="30" height="90"/>
    <rect x="520" y="190" width="30" height="30"/><rect x="565" y="220" width="30" height="0"/>
  </g>
  <polyline points="85,160 130,145 175,130 220,127 265,115 310,115 355,137 400,145 445,145 490,130 535,145 580,160"
            fill="none" stroke="#b00020" stroke-width="2" stroke-dasharray="5,3"/>
  <text x="600" y="60" text-anchor="end" font-family="sans-serif" font-size="11" fill="#b00020">4-week average</text>
</svg>"##;

    // The appendix fixture, shared with `benches/pdf_appendix.rs` (written once).
    include!("appendix_fixture.rs");

    fn sample() -> Vec<Block> {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        let two_col = |a: &str, b: &str, rows: &[(&str, &str)]| Block::Table {
            headers: vec![a.into(), b.into()],
            rows: rows
                .iter()
                .map(|(x, y)| vec![x.to_string(), y.to_string()])
                .collect(),
            widths: vec![0.65, 0.35],
            align_right: vec![false, true],
        };
        vec![
            Block::Title("Leg-cramp diary: summary for your appointment".into()),
            Block::Small(vec![
                Span::Plain("Period 1 Jan – 31 Mar 2025 (Europe/London) · generated 1 Apr 2025 · cramplog 0.1.0 · ".into()),
                Span::Bold("Self-reported, not a diagnosis.".into()),
            ]),
            Block::Callout {
                tone: Tone::Urgent,
                title: "Calf swelling with warmth reported on 2 nights".into(),
                body: vec![
                    vec![
                        Span::Plain("On ".into()),
                        Span::Bold("12 Feb".into()),
                        Span::Plain(" and ".into()),
                        Span::Bold("14 Feb".into()),
                        Span::Plain(" the left calf was logged as swollen, warm and painful between cramps. One-sided swelling can have causes other than cramp; this diary cannot tell them apart.".into()),
                    ],
                    p("Please mention this at the start of the appointment."),
                ],
            },
            Block::Callout {
                tone: Tone::Warning,
                title: "Cramp nights increased after a medication change".into(),
                body: vec![p("6 of 9 nights with cramps after starting a diuretic on 3 Mar, vs 5 of 20 before.")],
            },
            Block::Heading("Key numbers".into()),
            Block::KeyValues(vec![
                kv("Coverage", "logged 27 of 30 nights; 11 with cramps, 16 cramp-free, 3 missing"),
                kv("Cramp nights per week", "2.6 (previous period 1.4)"),
                kv("Episodes", "19 (previous 10)"),
                kv("Duration", "median 4 min, longest 15 min"),
                kv("Pain (0–10)", "mean 5.2, worst 8"),
                kv("Sleep disrupted", "9 nights"),
            ]),
            Block::Heading("This period and the previous one".into()),
            Block::Columns(vec![
                vec![two_col("Leg", "Nights", &[("Left", "8"), ("Right", "2"), ("Both", "1")])],
                vec![two_col("Site", "Episodes", &[("Calf", "15"), ("Foot / toes", "3"), ("Thigh", "1")])],
            ]),
            Block::Svg { svg: CHART.to_string(), height_pt: 190.0 },
            Block::Small(p("Bars: nights with at least one cramp per week. Dashed line: 4-week rolling average.")),
            Block::Heading("Topics to discuss".into()),
            Block::Bullets(vec![
                p("The two nights with calf swelling and warmth (12 and 14 Feb)."),
                vec![Span::Bold("Medication: ".into()), Span::Plain("cramps became more frequent after the diuretic was started on 3 Mar.".into())],
                p("Long shifts standing: cramps on 9 of 12 nights after ≥ 4 h standing vs 4 of 18 otherwise."),
            ]),
            Block::Callout {
                tone: Tone::Info,
                title: "How to read this report".into(),
                body: vec![p("Numbers are counts of nights the patient logged. Missing nights are not counted as cramp-free.")],
            },
            Block::PageBreak,
            Block::Heading("Appendix: night-by-night log".into()),
            Block::Para(p("Retrospective entries are marked with *. Notes are shown as written.")),
            appendix(200),
        ]
    }

    fn pages_of(paper: Paper, blocks: &[Block]) -> Vec<Vec<Op>> {
        let fonts = Fonts::load().unwrap();
        let opts = svg_options();
        lay_out(fonts, &opts, paper, blocks).unwrap().pages
    }

    /// Pages (0-based) holding a text op that contains `needle`.
    fn pages_with(pages: &[Vec<Op>], needle: &str) -> Vec<usize> {
        pages
            .iter()
            .enumerate()
            .filter(|(_, ops)| page_texts(ops).iter().any(|t| t.contains(needle)))
            .map(|(i, _)| i)
            .collect()
    }

    fn body_h(paper: Paper) -> f32 {
        paper.size_pt().1 - 2.0 * MARGIN
    }

    fn tool(name: &str) -> bool {
        let ok = Command::new(name).arg("-v").output().is_ok();
        if !ok {
            eprintln!(
                "!!!!!!!! SKIPPING: `{name}` not installed (apt-get install -y poppler-utils qpdf) !!!!!!!!"
            );
        }
        ok
    }

    fn write_tmp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("cramplog-pdf-{}-{name}.pdf", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn run(cmd: &str, args: &[&str]) -> String {
        let out = Command::new(cmd).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{cmd} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn media_box(pdf: &[u8]) -> Vec<f32> {
        let s = String::from_utf8_lossy(pdf);
        let i = s.find("/MediaBox").expect("MediaBox present");
        let rest = &s[i..];
        let (a, b) = (rest.find('[').unwrap(), rest.find(']').unwrap());
        rest[a + 1..b]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect()
    }

    #[test]
    fn sample_renders_on_both_papers() {
        for (paper, name) in [(Paper::A4, "a4"), (Paper::Letter, "letter")] {
            let pdf = render(paper, &meta(), &decor(true), &sample()).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            let (w, h) = paper.size_pt();
            let mb = media_box(&pdf);
            assert_eq!(mb.len(), 4);
            assert!(
                (mb[2] - w).abs() < 0.01 && (mb[3] - h).abs() < 0.01,
                "{mb:?}"
            );
            if let Ok(dir) = std::env::var("CRAMPLOG_PDF_SAMPLE_DIR") {
                std::fs::write(format!("{dir}/sample-{name}.pdf"), &pdf).unwrap();
                eprintln!("wrote {dir}/sample-{name}.pdf ({} bytes)", pdf.len());
            }
            if tool("pdfinfo") {
                let tmp = write_tmp(name, &pdf);
                let info = run("pdfinfo", &[tmp.to_str().unwrap()]);
                let _ = std::fs::remove_file(&tmp);
                let want = if paper == Paper::A4 {
                    "595.28 x 841.89 pts"
                } else {
                    "612 x 792 pts"
                };
                assert!(info.contains(want), "{info}");
                let field = |k: &str| {
                    info.lines()
                        .find_map(|l| l.strip_prefix(k).map(|v| v.trim().to_string()))
                        .unwrap_or_default()
                };
                assert_eq!(field("Title:"), "Leg-cramp diary report");
                assert_eq!(
                    field("Subject:"),
                    "Self-reported leg cramps, 1 Jan – 31 Mar 2025"
                );
                assert_eq!(field("Producer:"), "cramplog");
                assert!(
                    field("CreationDate:").contains("Apr  1 09:30:00 2025"),
                    "{info}"
                );
                assert!(field("ModDate:").contains("Apr  1 09:30:00 2025"), "{info}");
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        let a = render(Paper::A4, &meta(), &decor(true), &sample()).unwrap();
        let b = render(Paper::A4, &meta(), &decor(true), &sample()).unwrap();
        assert!(a == b, "two renders differ");
        let mut m = meta();
        m.creation += chrono::Duration::seconds(1);
        let c = render(Paper::A4, &m, &decor(true), &sample()).unwrap();
        assert!(a != c, "creation date must reach the PDF");
    }

    #[test]
    fn long_table_paginates_with_header_repeated_and_rows_whole() {
        let rows: Vec<Vec<String>> = (0..300)
            .map(|i| {
                let note = (0..25)
                    .map(|k| format!("r{i}w{k}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                vec![format!("R{i:03}"), note]
            })
            .collect();
        let blocks = vec![
            Block::Para(p("Intro")),
            Block::Table {
                headers: vec!["Night".into(), "Notes".into()],
                rows,
                widths: vec![0.2, 0.8],
                align_right: vec![false, false],
            },
        ];
        let pages = pages_of(Paper::A4, &blocks);
        assert!(pages.len() >= 4, "only {} pages", pages.len());
        for (i, ops) in pages.iter().enumerate() {
            let texts = page_texts(ops);
            assert_eq!(
                texts.iter().filter(|t| *t == "Night").count(),
                1,
                "page {i}: {texts:?}"
            );
            assert_eq!(
                texts.iter().filter(|t| *t == "Notes").count(),
                1,
                "page {i}"
            );
        }
        // Every row (its id and all words of its wrapped note) sits on exactly one page.
        let mut row_pages: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (pg, ops) in pages.iter().enumerate() {
            for t in page_texts(ops) {
                for word in t.split_whitespace() {
                    let id = word
                        .strip_prefix('R')
                        .or_else(|| word.strip_prefix('r').and_then(|w| w.split('w').next()));
                    if let Some(Ok(n)) = id.map(str::parse::<usize>) {
                        row_pages.entry(n).or_default().insert(pg);
                    }
                }
            }
        }
        assert_eq!(row_pages.len(), 300);
        for (row, pgs) in row_pages {
            assert_eq!(pgs.len(), 1, "row {row} split over pages {pgs:?}");
        }
        // Header row comes before the rows on a continuation page.
        let second = page_texts(&pages[1]);
        assert_eq!(second[0], "Night");
    }

    #[test]
    fn callout_is_not_split() {
        let body: Vec<Vec<Span>> = (0..6)
            .map(|i| p(&format!("callout line {i} with some words to wrap")))
            .collect();
        let blocks = vec![
            Block::Spacer(body_h(Paper::A4) - 60.0),
            Block::Callout {
                tone: Tone::Urgent,
                title: "Check this".into(),
                body,
            },
        ];
        let pages = pages_of(Paper::A4, &blocks);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages_with(&pages, "Check this"), vec![1]);
        for i in 0..6 {
            assert_eq!(pages_with(&pages, &format!("callout line {i}")), vec![1]);
        }
        // A callout taller than a page is split rather than overflowing.
        let body: Vec<Vec<Span>> = (0..150).map(|i| p(&format!("tall line {i}"))).collect();
        let pages = pages_of(
            Paper::A4,
            &[Block::Callout {
                tone: Tone::Notice,
                title: "Tall".into(),
                body,
            }],
        );
        assert!(pages.len() >= 2);
        assert_within_frame(Paper::A4, &pages);
    }

    #[test]
    fn heading_is_not_orphaned() {
        let blocks = vec![
            Block::Spacer(body_h(Paper::A4) - 40.0),
            Block::Heading("Orphan candidate".into()),
            Block::Para(p(&"Body text that follows the heading. ".repeat(10))),
        ];
        let pages = pages_of(Paper::A4, &blocks);
        assert_eq!(pages_with(&pages, "Orphan candidate"), vec![1]);
        assert_eq!(pages_with(&pages, "Body text that follows"), vec![1]);
        // With enough room the heading stays on page 1.
        let blocks = vec![
            Block::Spacer(body_h(Paper::A4) - 120.0),
            Block::Heading("Fits".into()),
            Block::Para(p("Short body.")),
        ];
        assert_eq!(pages_with(&pages_of(Paper::A4, &blocks), "Fits"), vec![0]);
        // Heading before a table keeps the table header and first row with it.
        let blocks = vec![
            Block::Spacer(body_h(Paper::A4) - 45.0),
            Block::Heading("Table follows".into()),
            appendix(3),
        ];
        let pages = pages_of(Paper::A4, &blocks);
        assert_eq!(pages_with(&pages, "Table follows"), vec![1]);
        assert_eq!(pages_with(&pages, "Night"), vec![1]);
    }

    fn assert_within_frame(paper: Paper, pages: &[Vec<Op>]) {
        let fonts = Fonts::load().unwrap();
        let (pw, ph) = paper.size_pt();
        for (i, ops) in pages.iter().enumerate() {
            for op in ops {
                if let Op::Text {
                    x,
                    y,
                    size,
                    style,
                    text,
                    ..
                } = op
                {
                    let w = fonts.width(*style, text, *size);
                    assert!(*x >= MARGIN - 0.01, "page {i}: {text:?} starts at {x}");
                    assert!(
                        x + w <= pw - MARGIN + 0.01,
                        "page {i}: {text:?} ends at {}",
                        x + w
                    );
                    assert!(
                        *y > MARGIN && *y <= ph - MARGIN + 0.01,
                        "page {i}: {text:?} at y {y}"
                    );
                }
            }
        }
    }

    #[test]
    fn huge_unbroken_text_wraps_inside_the_frame() {
        let blob = "x".repeat(10_000);
        let blocks = vec![
            Block::Para(p(&blob)),
            Block::Table {
                headers: vec!["Night".into(), "Notes".into()],
                rows: vec![
                    vec!["2025-01-01".into(), blob.clone()],
                    vec!["2025-01-02".into(), "ok".into()],
                ],
                widths: vec![0.2, 0.8],
                align_right: vec![false, false],
            },
            Block::KeyValues(vec![(blob.clone(), blob.clone())]),
            Block::Callout {
                tone: Tone::Warning,
                title: blob.clone(),
                body: vec![p(&blob)],
            },
            Block::Bullets(vec![p(&blob)]),
            Block::Heading(blob.clone()),
            Block::Columns(vec![
                vec![Block::Para(p(&blob))],
                vec![Block::Small(p("side"))],
            ]),
        ];
        let pages = pages_of(Paper::Letter, &blocks);
        assert!(pages.len() > 10);
        assert_within_frame(Paper::Letter, &pages);
        assert_within_frame(Paper::A4, &pages_of(Paper::A4, &sample()));
        // Every x of the blob is drawn (nothing dropped by breaking), in each of 7 blocks
        // (title + body of the callout, label + value of the key/values).
        let xs: usize = pages
            .iter()
            .flat_map(|ops| page_texts(ops))
            .map(|t| t.chars().filter(|c| *c == 'x').count())
            .sum();
        assert_eq!(xs, 9 * 10_000);
        render(Paper::Letter, &meta(), &decor(false), &blocks).unwrap();
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let weird = "\u{0}\u{1b}[31mred\u{7f} 😀🦵🏽‍♀️ שלום עולם مرحبا \u{202e}evil\u{202c} \u{fffd}\u{10ffff} e\u{301} 中文";
        let blocks = vec![
            Block::Title(weird.into()),
            Block::Heading(String::new()),
            Block::Para(vec![]),
            Block::Para(vec![Span::Bold(weird.into()), Span::Plain(String::new())]),
            Block::Small(p("\n\n\r\t")),
            Block::Bullets(vec![vec![], p(weird)]),
            Block::Callout {
                tone: Tone::Muted,
                title: String::new(),
                body: vec![],
            },
            Block::KeyValues(vec![]),
            Block::KeyValues(vec![(weird.into(), String::new())]),
            Block::Table {
                headers: vec![],
                rows: vec![],
                widths: vec![],
                align_right: vec![],
            },
            Block::Table {
                headers: vec!["a".into()],
                rows: vec![vec![], vec!["1".into(), "2".into(), weird.into()]],
                widths: vec![f32::NAN, -1.0],
                align_right: vec![true, true, true, true],
            },
            Block::Spacer(f32::INFINITY),
            Block::Spacer(-5.0),
            Block::Spacer(f32::NAN),
            Block::Svg {
                svg: CHART.into(),
                height_pt: f32::NAN,
            },
            Block::Svg {
                svg: CHART.into(),
                height_pt: 1e9,
            },
            Block::Columns(vec![]),
            Block::Columns(vec![
                vec![],
                vec![
                    Block::PageBreak,
                    Block::Columns(vec![vec![Block::Para(p("nested"))]]),
                ],
            ]),
            Block::PageBreak,
            Block::PageBreak,
        ];
        let d = PageDecor {
            header_left: weird.repeat(20),
            header_right: weird.repeat(20),
            footer_left: weird.repeat(20),
            banner: Some(weird.repeat(5)),
        };
        let m = Meta {
            title: weird.into(),
            subject: String::new(),
            creation: meta().creation,
            lang: String::new(),
        };
        for paper in [Paper::A4, Paper::Letter] {
            let pdf = render(paper, &m, &d, &blocks).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
        }
        // Nothing at all still yields one page with header and footer.
        let pdf = render(Paper::A4, &meta(), &PageDecor::default(), &[]).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Bad SVG is an error with context, not a panic.
        let err = render(
            Paper::A4,
            &meta(),
            &decor(false),
            &[Block::Svg {
                svg: "<svg".into(),
                height_pt: 100.0,
            }],
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("SVG chart #1"), "{err:#}");
        // Absurd nesting is refused, not a stack overflow.
        let mut deep = Block::Para(p("deep"));
        for _ in 0..100 {
            deep = Block::Columns(vec![vec![deep]]);
        }
        assert!(render(Paper::A4, &meta(), &decor(false), &[deep]).is_err());
    }

    #[test]
    fn pdftotext_finds_text_and_qpdf_accepts() {
        if !tool("pdftotext") {
            return;
        }
        let pdf = render(Paper::A4, &meta(), &decor(true), &sample()).unwrap();
        let tmp = write_tmp("text", &pdf);
        let path = tmp.to_str().unwrap();
        let text = run("pdftotext", &["-layout", path, "-"]);
        for needle in [
            "cramplog · leg-cramp diary",
            "Jane Example",
            "Page 1 of",
            "DEMO DATA",
            "Leg-cramp diary: summary for your",
            "Calf swelling with warmth",
            "URGENT",
            "Cramp nights per week",
            "Week of 2025",
            "4-week average",
            "logged 27 of 30 nights",
            "Worst pain",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
        let pages = run("pdfinfo", &[path]);
        let n: usize = pages
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap();
        assert!(text.contains(&format!("Page {n} of {n}")));
        // The long word is wrapped across lines, yet all its pieces are there.
        let raw = run("pdftotext", &["-raw", path, "-"]);
        let joined: String = raw.split_whitespace().collect();
        let word = format!("{}3", LONG_WORD.repeat(4));
        assert!(joined.contains(&word), "long word not extracted whole");
        assert!(
            !raw.lines().any(|l| l.contains(&word)),
            "long word should have been wrapped"
        );
        // Page 2 (continuation of the appendix) repeats the table header.
        let p3 = run("pdftotext", &["-f", "3", "-l", "3", path, "-"]);
        assert!(
            p3.contains("Worst pain") && p3.contains("Page 3 of"),
            "{p3}"
        );
        if tool("qpdf") {
            let out = Command::new("qpdf")
                .args(["--check", path])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "qpdf --check: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        if tool("pdffonts") {
            let fonts = run("pdffonts", &[path]);
            assert!(
                fonts.contains("DejaVuSans") && fonts.contains("yes"),
                "{fonts}"
            );
        }
        let _ = std::fs::remove_file(&tmp);
    }

    #[test]
    fn sized_table_is_denser_and_natural_widths_keep_cells_on_one_line() {
        let rows: Vec<Vec<String>> = (0..400)
            .map(|i| {
                vec![
                    format!("Wed 2026-09-{:02}", 1 + i % 28),
                    format!("{}", i % 4),
                    "3m55s".into(),
                    format!("note {i} with a few words that wrap in the last column"),
                ]
            })
            .collect();
        let headers: Vec<String> = ["Night", "Cramps", "Longest", "Episodes; symptoms; note"]
            .map(String::from)
            .to_vec();
        let natural = natural_widths(7.0, &headers, &rows).unwrap();
        let fonts = Fonts::load().unwrap();
        assert!(natural[0] >= fonts.width(Style::Regular, "Wed 2026-09-01", 7.0) + 6.0);
        assert!(natural[1] >= fonts.width(Style::Bold, "Cramps", 7.0) + 6.0);
        let total = Paper::A4.content_width();
        let fixed: f32 = natural[..3].iter().sum();
        let mut widths: Vec<f32> = natural[..3].iter().map(|w| w / total).collect();
        widths.push(1.0 - fixed / total);
        let table = |size: Option<f32>| match size {
            Some(size) => Block::SizedTable {
                size,
                headers: headers.clone(),
                rows: rows.clone(),
                widths: widths.clone(),
                align_right: vec![false, true, true, false],
            },
            None => Block::Table {
                headers: headers.clone(),
                rows: rows.clone(),
                widths: widths.clone(),
                align_right: vec![false, true, true, false],
            },
        };
        let dense = pages_of(Paper::A4, &[table(Some(7.0))]);
        let normal = pages_of(Paper::A4, &[table(None)]);
        assert!(
            dense.len() * 4 < normal.len() * 3,
            "7 pt: {} pages, 8.5 pt: {}",
            dense.len(),
            normal.len()
        );
        assert_within_frame(Paper::A4, &dense);
        // Short columns never wrap: every night and every header is drawn whole on one line.
        let texts: Vec<String> = dense.iter().flat_map(|p| page_texts(p)).collect();
        assert_eq!(
            texts
                .iter()
                .filter(|t| t.starts_with("Wed 2026-09-"))
                .count(),
            400
        );
        assert_eq!(
            texts.iter().filter(|t| *t == "Longest").count(),
            dense.len()
        );
        // Absurd sizes are clamped, not trusted.
        for size in [f32::NAN, -3.0, 1e9] {
            let pages = pages_of(Paper::A4, &[table(Some(size))]);
            assert_within_frame(Paper::A4, &pages);
        }
    }

    #[test]
    fn split_columns_take_their_share_of_the_width() {
        let blocks = vec![Block::Split {
            widths: vec![0.7, 0.3],
            columns: vec![
                vec![Block::Para(p("LEFTCOL"))],
                vec![Block::Para(p("RIGHTCOL"))],
            ],
        }];
        let pages = pages_of(Paper::A4, &blocks);
        let x_of = |needle: &str| {
            pages[0]
                .iter()
                .find_map(|o| match o {
                    Op::Text { x, text, .. } if text.contains(needle) => Some(*x),
                    _ => None,
                })
                .unwrap()
        };
        let avail = Paper::A4.content_width() - 14.0;
        assert!((x_of("LEFTCOL") - MARGIN).abs() < 0.01);
        assert!((x_of("RIGHTCOL") - (MARGIN + 0.7 * avail + 14.0)).abs() < 0.01);
        // Bad widths fall back to equal columns.
        let blocks = vec![Block::Split {
            widths: vec![f32::NAN],
            columns: vec![
                vec![Block::Para(p("LEFTCOL"))],
                vec![Block::Para(p("RIGHTCOL"))],
            ],
        }];
        let pages = pages_of(Paper::A4, &blocks);
        let right = pages[0]
            .iter()
            .find_map(|o| match o {
                Op::Text { x, text, .. } if text.contains("RIGHTCOL") => Some(*x),
                _ => None,
            })
            .unwrap();
        assert!((right - (MARGIN + 0.5 * avail + 14.0)).abs() < 0.01);
    }

    /// The 10-year appendix (3,650 rows) paginates and renders; its timing is a benchmark
    /// (`cargo bench --bench pdf_appendix`), never a test.
    #[test]
    fn a_ten_year_appendix_paginates_and_renders() {
        let blocks = vec![Block::Heading("Appendix".into()), appendix(3650)];
        assert!(pages_of(Paper::A4, &blocks).len() > 40);
        let pdf = render(Paper::A4, &meta(), &decor(true), &blocks).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
