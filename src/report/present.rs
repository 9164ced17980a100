//! The presenter: the one place that turns a [`Report`] into what a reader sees.
//!
//! Every sentence, title, legend and table heading of the text, Markdown, HTML and PDF
//! reports is written here, once; the backends only lay the [`Document`] out. The numbers
//! all come from the [`Report`] (this module only rounds and words them).

use chrono::{Datelike, Duration, NaiveDate};

use super::charts::Chart;
use super::common::{
    self, ASSOCIATION_LEGEND, association_counts, association_rates, association_stats,
    coverage_line, decisive, episodes_brief, key_rows, level_label, level_words, night_extras,
    sparkline,
};
use super::document::{Block, ChartBlock, Column, Document, Row, Section, Span, Table, Tone};
use super::{Appendix, KeyComparison, MIN_PREVIOUS_LOGGED, MedicationRow, Report};
use crate::analysis::Level;
use crate::analysis::associations::Comparison;
use crate::analysis::coverage::{NightState, Summary};
use crate::analysis::flags::{Detail, Flag, RedFlagNight, Statistic, signs_words};
use crate::analysis::wording::{self, ci, p as fmt_p, ratio};
use crate::chart::TrialMark;
use crate::vocab::{DuplexResult, EventKind};

/// The title of every report.
pub const TITLE: &str = "Night-time leg cramps: diary report";
/// Beside the title and on every printed page of a demo diary's report.
pub const DEMO_MARK: &str = "DEMO DATA";
/// At the end of a demo diary's report.
pub const DEMO_SENTENCE: &str = "DEMO DATA: this report was made from example nights.";
/// What the events section says when there is nothing to list.
pub const NO_EVENTS: &str = "No events or medicine changes recorded in this period.";
/// How many weeks the text form of the calendar shows (the weekly chart covers the rest).
const CALENDAR_TEXT_WEEKS: i64 = 26;
/// Weekly bars per line of the text sparkline.
const SPARK_ROW: usize = 52;

fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn strong(s: impl Into<String>) -> Span {
    Span::Strong(s.into())
}

fn user(s: impl Into<String>) -> Span {
    Span::User(s.into())
}

fn cell(s: impl Into<String>) -> Vec<Span> {
    vec![text(s)]
}

fn col(title: &str, right: bool) -> Column {
    Column {
        title: title.to_string(),
        right,
    }
}

fn row(cells: Vec<Vec<Span>>) -> Row {
    Row {
        cells,
        tone: Tone::Plain,
        under: Vec::new(),
    }
}

fn section(id: &'static str, title: &str, first_page: bool, blocks: Vec<Block>) -> Section {
    Section {
        id,
        title: title.to_string(),
        first_page,
        blocks,
    }
}

/// The tone of a level.
pub fn level_tone(l: Level) -> Tone {
    match l {
        Level::UrgentEmergency | Level::UrgentToday => Tone::Urgent,
        Level::PromptReview => Tone::Review,
        Level::Notable => Tone::Notable,
        Level::Possible => Tone::Possible,
        Level::NotMet | Level::InsufficientData => Tone::Muted,
    }
}

/// The report as a document: the header, then every section in report order.
pub fn document(r: &Report) -> Document<'_> {
    let mut sections = Vec::new();
    if let Some(s) = urgent(r) {
        sections.push(s);
    }
    // The first-page sections come first, in their printed order (HTML and PDF lay them
    // out as page 1): the key numbers, the legs and the medicines beside the calendar, the
    // stockings and the patient's questions, then the flags at a glance.
    sections.extend([key_numbers(r), legs(r), calendar(r), medicines(r)]);
    sections.extend(stockings(r));
    sections.extend(questions(r));
    sections.push(glance(r));
    sections.push(events(r));
    sections.push(topics(r));
    // The first section after page 1: HTML and PDF keep page 1's sections together, so
    // every format has this order.
    sections.extend(super::trials::report_section(&r.trials));
    sections.extend([
        flags(r),
        charts(r),
        associations(r),
        changes(r),
        please_note(r),
        sources(r),
        appendix(r),
    ]);
    Document {
        report: r,
        title: TITLE.to_string(),
        demo_mark: r.demo.then(|| DEMO_MARK.to_string()),
        header: header(r),
        sections,
        footer: if r.demo {
            vec![Block::para(Tone::Strong, DEMO_SENTENCE)]
        } else {
            Vec::new()
        },
    }
}

fn header(r: &Report) -> Vec<Block> {
    let mut kv = Vec::new();
    if let Some(name) = &r.name {
        kv.push(("Name".to_string(), vec![user(name.clone())]));
    }
    kv.extend([
        (
            "Period".to_string(),
            cell(format!(
                "{} to {} ({})",
                wording::day(r.period.from),
                wording::day(r.period.to),
                wording::plural(r.period.nights, "night", "nights")
            )),
        ),
        ("Time zone".to_string(), vec![user(r.time_zone.clone())]),
        (
            "Generated".to_string(),
            cell(r.generated.format("%Y-%m-%d %H:%M %:z").to_string()),
        ),
        (
            "Program".to_string(),
            cell(format!(
                "cramplog {}, report format {}",
                r.program_version, r.report_version
            )),
        ),
    ]);
    vec![
        Block::KeyValues(kv),
        Block::para(Tone::Strong, r.statements.self_reported.clone()),
        Block::para(Tone::Strong, coverage_line(&r.coverage)),
    ]
}

/// "Sep 2026: 7, 8, 10; Oct 2026: 1, 5".
pub fn nights_list(nights: &[NaiveDate]) -> String {
    let mut sorted = nights.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut groups: Vec<(NaiveDate, Vec<u32>)> = Vec::new();
    for d in sorted {
        match groups.last_mut() {
            Some((m, days)) if m.year() == d.year() && m.month() == d.month() => days.push(d.day()),
            _ => groups.push((d, vec![d.day()])),
        }
    }
    groups
        .iter()
        .map(|(m, days)| {
            let list: Vec<String> = days.iter().map(u32::to_string).collect();
            format!("{}: {}", m.format("%b %Y"), list.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The lines of a flag's box: what it means, for the clinician, and the evidence behind it.
fn flag_body(f: &Flag, with_evidence: bool) -> Vec<(Tone, Vec<Span>)> {
    let mut body: Vec<(Tone, Vec<Span>)> = Vec::new();
    if f.level == Level::InsufficientData {
        let missing = f.missing.as_deref().unwrap_or("more nights");
        body.push((
            Tone::Plain,
            cell(format!("Not enough data yet: {missing}.")),
        ));
    } else {
        body.extend(
            f.patient_text
                .split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| (Tone::Plain, cell(l))),
        );
    }
    body.push((
        Tone::Muted,
        vec![
            strong("For the clinician: "),
            text(f.clinician_text.clone()),
        ],
    ));
    if !with_evidence {
        return body;
    }
    let ev = &f.evidence;
    let counts: Vec<String> = ev
        .counts
        .iter()
        .map(|c| match c.of {
            Some(of) => format!("{}: {} of {of}", capitalised(&c.description), c.count),
            None => format!("{}: {}", capitalised(&c.description), c.count),
        })
        .collect();
    if !counts.is_empty() {
        body.push((Tone::Muted, cell(format!("{}.", counts.join("; ")))));
    }
    // A note the clinician sentence already quotes (sleep_disruption's criterion) is said once.
    let said = f.clinician_text.to_lowercase();
    body.extend(
        ev.notes
            .iter()
            .filter(|n| !said.contains(&n.to_lowercase()))
            .map(|n| (Tone::Muted, cell(capitalised(n)))),
    );
    if !ev.nights.is_empty() {
        body.push((
            Tone::Muted,
            vec![
                strong(format!("Nights behind this flag ({}): ", ev.nights.len())),
                text(nights_list(&ev.nights)),
            ],
        ));
    }
    if !f.sources.is_empty() {
        body.push((
            Tone::Muted,
            vec![strong("Sources: "), text(f.sources.join("; "))],
        ));
    }
    body
}

/// Every warning-sign night of the period in date order, oldest first (docs/design.md
/// section 12), a night's signs from both red-flag rules together.
pub fn warning_nights(r: &Report) -> Vec<RedFlagNight> {
    let mut nights: Vec<RedFlagNight> = Vec::new();
    for f in r.flags.iter().filter(|f| f.level.is_urgent()) {
        let Detail::RedFlags(rows) = &f.evidence.detail else {
            continue;
        };
        for row in rows {
            match nights.iter_mut().find(|n| n.night == row.night) {
                Some(n) => {
                    n.signs.extend(row.signs.iter().cloned());
                    if row.level < n.level {
                        n.level = row.level;
                        n.advice = row.advice.clone();
                    } else if row.level > n.level || n.advice == row.advice {
                        // The more urgent advice leads.
                    } else {
                        n.advice = format!("{} {}", n.advice, row.advice);
                    }
                }
                None => nights.push(row.clone()),
            }
        }
    }
    nights.sort_by_key(|n| n.night);
    nights
}

/// "Reported on Sun 18 Oct 2026" for a sign older than 3 nights, else the level's label.
fn warning_label(n: &RedFlagNight) -> String {
    if n.recent {
        level_label(n.level).to_string()
    } else {
        format!("Reported on {}", wording::day(n.night))
    }
}

/// "Entered Fri 27 Nov 2026 at 08:00, 9 days after the night."
fn entered_line(n: &RedFlagNight) -> Option<String> {
    let at = n.entered_at?;
    let days = (at.date_naive() - n.night).num_days();
    let when = match days {
        ..=1 => "the morning after".to_string(),
        d => format!("{d} days after the night"),
    };
    Some(format!(
        "Entered {} at {}, {when}.",
        wording::day(at.date_naive()),
        at.format("%H:%M")
    ))
}

fn urgent(r: &Report) -> Option<Section> {
    let nights = warning_nights(r);
    if nights.is_empty() {
        return None;
    }
    let mut blocks: Vec<Block> = nights
        .iter()
        .map(|n| {
            let what = signs_words(n);
            let mut body = vec![(Tone::Plain, cell(n.advice.clone()))];
            body.extend(entered_line(n).map(|l| (Tone::Muted, cell(l))));
            Block::Callout {
                tone: if n.recent {
                    level_tone(n.level)
                } else {
                    Tone::Review
                },
                id: None,
                label: warning_label(n),
                title: if n.recent {
                    format!("Night of {}: {what}", wording::day(n.night))
                } else {
                    capitalised(&what)
                },
                body,
            }
        })
        .collect();
    // The clinician's line of the rules that ask for help today (the others are under
    // Pattern flags).
    for f in r
        .flags
        .iter()
        .filter(|f| matches!(f.level, Level::UrgentEmergency | Level::UrgentToday))
    {
        blocks.push(Block::Para {
            tone: Tone::Muted,
            spans: vec![
                strong("For the clinician: "),
                text(f.clinician_text.clone()),
            ],
        });
    }
    Some(section(
        "urgent",
        "Warning signs: read this first",
        true,
        blocks,
    ))
}

/// The key-numbers rows said in the definitions instead: entries made late, episodes per
/// cramp night.
const LATE: &str = "Entered late (> 36 h)";
const PER_CRAMP_NIGHT: &str = "Per cramp night";

/// What every count of the key numbers means and what it is counted over (this period).
fn counted_over(s: &Summary) -> String {
    format!(
        "Cramp night: a logged night with a cramp; per week: per 7 logged nights (Clopper–Pearson 95% CI); {} episodes per cramp night. Woken: of {} cramp nights recording it; sleep disrupted: woken or disturbed ≥ 4/10, of {} recording either. Sore (0–10, next morning): {} cramp and {} cramp-free nights rated. {} episodes timed, {} rated for pain; {} entered over 36 h late.",
        s.episodes_per_cramp_night
            .map_or("—".to_string(), |v| wording::num(v, 1)),
        s.woken_known,
        s.sleep_known,
        s.soreness_cramp_known,
        s.soreness_free_known,
        s.durations_known,
        s.pains_known,
        s.retrospective
    )
}

/// "Eased most often by stretching (23 of 50 episodes with what eased them recorded)."
fn relief_line(s: &Summary) -> String {
    match s.top_relief {
        Some(r) => format!(
            "Eased most often by {}: {} of {} episodes with relief recorded.",
            r.plain(),
            s.top_relief_episodes,
            s.relief_known
        ),
        None if s.relief_known > 0 => format!(
            "Nothing eased the cramps, or they went by themselves ({} episodes with relief recorded).",
            s.relief_known
        ),
        None => "What eased the cramps was not recorded.".to_string(),
    }
}

/// The rows of "how bad" (the others are "how often").
const HOW_BAD: [&str; 6] = [
    "Median duration",
    "Longest cramp",
    "Mean pain",
    "Worst pain",
    "Sore, cramps",
    "Sore, no cramps",
];

fn key_numbers(r: &Report) -> Section {
    let s = &r.summary;
    let with_arrow = |k: &common::KeyRow| match k.arrow.trim() {
        "" => k.this.clone(),
        a => format!("{} {a}", k.this),
    };
    // (column titles after "This period", the legend's first sentence, the rows' cells)
    let (titles, lead, cells): (Vec<&str>, String, Vec<Vec<String>>) = match &r.comparison {
        KeyComparison::PreviousPeriod => {
            let words = match r.previous_summary.nights_in_period {
                1 => "the night before".to_string(),
                n => format!("the {n} nights before"),
            };
            (
                vec!["Previous"],
                format!("Previous = {words}."),
                key_rows(s, &r.previous_summary)
                    .iter()
                    .map(|k| vec![with_arrow(k), k.previous.clone()])
                    .collect(),
            )
        }
        KeyComparison::FirstAndLastFourWeeks { first, last } => (
            vec!["First 4 weeks", "Last 4 weeks"],
            format!(
                "First and last 4 weeks compared (under {MIN_PREVIOUS_LOGGED} nights logged before)."
            ),
            key_rows(s, s)
                .iter()
                .zip(key_rows(last, first))
                .map(|(k, l)| vec![k.this.clone(), l.previous.clone(), with_arrow(&l)])
                .collect(),
        ),
        KeyComparison::None => (
            vec![],
            format!(
                "No comparison: the previous period has fewer than {MIN_PREVIOUS_LOGGED} logged nights and this one is shorter than 8 weeks."
            ),
            key_rows(s, s)
                .iter()
                .map(|k| vec![k.this.clone()])
                .collect(),
        ),
    };
    let (mut often, mut bad) = (Vec::new(), Vec::new());
    for (k, values) in key_rows(s, s).into_iter().zip(cells) {
        if k.label == "Logged nights" || k.label == LATE || k.label == PER_CRAMP_NIGHT {
            // The coverage line, just above, says how many nights were logged; the late
            // entries are counted in the definitions.
            continue;
        }
        let mut row_cells = vec![cell(k.label)];
        // With no comparison the value carries no arrow.
        row_cells.extend(values.into_iter().map(cell));
        let cells = row(row_cells);
        if HOW_BAD.contains(&k.label) {
            bad.push(cells);
        } else {
            often.push(cells);
        }
    }
    let table = |title: &str, rows| {
        let mut columns = vec![col(title, false), col("This period", true)];
        columns.extend(titles.iter().map(|t| col(t, true)));
        Block::Table(Table {
            columns,
            rows,
            dense: false,
        })
    };
    let legend = if matches!(r.comparison, KeyComparison::None) {
        common::key_legend(r)
            .split_once(". ")
            .map_or(String::new(), |(_, rest)| rest.to_string())
    } else {
        common::key_legend(r)
    };
    section(
        "key-numbers",
        "Key numbers",
        true,
        vec![
            table("How often", often),
            table("How bad", bad),
            Block::para(
                Tone::Muted,
                format!("{} {lead} {} {legend}", relief_line(s), counted_over(s))
                    .trim()
                    .to_string(),
            ),
        ],
    )
}

/// The left / right table's rows in words: (row id, label, counted in).
const SIDE_ROWS: [(&str, &str); 7] = [
    ("cramp_episodes", "Cramp episodes"),
    ("ankle_swelling", "Ankle swelling seen"),
    ("sock_marks", "Sock marks"),
    ("visible_veins", "Visible or bulging veins"),
    ("heaviness_4", "Heavy legs ≥ 4/10"),
    ("soreness", "Morning soreness"),
    ("skin_change_new", "New darker or harder skin"),
];

/// "38.2 cm".
fn cm(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{} cm", wording::num(v, 1)))
}

/// Legs side by side (docs/design.md section 12): the left / right table, the calves, the
/// known varicose veins, when symptoms are worst and how the stockings were worn.
fn legs(r: &Report) -> Section {
    let sides = &r.sides;
    let mut rows = Vec::new();
    let mut none = Vec::new();
    // The "no side" column only when something was recorded without one.
    let no_side = sides.rows.iter().any(|x| x.no_side > 0);
    for (id, label) in SIDE_ROWS {
        let Some(x) = sides.rows.iter().find(|x| x.id == id) else {
            continue;
        };
        if x.left + x.right + x.both + x.no_side == 0 {
            none.push(label.to_lowercase());
            continue;
        }
        let mut cells = vec![
            cell(label),
            cell(x.left.to_string()),
            cell(x.right.to_string()),
            cell(x.both.to_string()),
        ];
        if no_side {
            cells.push(cell(x.no_side.to_string()));
        }
        rows.push(row(cells));
    }
    let mut lines = vec![format!(
        "Cramps: episodes; signs: nights, of {} with the checklist answered.",
        sides.checklist_nights
    )];
    if !none.is_empty() {
        lines.push(format!("None recorded: {}.", none.join(", ")));
    }
    if sides.calf_nights > 0 {
        let diff = sides.calf_difference_mean_cm.unwrap_or(0.0);
        let larger = if diff.abs() < 0.05 {
            String::new()
        } else if diff > 0.0 {
            " (left larger)".to_string()
        } else {
            " (right larger)".to_string()
        };
        lines.push(format!(
            "Calves, mean of {}: left {}, right {}; difference {}{larger}.",
            wording::plural(sides.calf_nights, "night", "nights"),
            cm(sides.calf_left_mean_cm),
            cm(sides.calf_right_mean_cm),
            cm(Some(diff.abs()))
        ));
    }
    lines.push(format!(
        "Known varicose veins: {}.",
        sides
            .known_varicose_veins
            .map_or("not recorded", |v| v.plain())
    ));
    let mut blocks = Vec::new();
    if rows.is_empty() {
        blocks.push(Block::para(
            Tone::Plain,
            "No cramp or leg sign with a side was logged in this period.",
        ));
    } else {
        let mut columns = vec![
            col("Which leg", false),
            col("Left", true),
            col("Right", true),
            col("Both", true),
        ];
        if no_side {
            columns.push(col("No side", true));
        }
        blocks.push(Block::Table(Table {
            columns,
            rows,
            dense: false,
        }));
    }
    blocks.push(Block::para(Tone::Muted, lines.join(" ")));
    blocks.push(Block::para(Tone::Plain, timing_line(r)));
    section("legs", "Legs, side by side", true, blocks)
}

/// How the stockings were worn after a compression start (docs/design.md section 12); no
/// section without a start.
fn stockings(r: &Report) -> Option<Section> {
    let line = compression_line(r)?;
    Some(section(
        "stockings",
        "Compression stockings",
        true,
        vec![Block::para(Tone::Plain, line)],
    ))
}

/// "Symptoms worst at the end of the day on 35 of 43 days with the time recorded; at night on
/// 5."
fn timing_line(r: &Report) -> String {
    let t = &r.timing;
    let Some((first, rest)) = t.peaks.split_first() else {
        return format!(
            "When in the day leg symptoms were worst: not recorded ({} with leg symptoms).",
            wording::plural(t.symptom_days, "day", "days")
        );
    };
    let mut s = format!(
        "Symptoms worst {} on {} of {} days recorded",
        first.peak.plain(),
        first.days,
        t.known
    );
    for p in rest {
        s.push_str(&format!("; {} on {}", p.peak.plain(), p.days));
    }
    if t.symptom_days != t.known {
        s.push_str(&format!(
            " (leg symptoms on {})",
            wording::plural(t.symptom_days, "day", "days")
        ));
    }
    s.push('.');
    s
}

/// "Worn since 30 Oct 2026 (28 nights): most of the day 15, part of the day 8, not worn 3,
/// not recorded 1, not logged 1."
fn compression_line(r: &Report) -> Option<String> {
    let w = r.compression_wear.as_ref()?;
    let nights = (w.to - w.from).num_days() + 1;
    let mut parts = vec![
        format!("most of the day {}", w.most),
        format!("part of the day {}", w.part),
        format!("not worn {}", w.none),
    ];
    if w.unknown > 0 {
        parts.push(format!("not recorded {}", w.unknown));
    }
    if w.missing > 0 {
        parts.push(format!("not logged {}", w.missing));
    }
    let since = if w.started < w.from {
        format!(
            "started {}; counted from {}",
            w.started.format("%-d %b %Y"),
            w.from.format("%-d %b %Y")
        )
    } else {
        format!("since {}", w.started.format("%-d %b %Y"))
    };
    Some(format!(
        "Worn {since} ({}): {}.",
        wording::plural(nights.max(0) as u32, "night", "nights"),
        parts.join(", ")
    ))
}

/// The flags in one glance: the urgent and met ones with the numbers behind each, the
/// others named in one line per level.
fn glance(r: &Report) -> Section {
    let mut rows: Vec<Row> = r
        .flags
        .iter()
        // Warning signs are in their own section, just above.
        .filter(|f| f.level.is_met() && !f.level.is_urgent())
        .map(|f| {
            // The numbers page 1 already shows are pointed to, not repeated.
            let numbers = match f.id.as_str() {
                "cramp_frequency_high" | "sleep_disruption" => "(key numbers above)".to_string(),
                "laterality_concordance" => "(legs table)".to_string(),
                _ => evidence_line(f),
            };
            let mut x = row(vec![
                cell(format!("{}: {}", level_label(f.level), f.title)),
                cell(numbers),
            ]);
            x.tone = level_tone(f.level);
            x
        })
        .collect();
    if rows.is_empty() {
        rows.push(row(vec![
            cell("No pattern found"),
            cell("None of the pattern checks was met in this period."),
        ]));
    }
    // The checks not met are counted and those that could not be judged named, in one
    // line: the first page keeps its room for what was found (details under Pattern flags).
    let not_met = r.flags.iter().filter(|f| f.level == Level::NotMet).count() as u32;
    let unknown: Vec<&str> = r
        .flags
        .iter()
        .filter(|f| f.level == Level::InsufficientData)
        .map(|f| f.title.as_str())
        .collect();
    let mut rest = Vec::new();
    if not_met > 0 {
        rest.push(format!(
            "{} {}",
            wording::plural(not_met, "check", "checks"),
            level_words(Level::NotMet, r.coverage.logged)
        ));
    }
    if !unknown.is_empty() {
        rest.push(format!("not enough data yet: {}", unknown.join(" · ")));
    }
    if !rest.is_empty() {
        let mut x = row(vec![cell("Not found"), cell(capitalised(&rest.join("; ")))]);
        x.tone = Tone::Muted;
        rows.push(x);
    }
    section(
        "glance",
        "Pattern flags at a glance",
        true,
        vec![
            overall_line(r),
            Block::Table(Table {
                columns: vec![
                    col("Pattern check (level: pattern)", false),
                    col("The deciding number (all numbers: Pattern flags)", false),
                ],
                rows,
                dense: false,
            }),
        ],
    )
}

/// The Monday of a night's week.
fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Calendar cell of one night.
fn calendar_cell(state: NightState) -> char {
    common::cell(state)
}

/// The text calendar's character for a self-experiment night (the strip's characters).
fn plan_cell(mark: TrialMark) -> char {
    use crate::analysis::trial::NightState as Strip;
    crate::trial::words::state_char(match mark {
        TrialMark::On => Strip::On,
        TrialMark::Off => Strip::Off,
        TrialMark::Washout => Strip::Washout,
    })
}

fn calendar(r: &Report) -> Section {
    let mut lines = Vec::new();
    let mut notes: Vec<String> =
        vec!["█ night with cramps; · cramp-free night; ? not logged (missing)".into()];
    let warnings: Vec<NaiveDate> = warning_nights(r).iter().map(|n| n.night).collect();
    if !warnings.is_empty() {
        notes[0].push_str("; ! warning sign logged");
    }
    let plan = super::charts::trial_marks(r);
    if !plan.is_empty() {
        let mut kinds: Vec<_> = r.trials.iter().map(|t| t.kind).collect();
        kinds.dedup();
        let with = match kinds.as_slice() {
            [kind] => crate::trial::measure(*kind),
            _ => "the measure",
        };
        notes.push(format!(
            "Rows marked 'plan': the self-experiment's plan for each night: + with {with}, - without, ~ washout (not counted)."
        ));
    }
    if let (Some(first), Some(last)) = (r.calendar.first(), r.calendar.last()) {
        let (first_monday, last_monday) = (monday(first.night), monday(last.night));
        let first_shown = first_monday.max(last_monday - Duration::weeks(CALENDAR_TEXT_WEEKS - 1));
        if first_shown > first_monday {
            notes.push(format!(
                "Last {CALENDAR_TEXT_WEEKS} weeks shown; earlier weeks are in the weekly chart ({} weeks in all).",
                r.weekly.len()
            ));
        }
        lines.push("Week of        Mo Tu We Th Fr Sa Su   cramp nights".to_string());
        let mut m = first_shown;
        while m <= last_monday {
            let mut cells = String::new();
            let (mut cramp, mut logged) = (0, 0);
            for i in 0..7 {
                let d = m + Duration::days(i);
                let c = r
                    .calendar
                    .binary_search_by_key(&d, |c| c.night)
                    .ok()
                    .map(|i| &r.calendar[i]);
                if let Some(c) = c {
                    cramp += u32::from(c.state == NightState::Cramp);
                    logged +=
                        u32::from(matches!(c.state, NightState::Cramp | NightState::CrampFree));
                }
                let mark = match c {
                    _ if warnings.contains(&d) => '!',
                    Some(c) => calendar_cell(c.state),
                    None => ' ',
                };
                cells.push_str(&format!(" {mark} "));
            }
            lines.push(format!(
                "{:<14}{cells}  {}",
                m.format("%-d %b %Y"),
                if logged == 0 {
                    "not logged".to_string()
                } else {
                    format!("{cramp} of {logged}")
                }
            ));
            let week: String = (0..7)
                .map(|i| plan.get(&(m + Duration::days(i))).copied())
                .map(|p| format!(" {} ", p.map_or(' ', plan_cell)))
                .collect();
            if !week.trim().is_empty() {
                lines.push(format!("{:<14}{}", "  plan", week.trim_end()));
            }
            m += Duration::weeks(1);
        }
    }
    section(
        "calendar",
        "Night calendar",
        true,
        vec![Block::Chart(ChartBlock {
            kind: Chart::Calendar,
            text: lines,
            notes,
        })],
    )
}

/// The composite line: the one-sentence answer the flags at a glance lead with. A recorded
/// duplex result is shown beside it; "no reflux" replaces it (docs/design.md section 12,
/// "Duplex result"; the JSON keeps the composite as judged).
fn overall_line(r: &Report) -> Block {
    let c = &r.composite;
    let tone = if c.met { Tone::Strong } else { Tone::Plain };
    let Some(d) = r.duplex else {
        return Block::para(tone, c.line.clone());
    };
    let day = wording::day(d.date);
    // With a result recorded, "only a duplex scan can confirm…" has been answered.
    let line = c
        .line
        .strip_suffix(wording::DUPLEX)
        .map_or(c.line.as_str(), str::trim_end);
    match d.result {
        DuplexResult::NoReflux => Block::para(
            Tone::Strong,
            format!(
                "A venous duplex scan on {day} was recorded as showing no venous reflux: the pattern is not explained by reflux; discuss other causes."
            ),
        ),
        DuplexResult::Reflux => Block::para(
            tone,
            format!(
                "{line} A venous duplex scan on {day} was recorded as showing reflux{}.",
                d.side
                    .map(|s| format!(" ({})", s.which_leg()))
                    .unwrap_or_default()
            ),
        ),
        DuplexResult::Unclear => Block::para(
            tone,
            format!("{line} A venous duplex scan on {day} was recorded with an unclear result."),
        ),
    }
}

/// The patient's open questions, oldest first, on page 1 (docs/design.md section 12,
/// "Your questions"); no section when there are none.
fn questions(r: &Report) -> Option<Section> {
    if r.questions.is_empty() {
        return None;
    }
    let items = r
        .questions
        .iter()
        .map(|q| {
            vec![
                user(q.text.clone()),
                text(format!(" (asked {})", q.asked.format("%-d %b %Y"))),
            ]
        })
        .collect();
    Some(section(
        "questions",
        "The patient's questions",
        true,
        vec![Block::List(items)],
    ))
}

/// The risk factors the profile records.
fn risk_factors(r: &Report) -> Block {
    let c = &r.composite;
    let factors = if c.risk_factors.is_empty() {
        "none recorded".to_string()
    } else {
        c.risk_factors
            .iter()
            .map(|f| f.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Block::para(
        Tone::Plain,
        format!("Risk factors from the profile: {factors}."),
    )
}

/// A medicine's class and dose: "calcium-channel blocker (for blood pressure), 5 mg".
fn medicine_details(m: &MedicationRow) -> Vec<Span> {
    let mut d = vec![text(m.class.plain())];
    if let Some(dose) = &m.dose {
        d.push(text(", "));
        d.push(user(dose.clone()));
    }
    if m.linked_to_cramps {
        d.push(text(", a class linked to cramps"));
    }
    d
}

/// The events and medicine changes of the period, in date order: the one timeline every
/// format prints.
pub fn timeline(r: &Report) -> Vec<(NaiveDate, Vec<Span>, Vec<Span>)> {
    // (date, order within the day, what, details)
    let mut rows: Vec<(NaiveDate, u8, Vec<Span>, Vec<Span>)> = Vec::new();
    for e in &r.events {
        let kind = e.kind.plain();
        let mut details = Vec::new();
        let what = match (&e.label, e.kind) {
            (Some(l), EventKind::Other) => vec![user(l.clone())],
            (Some(l), _) => {
                details.push(user(l.clone()));
                cell(capitalised(kind))
            }
            (None, _) => cell(capitalised(kind)),
        };
        if let Some(side) = e.side {
            details.push(text(if details.is_empty() {
                side.plain().to_string()
            } else {
                format!(", {}", side.plain())
            }));
        }
        if let Some(result) = e.result {
            let shown = format!("recorded as showing {}", result.plain());
            details.push(text(if details.is_empty() {
                shown
            } else {
                format!(", {shown}")
            }));
        }
        rows.push((e.date, 0, what, details));
    }
    for m in &r.medications {
        if m.started_in_period {
            rows.push((
                m.start,
                1,
                vec![text("Started "), user(m.name.clone())],
                medicine_details(m),
            ));
        }
        if let Some(stop) = m.stop.filter(|_| m.stopped_in_period) {
            rows.push((
                stop,
                2,
                vec![text("Stopped "), user(m.name.clone())],
                medicine_details(m),
            ));
        }
        // A medicine taken all through the period is in the in-use line above the table.
    }
    rows.sort_by_key(|a| (a.0, a.1));
    rows.into_iter().map(|(d, _, w, x)| (d, w, x)).collect()
}

/// Medicines (docs/design.md section 12): every medicine in use on the period's last night,
/// then the changes in the period, as the patient recorded them.
fn medicines(r: &Report) -> Section {
    let mut blocks = vec![medicines_in_use(r)];
    // The starts of medicines still in use are in the line above; the rest here.
    let changes: Vec<String> = r
        .medications
        .iter()
        .flat_map(|m| {
            let start = (m.started_in_period && !m.in_use_at_end)
                .then(|| format!("started {} on {}", m.name, m.start.format("%-d %b %Y")));
            let stop = m
                .stop
                .filter(|_| m.stopped_in_period)
                .map(|d| format!("stopped {} on {}", m.name, d.format("%-d %b %Y")));
            start.into_iter().chain(stop)
        })
        .collect();
    if !changes.is_empty() {
        blocks.push(Block::Para {
            tone: Tone::Plain,
            spans: vec![
                strong("Other changes in this period: "),
                user(format!("{}.", changes.join("; "))),
            ],
        });
    }
    section("medicines", "Medicines", true, blocks)
}

/// "In use on Thu 26 Nov 2026: Magnesium citrate: magnesium supplement, 300 mg at night,
/// started 18 Sep 2026; …"
fn medicines_in_use(r: &Report) -> Block {
    let inuse: Vec<&MedicationRow> = r.medications.iter().filter(|m| m.in_use_at_end).collect();
    let mut spans = vec![text(format!("In use on {}: ", wording::day(r.period.to)))];
    if inuse.is_empty() {
        spans.push(text("none recorded."));
    }
    for (i, m) in inuse.iter().enumerate() {
        if i > 0 {
            spans.push(text("; "));
        }
        spans.push(user(m.name.clone()));
        spans.push(text(": "));
        spans.extend(medicine_details(m));
        if m.started_in_period {
            spans.push(text(format!(", started {}", m.start.format("%-d %b %Y"))));
        }
    }
    if !inuse.is_empty() {
        spans.push(text(". As recorded; not advice to change any medicine."));
    }
    Block::Para {
        tone: Tone::Plain,
        spans,
    }
}

fn events(r: &Report) -> Section {
    let rows: Vec<Row> = timeline(r)
        .into_iter()
        .map(|(date, mut what, details)| {
            if !details.is_empty() {
                what.push(text(": "));
                what.extend(details);
            }
            row(vec![cell(date.to_string()), what])
        })
        .collect();
    let block = if rows.is_empty() {
        Block::para(Tone::Plain, NO_EVENTS)
    } else {
        Block::Table(Table {
            columns: vec![col("Date", false), col("Event or medicine change", false)],
            rows,
            dense: false,
        })
    };
    section("events", "Events and medicine changes", false, vec![block])
}

fn topics(r: &Report) -> Section {
    let block = if r.topics_to_discuss.is_empty() {
        Block::para(Tone::Plain, "No particular topics from the diary.")
    } else {
        Block::List(r.topics_to_discuss.iter().map(cell).collect())
    };
    section("topics", "Topics to discuss", false, vec![block])
}

fn flags(r: &Report) -> Section {
    let mut blocks = vec![Block::para(
        Tone::Muted,
        format!(
            "Every check is listed once, most important first. Levels: NOTABLE = met and survives correction for multiple comparisons; POSSIBLE = met before correction; {} = checked and not found; not enough data = could not be judged yet (what is missing is said).",
            level_words(Level::NotMet, r.coverage.logged)
        ),
    )];
    blocks.push(overall_line(r));
    if !r.composite.reasons.is_empty() {
        blocks.push(Block::List(r.composite.reasons.iter().map(cell).collect()));
    }
    blocks.push(risk_factors(r));
    blocks.extend(r.flags.iter().map(|f| Block::Callout {
        tone: level_tone(f.level),
        id: Some(f.id.clone()),
        label: capitalised(&flag_label(f, r.coverage.logged)),
        title: f.title.clone(),
        body: flag_body(f, f.level.is_met() || f.level.is_urgent()),
    }));
    section("flags", "Pattern flags", false, blocks)
}

/// A flag's level in words; a warning-sign rule whose nights are all older than 3 nights is
/// "Reported on DATE", never "URGENT, TODAY" (docs/design.md section 12).
fn flag_label(f: &Flag, logged: u32) -> String {
    match &f.evidence.detail {
        Detail::RedFlags(rows) if !rows.is_empty() && rows.iter().all(|n| !n.recent) => {
            let days: Vec<String> = rows.iter().map(|n| wording::day(n.night)).collect();
            format!("Reported on {}", days.join(", "))
        }
        _ => level_words(f.level, logged),
    }
}

fn charts(r: &Report) -> Section {
    let spark: Vec<char> = sparkline(&r.weekly).chars().collect();
    let mut lines = Vec::new();
    // Short series: a spaced bar per week with the value beneath; long series: 52 a row.
    if spark.len() <= 26 {
        if !spark.is_empty() {
            lines.push(format!(
                "      {}",
                spark.iter().map(|c| format!(" {c} ")).collect::<String>()
            ));
            lines.push(format!(
                "      {}",
                r.weekly
                    .iter()
                    .map(|w| match w.cramp_nights_per_week {
                        Some(v) => format!(" {} ", wording::num(v, 0)),
                        None => " ? ".to_string(),
                    })
                    .collect::<String>()
            ));
        }
        if let (Some(first), Some(last)) = (r.weekly.first(), r.weekly.last()) {
            let (first, last) = (
                first.week_start.format("%-d %b").to_string(),
                last.week_start.format("%-d %b").to_string(),
            );
            let gap = (3 * spark.len())
                .saturating_sub(first.len() + last.len())
                .max(1);
            lines.push(format!("      {first}{}{last}", " ".repeat(gap)));
        }
    } else {
        for (chunk, weeks) in spark.chunks(SPARK_ROW).zip(r.weekly.chunks(SPARK_ROW)) {
            let label = weeks
                .first()
                .map(|w| w.week_start.format("%d %b %Y").to_string())
                .unwrap_or_default();
            lines.push(format!("{label:<12} {}", chunk.iter().collect::<String>()));
        }
    }
    let mut blocks = vec![
        Block::para(
            Tone::Muted,
            "Drawn from the numbers of this report. Missing nights and weeks are gaps, hatched or ?, never zero.",
        ),
        Block::Chart(ChartBlock {
            kind: Chart::Weekly,
            text: lines,
            notes: vec![format!(
                "Cramp nights per 7 logged nights, one bar per week (▁ 0 … █ 7); {} = week not logged. Weeks start on Monday.",
                common::GAP
            )],
        }),
    ];
    // The season chart only for periods of 12 months or more (docs/design.md, issue 12).
    let seasons = super::charts::shown(r)
        .contains(&Chart::MonthOfYear)
        .then_some(Chart::MonthOfYear);
    blocks.extend(
        seasons
            .into_iter()
            .chain([
                Chart::DurationPain,
                Chart::TimeOfNight,
                Chart::LegSite,
                Chart::Cosymptoms,
            ])
            .map(|kind| {
                Block::Chart(ChartBlock {
                    kind,
                    text: Vec::new(),
                    notes: Vec::new(),
                })
            }),
    );
    section("charts", "Charts", false, blocks)
}

/// "0.02", "< 0.001", "—" (the column says it is a p).
fn bare_p(p: Option<f64>) -> String {
    let s = fmt_p(p);
    s.strip_prefix("p = ")
        .or_else(|| s.strip_prefix("p "))
        .unwrap_or(&s)
        .to_string()
}

fn level_word(c: &Comparison) -> String {
    c.level
        .map_or("exploratory".to_string(), |l| level_label(l).to_string())
}

fn associations(r: &Report) -> Section {
    let mut comps: Vec<&Comparison> = r.associations.iter().collect();
    if let Some(f) = r.flag("medication_timing_association") {
        comps.extend(f.evidence.medications().iter().map(|m| &m.comparison));
    }
    let legend = Block::para(Tone::Muted, ASSOCIATION_LEGEND);
    if comps.is_empty() {
        return section(
            "associations",
            "Associations: the day before and cramps that night",
            false,
            vec![
                legend,
                Block::para(Tone::Plain, "No comparisons in this period."),
            ],
        );
    }
    let rows = comps
        .iter()
        .map(|c| {
            let what = cell(c.label.clone());
            let level = cell(level_word(c));
            let mut r = match &c.missing {
                Some(m) => row(vec![
                    what,
                    level,
                    cell(format!("Not enough data: {m}.")),
                    cell("—"),
                    cell("—"),
                    cell("—"),
                    cell("—"),
                ]),
                None => {
                    let (rr, lo, hi, p, holm) = decisive(c);
                    let mut x = row(vec![
                        what,
                        level,
                        cell(capitalised(&association_counts(c))),
                        cell(format!(
                            "{} ({})",
                            ratio(rr),
                            ci(lo, hi).replace("95% CI ", "")
                        )),
                        cell(bare_p(p)),
                        cell(holm.map_or("—".into(), |h| bare_p(Some(h)))),
                        cell(association_rates(c)),
                    ]);
                    // The within-block counts, the crude comparison and "borderline".
                    x.under
                        .push((Tone::Muted, cell(capitalised(&association_stats(c)))));
                    x
                }
            };
            r.tone = c.level.map_or(Tone::Plain, level_tone);
            r
        })
        .collect();
    section(
        "associations",
        "Associations: the day before and cramps that night",
        false,
        vec![
            legend,
            Block::Table(Table {
                columns: vec![
                    col("The day before", false),
                    col("Level", false),
                    col("Cramp nights (raw counts)", false),
                    col("RR (95% CI)", true),
                    col("p", true),
                    col("Holm p", true),
                    col("Episodes", false),
                ],
                rows,
                dense: false,
            }),
        ],
    )
}

/// Changes after treatments (docs/design.md): each change's numbers and its caveats.
fn changes(r: &Report) -> Section {
    use crate::analysis::changes::{INTRO, NONE, TITLE};
    let mut blocks = vec![Block::para(Tone::Muted, INTRO)];
    if r.changes.is_empty() {
        blocks.push(Block::para(Tone::Plain, NONE));
    }
    for c in &r.changes {
        // The summary names the event's label or the medicine: user text.
        blocks.push(Block::Para {
            tone: Tone::Plain,
            spans: vec![user(c.summary.clone())],
        });
        blocks.push(Block::List(
            c.caveats.iter().map(|s| vec![user(s.clone())]).collect(),
        ));
    }
    section("changes", TITLE, false, blocks)
}

fn please_note(r: &Report) -> Section {
    section(
        "please-note",
        "Please note",
        false,
        vec![
            Block::List(r.statements.caveats.iter().map(cell).collect()),
            Block::para(Tone::Strong, r.statements.duplex.clone()),
            Block::para(Tone::Plain, r.statements.self_reported.clone()),
        ],
    )
}

fn sources(r: &Report) -> Section {
    let mut seen: Vec<&str> = Vec::new();
    for f in &r.flags {
        for s in &f.sources {
            if !seen.contains(&s.as_str()) {
                seen.push(s);
            }
        }
    }
    section(
        "sources",
        "Sources behind the flags",
        false,
        vec![Block::List(seen.into_iter().map(cell).collect())],
    )
}

fn appendix(r: &Report) -> Section {
    if r.appendix == Appendix::Weeks {
        return appendix_weeks(r);
    }
    let mut blocks = vec![Block::para(
        Tone::Muted,
        format!(
            "One row per logged night ({} logged, {} missing: nights not logged are not listed; see the calendar). R = entered more than 36 h later; ! = warning sign. The day before: stand = hours standing, stock = compression stockings, up = minutes with legs raised. Blank = not recorded.",
            r.coverage.logged, r.coverage.missing
        ),
    )];
    if r.notes_redacted {
        blocks.push(Block::para(
            Tone::Muted,
            "Notes are left out of this report.",
        ));
    }
    if r.nights.is_empty() {
        blocks.push(Block::para(Tone::Plain, "No nights logged in this period."));
        return section("appendix", "Night by night", false, blocks);
    }
    let rows = r
        .nights
        .iter()
        .map(|row| {
            let n = &row.entry;
            let crate::view::NightCells {
                cramps,
                worst,
                longest,
                sore,
            } = crate::view::NightCells::of(n);
            let mark = format!(
                "{}{}",
                if row.retrospective { "R" } else { "" },
                if row.red_flags.is_empty() { "" } else { "!" }
            );
            let mut details = episodes_brief(n);
            details.extend(night_extras(n));
            let mut under = Vec::new();
            if !row.red_flags.is_empty() {
                under.push((
                    Tone::Urgent,
                    cell(format!("Warning sign logged: {}", sign_words(&row.entry))),
                ));
            }
            if let Some(note) = &n.note {
                under.push((
                    Tone::Muted,
                    vec![text("Note: \""), user(note.clone()), text("\"")],
                ));
            }
            Row {
                cells: vec![
                    cell(n.night.format("%Y-%m-%d").to_string()),
                    cell(mark),
                    cell(cramps),
                    cell(worst),
                    cell(longest),
                    cell(sore),
                    cell(n.standing_h.map_or(String::new(), |h| format!("{h}h"))),
                    cell(n.compression.map_or(String::new(), |c| c.id().to_string())),
                    cell(n.elevation_min.map_or(String::new(), |m| m.to_string())),
                    cell(details.join("; ")),
                ],
                tone: if row.red_flags.is_empty() {
                    Tone::Plain
                } else {
                    Tone::Urgent
                },
                under,
            }
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            col("Night", false),
            col("", false),
            col("Cramps", true),
            col("Worst", true),
            col("Longest", true),
            col("Sore", true),
            col("Stand", true),
            col("Stock", false),
            col("Up", true),
            col("Episodes; symptoms", false),
        ],
        rows,
        dense: true,
    }));
    section("appendix", "Night by night", false, blocks)
}

/// A night's warning signs in plain words: "one leg newly swollen, calves differ by 3.5 cm".
fn sign_words(n: &crate::model::Night) -> String {
    n.red_flags()
        .into_iter()
        .map(|(_, rf)| rf.describe())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// The numbers behind a flag, in one line (the flags at a glance)

/// "cramp nights per week 2.8 (95% CI 2.0–3.6; threshold 3)".
fn statistic_line(s: &Statistic) -> String {
    let mut out = s.name.replace('_', " ");
    if let Some(v) = s.value {
        out.push_str(&format!(" {}", short_num(v)));
    }
    let mut extra = Vec::new();
    if s.ci_low.is_some() || s.ci_high.is_some() {
        extra.push(ci(s.ci_low, s.ci_high));
    }
    if s.p.is_some() {
        extra.push(fmt_p(s.p));
    }
    if let Some(h) = s.p_holm {
        extra.push(format!("Holm {}", fmt_p(Some(h))));
    }
    if let Some(t) = s.threshold {
        extra.push(format!("threshold {}", short_num(t)));
    }
    if !extra.is_empty() {
        out.push_str(&format!(" ({})", extra.join("; ")));
    }
    out
}

/// A statistic for print: whole numbers without decimals, else 1 decimal from 1 up and 2
/// below.
pub fn short_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        wording::num(v, 0)
    } else if v.abs() >= 1.0 {
        wording::num(v, 1)
    } else {
        wording::num(v, 2)
    }
}

fn comparison_line(c: &Comparison) -> String {
    match &c.missing {
        Some(m) => format!("{}: not enough data: {m}", c.label),
        // Page 1 is short of room: the counts without the groups' labels.
        None => format!(
            "cramps on {} of {} nights with vs {} of {} without {}",
            c.exposed.cramp_nights,
            c.exposed.nights,
            c.unexposed.cramp_nights,
            c.unexposed.nights,
            common::association_stats_short(c)
        ),
    }
}

/// One line of numbers behind a flag, from its evidence.
pub fn evidence_line(f: &Flag) -> String {
    let e = &f.evidence;
    if f.level == Level::InsufficientData {
        return format!(
            "Not enough data yet: {}.",
            f.missing.as_deref().unwrap_or("more nights")
        );
    }
    match &e.detail {
        Detail::RedFlags(nights) if !nights.is_empty() => {
            return nights
                .iter()
                .map(|n| {
                    let signs: Vec<&str> = n.signs.iter().map(|s| s.label.as_str()).collect();
                    format!("{}: {}", n.night, signs.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ");
        }
        Detail::Laterality(l) => {
            let mut s = format!(
                "{} left vs {} right one-sided episodes; binomial {}",
                l.left_episodes,
                l.right_episodes,
                fmt_p(l.p)
            );
            if let Some(side) = l.sign_side {
                s.push_str(&format!("; signs on the {}", side.plain()));
            }
            return s;
        }
        Detail::Medications(meds) if !meds.is_empty() => {
            return meds
                .iter()
                .map(|m| format!("{}: {}", m.name, comparison_line(&m.comparison)))
                .collect::<Vec<_>>()
                .join("; ");
        }
        Detail::Comparisons(list) => {
            let comps: Vec<String> = list
                .iter()
                .filter(|c| c.flag.as_deref() == Some(f.id.as_str()))
                .map(comparison_line)
                .collect();
            // The deciding comparison fits the glance; the others are under Pattern flags.
            if let Some(first) = comps.first() {
                return first.clone();
            }
        }
        _ => {}
    }
    let mut parts: Vec<String> = e
        .counts
        .iter()
        // How many nights were logged, and had cramps, is the coverage line's, just above.
        .filter(|c| {
            c.of.is_some_and(|of| of != c.count)
                && c.name != "logged_nights"
                && c.name != "cramp_nights"
        })
        .map(|c| match c.of {
            Some(of) => format!(
                "{} of {of} {}",
                c.count,
                c.description.split(',').next().unwrap_or_default()
            ),
            None => format!("{} {}", c.count, c.description),
        })
        .collect();
    // The first count that decides, else the statistic: page 1 is short of room (every
    // number is under Pattern flags).
    parts.truncate(1);
    if parts.is_empty()
        && let Some(s) = &e.statistic
    {
        parts.push(statistic_line(s));
    }
    if let Some(d) = e.direction() {
        parts.push(format!("direction: {}", format!("{d:?}").to_lowercase()));
    }
    if parts.is_empty() {
        f.patient_text.clone()
    } else {
        parts.join("; ")
    }
}

/// The section titles of a document, in order (the tests compare them across formats).
pub fn titles(doc: &Document<'_>) -> Vec<String> {
    doc.sections.iter().map(|s| s.title.clone()).collect()
}

/// The appendix of a long period: one row per week (docs/design.md section 12), worst pain and
/// warning signs read from the week's nights. `--appendix nights` lists every night instead.
fn appendix_weeks(r: &Report) -> Section {
    let mut blocks = vec![Block::para(
        Tone::Muted,
        format!(
            "One row per week ({} logged nights, {} missing; Monday weeks, the first and last clipped to the period). For one row per night, make the report with --appendix nights.",
            r.coverage.logged, r.coverage.missing
        ),
    )];
    // Worst pain and warning signs of each week, from the nights (both in date order).
    let mut by_week: std::collections::BTreeMap<NaiveDate, (Option<u8>, Vec<String>)> =
        std::collections::BTreeMap::new();
    for row in &r.nights {
        let n = &row.entry;
        let entry = by_week.entry(monday(n.night)).or_default();
        let worst = n.episodes.iter().filter_map(|e| e.pain).max();
        entry.0 = entry.0.max(worst);
        if !row.red_flags.is_empty() {
            entry
                .1
                .push(format!("{} {}", sign_words(n), n.night.format("%d %b")));
        }
    }
    let rows = r
        .weekly
        .iter()
        .map(|w| {
            let (worst, signs) = by_week.get(&w.week_start).cloned().unwrap_or_default();
            let logged = format!("{} of {}", w.logged, w.nights_in_week);
            let counts = |v: u32| {
                if w.logged == 0 {
                    String::new()
                } else {
                    v.to_string()
                }
            };
            Row {
                cells: vec![
                    cell(w.from.format("%Y-%m-%d").to_string()),
                    cell(logged),
                    cell(counts(w.cramp_nights)),
                    cell(counts(w.episodes)),
                    cell(worst.map_or(String::new(), |p| format!("{p}/10"))),
                    cell(signs.join("; ")),
                ],
                tone: if signs.is_empty() {
                    Tone::Plain
                } else {
                    Tone::Urgent
                },
                under: Vec::new(),
            }
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            col("Week from", false),
            col("Logged", true),
            col("Cramp nights", true),
            col("Episodes", true),
            col("Worst pain", true),
            col("Warning signs", false),
        ],
        rows,
        dense: true,
    }));
    section("appendix", "Week by week", false, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::plain_text;

    #[test]
    fn short_numbers() {
        assert_eq!(short_num(3.0), "3");
        assert_eq!(short_num(5.1875), "5.2");
        assert_eq!(short_num(0.4807), "0.48");
        assert_eq!(short_num(0.0), "0");
    }

    #[test]
    fn nights_are_listed_by_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(
            nights_list(&[d(10, 2), d(9, 7), d(9, 8), d(10, 2), d(12, 31)]),
            "Sep 2026: 7, 8; Oct 2026: 2; Dec 2026: 31"
        );
    }

    #[test]
    fn spans_join_to_their_text() {
        assert_eq!(plain_text(&[text("a "), strong("b"), user(" c")]), "a b c");
    }
}
