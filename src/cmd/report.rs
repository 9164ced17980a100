//! `cramplog report`: analyse the diary over a period and write the report as text (the
//! default), Markdown or JSON, to standard output or to a private file (`-o FILE`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Ctx;
use crate::analysis::Input;
use crate::cli::{Command, ReportArgs, ReportFormat};
use crate::error::UsageError;
use crate::period;
use crate::report::{self, Format, Meta, Report, clean};
use crate::store::{self, Access, NightRange};

/// The default report period: the last 12 weeks up to last night.
pub const DEFAULT_DAYS: i64 = 84;

pub fn run(cmd: &Command, ctx: &mut Ctx<'_>) -> Result<()> {
    let Command::Report(args) = cmd else {
        return Err(anyhow::anyhow!(
            "internal error: report called for another command"
        ));
    };
    let format = match args.format.unwrap_or(ReportFormat::Text) {
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
        other => {
            let name = if other == ReportFormat::Html {
                "html"
            } else {
                "pdf"
            };
            return Err(UsageError::new(format!(
                "--format {name} is not available yet; use --format text, md or json"
            ))
            .into());
        }
    };
    if let Some(path) = &args.output {
        check_output(path, args.force)?;
    }
    let report = build(args, ctx)?;
    let color = ctx.color && args.output.is_none() && format == Format::Text;
    match &args.output {
        None => report::render(&report, format, ctx.out, color),
        Some(path) => {
            let mut bytes = Vec::new();
            report::render(&report, format, &mut bytes, false)?;
            write_private(path, &bytes, args.force)?;
            writeln!(ctx.err, "Wrote the report to {}", path.display())?;
            Ok(())
        }
    }
}

/// Loads the diary and builds the report for the requested period.
pub fn build(args: &ReportArgs, ctx: &Ctx<'_>) -> Result<Report> {
    let mut store = ctx.store(Access::Existing)?;
    let today = ctx.today;
    let (p, nights, profile, medications, events, demo) = store.read(|tx| {
        let all = store::load_nights(tx, NightRange::ALL)?;
        let first = all.first().map(|n| n.night);
        let p = period::resolve(&args.period, today, DEFAULT_DAYS, first)?;
        // Nothing after the period's last night may change the report.
        let nights: Vec<_> = all.into_iter().filter(|n| n.night <= p.to).collect();
        let demo = store::Meta::get(tx, store::Meta::DEMO)?
            .is_some_and(|v| !matches!(v.trim(), "" | "0" | "no" | "false"));
        Ok((
            p,
            nights,
            store::load_profile(tx)?,
            store::load_medications(tx)?,
            store::load_events(tx)?,
            demo,
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
        name: args
            .name
            .as_deref()
            .map(|n| clean(n).trim().to_string())
            .filter(|n| !n.is_empty()),
        redact_notes: args.redact_notes,
    };
    Ok(Report::build(&input, meta))
}

fn check_output(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(UsageError::new(format!(
            "-o {} is a folder; give a file name such as report.txt",
            path.display()
        ))
        .into());
    }
    if path.exists() && !force {
        return Err(UsageError::new(format!(
            "{} already exists; add --force to overwrite it, or choose another file name",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Writes `bytes` to `path` readable by the owner only (0600): through a temporary file in
/// the same folder, renamed into place, so a failure never leaves half a report.
fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    check_output(path, force)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{file_name}.cramplog-{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options
            .open(&tmp)
            .with_context(|| format!("creating {}", tmp.display()))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("writing {}", tmp.display()))?;
        if !force && path.exists() {
            return Err(UsageError::new(format!(
                "{} already exists; add --force to overwrite it, or choose another file name",
                path.display()
            ))
            .into());
        }
        fs::rename(&tmp, path).with_context(|| format!("saving the report to {}", path.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
