//! One module per subcommand. Each `run` takes its parsed arguments and a [`Ctx`], and
//! writes only through the context's writers.

mod ask;
mod backup;
mod chart;
mod check;
mod completions;
mod delete;
mod demo;
mod edit;
mod event;
mod export;
mod import;
mod list;
mod log;
mod man;
mod med;
mod profile;
mod report;
mod restore;
mod show;
mod status;
mod trial;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::Command;
pub use crate::parse::{night_arg, not_future};
use crate::store::{Access, Store};

/// What every command needs: where to write, today's date, colour, and the diary's path.
pub struct Ctx<'a> {
    pub out: &'a mut dyn Write,
    /// Urgent advice, warnings and notes: visible in the terminal even when `out` is JSON.
    pub err: &'a mut dyn Write,
    pub today: NaiveDate,
    pub color: bool,
    /// `--db` as given (before `CRAMPLOG_DB` and the default).
    pub db_flag: Option<PathBuf>,
}

impl Ctx<'_> {
    /// Opens the diary.
    pub fn store(&self, access: Access) -> Result<Store> {
        Store::open(&crate::paths::diary(self.db_flag.as_ref())?, access)
    }
}

/// Runs the parsed command line.
pub fn run(command: &Command, ctx: &mut Ctx<'_>) -> Result<()> {
    match command {
        Command::Log(args) => log::run(args, ctx),
        Command::Show(args) => show::run(args, ctx),
        Command::List(args) => list::run(args, ctx),
        Command::Edit(args) => edit::run(args, ctx),
        Command::Delete(args) => delete::run(args, ctx),
        Command::Profile(args) => profile::run(args, ctx),
        Command::Med(args) => med::run(args, ctx),
        Command::Event(args) => event::run(args, ctx),
        Command::Ask(args) => ask::run(args, ctx),
        Command::Trial(args) => trial::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Chart(args) => chart::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Import(args) => import::run(args, ctx),
        Command::Backup(args) => backup::run(args, ctx),
        Command::Restore(args) => restore::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Status(args) => status::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::Man(args) => man::run(args, ctx),
    }
}

/// Reads the whole diary for export or an import plan, in the order every export uses.
pub fn load_diary(tx: &rusqlite::Transaction<'_>) -> Result<crate::exchange::Diary> {
    Ok(crate::exchange::Diary {
        profile: crate::store::load_profile(tx)?,
        medications: crate::store::load_medications(tx)?,
        events: crate::store::load_events(tx)?,
        trials: crate::store::load_trials(tx)?,
        questions: crate::store::load_questions(tx)?,
        nights: crate::store::load_nights(tx, crate::store::NightRange::ALL)?,
    })
}

/// A plain aligned table (header, then rows), for the small lists of medicines and events;
/// the last column wraps at word boundaries to the terminal's width.
pub fn write_table<const N: usize>(
    w: &mut dyn std::io::Write,
    header: &[&str; N],
    rows: &[[String; N]],
) -> Result<()> {
    // Cells hold stored text (medicine names, labels): shown visibly, never acted on.
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|r| r.clone().map(|c| crate::text::visible(&c).into_owned()))
        .collect();
    let rows = &rows[..];
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // The last column wraps at word boundaries to the terminal's width, under its heading.
    let terminal = crate::terminal::width();
    let mut line = |cells: Vec<&str>| -> Result<()> {
        let mut lead = String::new();
        for (cell, width) in cells.iter().zip(widths).take(N.saturating_sub(1)) {
            lead.push_str(&format!("{cell:<width$}  "));
        }
        let last = cells.last().copied().unwrap_or_default();
        for l in crate::terminal::hanging(&lead, last, terminal, 4) {
            writeln!(w, "{l}")?;
        }
        Ok(())
    };
    line(header.to_vec())?;
    for row in rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}
