//! The PDF report: the report model laid out as [`crate::pdf::Block`]s and rendered by the PDF
//! engine (vector charts, selectable text, A4 or Letter).
//!
//! Page 1 is the 60-second page of DESIGN.md section 6: who/when, coverage, urgent flags
//! first, key numbers against the previous period beside the night calendar, the flags that
//! were met with the numbers behind each, the composite line, events and medication changes,
//! and the topics to discuss. Then the charts, the associations with their raw counts, the
//! clinician notes (every flag's clinician text, the nights behind it and its sources, the
//! caveats and the duplex sentence) and the night-by-night appendix.
//!
//! Every page carries the period, time zone, program version, "self-reported, not a
//! diagnosis" and "Page N of M" (the engine's header and footer), and "DEMO DATA" for a demo
//! diary. Like every renderer it only rounds: all numbers come from the [`Report`]; the
//! wording comes from [`super::common`] and [`crate::analysis::wording`].

use std::io::Write;

use anyhow::Result;

use super::charts::{self, Chart};
use super::common::{
    association_counts, association_stats, coverage_line, episodes_brief, key_rows, level_label,
    night_extras,
};
use super::{Report, clean};
use crate::analysis::Level;
use crate::analysis::associations::Comparison;
use crate::analysis::flags::{Detail, Flag, Statistic};
use crate::analysis::wording::{self, ci, p as fmt_p, ratio};
use crate::chart::Size;
use crate::pdf::{self, Block, Meta, PageDecor, Paper, Span, Tone};

/// How many dates of a flag's evidence are listed before "… and N more".
const MAX_LISTED_NIGHTS: usize = 40;

/// Writes the report as PDF.
pub fn render(report: &Report, paper: Paper, w: &mut dyn Write) -> Result<()> {
    let bytes = to_pdf(report, paper)?;
    w.write_all(&bytes)?;
    Ok(())
}

/// The report as PDF bytes (same report → same bytes).
pub fn to_pdf(report: &Report, paper: Paper) -> Result<Vec<u8>> {
    pdf::render(
        paper,
        &meta(report),
        &decor(report),
        &blocks(report, paper)?,
    )
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
            "Self-reported, not a diagnosis · generated {} · cramplog {}",
            r.generated.format("%Y-%m-%d %H:%M %:z"),
            r.program_version
        ),
        banner: r.demo.then(|| "DEMO DATA".to_string()),
    }
}

fn plain(s: impl Into<String>) -> Span {
    Span::Plain(s.into())
}

fn bold(s: impl Into<String>) -> Span {
    Span::Bold(s.into())
}

fn small(s: impl Into<String>) -> Block {
    Block::Small(vec![plain(s)])
}

fn blocks(r: &Report, paper: Paper) -> Result<Vec<Block>> {
    let mut b = Vec::new();
    first_page(r, paper, &mut b)?;
    b.push(Block::PageBreak);
    chart_pages(r, &mut b)?;
    associations(r, &mut b);
    clinician_notes(r, &mut b);
    b.push(Block::PageBreak);
    appendix(r, paper, &mut b)?;
    Ok(b)
}

// ---------------------------------------------------------------------------------------------
// Page 1

fn first_page(r: &Report, paper: Paper, b: &mut Vec<Block>) -> Result<()> {
    b.push(Block::Title("Night-time leg cramps: diary report".into()));
    let mut who = Vec::new();
    if let Some(name) = &r.name {
        who.extend([bold("Name "), plain(format!("{}   ", clean(name)))]);
    }
    who.extend([
        bold("Period "),
        plain(format!(
            "{} ({} nights) · ",
            short_period(r),
            r.period.nights
        )),
        bold("Time zone "),
        // With a name the line is too long for the generated time: it gets its own line.
        plain(format!(
            "{}{}",
            clean(&r.time_zone),
            if r.name.is_some() { "\n" } else { " · " }
        )),
        bold("Generated "),
        plain(format!(
            "{} · cramplog {}\n",
            r.generated.format("%Y-%m-%d %H:%M %:z"),
            r.program_version
        )),
        bold(r.statements.self_reported.clone()),
    ]);
    b.push(Block::Small(who));
    b.push(Block::Para(vec![bold(coverage_line(&r.coverage))]));

    for f in r.flags.iter().filter(|f| f.level.is_urgent()) {
        let mut body: Vec<Vec<Span>> = f
            .patient_text
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .map(|l| vec![plain(l)])
            .collect();
        let tone = if f.level == Level::PromptReview {
            Tone::Warning
        } else {
            body.push(vec![
                bold("For the clinician: "),
                plain(f.clinician_text.clone()),
            ]);
            Tone::Urgent
        };
        b.push(Block::Callout {
            tone,
            title: format!("{}: {}", level_label(f.level), f.title),
            body,
        });
    }

    b.extend(composite(r));

    let (left, right, legend) = key_numbers(r, paper)?;
    b.push(Block::Split {
        widths: KEY_SPLIT.to_vec(),
        columns: vec![left, right],
    });
    b.push(legend);
    // Up to 14 weeks (the default 12-week report) the calendar is narrow enough to share its
    // row with the events; longer periods need the full width.
    let weeks = match (r.calendar.first(), r.calendar.last()) {
        (Some(a), Some(z)) => (monday(z.night) - monday(a.night)).num_days() / 7 + 1,
        _ => 0,
    };
    if weeks <= 14 {
        // 16 px cells: the chart's legend is 200 px wide, its grid 16 px a week.
        let w = 271 + 16 * u32::try_from(weeks.max(1)).unwrap_or(14);
        let calendar = charts::svg(r, Chart::Calendar, Size::new(w.max(420), 190))?;
        b.push(Block::Split {
            widths: vec![0.58, 0.42],
            columns: vec![
                vec![Block::Svg {
                    svg: calendar,
                    height_pt: 0.0,
                }],
                events_table(r),
            ],
        });
    } else {
        b.push(Block::Svg {
            svg: charts::svg(r, Chart::Calendar, Size::new(720, 200))?,
            height_pt: 0.0,
        });
        b.extend(events_table(r));
    }

    flags_box(r, paper, b);

    // Topics in one compact paragraph: page 1 must hold the whole 60-second summary.
    if !r.topics_to_discuss.is_empty() {
        let mut spans = vec![bold("Topics to discuss: ")];
        let topics: Vec<String> = r.topics_to_discuss.iter().map(|t| clean(t)).collect();
        spans.push(plain(topics.join(" ")));
        b.push(Block::Small(spans));
    }
    Ok(())
}

/// The composite line with the profile's risk factors beside it.
fn composite(r: &Report) -> Vec<Block> {
    let line = if r.composite.met {
        bold(r.composite.line.clone())
    } else {
        plain(r.composite.line.clone())
    };
    let risk = if r.composite.risk_factors.is_empty() {
        "none recorded".to_string()
    } else {
        r.composite
            .risk_factors
            .iter()
            .map(|f| clean(&f.label))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        Block::Para(vec![line]),
        small(format!("Risk factors from the profile: {risk}.")),
    ]
}

/// "4 Sep – 26 Nov 2026", or with both years when they differ.
fn short_period(r: &Report) -> String {
    use chrono::Datelike;
    let (a, z) = (r.period.from, r.period.to);
    if a.year() == z.year() {
        format!("{} – {}", a.format("%-d %b"), z.format("%-d %b %Y"))
    } else {
        format!("{} – {}", a.format("%-d %b %Y"), z.format("%-d %b %Y"))
    }
}

/// The Monday of a night's week.
fn monday(d: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The key numbers as two compact tables side by side (this period against the previous
/// one): how often on the left, how bad on the right.
fn key_numbers(r: &Report, paper: Paper) -> Result<(Vec<Block>, Vec<Block>, Block)> {
    let prev_words = match r.previous_summary.nights_in_period {
        1 => "the night before".to_string(),
        n => format!("the {n} nights before"),
    };
    let prev = "Previous".to_string();
    let (s, p) = (&r.summary, &r.previous_summary);
    let of = |k: u32, n: u32| {
        if n == 0 {
            "—".to_string()
        } else {
            format!("{k} of {n}")
        }
    };
    let mut often: Vec<Vec<String>> = Vec::new();
    let mut bad: Vec<Vec<String>> = Vec::new();
    for row in key_rows(r) {
        let this = match row.arrow.trim() {
            "" => row.this,
            a => format!("{} {a}", row.this),
        };
        // The denominators of the averages: episodes timed or rated, nights rated.
        let label = match row.label {
            "Median duration" | "Longest cramp" => {
                format!("{} (n = {})", row.label, s.durations_known)
            }
            "Mean pain" | "Worst pain" => format!("{} (n = {})", row.label, s.pains_known),
            "Mean morning soreness" => format!("{} (n = {})", row.label, s.soreness_known),
            l => l.to_string(),
        };
        let cells = vec![label, this, row.previous];
        match row.label {
            "Logged nights" => {
                often.insert(0, cells);
                often.insert(
                    1,
                    vec![
                        "Nights with cramps".into(),
                        of(s.cramp_nights, s.logged),
                        of(p.cramp_nights, p.logged),
                    ],
                );
            }
            "Median duration"
            | "Longest cramp"
            | "Mean pain"
            | "Worst pain"
            | "Mean morning soreness"
            | "Nights with sleep disruption" => bad.push(cells),
            _ => often.push(cells),
        }
    }
    // Values never wrap; labels get the rest (the "how bad" labels are the longer ones).
    let avail = paper.content_width() - COLUMN_GAP;
    let table = |title: &str, rows: Vec<Vec<String>>, share: f32| -> Result<Block> {
        let headers = vec![title.to_string(), "This period".into(), prev.clone()];
        let widths = fit_widths(avail * share, KEY_PT, &headers, &rows, 0)?;
        Ok(Block::SizedTable {
            size: KEY_PT,
            headers,
            rows,
            widths,
            align_right: vec![false, true, true],
        })
    };
    Ok((
        vec![table("How often", often, KEY_SPLIT[0])?],
        vec![table("How bad", bad, KEY_SPLIT[1])?],
        small(format!(
            "Previous = {prev_words}. {} n = episodes timed or rated, nights rated.",
            super::common::key_legend(r)
        )),
    ))
}

/// How the key numbers share the width: how often, how bad.
const KEY_SPLIT: [f32; 2] = [0.47, 0.53];
/// Font size of the compact tables of page 1.
const KEY_PT: f32 = 8.0;
/// The PDF engine's gap between side-by-side columns.
const COLUMN_GAP: f32 = 14.0;

/// The flags that were met, with the numbers behind each; the others in one line.
fn flags_box(r: &Report, paper: Paper, b: &mut Vec<Block>) {
    let mut rows: Vec<Vec<String>> = r
        .flags
        .iter()
        .filter(|f| !f.level.is_urgent() && f.level.is_met())
        .map(|f| {
            vec![
                format!("{}: {}", level_label(f.level), f.title),
                evidence_line(f),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec![
            "No pattern found".into(),
            "None of the pattern checks was met in this period.".into(),
        ]);
    }
    for level in [Level::NotMet, Level::InsufficientData] {
        let titles: Vec<&str> = r
            .flags
            .iter()
            .filter(|f| f.level == level)
            .map(|f| f.title.as_str())
            .collect();
        if !titles.is_empty() {
            // Letter is 50 pt shorter than A4: there the names give way to a count, so
            // page 1 stays one page; every check is named in the clinician notes.
            let names = if paper == Paper::Letter && level == Level::NotMet {
                format!(
                    "{} other checks, each with its numbers in the clinician notes",
                    titles.len()
                )
            } else {
                titles.join(" · ")
            };
            rows.push(vec![capitalise(level_label(level)), names]);
        }
    }
    b.push(Block::SizedTable {
        size: KEY_PT,
        headers: vec![
            "Pattern check (level: pattern)".into(),
            "The numbers behind it (details: clinician notes)".into(),
        ],
        rows,
        widths: vec![0.3, 0.7],
        align_right: vec![],
    });
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn events_table(r: &Report) -> Vec<Block> {
    let mut rows: Vec<(chrono::NaiveDate, String)> = Vec::new();
    for e in &r.events {
        let mut s = e.kind.id().replace('_', " ");
        if let Some(l) = &e.label {
            s = if e.kind == crate::vocab::EventKind::Other {
                clean(l)
            } else {
                format!("{s}: {}", clean(l))
            };
        }
        if let Some(side) = e.side {
            s.push_str(&format!(" ({side})"));
        }
        rows.push((e.date, s));
    }
    for m in &r.medications {
        let mut what = format!("{} ({}", clean(&m.name), m.class.id().replace('_', " "));
        if let Some(d) = &m.dose {
            what.push_str(&format!(", {}", clean(d)));
        }
        what.push(')');
        if m.started_in_period {
            rows.push((m.start, format!("Started {what}")));
        }
        match m.stop {
            Some(stop) if m.stopped_in_period => rows.push((stop, format!("Stopped {what}"))),
            _ if !m.started_in_period => rows.push((m.start, format!("Taking {what} since then"))),
            _ => {}
        }
    }
    rows.sort_by_key(|(d, _)| *d);
    let mut rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(d, s)| vec![d.format("%Y-%m-%d").to_string(), s])
        .collect();
    if rows.is_empty() {
        rows.push(vec![
            "—".into(),
            "No events or medications recorded for this period.".into(),
        ]);
    }
    vec![Block::SizedTable {
        size: KEY_PT,
        headers: vec!["Date".into(), "Events, medicine changes".into()],
        rows,
        widths: vec![0.27, 0.73],
        align_right: vec![],
    }]
}

// ---------------------------------------------------------------------------------------------
// Evidence lines

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
fn short_num(v: f64) -> String {
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
        None => format!("{} {}", association_counts(c), association_stats(c)),
    }
}

/// One line of numbers behind a flag, from its evidence.
fn evidence_line(f: &Flag) -> String {
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
                    let signs: Vec<String> = n.signs.iter().map(|s| clean(&s.label)).collect();
                    format!("{}: {}", n.night, signs.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ");
        }
        Detail::Laterality(l) => {
            let sided = l.left_episodes + l.right_episodes;
            let mut s = format!(
                "{} of {sided} one-sided episodes left, {} right ({} both, left out); binomial {}",
                l.left_episodes,
                l.right_episodes,
                l.both_episodes,
                fmt_p(l.p)
            );
            if let Some(h) = l.p_holm {
                s.push_str(&format!(", Holm {}", fmt_p(Some(h))));
            }
            if let Some(side) = l.sign_side {
                s.push_str(&format!(
                    "; signs on the {side} side ({})",
                    l.sign_side_source.as_deref().unwrap_or("diary")
                ));
            }
            return s;
        }
        Detail::Medications(meds) if !meds.is_empty() => {
            return meds
                .iter()
                .map(|m| format!("{}: {}", clean(&m.name), comparison_line(&m.comparison)))
                .collect::<Vec<_>>()
                .join("; ");
        }
        Detail::Comparisons(list) => {
            let comps: Vec<String> = list
                .iter()
                .filter(|c| c.flag.as_deref() == Some(f.id.as_str()))
                .map(comparison_line)
                .collect();
            if let Some(first) = comps.first() {
                // One comparison fits page 1; the others are in the clinician notes.
                return if comps.len() > 1 {
                    format!(
                        "{first}; and {} more in the clinician notes",
                        comps.len() - 1
                    )
                } else {
                    first.clone()
                };
            }
        }
        _ => {}
    }
    let mut parts: Vec<String> = e
        .counts
        .iter()
        .filter(|c| c.of.is_some_and(|of| of != c.count))
        .map(|c| match c.of {
            Some(of) => format!(
                "{} of {of} {}",
                c.count,
                c.description.split(',').next().unwrap_or_default()
            ),
            None => format!("{} {}", c.count, c.description),
        })
        .collect();
    if let Some(s) = &e.statistic {
        parts.push(statistic_line(s));
    }
    if let Some(d) = e.direction() {
        parts.push(format!("direction: {}", format!("{d:?}").to_lowercase()));
    }
    if parts.is_empty() {
        clean(&f.patient_text)
    } else {
        parts.join("; ")
    }
}

// ---------------------------------------------------------------------------------------------
// Charts, associations, clinician notes

fn chart_pages(r: &Report, b: &mut Vec<Block>) -> Result<()> {
    b.push(Block::Heading("Charts".into()));
    b.push(small(
        "Drawn from the same numbers as the tables. Missing nights and weeks are gaps or hatched, never zero. The night calendar is on page 1.",
    ));
    // The co-symptom chart is as tall as its rows need (40 px a row), not its default.
    let rows = r
        .cosymptoms
        .iter()
        .filter(|c| c.cramp_nights_with + c.cramp_free_with > 0)
        .count();
    let cosymptom_h = u32::try_from(150 + 40 * rows).unwrap_or(u32::MAX);
    for (which, size) in [
        (Chart::Weekly, Chart::Weekly.default_size()),
        (Chart::DurationPain, Chart::DurationPain.default_size()),
        (Chart::TimeOfNight, Size::new(720, 240)),
        (Chart::LegSite, Size::new(720, 240)),
        (
            Chart::Cosymptoms,
            Size::new(720, cosymptom_h.clamp(200, 420)),
        ),
    ] {
        b.push(Block::Svg {
            svg: charts::svg(r, which, size)?,
            height_pt: 0.0,
        });
    }
    Ok(())
}

fn level_word(c: &Comparison) -> String {
    c.level
        .map_or("exploratory".to_string(), |l| level_label(l).to_string())
}

fn associations(r: &Report, b: &mut Vec<Block>) {
    b.push(Block::Heading(
        "Associations: the day before → cramps that night".into(),
    ));
    let mut comps: Vec<&Comparison> = r.associations.iter().collect();
    if let Some(f) = r.flag("medication_timing_association") {
        comps.extend(f.evidence.medications().iter().map(|m| &m.comparison));
    }
    let rows = comps
        .iter()
        .map(|c| {
            let what = format!("{} [{}]", c.label, level_word(c));
            match &c.missing {
                Some(m) => vec![
                    what,
                    format!("Not enough data: {m}."),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ],
                None => vec![
                    what,
                    association_counts(c),
                    format!(
                        "{} ({})",
                        ratio(c.risk_ratio),
                        ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high).replace("95% CI ", "")
                    ),
                    fmt_p(c.fisher_p).replace("p = ", "").replace("p ", ""),
                    c.fisher_p_holm.map_or("—".into(), |h| {
                        fmt_p(Some(h)).replace("p = ", "").replace("p ", "")
                    }),
                    format!(
                        "{} ({})",
                        ratio(c.rate_ratio),
                        ci(c.rate_ratio_ci_low, c.rate_ratio_ci_high).replace("95% CI ", "")
                    ),
                ],
            }
        })
        .collect();
    b.push(Block::Table {
        headers: vec![
            "Comparison [level]".into(),
            "Cramp nights".into(),
            "RR (95% CI)".into(),
            "p".into(),
            "Holm p".into(),
            "Episode rate ratio (95% CI)".into(),
        ],
        rows,
        widths: vec![0.22, 0.31, 0.14, 0.085, 0.085, 0.16],
        align_right: vec![false, false, true, true, true, true],
    });
    // Below the table, so the heading always sits on the table's page.
    b.push(small(
        "RR = risk ratio of a cramp night; p = Fisher's exact test; Holm = adjusted for the association flags together. Comparisons without a level are exploratory.",
    ));
}

fn nights_list(nights: &[chrono::NaiveDate]) -> String {
    let shown: Vec<String> = nights
        .iter()
        .take(MAX_LISTED_NIGHTS)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    let mut s = shown.join(", ");
    if nights.len() > MAX_LISTED_NIGHTS {
        s.push_str(&format!(
            " … and {} more (all in the night-by-night appendix)",
            nights.len() - MAX_LISTED_NIGHTS
        ));
    }
    s
}

fn clinician_notes(r: &Report, b: &mut Vec<Block>) {
    b.push(Block::Heading(
        "Clinician notes: every pattern check".into(),
    ));
    for f in &r.flags {
        // The clinician text carries the numbers (page 1 has them in one line).
        let mut body: Vec<Vec<Span>> = vec![vec![plain(clean(&f.clinician_text))]];
        for n in &f.evidence.notes {
            body.push(vec![bold("Note: "), plain(clean(n))]);
        }
        if !f.evidence.nights.is_empty() {
            body.push(vec![
                bold(format!("Nights behind it ({}): ", f.evidence.nights.len())),
                plain(nights_list(&f.evidence.nights)),
            ]);
        }
        if !f.sources.is_empty() {
            body.push(vec![bold("Sources: "), plain(f.sources.join("; "))]);
        }
        let tone = match f.level {
            Level::UrgentEmergency | Level::UrgentToday => Tone::Urgent,
            Level::PromptReview => Tone::Warning,
            Level::Notable | Level::Possible => Tone::Notice,
            Level::NotMet | Level::InsufficientData => Tone::Muted,
        };
        b.push(Block::Callout {
            tone,
            title: format!("{}: {}", level_label(f.level), f.title),
            body,
        });
    }
    b.push(Block::Heading("Please note".into()));
    b.push(Block::Bullets(
        r.statements
            .caveats
            .iter()
            .map(|c| vec![plain(c.clone())])
            .collect(),
    ));
    b.push(Block::Para(vec![bold(r.statements.duplex.clone())]));
    b.push(Block::Para(vec![plain(r.statements.self_reported.clone())]));
    let mut seen: Vec<&str> = Vec::new();
    for f in &r.flags {
        for s in &f.sources {
            if !seen.contains(&s.as_str()) {
                seen.push(s);
            }
        }
    }
    if !seen.is_empty() {
        b.push(Block::Heading("Sources behind the checks".into()));
        b.push(Block::Small(vec![plain(seen.join("\n"))]));
    }
}

// ---------------------------------------------------------------------------------------------
// Appendix

fn appendix(r: &Report, paper: Paper, b: &mut Vec<Block>) -> Result<()> {
    b.push(Block::Heading("Night by night".into()));
    let mut legend = String::from(
        "R = entered more than 36 h later; ! = red-flag sign. The day before: stand = hours standing, stock = compression stockings, up = minutes with legs raised. Blank = not recorded; nights not listed were not logged.",
    );
    if r.notes_redacted {
        legend.push_str(" Notes are left out of this report.");
    }
    b.push(small(legend));
    if r.nights.is_empty() {
        b.push(Block::Para(vec![plain("No nights logged in this period.")]));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = r
        .nights
        .iter()
        .map(|row| {
            let n = &row.entry;
            let mark = format!(
                "{}{}",
                if row.retrospective { "R" } else { "" },
                if row.red_flags.is_empty() { "" } else { "!" }
            );
            let mut details: Vec<String> = Vec::new();
            if !row.red_flags.is_empty() {
                details.push(format!("!! {}", row.red_flags.join(", ").replace('_', " ")));
            }
            details.extend(episodes_brief(n));
            details.extend(night_extras(n));
            let mut text = clean(&details.join("; "));
            if let Some(note) = &n.note {
                text.push_str(&format!(" — note: “{}”", clean(note)));
            }
            let cells = crate::view::NightCells::of(n);
            vec![
                n.night.format("%a %Y-%m-%d").to_string(),
                mark,
                cells.cramps,
                cells.worst,
                cells.longest,
                cells.sore,
                n.standing_h.map_or(String::new(), |h| format!("{h}h")),
                n.compression.map_or(String::new(), |c| c.id().to_string()),
                n.elevation_min.map_or(String::new(), |m| m.to_string()),
                text,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "Night",
        "",
        "Cramps",
        "Worst",
        "Longest",
        "Sore",
        "Stand",
        "Stock",
        "Up",
        "Episodes; symptoms; note",
    ]
    .map(String::from)
    .to_vec();
    let widths = fit_widths(
        paper.content_width(),
        APPENDIX_PT,
        &headers,
        &rows,
        headers.len() - 1,
    )?;
    b.push(Block::SizedTable {
        size: APPENDIX_PT,
        headers,
        rows,
        widths,
        align_right: vec![
            false, false, true, true, true, true, true, false, true, false,
        ],
    });
    Ok(())
}

/// Font size of the night-by-night appendix: one line per night where the details fit.
const APPENDIX_PT: f32 = 7.0;

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
    fn short_numbers() {
        assert_eq!(short_num(3.0), "3");
        assert_eq!(short_num(5.1875), "5.2");
        assert_eq!(short_num(0.4807), "0.48");
        assert_eq!(short_num(0.0), "0");
    }

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
