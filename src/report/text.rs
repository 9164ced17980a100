//! The terminal backend: lays the report [`Document`] out in at most 80 columns, readable
//! with and without colour (urgent signs are boxed and marked `!!`; levels are words). It
//! adds no wording: every sentence comes from the presenter.

use std::io::Write;

use anyhow::Result;
use owo_colors::OwoColorize;

use super::document::{Block, Cell, Document, Row, Table, Tone, plain_text};
use super::{Report, clean, present};
use crate::fonts::wrap_columns as wrap;

/// Widest line the text report prints.
pub const WIDTH: usize = 80;

struct Out<'a> {
    w: &'a mut dyn Write,
    color: bool,
}

impl Out<'_> {
    fn line(&mut self, tone: Tone, s: &str) -> Result<()> {
        // Every line passes through `clean`: user text (names, notes, medicine names inside
        // flag texts) can never move the cursor or change colours.
        let s = clean(s);
        let s = s.trim_end();
        if !self.color || tone == Tone::Plain || s.is_empty() {
            writeln!(self.w, "{s}")?;
            return Ok(());
        }
        match tone {
            Tone::Strong => writeln!(self.w, "{}", s.bold())?,
            Tone::Urgent => writeln!(self.w, "{}", s.red().bold())?,
            Tone::Review => writeln!(self.w, "{}", s.yellow().bold())?,
            Tone::Notable => writeln!(self.w, "{}", s.yellow())?,
            Tone::Possible => writeln!(self.w, "{}", s.cyan())?,
            Tone::Muted => writeln!(self.w, "{}", s.dimmed())?,
            Tone::Plain => writeln!(self.w, "{s}")?,
        }
        Ok(())
    }

    fn blank(&mut self) -> Result<()> {
        writeln!(self.w)?;
        Ok(())
    }

    /// A paragraph wrapped to `width` after a first-line prefix; later lines are indented
    /// by the prefix's width.
    fn para(&mut self, tone: Tone, first: &str, text: &str, width: usize) -> Result<()> {
        let indent = first.chars().count();
        for (i, l) in wrap(&clean(text), width.saturating_sub(indent))
            .iter()
            .enumerate()
        {
            let prefix = if i == 0 {
                first.to_string()
            } else {
                " ".repeat(indent)
            };
            self.line(tone, &format!("{prefix}{l}"))?;
        }
        Ok(())
    }

    fn heading(&mut self, title: &str) -> Result<()> {
        self.blank()?;
        let fill = WIDTH.saturating_sub(title.chars().count() + 1);
        self.line(Tone::Strong, &format!("{title} {}", "─".repeat(fill)))
    }

    /// A box of wrapped paragraphs, for urgent signs.
    fn boxed(&mut self, tone: Tone, paras: &[String]) -> Result<()> {
        let inner = WIDTH - 4;
        self.line(tone, &format!("┌{}┐", "─".repeat(WIDTH - 2)))?;
        for (i, p) in paras.iter().enumerate() {
            if i > 0 {
                self.line(tone, &format!("│{}│", " ".repeat(WIDTH - 2)))?;
            }
            for l in wrap(&clean(p), inner) {
                let pad = inner.saturating_sub(l.chars().count());
                self.line(tone, &format!("│ {l}{} │", " ".repeat(pad)))?;
            }
        }
        self.line(tone, &format!("└{}┘", "─".repeat(WIDTH - 2)))
    }
}

/// Writes the terminal report.
pub fn render(r: &Report, w: &mut dyn Write, color: bool) -> Result<()> {
    write_document(&present::document(r), w, color)
}

/// Lays a document out for the terminal.
pub fn write_document(doc: &Document<'_>, w: &mut dyn Write, color: bool) -> Result<()> {
    let mut o = Out { w, color };
    let mark = doc.demo_mark.as_deref().unwrap_or("");
    let pad = WIDTH.saturating_sub(doc.title.chars().count() + mark.chars().count());
    o.line(Tone::Strong, &"═".repeat(WIDTH))?;
    o.line(
        Tone::Strong,
        &format!("{}{}{mark}", doc.title, " ".repeat(pad)),
    )?;
    o.line(Tone::Strong, &"═".repeat(WIDTH))?;
    blocks(&mut o, &doc.header)?;
    for s in &doc.sections {
        o.heading(&s.title)?;
        blocks(&mut o, &s.blocks)?;
    }
    if !doc.footer.is_empty() {
        o.blank()?;
        blocks(&mut o, &doc.footer)?;
    }
    Ok(())
}

fn blocks(o: &mut Out<'_>, blocks: &[Block]) -> Result<()> {
    for (i, b) in blocks.iter().enumerate() {
        // A blank line between blocks, except between one-line header facts.
        let spaced = i > 0 && !matches!(blocks[i - 1], Block::KeyValues(_));
        if spaced && matches!(b, Block::Callout { .. } | Block::Table(_)) {
            o.blank()?;
        }
        block(o, b)?;
    }
    Ok(())
}

fn block(o: &mut Out<'_>, b: &Block) -> Result<()> {
    match b {
        Block::Para { tone, spans } => o.para(*tone, "", &plain_text(spans), WIDTH),
        Block::KeyValues(pairs) => {
            let lw = pairs
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0)
                + 2;
            for (k, v) in pairs {
                o.para(Tone::Plain, &format!("{k:<lw$}"), &plain_text(v), WIDTH)?;
            }
            Ok(())
        }
        Block::List(items) => {
            for it in items {
                o.para(Tone::Plain, "  - ", &plain_text(it), WIDTH)?;
            }
            Ok(())
        }
        Block::Callout {
            tone,
            label,
            title,
            body,
            ..
        } => {
            if matches!(tone, Tone::Urgent | Tone::Review) {
                let mut paras = vec![format!("!! {label}: {title}")];
                paras.extend(body.iter().map(|(_, s)| plain_text(s)));
                return o.boxed(*tone, &paras);
            }
            o.para(*tone, &format!("[{label}] "), title, WIDTH)?;
            for (t, spans) in body {
                o.para(*t, "  ", &plain_text(spans), WIDTH)?;
            }
            o.blank()
        }
        Block::Chart(c) => {
            if c.text.is_empty() {
                return Ok(());
            }
            for n in &c.notes {
                o.para(Tone::Muted, "", n, WIDTH)?;
            }
            for l in &c.text {
                o.line(Tone::Plain, l)?;
            }
            Ok(())
        }
        Block::Table(t) => table(o, t),
    }
}

fn cell_text(c: &Cell) -> String {
    clean(&plain_text(c))
}

/// Column widths that fit `avail`: columns narrower than their fair share keep their
/// natural width, the others share the rest in proportion (water-filling).
fn fit(natural: &[usize], avail: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    if natural.iter().sum::<usize>() <= avail {
        return widths;
    }
    let mut fixed = vec![false; natural.len()];
    loop {
        let open: Vec<usize> = (0..natural.len()).filter(|&i| !fixed[i]).collect();
        let used: usize = (0..natural.len())
            .filter(|&i| fixed[i])
            .map(|i| widths[i])
            .sum();
        let room = avail.saturating_sub(used);
        let share = room / open.len().max(1);
        let small: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if small.is_empty() {
            let total: usize = open.iter().map(|&i| natural[i]).sum::<usize>().max(1);
            for &i in &open {
                widths[i] = natural[i] * room / total;
            }
            return widths;
        }
        for i in small {
            fixed[i] = true;
            widths[i] = natural[i];
        }
    }
}

/// A table as aligned columns whose cells wrap within them; a table too wide for that is
/// printed one record per row ("Column: value" lines).
fn table(o: &mut Out<'_>, t: &Table) -> Result<()> {
    let n = t.columns.len();
    if n == 0 {
        return Ok(());
    }
    let gap = if t.dense { 1 } else { 2 };
    let mut natural: Vec<usize> = t.columns.iter().map(|c| c.title.chars().count()).collect();
    for r in &t.rows {
        for (w, c) in natural.iter_mut().zip(&r.cells) {
            *w = (*w).max(cell_text(c).chars().count());
        }
    }
    let widths = fit(&natural, WIDTH.saturating_sub(gap * (n - 1)));
    // A column squeezed below 10 characters (or below its heading) is no longer readable.
    let squeezed = widths
        .iter()
        .zip(&natural)
        .zip(&t.columns)
        .any(|((w, nat), c)| w < nat && (*w < 10 || *w < c.title.chars().count()));
    if squeezed {
        return records(o, t);
    }
    let lines = |cells: &[String]| -> Vec<String> {
        let wrapped: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let v = cells.get(i).map_or("", String::as_str);
                if v.chars().count() <= widths[i] {
                    vec![v.to_string()]
                } else {
                    wrap(v, widths[i])
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|k| {
                let mut line = String::new();
                for (i, col) in wrapped.iter().enumerate() {
                    let v = col.get(k).map_or("", String::as_str);
                    let w = widths[i];
                    if i + 1 == n && !t.columns[i].right {
                        line.push_str(v);
                    } else if t.columns[i].right {
                        line.push_str(&format!("{v:>w$}"));
                    } else {
                        line.push_str(&format!("{v:<w$}"));
                    }
                    if i + 1 < n {
                        line.push_str(&" ".repeat(gap));
                    }
                }
                line
            })
            .collect()
    };
    let headers: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
    for l in lines(&headers) {
        o.line(Tone::Muted, &l)?;
    }
    for r in &t.rows {
        let cells: Vec<String> = r.cells.iter().map(cell_text).collect();
        for l in lines(&cells) {
            o.line(r.tone, &l)?;
        }
        under(o, r, widths[0] + gap)?;
    }
    Ok(())
}

/// The lines under a row (warning signs, notes), indented.
fn under(o: &mut Out<'_>, r: &Row, indent: usize) -> Result<()> {
    for (tone, spans) in &r.under {
        o.para(*tone, &" ".repeat(indent), &plain_text(spans), WIDTH)?;
    }
    Ok(())
}

fn records(o: &mut Out<'_>, t: &Table) -> Result<()> {
    for (i, r) in t.rows.iter().enumerate() {
        if i > 0 {
            o.blank()?;
        }
        let mut cells = r.cells.iter().map(cell_text);
        let first = cells.next().unwrap_or_default();
        o.para(Tone::Strong.max_with(r.tone), "", &first, WIDTH)?;
        for (c, v) in t.columns.iter().skip(1).zip(cells) {
            if v.is_empty() || v == "—" {
                continue;
            }
            // A long heading would squeeze its value: the value stands alone, indented.
            let label = if c.title.is_empty() || c.title.chars().count() > 24 {
                "  ".to_string()
            } else {
                format!("  {}: ", c.title)
            };
            o.para(Tone::Plain, &label, &v, WIDTH)?;
        }
        under(o, r, 2)?;
    }
    Ok(())
}

impl Tone {
    /// A record's first line: strong unless the row has a louder tone of its own.
    fn max_with(self, other: Tone) -> Tone {
        if other == Tone::Plain { self } else { other }
    }
}
