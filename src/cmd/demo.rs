//! `cramplog demo`: fill a separate demo diary with the example of [`crate::demo`], write its
//! report (`demo-report.pdf` and `demo-report.html`) beside it or
//! in `--out-dir`, then say where they are and what to try next.
//!
//! The demo writes only to its own file (`--db`, else `demo.sqlite3` beside the default
//! diary; `CRAMPLOG_DB` is ignored), marks it as a demo, and refuses any existing file that
//! is not a demo diary, leaving it untouched. Running it again rebuilds the demo from
//! scratch in one transaction.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::Duration;

use super::Ctx;
use crate::cli::{DemoArgs, PeriodArgs};
use crate::error::UsageError;
use crate::pdf::Paper;
use crate::report::Format;
use crate::store::{self, Access, Meta, Store};
use crate::{demo, output, view};

pub fn run(args: &DemoArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let path = crate::paths::demo(ctx.db_flag.as_ref())?;
    let not_a_demo = || {
        UsageError::new(format!(
            "{} is not a demo diary, so 'cramplog demo' leaves it alone; give the demo its own file with --db, e.g. cramplog demo --db demo.sqlite3",
            path.display()
        ))
    };
    let existed = path.exists();
    // An empty file is nobody's demo; opening it would turn it into a diary.
    if existed
        && std::fs::metadata(&path)
            .map(|m| m.len() == 0)
            .unwrap_or(true)
    {
        return Err(not_a_demo().into());
    }
    let diary = demo::demo_diary(ctx.today);
    let access = if existed {
        Access::Existing
    } else {
        Access::Create
    };
    let mut store = Store::open(&path, access)?;
    store.write(|tx| {
        if existed && Meta::get(tx, Meta::DEMO)?.as_deref() != Some("1") {
            return Err(not_a_demo().into());
        }
        store::clear_diary(tx)?;
        Meta::set(tx, Meta::DEMO, "1")?;
        for (key, value) in diary.profile.to_stored() {
            store::set_profile(tx, &key, &value)?;
        }
        for m in &diary.medications {
            store::insert_medication(tx, m)?;
        }
        for e in &diary.events {
            store::insert_event(tx, e)?;
        }
        for t in &diary.trials {
            store::insert_trial(tx, t)?;
        }
        for n in &diary.nights {
            store::insert_night(tx, n)?;
        }
        Ok(())
    })?;
    drop(store);

    let logged = diary.nights.len();
    let cramp = diary.nights.iter().filter(|n| n.had_cramp()).count();
    let first = ctx.today - Duration::days(demo::NIGHTS);
    let last = ctx.today - Duration::days(1);
    let db = shell_quote(&path);

    // The README's main job: the demo's report, as PDF and HTML, beside the demo diary.
    let mut written: Vec<(&str, PathBuf)> = Vec::new();
    if !args.no_report {
        let dir = report_dir(&path, args.out_dir.as_deref())?;
        let period = PeriodArgs {
            from: Some(first.to_string()),
            to: Some(last.to_string()),
            last: None,
            all: false,
        };
        let demo_ctx = Ctx {
            out: &mut *ctx.out,
            err: &mut *ctx.err,
            today: ctx.today,
            color: false,
            db_flag: Some(path.clone()),
        };
        let report = super::report::build_for(&period, None, false, &demo_ctx)?;
        let pdf_path = dir.join(PDF_NAME);
        let mut bytes = Vec::new();
        crate::report::render(&report, Format::Pdf(Paper::A4), &mut bytes, false)?;
        output::write_private(&pdf_path, &bytes, true)?;
        written.push(("PDF ", pdf_path));
        let mut bytes = Vec::new();
        crate::report::render(&report, Format::Html(Paper::A4), &mut bytes, false)?;
        let html_path = dir.join(HTML_NAME);
        output::write_private(&html_path, &bytes, true)?;
        written.push(("HTML", html_path));
    }

    if !written.is_empty() {
        writeln!(ctx.out, "Demo report (example data, not yours):")?;
        for (kind, p) in &written {
            writeln!(ctx.out, "  {kind}  {}", p.display())?;
        }
    }
    if !written.is_empty() {
        writeln!(ctx.out)?;
    }
    writeln!(
        ctx.out,
        "Demo diary written to {}: example data, not yours.",
        path.display()
    )?;
    writeln!(
        ctx.out,
        "{} nights from {} to {}: {logged} logged ({cramp} with cramps, {} cramp-free), {} missing;",
        demo::NIGHTS,
        view::day(first),
        view::day(last),
        logged - cramp,
        demo::NIGHTS as usize - logged
    )?;
    writeln!(
        ctx.out,
        "a profile, {} medicines and {} events.",
        diary.medications.len(),
        diary.events.len()
    )?;
    // Run through `cargo run` (not installed yet), the lines must work as printed.
    let through_cargo = std::env::current_exe()
        .ok()
        .is_some_and(|exe| exe.components().any(|c| c.as_os_str() == "target"));
    let program = if through_cargo {
        "cargo run --release --"
    } else {
        "cramplog"
    };
    if through_cargo {
        writeln!(
            ctx.out,
            "\ncramplog is not installed yet, so these run it through cargo; after\n'cargo install --path .' type 'cramplog' instead of '{program}'."
        )?;
    }
    writeln!(ctx.out, "\nTry:")?;
    let tries = [
        ("list --all", "every night, missing ones marked"),
        ("show", "last night in full"),
        ("profile show", ""),
        ("med list", ""),
        ("event list", ""),
        (
            "trial list",
            "the self-experiment with stockings, and its result",
        ),
        ("report", "the report in the terminal"),
        ("report --paper letter --format pdf -o letter.pdf", ""),
    ];
    let width = tries
        .iter()
        .filter(|(_, what)| !what.is_empty())
        .map(|(c, _)| c.len() + db.len() + program.len() + 8)
        .max()
        .unwrap_or(0);
    for (cmd, what) in tries {
        let line = format!("  {program} {cmd} --db {db}");
        if what.is_empty() {
            writeln!(ctx.out, "{line}")?;
        } else {
            writeln!(ctx.out, "{line:<width$}  # {what}")?;
        }
    }
    writeln!(
        ctx.out,
        "\nYour own diary (the demo never touches it): 'cramplog log' each morning,\n'cramplog report --format pdf -o report.pdf' before the appointment."
    )?;
    Ok(())
}

/// File names of the demo's report (overwritten on every run: they are the demo's own).
const PDF_NAME: &str = "demo-report.pdf";
const HTML_NAME: &str = "demo-report.html";

/// Where the demo's report files go: `--out-dir` (created 0700 when missing), else the
/// demo diary's folder.
fn report_dir(diary: &Path, out_dir: Option<&Path>) -> Result<PathBuf> {
    match out_dir {
        Some(dir) => {
            if dir.exists() && !dir.is_dir() {
                return Err(UsageError::new(format!(
                    "{} is not a folder; give --out-dir a folder for the demo report",
                    dir.display()
                ))
                .into());
            }
            output::ensure_private_dir(dir)?;
            Ok(dir.to_path_buf())
        }
        None => Ok(match diary.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }),
    }
}

/// The path as a shell word: unchanged when it is plain, else in single quotes.
fn shell_quote(p: &Path) -> String {
    let s = p.display().to_string();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%=,".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(
            shell_quote(Path::new("/tmp/demo.sqlite3")),
            "/tmp/demo.sqlite3"
        );
        assert_eq!(
            shell_quote(Path::new("/tmp/my demo's.sqlite3")),
            r"'/tmp/my demo'\''s.sqlite3'"
        );
    }
}
