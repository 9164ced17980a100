//! Layout for the PDF engine: font metrics, text measuring and wrapping, block → chunk
//! conversion and pagination. Nothing here touches krilla; `mod.rs` draws the result.
//!
//! Coordinates are PDF points with the origin at the top-left of the page and y growing
//! downwards (krilla's convention). Text ops carry their baseline y.

use anyhow::{Context, Result, anyhow};

use super::{Block, Span, Tone};

// ---------------------------------------------------------------------------------------------
// Style constants (sober clinical look: black text, one accent colour, thin rules)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(17, 17, 17);
pub(crate) const MUTED: Rgb = Rgb(85, 85, 85);
pub(crate) const ACCENT: Rgb = Rgb(31, 78, 121);
pub(crate) const RULE: Rgb = Rgb(190, 190, 190);
pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
const TABLE_HEAD_BG: Rgb = Rgb(232, 238, 244);

const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const TABLE: f32 = 8.5;
const HEADING: f32 = 12.5;
const TITLE: f32 = 18.0;
const LEADING: f32 = 1.32;
/// Line height of a [`Block::Text`] (a dense page 1), in ems.
const DENSE_LEADING: f32 = 1.2;
/// Horizontal padding inside a table cell.
pub(crate) const CELL_PAD_X: f32 = 3.0;
/// Maximum nesting of `Columns`; deeper levels are laid out one below the other.
const MAX_COLUMN_DEPTH: usize = 3;
/// Deeper nesting is rejected (protects the stack).
const MAX_NESTING: usize = 32;

// ---------------------------------------------------------------------------------------------
// Fonts and measuring

// Measuring is the fonts module's (one set of metrics, with kerning, for every drawing).
pub(crate) use crate::fonts::{Faces as Fonts, Style};

// ---------------------------------------------------------------------------------------------
// Text cleaning

/// Characters that carry no visible glyph and that DejaVu lacks (they would show as .notdef):
/// zero-width and bidi controls, variation selectors, BOM, tag characters, soft hyphen.
fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Strip control characters. Tabs become spaces; with `keep_newlines`, `\n` (and `\r\n`, `\r`)
/// survive as hard line breaks, otherwise they become spaces.
pub(crate) fn clean(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(if keep_newlines { '\n' } else { ' ' });
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                out.push(if keep_newlines { '\n' } else { ' ' })
            }
            '\t' => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Wrapping

/// A run of same-style text placed at `x` (relative to the line start).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    pub x: f32,
    pub style: Style,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    fn push(&mut self, style: Style, text: &str, x: f32) {
        match self.runs.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.runs.push(Run {
                x,
                style,
                text: text.to_string(),
            }),
        }
    }

    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

enum Tok {
    /// Part of a word in one style (a word may mix styles: "**7** nights").
    Piece(Style, String),
    Space(Style),
    Newline,
}

fn tokenize(spans: &[(Style, &str)]) -> Vec<Tok> {
    let mut toks = Vec::new();
    for &(style, raw) in spans {
        let text = clean(raw, true);
        let mut word = String::new();
        for c in text.chars() {
            if c == '\n' || c.is_whitespace() {
                if !word.is_empty() {
                    toks.push(Tok::Piece(style, std::mem::take(&mut word)));
                }
                toks.push(if c == '\n' {
                    Tok::Newline
                } else {
                    Tok::Space(style)
                });
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            toks.push(Tok::Piece(style, word));
        }
    }
    toks
}

struct Wrapper<'a> {
    fonts: &'a Fonts,
    size: f32,
    max_w: f32,
    lines: Vec<Line>,
    cur: Line,
}

impl Wrapper<'_> {
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.cur);
        self.lines.push(line);
    }

    /// Place a word (pieces) that is wider than a whole line: break it between characters.
    fn place_long(&mut self, pieces: &[(Style, String)]) {
        if !self.cur.runs.is_empty() {
            self.flush();
        }
        for (style, text) in pieces {
            let f = self.fonts.face(*style);
            let mut seg = String::new();
            let mut seg_units = 0i32;
            let mut prev: Option<u16> = None;
            for c in text.chars() {
                let (gid, adv) = f.glyph(c);
                let k = prev.map_or(0, |p| f.kerning(p, gid));
                let add = k + i32::from(adv);
                let new_w = self.cur.width + f.units_to_pt(seg_units + add, self.size);
                // Zero-advance glyphs (combining marks) stay with their base character.
                let empty_line = self.cur.runs.is_empty() && seg.is_empty();
                if new_w > self.max_w && !empty_line && adv > 0 {
                    if !seg.is_empty() {
                        let x = self.cur.width;
                        self.cur.push(*style, &seg, x);
                        self.cur.width += f.units_to_pt(seg_units, self.size);
                    }
                    self.flush();
                    seg.clear();
                    seg_units = i32::from(adv);
                } else {
                    seg_units += add;
                }
                seg.push(c);
                prev = Some(gid);
            }
            if !seg.is_empty() {
                let x = self.cur.width;
                self.cur.push(*style, &seg, x);
                self.cur.width += f.units_to_pt(seg_units, self.size);
            }
        }
    }
}

/// Greedy word wrap of styled spans into lines no wider than `max_w` (except a single glyph
/// wider than the line). Spaces collapse; `\n` is a hard break; words longer than a line are
/// broken between characters.
pub(crate) fn wrap(fonts: &Fonts, spans: &[(Style, &str)], size: f32, max_w: f32) -> Vec<Line> {
    let max_w = if max_w.is_finite() {
        max_w.max(1.0)
    } else {
        1.0
    };
    let toks = tokenize(spans);
    let mut w = Wrapper {
        fonts,
        size,
        max_w,
        lines: Vec::new(),
        cur: Line::default(),
    };
    let mut pending_space: Option<Style> = None;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Newline => {
                w.flush();
                pending_space = None;
                i += 1;
            }
            Tok::Space(s) => {
                pending_space.get_or_insert(*s);
                i += 1;
            }
            Tok::Piece(..) => {
                let mut pieces: Vec<(Style, String)> = Vec::new();
                while let Some(Tok::Piece(s, t)) = toks.get(i) {
                    pieces.push((*s, t.clone()));
                    i += 1;
                }
                let word_w: f32 = pieces.iter().map(|(s, t)| fonts.width(*s, t, size)).sum();
                let space = pending_space.take();
                let space_w = match space {
                    Some(s) if !w.cur.runs.is_empty() => fonts.width(s, " ", size),
                    _ => 0.0,
                };
                if w.cur.width + space_w + word_w <= max_w {
                    if let (Some(s), true) = (space, space_w > 0.0) {
                        let x = w.cur.width;
                        w.cur.push(s, " ", x);
                        w.cur.width += space_w;
                    }
                    for (s, t) in &pieces {
                        let x = w.cur.width;
                        w.cur.push(*s, t, x);
                        w.cur.width += fonts.width(*s, t, size);
                    }
                } else if word_w <= max_w {
                    w.flush();
                    for (s, t) in &pieces {
                        let x = w.cur.width;
                        w.cur.push(*s, t, x);
                        w.cur.width += fonts.width(*s, t, size);
                    }
                } else {
                    w.place_long(&pieces);
                }
            }
        }
    }
    if !w.cur.runs.is_empty() || w.lines.is_empty() {
        w.flush();
    }
    w.lines
}

fn spans_of(spans: &[Span]) -> Vec<(Style, &str)> {
    spans
        .iter()
        .map(|s| match s {
            Span::Plain(t) => (Style::Regular, t.as_str()),
            Span::Bold(t) => (Style::Bold, t.as_str()),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Drawing ops, chunks, items

#[derive(Clone, Debug)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
    Svg {
        idx: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Picture {
        idx: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Op {
    pub(crate) fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Op::Text { x, y, .. }
            | Op::Rect { x, y, .. }
            | Op::Svg { x, y, .. }
            | Op::Picture { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Op::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

/// An unbreakable vertical slice. Ops are relative to the slice's top-left corner.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chunk {
    pub h: f32,
    pub ops: Vec<Op>,
    /// Must end up on the same page as the next chunk (headings, table header rows, orphans).
    pub keep_with_next: bool,
    /// Index into `Ctx::headers`: drawn first when this chunk opens a page (table header).
    pub header: Option<usize>,
}

impl Chunk {
    fn append(&mut self, other: Chunk, dx: f32) {
        let dy = self.h;
        self.ops.extend(other.ops.into_iter().map(|mut o| {
            o.translate(dx, dy);
            o
        }));
        self.h += other.h;
    }
}

#[derive(Debug)]
pub(crate) enum Item {
    Chunk(Chunk),
    /// Vertical space; `droppable` spacing disappears at the top of a page.
    Gap {
        h: f32,
        droppable: bool,
    },
    Break,
}

fn text_lines(
    fonts: &Fonts,
    lines: &[Line],
    size: f32,
    lh: f32,
    color: Rgb,
    x0: f32,
    align_right: Option<f32>,
) -> Vec<Chunk> {
    let base = fonts.baseline(size, lh);
    lines
        .iter()
        .map(|line| {
            let shift = align_right.map_or(0.0, |w| (w - line.width).max(0.0));
            Chunk {
                h: lh,
                ops: line
                    .runs
                    .iter()
                    .map(|r| Op::Text {
                        x: x0 + shift + r.x,
                        y: base,
                        size,
                        style: r.style,
                        color,
                        text: r.text.clone(),
                    })
                    .collect(),
                ..Chunk::default()
            }
        })
        .collect()
}

fn merge(chunks: Vec<Chunk>) -> Chunk {
    let mut out = Chunk::default();
    for c in chunks {
        out.append(c, 0.0);
    }
    out
}

fn sanitize_len(v: f32, max: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, max)
    } else {
        0.0
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks → items

pub(crate) struct Ctx<'a> {
    pub fonts: &'a Fonts,
    pub headers: Vec<Chunk>,
    pub svgs: Vec<usvg::Tree>,
    pub pictures: Vec<std::sync::Arc<dyn super::Picture>>,
    pub svg_opts: &'a usvg::Options<'a>,
    /// Height of the page body; used for keep-together decisions.
    pub page_h: f32,
    svg_count: usize,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(fonts: &'a Fonts, svg_opts: &'a usvg::Options<'a>, page_h: f32) -> Self {
        Ctx {
            fonts,
            headers: Vec::new(),
            svgs: Vec::new(),
            pictures: Vec::new(),
            svg_opts,
            page_h,
            svg_count: 0,
        }
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block], w: f32, depth: usize) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            let before = match b {
                Block::Title(_) => 0.0,
                Block::Heading(_) => 14.0,
                Block::Small(_) | Block::Text { .. } => 4.0,
                Block::Para(_) | Block::Bullets(_) | Block::KeyValues(_) => 6.0,
                Block::Spacer(_) | Block::PageBreak => 0.0,
                _ => 7.0,
            };
            if i > 0 && before > 0.0 {
                items.push(Item::Gap {
                    h: before,
                    droppable: true,
                });
            }
            self.block(b, w, depth, &mut items)
                .with_context(|| format!("laying out block #{i}"))?;
        }
        Ok(items)
    }

    fn block(&mut self, b: &Block, w: f32, depth: usize, out: &mut Vec<Item>) -> Result<()> {
        let fonts = self.fonts;
        match b {
            Block::Title(t) => {
                let lines = wrap(fonts, &[(Style::Bold, t)], TITLE, w);
                let mut chunks = text_lines(fonts, &lines, TITLE, TITLE * 1.2, BLACK, 0.0, None);
                chunks.push(Chunk {
                    h: 4.0,
                    ..Chunk::default()
                });
                self.push_kept(chunks, true, out);
            }
            Block::Heading(t) => {
                let lines = wrap(fonts, &[(Style::Bold, t)], HEADING, w);
                let mut chunks =
                    text_lines(fonts, &lines, HEADING, HEADING * 1.25, ACCENT, 0.0, None);
                chunks.push(Chunk {
                    h: 5.0,
                    ops: vec![Op::Line {
                        x1: 0.0,
                        y1: 1.5,
                        x2: w,
                        y2: 1.5,
                        color: ACCENT,
                        width: 0.6,
                    }],
                    ..Chunk::default()
                });
                self.push_kept(chunks, true, out);
            }
            Block::Para(spans) => {
                let lines = wrap(fonts, &spans_of(spans), BODY, w);
                push_lines(
                    out,
                    text_lines(fonts, &lines, BODY, BODY * LEADING, BLACK, 0.0, None),
                );
            }
            Block::Small(spans) => {
                let lines = wrap(fonts, &spans_of(spans), SMALL, w);
                push_lines(
                    out,
                    text_lines(fonts, &lines, SMALL, SMALL * LEADING, MUTED, 0.0, None),
                );
            }
            Block::Text { size, muted, spans } => {
                let size = if size.is_finite() {
                    size.clamp(7.0, 12.0)
                } else {
                    BODY
                };
                let color = if *muted { MUTED } else { BLACK };
                let lines = wrap(fonts, &spans_of(spans), size, w);
                push_lines(
                    out,
                    text_lines(fonts, &lines, size, size * DENSE_LEADING, color, 0.0, None),
                );
            }
            Block::Bullets(items) => {
                let indent = 13.0;
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(Item::Gap {
                            h: 2.0,
                            droppable: true,
                        });
                    }
                    let lines = wrap(fonts, &spans_of(item), BODY, w - indent);
                    let lh = BODY * LEADING;
                    let mut chunks = text_lines(fonts, &lines, BODY, lh, BLACK, indent, None);
                    if let Some(first) = chunks.first_mut() {
                        first.ops.push(Op::Text {
                            x: 3.0,
                            y: fonts.baseline(BODY, lh),
                            size: BODY,
                            style: Style::Regular,
                            color: ACCENT,
                            text: "•".into(),
                        });
                    }
                    push_lines(out, chunks);
                }
            }
            Block::Callout { tone, title, body } => self.callout(*tone, title, body, w, out),
            Block::KeyValues(pairs) => self.key_values(pairs, w, out),
            Block::Table {
                headers,
                rows,
                widths,
                align_right,
            } => self.table(TABLE, headers, rows, widths, align_right, w, out),
            Block::SizedTable {
                size,
                headers,
                rows,
                widths,
                align_right,
            } => {
                let size = if size.is_finite() {
                    size.clamp(6.0, 12.0)
                } else {
                    TABLE
                };
                self.table(size, headers, rows, widths, align_right, w, out);
            }
            Block::Svg { svg, height_pt } => self.svg(svg, *height_pt, w, out)?,
            Block::Picture { picture, height_pt } => self.picture(picture, *height_pt, w, out)?,
            Block::Columns(cols) => self.columns(cols, &[], w, depth, out)?,
            Block::Split { widths, columns } => self.columns(columns, widths, w, depth, out)?,
            Block::Spacer(h) => out.push(Item::Gap {
                h: sanitize_len(*h, self.page_h),
                droppable: false,
            }),
            Block::PageBreak => out.push(Item::Break),
        }
        Ok(())
    }

    /// Push chunks that should stay together (merged into one when they fit on a page).
    fn push_kept(&self, chunks: Vec<Chunk>, keep_with_next: bool, out: &mut Vec<Item>) {
        let total: f32 = chunks.iter().map(|c| c.h).sum();
        if total <= self.page_h {
            let mut c = merge(chunks);
            c.keep_with_next = keep_with_next;
            out.push(Item::Chunk(c));
        } else {
            out.extend(chunks.into_iter().map(Item::Chunk));
        }
    }

    fn callout(
        &mut self,
        tone: Tone,
        title: &str,
        body: &[Vec<Span>],
        w: f32,
        out: &mut Vec<Item>,
    ) {
        let fonts = self.fonts;
        let (label, color, bg, border) = tone_style(tone);
        let (bar, pad) = (4.0, 7.0);
        let inner_x = bar + pad;
        let inner_w = (w - inner_x - pad).max(20.0);
        let lh = BODY * LEADING;
        let mut rows: Vec<Chunk> = Vec::new();

        // Title row: a filled label tag (white text, legible in greyscale) and the bold title.
        let tag_size = 7.5;
        let tag_w = fonts.width(Style::Bold, label, tag_size) + 8.0;
        let title_x = tag_w + 6.0;
        let title_lines = wrap(fonts, &[(Style::Bold, title)], BODY, inner_w - title_x);
        let mut title_chunks = text_lines(fonts, &title_lines, BODY, lh, BLACK, title_x, None);
        if let Some(first) = title_chunks.first_mut() {
            let tag_h = 11.0;
            let top = (lh - tag_h) / 2.0;
            first.ops.insert(
                0,
                Op::Rect {
                    x: 0.0,
                    y: top,
                    w: tag_w,
                    h: tag_h,
                    fill: Some(color),
                    stroke: None,
                },
            );
            first.ops.insert(
                1,
                Op::Text {
                    x: 4.0,
                    y: top + fonts.baseline(tag_size, tag_h),
                    size: tag_size,
                    style: Style::Bold,
                    color: WHITE,
                    text: label.to_string(),
                },
            );
        }
        rows.extend(title_chunks);
        for para in body {
            rows.push(Chunk {
                h: 3.0,
                ..Chunk::default()
            });
            let lines = wrap(fonts, &spans_of(para), 9.5, inner_w);
            rows.extend(text_lines(
                fonts,
                &lines,
                9.5,
                9.5 * LEADING,
                BLACK,
                0.0,
                None,
            ));
        }

        let content_h: f32 = rows.iter().map(|c| c.h).sum();
        let total = content_h + 2.0 * pad;
        let frame = |y: f32, h: f32, full: bool| -> Vec<Op> {
            let mut ops = vec![Op::Rect {
                x: 0.0,
                y,
                w,
                h,
                fill: Some(bg),
                stroke: if full { Some((color, border)) } else { None },
            }];
            ops.push(Op::Rect {
                x: 0.0,
                y,
                w: bar,
                h,
                fill: Some(color),
                stroke: None,
            });
            ops
        };
        if total <= self.page_h {
            let mut c = Chunk {
                h: pad,
                ops: frame(0.0, total, true),
                ..Chunk::default()
            };
            for r in rows {
                c.append(r, inner_x);
            }
            c.h += pad;
            out.push(Item::Chunk(c));
        } else {
            // Taller than a page: split between lines, each slice carrying its own frame.
            let n = rows.len();
            for (k, r) in rows.into_iter().enumerate() {
                let top = if k == 0 { pad } else { 0.0 };
                let bottom = if k + 1 == n { pad } else { 0.0 };
                let h = top + r.h + bottom;
                let mut c = Chunk {
                    h: top,
                    ops: frame(0.0, h, false),
                    ..Chunk::default()
                };
                c.append(r, inner_x);
                c.h = h;
                out.push(Item::Chunk(c));
            }
        }
    }

    fn key_values(&mut self, pairs: &[(String, String)], w: f32, out: &mut Vec<Item>) {
        let fonts = self.fonts;
        let size = BODY;
        let lh = size * LEADING;
        let natural = pairs
            .iter()
            .map(|(k, _)| fonts.width(Style::Regular, &clean(k, false), size))
            .fold(0.0f32, f32::max);
        let label_w = (natural + 12.0).clamp(w * 0.2, w * 0.45);
        for (k, (key, value)) in pairs.iter().enumerate() {
            let kl = wrap(fonts, &[(Style::Regular, key)], size, label_w - 10.0);
            let vl = wrap(fonts, &[(Style::Regular, value)], size, w - label_w);
            let n = kl.len().max(vl.len());
            let kc = text_lines(fonts, &kl, size, lh, MUTED, 0.0, None);
            let vc = text_lines(fonts, &vl, size, lh, BLACK, label_w, None);
            let mut lines: Vec<Chunk> = (0..n)
                .map(|i| Chunk {
                    h: lh,
                    ops: [kc.get(i), vc.get(i)]
                        .into_iter()
                        .flatten()
                        .flat_map(|c| c.ops.iter().cloned())
                        .collect(),
                    ..Chunk::default()
                })
                .collect();
            if let Some(last) = lines.last_mut() {
                if k + 1 < pairs.len() {
                    last.ops.push(Op::Line {
                        x1: 0.0,
                        y1: lh + 1.0,
                        x2: w,
                        y2: lh + 1.0,
                        color: Rgb(225, 225, 225),
                        width: 0.3,
                    });
                }
                last.h += 2.0;
            }
            self.push_kept(lines, false, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn table(
        &mut self,
        size: f32,
        headers: &[String],
        rows: &[Vec<String>],
        widths: &[f32],
        align_right: &[bool],
        w: f32,
        out: &mut Vec<Item>,
    ) {
        let ncols = rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(headers.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let fracs = column_fractions(widths, ncols);
        // Padding above and below grows with the size: 7 pt keeps 1 pt, 9 pt 1.5 pt, 10.4 pt
        // and more 2.2 pt (a page 1 at 9 pt holds its tables, a dense appendix its rows).
        let (px, py) = (CELL_PAD_X, ((size - 6.0) * 0.5).clamp(1.0, 2.2));
        let lh = size * 1.28;
        let xs: Vec<f32> = fracs
            .iter()
            .scan(0.0, |acc, f| {
                let x = *acc;
                *acc += f * w;
                Some(x)
            })
            .collect();
        let fonts = self.fonts;
        // Builds the slices of one row: each slice holds whole lines of every cell and fits a
        // page (a row only splits when it alone is taller than a page).
        let build = |cells: &[String], style: Style, color: Rgb, max_h: f32| -> Vec<Chunk> {
            let mut cols: Vec<Vec<Chunk>> = Vec::with_capacity(ncols);
            for c in 0..ncols {
                let text = cells.get(c).map_or("", String::as_str);
                let cw = (fracs[c] * w - 2.0 * px).max(4.0);
                let lines = wrap(fonts, &[(style, text)], size, cw);
                let right = align_right.get(c).copied().unwrap_or(false).then_some(cw);
                cols.push(text_lines(
                    fonts,
                    &lines,
                    size,
                    lh,
                    color,
                    xs[c] + px,
                    right,
                ));
            }
            let n = cols.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let per = (((max_h - 2.0 * py) / lh).floor() as usize).max(1);
            // Each cell's lines are moved, line by line, into the row's slices.
            let mut cols: Vec<_> = cols.into_iter().map(Vec::into_iter).collect();
            let mut slices = Vec::new();
            let mut start = 0;
            while start < n {
                let end = (start + per).min(n);
                let mut s = Chunk {
                    h: py,
                    ..Chunk::default()
                };
                for _ in start..end {
                    let mut line = Chunk {
                        h: lh,
                        ..Chunk::default()
                    };
                    for col in &mut cols {
                        if let Some(c) = col.next() {
                            line.ops.extend(c.ops);
                        }
                    }
                    s.append(line, 0.0);
                }
                s.h += py;
                slices.push(s);
                start = end;
            }
            slices
        };

        let mut head = merge(build(headers, Style::Bold, BLACK, f32::INFINITY));
        head.ops.insert(
            0,
            Op::Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: head.h,
                fill: Some(TABLE_HEAD_BG),
                stroke: None,
            },
        );
        head.ops.push(Op::Line {
            x1: 0.0,
            y1: head.h,
            x2: w,
            y2: head.h,
            color: ACCENT,
            width: 0.8,
        });
        let has_header = headers.iter().any(|h| !h.trim().is_empty());
        let room = if has_header {
            self.page_h - head.h
        } else {
            self.page_h
        };
        let header_idx = if has_header {
            head.keep_with_next = true;
            self.headers.push(head.clone());
            out.push(Item::Chunk(head));
            Some(self.headers.len() - 1)
        } else {
            None
        };
        for row in rows {
            for mut s in build(row, Style::Regular, BLACK, room) {
                s.ops.push(Op::Line {
                    x1: 0.0,
                    y1: s.h,
                    x2: w,
                    y2: s.h,
                    color: RULE,
                    width: 0.3,
                });
                s.header = header_idx;
                out.push(Item::Chunk(s));
            }
        }
    }

    fn svg(&mut self, svg: &str, height_pt: f32, w: f32, out: &mut Vec<Item>) -> Result<()> {
        self.svg_count += 1;
        let tree = usvg::Tree::from_str(svg, self.svg_opts)
            .with_context(|| format!("parsing SVG chart #{}", self.svg_count))?;
        let size = tree.size();
        let (sw, sh) = (size.width(), size.height());
        if !(sw > 0.0 && sh > 0.0 && sw.is_finite() && sh.is_finite()) {
            return Err(anyhow!("SVG chart #{} has an empty size", self.svg_count));
        }
        self.svgs.push(tree);
        let idx = self.svgs.len() - 1;
        out.push(self.figure(sw, sh, height_pt, w, |x, y, w, h| Op::Svg {
            idx,
            x,
            y,
            w,
            h,
        }));
        Ok(())
    }

    fn picture(
        &mut self,
        picture: &std::sync::Arc<dyn super::Picture>,
        height_pt: f32,
        w: f32,
        out: &mut Vec<Item>,
    ) -> Result<()> {
        self.svg_count += 1;
        let (pw, ph) = picture.size();
        if pw == 0 || ph == 0 {
            return Err(anyhow!("chart #{} has an empty size", self.svg_count));
        }
        self.pictures.push(picture.clone());
        let idx = self.pictures.len() - 1;
        let (sw, sh) = (pw as f32, ph as f32);
        out.push(self.figure(sw, sh, height_pt, w, |x, y, w, h| Op::Picture {
            idx,
            x,
            y,
            w,
            h,
        }));
        Ok(())
    }

    /// A figure of natural size `sw` × `sh` scaled into content width × `height_pt` (full
    /// width when `height_pt` ≤ 0), centred, in one chunk.
    fn figure(
        &self,
        sw: f32,
        sh: f32,
        height_pt: f32,
        w: f32,
        op: impl Fn(f32, f32, f32, f32) -> Op,
    ) -> Item {
        let box_h = if height_pt.is_finite() && height_pt > 0.0 {
            height_pt.min(self.page_h)
        } else {
            (w * sh / sw).min(self.page_h)
        };
        let scale = (w / sw).min(box_h / sh);
        let (dw, dh) = (sw * scale, sh * scale);
        Item::Chunk(Chunk {
            h: dh,
            ops: vec![op((w - dw) / 2.0, 0.0, dw, dh)],
            ..Chunk::default()
        })
    }

    fn columns(
        &mut self,
        cols: &[Vec<Block>],
        widths: &[f32],
        w: f32,
        depth: usize,
        out: &mut Vec<Item>,
    ) -> Result<()> {
        let n = cols.len();
        if n == 0 {
            return Ok(());
        }
        if depth > MAX_NESTING {
            return Err(anyhow!(
                "Columns nested more than {MAX_NESTING} levels deep"
            ));
        }
        let gap = 14.0;
        let fracs = column_fractions(widths, n);
        let avail = w - gap * (n as f32 - 1.0);
        let cws: Vec<f32> = fracs.iter().map(|f| f * avail).collect();
        let narrowest = cws.iter().copied().fold(f32::INFINITY, f32::min);
        let sequential = |ctx: &mut Self, out: &mut Vec<Item>| -> Result<()> {
            for (k, col) in cols.iter().enumerate() {
                if k > 0 {
                    out.push(Item::Gap {
                        h: 9.0,
                        droppable: true,
                    });
                }
                out.extend(ctx.blocks(col, w, depth + 1)?);
            }
            Ok(())
        };
        if depth >= MAX_COLUMN_DEPTH || narrowest < 60.0 {
            return sequential(self, out);
        }
        let mut merged = Chunk::default();
        let mut max_h = 0.0f32;
        let mut dx = 0.0;
        for (k, col) in cols.iter().enumerate() {
            let cw = cws[k];
            let items = self
                .blocks(col, cw, depth + 1)
                .with_context(|| format!("column {k}"))?;
            let mut stack = Chunk::default();
            for it in items {
                match it {
                    Item::Chunk(c) => stack.append(c, 0.0),
                    Item::Gap { h, .. } => stack.h += h,
                    Item::Break => {}
                }
            }
            max_h = max_h.max(stack.h);
            merged.ops.extend(stack.ops.into_iter().map(|mut o| {
                o.translate(dx, 0.0);
                o
            }));
            dx += cw + gap;
        }
        if max_h > self.page_h {
            // Too tall to sit side by side on one page: stack the columns instead.
            return sequential(self, out);
        }
        merged.h = max_h;
        out.push(Item::Chunk(merged));
        Ok(())
    }
}

/// Paragraph lines become separate chunks; the first two and the last two lines stay together
/// (no single orphan or widow line).
fn push_lines(out: &mut Vec<Item>, mut chunks: Vec<Chunk>) {
    let n = chunks.len();
    if n >= 2 {
        chunks[0].keep_with_next = true;
        chunks[n - 2].keep_with_next = true;
    }
    out.extend(chunks.into_iter().map(Item::Chunk));
}

/// Column widths as fractions: invalid or missing widths fall back to equal columns, valid ones
/// are normalised to sum to 1.
pub(crate) fn column_fractions(widths: &[f32], ncols: usize) -> Vec<f32> {
    let equal = vec![1.0 / ncols as f32; ncols];
    if widths.len() != ncols || widths.iter().any(|w| !w.is_finite() || *w < 0.0) {
        return equal;
    }
    let sum: f32 = widths.iter().sum();
    if sum <= f32::EPSILON {
        return equal;
    }
    widths.iter().map(|w| w / sum).collect()
}

/// Label, colour, background and border width of a callout tone.
pub(crate) fn tone_style(tone: Tone) -> (&'static str, Rgb, Rgb, f32) {
    match tone {
        Tone::Urgent => ("URGENT", Rgb(176, 0, 32), Rgb(252, 236, 238), 1.2),
        Tone::Warning => ("WARNING", Rgb(154, 91, 0), Rgb(253, 245, 230), 0.8),
        Tone::Notice => ("NOTE", ACCENT, Rgb(236, 242, 248), 0.6),
        Tone::Info => ("INFO", Rgb(80, 104, 128), Rgb(244, 246, 248), 0.5),
        Tone::Muted => ("FYI", Rgb(110, 110, 110), Rgb(246, 246, 246), 0.4),
    }
}

// ---------------------------------------------------------------------------------------------
// Pagination

/// Body frame of a page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub left: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Place items onto pages, moving each chunk's ops (never copying them), and return the
/// absolute ops of each page (at least one page). Table header rows repeated on a new page are
/// the only ops drawn twice. The caller draws and drops one page at a time.
pub(crate) fn paginate(items: Vec<Item>, headers: &[Chunk], frame: Frame) -> Vec<Vec<Op>> {
    const EPS: f32 = 0.01;
    let page_h = frame.bottom - frame.top;
    let needs: Vec<f32> = (0..items.len())
        .map(|i| {
            let header_h = match &items[i] {
                Item::Chunk(c) => c.header.and_then(|h| headers.get(h)).map_or(0.0, |h| h.h),
                _ => 0.0,
            };
            keep_chain(&items, i, page_h - header_h)
        })
        .collect();
    let mut pages: Vec<Vec<Op>> = vec![Vec::new()];
    let mut y = frame.top;
    let mut empty = true;

    let shifted = |mut o: Op, y: f32| {
        o.translate(frame.left, y);
        o
    };

    for (item, need) in items.into_iter().zip(needs) {
        match item {
            Item::Gap { h, droppable } => {
                if !(empty && droppable) {
                    y += h;
                }
            }
            Item::Break => {
                if !empty || y > frame.top + EPS {
                    pages.push(Vec::new());
                    y = frame.top;
                    empty = true;
                }
            }
            Item::Chunk(c) => {
                if y + need > frame.bottom + EPS && !(empty && y <= frame.top + EPS) {
                    pages.push(Vec::new());
                    y = frame.top;
                    empty = true;
                }
                let page = pages.len() - 1;
                if empty && y <= frame.top + EPS {
                    if let Some(h) = c.header.and_then(|h| headers.get(h)) {
                        let top = y;
                        pages[page].extend(h.ops.iter().cloned().map(|o| shifted(o, top)));
                        y += h.h;
                    }
                }
                let top = y;
                pages[page].extend(c.ops.into_iter().map(|o| shifted(o, top)));
                y += c.h;
                empty = false;
            }
        }
    }
    pages
}

/// Height needed to place chunk `i` together with the chunks it must keep with (gaps included).
/// A chain that cannot fit on one page is ignored (only the chunk itself counts).
fn keep_chain(items: &[Item], i: usize, room: f32) -> f32 {
    let Some(Item::Chunk(first)) = items.get(i) else {
        return 0.0;
    };
    let mut need = first.h;
    let mut keep = first.keep_with_next;
    let mut gaps = 0.0;
    let mut j = i + 1;
    while keep {
        match items.get(j) {
            Some(Item::Gap { h, .. }) => gaps += h,
            Some(Item::Chunk(c)) => {
                need += gaps + c.h;
                gaps = 0.0;
                keep = c.keep_with_next;
                if need > room {
                    return first.h;
                }
            }
            Some(Item::Break) | None => break,
        }
        j += 1;
    }
    need
}

/// Collect `(text, style)` → unique strings; used by tests and diagnostics.
#[cfg(test)]
pub(crate) fn page_texts(ops: &[Op]) -> Vec<String> {
    ops.iter()
        .filter_map(|o| match o {
            Op::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::load().expect("bundled fonts parse")
    }

    #[test]
    fn width_is_exact_for_known_string() {
        let f = fonts();
        // DejaVu Sans advances (2048 units/em): H 1540, e 1260, l 569, o 1253; no kern pairs.
        let expected = (1540 + 1260 + 569 + 569 + 1253) as f32 * 10.0 / 2048.0;
        assert!((f.width(Style::Regular, "Hello", 10.0) - expected).abs() < 1e-4);
        // Independent check against ttf-parser, glyph by glyph.
        let face = ttf_parser::Face::parse(crate::fonts::REGULAR_TTF, 0).unwrap();
        let sum: u16 = "Hello"
            .chars()
            .map(|c| {
                face.glyph_hor_advance(face.glyph_index(c).unwrap())
                    .unwrap()
            })
            .sum();
        assert!((f.width(Style::Regular, "Hello", 10.0) - sum as f32 * 10.0 / 2048.0).abs() < 1e-4);
        // Bold is wider, spaces have width.
        assert!(f.width(Style::Bold, "Hello", 10.0) > f.width(Style::Regular, "Hello", 10.0));
        assert!(f.width(Style::Regular, "a b", 10.0) > f.width(Style::Regular, "ab", 10.0));
    }

    #[test]
    fn kerning_applies_to_av() {
        let f = fonts();
        let face = &f.regular;
        let (a, _) = face.glyph('A');
        let (v, _) = face.glyph('V');
        assert!(face.kerning(a, v) < 0, "DejaVu kerns A/V");
        let plain = f.width(Style::Regular, "A", 10.0) + f.width(Style::Regular, "V", 10.0);
        assert!(f.width(Style::Regular, "AV", 10.0) < plain);
        // Shaping and measuring agree.
        let shaped: i32 = face.shape("AVAV Wa").iter().map(|g| g.1).sum();
        assert_eq!(shaped, face.width_units("AVAV Wa"));
    }

    #[test]
    fn wraps_greedy_within_width() {
        let f = fonts();
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(8);
        let lines = wrap(f, &[(Style::Regular, &text)], 10.0, 200.0);
        assert!(lines.len() >= 8, "got {} lines", lines.len());
        for l in &lines {
            assert!(l.width <= 200.0 + 1e-3, "line too wide: {}", l.width);
            let measured = f.width(Style::Regular, &l.text(), 10.0);
            assert!(
                (measured - l.width).abs() < 1e-3,
                "{measured} vs {}",
                l.width
            );
        }
        // Greedy: the next line's first word would not have fit on the previous line.
        for pair in lines.windows(2) {
            let next_word = pair[1].text().split(' ').next().unwrap_or("").to_string();
            let w = pair[0].width + f.width(Style::Regular, &format!(" {next_word}"), 10.0);
            assert!(w > 200.0);
        }
        let joined: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(joined.join(" "), text.trim_end());
    }

    #[test]
    fn long_word_is_broken_by_characters() {
        let f = fonts();
        let word = "x".repeat(10_000);
        let lines = wrap(f, &[(Style::Regular, &word)], 10.0, 150.0);
        let per_line = (150.0 / f.width(Style::Regular, "x", 10.0)).floor() as usize;
        assert_eq!(lines.len(), 10_000usize.div_ceil(per_line));
        assert!(lines.iter().all(|l| l.width <= 150.0 + 1e-3));
        assert_eq!(lines.iter().map(|l| l.text().len()).sum::<usize>(), 10_000);
        // Text before a long word stays on its own line; the rest continues after it.
        let lines = wrap(
            f,
            &[(Style::Regular, &format!("see {} end", "y".repeat(300)))],
            10.0,
            150.0,
        );
        assert_eq!(lines[0].text(), "see");
        assert!(lines.last().unwrap().text().ends_with("end"));
        let all: String = lines.iter().map(Line::text).collect();
        assert_eq!(all.replace(' ', ""), format!("see{}end", "y".repeat(300)));
    }

    #[test]
    fn mixed_styles_newlines_and_controls() {
        let f = fonts();
        let lines = wrap(
            f,
            &[
                (Style::Bold, "7"),
                (Style::Regular, " nights\u{0007} of\tthe\r\nrest\u{200B}"),
            ],
            10.0,
            500.0,
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].runs[0].style, Style::Bold);
        assert_eq!(lines[0].text(), "7 nights of the");
        assert_eq!(lines[1].text(), "rest");
        // Empty input still yields one (empty) line; emoji and RTL do not panic.
        assert_eq!(wrap(f, &[], 10.0, 100.0).len(), 1);
        let l = wrap(f, &[(Style::Regular, "😀🦵 שלום عربي")], 10.0, 20.0);
        assert!(!l.is_empty());
    }

    #[test]
    fn column_fractions_are_sanitised() {
        assert_eq!(column_fractions(&[0.5, 0.5], 2), vec![0.5, 0.5]);
        assert_eq!(column_fractions(&[1.0, 3.0], 2), vec![0.25, 0.75]);
        assert_eq!(column_fractions(&[f32::NAN, 1.0], 2), vec![0.5, 0.5]);
        assert_eq!(column_fractions(&[1.0], 2), vec![0.5, 0.5]);
        assert_eq!(column_fractions(&[0.0, 0.0], 2), vec![0.5, 0.5]);
    }

    #[test]
    fn ellipsize_fits() {
        let f = fonts();
        let s = f.ellipsize(Style::Regular, &"long header ".repeat(20), 8.0, 100.0);
        assert!(s.ends_with('…'));
        assert!(f.width(Style::Regular, &s, 8.0) <= 100.0);
        assert_eq!(f.ellipsize(Style::Regular, "short", 8.0, 100.0), "short");
    }
}
