//! `cramplog report`: analyse the diary over a period and write the report as text (the
//! default), Markdown or JSON, to standard output or to a private file (`-o FILE`, written
//! through [`crate::output`]: 0600, never replacing a file without `--force`).

use anyhow::Result;

use super::Ctx;
use crate::analysis::{Input, windows};
use crate::model::{Event, Medication, Night, Period};
use std::io::IsTerminal;

use crate::cli::{AppendixRows, Paper, ReportArgs, ReportFormat};
use crate::error::UsageError;
use crate::output;
use crate::period;
use crate::report::{self, Appendix, Format, Meta, Report, clean};
use crate::store::{self, Access, NightRange};

/// The default report period: the last 12 weeks up to last night.
pub const DEFAULT_DAYS: i64 = 84;

pub fn run(args: &ReportArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let paper = match args.paper {
        Paper::A4 => crate::pdf::Paper::A4,
        Paper::Letter => crate::pdf::Paper::Letter,
    };
    let format = match args.format.unwrap_or(ReportFormat::Text) {
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Html => Format::Html(paper),
        ReportFormat::Pdf => Format::Pdf(paper),
    };
    // `-o -` is standard output, like the other commands that write files.
    let output = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if output.is_none()
        && matches!(format, Format::Pdf(_))
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(UsageError::new(
            "a PDF cannot be shown in the terminal; add -o report.pdf to write it to a file",
        )
        .into());
    }
    if let Some(path) = output {
        output::refuse_existing(path, args.force)?;
    }
    let report = build(args, ctx)?;
    match output {
        None => report::render(
            &report,
            format,
            ctx.out,
            ctx.color && format == Format::Text,
        ),
        Some(path) => {
            let mut bytes = Vec::new();
            report::render(&report, format, &mut bytes, false)?;
            output::write_private(path, &bytes, args.force)?;
            writeln!(ctx.err, "Wrote the report to {}", path.display())?;
            Ok(())
        }
    }
}

/// Loads the diary and builds the report for the requested period.
pub fn build(args: &ReportArgs, ctx: &Ctx<'_>) -> Result<Report> {
    let mut report = build_for(&args.period, args.name.as_deref(), args.redact_notes, ctx)?;
    if let Some(rows) = args.appendix {
        report.appendix = match rows {
            AppendixRows::Weeks => Appendix::Weeks,
            AppendixRows::Nights => Appendix::Nights,
        };
    }
    Ok(report)
}

/// Builds the report for a period (shared with `chart` and `demo`).
pub fn build_for(
    period_args: &crate::cli::PeriodArgs,
    name: Option<&str>,
    redact_notes: bool,
    ctx: &Ctx<'_>,
) -> Result<Report> {
    let mut store = ctx.store(Access::Existing)?;
    let today = ctx.today;
    let (p, nights, profile, medications, events, demo, trials, questions) = store.read(|tx| {
        let first = store::first_night(tx)?;
        let p = period::resolve(period_args, today, DEFAULT_DAYS, first)?;
        let medications = store::load_medications(tx)?;
        let events = store::load_events(tx)?;
        let trials = store::load_trials(tx)?;
        let nights = load_for(tx, p, &medications, &events, &trials)?;
        let demo = store::Meta::get(tx, store::Meta::DEMO)?
            .is_some_and(|v| !matches!(v.trim(), "" | "0" | "no" | "false"));
        Ok((
            p,
            nights,
            store::load_profile(tx)?,
            medications,
            events,
            demo,
            trials,
            store::load_questions(tx)?,
        ))
    })?;
    let input = Input {
        nights: &nights,
        profile: &profile,
        medications: &medications,
        events: &events,
        period: p,
        today,
    };
    let meta = Meta {
        generated: crate::clock::generated(today),
        time_zone: crate::clock::zone_name(today),
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        demo,
        name: name
            .map(|n| clean(n).trim().to_string())
            .filter(|n| !n.is_empty()),
        redact_notes,
    };
    let mut report = Report::build_without_nights(&input, meta);
    report.trials = crate::analysis::trial::in_period(&trials, &nights, p, today);
    // The loaded nights become the appendix rows: moved, not copied.
    report.move_nights_in(nights);
    // Questions are for the next appointment, whatever period the report covers.
    report.questions = questions.into_iter().filter(|q| q.done.is_none()).collect();
    Ok(report)
}

/// The nights the report of `p` reads (see [`crate::analysis::windows`]): one contiguous
/// stretch from the last logged night on or before the earliest window to the period's end.
/// Nothing after the period's last night may change the report.
fn load_for(
    tx: &rusqlite::Transaction<'_>,
    p: Period,
    medications: &[Medication],
    events: &[Event],
    trials: &[crate::trial::Trial],
) -> Result<Vec<Night>> {
    let stretching = store::nightly_stretching_start(tx, p.to)?;
    // A self-experiment overlapping the period is analysed from its first night.
    let trial_start = trials
        .iter()
        .filter(|t| t.start <= p.to && t.end() >= p.from)
        .map(|t| t.start);
    let earliest = windows::earliest_night(p, medications, events, stretching)
        .min(trial_start.min().unwrap_or(p.from));
    let from = store::logged_on_or_before(tx, earliest)?.unwrap_or(earliest);
    store::load_nights(
        tx,
        NightRange {
            from: Some(from),
            to: Some(p.to),
        },
    )
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::model::Episode;
    use crate::vocab::{EventKind, MedClass};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Three years of nights: ~5 % missing, ~1 in 3 with a cramp, stretching logged from
    /// 2024 (20 nights without, then a month with: a nightly start on 2024-03-21).
    fn diary() -> Vec<Night> {
        let mut seed: u64 = 7;
        let mut rand = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        let mut nights = Vec::new();
        let mut day = d("2023-01-01");
        while day < d("2026-11-27") {
            // No night missing around the stretching start, so its run is unbroken.
            let steady = (d("2024-02-15")..d("2024-04-21")).contains(&day);
            if rand(100) >= 5 || steady {
                let mut n = Night::new(day);
                if rand(3) == 0 {
                    n.episodes.push(Episode {
                        pain: Some(3 + rand(6) as u8),
                        duration_s: Some(30 + rand(300) as u32),
                        ..Episode::default()
                    });
                }
                n.standing_h = Some(rand(9) as f64);
                n.stretched = if day < d("2024-03-01") {
                    None
                } else if day < d("2024-03-21") {
                    Some(false)
                } else if day < d("2024-04-21") {
                    Some(true)
                } else {
                    [None, Some(false), Some(true)][rand(3) as usize]
                };
                nights.push(n);
            }
            day += Duration::days(1);
        }
        nights
    }

    fn meta() -> Meta {
        Meta {
            generated: crate::clock::generated(d("2026-11-27")),
            time_zone: "UTC".into(),
            program_version: "test".into(),
            demo: false,
            name: None,
            redact_notes: false,
        }
    }

    /// The report built from the nights `load_for` reads is the report of the whole diary,
    /// for every kind of period (a rule reading past its declared window fails here).
    #[test]
    fn loading_only_the_needed_nights_changes_no_report() {
        // With the stretching run, and without it (then nothing reaches back that far).
        let stretching = diary();
        let mut plain = stretching.clone();
        plain.iter_mut().for_each(|n| n.stretched = None);
        let mut stores = [stretching, plain].map(|nights| {
            let mut store = store::Store::open_in_memory().unwrap();
            store
                .write(|tx| {
                    for n in &nights {
                        store::insert_night(tx, n)?;
                    }
                    Ok(())
                })
                .unwrap();
            store
        });
        let medications = vec![Medication {
            name: "furosemide".into(),
            class: MedClass::LoopDiuretic,
            start: d("2026-08-01"),
            stop: None,
            dose: None,
        }];
        let event = Event {
            id: 1,
            date: d("2025-06-01"),
            kind: EventKind::StretchingStart,
            label: None,
            side: None,
            result: None,
        };
        let periods = [
            ("2026-09-03", "2026-11-25"),
            ("2024-05-01", "2024-06-30"),
            ("2023-01-01", "2026-11-26"),
            ("2023-01-05", "2023-01-14"),
            ("2022-12-20", "2023-02-01"),
            ("2025-07-01", "2025-08-15"),
            ("2025-03-01", "2025-03-10"),
        ];
        let today = d("2026-11-27");
        let profile = Default::default();
        let mut loaded_less = false;
        let meta = meta();
        for store in &mut stores {
            for events in [vec![], vec![event.clone()]] {
                for (from, to) in periods {
                    let p = Period {
                        from: d(from),
                        to: d(to),
                    };
                    let (some, all) = store
                        .read(|tx| {
                            let all: Vec<Night> = store::load_nights(tx, NightRange::ALL)?
                                .into_iter()
                                .filter(|n| n.night <= p.to)
                                .collect();
                            Ok((load_for(tx, p, &medications, &events, &[])?, all))
                        })
                        .unwrap();
                    loaded_less |= some.len() * 2 < all.len();
                    let report = |nights: &[Night]| {
                        let input = Input {
                            nights,
                            profile: &profile,
                            medications: &medications,
                            events: &events,
                            period: p,
                            today,
                        };
                        serde_json::to_value(Report::build(&input, meta.clone())).unwrap()
                    };
                    let (a, b) = (report(&some), report(&all));
                    let differing: Vec<&String> = b
                        .as_object()
                        .unwrap()
                        .iter()
                        .filter(|(k, v)| a.get(k.as_str()) != Some(v))
                        .map(|(k, _)| k)
                        .collect();
                    assert!(
                        differing.is_empty(),
                        "{from}..{to} with {} events: the report differs in {differing:?}",
                        events.len()
                    );
                }
            }
        }
        assert!(loaded_less, "the loader read the whole diary every time");
        // The store finds the nightly start the analysis finds.
        let mut store = store::Store::open_in_memory().unwrap();
        store
            .write(|tx| diary().iter().try_for_each(|n| store::insert_night(tx, n)))
            .unwrap();
        let run = store
            .read(|tx| store::nightly_stretching_start(tx, today))
            .unwrap()
            .unwrap();
        assert_eq!(run.start, d("2024-03-21"));
        assert!(run.counted_from < d("2024-03-08"));
    }

    /// Moving the loaded nights into the report gives the report `build` copies them into,
    /// with the diary in any order, a doubled night and notes redacted or not.
    #[test]
    fn moving_the_nights_in_is_building_with_copies() {
        let mut nights = diary();
        nights.reverse();
        let mut noted = nights[40].clone();
        noted.note = Some("a note".into());
        nights[40].note = Some("kept".into());
        nights.push(noted);
        let profile = Default::default();
        for redact_notes in [false, true] {
            let input = Input {
                nights: &nights,
                profile: &profile,
                medications: &[],
                events: &[],
                period: Period {
                    from: d("2026-01-01"),
                    to: d("2026-11-26"),
                },
                today: d("2026-11-27"),
            };
            let meta = Meta {
                redact_notes,
                ..meta()
            };
            let copied = Report::build(&input, meta.clone());
            let mut moved = Report::build_without_nights(&input, meta);
            assert!(moved.nights.is_empty());
            moved.move_nights_in(nights.clone());
            assert!(!moved.nights.is_empty());
            assert_eq!(
                serde_json::to_value(&moved).unwrap(),
                serde_json::to_value(&copied).unwrap()
            );
        }
    }

    /// Over 26 weeks the printed appendix is one row per week; up to 26 weeks, and with
    /// `--appendix nights`, one per night.
    #[test]
    fn long_periods_list_weeks_in_the_appendix() {
        let nights = diary();
        let profile = Default::default();
        let build = |from: &str, to: &str| {
            let input = Input {
                nights: &nights,
                profile: &profile,
                medications: &[],
                events: &[],
                period: Period {
                    from: d(from),
                    to: d(to),
                },
                today: d("2026-11-27"),
            };
            Report::build(&input, meta())
        };
        let rows = |r: &Report| {
            let doc = crate::report::present::document(r);
            let s = doc.sections.iter().find(|s| s.id == "appendix").unwrap();
            let n = s.blocks.iter().find_map(|b| match b {
                crate::report::document::Block::Table(t) => Some(t.rows.len()),
                _ => None,
            });
            (s.title.clone(), n.unwrap())
        };
        let mut year = build("2025-11-26", "2026-11-25");
        assert_eq!(year.appendix, Appendix::Weeks);
        assert_eq!(rows(&year), ("Week by week".into(), year.weekly.len()));
        year.appendix = Appendix::Nights;
        assert_eq!(rows(&year), ("Night by night".into(), year.nights.len()));
        // 26 weeks exactly still lists nights.
        let half = build("2026-05-28", "2026-11-25");
        assert_eq!(half.period.nights, 182);
        assert_eq!(rows(&half), ("Night by night".into(), half.nights.len()));
    }
}
