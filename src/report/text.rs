//! The terminal report: the 60-second summary first, at most 80 columns, readable with and
//! without colour (urgent flags are boxed and marked `!!`; levels are written out).

use std::io::Write;

use anyhow::Result;
use chrono::{Datelike, Duration};
use owo_colors::OwoColorize;

use super::common::{
    self, association_counts, association_rates, association_stats, cell, coverage_line,
    episodes_brief, key_rows, level_label, night_extras, sparkline, wrap,
};
use super::{Report, clean};
use crate::analysis::Level;
use crate::analysis::coverage::NightState;
use crate::analysis::wording;

/// Widest line the text report prints.
pub const WIDTH: usize = 80;

/// What a line is, for colouring.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Heading,
    Urgent,
    Review,
    Notable,
    Possible,
    Dim,
    Strong,
}

struct Out<'a> {
    w: &'a mut dyn Write,
    color: bool,
}

impl Out<'_> {
    fn line(&mut self, style: Style, s: &str) -> Result<()> {
        // Every line passes through `clean`: user text (names, notes, medication names inside
        // flag texts) can never move the cursor or change colours.
        let s = clean(s);
        let s = s.trim_end();
        if !self.color || style == Style::Plain || s.is_empty() {
            writeln!(self.w, "{s}")?;
            return Ok(());
        }
        match style {
            Style::Heading | Style::Strong => writeln!(self.w, "{}", s.bold())?,
            Style::Urgent => writeln!(self.w, "{}", s.red().bold())?,
            Style::Review => writeln!(self.w, "{}", s.yellow().bold())?,
            Style::Notable => writeln!(self.w, "{}", s.yellow())?,
            Style::Possible => writeln!(self.w, "{}", s.cyan())?,
            Style::Dim => writeln!(self.w, "{}", s.dimmed())?,
            Style::Plain => writeln!(self.w, "{s}")?,
        }
        Ok(())
    }

    fn blank(&mut self) -> Result<()> {
        writeln!(self.w)?;
        Ok(())
    }

    /// A paragraph wrapped to the width with an indent (and a hanging first prefix).
    fn para(&mut self, style: Style, first: &str, indent: usize, text: &str) -> Result<()> {
        let width = WIDTH - indent.max(first.chars().count());
        for (i, l) in wrap(text, width).iter().enumerate() {
            let prefix = if i == 0 {
                format!("{first:<indent$}")
            } else {
                " ".repeat(indent.max(first.chars().count()))
            };
            self.line(style, &format!("{prefix}{l}"))?;
        }
        Ok(())
    }

    fn heading(&mut self, title: &str) -> Result<()> {
        self.blank()?;
        let fill = WIDTH.saturating_sub(title.chars().count() + 1);
        self.line(Style::Heading, &format!("{title} {}", "─".repeat(fill)))
    }

    /// A box of wrapped paragraphs, for urgent flags.
    fn boxed(&mut self, style: Style, paras: &[String]) -> Result<()> {
        let inner = WIDTH - 4;
        self.line(style, &format!("┌{}┐", "─".repeat(WIDTH - 2)))?;
        for (i, p) in paras.iter().enumerate() {
            if i > 0 {
                self.line(style, &format!("│{}│", " ".repeat(WIDTH - 2)))?;
            }
            for l in wrap(p, inner) {
                let pad = inner - l.chars().count();
                self.line(style, &format!("│ {l}{} │", " ".repeat(pad)))?;
            }
        }
        self.line(style, &format!("└{}┘", "─".repeat(WIDTH - 2)))
    }
}

fn level_style(l: Level) -> Style {
    match l {
        Level::UrgentEmergency | Level::UrgentToday => Style::Urgent,
        Level::PromptReview => Style::Review,
        Level::Notable => Style::Notable,
        Level::Possible => Style::Possible,
        Level::NotMet | Level::InsufficientData => Style::Dim,
    }
}

/// Writes the terminal report.
pub fn render(r: &Report, w: &mut dyn Write, color: bool) -> Result<()> {
    let mut o = Out { w, color };
    header(&mut o, r)?;
    urgent(&mut o, r)?;
    key_numbers(&mut o, r)?;
    weekly(&mut o, r)?;
    calendar(&mut o, r)?;
    flags(&mut o, r)?;
    associations(&mut o, r)?;
    composite(&mut o, r)?;
    topics(&mut o, r)?;
    events(&mut o, r)?;
    caveats(&mut o, r)?;
    appendix(&mut o, r)?;
    sources(&mut o, r)?;
    if r.demo {
        o.blank()?;
        o.line(
            Style::Strong,
            "DEMO DATA: this report was made from example nights.",
        )?;
    }
    Ok(())
}

fn header(o: &mut Out<'_>, r: &Report) -> Result<()> {
    let title = "CRAMPLOG REPORT: night-time leg cramps";
    let demo = if r.demo { "DEMO DATA" } else { "" };
    let pad = WIDTH - title.chars().count() - demo.chars().count();
    o.line(Style::Heading, &"═".repeat(WIDTH))?;
    o.line(Style::Heading, &format!("{title}{}{demo}", " ".repeat(pad)))?;
    o.line(Style::Heading, &"═".repeat(WIDTH))?;
    if let Some(name) = &r.name {
        o.para(Style::Plain, "Name       ", 11, &clean(name))?;
    }
    o.line(
        Style::Plain,
        &format!(
            "Period     {} to {} ({} nights)",
            wording::day(r.period.from),
            wording::day(r.period.to),
            r.period.nights
        ),
    )?;
    o.para(
        Style::Plain,
        "Generated  ",
        11,
        &format!(
            "{} · time zone {} · cramplog {}",
            r.generated.format("%Y-%m-%d %H:%M %:z"),
            clean(&r.time_zone),
            r.program_version
        ),
    )?;
    o.para(Style::Strong, "", 0, &r.statements.self_reported)?;
    o.blank()?;
    o.para(Style::Strong, "", 0, &coverage_line(&r.coverage))
}

fn urgent(o: &mut Out<'_>, r: &Report) -> Result<()> {
    let urgent: Vec<_> = r.flags.iter().filter(|f| f.level.is_urgent()).collect();
    if urgent.is_empty() {
        return Ok(());
    }
    o.heading("!! URGENT: READ THIS FIRST")?;
    for f in urgent {
        let mut paras = vec![format!("!! {}: {}", level_label(f.level), f.title)];
        paras.extend(f.patient_text.split('\n').map(str::to_string));
        paras.push(format!("For the clinician: {}", f.clinician_text));
        o.boxed(level_style(f.level), &paras)?;
    }
    Ok(())
}

fn key_numbers(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("KEY NUMBERS")?;
    let prev = match r.previous_summary.nights_in_period {
        1 => "previous night".to_string(),
        n => format!("previous {n} nights"),
    };
    o.line(
        Style::Dim,
        &format!("{:<30}{:>16}   {:>22}", "", "this period", prev),
    )?;
    for row in key_rows(r) {
        o.line(
            Style::Plain,
            &format!(
                "{:<30}{:>16} {} {:>22}",
                row.label, row.this, row.arrow, row.previous
            ),
        )?;
    }
    o.para(Style::Dim, "", 0, &super::common::key_legend(r))
}

fn weekly(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("WEEKLY CRAMP NIGHTS")?;
    o.para(
        Style::Dim,
        "",
        0,
        &format!(
            "Cramp nights per 7 logged nights, one bar per week (▁ 0 … █ 7); {} = week not logged.",
            common::GAP
        ),
    )?;
    let spark: Vec<char> = sparkline(&r.weekly).chars().collect();
    if spark.is_empty() {
        return Ok(());
    }
    // Short series: a spaced bar per week with the value beneath; long series: 52 a row.
    if spark.len() <= 26 {
        let bars: String = spark.iter().map(|c| format!(" {c} ")).collect();
        o.line(Style::Plain, &format!("      {bars}"))?;
        let values: String = r
            .weekly
            .iter()
            .map(|w| match w.cramp_nights_per_week {
                Some(v) => format!(" {} ", wording::num(v, 0)),
                None => " ? ".to_string(),
            })
            .collect();
        o.line(Style::Dim, &format!("      {values}"))?;
        let first = r
            .weekly
            .first()
            .map(|w| w.week_start.format("%-d %b").to_string());
        let last = r
            .weekly
            .last()
            .map(|w| w.week_start.format("%-d %b").to_string());
        if let (Some(first), Some(last)) = (first, last) {
            let span = 3 * spark.len();
            let gap = span.saturating_sub(first.len() + last.len()).max(1);
            o.line(
                Style::Dim,
                &format!("      {first}{}{last}", " ".repeat(gap)),
            )?;
            o.line(
                Style::Dim,
                "      (weeks start on Monday; dates are the Mondays)",
            )?;
        }
    } else {
        for (chunk, weeks) in spark.chunks(52).zip(r.weekly.chunks(52)) {
            let label = weeks
                .first()
                .map(|w| w.week_start.format("%d %b %Y").to_string())
                .unwrap_or_default();
            o.line(
                Style::Plain,
                &format!("{label:<12} {}", chunk.iter().collect::<String>()),
            )?;
        }
    }
    Ok(())
}

fn calendar(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("NIGHT CALENDAR")?;
    o.line(
        Style::Dim,
        "█ night with cramps   · cramp-free night   ? not logged (missing)",
    )?;
    let Some(last) = r.calendar.last() else {
        return Ok(());
    };
    // One row per week, Monday first; the last 26 weeks (the weekly bars cover the rest).
    let last_monday =
        last.night - Duration::days(i64::from(last.night.weekday().num_days_from_monday()));
    let first_monday = r.calendar.first().map_or(last_monday, |c| {
        c.night - Duration::days(i64::from(c.night.weekday().num_days_from_monday()))
    });
    let first_shown = first_monday.max(last_monday - Duration::weeks(25));
    if first_shown > first_monday {
        o.para(
            Style::Dim,
            "",
            0,
            &format!(
                "Last 26 weeks shown; earlier weeks are in the weekly bars above ({} weeks in all).",
                r.weekly.len()
            ),
        )?;
    }
    o.line(
        Style::Dim,
        "Week of        Mo Tu We Th Fr Sa Su   cramp nights",
    )?;
    let mut monday = first_shown;
    while monday <= last_monday {
        let mut cells = String::new();
        let (mut cramp, mut logged) = (0, 0);
        for i in 0..7 {
            let d = monday + Duration::days(i);
            let c = r
                .calendar
                .binary_search_by_key(&d, |c| c.night)
                .ok()
                .map(|i| &r.calendar[i]);
            let ch = c.map_or(' ', |c| cell(c.state));
            if let Some(c) = c {
                cramp += u32::from(c.state == NightState::Cramp);
                logged += u32::from(matches!(c.state, NightState::Cramp | NightState::CrampFree));
            }
            cells.push_str(&format!(" {ch} "));
        }
        o.line(
            Style::Plain,
            &format!(
                "{:<14}{cells}  {}",
                monday.format("%-d %b %Y"),
                if logged == 0 {
                    "not logged".to_string()
                } else {
                    format!("{cramp} of {logged}")
                }
            ),
        )?;
        monday += Duration::weeks(1);
    }
    Ok(())
}

fn flags(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("PATTERN FLAGS (most important first)")?;
    for f in r.flags.iter().filter(|f| !f.level.is_urgent()) {
        o.blank()?;
        let label = format!("[{}] ", level_label(f.level));
        o.para(level_style(f.level), &label, 0, &f.title)?;
        match f.level {
            Level::Notable | Level::Possible => {
                o.para(Style::Plain, "  ", 2, &f.patient_text)?;
                o.para(Style::Dim, "  Clinician: ", 13, &f.clinician_text)?;
            }
            Level::InsufficientData => {
                let missing = f.missing.as_deref().unwrap_or("more nights");
                o.para(
                    Style::Dim,
                    "  ",
                    2,
                    &format!("Not enough data yet: {missing}."),
                )?;
            }
            _ => o.para(Style::Dim, "  ", 2, &f.patient_text)?,
        }
    }
    Ok(())
}

fn associations(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("ASSOCIATIONS (the day before → cramps that night)")?;
    o.para(
        Style::Dim,
        "",
        0,
        "RR = risk ratio of a cramp night; p = Fisher's exact test; Holm = adjusted for the association flags together. Comparisons without a level are exploratory.",
    )?;
    for c in &r.associations {
        o.blank()?;
        let level = c
            .level
            .map(|l| format!(" [{}]", level_label(l)))
            .unwrap_or_else(|| " [exploratory]".into());
        o.para(
            c.level.map_or(Style::Strong, level_style),
            "",
            0,
            &format!("{}{level}", c.label),
        )?;
        match &c.missing {
            Some(m) => o.para(Style::Dim, "  ", 2, &format!("Not enough data: {m}."))?,
            None => {
                o.para(
                    Style::Plain,
                    "  ",
                    2,
                    &format!("{} {}", association_counts(c), association_stats(c)),
                )?;
                o.para(Style::Dim, "  ", 2, &association_rates(c))?;
            }
        }
    }
    Ok(())
}

fn composite(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("OVERALL")?;
    let style = if r.composite.met {
        Style::Strong
    } else {
        Style::Plain
    };
    o.para(style, "» ", 2, &r.composite.line)?;
    for reason in &r.composite.reasons {
        o.para(Style::Dim, "  - ", 4, reason)?;
    }
    if r.composite.risk_factors.is_empty() {
        o.para(
            Style::Dim,
            "  ",
            2,
            "Risk factors from the profile: none recorded.",
        )?;
    } else {
        let list = r
            .composite
            .risk_factors
            .iter()
            .map(|f| f.label.clone())
            .collect::<Vec<_>>()
            .join(", ");
        o.para(
            Style::Plain,
            "  ",
            2,
            &format!("Risk factors from the profile: {list}."),
        )?;
    }
    Ok(())
}

fn topics(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("TOPICS TO DISCUSS")?;
    for t in &r.topics_to_discuss {
        o.para(Style::Plain, "  * ", 4, t)?;
    }
    Ok(())
}

fn events(o: &mut Out<'_>, r: &Report) -> Result<()> {
    if r.events.is_empty() && r.medications.is_empty() {
        return Ok(());
    }
    o.heading("EVENTS AND MEDICATIONS")?;
    for e in &r.events {
        let mut s = format!("{}  {}", e.date, e.kind);
        if let Some(l) = &e.label {
            s.push_str(&format!(": {}", clean(l)));
        }
        if let Some(side) = e.side {
            s.push_str(&format!(" ({side})"));
        }
        o.para(Style::Plain, "  ", 2, &s)?;
    }
    for m in &r.medications {
        let mut s = format!("{} ({}", clean(&m.name), m.class);
        if let Some(d) = &m.dose {
            s.push_str(&format!(", {}", clean(d)));
        }
        s.push_str(&format!(") from {}", m.start));
        if let Some(stop) = m.stop {
            s.push_str(&format!(" to {stop}"));
        }
        let mut changes = Vec::new();
        if m.started_in_period {
            changes.push("started in this period");
        }
        if m.stopped_in_period {
            changes.push("stopped in this period");
        }
        if !changes.is_empty() {
            s.push_str(&format!(" [{}]", changes.join(", ")));
        }
        o.para(Style::Plain, "  ", 2, &s)?;
    }
    Ok(())
}

fn caveats(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("PLEASE NOTE")?;
    for c in &r.statements.caveats {
        o.para(Style::Plain, "  - ", 4, c)?;
    }
    o.blank()?;
    o.para(Style::Strong, "", 0, &r.statements.duplex)?;
    o.para(Style::Plain, "", 0, &r.statements.self_reported)
}

fn appendix(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("NIGHT BY NIGHT")?;
    o.para(
        Style::Dim,
        "",
        0,
        "R = entered more than 36 h later; ! = red-flag sign. The day before: stand = hours standing, stock = compression stockings, up = minutes with legs raised. Blank = not recorded.",
    )?;
    if r.notes_redacted {
        o.line(Style::Dim, "Notes are left out of this report.")?;
    }
    o.line(
        Style::Dim,
        "Night       cramps worst longest sore stand stock   up  episodes; symptoms",
    )?;
    for row in &r.nights {
        let n = &row.entry;
        let mark = format!(
            "{}{}",
            if row.retrospective { "R" } else { "" },
            if row.red_flags.is_empty() { "" } else { "!" }
        );
        let crate::view::NightCells {
            cramps,
            worst,
            longest,
            sore,
        } = crate::view::NightCells::of(n);
        let stand = n.standing_h.map_or(String::new(), |h| format!("{h}h"));
        let stock = n.compression.map_or(String::new(), |c| c.id().to_string());
        let up = n.elevation_min.map_or(String::new(), |m| m.to_string());
        let head = format!(
            "{:<10}{:<2}{cramps:>4} {worst:>5} {longest:>7} {sore:>4} {stand:>5} {stock:>5} {up:>4}  ",
            n.night.format("%Y-%m-%d"),
            mark,
        );
        let mut details = episodes_brief(n);
        details.extend(night_extras(n));
        let details = clean(&details.join("; "));
        let first_width = WIDTH - head.chars().count();
        let lines = wrap(&details, first_width);
        o.line(
            Style::Plain,
            &format!("{head}{}", lines.first().map_or("", String::as_str)),
        )?;
        let rest = lines.get(1..).map(|l| l.join(" ")).unwrap_or_default();
        if !rest.is_empty() {
            o.para(Style::Plain, "", 12, &rest)?;
        }
        if !row.red_flags.is_empty() {
            o.para(
                Style::Urgent,
                "            !! ",
                15,
                &row.red_flags.join(", ").replace('_', " "),
            )?;
        }
        if let Some(note) = &n.note {
            o.para(
                Style::Dim,
                "            note: ",
                18,
                &format!("\"{}\"", clean(note)),
            )?;
        }
    }
    if r.nights.is_empty() {
        o.line(Style::Plain, "No nights logged in this period.")?;
    }
    Ok(())
}

fn sources(o: &mut Out<'_>, r: &Report) -> Result<()> {
    o.heading("SOURCES BEHIND THE FLAGS")?;
    let mut seen: Vec<&str> = Vec::new();
    for f in &r.flags {
        for s in &f.sources {
            if !seen.contains(&s.as_str()) {
                seen.push(s);
            }
        }
    }
    for s in seen {
        o.para(Style::Dim, "  - ", 4, s)?;
    }
    Ok(())
}
