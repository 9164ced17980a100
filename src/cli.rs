//! The command line, as clap definitions only (no logic), so completions and the man page
//! are generated from the same source. The plain night-field options come from the
//! night-field table (docs/design.md, "Night fields").

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::field::Flag;
use crate::model::NIGHT_FIELDS;
use crate::vocab::{
    Compression, DuplexResult, EventKind, Exertion, Leg, Peak, Site, SymptomId, TrialKind,
};

/// A private diary for night-time leg cramps, with reports to bring to your doctor.
///
/// Log each morning what happened last night (`cramplog log` asks you step by step), then
/// print a report for your appointment (`cramplog report --format pdf -o report.pdf`).
/// Everything stays in one file on this computer. Self-reported, not a diagnosis.
#[derive(Debug, Parser)]
#[command(
    name = "cramplog",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The diary file [env: CRAMPLOG_DB; default: $XDG_DATA_HOME/cramplog/diary.sqlite3].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// When to use colour (NO_COLOR turns it off for "auto").
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record one night (asks step by step in a terminal when given no entry options).
    #[command(after_help = LOG_EXAMPLES)]
    Log(LogArgs),
    /// Show one night in full.
    Show(ShowArgs),
    /// List nights in a table; missing nights are marked.
    List(ListArgs),
    /// Correct fields of a night that is already logged (only the fields given change).
    Edit(EditArgs),
    /// Delete a night's entry.
    Delete(DeleteArgs),
    /// One-time facts that help your doctor (age, risk factors).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Medicines, with start and stop dates.
    #[command(subcommand)]
    Med(MedCommand),
    /// Treatments and measures (compression started, vein procedure, scan…).
    #[command(subcommand)]
    Event(EventCommand),
    /// Your own questions for the next appointment, printed with the report: ask "TEXT", ask list, ask done ID.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = ASK_EXAMPLES
    )]
    Ask(AskArgs),
    /// Self-experiments: do stockings, stretching or raising your legs help your cramps?
    #[command(subcommand)]
    Trial(TrialCommand),
    /// A report for your appointment: text, Markdown, HTML, PDF or JSON.
    Report(ReportArgs),
    /// Draw one chart of the report as SVG or PNG.
    Chart(ChartArgs),
    /// Write the whole diary as JSON, CSV or FHIR.
    Export(ExportArgs),
    /// Read nights from a cramplog JSON export or a CSV folder.
    Import(ImportArgs),
    /// Copy the diary safely (online backup, verified).
    Backup(BackupArgs),
    /// Bring back a backup as the diary (verified first; the current diary is kept as a dated copy).
    Restore(RestoreArgs),
    /// Check the diary file for damage.
    Check(JsonArg),
    /// Fill a separate demo diary with 12 weeks of example nights and write its report.
    Demo(DemoArgs),
    /// Say in one line whether last night is logged (for a shell start-up file).
    Status(StatusArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man(ManArgs),
}

const LOG_EXAMPLES: &str = "\
Examples:
  cramplog log                                   # asks step by step
  cramplog log --none                            # a night without cramps
  cramplog log -e \"left calf 2m 7/10 03:10 relief=stretch\" --soreness 3
  cramplog log yesterday -e \"right foot 45s 4\" -s heaviness:left:6 -s ankle_swelling:left
  cramplog log 2026-11-20 --none --standing 7 --compression none --replace

Episode words (any order): left|right|both, calf|foot|toes|shin|thigh|hamstring|other,
a duration (45s, 2m, 1m30s), pain (7 or 7/10), a time (03:10), woke|before-sleep|on-waking,
hard, relief=stretch|walk|massage|heat|by_itself|nothing|other, resleep=MINUTES.";

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Which night: YYYY-MM-DD, last-night (default), yesterday, today, 'N days ago', or a weekday.
    #[arg(value_name = "NIGHT", num_args = 0.., trailing_var_arg = false, value_parser = night_phrases(), hide_possible_values = true)]
    pub night: Vec<String>,

    /// Overwrite the night if it is already logged.
    #[arg(long)]
    pub replace: bool,

    /// Print the saved night as JSON.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub entry: EntryArgs,
}

/// The fields of a night entry, shared by `log` and `edit`.
#[derive(Debug, Args, Default, Clone)]
pub struct EntryArgs {
    /// A night without cramps.
    #[arg(long, conflicts_with = "episode")]
    pub none: bool,

    /// One cramp, as words in any order (repeat for each cramp), e.g. "left calf 2m 7/10 03:10".
    #[arg(short = 'e', long = "episode", value_name = "SPEC", value_parser = episode_words(), hide_possible_values = true)]
    pub episode: Vec<String>,

    /// Next-morning soreness 0-10, optionally with a side: 3 or 3:left.
    #[arg(long, value_name = "N[:SIDE]")]
    pub soreness: Option<String>,

    /// A leg symptom of the day before, as ID:SIDE:SEVERITY with side and severity optional, e.g. heaviness:left:6 (repeatable).
    #[arg(
        short = 's',
        long = "symptom",
        value_name = "ID[:SIDE][:SEVERITY]",
        value_parser = symptom_ids(),
        hide_possible_values = true
    )]
    pub symptom: Vec<String>,

    /// No leg symptoms yesterday (an answered, empty checklist).
    #[arg(long, conflicts_with = "symptom")]
    pub no_symptoms: bool,

    /// Urge-to-move answers: at-rest=yes,relieved=yes,evening=no,before-sleep=yes.
    #[arg(long, value_name = "KEY=yes|no,…")]
    pub rls: Option<String>,

    /// Walking-pain answers: at-rest=no,settles=yes,site=calf|thigh_buttock|other.
    #[arg(long, value_name = "KEY=VALUE,…")]
    pub walk_pain: Option<String>,

    /// Calf circumferences in cm, 10 cm below the knee: LEFT,RIGHT (e.g. 38.5,37).
    #[arg(long, value_name = "L,R")]
    pub calf_cm: Option<String>,

    /// One option per plain night field (`--standing 7.5`, `--heat`…).
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// The options of the plain night fields, generated from the night-field table
/// (`model::NIGHT_FIELDS`): each value as given, by field id, in command-line order of the
/// table.
#[derive(Debug, Default, Clone)]
pub struct FieldArgs {
    pub given: Vec<(&'static str, String)>,
}

impl FieldArgs {
    /// The text given for a field, if any.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.given
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, v)| v.as_str())
    }
}

impl clap::FromArgMatches for FieldArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut args = FieldArgs::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for f in NIGHT_FIELDS {
            if let Ok(Some(v)) = matches.try_get_one::<String>(f.id) {
                self.given.retain(|(id, _)| *id != f.id);
                self.given.push((f.id, v.clone()));
            }
        }
        Ok(())
    }
}

impl Args for FieldArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        NIGHT_FIELDS.iter().fold(cmd, |cmd, f| match f.cli {
            Flag::Option { name, value } => {
                let arg = clap::Arg::new(f.id)
                    .long(name)
                    .value_name(value)
                    .help(f.label);
                cmd.arg(match field_values(f.id) {
                    Some(values) => arg.value_parser(values).hide_possible_values(true),
                    None => arg,
                })
            }
            Flag::Switch { name } => cmd.arg(
                clap::Arg::new(f.id)
                    .long(name)
                    .value_name("yes|no")
                    .num_args(0..=1)
                    .require_equals(true)
                    .default_missing_value("yes")
                    .value_parser(offer([("yes", ""), ("no", "")]))
                    .hide_possible_values(true)
                    .help(f.label),
            ),
            Flag::Part { .. } | Flag::None => cmd,
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Which night (default: last night).
    #[arg(value_name = "NIGHT", num_args = 0.., value_parser = night_phrases(), hide_possible_values = true)]
    pub night: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A period: `--from`/`--to` (inclusive) or `--last 8w`.
#[derive(Debug, Args, Default, Clone)]
pub struct PeriodArgs {
    /// First night (YYYY-MM-DD or a night phrase), inclusive.
    #[arg(long, value_name = "DATE", value_parser = night_phrases(), hide_possible_values = true)]
    pub from: Option<String>,
    /// Last night, inclusive (default: last night).
    #[arg(long, value_name = "DATE", value_parser = night_phrases(), hide_possible_values = true)]
    pub to: Option<String>,
    /// The last N days, weeks or months: 30d, 8w, 3m.
    #[arg(long, value_name = "SPAN", conflicts_with = "from")]
    pub last: Option<String>,
    /// Every logged night.
    #[arg(long, conflicts_with_all = ["from", "to", "last"])]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Which night to change.
    #[arg(value_name = "NIGHT", num_args = 1.., required = true, value_parser = night_phrases(), hide_possible_values = true)]
    pub night: Vec<String>,

    /// Add one cramp to the night (repeatable).
    #[arg(long, value_name = "SPEC", value_parser = episode_words(), hide_possible_values = true)]
    pub add_episode: Vec<String>,

    /// Correct cramp number N (as numbered by 'cramplog show'): N=SPEC; only the fields in SPEC change.
    #[arg(long, value_name = "N=SPEC")]
    pub fix_episode: Vec<String>,

    /// Remove cramp number N (as numbered by 'cramplog show').
    #[arg(long, value_name = "N")]
    pub drop_episode: Vec<usize>,

    /// Forget a field (back to unknown), e.g. --unset standing_h (repeatable).
    #[arg(long, value_name = "FIELD", value_parser = unset_fields(), hide_possible_values = true)]
    pub unset: Vec<String>,

    /// Print the changed night as JSON.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub entry: EntryArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Which night to delete.
    #[arg(value_name = "NIGHT", num_args = 1.., required = true, value_parser = night_phrases(), hide_possible_values = true)]
    pub night: Vec<String>,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Show the profile.
    Show(JsonArg),
    /// Set one or more keys: KEY VALUE [KEY VALUE…].
    #[command(after_help = crate::profile::keys_help())]
    Set {
        // One word is let through so that cramplog says which key lacks its value.
        #[arg(value_name = "KEY VALUE", num_args = 1.., required = true)]
        pairs: Vec<String>,
    },
    /// Forget a key.
    Unset {
        #[arg(value_name = "KEY", value_parser = profile_keys(), hide_possible_values = true)]
        key: String,
    },
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MedCommand {
    /// Add a medicine.
    Add {
        /// Its name, e.g. "salbutamol inhaler".
        name: String,
        /// Its class, needed only when cramplog does not know the name (it knows common
        /// generic names such as amlodipine, atorvastatin, furosemide).
        #[arg(long, value_name = "CLASS", value_parser = med_classes())]
        class: Option<String>,
        /// The first day you took it.
        #[arg(long, value_name = "DATE")]
        start: String,
        /// The last day you took it.
        #[arg(long, value_name = "DATE")]
        stop: Option<String>,
        /// The dose, as free text.
        #[arg(long, value_name = "TEXT")]
        dose: Option<String>,
    },
    /// Record that you stopped a medicine.
    Stop {
        name: String,
        /// The last day you took it.
        #[arg(long, value_name = "DATE")]
        date: String,
    },
    /// List medicines.
    List(JsonArg),
}

/// A word cramplog reads itself (its own parsing gives the "did you mean" and the valid
/// values in one sentence), offered to shell completion as `values` with their plain words:
/// clap lets any text through, and the scripts complete ids instead of file names.
#[derive(Clone)]
pub struct Offer(Vec<clap::builder::PossibleValue>);

impl clap::builder::TypedValueParser for Offer {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::TypedValueParser::parse_ref(
            &clap::builder::StringValueParser::new(),
            cmd,
            arg,
            value,
        )
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().cloned()))
    }
}

/// Offers ids with their plain words (an empty help is left out).
fn offer(values: impl IntoIterator<Item = (&'static str, &'static str)>) -> Offer {
    Offer(
        values
            .into_iter()
            .map(|(id, help)| {
                let v = clap::builder::PossibleValue::new(id);
                if help.is_empty() { v } else { v.help(help) }
            })
            .collect(),
    )
}

/// Symptom ids, for `-s` (a side and severity follow after `:`).
fn symptom_ids() -> Offer {
    offer(SymptomId::ALL.iter().map(|s| (s.id(), s.plain())))
}

/// The first words of a cramp SPEC: the legs and the sites.
fn episode_words() -> Offer {
    offer(
        Leg::ALL
            .iter()
            .map(|l| (l.id(), "leg"))
            .chain(Site::ALL.iter().map(|s| (s.id(), "where in the leg"))),
    )
}

fn legs() -> Offer {
    offer(Leg::ALL.iter().map(|l| (l.id(), "")))
}

fn event_kinds() -> Offer {
    offer(EventKind::ALL.iter().map(|k| (k.id(), "")))
}

fn duplex_results() -> Offer {
    offer(DuplexResult::ALL.iter().map(|r| (r.id(), r.plain())))
}

fn trial_kinds() -> Offer {
    offer(
        TrialKind::ALL
            .iter()
            .map(|k| (k.id(), crate::trial::measure(*k))),
    )
}

/// The night phrases `parse::night` reads (dates are typed as YYYY-MM-DD).
fn night_phrases() -> Offer {
    offer([
        ("last-night", "the night that ended this morning"),
        ("yesterday", "the same as last-night"),
        ("monday", "the most recent past one"),
        ("tuesday", "the most recent past one"),
        ("wednesday", "the most recent past one"),
        ("thursday", "the most recent past one"),
        ("friday", "the most recent past one"),
        ("saturday", "the most recent past one"),
        ("sunday", "the most recent past one"),
    ])
}

/// The fields `edit --unset` may forget.
fn unset_fields() -> Offer {
    offer(
        NIGHT_FIELDS
            .iter()
            .filter(|f| f.unsettable)
            .map(|f| (f.id, f.label)),
    )
}

fn profile_keys() -> Offer {
    offer(crate::profile::KEYS.iter().map(|k| (k.id, k.meaning)))
}

/// The values of a plain night field's option, when it takes words from a vocabulary.
fn field_values(id: &str) -> Option<Offer> {
    let pairs = match id {
        "symptom_peak" => Peak::ids(),
        "exertion" => Exertion::ids(),
        "compression" => Compression::ids(),
        _ => return None,
    };
    Some(offer(pairs.into_iter().map(|id| (id, ""))))
}

/// The class ids, each with its plain words in `--help` and completions.
fn med_classes() -> clap::builder::PossibleValuesParser {
    crate::vocab::MedClass::ALL
        .iter()
        .map(|c| clap::builder::PossibleValue::new(c.id()).help(c.plain()))
        .collect::<Vec<_>>()
        .into()
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event: DATE KIND.
    Add {
        /// The date (YYYY-MM-DD or a phrase such as yesterday).
        #[arg(value_parser = night_phrases(), hide_possible_values = true)]
        date: String,
        /// compression_start, compression_stop, stretching_start, vein_procedure, duplex_scan, other.
        #[arg(value_parser = event_kinds(), hide_possible_values = true)]
        kind: String,
        /// A short description.
        #[arg(long, value_name = "TEXT")]
        label: Option<String>,
        /// Which leg: left, right, both.
        #[arg(long, value_name = "SIDE", value_parser = legs(), hide_possible_values = true)]
        side: Option<String>,
        /// What a duplex_scan showed: reflux, no_reflux or unclear.
        #[arg(
            long,
            value_name = "RESULT",
            value_parser = duplex_results(),
            hide_possible_values = true
        )]
        result: Option<String>,
    },
    /// List events with their ids.
    List(JsonArg),
    /// Delete an event by its id (see 'cramplog event list').
    Delete {
        // A negative number reaches our own message, not clap's "unexpected argument".
        #[arg(value_name = "ID", allow_negative_numbers = true)]
        id: String,
    },
}

const ASK_EXAMPLES: &str = "\
Examples:
  cramplog ask \"Could my water tablet cause the cramps?\"
  cramplog ask list
  cramplog ask done 2                       # asked at the appointment, or no longer needed

Open questions are printed, oldest first, on the first page of the report.";

#[derive(Debug, Args)]
pub struct AskArgs {
    #[command(subcommand)]
    pub command: Option<AskCommand>,
    /// The question, in your own words (up to 500 characters; quote it).
    #[arg(value_name = "TEXT", num_args = 1.., required = true)]
    pub text: Vec<String>,
    /// Print the saved question as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AskCommand {
    /// Your open questions, oldest first, with the numbers 'ask done' takes.
    List {
        /// Also the questions marked done.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a question done (asked at the appointment, or no longer needed).
    Done {
        /// The question's number (see 'cramplog ask list').
        #[arg(value_name = "ID", allow_negative_numbers = true)]
        id: String,
        /// Print the question as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrialCommand {
    /// Start a self-experiment: periods with and without the measure, in a random order.
    #[command(after_help = TRIAL_EXAMPLES)]
    Start(TrialStartArgs),
    /// The current trial: its schedule, tonight's plan and how well it was followed.
    Show(JsonArg),
    /// End the current trial early; it is analysed as far as it got.
    Stop {
        /// The last night that belongs to the trial (default: last night).
        #[arg(long, value_name = "NIGHT")]
        date: Option<String>,
        /// Print the stopped trial as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every trial with its result.
    List(JsonArg),
}

const TRIAL_EXAMPLES: &str = "\
Examples:
  cramplog trial start compression          # 5 pairs of 7-night periods from tonight
  cramplog trial start stretching --pairs 6 --nights 5 --washout 1 --from 2026-12-07
  cramplog trial show

Each pair of periods is one period with the measure and one without, in an order drawn at
random; the first nights of each period are a washout and are not counted. Fewer than 5 pairs
can never show a benefit at p < 0.05.";

#[derive(Debug, Args)]
pub struct TrialStartArgs {
    /// What to test: compression (stockings), stretching (calf stretch before bed) or
    /// elevation (legs raised 30 minutes or more in the evening).
    #[arg(value_parser = trial_kinds(), hide_possible_values = true)]
    pub kind: String,
    /// Pairs of periods, 1 to 16 [default: 5].
    #[arg(long, value_name = "N")]
    pub pairs: Option<u32>,
    /// Nights in each period, 3 to 28 [default: 7].
    #[arg(long, value_name = "K")]
    pub nights: Option<u32>,
    /// Washout nights at the start of each period, not counted [default: 2].
    #[arg(long, value_name = "W")]
    pub washout: Option<u32>,
    /// The first night (default: tonight).
    #[arg(long, value_name = "NIGHT")]
    pub from: Option<String>,
    /// Draw the order from this number instead of the system's randomness (reproducible).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Your clinician agreed to a compression trial despite a past clot or a recent open sore.
    #[arg(long)]
    pub clinician_agreed: bool,
    /// Print the new trial as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Html,
    Pdf,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output format (default: text).
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<ReportFormat>,
    /// Write to this file instead of standard output (required for pdf).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Put this name on the report (nothing personal is printed by default).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Leave notes out of the report.
    #[arg(long)]
    pub redact_notes: bool,
    /// Paper size for PDF and print.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Paper::A4)]
    pub paper: Paper,
    /// The appendix lists one row per night, or per week (default: weeks for periods over 26
    /// weeks, else nights).
    #[arg(long, value_enum, value_name = "ROWS")]
    pub appendix: Option<AppendixRows>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AppendixRows {
    Weeks,
    Nights,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartKind {
    Weekly,
    Calendar,
    TimeOfNight,
    DurationPain,
    LegSite,
    Cosymptoms,
    /// Cramp nights by calendar month, all years pooled (for periods of 12 months or more).
    MonthOfYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    Svg,
    Png,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Which chart.
    #[arg(value_enum)]
    pub kind: ChartKind,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Image format (default: from the file name, else svg).
    #[arg(long, value_enum)]
    pub format: Option<ChartFormat>,
    /// The image file to write.
    #[arg(short = 'o', long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Fhir,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json (lossless), csv (nights.csv + episodes.csv in a folder) or fhir (HL7 FHIR R4 Bundle).
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// The file (or folder for csv) to write; json and fhir default to standard output.
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A cramplog JSON export, or a folder (or nights.csv) from a CSV export.
    pub file: PathBuf,
    /// Say what would be added, replaced or skipped, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite nights that are already in the diary.
    #[arg(long, conflicts_with = "skip_existing")]
    pub replace: bool,
    /// Keep the diary's nights and import only the new ones.
    #[arg(long)]
    pub skip_existing: bool,
    /// Import nights dated after today as they are (an export of a diary that holds them).
    #[arg(long)]
    pub allow_future: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write.
    pub file: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to bring back (written by 'cramplog backup').
    pub backup: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Do not write the demo report files, only the demo diary.
    #[arg(long)]
    pub no_report: bool,
    /// Folder for the demo report files (default: beside the demo diary).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print nothing; exit 0 when last night is logged and 1 when it is not.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `cramplog man` takes no options.
#[derive(Debug, Args)]
pub struct ManArgs {}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn none_and_episode_conflict() {
        assert!(Cli::try_parse_from(["cramplog", "log", "--none", "-e", "left calf 5"]).is_err());
    }

    #[test]
    fn heat_takes_an_optional_answer() {
        let cli = Cli::try_parse_from(["cramplog", "log", "--heat", "--stretched=no"]).unwrap();
        let Command::Log(args) = cli.command else {
            panic!("expected log")
        };
        assert_eq!(args.entry.fields.get("heat"), Some("yes"));
        assert_eq!(args.entry.fields.get("stretched"), Some("no"));
    }
}
