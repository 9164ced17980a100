//! The Markdown backend (CommonMark with GitHub tables): lays the report [`Document`] out and
//! adds no wording. User text is escaped.

use std::io::Write;

use anyhow::Result;

use super::document::{Block, Document, Span, Table, Tone};
use super::{Report, clean, present};

/// Escapes Markdown syntax in user text (and keeps it on one line).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '{' | '}' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes the Markdown report.
pub fn render(r: &Report, w: &mut dyn Write) -> Result<()> {
    write_document(&present::document(r), w)
}

/// Our own text: one line, and a `|` never ends a table cell.
fn ours(s: &str) -> String {
    clean(s).replace('|', "\\|")
}

fn spans(s: &[Span]) -> String {
    s.iter()
        .map(|s| match s {
            Span::Text(t) => ours(t),
            Span::Strong(t) if t.trim().is_empty() => ours(t),
            // Emphasis markers hug the text; trailing spaces stay outside.
            Span::Strong(t) => {
                let body = t.trim_end();
                format!("**{}**{}", ours(body), &t[body.len()..])
            }
            Span::User(t) => escape(t),
        })
        .collect()
}

fn toned(tone: Tone, s: String) -> String {
    match tone {
        Tone::Strong | Tone::Urgent if !s.starts_with("**") => format!("**{s}**"),
        _ => s,
    }
}

/// Lays a document out as Markdown.
pub fn write_document(doc: &Document<'_>, w: &mut dyn Write) -> Result<()> {
    let mark = doc
        .demo_mark
        .as_deref()
        .map(|m| format!(" — {m}"))
        .unwrap_or_default();
    writeln!(w, "# {}{mark}\n", ours(&doc.title))?;
    blocks(w, &doc.header)?;
    for s in &doc.sections {
        writeln!(w, "## {}\n", ours(&s.title))?;
        blocks(w, &s.blocks)?;
    }
    blocks(w, &doc.footer)?;
    Ok(())
}

fn blocks(w: &mut dyn Write, blocks: &[Block]) -> Result<()> {
    for b in blocks {
        match b {
            Block::Para { tone, spans: s } => writeln!(w, "{}\n", toned(*tone, spans(s)))?,
            Block::KeyValues(pairs) => {
                for (k, v) in pairs {
                    writeln!(w, "**{}:** {}  ", ours(k), spans(v))?;
                }
                writeln!(w)?;
            }
            Block::List(items) => {
                for it in items {
                    writeln!(w, "- {}", spans(it))?;
                }
                writeln!(w)?;
            }
            Block::Callout {
                tone,
                label,
                title,
                body,
                ..
            } => {
                if matches!(tone, Tone::Urgent | Tone::Review) {
                    writeln!(w, "> **!! {}: {}**", ours(label), ours(title))?;
                    for (_, s) in body {
                        writeln!(w, ">\n> {}", spans(s))?;
                    }
                    writeln!(w)?;
                } else {
                    writeln!(w, "### {}: {}\n", ours(label), ours(title))?;
                    for (_, s) in body {
                        writeln!(w, "{}\n", spans(s))?;
                    }
                }
            }
            Block::Chart(c) => {
                if c.text.is_empty() {
                    continue;
                }
                for n in &c.notes {
                    writeln!(w, "{}\n", ours(n))?;
                }
                writeln!(w, "```text\n{}\n```\n", c.text.join("\n"))?;
            }
            Block::Table(t) => table(w, t)?,
        }
    }
    Ok(())
}

fn table(w: &mut dyn Write, t: &Table) -> Result<()> {
    let heads: Vec<String> = t.columns.iter().map(|c| ours(&c.title)).collect();
    writeln!(w, "| {} |", heads.join(" | "))?;
    let rules: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.right { "---:" } else { "---" })
        .collect();
    writeln!(w, "|{}|", rules.join("|"))?;
    for r in &t.rows {
        let mut cells: Vec<String> = r.cells.iter().map(|c| spans(c)).collect();
        // The lines under a row join its last cell (a table row is one line).
        if let Some(last) = cells.last_mut() {
            for (tone, s) in &r.under {
                let s = toned(*tone, spans(s));
                *last = if last.is_empty() {
                    s
                } else {
                    format!("{last}; {s}")
                };
            }
        }
        writeln!(w, "| {} |", cells.join(" | "))?;
    }
    writeln!(w)?;
    Ok(())
}
