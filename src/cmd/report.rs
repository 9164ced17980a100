//! `cramplog report`: analyse the diary over a period and write the report as text (the
//! default), Markdown or JSON, to standard output or to a private file (`-o FILE`, written
//! through [`crate::output`]: 0600, never replacing a file without `--force`).

use anyhow::Result;

use super::Ctx;
use crate::analysis::Input;
use crate::profile::Profile;
use std::io::IsTerminal;

use crate::cli::{Paper, ReportArgs, ReportFormat};
use crate::error::UsageError;
use crate::output;
use crate::period;
use crate::report::{self, Format, Meta, Report, clean};
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
    build_for(&args.period, args.name.as_deref(), args.redact_notes, ctx)
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
    let (p, nights, profile, medications, events, demo, trials) = store.read(|tx| {
        let all = store::load_nights(tx, NightRange::ALL)?;
        let first = all.first().map(|n| n.night);
        let p = period::resolve(period_args, today, DEFAULT_DAYS, first)?;
        // Nothing after the period's last night may change the report.
        let nights: Vec<_> = all.into_iter().filter(|n| n.night <= p.to).collect();
        let demo = store::Meta::get(tx, store::Meta::DEMO)?
            .is_some_and(|v| !matches!(v.trim(), "" | "0" | "no" | "false"));
        Ok((
            p,
            nights,
            Profile::from_stored(&store::load_profile(tx)?)?,
            store::load_medications(tx)?,
            store::load_events(tx)?,
            demo,
            store::load_trials(tx)?,
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
    let mut report = Report::build(&input, meta);
    report.trials = crate::analysis::trial::in_period(&trials, &nights, p, today);
    Ok(report)
}
