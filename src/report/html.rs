//! The report as one self-contained HTML file: inline CSS and inline SVG charts, nothing that
//! loads anything (no fonts, scripts, images or links; a Content-Security-Policy of
//! `default-src 'none'` backs that up), and a print stylesheet for A4 or Letter.
//!
//! The page skeleton and the stylesheet live in `reports/report.html` and
//! `reports/report.css`, embedded at compile time. The skeleton has `{{name}}` placeholders
//! that [`fill`] replaces in a single pass over the skeleton only: text inserted for one
//! placeholder (a note that says `{{summary}}`) is never read again, so user text cannot
//! reach the filler. Every piece of text goes through [`escape`], ours included (flag texts
//! contain `<` and `≥`); user text is also isolated with `<bdi>` so right-to-left notes and
//! names cannot reorder the text around them.
//!
//! Layout (DESIGN.md section 6): the 60-second first page (header, coverage, urgent signs in
//! a red box, key numbers beside the flags at a glance, the night calendar), then the flags
//! with their evidence, the composite line, events and medication changes, topics to
//! discuss, the charts, the associations with raw counts, the clinician notes and the
//! night-by-night appendix. "DEMO DATA" is in a running header on every printed page.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

use super::charts::{self, Chart};
use super::common::{
    association_counts, association_rates, coverage_line, episodes_brief, key_rows, level_label,
    night_extras,
};
use super::{Report, clean};
use crate::analysis::Level;
use crate::analysis::associations::Comparison;
use crate::analysis::flags::Flag;
use crate::analysis::wording::{self, ci, p as fmt_p, ratio};
use crate::chart::Size;
use crate::pdf::Paper;

/// The page skeleton with `{{name}}` placeholders.
const TEMPLATE: &str = include_str!("../../reports/report.html");
/// The stylesheet (screen and print), inlined into the page.
const CSS: &str = include_str!("../../reports/report.css");

/// The title every rendering uses.
const TITLE: &str = "Night-time leg cramps: diary report";
/// The calendar on the first page: a little lower than the default, so the first page holds
/// the coverage, warning signs, key numbers, calendar and flags at a glance.
const CALENDAR_SIZE: Size = Size::new(720, 224);
/// Notes longer than this (characters) may continue on the next printed page.
const LONG_NOTE: usize = 600;
/// Said on every printed page of a demo diary's report, and at its top and bottom.
const DEMO: &str = "DEMO DATA: this report was made from example nights, not a real patient.";

/// Writes the report as one HTML document.
pub fn render(report: &Report, paper: Paper, w: &mut dyn Write) -> Result<()> {
    let html = to_html(report, paper)?;
    w.write_all(html.as_bytes())?;
    Ok(())
}

/// The whole HTML document.
pub fn to_html(r: &Report, paper: Paper) -> Result<String> {
    let title = if r.demo {
        format!("DEMO DATA · {TITLE}")
    } else {
        TITLE.to_string()
    };
    let values: [(&str, String); 15] = [
        ("version", escape(&r.program_version)),
        ("title", escape(&title)),
        ("css", CSS.to_string()),
        ("page_css", page_css(r, paper)),
        ("header", header(r)?),
        ("summary", summary(r)?),
        ("flags", flags_box(r)?),
        ("overall", overall(r)?),
        ("events", events(r)?),
        ("topics", topics(r)?),
        ("charts", charts_section(r)?),
        ("associations", associations(r)?),
        ("clinician_notes", clinician_notes(r)?),
        ("appendix", appendix(r)?),
        ("footer", footer(r)?),
    ];
    fill(TEMPLATE, &values)
}

/// Escapes text for HTML element content and quoted attribute values. Control characters
/// and bidirectional overrides are replaced first (see [`clean`]), so no text can reorder
/// the page around it.
pub fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// User text (names, notes, labels, medication names, doses): escaped and isolated, so a
/// right-to-left name cannot reorder the sentence around it.
fn user(s: &str) -> String {
    format!("<bdi>{}</bdi>", escape(s))
}

/// Replaces each `{{name}}` of `template` with its value, in one pass over the template:
/// inserted values are never scanned. An unknown or unused placeholder is an error (the
/// template and this renderer must agree).
pub fn fill(template: &str, values: &[(&str, String)]) -> Result<String> {
    let map: BTreeMap<&str, &String> = values.iter().map(|(k, v)| (*k, v)).collect();
    let mut used: Vec<&str> = Vec::new();
    let size = template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            bail!("report template: '{{{{' without '}}}}'");
        };
        let name = &after[..close];
        let Some(value) = map.get(name) else {
            bail!("report template: unknown placeholder '{name}'");
        };
        out.push_str(value);
        used.push(name);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    if let Some((k, _)) = values.iter().find(|(k, _)| !used.contains(k)) {
        bail!("report template: no placeholder for '{k}'");
    }
    Ok(out)
}

/// The `@page` rules that depend on the report: paper size, the period in the running
/// header, and "DEMO DATA" on every page of a demo diary's report (the static margins and
/// footers are in the stylesheet). Only fixed text and dates go into these CSS strings,
/// never user text.
fn page_css(r: &Report, paper: Paper) -> String {
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let mut css = format!(
        "@page {{\n  size: {size};\n  @top-left {{ content: \"cramplog report · {} – {}\"; }}\n",
        short_day(r.period.from),
        short_day(r.period.to)
    );
    if r.demo {
        css.push_str(
            "  @top-right { content: \"DEMO DATA · example nights\"; font-weight: bold; color: #b00000; }\n",
        );
    }
    css.push_str("}\n");
    css
}

/// "4 Sep – 26 Nov 2026", or "29 Nov 2016 – 26 Nov 2026" across years.
fn span(from: NaiveDate, to: NaiveDate) -> String {
    if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), short_day(to))
    } else {
        format!("{} – {}", short_day(from), short_day(to))
    }
}

/// "4 Sep 2026".
fn short_day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The badge class of a level.
fn badge_class(l: Level) -> &'static str {
    match l {
        Level::UrgentEmergency | Level::UrgentToday => "b-urgent",
        Level::PromptReview => "b-review",
        Level::Notable => "b-notable",
        Level::Possible => "b-possible",
        Level::NotMet => "b-notmet",
        Level::InsufficientData => "b-nodata",
    }
}

/// A level badge: its words (readable in greyscale) in a styled box.
fn badge(l: Level) -> String {
    format!(
        r#"<span class="badge {}">{}</span>"#,
        badge_class(l),
        escape(level_label(l))
    )
}

fn header(r: &Report) -> Result<String> {
    let mut h = String::new();
    if r.demo {
        // On screen; in print the running header says it on every page.
        writeln!(
            h,
            r#"<p class="demo-banner screen-only" role="note">{}</p>"#,
            escape(DEMO)
        )?;
    }
    writeln!(h, "<h1>{}</h1>", escape(TITLE))?;
    if let Some(name) = &r.name {
        writeln!(
            h,
            r#"<p class="patient"><span class="lbl">Name:</span> {}</p>"#,
            user(name)
        )?;
    }
    writeln!(h, r#"<dl class="doc-meta">"#)?;
    let meta = [
        (
            "Period",
            format!(
                "{} to {} ({})",
                wording::day(r.period.from),
                wording::day(r.period.to),
                wording::plural(r.period.nights, "night", "nights")
            ),
        ),
        ("Time zone", r.time_zone.clone()),
        (
            "Generated",
            r.generated.format("%Y-%m-%d %H:%M %:z").to_string(),
        ),
        (
            "Program",
            format!(
                "cramplog {}, report format {}",
                r.program_version, r.report_version
            ),
        ),
    ];
    for (k, v) in meta {
        writeln!(
            h,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(k),
            escape(&v)
        )?;
    }
    writeln!(h, "</dl>")?;
    writeln!(
        h,
        r#"<p class="self-reported">{}</p>"#,
        escape(&r.statements.self_reported)
    )?;
    Ok(h)
}

/// The 60-second page: coverage, urgent signs, key numbers, flags at a glance, calendar.
fn summary(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="coverage" id="coverage">{}</p>"#,
        escape(&coverage_line(&r.coverage))
    )?;
    urgent_box(&mut h, r)?;
    // Key numbers and the flags at a glance side by side when the page is wide enough.
    writeln!(h, r#"<div class="page1-row">"#)?;
    key_numbers(&mut h, r)?;
    at_a_glance(&mut h, r)?;
    writeln!(h, "</div>")?;
    writeln!(
        h,
        r#"<h2 id="h-calendar" class="visually-hidden">Night calendar</h2>"#
    )?;
    chart_figure(&mut h, r, Chart::Calendar, CALENDAR_SIZE)?;
    Ok(h)
}

fn urgent_box(h: &mut String, r: &Report) -> Result<()> {
    let urgent: Vec<&Flag> = r.flags.iter().filter(|f| f.level.is_urgent()).collect();
    if urgent.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        r#"<div class="urgent-box" id="urgent" role="alert"><h2>Warning signs: read this first</h2>"#
    )?;
    for f in urgent {
        writeln!(
            h,
            r#"<div class="urgent-flag" id="flag-{}">"#,
            escape(&f.id)
        )?;
        writeln!(h, "<h3>{}{}</h3>", badge(f.level), escape(&f.title))?;
        for line in f.patient_text.split('\n') {
            writeln!(h, "<p>{}</p>", escape(line))?;
        }
        writeln!(
            h,
            r#"<p class="clinician"><span class="lbl">For the clinician:</span> {}</p>"#,
            escape(&f.clinician_text)
        )?;
        writeln!(h, "</div>")?;
    }
    writeln!(h, "</div>")?;
    Ok(())
}

/// What each key number is counted over, printed under it.
fn denominator(label: &str, s: &crate::analysis::coverage::Summary) -> Option<String> {
    if s.logged == 0 {
        return None;
    }
    let n = |k: u32, one: &str, many: &str| Some(format!("n = {}", wording::plural(k, one, many)));
    match label {
        "Cramp nights per week" => {
            Some(format!("{} of {} logged nights", s.cramp_nights, s.logged))
        }
        "Cramp episodes" => Some(format!(
            "in {}",
            wording::plural(s.logged, "logged night", "logged nights")
        )),
        "Episodes per cramp night" if s.cramp_nights > 0 => Some(format!(
            "{} in {}",
            s.episodes,
            wording::plural(s.cramp_nights, "night", "nights")
        )),
        "Median duration" | "Longest cramp" if s.durations_known > 0 => {
            n(s.durations_known, "episode", "episodes")
        }
        "Mean pain" | "Worst pain" if s.pains_known > 0 => n(s.pains_known, "episode", "episodes"),
        "Mean morning soreness" if s.soreness_known > 0 => n(s.soreness_known, "night", "nights"),
        _ => None,
    }
}

fn key_numbers(h: &mut String, r: &Report) -> Result<()> {
    let (s, p) = (&r.summary, &r.previous_summary);
    let prev = match p.nights_in_period {
        1 => "Previous night".to_string(),
        n => format!("Previous {n} nights"),
    };
    writeln!(
        h,
        r#"<div class="keynum-block"><h2 id="h-key">Key numbers</h2><table class="keynum" aria-labelledby="h-key"><caption class="legend">{} — nothing to count. Small print: what the number is counted over.</caption>"#,
        escape(&super::common::key_legend(r))
    )?;
    writeln!(
        h,
        r#"<thead><tr><th scope="col"><span class="visually-hidden">Measure</span></th><th scope="col" class="num">This period<span class="sub">{}</span></th><th scope="col" class="arrow"><span class="visually-hidden">Change</span></th><th scope="col" class="num">{}<span class="sub">{}</span></th></tr></thead><tbody>"#,
        escape(&span(s.from, s.to)),
        escape(&prev),
        escape(&span(p.from, p.to)),
    )?;
    for row in key_rows(r) {
        let cell = |value: &str, den: Option<String>| {
            let sub = den
                .map(|d| format!(r#"<span class="sub">{}</span>"#, escape(&d)))
                .unwrap_or_default();
            format!("{}{sub}", escape(value))
        };
        writeln!(
            h,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="arrow">{}</td><td class="num">{}</td></tr>"#,
            escape(row.label),
            cell(&row.this, denominator(row.label, s)),
            escape(row.arrow.trim()),
            cell(&row.previous, denominator(row.label, p)),
        )?;
    }
    writeln!(h, "</tbody></table></div>")?;
    Ok(())
}

/// The flags in one glance: the urgent and met ones with their badges, the others named in
/// one line per level (their details are in the flags box).
fn at_a_glance(h: &mut String, r: &Report) -> Result<()> {
    writeln!(
        h,
        r#"<div class="glance"><h2 id="h-glance">Pattern flags at a glance</h2>"#
    )?;
    // The one-line answer to "what patterns", before the list it sums up.
    writeln!(
        h,
        r#"<p class="composite glance-composite{}">{}</p>"#,
        if r.composite.met { " met" } else { "" },
        escape(
            r.composite
                .line
                .split(". ")
                .next()
                .unwrap_or_default()
                .trim_end_matches('.')
        )
    )?;
    let shown: Vec<&Flag> = r
        .flags
        .iter()
        .filter(|f| f.level.is_met() || f.level.is_urgent())
        .collect();
    if shown.is_empty() {
        writeln!(
            h,
            "<p>{}</p>",
            escape("No pattern flag is met and no warning sign was logged in this period.")
        )?;
    } else {
        writeln!(h, r#"<ul class="at-a-glance" aria-labelledby="h-glance">"#)?;
        for f in shown {
            writeln!(h, "<li>{}{}</li>", badge(f.level), escape(&f.title))?;
        }
        writeln!(h, "</ul>")?;
    }
    for level in [Level::NotMet, Level::InsufficientData] {
        let titles: Vec<&str> = r
            .flags
            .iter()
            .filter(|f| f.level == level)
            .map(|f| f.title.as_str())
            .collect();
        if !titles.is_empty() {
            writeln!(
                h,
                r#"<p class="glance-rest">{}{}</p>"#,
                badge(level),
                escape(&format!("{}.", titles.join("; ")))
            )?;
        }
    }
    writeln!(
        h,
        r#"<p class="legend">{}</p></div>"#,
        escape("Every rule, its evidence and the nights behind it follow on the next pages.")
    )?;
    Ok(())
}

/// Counts with their denominators, remarks and the nights behind a flag.
fn evidence(h: &mut String, f: &Flag) -> Result<()> {
    let ev = &f.evidence;
    let mut items: Vec<String> = ev
        .counts
        .iter()
        .map(|c| match c.of {
            Some(of) => format!("{}: {} of {}", capitalised(&c.description), c.count, of),
            None => format!("{}: {}", capitalised(&c.description), c.count),
        })
        .collect();
    items.extend(ev.notes.iter().map(|n| capitalised(n)));
    if !items.is_empty() {
        writeln!(h, r#"<ul class="evidence">"#)?;
        for i in items {
            writeln!(h, "<li>{}</li>", escape(&i))?;
        }
        writeln!(h, "</ul>")?;
    }
    if !ev.nights.is_empty() {
        writeln!(
            h,
            r#"<p class="nights"><span class="lbl">{}:</span> {}</p>"#,
            escape(&format!("Nights behind this flag ({})", ev.nights.len())),
            escape(&nights_list(&ev.nights))
        )?;
    }
    Ok(())
}

/// "Sep 2026: 7, 8, 10; Oct 2026: 1, 5".
fn nights_list(nights: &[NaiveDate]) -> String {
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

fn flags_box(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="legend">Every rule is listed once, most important first. Urgent warning signs are on the first page. Levels: NOTABLE = met and survives correction for multiple comparisons; POSSIBLE = met before correction; not met; not enough data.</p>"#
    )?;
    writeln!(h, r#"<div class="flags-box">"#)?;
    for f in r.flags.iter().filter(|f| !f.level.is_urgent()) {
        let quiet = !f.level.is_met();
        writeln!(
            h,
            r#"<article class="flag{}" id="flag-{}">"#,
            if quiet { " quiet" } else { "" },
            escape(&f.id)
        )?;
        writeln!(h, "<h3>{}{}</h3>", badge(f.level), escape(&f.title))?;
        if f.level == Level::InsufficientData {
            let missing = f.missing.as_deref().unwrap_or("more nights");
            writeln!(
                h,
                "<p>{}</p>",
                escape(&format!("Not enough data yet: {missing}."))
            )?;
        } else {
            for line in f.patient_text.split('\n') {
                writeln!(h, "<p>{}</p>", escape(line))?;
            }
        }
        writeln!(
            h,
            r#"<p class="clinician"><span class="lbl">For the clinician:</span> {}</p>"#,
            escape(&f.clinician_text)
        )?;
        if !quiet {
            evidence(&mut h, f)?;
        }
        writeln!(h, "</article>")?;
    }
    writeln!(h, "</div>")?;
    Ok(h)
}

fn overall(r: &Report) -> Result<String> {
    let mut h = String::new();
    let c = &r.composite;
    writeln!(
        h,
        r#"<p class="composite{}">{}</p>"#,
        if c.met { " met" } else { "" },
        escape(&c.line)
    )?;
    if !c.reasons.is_empty() {
        writeln!(h, "<ul>")?;
        for reason in &c.reasons {
            writeln!(h, "<li>{}</li>", escape(reason))?;
        }
        writeln!(h, "</ul>")?;
    }
    let factors = if c.risk_factors.is_empty() {
        "none recorded".to_string()
    } else {
        c.risk_factors
            .iter()
            .map(|f| f.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        h,
        "<p>{}</p>",
        escape(&format!("Risk factors from the profile: {factors}."))
    )?;
    Ok(h)
}

fn events(r: &Report) -> Result<String> {
    let mut h = String::new();
    // (date, order, what, details) in date order.
    let mut rows: Vec<(NaiveDate, u8, String, String)> = Vec::new();
    for e in &r.events {
        let mut details = e.label.as_deref().map(user).unwrap_or_default();
        if let Some(side) = e.side {
            if !details.is_empty() {
                details.push(' ');
            }
            details.push_str(&escape(&format!("({side})")));
        }
        rows.push((e.date, 0, escape(&e.kind.id().replace('_', " ")), details));
    }
    let med_details = |m: &super::MedicationRow| {
        let mut d = escape(&m.class.id().replace('_', " "));
        if let Some(dose) = &m.dose {
            d.push_str(", ");
            d.push_str(&user(dose));
        }
        if m.linked_to_cramps {
            d.push_str(&escape(" (a class linked to cramps)"));
        }
        d
    };
    for m in &r.medications {
        if m.started_in_period {
            rows.push((
                m.start,
                1,
                format!("{} {}", escape("Started"), user(&m.name)),
                med_details(m),
            ));
        }
        if let Some(stop) = m.stop.filter(|_| m.stopped_in_period) {
            rows.push((
                stop,
                2,
                format!("{} {}", escape("Stopped"), user(&m.name)),
                med_details(m),
            ));
        }
    }
    rows.sort_by_key(|a| (a.0, a.1));
    if rows.is_empty() {
        writeln!(
            h,
            "<p>{}</p>",
            escape("No events or medication changes recorded in this period.")
        )?;
    } else {
        writeln!(
            h,
            r#"<table class="events"><thead><tr><th scope="col">Date</th><th scope="col">Event or change</th><th scope="col">Details</th></tr></thead><tbody>"#
        )?;
        for (date, _, what, details) in rows {
            writeln!(
                h,
                r#"<tr><th scope="row" class="num">{}</th><td>{what}</td><td>{details}</td></tr>"#,
                escape(&wording::day(date))
            )?;
        }
        writeln!(h, "</tbody></table>")?;
    }
    let steady: Vec<&super::MedicationRow> = r
        .medications
        .iter()
        .filter(|m| !m.started_in_period && !m.stopped_in_period)
        .collect();
    if !steady.is_empty() {
        writeln!(h, "<p>{}</p><ul>", escape("Taken throughout the period:"))?;
        for m in steady {
            writeln!(
                h,
                "<li>{} ({}), {}</li>",
                user(&m.name),
                med_details(m),
                escape(&format!("since {}", wording::day(m.start)))
            )?;
        }
        writeln!(h, "</ul>")?;
    }
    Ok(h)
}

fn topics(r: &Report) -> Result<String> {
    let mut h = String::new();
    if r.topics_to_discuss.is_empty() {
        writeln!(
            h,
            "<p>{}</p>",
            escape("No particular topics from the diary.")
        )?;
        return Ok(h);
    }
    writeln!(h, r#"<ul class="topics">"#)?;
    for t in &r.topics_to_discuss {
        writeln!(h, "<li>{}</li>", escape(t))?;
    }
    writeln!(h, "</ul>")?;
    Ok(h)
}

/// One chart as an inline SVG figure. The SVG namespace attribute is dropped (HTML puts
/// inline `<svg>` in it anyway), so the page holds no URL at all.
fn chart_figure(h: &mut String, r: &Report, which: Chart, size: Size) -> Result<()> {
    let svg = charts::svg(r, which, size)?;
    let svg = svg.replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1);
    writeln!(
        h,
        r#"<figure class="chart" id="chart-{}">{}</figure>"#,
        which.id(),
        svg.trim_end()
    )?;
    Ok(())
}

fn charts_section(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="legend">{}</p>"#,
        escape(
            "Drawn from the numbers of this report. Missing nights and weeks are gaps or hatched, never zero. The night calendar is on the first page."
        )
    )?;
    for c in Chart::ALL.iter().filter(|c| **c != Chart::Calendar) {
        chart_figure(&mut h, r, *c, c.default_size())?;
    }
    Ok(h)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn associations(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="legend">{}</p>"#,
        escape(
            "RR = risk ratio of a cramp night; p = Fisher's exact test; Holm = adjusted for the association flags together. Comparisons without a level are exploratory."
        )
    )?;
    if r.associations.is_empty() {
        writeln!(h, "<p>{}</p>", escape("No comparisons in this period."))?;
        return Ok(h);
    }
    writeln!(
        h,
        r#"<table class="assoc"><thead><tr><th scope="col">The day before</th><th scope="col">Cramp nights (raw counts) and episodes</th><th scope="col" class="num">RR (95% CI)</th><th scope="col" class="num">p</th><th scope="col" class="num">Holm p</th></tr></thead><tbody>"#
    )?;
    for c in &r.associations {
        let level = match c.level {
            Some(l) => badge(l),
            None => format!(
                r#"<span class="badge b-explore">{}</span>"#,
                escape("exploratory")
            ),
        };
        write!(
            h,
            r#"<tr><th scope="row">{}<span class="sub">{level}</span></th>"#,
            escape(&c.label)
        )?;
        match &c.missing {
            Some(m) => writeln!(
                h,
                r#"<td colspan="4">{}</td></tr>"#,
                escape(&format!("Not enough data: {m}."))
            )?,
            None => writeln!(
                h,
                r#"<td>{}<span class="sub">{}</span></td><td class="num">{}<span class="sub">{}</span></td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                escape(&capitalised(&association_counts(c))),
                escape(&capitalised(&association_rates(c))),
                escape(&ratio(c.risk_ratio)),
                escape(&ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high)),
                escape(&bare_p(c.fisher_p)),
                escape(&holm(c)),
            )?,
        }
    }
    writeln!(h, "</tbody></table>")?;
    Ok(h)
}

/// "0.02", "< 0.001", "—" (the column says it is a p).
fn bare_p(p: Option<f64>) -> String {
    let s = fmt_p(p);
    s.strip_prefix("p = ")
        .or_else(|| s.strip_prefix("p "))
        .unwrap_or(&s)
        .to_string()
}

fn holm(c: &Comparison) -> String {
    match c.fisher_p_holm {
        Some(v) => bare_p(Some(v)),
        None => "—".to_string(),
    }
}

fn clinician_notes(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="duplex">{}</p>"#,
        escape(&r.statements.duplex)
    )?;
    writeln!(h, "<p>{}</p>", escape(&r.statements.self_reported))?;
    writeln!(h, "<h3>{}</h3><ul>", escape("Please note"))?;
    for c in &r.statements.caveats {
        writeln!(h, "<li>{}</li>", escape(c))?;
    }
    writeln!(h, "</ul>")?;
    let mut seen: Vec<&str> = Vec::new();
    for f in &r.flags {
        for s in &f.sources {
            if !seen.contains(&s.as_str()) {
                seen.push(s);
            }
        }
    }
    writeln!(
        h,
        r#"<h3>{}</h3><ol class="sources">"#,
        escape("Sources behind the flags")
    )?;
    for s in seen {
        writeln!(h, "<li>{}</li>", escape(s))?;
    }
    writeln!(h, "</ol>")?;
    Ok(h)
}

fn appendix(r: &Report) -> Result<String> {
    let mut h = String::new();
    writeln!(
        h,
        r#"<p class="legend">{}</p>"#,
        escape(&format!(
            "One row per logged night ({} logged, {} missing: nights not logged are not listed; see the calendar). \"entered late\" = entered more than 36 h after the night. The day before: standing = hours standing, stockings = compression stockings, raised = minutes with legs raised. Blank = not recorded.",
            r.coverage.logged, r.coverage.missing
        ))
    )?;
    if r.notes_redacted {
        writeln!(h, "<p>{}</p>", escape("Notes are left out of this report."))?;
    }
    if r.nights.is_empty() {
        writeln!(h, "<p>{}</p>", escape("No nights logged in this period."))?;
        return Ok(h);
    }
    writeln!(
        h,
        r#"<table class="appendix"><colgroup><col style="width:14%"><col style="width:7%"><col style="width:6%"><col style="width:8%"><col style="width:6%"><col style="width:8%"><col style="width:9%"><col style="width:7%"><col></colgroup>"#
    )?;
    writeln!(
        h,
        r#"<thead><tr><th scope="col">Night</th><th scope="col" class="num">Cramps</th><th scope="col" class="num">Worst pain</th><th scope="col" class="num">Longest</th><th scope="col" class="num">Sore&shy;ness</th><th scope="col" class="num">Standing</th><th scope="col">Stockings</th><th scope="col" class="num">Raised</th><th scope="col">Episodes; symptoms and the day before</th></tr></thead>"#
    )?;
    for row in &r.nights {
        let n = &row.entry;
        let mut marks = String::new();
        if row.retrospective {
            marks.push_str(&format!(
                r#" <span class="badge b-late">{}</span>"#,
                escape("entered late")
            ));
        }
        if !row.red_flags.is_empty() {
            marks.push_str(&format!(
                r#" <span class="badge b-sign">{}</span>"#,
                escape("warning sign")
            ));
        }
        let crate::view::NightCells {
            cramps,
            worst,
            longest,
            sore,
        } = crate::view::NightCells::of(n);
        let stand = n.standing_h.map_or(String::new(), |v| format!("{v} h"));
        let stock = n.compression.map_or(String::new(), |c| c.id().to_string());
        let up = n
            .elevation_min
            .map_or(String::new(), |m| format!("{m} min"));
        let mut details = episodes_brief(n);
        details.extend(night_extras(n));
        // A night stays on one page, unless its note is too long to (then it continues).
        let long = n
            .note
            .as_ref()
            .is_some_and(|t| t.chars().count() > LONG_NOTE);
        writeln!(
            h,
            r#"<tbody{}><tr><th scope="row">{}{marks}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            if long { r#" class="long""# } else { "" },
            escape(&n.night.format("%a %Y-%m-%d").to_string()),
            escape(&cramps),
            escape(&worst),
            escape(&longest),
            escape(&sore),
            escape(&stand),
            escape(&stock),
            escape(&up),
            escape(&details.join("; ")),
        )?;
        if !row.red_flags.is_empty() {
            writeln!(
                h,
                r#"<tr class="sign-row"><td colspan="9">{}</td></tr>"#,
                escape(&format!(
                    "Warning sign logged: {}",
                    row.red_flags.join(", ").replace('_', " ")
                ))
            )?;
        }
        if let Some(note) = &n.note {
            writeln!(
                h,
                r#"<tr class="note-row"><td colspan="9"><span class="lbl">{}</span> <bdi class="note-text">{}</bdi></td></tr>"#,
                escape("Note:"),
                escape(note)
            )?;
        }
        writeln!(h, "</tbody>")?;
    }
    writeln!(h, "</table>")?;
    Ok(h)
}

fn footer(r: &Report) -> Result<String> {
    let mut h = String::new();
    if r.demo {
        writeln!(
            h,
            r#"<p class="demo-banner" role="note">{}</p>"#,
            escape(DEMO)
        )?;
    }
    writeln!(
        h,
        "<p>{}</p>",
        escape(&format!(
            "Made by cramplog {} on {} from the patient's own diary. {} {}",
            r.program_version,
            r.generated.format("%Y-%m-%d"),
            r.statements.self_reported,
            r.statements.duplex
        ))
    )?;
    Ok(h)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::analysis::Input;
    use crate::model::Period;
    use crate::report::Meta;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    /// The demo diary's report (the same nights `cramplog demo` writes).
    fn demo_report(demo: bool, name: Option<&str>) -> Report {
        let d = crate::demo::demo_diary(today());
        let profile: BTreeMap<String, String> = d.profile.to_stored().into_iter().collect();
        let input = Input {
            nights: &d.nights,
            profile: &profile,
            medications: &d.medications,
            events: &d.events,
            period: Period {
                from: today() - Duration::days(84),
                to: today() - Duration::days(1),
            },
            today: today(),
        };
        Report::build(
            &input,
            Meta {
                generated: today()
                    .and_hms_opt(8, 0, 0)
                    .unwrap()
                    .and_utc()
                    .fixed_offset(),
                time_zone: "Europe/London".into(),
                program_version: "test".into(),
                demo,
                name: name.map(str::to_string),
                redact_notes: false,
            },
        )
    }

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        // Control characters and bidi overrides cannot reach the page.
        assert_eq!(escape("a\u{0}b\u{202E}c\nd"), "a b c d");
        assert_eq!(escape("≥ 4 h ✓ مرحبا"), "≥ 4 h ✓ مرحبا");
        assert_eq!(user("<x>"), "<bdi>&lt;x&gt;</bdi>");
    }

    #[test]
    fn fill_is_one_pass_over_the_template_only() {
        let out = fill(
            "<p>{{a}}</p><p>{{b}}</p>",
            &[("a", "{{b}}".to_string()), ("b", "B".to_string())],
        )
        .unwrap();
        assert_eq!(out, "<p>{{b}}</p><p>B</p>");
        let e = fill("{{a}} {{zz}}", &[("a", String::new())]).unwrap_err();
        assert!(e.to_string().contains("unknown placeholder 'zz'"), "{e}");
        let e = fill("{{a}}", &[("a", String::new()), ("b", String::new())]).unwrap_err();
        assert!(e.to_string().contains("no placeholder for 'b'"), "{e}");
        assert!(fill("{{a", &[]).is_err());
    }

    #[test]
    fn the_template_and_the_renderer_agree() {
        let html = to_html(&demo_report(false, None), Paper::A4).unwrap();
        assert!(!html.contains("{{"), "an unfilled placeholder");
        assert!(html.contains(CSS.trim()));
        assert!(html.contains("size: A4;"));
        let letter = to_html(&demo_report(false, None), Paper::Letter).unwrap();
        assert!(letter.contains("size: letter;"));
    }

    #[test]
    fn every_section_and_chart_is_there_in_report_order() {
        let r = demo_report(true, Some("Ada <Lovelace>"));
        let html = to_html(&r, Paper::A4).unwrap();
        let mut last = 0;
        for needle in [
            "DEMO DATA: this report",
            "<h1>",
            "<bdi>Ada &lt;Lovelace&gt;</bdi>",
            "Time zone",
            "Generated",
            "cramplog test, report format 1",
            &escape(&r.statements.self_reported),
            r#"id="coverage""#,
            r#"id="urgent""#,
            r#"id="h-key""#,
            r#"id="h-glance""#,
            r#"id="chart-calendar""#,
            r#"id="flags""#,
            r#"id="overall""#,
            r#"id="events""#,
            r#"id="topics""#,
            r#"id="charts""#,
            r#"id="chart-weekly""#,
            r#"id="chart-time-of-night""#,
            r#"id="chart-duration-pain""#,
            r#"id="chart-leg-site""#,
            r#"id="chart-cosymptoms""#,
            r#"id="associations""#,
            r#"id="clinician-notes""#,
            &escape(&r.statements.duplex),
            r#"id="appendix""#,
        ] {
            let at = html[last..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} missing or out of order"));
            last += at;
        }
        for f in &r.flags {
            assert!(html.contains(&escape(&f.title)), "{}", f.title);
        }
        // The key numbers carry their denominators.
        let per_week = format!(
            "{} of {} logged nights",
            r.coverage.cramp_nights, r.coverage.logged
        );
        assert!(html.contains(&per_week), "{per_week}");
        assert!(html.contains(&format!("n = {} episodes", r.summary.episodes)));
        // The charts are inline, without the namespace URL.
        assert_eq!(html.matches("<svg ").count(), 6);
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn badges_carry_words_and_distinct_styles() {
        let levels = [
            Level::UrgentEmergency,
            Level::UrgentToday,
            Level::PromptReview,
            Level::Notable,
            Level::Possible,
            Level::NotMet,
            Level::InsufficientData,
        ];
        for l in levels {
            let b = badge(l);
            assert!(b.contains(&escape(level_label(l))), "{b}");
            assert!(CSS.contains(&format!(".{}", badge_class(l))), "{b}");
        }
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
    fn the_stylesheet_prints_well() {
        for rule in [
            "overflow-wrap: anywhere",
            "break-inside: avoid",
            "@media print",
            "@page",
            "counter(pages)",
            "sans-serif",
        ] {
            assert!(CSS.contains(rule), "{rule}");
        }
        // No web fonts, imports or system-ui (it may differ between machines).
        for bad in ["@import", "@font-face", "url(", "system-ui"] {
            assert!(!CSS.contains(bad), "{bad}");
        }
    }
}
