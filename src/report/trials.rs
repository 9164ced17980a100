//! The report's section of self-experiments, built from the trial's own words
//! (`trial::words`, shared with `trial show` and `log`) so the report depends on the trial
//! module and not the other way round.

use crate::analysis::trial::TrialAnalysis;
use crate::report::document::{Block, Cell, Column, Row, Section, Span, Table, Tone};
use crate::trial::words::{
    CAVEAT, PERIOD_HEADER, PERIOD_LEGEND, STRIP_LEGEND, adherence, numbers, period_rows,
    result_sentence, strip_pairs, summary,
};

/// Why the pattern comparisons and the trial can disagree (the demo's do): they count the
/// same nights differently, and only the trial's plan was drawn at random.
const ALONGSIDE: &str = "The pattern comparisons elsewhere in this report count every logged night as it was lived, these nights included; this result counts them as planned, in an order drawn at random, so it is the fairer test of the measure, though with few pairs an uncertain one.";

/// The report's section of self-experiments (one per trial overlapping the period), laid
/// out by every format: what was tested, the result in plain words with adherence, the
/// schedule strip as a table of pairs, the per-period table, the numbers and the caveat.
pub fn report_section(trials: &[TrialAnalysis]) -> Option<Section> {
    if trials.is_empty() {
        return None;
    }
    let text = |s: String| vec![Span::Text(s)];
    let column = |t: &str, right: bool| Column {
        title: t.to_string(),
        right,
    };
    let row = |cells: Vec<Cell>| Row {
        cells,
        tone: Tone::Plain,
        under: Vec::new(),
    };
    let mut blocks = Vec::new();
    for a in trials {
        blocks.push(Block::para(Tone::Strong, format!("{}.", summary(a))));
        blocks.push(Block::para(
            Tone::Plain,
            format!("Result: {}", result_sentence(a)),
        ));
        let tone = if a.adherence.low {
            Tone::Review
        } else {
            Tone::Plain
        };
        blocks.push(Block::para(tone, adherence(a)));
        blocks.push(Block::para(
            Tone::Muted,
            format!("Schedule: {STRIP_LEGEND}."),
        ));
        blocks.push(Block::Table(Table {
            columns: vec![
                column("Pair", false),
                column("First period", false),
                column("Second period", false),
            ],
            rows: strip_pairs(a)
                .into_iter()
                .map(|(pair, periods)| {
                    let cells = std::iter::once(pair).chain(periods);
                    row(cells
                        .chain(std::iter::repeat(String::new()))
                        .take(3)
                        .map(text)
                        .collect())
                })
                .collect(),
            dense: false,
        }));
        blocks.push(Block::para(Tone::Muted, format!("{PERIOD_LEGEND}.")));
        blocks.push(Block::Table(Table {
            columns: PERIOD_HEADER
                .iter()
                .enumerate()
                .map(|(i, h)| column(h, i >= 3))
                .collect(),
            rows: period_rows(a)
                .into_iter()
                .map(|r| row(r.into_iter().map(text).collect()))
                .collect(),
            dense: false,
        }));
        if a.adherence.analysed_logged > 0 {
            for line in numbers(a) {
                blocks.push(Block::para(Tone::Plain, line));
            }
        }
    }
    blocks.push(Block::para(Tone::Muted, CAVEAT));
    blocks.push(Block::para(Tone::Muted, ALONGSIDE));
    Some(Section {
        id: "trials",
        title: "Self-experiments".to_string(),
        first_page: false,
        blocks,
    })
}
