//! The report as Markdown (CommonMark with GitHub tables). User text is escaped.

use std::io::Write;

use anyhow::Result;
use chrono::{Datelike, Duration};

use super::common::{
    association_counts, association_rates, association_stats, cell, coverage_line, key_rows,
    level_label, night_details, sparkline,
};
use super::{Report, clean};
use crate::analysis::Level;
use crate::analysis::wording;

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
    let demo = if r.demo { " — DEMO DATA" } else { "" };
    writeln!(w, "# Night-time leg cramps: diary report{demo}\n")?;
    if r.demo {
        writeln!(
            w,
            "> **DEMO DATA**: this report was made from example nights.\n"
        )?;
    }
    if let Some(name) = &r.name {
        writeln!(w, "**Name:** {}  ", escape(name))?;
    }
    writeln!(
        w,
        "**Period:** {} to {} ({} nights)  ",
        wording::day(r.period.from),
        wording::day(r.period.to),
        r.period.nights
    )?;
    writeln!(
        w,
        "**Generated:** {} · time zone {} · cramplog {}  ",
        r.generated.format("%Y-%m-%d %H:%M %:z"),
        escape(&r.time_zone),
        r.program_version
    )?;
    writeln!(w, "**{}**\n", r.statements.self_reported)?;
    writeln!(w, "{}\n", coverage_line(&r.coverage))?;

    let urgent: Vec<_> = r.flags.iter().filter(|f| f.level.is_urgent()).collect();
    if !urgent.is_empty() {
        writeln!(w, "## ⚠ Urgent: read this first\n")?;
        for f in urgent {
            writeln!(
                w,
                "> **!! {}: {}**  ",
                level_label(f.level),
                escape(&f.title)
            )?;
            for l in f.patient_text.split('\n') {
                writeln!(w, "> {}  ", escape(l))?;
            }
            writeln!(
                w,
                ">\n> *For the clinician:* {}\n",
                escape(&f.clinician_text)
            )?;
        }
    }

    writeln!(w, "## Key numbers\n")?;
    writeln!(
        w,
        "| | this period | | {} |",
        match r.previous_summary.nights_in_period {
            1 => "previous night".to_string(),
            n => format!("previous {n} nights"),
        }
    )?;
    writeln!(w, "|---|---:|:-:|---:|")?;
    for row in key_rows(r) {
        writeln!(
            w,
            "| {} | {} | {} | {} |",
            row.label, row.this, row.arrow, row.previous
        )?;
    }
    writeln!(w, "\n{}\n", super::common::key_legend(r))?;

    writeln!(w, "## Weekly cramp nights\n")?;
    writeln!(
        w,
        "Cramp nights per 7 logged nights, one bar per week from the week of {} (▁ 0 … █ 7; ? = week not logged):\n",
        r.weekly
            .first()
            .map_or(String::new(), |x| x.week_start.to_string())
    )?;
    writeln!(w, "```text\n{}\n```\n", sparkline(&r.weekly))?;
    writeln!(
        w,
        "| week of | nights | logged | cramp nights | episodes | per 7 logged nights |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|")?;
    for wk in &r.weekly {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} |",
            wk.week_start,
            wk.nights_in_week,
            wk.logged,
            if wk.is_missing {
                "—".into()
            } else {
                wk.cramp_nights.to_string()
            },
            if wk.is_missing {
                "—".into()
            } else {
                wk.episodes.to_string()
            },
            wk.cramp_nights_per_week
                .map_or("not logged".into(), |v| wording::num(v, 1))
        )?;
    }

    writeln!(w, "\n## Night calendar\n")?;
    writeln!(
        w,
        "`█` night with cramps · `·` cramp-free night · `?` not logged (missing)\n"
    )?;
    writeln!(w, "```text\nWeek of        Mo Tu We Th Fr Sa Su")?;
    if let (Some(first), Some(last)) = (r.calendar.first(), r.calendar.last()) {
        let monday = |d: chrono::NaiveDate| {
            d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
        };
        let mut m = monday(first.night);
        while m <= last.night {
            let mut cells = String::new();
            for i in 0..7 {
                let d = m + Duration::days(i);
                let ch = r
                    .calendar
                    .binary_search_by_key(&d, |c| c.night)
                    .ok()
                    .map_or(' ', |i| cell(r.calendar[i].state));
                cells.push_str(&format!(" {ch} "));
            }
            writeln!(w, "{:<14}{}", m.format("%-d %b %Y"), cells.trim_end())?;
            m += Duration::weeks(1);
        }
    }
    writeln!(w, "```\n")?;

    writeln!(w, "## Pattern flags\n")?;
    for f in &r.flags {
        writeln!(w, "### {} — {}\n", escape(&f.title), level_label(f.level))?;
        if f.level == Level::InsufficientData {
            writeln!(
                w,
                "Not enough data yet: {}.\n",
                escape(f.missing.as_deref().unwrap_or("more nights"))
            )?;
        } else {
            for l in f.patient_text.split('\n') {
                writeln!(w, "{}  ", escape(l))?;
            }
            writeln!(w)?;
        }
        writeln!(w, "*For the clinician:* {}\n", escape(&f.clinician_text))?;
        if !f.evidence.nights.is_empty() {
            let list: Vec<String> = f.evidence.nights.iter().map(|d| d.to_string()).collect();
            writeln!(w, "*Nights:* {}\n", list.join(", "))?;
        }
        if !f.sources.is_empty() {
            writeln!(w, "*Sources:* {}\n", escape(&f.sources.join("; ")))?;
        }
    }

    writeln!(w, "## Associations (the day before → cramps that night)\n")?;
    writeln!(
        w,
        "RR = risk ratio of a cramp night; p = Fisher's exact test; Holm = adjusted for the association flags together. Comparisons without a level are exploratory.\n"
    )?;
    for c in &r.associations {
        let level = c
            .level
            .map_or("exploratory".to_string(), |l| level_label(l).to_string());
        match &c.missing {
            Some(m) => writeln!(w, "- **{}** ({level}): not enough data: {m}.", c.label)?,
            None => writeln!(
                w,
                "- **{}** ({level}): {} {}; {}.",
                c.label,
                association_counts(c),
                association_stats(c),
                association_rates(c)
            )?,
        }
    }

    writeln!(w, "\n## Overall\n")?;
    writeln!(
        w,
        "{}{}{}\n",
        if r.composite.met { "**" } else { "" },
        r.composite.line,
        if r.composite.met { "**" } else { "" }
    )?;
    for reason in &r.composite.reasons {
        writeln!(w, "- {reason}")?;
    }
    let rf: Vec<String> = r
        .composite
        .risk_factors
        .iter()
        .map(|f| f.label.clone())
        .collect();
    writeln!(
        w,
        "\nRisk factors from the profile: {}.\n",
        if rf.is_empty() {
            "none recorded".to_string()
        } else {
            rf.join(", ")
        }
    )?;

    writeln!(w, "## Topics to discuss\n")?;
    for t in &r.topics_to_discuss {
        writeln!(w, "- {t}")?;
    }

    if !r.events.is_empty() || !r.medications.is_empty() {
        writeln!(w, "\n## Events and medications\n")?;
        for e in &r.events {
            writeln!(
                w,
                "- {} {}{}{}",
                e.date,
                e.kind,
                e.label
                    .as_deref()
                    .map(|l| format!(": {}", escape(l)))
                    .unwrap_or_default(),
                e.side.map(|s| format!(" ({s})")).unwrap_or_default()
            )?;
        }
        for m in &r.medications {
            writeln!(
                w,
                "- {} ({}{}) from {}{}{}{}",
                escape(&m.name),
                m.class,
                m.dose
                    .as_deref()
                    .map(|d| format!(", {}", escape(d)))
                    .unwrap_or_default(),
                m.start,
                m.stop.map(|s| format!(" to {s}")).unwrap_or_default(),
                if m.started_in_period {
                    " — started in this period"
                } else {
                    ""
                },
                if m.stopped_in_period {
                    " — stopped in this period"
                } else {
                    ""
                },
            )?;
        }
    }

    writeln!(w, "\n## Please note\n")?;
    for c in &r.statements.caveats {
        writeln!(w, "- {c}")?;
    }
    writeln!(w, "\n**{}**\n", r.statements.duplex)?;

    writeln!(w, "## Night by night\n")?;
    if r.notes_redacted {
        writeln!(w, "Notes are left out of this report.\n")?;
    }
    writeln!(
        w,
        "| night | late | cramps | worst | longest | soreness | details | note |"
    )?;
    writeln!(w, "|---|:-:|---:|---:|---:|---:|---|---|")?;
    for row in &r.nights {
        let n = &row.entry;
        let cells = crate::view::NightCells::of(n);
        let mut details = escape(&night_details(n));
        if !row.red_flags.is_empty() {
            details = format!("**!! {}** {details}", escape(&row.red_flags.join(", ")));
        }
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            n.night.format("%a %Y-%m-%d"),
            if row.retrospective { "R" } else { "" },
            cells.cramps,
            cells.worst,
            cells.longest,
            cells.sore,
            details,
            n.note.as_deref().map(escape).unwrap_or_default()
        )?;
    }
    if r.demo {
        writeln!(
            w,
            "\n**DEMO DATA**: this report was made from example nights."
        )?;
    }
    Ok(())
}
