//! A small PDF document engine: a list of [`Block`]s in, PDF bytes out.
//!
//! krilla has no layout engine, so measuring (ttf-parser advances + `kern` pairs), greedy word
//! wrapping, tables with repeated header rows, keep-together and page breaks live in
//! [`layout`]; this module owns the public model and the drawing with krilla.
//!
//! Properties the report relies on:
//! - Text is real text in embedded, subsetted DejaVu Sans (regular + bold); `pdftotext` extracts it.
//! - SVG charts are drawn as vectors through krilla-svg, their text kept as text. usvg sees a font
//!   database holding only the bundled fonts (no system fonts: reproducible output).
//! - Same input → byte-identical PDF (the creation date comes from the caller).
//! - No input panics: control characters are stripped, glyphs missing from the font show as
//!   .notdef, right-to-left text is shown in logical order (no bidi reordering or shaping),
//!   over-long words are broken between characters, rows taller than a page are split.

mod layout;

use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use chrono::{Datelike, Timelike};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use layout::{Ctx, Fonts, Frame, Op, Rgb, Style};

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

/// Running header and footer drawn on every page. The footer's right side is always
/// "Page N of M".
#[derive(Clone, Debug, Default)]
pub struct PageDecor {
    pub header_left: String,
    pub header_right: String,
    pub footer_left: String,
    /// E.g. "DEMO DATA": a tag in the header and a faint diagonal watermark on every page.
    pub banner: Option<String>,
}

/// Document metadata.
#[derive(Clone, Debug)]
pub struct Meta {
    pub title: String,
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
    /// Vector chart, scaled to fit content width × `height_pt` keeping its aspect ratio
    /// (`height_pt` ≤ 0: full width), centred, never split.
    Svg { svg: String, height_pt: f32 },
    /// Side-by-side columns of equal width (stacked instead when taller than a page).
    Columns(Vec<Vec<Block>>),
    /// Vertical space in points.
    Spacer(f32),
    PageBreak,
}

/// Page margin: 18 mm.
const MARGIN: f32 = 18.0 * 72.0 / 25.4;
const DECOR_SIZE: f32 = 8.0;

/// Lay out `blocks` and render them to PDF bytes.
pub fn render(paper: Paper, meta: &Meta, decor: &PageDecor, blocks: &[Block]) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let svg_opts = svg_options();
    let laid = lay_out(&fonts, &svg_opts, paper, blocks)?;
    let (pw, ph) = paper.size_pt();

    let kfonts = KFonts {
        regular: Font::new(layout::REGULAR_TTF.into(), 0)
            .context("loading DejaVuSans.ttf into krilla")?,
        bold: Font::new(layout::BOLD_TTF.into(), 0)
            .context("loading DejaVuSans-Bold.ttf into krilla")?,
    };
    let mut doc = Document::new();
    doc.set_metadata(metadata(meta));
    let total = laid.pages.len();
    for (i, ops) in laid.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(pw, ph).context("invalid page size")?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut painter = Painter {
            s: &mut surface,
            fonts: &fonts,
            k: &kfonts,
        };
        for op in ops {
            painter
                .op(op, &laid.svgs)
                .with_context(|| format!("drawing page {}", i + 1))?;
        }
        for op in decor_ops(&fonts, decor, i + 1, total, pw, ph) {
            painter.op(&op, &laid.svgs)?;
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
    let pages = layout::paginate(&items, &ctx.headers, frame);
    Ok(Laid {
        pages,
        svgs: ctx.svgs,
    })
}

/// usvg options whose font database holds only the bundled DejaVu fonts, with every generic
/// family mapped to them (otherwise usvg silently drops chart text). Built once per render.
/// External image references are not resolved (no file access while parsing charts).
fn svg_options() -> usvg::Options<'static> {
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(Arc::new(layout::REGULAR_TTF)));
    db.load_font_source(fontdb::Source::Binary(Arc::new(layout::BOLD_TTF)));
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
    ops.push(text(right - hr_w, head_y, Style::Regular, layout::MUTED, hr));
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
    fn op(&mut self, op: &Op, svgs: &[usvg::Tree]) -> Result<()> {
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
                let tree = svgs.get(*idx).context("internal: missing SVG tree")?;
                let size = Size::from_wh(*w, *h).context("SVG chart has an empty size")?;
                self.s.push_transform(&Transform::from_translate(*x, *y));
                let drawn = self.s.draw_svg(tree, size, SvgSettings::default());
                self.s.pop();
                drawn.context("krilla-svg could not draw a chart")?;
            }
        }
        Ok(())
    }

    fn glyphs(&mut self, x: f32, y: f32, size: f32, style: Style, text: &str, outlined: bool) {
        if text.is_empty() {
            return;
        }
        let face = self.fonts.face(style);
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
            Style::Regular => self.k.regular.clone(),
            Style::Bold => self.k.bold.clone(),
        };
        self.s
            .draw_glyphs(Point::from_xy(x, y), &glyphs, font, text, size, outlined);
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
        self.s.push_opacity(NormalizedF32::new(0.07).unwrap_or(NormalizedF32::ONE));
        self.s.set_fill(Some(fill(layout::tone_style(Tone::Urgent).1)));
        self.s.set_stroke(None);
        self.glyphs(cx - tw / 2.0, cy + size * 0.36, size, Style::Bold, text, true);
        self.s.pop();
        self.s.pop();
    }
}

