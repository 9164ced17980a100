//! The report model: the one source of every number any rendering prints.
//!
//! [`Report::build`] runs the analysis over a loaded diary and gathers everything the
//! renderers need (period, coverage, summary numbers for this and the previous period, the
//! weekly and monthly series, the night calendar, distributions, co-symptoms, associations,
//! flags, composite line, events, medications, topics and the night-by-night appendix).
//! Renderers take `&Report` and a writer, and only round; they compute nothing.
//!
//! The JSON form is versioned by [`REPORT_VERSION`] and documented in `docs/report-schema.md`.

pub mod charts;
pub mod common;
pub mod document;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
pub mod present;
pub mod text;
pub mod trials;

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analysis::associations::Comparison;
use crate::analysis::changes::Change;
use crate::analysis::coverage::{CalendarNight, Coverage, Month, Summary, Week};
use crate::analysis::distributions::{CoSymptom, Distributions};
use crate::analysis::flags::{Composite, Flag};
use crate::analysis::sides::{CompressionWear, Sides, Timing};
use crate::analysis::{self, Input, wording};
use crate::model::{Event, Medication, Night, Question};
use crate::vocab::{DuplexResult, Leg, MedClass};

/// Version of the report's JSON schema; bump on any incompatible change.
pub const REPORT_VERSION: u32 = 2;

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub report_version: u32,
    pub period: ReportPeriod,
    /// When the report was made (`SOURCE_DATE_EPOCH` or `CRAMPLOG_TODAY` pin it).
    pub generated: DateTime<FixedOffset>,
    pub time_zone: String,
    pub program_version: String,
    /// The diary is a demo diary: every page says "DEMO DATA".
    pub demo: bool,
    /// The name to print (only when `--name` was given).
    pub name: Option<String>,
    /// Fixed statements every rendering prints.
    pub statements: Statements,
    pub coverage: Coverage,
    pub summary: Summary,
    /// The period of equal length just before this one.
    pub previous_summary: Summary,
    /// What the key numbers are compared with (docs/design.md, "Comparison column").
    pub comparison: KeyComparison,
    pub weekly: Vec<Week>,
    pub monthly: Vec<Month>,
    /// One entry per night of the period.
    pub calendar: Vec<CalendarNight>,
    pub distributions: Distributions,
    /// Which leg the cramps and signs are on (the left / right table).
    pub sides: Sides,
    /// When in the day the leg symptoms were worst.
    pub timing: Timing,
    /// How the stockings were worn after the latest compression start, if any.
    pub compression_wear: Option<CompressionWear>,
    pub cosymptoms: Vec<CoSymptom>,
    pub associations: Vec<Comparison>,
    /// Every treatment event and medicine start or stop in the period, with the cramps of
    /// the 28 nights before and after (not a flag).
    pub changes: Vec<Change>,
    /// Every rule once, urgent levels first.
    pub flags: Vec<Flag>,
    pub composite: Composite,
    /// Events dated within the period or the 12 weeks before it.
    pub events: Vec<Event>,
    /// Medications taken at some time in the period or started/stopped in it.
    pub medications: Vec<MedicationRow>,
    pub topics_to_discuss: Vec<String>,
    /// Notes were left out (`--redact-notes`).
    pub notes_redacted: bool,
    /// The night-by-night appendix: every logged night of the period.
    pub nights: Vec<NightRow>,
    /// Self-experiments whose schedule overlaps the period (docs/design.md section 11).
    pub trials: Vec<crate::analysis::trial::TrialAnalysis>,
    /// The patient's open questions (`cramplog ask`), oldest first, whatever the period.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// The latest venous duplex scan with a recorded result on or before the period's end
    /// (docs/design.md section 12, "Duplex result").
    #[serde(default)]
    pub duplex: Option<Duplex>,
    /// How the printed appendix lists the period (JSON always has every night).
    #[serde(skip)]
    pub appendix: Appendix,
}

/// How the printed appendix lists the period: one row per logged night, or one per week for
/// periods over 26 weeks unless `--appendix nights` (docs/design.md section 12, "Legibility
/// in print"): a ten-year report stays short enough to hand over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Appendix {
    #[default]
    Nights,
    Weeks,
}

impl Appendix {
    /// Longest period (in nights) whose appendix lists every night by default.
    pub const NIGHTLY_UP_TO: u32 = 26 * 7;

    /// The default for a period of `nights` calendar nights.
    pub fn for_period(nights: u32) -> Appendix {
        if nights > Self::NIGHTLY_UP_TO {
            Appendix::Weeks
        } else {
            Appendix::Nights
        }
    }
}

/// The comparison column of the key numbers: the previous period when it holds at least
/// [`MIN_PREVIOUS_LOGGED`] logged nights; else, for a period of 8 weeks or more, its first 4
/// weeks against its last 4; else none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyComparison {
    PreviousPeriod,
    FirstAndLastFourWeeks {
        first: Box<Summary>,
        last: Box<Summary>,
    },
    None,
}

/// Events this many days before the period are listed as context.
pub const EVENT_CONTEXT_DAYS: i64 = 84;

/// Logged nights the previous period needs to be a comparison column.
pub const MIN_PREVIOUS_LOGGED: u32 = 14;

/// The report period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Calendar nights from `from` to `to`, inclusive.
    pub nights: u32,
}

/// Sentences every rendering prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statements {
    pub self_reported: String,
    pub duplex: String,
    pub caveats: Vec<String>,
}

/// A venous duplex scan and what it was recorded as showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplex {
    pub date: NaiveDate,
    pub result: DuplexResult,
    pub side: Option<Leg>,
}

/// A medication relevant to the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedicationRow {
    pub name: String,
    pub class: MedClass,
    pub start: NaiveDate,
    pub stop: Option<NaiveDate>,
    pub dose: Option<String>,
    /// The class is one linked to cramps (tested by `medication_timing_association`).
    pub linked_to_cramps: bool,
    pub started_in_period: bool,
    pub stopped_in_period: bool,
    /// Taken on the period's last night (not stopped by then).
    pub in_use_at_end: bool,
}

/// One logged night of the appendix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NightRow {
    #[serde(serialize_with = "crate::model::iso_date::serialize")]
    pub night: NaiveDate,
    /// Entered more than 36 h after the night's morning.
    pub retrospective: bool,
    /// Red-flag sign ids logged that night (`calf_difference` for a ≥ 3 cm difference).
    pub red_flags: Vec<String>,
    /// The entry as in the exchange format (note left out when redacted).
    pub entry: Night,
}

/// What the report needs besides the diary.
#[derive(Debug, Clone)]
pub struct Meta {
    pub generated: DateTime<FixedOffset>,
    pub time_zone: String,
    pub program_version: String,
    pub demo: bool,
    pub name: Option<String>,
    pub redact_notes: bool,
}

impl Report {
    /// Analyses the diary and assembles the report.
    pub fn build(input: &Input<'_>, meta: Meta) -> Report {
        let mut report = Report::build_without_nights(input, meta);
        let diary = analysis::Diary::new(input.nights);
        let redact = report.notes_redacted;
        report.nights = diary
            .period(input.period)
            .iter()
            .map(|n| night_row((*n).clone(), redact))
            .collect();
        report
    }

    /// [`Report::build`] without the appendix's nights (`nights` is empty): give them with
    /// [`Report::move_nights_in`], which takes the loaded nights instead of copying them, so
    /// a long diary is not held twice (docs/design.md section 16).
    pub fn build_without_nights(input: &Input<'_>, meta: Meta) -> Report {
        let a = analysis::analyse(input);
        let p = input.period;
        let diary = analysis::Diary::new(input.nights);
        let nights = Vec::new();
        let mut events: Vec<Event> = input
            .events
            .iter()
            // The 12 weeks before the period stay as context (a compression start just
            // before a short diary began explains its nights).
            .filter(|e| {
                e.date <= p.to && e.date >= p.from - chrono::Duration::days(EVENT_CONTEXT_DAYS)
            })
            .cloned()
            .collect();
        events.sort_by_key(|e| (e.date, e.id));
        let mut medications: Vec<MedicationRow> = input
            .medications
            .iter()
            .filter(|m| m.start <= p.to && m.stop.is_none_or(|s| s >= p.from))
            .map(|m: &Medication| MedicationRow {
                name: m.name.clone(),
                class: m.class,
                start: m.start,
                stop: m.stop,
                dose: m.dose.clone(),
                linked_to_cramps: m.class.linked_to_cramps(),
                started_in_period: p.contains(m.start),
                stopped_in_period: m.stop.is_some_and(|s| p.contains(s)),
                in_use_at_end: m.stop.is_none_or(|s| s > p.to),
            })
            .collect();
        medications.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
        let comparison = if a.previous_summary.logged >= MIN_PREVIOUS_LOGGED {
            KeyComparison::PreviousPeriod
        } else if p.nights() >= 56 {
            let four = |from: NaiveDate| {
                let q = crate::model::Period {
                    from,
                    to: from + chrono::Duration::days(27),
                };
                analysis::coverage::summary(&diary, q, input.today)
            };
            KeyComparison::FirstAndLastFourWeeks {
                first: Box::new(four(p.from)),
                last: Box::new(four(p.to - chrono::Duration::days(27))),
            }
        } else {
            KeyComparison::None
        };
        let period_nights = diary.period(p);
        let sides = analysis::sides::sides(period_nights, input.profile);
        let timing = analysis::sides::timing(period_nights);
        let compression_wear = analysis::sides::compression(&diary, input.events, p, input.today);
        Report {
            report_version: REPORT_VERSION,
            period: ReportPeriod {
                from: p.from,
                to: p.to,
                nights: p.nights().max(0) as u32,
            },
            generated: meta.generated,
            time_zone: meta.time_zone,
            program_version: meta.program_version,
            demo: meta.demo,
            name: meta.name,
            statements: Statements {
                self_reported: wording::SELF_REPORTED.to_string(),
                duplex: wording::DUPLEX.to_string(),
                caveats: wording::CAVEATS.iter().map(|s| s.to_string()).collect(),
            },
            coverage: a.coverage,
            summary: a.summary,
            previous_summary: a.previous_summary,
            comparison,
            weekly: a.weekly,
            monthly: a.monthly,
            calendar: a.calendar,
            distributions: a.distributions,
            sides,
            timing,
            compression_wear,
            cosymptoms: a.cosymptoms,
            associations: a.associations,
            changes: a.changes,
            flags: a.flags,
            composite: a.composite,
            events,
            medications,
            topics_to_discuss: a.topics_to_discuss,
            notes_redacted: meta.redact_notes,
            nights,
            trials: Vec::new(),
            questions: Vec::new(),
            duplex: analysis::latest_duplex(input.events, p.to, true).and_then(|e| {
                Some(Duplex {
                    date: e.date,
                    result: e.result?,
                    side: e.side,
                })
            }),
            appendix: Appendix::for_period(p.nights().max(0) as u32),
        }
    }

    /// Moves the period's nights of a diary (as loaded: any range, any order) into the
    /// appendix rows, exactly the rows [`Report::build`] makes from the same nights.
    pub fn move_nights_in(&mut self, mut nights: Vec<Night>) {
        // As `analysis::Diary`: sorted by night, the first entry kept if one is doubled.
        // (The store loads them in order: no sort, whose scratch would be half the nights.)
        if !nights.is_sorted_by_key(|n| n.night) {
            nights.sort_by_key(|n| n.night);
        }
        nights.dedup_by_key(|n| n.night);
        let (from, to) = (self.period.from, self.period.to);
        let first = nights.partition_point(|n| n.night < from);
        let end = nights.partition_point(|n| n.night <= to);
        let redact = self.notes_redacted;
        // Exactly as many rows as nights (a growing vector would hold up to twice that).
        let mut rows = Vec::with_capacity(end.saturating_sub(first));
        rows.extend(
            nights
                .into_iter()
                .take(end)
                .skip(first)
                .map(|n| night_row(n, redact)),
        );
        self.nights = rows;
    }

    /// The flag with this rule id.
    pub fn flag(&self, id: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.id == id)
    }
}

/// One night of the appendix (its note left out when notes are redacted).
fn night_row(mut entry: Night, redact_notes: bool) -> NightRow {
    if redact_notes {
        entry.note = None;
    }
    NightRow {
        night: entry.night,
        retrospective: entry.is_retrospective(),
        red_flags: entry
            .red_flags()
            .into_iter()
            .map(|(_, rf)| match rf {
                crate::model::RedFlag::Sign(s) => s.id().to_string(),
                crate::model::RedFlag::CalfDifference(_) => "calf_difference".to_string(),
            })
            .collect(),
        entry,
    }
}

/// Output formats rendered here (HTML and PDF live elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// One self-contained HTML file, with a print stylesheet for this paper size.
    Html(crate::pdf::Paper),
    Pdf(crate::pdf::Paper),
}

/// Renders `report` in `format`; `color` applies to text only.
pub fn render(report: &Report, format: Format, w: &mut dyn Write, color: bool) -> Result<()> {
    match format {
        Format::Text => text::render(report, w, color),
        Format::Markdown => markdown::render(report, w),
        Format::Json => json::render(report, w),
        Format::Html(paper) => html::render(report, paper, w),
        Format::Pdf(paper) => pdf::render(report, paper, w),
    }
}

/// Removes control characters from user text (names, notes, labels) so it cannot move the
/// cursor or change colours in a terminal; newlines and tabs become spaces.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { ' ' } else { c }
        })
        .collect()
}
