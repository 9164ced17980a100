//! Terminal views of the diary itself: one night, the night list, and urgent advice.
//! Renderers take a writer; colour is decided by the caller and never carries meaning
//! alone (urgent advice reads the same without it).

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use owo_colors::OwoColorize;

use crate::field::{Cell, Kind, Show};
use crate::model::Period;
use crate::model::{Episode, NIGHT_FIELDS, Night, RedFlag};
use crate::parse::format_duration;
use crate::vocab::{Phase, Relief, Urgency};

/// `Fri 20 Nov 2026`.
pub fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A one-line summary: "the night of Fri 20 Nov 2026: 2 cramps (worst pain 7/10, longest
/// 2m), soreness 3/10".
pub fn summary_line(n: &Night) -> String {
    let mut out = format!("the night of {}: ", day(n.night));
    if n.episodes.is_empty() {
        out.push_str("no cramps");
    } else {
        out.push_str(&format!(
            "{} cramp{}",
            n.episodes.len(),
            if n.episodes.len() == 1 { "" } else { "s" }
        ));
        let mut bits = Vec::new();
        if let Some(p) = n.episodes.iter().filter_map(|e| e.pain).max() {
            bits.push(format!("worst pain {p}/10"));
        }
        if let Some(d) = n.episodes.iter().filter_map(|e| e.duration_s).max() {
            bits.push(format!("longest {}", format_duration(d)));
        }
        if !bits.is_empty() {
            out.push_str(&format!(" ({})", bits.join(", ")));
        }
    }
    if let Some(s) = n.soreness {
        out.push_str(&format!(", soreness {s}/10"));
    }
    out
}

/// Writes a sentence wrapped at word boundaries to the terminal's width (80 when unknown).
pub fn write_wrapped(w: &mut dyn Write, text: &str) -> Result<()> {
    for line in crate::fonts::wrap_columns(text, crate::terminal::width()) {
        writeln!(w, "{line}")?;
    }
    Ok(())
}

/// Prints each red-flag sign of the night with its advice, most urgent first, boxed so it
/// stands out with or without colour.
pub fn write_red_flag_advice(w: &mut dyn Write, n: &Night, color: bool) -> Result<()> {
    for (urgency, flag) in n.red_flags() {
        write_advice(w, urgency, flag, color)?;
    }
    Ok(())
}

/// Prints one red-flag finding and its advice (the guided entry prints it the moment the
/// sign is reported).
pub fn write_advice(w: &mut dyn Write, urgency: Urgency, flag: RedFlag, color: bool) -> Result<()> {
    let label = match urgency {
        Urgency::UrgentEmergency => "URGENT - CALL EMERGENCY SERVICES",
        Urgency::UrgentToday => "URGENT - GET MEDICAL HELP TODAY",
        Urgency::PromptReview => "TELL YOUR DOCTOR SOON",
    };
    let width = crate::terminal::width();
    for head in crate::fonts::wrap_columns(&format!("!! {label}: {}", flag.describe()), width) {
        if color {
            match urgency {
                Urgency::PromptReview => writeln!(w, "{}", head.yellow().bold())?,
                _ => writeln!(w, "{}", head.red().bold())?,
            }
        } else {
            writeln!(w, "{head}")?;
        }
    }
    for line in crate::fonts::wrap_columns(&format!("   {}", flag.advice()), width) {
        writeln!(w, "{line}")?;
    }
    Ok(())
}

/// "  1. " and the cramp in words.
fn episode_line(i: usize, e: &Episode) -> (String, String) {
    let mut bits = Vec::new();
    let place = match crate::labels::place(e.leg, e.site) {
        p if p.is_empty() => "leg not recorded".into(),
        p => p,
    };
    bits.push(place);
    if let Some(d) = e.duration_s {
        bits.push(format_duration(d));
    }
    if let Some(p) = e.pain {
        bits.push(format!("pain {p}/10"));
    }
    if let Some(t) = e.time {
        bits.push(format!("at {}", t.format("%H:%M")));
    }
    bits.push(
        match e.phase {
            Phase::WokeMe => "woke me",
            Phase::BeforeSleep => "before sleep",
            Phase::OnWaking => "on waking",
        }
        .into(),
    );
    if e.hard == Some(true) {
        bits.push("muscle hard".into());
    }
    match e.relief {
        Some(Relief::ByItself) => bits.push("went by itself".into()),
        Some(Relief::Nothing) => bits.push("nothing helped".into()),
        Some(r) => bits.push(format!("eased by {}", r.plain())),
        None => {}
    }
    if let Some(m) = e.resleep_min {
        bits.push(format!("{m} min to fall asleep again"));
    }
    (format!("  {}. ", i + 1), bits.join(", "))
}

fn yn(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A stored value in plain words: yes/no, numbers as typed, ids in the label table's words,
/// text as it can be seen; `None` when unknown.
fn cell_words(field: &str, kind: Kind, cell: Cell) -> Option<String> {
    Some(match (kind, cell) {
        (_, Cell::Null) => return None,
        (Kind::Bool, Cell::Int(i)) => yn(i != 0).to_string(),
        (_, Cell::Int(i)) => i.to_string(),
        (_, Cell::Real(v)) => v.to_string(),
        (Kind::Id, Cell::Text(t)) => crate::labels::field_value(field, &t)
            .map_or_else(|| t.replace('_', " "), str::to_string),
        (_, Cell::Text(t)) => crate::text::visible(&t).into_owned(),
    })
}

/// The lines `show` writes from several fields at once (the table's `Show::View` rows).
fn composed(id: &str, n: &Night) -> Option<(&'static str, String)> {
    match id {
        "soreness" => n.soreness.map(|s| {
            let side = n
                .soreness_side
                .map(|s| format!(" ({})", s.plain()))
                .unwrap_or_default();
            ("Soreness next morning", format!("{s}/10{side}"))
        }),
        "sleep_quality" => n.sleep_quality.map(|q| {
            let words = ["", "very poor", "poor", "fair", "good", "very good"];
            (
                "Sleep quality",
                format!("{q}/5 ({})", words.get(usize::from(q)).unwrap_or(&"")),
            )
        }),
        "bed_time" => match (n.bed_time, n.up_time) {
            (Some(b), Some(u)) => Some((
                "Bed / up",
                format!("{} / {}", b.format("%H:%M"), u.format("%H:%M")),
            )),
            (Some(b), None) => Some(("Bedtime", b.format("%H:%M").to_string())),
            (None, Some(u)) => Some(("Up at", u.format("%H:%M").to_string())),
            (None, None) => None,
        },
        "symptoms" => n.symptoms.as_ref().map(|list| {
            let words = if list.is_empty() {
                "none".to_string()
            } else {
                list.iter()
                    .map(plain_symptom)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            ("Leg symptoms that day", words)
        }),
        "urge_at_rest" => {
            let rls = [
                ("at rest", n.urge_at_rest),
                ("relieved by moving", n.urge_relieved_by_moving),
                ("worse in the evening", n.urge_worse_evening),
                ("before sleep", n.urge_before_sleep),
            ];
            rls.iter().any(|(_, v)| v.is_some()).then(|| {
                let bits: Vec<String> = rls
                    .iter()
                    .filter_map(|(k, v)| v.map(|v| format!("{k}: {}", yn(v))))
                    .collect();
                ("Urge to move", bits.join(", "))
            })
        }
        "walk_pain_at_rest" => {
            let walk = [
                ("at rest", n.walk_pain_at_rest),
                ("settles within 10 min", n.walk_pain_settles_10min),
            ];
            (walk.iter().any(|(_, v)| v.is_some()) || n.walk_pain_site.is_some()).then(|| {
                let mut bits: Vec<String> = walk
                    .iter()
                    .filter_map(|(k, v)| v.map(|v| format!("{k}: {}", yn(v))))
                    .collect();
                if let Some(s) = n.walk_pain_site {
                    bits.push(format!("site: {}", s.plain()));
                }
                ("Walking pain", bits.join(", "))
            })
        }
        "calf_cm_left" => (n.calf_cm_left.is_some() || n.calf_cm_right.is_some()).then(|| {
            let f = |v: Option<f64>| v.map_or("?".to_string(), |v| format!("{v} cm"));
            (
                "Calf (left / right)",
                format!("{} / {}", f(n.calf_cm_left), f(n.calf_cm_right)),
            )
        }),
        _ => None,
    }
}

/// The whole night, in plain words, unknown fields left out, wrapped at word boundaries to
/// `width` columns (a value's later lines start under its first word).
pub fn write_night(w: &mut dyn Write, n: &Night, width: usize) -> Result<()> {
    writeln!(w, "Night of {}", day(n.night))?;
    if n.episodes.is_empty() {
        writeln!(w, "Cramps: none (a cramp-free night)")?;
    } else {
        writeln!(w, "Cramps: {}", n.episodes.len())?;
        for (i, e) in n.episodes.iter().enumerate() {
            let (number, words) = episode_line(i, e);
            for line in crate::terminal::hanging(&number, &words, width, 5) {
                writeln!(w, "{line}")?;
            }
        }
    }
    // One line per field, in the night-field table's order (that of the CSV columns): a
    // field's own line from its `show` entry, or one the view composes from several.
    let mut rows: Vec<(&str, String)> = Vec::new();
    for spec in NIGHT_FIELDS {
        match spec.show {
            Show::Line { label, unit } => {
                if let Some(value) = cell_words(spec.id, spec.kind, (spec.get)(n)) {
                    rows.push((label, format!("{value}{unit}")));
                }
            }
            Show::View => rows.extend(composed(spec.id, n)),
            Show::No => {}
        }
    }
    let keys = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in rows {
        for line in crate::terminal::hanging(&format!("{k:<keys$}  "), &v, width, 4) {
            writeln!(w, "{line}")?;
        }
    }
    if let Some(at) = n.entered_at {
        let late = n.is_retrospective();
        let entered = format!(
            "Entered {}{}",
            at.format("%Y-%m-%d %H:%M"),
            if late {
                " (retrospective: more than 36 h after that morning)"
            } else {
                ""
            }
        );
        for line in crate::fonts::wrap_columns(&entered, width) {
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}

/// The summary cells every night table shows (list, text, Markdown, HTML and PDF appendix):
/// cramp count ("none" for a cramp-free night), worst pain, longest cramp and soreness.
pub struct NightCells {
    pub cramps: String,
    pub worst: String,
    pub longest: String,
    pub sore: String,
}

impl NightCells {
    pub fn of(n: &Night) -> NightCells {
        NightCells {
            cramps: if n.episodes.is_empty() {
                "none".to_string()
            } else {
                n.episodes.len().to_string()
            },
            worst: n
                .episodes
                .iter()
                .filter_map(|e| e.pain)
                .max()
                .map_or(String::new(), |p| format!("{p}/10")),
            longest: n
                .episodes
                .iter()
                .filter_map(|e| e.duration_s)
                .max()
                .map_or(String::new(), format_duration),
            sore: n.soreness.map_or(String::new(), |s| s.to_string()),
        }
    }
}

/// A symptom in plain words: "heavy legs (left, 6/10)".
pub fn plain_symptom(s: &crate::model::Symptom) -> String {
    crate::labels::symptom(s)
}

/// The night table: one row per night of the period, missing nights marked, fitted to
/// `width` columns: the notes wrap at word boundaries in their column, or on the lines below
/// the row when the column would be narrower than [`crate::terminal::MIN_WIDTH`].
pub fn write_list(
    w: &mut dyn Write,
    p: Period,
    nights: &[Night],
    today: NaiveDate,
    width: usize,
) -> Result<()> {
    let logged = nights.len();
    let cramp = nights.iter().filter(|n| n.had_cramp()).count();
    let head = format!(
        "{} to {}: logged {logged} of {} nights; {cramp} with cramps, {} cramp-free, {} missing",
        day(p.from),
        day(p.to),
        p.nights(),
        logged - cramp,
        p.nights() as usize - logged.min(p.nights() as usize)
    );
    for line in crate::fonts::wrap_columns(&head, width) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "{:<15} {:>6} {:>5} {:>8} {:>5}  notes",
        "night", "cramps", "worst", "longest", "sore"
    )?;
    let mut idx = 0;
    for d in p.days() {
        while idx < nights.len() && nights[idx].night < d {
            idx += 1;
        }
        let label = d.format("%a %Y-%m-%d").to_string();
        match nights.get(idx).filter(|n| n.night == d) {
            None if d >= today => {}
            None => writeln!(w, "{label:<15} {:>6}", "- missing -")?,
            Some(n) => {
                let crate::view::NightCells {
                    cramps,
                    worst,
                    longest,
                    sore,
                } = crate::view::NightCells::of(n);
                let mut notes: Vec<String> = Vec::new();
                let flags = n.red_flags();
                if !flags.is_empty() {
                    notes.push("!! red flag".into());
                }
                if let Some(list) = &n.symptoms
                    && !list.is_empty()
                {
                    notes.push(
                        list.iter()
                            .map(|s| s.id.plain())
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
                if let Some(note) = &n.note {
                    notes.push(format!("\"{}\"", crate::text::visible(&shorten(note, 30))));
                }
                let row = format!("{label:<15} {cramps:>6} {worst:>5} {longest:>8} {sore:>5}  ");
                for line in crate::terminal::hanging(&row, &notes.join("; "), width, 4) {
                    writeln!(w, "{line}")?;
                }
            }
        }
    }
    Ok(())
}

/// Cuts text to at most `max` characters on one line, after a whole word, with an ellipsis
/// (a first word longer than that is cut).
pub fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut = String::new();
    for word in one_line.split(' ') {
        let next = if cut.is_empty() {
            word.to_string()
        } else {
            format!("{cut} {word}")
        };
        if next.chars().count() + 1 > max {
            break;
        }
        cut = next;
    }
    if cut.is_empty() {
        cut = one_line.chars().take(max.saturating_sub(1)).collect();
    }
    format!("{cut}…")
}
