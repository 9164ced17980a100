//! `cramplog med add|stop|list`: medicines with their start and stop dates and a class tag,
//! so the report can look at cramps before and after a medicine started.

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use crate::cli::MedCommand;
use crate::error::UsageError;
use crate::model::Medication;
use crate::store::{self, Access};
use crate::vocab::MedClass;

pub fn run(sub: &MedCommand, ctx: &mut Ctx<'_>) -> Result<()> {
    match sub {
        MedCommand::Add {
            name,
            class,
            start,
            stop,
            dose,
        } => add(
            name,
            class.as_deref(),
            start,
            stop.as_deref(),
            dose.as_deref(),
            ctx,
        ),
        MedCommand::Stop { name, date } => stop_med(name, date, ctx),
        MedCommand::List(args) => list(args.json, ctx),
    }
}

/// A date option: `YYYY-MM-DD` or a phrase (`yesterday`, `3 days ago`), never in the future.
fn past_date(option: &str, text: &str, today: NaiveDate, future_hint: &str) -> Result<NaiveDate> {
    let date =
        crate::parse::night(text, today).map_err(|e| UsageError::new(format!("{option}: {e}")))?;
    if date > today {
        return Err(UsageError::new(format!(
            "{option} {date} is in the future (today is {today}); {future_hint}"
        ))
        .into());
    }
    Ok(date)
}

/// Refuses text that `import` would refuse too (control characters), naming the option.
pub(super) fn plain_line(option: &str, value: &str) -> Result<()> {
    match crate::text::problem(value, crate::text::Shape::Line) {
        Some(p) => Err(UsageError::new(format!("{option} {p}")).into()),
        None => Ok(()),
    }
}

fn clean_name(name: &str) -> Result<String> {
    plain_line("the medicine's name", name)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 200 {
        return Err(UsageError::new(
            "the medicine's name must be 1 to 200 characters, e.g. \"bendroflumethiazide\"",
        )
        .into());
    }
    Ok(name)
}

fn add(
    name: &str,
    class: Option<&str>,
    start: &str,
    stop: Option<&str>,
    dose: Option<&str>,
    ctx: &mut Ctx<'_>,
) -> Result<()> {
    let name = clean_name(name)?;
    // --class wins; else the table of common medicines; else ask for --class.
    let (class, from_table) = match class {
        Some(c) => (
            c.parse::<MedClass>()
                .map_err(|e: UsageError| UsageError::new(format!("--class: {e}")))?,
            None,
        ),
        None => match crate::medicines::class_of(&name) {
            Some((generic, c)) => (c, Some(generic)),
            None => {
                return Err(UsageError::new(format!(
                    "cramplog does not know '{name}'; add --class with one of: {} (see: cramplog med add --help)",
                    MedClass::ALL
                        .iter()
                        .map(|c| c.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .into());
            }
        },
    };
    let start = past_date(
        "--start",
        start,
        ctx.today,
        "a planned medicine can be added on the day you start it",
    )?;
    let stop = stop
        .map(|s| {
            past_date(
                "--stop",
                s,
                ctx.today,
                "record the stop once you have taken the last dose (cramplog med stop)",
            )
        })
        .transpose()?;
    if let Some(stop) = stop
        && stop < start
    {
        return Err(UsageError::new(format!(
            "--stop {stop} is before --start {start}; the last day must be on or after the first"
        ))
        .into());
    }
    if let Some(d) = dose {
        plain_line("--dose", d)?;
    }
    let dose = dose
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| !d.is_empty());
    let med = Medication {
        name,
        class,
        start,
        stop,
        dose,
    };
    let mut store = ctx.store(Access::Create)?;
    store.write(|tx| {
        if store::load_medications(tx)?
            .iter()
            .any(|m| m.start == med.start && m.name.eq_ignore_ascii_case(&med.name))
        {
            return Err(UsageError::new(format!(
                "'{}' starting {} is already in the diary (see: cramplog med list)",
                med.name, med.start
            ))
            .into());
        }
        store::insert_medication(tx, &med)
    })?;
    let until = med.stop.map(|s| format!(" to {s}")).unwrap_or_default();
    let chosen = match from_table {
        Some(generic) => format!(
            " Class: {}, from cramplog's table of common medicines ({generic}); \
             --class chooses another.",
            med.class.plain()
        ),
        None => format!(" Class: {}.", med.class.plain()),
    };
    writeln!(
        ctx.out,
        "Added {} from {}{until}.{chosen}",
        crate::text::visible(&med.name),
        med.start
    )?;
    Ok(())
}

/// The closest medicine name in the diary to a misspelt one.
fn closest<'a>(wanted: &str, names: &[&'a str]) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    names
        .iter()
        .map(|n| {
            let lower = n.to_lowercase();
            let whole = strsim::levenshtein(&wanted, &lower);
            let word = lower
                .split_whitespace()
                .map(|w| strsim::levenshtein(&wanted, w))
                .min()
                .unwrap_or(usize::MAX);
            (whole.min(word), *n)
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, n)| n)
}

fn stop_med(name: &str, date: &str, ctx: &mut Ctx<'_>) -> Result<()> {
    let name = clean_name(name)?;
    let date = past_date(
        "--date",
        date,
        ctx.today,
        "record the stop once you have taken the last dose",
    )?;
    let mut store = ctx.store(Access::Existing)?;
    let stopped = store.write(|tx| {
        let meds = store::load_medications(tx)?;
        let same: Vec<&Medication> = meds
            .iter()
            .filter(|m| m.name.eq_ignore_ascii_case(&name))
            .collect();
        if same.is_empty() {
            let mut names: Vec<&str> = meds.iter().map(|m| m.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            let hint = match closest(&name, &names) {
                Some(n) => format!("did you mean '{n}'?"),
                None if names.is_empty() => "there are no medicines in the diary yet".into(),
                None => format!("the diary has: {}", names.join(", ")),
            };
            return Err(UsageError::new(format!(
                "no medicine called '{name}' in the diary; {hint} (see: cramplog med list)"
            ))
            .into());
        }
        let Some(running) = same
            .iter()
            .filter(|m| m.stop.is_none())
            .max_by_key(|m| m.start)
        else {
            let last = same.iter().filter_map(|m| m.stop).max();
            return Err(UsageError::new(format!(
                "'{}' is already recorded as stopped{}; nothing changed",
                same[0].name,
                last.map(|d| format!(" on {d}")).unwrap_or_default()
            ))
            .into());
        };
        if date < running.start {
            return Err(UsageError::new(format!(
                "--date {date} is before '{}' started on {}; give the last day you took it",
                running.name, running.start
            ))
            .into());
        }
        store::stop_medication(tx, &running.name, date)?;
        Ok(running.name.clone())
    })?;
    writeln!(ctx.out, "Stopped {stopped} on {date}.")?;
    Ok(())
}

fn list(json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    let meds = store.read(store::load_medications)?;
    if json {
        serde_json::to_writer_pretty(&mut *ctx.out, &meds)?;
        writeln!(ctx.out)?;
        return Ok(());
    }
    if meds.is_empty() {
        writeln!(
            ctx.out,
            "No medicines in the diary. Add one with: cramplog med add NAME --start DATE"
        )?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = meds
        .iter()
        .map(|m| {
            [
                m.name.clone(),
                m.class.plain().to_string(),
                m.start.to_string(),
                m.stop.map_or("(taking)".into(), |d| d.to_string()),
                m.dose.clone().unwrap_or_default(),
            ]
        })
        .collect();
    super::write_table(ctx.out, &["name", "class", "start", "stop", "dose"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_misspelt_name_or_word() {
        let names = ["Bendroflumethiazide", "magnesium citrate"];
        assert_eq!(
            closest("bendroflumethiazid", &names),
            Some("Bendroflumethiazide")
        );
        assert_eq!(closest("magnesum", &names), Some("magnesium citrate"));
        assert_eq!(closest("aspirin", &names), None);
    }
}
