//! The report document: what a reader sees, as an ordered list of sections made of blocks.
//!
//! [`super::present::document`] turns a [`Report`] into a [`Document`]; every sentence a
//! reader sees is written there, once. The text, Markdown, HTML and PDF backends lay the
//! blocks out and add no wording of their own, so every format shows the same sections in
//! the same order with the same titles (docs/design.md, "Report sections"). A backend may
//! draw a chart as text (its [`ChartBlock::text`]) or leave it out, and HTML and PDF lay the
//! [`Section::first_page`] sections out as page 1.

use super::Report;
use super::charts::Chart;

/// A whole report document.
pub struct Document<'a> {
    /// The report the charts are drawn from (backends read nothing else from it).
    pub report: &'a Report,
    pub title: String,
    /// "DEMO DATA" for a demo diary: beside the title and on every printed page.
    pub demo_mark: Option<String>,
    /// Under the title: who and when, and the statements every page leads with.
    pub header: Vec<Block>,
    pub sections: Vec<Section>,
    /// After the last section (the demo sentence).
    pub footer: Vec<Block>,
}

/// One section: a stable id (HTML anchors, tests), a title and its blocks.
pub struct Section {
    pub id: &'static str,
    pub title: String,
    /// Part of the 60-second first page of HTML and PDF.
    pub first_page: bool,
    pub blocks: Vec<Block>,
}

/// How a paragraph, callout or row should stand out. Every tone is readable without colour:
/// the words (a level label) carry the meaning, the tone only the emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// Legends, not-met checks, small print.
    Muted,
    Strong,
    /// Urgent warning signs.
    Urgent,
    /// "See a doctor soon".
    Review,
    Notable,
    Possible,
}

/// A run of text in a paragraph or cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Strong(String),
    /// Text the user typed (names, notes, labels, medicine names): escaped and isolated by
    /// every backend, never styled.
    User(String),
}

impl Span {
    pub fn text(&self) -> &str {
        match self {
            Span::Text(s) | Span::Strong(s) | Span::User(s) => s,
        }
    }
}

/// The text of spans, joined.
pub fn plain_text(spans: &[Span]) -> String {
    spans.iter().map(Span::text).collect()
}

/// A table cell.
pub type Cell = Vec<Span>;

/// One column of a [`Table`].
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// Numbers: right-aligned.
    pub right: bool,
}

/// One row of a [`Table`], with lines that belong to it under the row (warning signs, notes).
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub tone: Tone,
    /// Each a line under the row: a label and its text.
    pub under: Vec<(Tone, Cell)>,
}

/// A data table. The last column is the one that wraps.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// A long listing (the night-by-night appendix): small print, tight columns.
    pub dense: bool,
}

/// A chart, by kind; HTML and PDF draw it from the report, text formats print `text`.
#[derive(Debug, Clone)]
pub struct ChartBlock {
    pub kind: Chart,
    /// The chart as lines of text (a sparkline, the calendar grid); empty: text formats
    /// leave the chart out.
    pub text: Vec<String>,
    /// Said above `text` only (its legend; how much of the period the text form shows).
    pub notes: Vec<String>,
}

/// One block of a section.
#[derive(Debug, Clone)]
pub enum Block {
    Para {
        tone: Tone,
        spans: Vec<Span>,
    },
    /// Label and value pairs (the header's period, time zone, …).
    KeyValues(Vec<(String, Cell)>),
    Table(Table),
    /// A boxed message: an urgent sign or one pattern check. `id` is the rule id (HTML
    /// anchors); `label` the level in words.
    Callout {
        tone: Tone,
        id: Option<String>,
        label: String,
        title: String,
        body: Vec<(Tone, Vec<Span>)>,
    },
    List(Vec<Cell>),
    Chart(ChartBlock),
}

impl Block {
    pub fn para(tone: Tone, s: impl Into<String>) -> Block {
        let s = s.into();
        Block::Para {
            tone,
            spans: vec![if tone == Tone::Strong {
                Span::Strong(s)
            } else {
                Span::Text(s)
            }],
        }
    }
}

impl Document<'_> {
    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}
