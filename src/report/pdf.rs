//! The PDF backend: the report [`Document`] laid out as [`crate::pdf::Block`]s and rendered
//! by the PDF engine (vector charts, selectable text, A4 or Letter). It adds no wording:
//! every sentence comes from the presenter.
//!
//! Page 1 is a layout of the first-page sections (the 60-second page: urgent signs, key
//! numbers, the flags at a glance, the night calendar beside the events, the composite line
//! and the topics); the other sections follow, the night-by-night appendix on pages of its
//! own. Every page carries the period, time zone, program version, "self-reported, not a
//! diagnosis" and "Page N of M" (the engine's header and footer), and "DEMO DATA" for a
//! demo diary.

use std::io::Write;

use anyhow::Result;
use chrono::Datelike;

use super::charts::{self, Chart};
use super::document::{self as doc, Document, Section};
use super::{Report, clean, present};
use crate::analysis::wording;
use crate::chart::Size;
use crate::pdf::{self, Block, Meta, PageDecor, Paper, Span, Tone};

/// Font size of the tables (page 1's included): body and tables ≥ 9 pt (docs/design.md
/// section 12, "Legibility in print").
const TABLE_PT: f32 = 9.0;
/// Page 1's paragraphs (body ≥ 9 pt) and its small print (legends, ≥ 7 pt).
const PAGE1_PT: f32 = 9.0;
const PAGE1_SMALL_PT: f32 = 7.5;
/// The smallest print size of a chart's text (its 11 px ticks): the calendar is drawn at
/// least this large (≥ 7.5 pt).
const CHART_TEXT_PT: f32 = 7.6;
/// A chart's tick labels, in px of its drawing.
const CHART_TICK_PX: f32 = 11.0;
/// Font size of the night-by-night appendix: one line per night where the details fit.
const APPENDIX_PT: f32 = 7.0;
/// The engine's gap between side-by-side columns, as a share of an A4 line (14 pt).
const GAP_SHARE: f32 = 0.03;
/// Up to this many weeks the calendar shares its row with the events.
const NARROW_CALENDAR_WEEKS: i64 = 14;

/// Writes the report as PDF.
pub fn render(report: &Report, paper: Paper, w: &mut dyn Write) -> Result<()> {
    let bytes = to_pdf(report, paper)?;
    w.write_all(&bytes)?;
    Ok(())
}

/// The report as PDF bytes (same report → same bytes).
pub fn to_pdf(report: &Report, paper: Paper) -> Result<Vec<u8>> {
    // The presenter's document is dropped once turned into blocks, the blocks once laid out.
    let blocks = blocks(&present::document(report), paper)?;
    pdf::render_owned(paper, &meta(report), &decor(report), blocks)
}

/// "Fri 4 Sep 2026 to Thu 26 Nov 2026".
fn period_words(r: &Report) -> String {
    format!(
        "{} to {}",
        wording::day(r.period.from),
        wording::day(r.period.to)
    )
}

fn meta(r: &Report) -> Meta {
    let demo = if r.demo { " (DEMO DATA)" } else { "" };
    Meta {
        title: format!(
            "Night-time leg cramps: diary report, {} to {}{demo}",
            r.period.from, r.period.to
        ),
        subject: format!(
            "Self-reported leg-cramp diary, {} ({} nights). {}",
            period_words(r),
            r.period.nights,
            r.statements.self_reported
        ),
        creation: r.generated.naive_utc(),
        lang: "en".into(),
    }
}

fn decor(r: &Report) -> PageDecor {
    let mut right = format!(
        "{} – {} · time zone {}",
        r.period.from.format("%-d %b %Y"),
        r.period.to.format("%-d %b %Y"),
        clean(&r.time_zone)
    );
    if let Some(name) = &r.name {
        right = format!("{} · {right}", clean(name));
    }
    PageDecor {
        header_left: "cramplog · night-time leg cramps".into(),
        header_right: right,
        footer_left: format!(
            "Self-reported, not a diagnosis · generated {} · cramplog {}, report format {}",
            r.generated.format("%Y-%m-%d %H:%M %:z"),
            r.program_version,
            r.report_version
        ),
        banner: r.demo.then(|| "DEMO DATA".to_string()),
    }
}

fn spans(s: &[doc::Span]) -> Vec<Span> {
    s.iter()
        .map(|s| match s {
            doc::Span::Text(t) => Span::Plain(t.clone()),
            doc::Span::Strong(t) => Span::Bold(t.clone()),
            doc::Span::User(t) => Span::Plain(clean(t)),
        })
        .collect()
}

fn cell(s: &[doc::Span]) -> String {
    clean(&doc::plain_text(s))
}

fn tone(t: doc::Tone) -> Tone {
    match t {
        doc::Tone::Urgent => Tone::Urgent,
        doc::Tone::Review => Tone::Warning,
        doc::Tone::Notable | doc::Tone::Possible => Tone::Notice,
        doc::Tone::Strong | doc::Tone::Plain => Tone::Info,
        doc::Tone::Muted => Tone::Muted,
    }
}

fn blocks(d: &Document<'_>, paper: Paper) -> Result<Vec<Block>> {
    let mut b = vec![Block::Title(d.title.clone())];
    header(d, &mut b);
    let (first, rest): (Vec<&Section>, Vec<&Section>) =
        d.sections.iter().partition(|s| s.first_page);
    let narrow = narrow_calendar(d.report);
    let mut i = 0;
    while i < first.len() {
        let s = first[i];
        // Side by side: the legs and the medicines beside a short calendar, the stockings
        // and the patient's questions.
        if s.id == "legs" && narrow {
            let right = calendar_share(d.report, paper);
            let (lw, rw) = (1.0 - right - GAP_SHARE, right - GAP_SHARE);
            let mut left = section(d, s, paper, lw)?;
            let mut column = Vec::new();
            let mut j = i + 1;
            while let Some(next) = first.get(j) {
                match next.id {
                    "medicines" => left.extend(section(d, next, paper, lw)?),
                    "calendar" | "stockings" | "questions" => {
                        column.extend(section(d, next, paper, rw)?);
                    }
                    _ => break,
                }
                j += 1;
            }
            if !column.is_empty() {
                b.push(Block::Split {
                    widths: vec![1.0 - right, right],
                    columns: vec![left, column],
                });
                i = j;
                continue;
            }
        }
        b.extend(section(d, s, paper, 1.0)?);
        i += 1;
    }
    for s in rest {
        if s.id == "appendix" || s.id == "flags" {
            b.push(Block::PageBreak);
        }
        b.extend(section(d, s, paper, 1.0)?);
    }
    for x in &d.footer {
        b.extend(block(d, x, paper, 1.0)?);
    }
    Ok(b)
}

/// Who and when in one small paragraph (labels bold), then the statements.
fn header(d: &Document<'_>, b: &mut Vec<Block>) {
    let Some(last) = d.header.last() else {
        return;
    };
    for x in &d.header {
        match x {
            doc::Block::KeyValues(pairs) => {
                let mut who = Vec::new();
                // The program and report format are in every page's footer.
                let pairs = pairs.iter().filter(|(k, _)| k != "Program");
                for (i, (k, v)) in pairs.enumerate() {
                    if i > 0 {
                        who.push(Span::Plain(" · ".into()));
                    }
                    who.push(Span::Bold(format!("{k} ")));
                    who.extend(spans(v));
                }
                b.push(Block::Small(who));
            }
            // The statements in small bold; the coverage line (the last) in body type.
            doc::Block::Para { spans: s, .. } if !std::ptr::eq(x, last) => b.push(Block::Small(
                s.iter().map(|s| Span::Bold(clean(s.text()))).collect(),
            )),
            doc::Block::Para { spans: s, .. } => b.push(Block::Para(spans(s))),
            _ => {}
        }
    }
}

/// Weeks the calendar spans.
fn calendar_weeks(r: &Report) -> i64 {
    let monday = |d: chrono::NaiveDate| {
        d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
    };
    match (r.calendar.first(), r.calendar.last()) {
        (Some(a), Some(z)) => (monday(z.night) - monday(a.night)).num_days() / 7 + 1,
        _ => 0,
    }
}

fn section(d: &Document<'_>, s: &Section, paper: Paper, share: f32) -> Result<Vec<Block>> {
    let blocks = section_blocks(d, s, paper, share)?;
    Ok(if s.first_page {
        blocks.into_iter().map(dense).collect()
    } else {
        blocks
    })
}

/// Page 1's type: paragraphs at [`PAGE1_PT`], small print at [`PAGE1_SMALL_PT`] (inside
/// side-by-side columns too).
fn dense(b: Block) -> Block {
    match b {
        Block::Para(spans) => Block::Text {
            size: PAGE1_PT,
            muted: false,
            spans,
        },
        Block::Small(spans) => Block::Text {
            size: PAGE1_SMALL_PT,
            muted: true,
            spans,
        },
        Block::Split { widths, columns } => Block::Split {
            widths,
            columns: columns
                .into_iter()
                .map(|c| c.into_iter().map(dense).collect())
                .collect(),
        },
        b => b,
    }
}

fn section_blocks(d: &Document<'_>, s: &Section, paper: Paper, share: f32) -> Result<Vec<Block>> {
    if !s.first_page {
        let mut out = vec![Block::Heading(s.title.clone())];
        for x in &s.blocks {
            out.extend(block(d, x, paper, share)?);
        }
        return Ok(out);
    }
    // Page 1 is dense: titles in bold body type, tables side by side, lists run on.
    let mut out = vec![Block::Para(vec![Span::Bold(s.title.clone())])];
    let tables: Vec<&doc::Table> = s
        .blocks
        .iter()
        .filter_map(|b| match b {
            doc::Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let mut tables_done = false;
    // A table that opens its section, then words: the words beside the table.
    if let (true, Some((doc::Block::Table(t), words))) = (tables.len() == 1, s.blocks.split_first())
        && !words.is_empty()
        && share > 0.99
    {
        let widths = vec![0.5, 0.5];
        let mut right = Vec::new();
        for x in words {
            right.extend(block(d, x, paper, share * 0.5 - GAP_SHARE)?);
        }
        out.push(Block::Split {
            columns: vec![vec![table(t, paper, share * 0.5 - GAP_SHARE)?], right],
            widths,
        });
        return Ok(out);
    }
    for x in &s.blocks {
        match x {
            doc::Block::Table(_) if tables.len() == 2 => {
                if !tables_done {
                    // Each table as wide as its unwrapped cells ask, in proportion.
                    let natural = tables
                        .iter()
                        .map(|t| natural_total(t))
                        .collect::<Result<Vec<f32>>>()?;
                    let sum: f32 = natural.iter().sum();
                    let widths: Vec<f32> = if sum > 0.0 {
                        natural.iter().map(|n| n / sum).collect()
                    } else {
                        vec![0.5, 0.5]
                    };
                    out.push(Block::Split {
                        columns: tables
                            .iter()
                            .zip(&widths)
                            .map(|(t, w)| Ok(vec![table(t, paper, share * w - GAP_SHARE)?]))
                            .collect::<Result<_>>()?,
                        widths,
                    });
                    tables_done = true;
                }
            }
            // The flags at a glance, one line per check: the label, then its numbers.
            // The checks found run on in one paragraph, the rest in one small line.
            doc::Block::Table(t) if s.id == "glance" => {
                let mut found = Vec::new();
                for r in &t.rows {
                    let mut run = Vec::new();
                    for (i, c) in r.cells.iter().enumerate() {
                        let text = cell(c);
                        if i == 0 {
                            run.push(Span::Bold(text));
                        } else if text.starts_with('(') {
                            run.push(Span::Plain(format!(" {text}")));
                        } else {
                            run.push(Span::Plain(format!(": {text}")));
                        }
                    }
                    if r.tone == doc::Tone::Muted {
                        out.push(Block::Small(run));
                    } else {
                        if !found.is_empty() {
                            found.push(Span::Plain(" · ".into()));
                        }
                        found.extend(run);
                    }
                }
                if !found.is_empty() {
                    let at = out.len().saturating_sub(usize::from(
                        t.rows.last().is_some_and(|r| r.tone == doc::Tone::Muted),
                    ));
                    out.insert(at, Block::Para(found));
                }
            }
            // A section that opens with a paragraph runs it on after its title.
            doc::Block::Para { spans: p, .. }
                if std::ptr::eq(x, &s.blocks[0]) && out.len() == 1 =>
            {
                let mut run = vec![Span::Bold(format!("{}: ", s.title))];
                run.extend(spans(p));
                out = vec![Block::Para(run)];
            }
            // A list alone in its section runs on after the section's title.
            doc::Block::List(items) if s.blocks.len() == 1 => {
                let text: Vec<String> = items.iter().map(|i| cell(i)).collect();
                out = vec![Block::Para(vec![
                    Span::Bold(format!("{}: ", s.title)),
                    Span::Plain(text.join(" · ")),
                ])];
            }
            // Page 1's boxes say everything in one paragraph.
            doc::Block::Callout {
                tone: t,
                label,
                title,
                body,
                ..
            } => {
                let mut run: Vec<Span> = Vec::new();
                for (i, (_, line)) in body.iter().enumerate() {
                    if i > 0 {
                        run.push(Span::Plain(" ".into()));
                    }
                    run.extend(spans(line));
                }
                out.push(Block::Callout {
                    tone: tone(*t),
                    title: format!("{label}: {title}"),
                    body: vec![run],
                });
            }
            x => out.extend(block(d, x, paper, share)?),
        }
    }
    Ok(out)
}

fn block(d: &Document<'_>, x: &doc::Block, paper: Paper, share: f32) -> Result<Vec<Block>> {
    Ok(match x {
        doc::Block::Para { tone: t, spans: s } => match t {
            doc::Tone::Muted => vec![Block::Small(spans(s))],
            doc::Tone::Plain => vec![Block::Para(spans(s))],
            _ => vec![Block::Para(
                s.iter().map(|s| Span::Bold(clean(s.text()))).collect(),
            )],
        },
        doc::Block::KeyValues(pairs) => vec![Block::KeyValues(
            pairs.iter().map(|(k, v)| (k.clone(), cell(v))).collect(),
        )],
        doc::Block::List(items) => vec![Block::Bullets(items.iter().map(|i| spans(i)).collect())],
        doc::Block::Callout {
            tone: t,
            label,
            title,
            body,
            ..
        } => vec![Block::Callout {
            tone: tone(*t),
            title: format!("{label}: {title}"),
            body: body.iter().map(|(_, s)| spans(s)).collect(),
        }],
        doc::Block::Chart(c) => vec![Block::Picture {
            picture: charts::picture(d.report, c.kind, chart_size(d.report, c.kind))?,
            height_pt: 0.0,
        }],
        doc::Block::Table(t) => vec![table(t, paper, share)?],
    })
}

/// The calendar is short enough to share page 1's row with the legs (PDF and HTML).
pub(crate) fn narrow_calendar(r: &Report) -> bool {
    calendar_weeks(r) <= NARROW_CALENDAR_WEEKS
}

/// The size a short calendar is drawn at (PDF and HTML print).
pub(crate) fn narrow_calendar_size(r: &Report) -> Size {
    // As tall as the grid and the legend need (the chart grows).
    Size::new(narrow_calendar_px(r), 160)
}

/// The width (px) of a short calendar: a 20 px column a week (cells with their counts) beside
/// its weekday labels, the legend under the grid; never so narrow that the legend's first
/// entry wraps.
fn narrow_calendar_px(r: &Report) -> u32 {
    let weeks = u32::try_from(calendar_weeks(r).max(1)).unwrap_or(1);
    (56 + 20 * weeks).max(320)
}

/// The share of the content width a short calendar takes, so its text prints at
/// [`CHART_TEXT_PT`] or more.
fn calendar_share(r: &Report, paper: Paper) -> f32 {
    let pt = narrow_calendar_px(r) as f32 * CHART_TEXT_PT / CHART_TICK_PX;
    (pt / paper.content_width() + GAP_SHARE).min(0.6)
}

/// The size each chart is drawn at in print.
fn chart_size(r: &Report, kind: Chart) -> Size {
    match kind {
        Chart::Calendar => {
            if narrow_calendar(r) {
                narrow_calendar_size(r)
            } else {
                Size::new(720, 200)
            }
        }
        Chart::TimeOfNight | Chart::LegSite => Size::new(720, 240),
        Chart::Cosymptoms => {
            // As tall as its rows need (40 px a row), not its default.
            let rows = r
                .cosymptoms
                .iter()
                .filter(|c| c.cramp_nights_with + c.cramp_free_with > 0)
                .count();
            let h = u32::try_from(150 + 40 * rows).unwrap_or(u32::MAX);
            Size::new(720, h.clamp(200, 420))
        }
        k => k.default_size(),
    }
}

fn table(t: &doc::Table, paper: Paper, share: f32) -> Result<Block> {
    let headers: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells: Vec<String> = r.cells.iter().map(|c| cell(c)).collect();
            // The lines under a row join its last cell (rows never split across pages).
            if let Some(last) = cells.last_mut() {
                for (_, s) in &r.under {
                    let s = cell(s);
                    *last = if last.is_empty() {
                        s
                    } else {
                        format!("{last} — {s}")
                    };
                }
            }
            cells
        })
        .collect();
    let size = if t.dense { APPENDIX_PT } else { TABLE_PT };
    // The widest column wraps; the others keep their natural width.
    let mut natural = pdf::natural_widths(size, &headers, &rows)?;
    // Numbers keep the width of their values; their headings may wrap onto two lines.
    let blank: Vec<String> = vec![String::new(); headers.len()];
    let values = pdf::natural_widths(size, &blank, &rows)?;
    for (i, c) in t.columns.iter().enumerate() {
        if c.right
            && let (Some(n), Some(v)) = (natural.get_mut(i), values.get(i))
        {
            // A heading may wrap between words, never inside one ("This peri / od").
            let mut word = 0.0f32;
            for w in headers[i].split_whitespace() {
                word = word.max(pdf::natural_widths(size, &[w.to_string()], &[])?[0]);
            }
            *n = v.max(size * 3.0).max(word);
        }
    }
    let flex = if t.dense {
        headers.len().saturating_sub(1)
    } else {
        (0..natural.len())
            .max_by(|a, b| natural[*a].total_cmp(&natural[*b]))
            .unwrap_or(0)
    };
    let total = paper.content_width() * share;
    let widths = if t.dense {
        fit_widths(total, size, &headers, &rows, flex)?
    } else {
        share_widths(&natural, total, &t.columns)
    };
    Ok(Block::SizedTable {
        size,
        headers,
        rows,
        widths,
        align_right: t.columns.iter().map(|c| c.right).collect(),
    })
}

/// The width of a table whose cells do not wrap (points at [`TABLE_PT`]).
fn natural_total(t: &doc::Table) -> Result<f32> {
    let headers: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| cell(c)).collect())
        .collect();
    // Number headings wrap between words: their longest word, or their values, set the width.
    let values = pdf::natural_widths(TABLE_PT, &vec![String::new(); headers.len()], &rows)?;
    let mut total = 0.0;
    for (i, c) in t.columns.iter().enumerate() {
        let word = headers[i]
            .split_whitespace()
            .map(|w| pdf::natural_widths(TABLE_PT, &[w.to_string()], &[]).map(|v| v[0]))
            .collect::<Result<Vec<f32>>>()?
            .into_iter()
            .fold(0.0f32, f32::max);
        let v = values.get(i).copied().unwrap_or(0.0);
        total += if c.right { v.max(word) } else { v };
    }
    Ok(total)
}

/// Column fractions for a table `total` points wide: numbers and columns narrower than
/// their fair share keep their natural width; the others share the rest in proportion to
/// their natural width, each counted as at most the room left (so one long column cannot
/// squeeze the others to nothing).
fn share_widths(natural: &[f32], total: f32, columns: &[doc::Column]) -> Vec<f32> {
    let n = natural.len();
    if n == 0 || total <= 0.0 {
        return Vec::new();
    }
    if natural.iter().sum::<f32>() <= total {
        // Room to spare: it goes to the widest text column.
        let mut widths = natural.to_vec();
        let spare = total - natural.iter().sum::<f32>();
        if let Some(i) = (0..n)
            .filter(|&i| !columns.get(i).is_some_and(|c| c.right))
            .max_by(|a, b| natural[*a].total_cmp(&natural[*b]))
        {
            widths[i] += spare;
        }
        return widths.iter().map(|w| w / total).collect();
    }
    let mut fixed: Vec<bool> = columns.iter().map(|c| c.right).collect();
    fixed.resize(n, false);
    let mut widths = natural.to_vec();
    loop {
        let used: f32 = (0..n).filter(|&i| fixed[i]).map(|i| widths[i]).sum();
        let room = (total - used).max(0.0);
        let open: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        if open.is_empty() {
            break;
        }
        let share = room / open.len() as f32;
        let small: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if small.is_empty() {
            let weight: f32 = open
                .iter()
                .map(|&i| natural[i].min(room))
                .sum::<f32>()
                .max(1.0);
            for &i in &open {
                widths[i] = room * natural[i].min(room) / weight;
            }
            break;
        }
        for i in small {
            fixed[i] = true;
        }
    }
    widths.iter().map(|w| w / total).collect()
}

/// Column fractions for a table `total` points wide with one wrapping column `flex`: every
/// other column gets its natural width (so short values never wrap), `flex` the rest, but at
/// least 35 % of the width.
fn fit_widths(
    total: f32,
    size: f32,
    headers: &[String],
    rows: &[Vec<String>],
    flex: usize,
) -> Result<Vec<f32>> {
    let natural = pdf::natural_widths(size, headers, rows)?;
    if flex >= natural.len() || total <= 0.0 {
        return Ok(Vec::new());
    }
    let used: f32 = natural
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != flex)
        .map(|(_, w)| w)
        .sum();
    let scale = if used > total * 0.65 {
        total * 0.65 / used
    } else {
        1.0
    };
    let mut out: Vec<f32> = natural.iter().map(|w| w * scale / total).collect();
    out[flex] = 1.0 - used * scale / total;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_widths_give_the_rest_to_the_flexible_column() {
        let headers: Vec<String> = ["Night", "Cramps", "Note"].map(String::from).to_vec();
        let rows = vec![vec![
            "Wed 2026-09-09".to_string(),
            "2".to_string(),
            "a long note ".repeat(30),
        ]];
        let w = fit_widths(480.0, 7.0, &headers, &rows, 2).unwrap();
        assert_eq!(w.len(), 3);
        assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(w[2] > 0.7, "{w:?}");
        let natural = pdf::natural_widths(7.0, &headers, &rows).unwrap();
        assert!((w[0] * 480.0 - natural[0]).abs() < 1e-3);
        // Columns too wide for the table are scaled so the flexible one keeps 35 %.
        let wide = vec![vec!["x".repeat(300), "y".repeat(300), "z".into()]];
        let w = fit_widths(480.0, 7.0, &headers, &wide, 2).unwrap();
        assert!((w[2] - 0.35).abs() < 1e-4, "{w:?}");
        assert!(
            fit_widths(480.0, 7.0, &headers, &rows, 9)
                .unwrap()
                .is_empty()
        );
    }
}
