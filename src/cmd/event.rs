//! `cramplog event add|list|delete`: treatments and measures (compression started, a vein
//! procedure, a scan…), shown as markers in the report's charts.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::EventCommand;
use crate::error::UsageError;
use crate::model::Event;
use crate::store::{self, Access};
use crate::vocab::{DuplexResult, EventKind, Leg};

pub fn run(sub: &EventCommand, ctx: &mut Ctx<'_>) -> Result<()> {
    match sub {
        EventCommand::Add {
            date,
            kind,
            label,
            side,
            result,
        } => add(
            date,
            kind,
            label.as_deref(),
            side.as_deref(),
            result.as_deref(),
            ctx,
        ),
        EventCommand::List(args) => list(args.json, ctx),
        EventCommand::Delete { id } => delete(id, ctx),
    }
}

fn add(
    date: &str,
    kind: &str,
    label: Option<&str>,
    side: Option<&str>,
    result: Option<&str>,
    ctx: &mut Ctx<'_>,
) -> Result<()> {
    let date = crate::parse::night(date, ctx.today)?;
    if date > ctx.today {
        return Err(UsageError::new(format!(
            "the event date {date} is in the future (today is {}); add an event once it has happened",
            ctx.today
        ))
        .into());
    }
    let kind: EventKind = kind.parse()?;
    let result = result
        .map(|r| {
            r.parse::<DuplexResult>()
                .map_err(|e| UsageError::new(format!("--result: {e}")))
        })
        .transpose()?;
    if result.is_some() && kind != EventKind::DuplexScan {
        return Err(UsageError::new(format!(
            "--result belongs to a duplex_scan, not to {kind}; leave --result out, or give the kind duplex_scan"
        ))
        .into());
    }
    let side = side
        .map(|s| {
            s.parse::<Leg>()
                .map_err(|e| UsageError::new(format!("--side: {e}")))
        })
        .transpose()?;
    if let Some(l) = label {
        super::med::plain_line("--label", l)?;
    }
    let label = label
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty());
    if let Some(l) = &label
        && l.chars().count() > 200
    {
        return Err(UsageError::new("--label is too long; keep it under 200 characters").into());
    }
    let event = Event {
        id: 0,
        date,
        kind,
        label,
        side,
        result,
    };
    let mut store = ctx.store(Access::Create)?;
    let id = store.write(|tx| store::insert_event(tx, &event))?;
    writeln!(ctx.out, "Added event #{id}: {}.", describe(&event))?;
    Ok(())
}

/// `2026-10-30 started compression stockings (left leg): class 1 stockings`: plain words;
/// the ids are in `event list --json`.
fn describe(e: &Event) -> String {
    let mut s = format!("{} {}", e.date, e.kind.plain());
    if let Some(side) = e.side {
        s.push_str(&format!(" ({})", side.which_leg()));
    }
    if let Some(r) = e.result {
        s.push_str(&format!(", result: {}", r.plain()));
    }
    if let Some(l) = &e.label {
        s.push_str(&format!(": {}", crate::text::visible(l)));
    }
    s
}

/// An event with its id, for `event list --json` (the id is what `event delete` takes).
#[derive(Serialize)]
struct Listed<'a> {
    id: i64,
    #[serde(flatten)]
    event: &'a Event,
}

fn list(json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    let events = store.read(store::load_events)?;
    if json {
        let listed: Vec<Listed<'_>> = events
            .iter()
            .map(|event| Listed {
                id: event.id,
                event,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *ctx.out, &listed)?;
        writeln!(ctx.out)?;
        return Ok(());
    }
    if events.is_empty() {
        writeln!(
            ctx.out,
            "No events in the diary. Add one with: cramplog event add DATE KIND --label TEXT"
        )?;
        return Ok(());
    }
    let rows: Vec<[String; 6]> = events
        .iter()
        .map(|e| {
            [
                e.id.to_string(),
                e.date.to_string(),
                e.kind.plain().to_string(),
                e.side
                    .map(|s| s.which_leg().to_string())
                    .unwrap_or_default(),
                e.result.map(|r| r.plain().to_string()).unwrap_or_default(),
                e.label.clone().unwrap_or_default(),
            ]
        })
        .collect();
    super::write_table(
        ctx.out,
        &["id", "date", "event", "leg", "result", "label"],
        &rows,
    )
}

fn delete(id: &str, ctx: &mut Ctx<'_>) -> Result<()> {
    let id = id
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            UsageError::new(format!(
                "'{}' is not an event id; give the number shown by 'cramplog event list', e.g. cramplog event delete 2",
                crate::text::visible(id)
            ))
        })?;
    let mut store = ctx.store(Access::Existing)?;
    let removed = store.write(|tx| {
        let event = store::load_events(tx)?.into_iter().find(|e| e.id == id);
        if event.is_some() {
            store::delete_event(tx, id)?;
        }
        Ok(event)
    })?;
    match removed {
        Some(e) => writeln!(ctx.out, "Deleted event #{id}: {}.", describe(&e))?,
        None => {
            return Err(UsageError::new(format!(
                "there is no event #{id}; see the ids with 'cramplog event list'"
            ))
            .into());
        }
    }
    Ok(())
}
