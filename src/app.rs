//! Process entry: parse the command line, run the command, print an error once, and map it
//! to an exit code (0 ok, 1 runtime failure, 2 bad input, 130 cancelled).

#![allow(clippy::print_stderr)]

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::cli::{Cli, ColorChoice};
use crate::cmd::{self, Ctx};
use crate::error::{Cancelled, exit_code, is_broken_pipe};

/// Runs cramplog with the process's arguments and environment.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = crate::clock::today().and_then(|today| {
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            today,
            color,
            db_flag: cli.db.clone(),
        };
        cmd::run(&cli.command, &mut ctx)
    });
    let result = result.and_then(|()| out.flush().map_err(anyhow::Error::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            if e.downcast_ref::<crate::error::QuietNo>().is_some() {
                // Nothing to print: the exit code is the answer.
            } else if let Some(c) = e.downcast_ref::<Cancelled>() {
                eprintln!("cramplog: {c}");
            } else {
                print_error(&format!(
                    "cramplog: error: {}",
                    crate::text::visible(&one_line(&format!("{e:#}")))
                ));
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

/// Clap's own errors, cut to one line: `cramplog: error: … (see: cramplog log --help)`.
fn clap_exit(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid command line")
                .trim_start_matches("error: ")
                // Rust's integer parse error, as clap passes it on, in plain words.
                .replace("invalid digit found in string", "not a whole number");
            let tip = rendered
                .lines()
                .find(|l| l.trim_start().starts_with("tip:"))
                .map(|t| format!(" ({})", t.trim().trim_start_matches("tip: ")))
                .unwrap_or_default();
            let known = <Cli as clap::CommandFactory>::command();
            let sub = args()
                .skip(1)
                .find(|a| known.find_subcommand(a).is_some())
                .map(|a| format!("cramplog {a} --help"))
                .unwrap_or_else(|| "cramplog --help".into());
            let tip = match details(e, &rendered, &known) {
                Some(d) => d,
                None => tip,
            };
            let tip = match (e.kind(), tip.is_empty()) {
                (ErrorKind::InvalidSubcommand, true) => {
                    let names: Vec<&str> = known.get_subcommands().map(|c| c.get_name()).collect();
                    let typed = args()
                        .skip(1)
                        .find(|a| !a.starts_with('-') && known.find_subcommand(a).is_none())
                        .unwrap_or_default();
                    crate::vocab::suggest(&typed, &names)
                        .map(|s| format!("; did you mean {s}?"))
                        .unwrap_or_default()
                }
                _ => tip,
            };
            // Clap echoes the arguments: their control characters are shown, not acted on.
            let line = format!("{first}{tip} (see: {sub})");
            print_error(&format!("cramplog: error: {}", crate::text::visible(&line)));
            ExitCode::from(2)
        }
    }
}

/// The arguments as text; one that is not valid UTF-8 is read lossily (`std::env::args`
/// would panic on it).
fn args() -> impl Iterator<Item = String> {
    std::env::args_os().map(|a| a.to_string_lossy().into_owned())
}

/// What clap says after its first line, kept in the one-line error (issue 15): the names of
/// the missing arguments, the valid values of a choice, and for a negative number the
/// option's own description (which gives its range).
fn details(e: &clap::Error, rendered: &str, known: &clap::Command) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<&str> = rendered
                .lines()
                .skip_while(|l| !l.contains("were not provided"))
                .skip(1)
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            (!missing.is_empty()).then(|| format!(" {}", missing.join(", ")))
        }
        ErrorKind::InvalidValue if described(known, e, true).is_some() => described(known, e, true),
        // A word for a number (`--pairs x`): clap says only "invalid digit found in string".
        ErrorKind::ValueValidation => described(known, e, false),
        ErrorKind::InvalidValue => match e.get(ContextKind::ValidValue) {
            Some(ContextValue::Strings(values)) if !values.is_empty() => {
                let close = match e.get(ContextKind::SuggestedValue) {
                    Some(ContextValue::String(v)) => format!("; did you mean '{v}'?"),
                    _ => String::new(),
                };
                Some(format!("{close}; use one of: {}", values.join(", ")))
            }
            _ => None,
        },
        ErrorKind::UnknownArgument => {
            let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
                return None;
            };
            arg.parse::<f64>().ok()?;
            // A negative number after an option that takes a value: say what it takes.
            let argv: Vec<String> = args().collect();
            let at = argv.iter().position(|a| a == arg)?;
            let option = argv.get(at.checked_sub(1)?)?;
            let name = option.strip_prefix("--")?;
            let sub = argv.iter().skip(1).find_map(|a| known.find_subcommand(a))?;
            let help = sub
                .get_arguments()
                .find(|a| a.get_long() == Some(name))?
                .get_help()?
                .to_string();
            Some(format!(
                "; {option} cannot be negative. {option}: {}",
                help.trim_end_matches('.')
            ))
        }
        _ => None,
    }
}

/// For an option whose listed values are only suggestions for completion (`cli::Offer`,
/// hidden from `--help`): its description, which says what it takes, instead of "use one
/// of" a list that is not the whole story ("left calf 2m 7/10" is a cramp, not one word).
/// With `offers_only` false, any option with a description (a typed value clap could not
/// parse).
fn described(known: &clap::Command, e: &clap::Error, offers_only: bool) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(rendered)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let name = rendered.split_whitespace().next()?;
    fn find<'c>(cmd: &'c clap::Command, name: &str, offers_only: bool) -> Option<&'c clap::Arg> {
        cmd.get_arguments()
            .find(|a| {
                (a.is_hide_possible_values_set() || !offers_only)
                    && a.get_long().map(|l| format!("--{l}")).as_deref() == Some(name)
            })
            .or_else(|| {
                cmd.get_subcommands()
                    .find_map(|s| find(s, name, offers_only))
            })
    }
    let help = find(known, name, offers_only)?.get_help()?.to_string();
    Some(format!("; {name}: {}", help.trim_end_matches('.')))
}

/// An error line: wrapped at word boundaries to a terminal's width, one line for a pipe (a
/// script reads one line per error).
fn print_error(line: &str) {
    match crate::terminal::stderr_width() {
        Some(width) => {
            for l in crate::fonts::wrap_columns(line, width) {
                eprintln!("{l}");
            }
        }
        None => eprintln!("{line}"),
    }
}

/// Errors are one line on stderr, whatever their sources contain.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
