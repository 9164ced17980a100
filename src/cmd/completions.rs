//! `cramplog completions SHELL`: generated from the same clap definitions as the parser.
//! Values come from the vocabulary tables (`cli::Offer`: symptom ids, sites, event kinds,
//! classes, formats, trial kinds, night phrases); free text and numbers complete nothing,
//! and only paths complete file names (docs/design.md section 3).
//! The script is rendered into memory first and written once, so a closed pipe
//! (`cramplog completions bash | head -1`) is an ordinary write error that exits 0.

use anyhow::Result;
use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    ctx.out.write_all(&completions(args.shell))?;
    ctx.out.flush()?;
    Ok(())
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut cmd = no_file_names(Cli::command());
    clap_complete::generate(shell, &mut cmd, "cramplog", &mut buf);
    if shell == clap_complete::Shell::Fish {
        fish_positionals(&cmd, &[], &mut buf);
    }
    buf
}

/// clap_complete's fish script completes options only; these lines add the values of
/// positional arguments (`chart KIND`, `event add DATE KIND`, `trial start KIND`…).
fn fish_positionals(cmd: &clap::Command, path: &[&str], out: &mut Vec<u8>) {
    let values: Vec<String> = cmd
        .get_positionals()
        .flat_map(|a| a.get_possible_values())
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(h) => format!(
                "{}\\t'{}'",
                v.get_name(),
                h.to_string().replace('\'', "\\'").replace('"', "\\\"")
            ),
            None => v.get_name().to_string(),
        })
        .collect();
    if let Some((first, rest)) = path.split_first()
        && !values.is_empty()
    {
        let mut condition = format!("__fish_cramplog_using_subcommand {first}");
        for sub in rest {
            condition.push_str(&format!("; and __fish_seen_subcommand_from {sub}"));
        }
        out.extend(
            format!(
                "complete -c cramplog -n \"{condition}\" -f -a \"{}\"\n",
                values.join("\n")
            )
            .bytes(),
        );
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut deeper = path.to_vec();
        deeper.push(sub.get_name());
        fish_positionals(sub, &deeper, out);
    }
}

/// Marks every value that is neither a path nor a word from a list as free text, so the
/// shells offer no file names for a label, a number or a note.
fn no_file_names(cmd: clap::Command) -> clap::Command {
    let free: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_num_args().is_none_or(|n| n.takes_values())
                && a.get_action().takes_values()
                && a.get_possible_values().is_empty()
                && a.get_value_hint() == clap::ValueHint::Unknown
        })
        .map(|a| a.get_id().clone())
        .collect();
    let cmd = free.into_iter().fold(cmd, |cmd, id| {
        cmd.mut_arg(id, |a| a.value_hint(clap::ValueHint::Other))
    });
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    subs.into_iter()
        .fold(cmd, |cmd, name| cmd.mut_subcommand(name, no_file_names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_cramplog() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::Elvish,
            clap_complete::Shell::PowerShell,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            assert!(script.contains("cramplog"), "{shell}");
        }
    }

    /// The scripts offer the vocabulary's ids (not file names) where cramplog takes them.
    #[test]
    fn bash_zsh_and_fish_offer_values_from_the_vocabulary() {
        let wanted = [
            "swelling_feeling",        // -s symptom ids
            "hamstring",               // -e sites
            "compression_start",       // event kinds
            "no_reflux",               // duplex results
            "calcium_channel_blocker", // medicine classes
            "month-of-year",           // chart kinds
            "powershell",              // completion shells
            "elevation",               // trial kinds
            "end_of_day",              // --peak
            "last-night",              // night phrases
            "standing_h",              // edit --unset
            "known_varicose_veins",    // profile unset
        ];
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for id in wanted {
                assert!(script.contains(id), "{shell}: no '{id}'");
            }
            // Formats of report, chart and export.
            for format in ["md", "html", "pdf", "json", "svg", "png", "csv", "fhir"] {
                assert!(script.contains(format), "{shell}: no format '{format}'");
            }
        }
        let bash = String::from_utf8(completions(clap_complete::Shell::Bash)).unwrap();
        // `log -s` completes symptom ids, `event add --label` nothing, `--db` file names.
        let block = |opt: &str| -> String {
            let start = bash
                .find(&format!("{opt})"))
                .unwrap_or_else(|| panic!("no case for {opt}"));
            bash[start..].lines().take(3).collect::<Vec<_>>().join("\n")
        };
        assert!(
            block("--symptom").contains("heaviness"),
            "{}",
            block("--symptom")
        );
        assert!(
            !block("--label").contains("compgen -f"),
            "{}",
            block("--label")
        );
        assert!(
            !block("--note").contains("compgen -f"),
            "{}",
            block("--note")
        );
        assert!(block("--db").contains("compgen -f"), "{}", block("--db"));
        let fish = String::from_utf8(completions(clap_complete::Shell::Fish)).unwrap();
        assert!(
            fish.contains(r"swelling_feeling\t'legs felt swollen'"),
            "fish carries the plain words"
        );
        // Positionals too (clap's fish script completes options only).
        assert!(
            fish.contains(r#"-n "__fish_cramplog_using_subcommand event; and __fish_seen_subcommand_from add" -f -a "#),
            "fish completes event kinds"
        );
        assert!(
            fish.contains(r"elevation\t'raising the legs"),
            "fish completes trial kinds"
        );
    }
}
