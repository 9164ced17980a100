//! `cramplog demo`: fill a separate demo diary with the example of [`crate::demo`], then say
//! what to try next.
//!
//! The demo writes only to its own file (`--db`, else `demo.sqlite3` beside the default
//! diary; `CRAMPLOG_DB` is ignored), marks it as a demo, and refuses any existing file that
//! is not a demo diary, leaving it untouched. Running it again rebuilds the demo from
//! scratch in one transaction.

use std::path::Path;

use anyhow::Result;
use chrono::Duration;

use super::Ctx;
use crate::cli::Command;
use crate::error::UsageError;
use crate::store::{self, Access, Meta, Store};
use crate::{demo, view};

pub fn run(command: &Command, ctx: &mut Ctx<'_>) -> Result<()> {
    let Command::Demo(args) = command else {
        return Ok(());
    };
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
    writeln!(ctx.out, "\nTry:")?;
    let tries = [
        ("list --all", "every night, missing ones marked"),
        ("show", "last night in full"),
        ("profile show", ""),
        ("med list", ""),
        ("event list", ""),
        ("report", "the report in the terminal"),
        ("report --format html -o demo-report.html", ""),
        ("report --format pdf -o demo-report.pdf", "to print"),
    ];
    let width = tries
        .iter()
        .map(|(c, _)| c.len() + db.len() + 15)
        .max()
        .unwrap_or(0);
    for (cmd, what) in tries {
        let line = format!("  cramplog {cmd} --db {db}");
        if what.is_empty() {
            writeln!(ctx.out, "{line}")?;
        } else {
            writeln!(ctx.out, "{line:<width$}  # {what}")?;
        }
    }
    if args.out_dir.is_some() && !args.no_report {
        writeln!(
            ctx.err,
            "note: this version writes the demo diary only; make its report files with the report commands above"
        )?;
    }
    Ok(())
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
