//! `cramplog trial start|show|stop|list`: randomised self-experiments of one self-care
//! measure, one at a time (docs/design.md section 11).

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::Ctx;
use crate::analysis::trial::{TrialAnalysis, analyse};
use crate::analysis::wording::day;
use crate::cli::{TrialCommand, TrialStartArgs};
use crate::error::UsageError;
use crate::model::Night;
use crate::store::{self, Access, NightRange};
use crate::trial::{
    self, DEFAULT_NIGHTS, DEFAULT_PAIRS, DEFAULT_WASHOUT, MAX_NIGHTS, MAX_PAIRS, MIN_ANALYSED,
    PAIRS_FOR_SIGNIFICANCE, Trial, words,
};
use crate::view;
use crate::vocab::{SymptomId, TrialKind};

/// Printed before anything is stored (section 11: safety first).
pub const COMPRESSION_CAUTION: &str = "Caution: if your stockings were prescribed for a venous condition, agree the nights without them with your clinician before you start.";

/// How far back an open sore blocks a compression trial.
const OPEN_SORE_WEEKS: i64 = 12;

pub fn run(command: &TrialCommand, ctx: &mut Ctx<'_>) -> Result<()> {
    match command {
        TrialCommand::Start(args) => start(args, ctx),
        TrialCommand::Show(args) => show(args.json, ctx),
        TrialCommand::Stop { date, json } => stop(date.as_deref(), *json, ctx),
        TrialCommand::List(args) => list(args.json, ctx),
    }
}

/// A night phrase that may also be tonight (`today`, `tonight`).
fn night_or_tonight(phrase: &str, today: NaiveDate) -> Result<NaiveDate> {
    match crate::vocab::normalise(phrase).as_str() {
        "today" | "tonight" => Ok(today),
        _ => Ok(crate::parse::night(phrase, today)?),
    }
}

fn start(args: &TrialStartArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let kind: TrialKind = args.kind.parse()?;
    // Said before anything is stored; on stdout unless that is JSON, so that a refusal
    // below stays the one line on stderr.
    let notes: &mut dyn std::io::Write = if args.json { ctx.err } else { ctx.out };
    if kind == TrialKind::Compression {
        view::write_wrapped(notes, COMPRESSION_CAUTION)?;
    }
    let pairs = args.pairs.unwrap_or(DEFAULT_PAIRS);
    let nights = args.nights.unwrap_or(DEFAULT_NIGHTS);
    let washout = args.washout.unwrap_or(DEFAULT_WASHOUT);
    if !(1..=MAX_PAIRS).contains(&pairs) {
        crate::invalid!("--pairs {pairs} is out of range; choose 1 to {MAX_PAIRS} (5 is usual)");
    }
    if !(MIN_ANALYSED..=MAX_NIGHTS).contains(&nights) {
        crate::invalid!(
            "--nights {nights} is out of range; choose {MIN_ANALYSED} to {MAX_NIGHTS} nights per period (7 is usual)"
        );
    }
    if washout + MIN_ANALYSED > nights {
        crate::invalid!(
            "--washout {washout} leaves fewer than {MIN_ANALYSED} counted nights in each {nights}-night period; choose --washout {} or less, or longer --nights",
            nights - MIN_ANALYSED
        );
    }
    let from = match &args.from {
        Some(s) => night_or_tonight(s, ctx.today)?,
        None => ctx.today,
    };
    if from < ctx.today {
        crate::invalid!(
            "--from {from} has passed; the plan must be drawn before its nights, so start tonight ({}) or later",
            ctx.today
        );
    }
    let mut store = ctx.store(Access::Create)?;
    let today = ctx.today;
    let trial = store.write(|tx| {
        if let Some(t) = store::load_trials(tx)?.iter().find(|t| t.end() >= from) {
            return Err(UsageError::new(format!(
                "a self-experiment of {} runs until {}, and only one can run at a time; stop it first with 'cramplog trial stop', or start after it with --from {}",
                trial::measure(t.kind),
                t.end(),
                t.end() + Duration::days(1)
            ))
            .into());
        }
        if kind == TrialKind::Compression && !args.clinician_agreed {
            compression_safety(tx, today)?;
        }
        let mut trial = Trial {
            id: 0,
            kind,
            start: from,
            pairs,
            nights,
            washout,
            order: trial::draw_order(pairs, args.seed)?,
            stopped: None,
        };
        trial.id = store::insert_trial(tx, &trial)?;
        Ok(trial)
    })?;
    if pairs < PAIRS_FOR_SIGNIFICANCE {
        let notes: &mut dyn std::io::Write = if args.json { ctx.err } else { ctx.out };
        view::write_wrapped(
            notes,
            &format!(
                "Note: with {} the smallest possible one-sided p is 1/{} = {:.3}, so this experiment can never show a benefit at p < 0.05; {PAIRS_FOR_SIGNIFICANCE} pairs or more can.",
                words_plural_pairs(pairs),
                1u32 << pairs,
                1.0 / f64::from(1u32 << pairs)
            ),
        )?;
    }
    if args.json {
        return write_json(ctx, &Listed::new(&trial, &[], today));
    }
    let last = trial.planned_end();
    view::write_wrapped(
        ctx.out,
        &format!(
            "Started a self-experiment of {}: {} of {nights}-night periods, {} to {} ({} nights).",
            trial::measure(kind),
            words_plural_pairs(pairs),
            day(from),
            day(last),
            trial.periods() * nights
        ),
    )?;
    view::write_wrapped(
        ctx.out,
        &format!(
            "In each pair one period is {} and the other is {}, in an order drawn at random; the first {washout} nights of each period are a washout (time for the change to settle) and are not counted.",
            trial::label(kind, true),
            trial::label(kind, false),
        ),
    )?;
    view::write_wrapped(
        ctx.out,
        "The plan for a night covers that day and evening, and you log it the next morning.",
    )?;
    write_tonight(ctx, &trial)?;
    view::write_wrapped(
        ctx.out,
        "Each morning 'cramplog log' tells you the plan for the night you log; 'cramplog trial show' shows the whole schedule.",
    )?;
    Ok(())
}

fn words_plural_pairs(n: u32) -> String {
    crate::analysis::wording::plural(n, "pair", "pairs")
}

/// Refuses a compression trial after a clot or with a recent open sore (section 11).
fn compression_safety(tx: &rusqlite::Transaction<'_>, today: NaiveDate) -> Result<()> {
    let profile = store::load_profile(tx)?;
    if profile.prior_dvt == Some(true) {
        crate::invalid!(
            "a compression self-experiment is refused because your profile records a past blood clot (prior_dvt): nights without stockings need your clinician's agreement; once they agree, add --clinician-agreed"
        );
    }
    let recent = store::load_nights(
        tx,
        NightRange {
            from: Some(today - Duration::weeks(OPEN_SORE_WEEKS)),
            to: Some(today),
        },
    )?;
    if let Some(n) = recent
        .iter()
        .rev()
        .find(|n| n.symptom(SymptomId::OpenSore).is_some())
    {
        crate::invalid!(
            "a compression self-experiment is refused because an open sore on the leg was logged on {} (within {OPEN_SORE_WEEKS} weeks): nights without stockings need your clinician's agreement; once they agree, add --clinician-agreed",
            n.night
        );
    }
    Ok(())
}

/// "Today and tonight, Fri 4 Dec: stockings OFF … — leave the stockings off all
/// day.", or when the trial begins.
fn write_tonight(ctx: &mut Ctx<'_>, trial: &Trial) -> Result<()> {
    if let Some(line) = words::today_line(trial, ctx.today) {
        view::write_wrapped(ctx.out, &line)?;
    } else if trial.start > ctx.today {
        view::write_wrapped(
            ctx.out,
            &format!(
                "It begins on {}; until then nothing changes.",
                day(trial.start)
            ),
        )?;
    }
    Ok(())
}

/// A trial with its id and its analysis so far, for `--json`.
#[derive(Serialize)]
struct Listed {
    id: i64,
    /// The plan for tonight's night, while the trial runs.
    tonight: Option<Tonight>,
    #[serde(flatten)]
    analysis: TrialAnalysis,
}

#[derive(Serialize)]
struct Tonight {
    night: NaiveDate,
    on: bool,
    washout: bool,
    /// 1-based.
    period: u32,
}

impl Listed {
    fn new(trial: &Trial, nights: &[Night], today: NaiveDate) -> Listed {
        Listed {
            id: trial.id,
            tonight: trial.plan(today).map(|p| Tonight {
                night: today,
                on: p.on,
                washout: p.washout,
                period: p.period + 1,
            }),
            analysis: analyse(trial, nights, today - Duration::days(1)),
        }
    }
}

fn write_json<T: Serialize>(ctx: &mut Ctx<'_>, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *ctx.out, value)?;
    writeln!(ctx.out)?;
    Ok(())
}

/// Every trial with the nights it covers.
fn load(ctx: &Ctx<'_>) -> Result<Vec<(Trial, Vec<Night>)>> {
    let path = crate::paths::diary(ctx.db_flag.as_ref())?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut store = ctx.store(Access::Existing)?;
    store.read(|tx| {
        store::load_trials(tx)?
            .into_iter()
            .map(|t| {
                let range = NightRange {
                    from: Some(t.start),
                    to: Some(t.end()),
                };
                Ok((t, store::load_nights(tx, range)?))
            })
            .collect()
    })
}

fn show(json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let trials = load(ctx)?;
    // The running trial, else the latest one.
    let current = trials
        .iter()
        .find(|(t, _)| t.end() >= ctx.today)
        .or(trials.last());
    let Some((trial, nights)) = current else {
        if json {
            return write_json(ctx, &Option::<Listed>::None);
        }
        view::write_wrapped(
            ctx.out,
            "No self-experiment yet. Start one with: cramplog trial start compression|stretching|elevation (see: cramplog trial start --help)",
        )?;
        return Ok(());
    };
    let listed = Listed::new(trial, nights, ctx.today);
    if json {
        return write_json(ctx, &listed);
    }
    write_trial(ctx, trial, &listed.analysis)
}

/// The whole trial in plain words, as `trial show` prints it.
fn write_trial(ctx: &mut Ctx<'_>, trial: &Trial, a: &TrialAnalysis) -> Result<()> {
    view::write_wrapped(ctx.out, &format!("{}.", words::summary(a)))?;
    write_tonight(ctx, trial)?;
    writeln!(ctx.out)?;
    view::write_wrapped(ctx.out, &format!("Schedule ({}):", words::STRIP_LEGEND))?;
    for row in words::strip_rows(a) {
        writeln!(ctx.out, "  {row}")?;
    }
    writeln!(ctx.out)?;
    super::write_table(ctx.out, &words::PERIOD_HEADER, &words::period_rows(a))?;
    view::write_wrapped(ctx.out, &format!("({})", words::PERIOD_LEGEND))?;
    writeln!(ctx.out)?;
    view::write_wrapped(ctx.out, &words::adherence(a))?;
    view::write_wrapped(ctx.out, &format!("Result: {}", words::result_sentence(a)))?;
    if a.adherence.analysed_logged > 0 {
        for line in words::numbers(a) {
            view::write_wrapped(ctx.out, &line)?;
        }
    }
    view::write_wrapped(ctx.out, words::CAVEAT)?;
    Ok(())
}

fn stop(date: Option<&str>, json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let today = ctx.today;
    let last = match date {
        Some(d) => night_or_tonight(d, today)?,
        None => today - Duration::days(1),
    };
    if last > today {
        crate::invalid!(
            "--date {last} is in the future; a trial can be stopped on tonight ({today}) at the latest"
        );
    }
    let path = crate::paths::diary(ctx.db_flag.as_ref())?;
    if !path.exists() {
        crate::invalid!("no self-experiment is running; start one with 'cramplog trial start'");
    }
    let mut store = ctx.store(Access::Existing)?;
    let outcome = store.write(|tx| {
        let Some(mut t) = store::load_trials(tx)?
            .into_iter()
            .find(|t| t.end() >= today)
        else {
            crate::invalid!(
                "no self-experiment is running (see them with 'cramplog trial list'); start one with 'cramplog trial start'"
            );
        };
        if last >= t.planned_end() {
            crate::invalid!(
                "--date {last} is not before the trial's last night ({}); it ends then anyway",
                t.planned_end()
            );
        }
        if last < t.start {
            store::delete_trial(tx, t.id)?;
            return Ok((t, None));
        }
        store::stop_trial(tx, t.id, last)?;
        t.stopped = Some(last);
        let nights = store::load_nights(
            tx,
            NightRange {
                from: Some(t.start),
                to: Some(last),
            },
        )?;
        Ok((t, Some(nights)))
    })?;
    let (trial, Some(nights)) = outcome else {
        let (trial, _) = outcome;
        view::write_wrapped(
            ctx.out,
            &format!(
                "The self-experiment of {} had not begun (its first night was to be {}), so it was removed.",
                trial::measure(trial.kind),
                day(trial.start)
            ),
        )?;
        return Ok(());
    };
    let listed = Listed::new(&trial, &nights, today);
    if json {
        return write_json(ctx, &listed);
    }
    view::write_wrapped(
        ctx.out,
        &format!(
            "Stopped the self-experiment of {} after the night of {}; it is analysed as far as it got.",
            trial::measure(trial.kind),
            day(last)
        ),
    )?;
    view::write_wrapped(
        ctx.out,
        &format!("Result: {}", words::result_sentence(&listed.analysis)),
    )?;
    Ok(())
}

fn list(json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let trials = load(ctx)?;
    let listed: Vec<Listed> = trials
        .iter()
        .map(|(t, nights)| Listed::new(t, nights, ctx.today))
        .collect();
    if json {
        return write_json(ctx, &listed);
    }
    if listed.is_empty() {
        view::write_wrapped(
            ctx.out,
            "No self-experiments yet. Start one with: cramplog trial start compression|stretching|elevation",
        )?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = listed
        .iter()
        .map(|l| {
            let a = &l.analysis;
            [
                trial::measure(a.kind).to_string(),
                format!("{} – {}", a.start, a.stopped.unwrap_or(a.planned_end)),
                format!("{} of {}", a.usable_pairs, a.pairs),
                words::result_label(a.result).to_string(),
                a.p_one_sided.map(|p| format!("{p:.3}")).unwrap_or_default(),
            ]
        })
        .collect();
    super::write_table(
        ctx.out,
        &["measure", "nights", "usable pairs", "result", "one-sided p"],
        &rows,
    )
}
