//! The guided morning entry (docs/design.md section 3): `cramplog log` in a terminal with no entry
//! options asks step by step, with defaults, a way back, and a summary to confirm.
//!
//! The questions form a small state machine (`Step`, `next`): each answer changes a
//! draft (`State`), and the state before every answer is kept, so `<` restores exactly
//! what the previous question saw and asks it again. Nothing touches the diary until the
//! patient confirms the summary; then `cmd::log` saves the night through the same `save`
//! as `log` with options, so the store path, `--replace` and the red-flag advice are the same as for `log` with
//! flags. End of input or Ctrl-C at any question leaves without writing.
//!
//! The red-flag screen of docs/design.md section 5 is asked on every path, quiet nights included,
//! and a "yes" prints its advice at once.

mod prompt;
mod usual;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use crate::error::Cancelled;
use crate::field::{self, Ask, Cell, Kind, Spec, Stored};
use crate::model::{Episode, NIGHT_FIELDS, Night, RedFlag, Symptom};
use crate::parse::format_duration;
use crate::store::{self, Access, NightRange, Store};
use crate::view;
use crate::vocab::{Leg, Peak, Phase, Relief, Site, SymptomId, TrialKind, WalkSite};
use prompt::{Answer, NOTHING_SAVED, Opt, Prompter, Question};
pub use usual::Usual;

/// Set once the patient has confirmed: from then on Ctrl-C no longer cancels, so the
/// message "nothing was saved" can never be printed for a night that was saved.
static SAVING: AtomicBool = AtomicBool::new(false);

/// Runs the guided entry in the terminal on the diary at `diary` (read only, and only if it
/// exists: a cancelled entry must not create a file). Returns the confirmed night, stamped
/// and validated; saving it is the caller's (`cmd::log`).
pub fn run(setup: &Setup, diary: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let mut store = if diary.exists() {
        Some(Store::open(diary, Access::Existing)?)
    } else {
        None
    };
    let mut lookup = |date: NaiveDate| -> Result<Lookup> {
        match store.as_mut() {
            None => Ok(Lookup::default()),
            Some(s) => s.read(|tx| lookup_in(tx, date)),
        }
    };
    cancel_on_ctrl_c();
    let mut outcome = {
        let stdin = std::io::stdin();
        interview(stdin.lock(), out, setup, &mut lookup)?
    };
    drop(store);
    SAVING.store(true, Ordering::SeqCst);
    outcome.night.entered_at = Some(crate::clock::now(setup.today));
    outcome
        .night
        .validate()
        .map_err(|e| crate::error::UsageError::new(e.to_string()))?;
    writeln!(out)?;
    Ok(outcome)
}

/// The terminal stays in line mode, so Ctrl-C arrives as SIGINT. Before the confirm nothing
/// has been written, so the entry simply ends: a short message and exit code 130. The
/// handler runs on its own thread; it must exit the process from there because the main
/// thread is blocked reading the terminal.
fn cancel_on_ctrl_c() {
    // If a handler cannot be installed, SIGINT keeps its default action (the process ends
    // at once), which also writes nothing.
    let _ = ctrlc::set_handler(|| {
        if SAVING.load(Ordering::SeqCst) {
            return;
        }
        let mut err = std::io::stderr();
        let _ = writeln!(err, "\ncramplog: cancelled; {NOTHING_SAVED}");
        let _ = err.flush();
        std::process::exit(130);
    });
}

/// What the diary already holds around the night being logged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lookup {
    /// The night itself, if it is logged already.
    pub existing: Option<Night>,
    /// The logged nights of the 30 days before it, oldest first, at most
    /// [`usual::RECENT_NIGHTS`]: the patient's habits are offered from them as defaults.
    pub recent: Vec<Night>,
    /// The self-experiment whose schedule holds the night: its exposure is asked first,
    /// with the plan as the default (docs/design.md section 11).
    pub trial: Option<crate::trial::Trial>,
}

impl Lookup {
    /// The most recent logged night before the one being logged.
    pub fn previous(&self) -> Option<&Night> {
        self.recent.last()
    }
}

fn lookup_in(tx: &rusqlite::Transaction<'_>, date: NaiveDate) -> Result<Lookup> {
    let existing = store::load_night(tx, date)?;
    let mut recent = store::load_nights(
        tx,
        NightRange {
            from: Some(date - Duration::days(30)),
            to: Some(date - Duration::days(1)),
        },
    )?;
    let keep = recent.len().saturating_sub(usual::RECENT_NIGHTS);
    recent.drain(..keep);
    let trial = crate::trial::covering(&store::load_trials(tx)?, date)?;
    Ok(Lookup {
        existing,
        recent,
        trial,
    })
}

/// Fixed facts for one guided entry.
pub struct Setup {
    pub today: NaiveDate,
    pub color: bool,
    /// The night given on the command line (then the night question is not asked).
    pub night: Option<NaiveDate>,
    /// `--replace` was given: an existing night is replaced without asking.
    pub replace: bool,
    /// Columns to wrap the questions to.
    pub width: usize,
}

/// A confirmed entry, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub night: Night,
    pub replace: bool,
}

/// One question of the entry. Indexed steps refer to a cramp, a red-flag question or a
/// ticked symptom.
///
/// The order is the patient's morning: which night, the cramps, sleep, the safety screen,
/// the day before, a note, the summary. A question that must come first on some mornings
/// (a trial's plan, say) is one more variant and one more arm in [`next`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Step {
    Night,
    Replace,
    /// The trial's exposure, asked first while a self-experiment runs.
    Trial,
    Cramps,
    /// "Like your usual cramp?": yes takes every field of the usual cramp.
    UsualCramp(usize),
    Leg(usize),
    Site(usize),
    Duration(usize),
    Pain(usize),
    Phase(usize),
    Time(usize),
    Relief(usize),
    Soreness,
    SleepQuality,
    CrampAwakenings,
    /// The five safety questions on one screen.
    Screen,
    ScreenWhich(usize),
    ScreenSide(usize),
    Checklist,
    Detail(usize),
    Peak,
    Rls(usize),
    Walk(usize),
    /// "Was the day as usual?": yes takes the usual day before.
    UsualDay,
    /// The `k`-th question about the day before, from the night-field table
    /// ([`usual::day_fields`]).
    Day(usize),
    Note,
    Confirm,
    /// After "n" at the summary: change an answer, or discard.
    Change,
    Discard,
}

/// The parts of the entry the patient can go back to from the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Night,
    Cramps,
    Sleep,
    Safety,
    Day,
    Note,
}

const PARTS: [(Part, &str); 6] = [
    (Part::Night, "which night"),
    (Part::Cramps, "the cramps"),
    (Part::Sleep, "soreness and sleep"),
    (Part::Safety, "the safety questions"),
    (Part::Day, "the day before"),
    (Part::Note, "the note"),
];

impl Step {
    /// Questions that `.` (skip to the end) does not skip: which night, the cramps, the
    /// red-flag screen and the confirm; and the checklist once a warning sign was reported,
    /// because a stored sign makes the checklist count as answered.
    fn mandatory(self, s: &State) -> bool {
        match self {
            Step::Night
            | Step::Replace
            | Step::Cramps
            | Step::Screen
            | Step::ScreenWhich(_)
            | Step::ScreenSide(_)
            | Step::Confirm
            | Step::Change
            | Step::Discard => true,
            Step::Checklist => !s.flags.is_empty(),
            _ => false,
        }
    }

    fn part(self) -> Part {
        use Step::*;
        match self {
            Night | Replace | Trial => Part::Night,
            Cramps | UsualCramp(_) | Leg(_) | Site(_) | Duration(_) | Pain(_) | Phase(_)
            | Time(_) | Relief(_) => Part::Cramps,
            Soreness | SleepQuality | CrampAwakenings => Part::Sleep,
            Screen | ScreenWhich(_) | ScreenSide(_) => Part::Safety,
            Checklist | Detail(_) | Peak | Rls(_) | Walk(_) | UsualDay | Day(_) => Part::Day,
            Note | Confirm | Change | Discard => Part::Note,
        }
    }
}

/// The red-flag screen: five questions, each with the signs a "yes" may mean.
struct ScreenQuestion {
    text: &'static str,
    signs: &'static [SymptomId],
    /// Whether the signs are on a leg (then a side is asked).
    leg: bool,
}

const SCREEN: [ScreenQuestion; 5] = [
    ScreenQuestion {
        text: "Is one leg newly swollen, or is a calf tender, warm or red?",
        signs: &[SymptomId::NewOneSidedSwelling, SymptomId::CalfTenderWarmRed],
        leg: true,
    },
    ScreenQuestion {
        text: "Are you short of breath, or do you have chest pain or cough up blood?",
        signs: &[SymptomId::BreathlessChestPain],
        leg: false,
    },
    ScreenQuestion {
        text: "Has a vein bled, or is there an open sore on your leg?",
        signs: &[SymptomId::VeinBleeding, SymptomId::OpenSore],
        leg: true,
    },
    ScreenQuestion {
        text: "Is a foot suddenly cold and pale, or painful at rest?",
        signs: &[SymptomId::ColdPaleFoot, SymptomId::RestFootPain],
        leg: true,
    },
    ScreenQuestion {
        text: "Any new change: a hard painful vein, red hot spreading skin, darker or harder skin?",
        signs: &[
            SymptomId::HardPainfulVein,
            SymptomId::RedHotSpreadingSkin,
            SymptomId::SkinChangeNew,
        ],
        leg: true,
    },
];

/// The symptom checklist of the day before: every symptom except the signs the red-flag
/// screen asks about (new weakness and twitching are asked here).
const CHECKLIST: [(SymptomId, &[&str]); 15] = [
    (SymptomId::Heaviness, &["heaviness", "heavy"]),
    (SymptomId::Aching, &["aching", "ache", "aches", "achy"]),
    (SymptomId::SwellingFeeling, &["swelling_feeling", "swollen"]),
    (SymptomId::Throbbing, &["throbbing", "throb"]),
    (SymptomId::Itching, &["itching", "itch", "itchy"]),
    (SymptomId::Burning, &["burning", "burn"]),
    (
        SymptomId::AnkleSwelling,
        &["ankle_swelling", "ankle", "ankles"],
    ),
    (SymptomId::SockMarks, &["sock_marks", "sock", "socks"]),
    (
        SymptomId::VisibleVeins,
        &["visible_veins", "veins", "vein", "bulging"],
    ),
    (
        SymptomId::Tingling,
        &["tingling", "pins", "needles", "tingle"],
    ),
    (SymptomId::Numbness, &["numbness", "numb"]),
    (
        SymptomId::RestlessUrge,
        &["restless_urge", "restless", "urge"],
    ),
    (SymptomId::WalkingPain, &["walking_pain", "walking"]),
    (
        SymptomId::NewWeakness,
        &["new_weakness", "weak", "weakness"],
    ),
    (SymptomId::Twitching, &["twitching", "twitch", "twitches"]),
];

const RLS: [&str; 4] = [
    "Was the urge to move there while you were resting, sitting or lying down? (y or n)",
    "Did moving or walking ease it, at least while you kept moving? (y or n)",
    "Was it worse in the evening or at night than during the day? (y or n)",
    "Did it come on in bed, before you fell asleep? (y or n)",
];

const WALK: [&str; 2] = [
    "Does the walking pain ever begin while you are standing still or sitting? (y or n)",
    "When you stop walking, does it usually go within 10 minutes? (y or n)",
];

/// The answers so far. Cloned before every question, so going back restores it exactly.
#[derive(Debug, Clone)]
struct State {
    night: Night,
    cramps: usize,
    lookup: Lookup,
    replace: bool,
    /// The "yes" answers of the red-flag screen.
    screen: [bool; 5],
    /// Signs reported through the screen.
    flags: Vec<Symptom>,
    /// The checklist: `None` unanswered, `Some(vec![])` answered with nothing ticked.
    checklist: Option<Vec<Symptom>>,
    /// The patient's usual answers, from the recent nights.
    usual: Usual,
    /// For each cramp, whether the patient said it was like the usual one.
    same_as_usual: Vec<bool>,
    /// The patient said the day before was as usual.
    usual_day: bool,
    /// Habits taken over from the recent nights by pressing Enter (named in the summary).
    carried: Vec<&'static str>,
    /// `.` was typed: the remaining optional questions are skipped.
    to_end: bool,
}

impl State {
    /// Takes the diary's view of the chosen night, and the habits of the nights before it.
    fn set_lookup(&mut self, found: Lookup) {
        self.usual = Usual::from_nights(&found.recent);
        self.lookup = found;
        // The trial's measure is never a habit: last week's answer may belong to the other
        // period of the plan.
        if let Some(id) = self.trial_field() {
            self.usual.forget(id);
        }
    }

    /// The measure of the self-experiment holding this night.
    fn trial_kind(&self) -> Option<TrialKind> {
        let t = self.lookup.trial.as_ref()?;
        t.plan(self.night.night).map(|_| t.kind)
    }

    /// The night field the self-experiment holding this night measures (asked first).
    fn trial_field(&self) -> Option<&'static str> {
        self.trial_kind().map(trial_field)
    }

    /// Keeps the trial's answer when the usual day fills the other habits.
    fn fill_usual_day(&mut self) {
        let kept = self.night.clone();
        self.usual.clone().fill_day(&mut self.night);
        if let Some(f) = self
            .trial_field()
            .and_then(|id| field::find(NIGHT_FIELDS, id))
        {
            let _ = (f.set)(&mut self.night, (f.get)(&kept).as_ref());
        }
    }

    /// The night as it would be saved.
    fn build(&self) -> Night {
        let mut n = self.night.clone();
        n.symptoms = match (&self.checklist, self.flags.is_empty()) {
            (None, true) => None,
            (None, false) => Some(self.flags.clone()),
            (Some(list), _) => Some(self.flags.iter().chain(list).cloned().collect()),
        };
        n
    }

    fn ticked(&self, id: SymptomId) -> bool {
        self.checklist.iter().flatten().any(|s| s.id == id)
    }
}

/// What happens after a question.
enum Flow {
    Next,
    Back,
    ToEnd,
    Save,
    /// Go back to the first question of a part, keeping the later answers as Enter.
    Revisit(Part),
    /// Go to this question next (the summary's change-or-discard questions).
    Goto(Step),
}

/// The question after `step`, given the answers so far.
fn next(step: Step, s: &State) -> Step {
    use Step::*;
    // The next "yes" of the safety screen that asks which sign or which leg.
    let screen_from = |k: usize| {
        (k..SCREEN.len())
            .find(|&k| s.screen[k] && (SCREEN[k].signs.len() > 1 || SCREEN[k].leg))
            .map_or(Checklist, |k| {
                if SCREEN[k].signs.len() > 1 {
                    ScreenWhich(k)
                } else {
                    ScreenSide(k)
                }
            })
    };
    let ticked = s.checklist.as_ref().map_or(0, Vec::len);
    // The next question about the day before from the `k`-th on; the trial's measure was
    // asked first and is not asked again.
    let day = |k: usize| {
        let fields = usual::day_fields();
        (k..fields.len())
            .find(|&j| Some(fields[j].id) != s.trial_field())
            .map_or(Note, Day)
    };
    let day_before = if s.usual.has_day() { UsualDay } else { day(0) };
    let day_before_probes = |from_peak: bool| {
        if from_peak && s.ticked(SymptomId::RestlessUrge) {
            Rls(0)
        } else if s.ticked(SymptomId::WalkingPain) {
            Walk(0)
        } else {
            day_before
        }
    };
    let cramp = |i: usize| {
        if i >= s.cramps {
            Soreness
        } else if s.usual.cramp.is_some() {
            UsualCramp(i)
        } else {
            Leg(i)
        }
    };
    match step {
        Night if s.lookup.existing.is_some() && !s.replace => Replace,
        Night | Replace if s.trial_kind().is_some() => Trial,
        Night | Replace | Trial => Cramps,
        Cramps => cramp(0),
        UsualCramp(i) if s.same_as_usual.get(i).copied().unwrap_or(false) => cramp(i + 1),
        UsualCramp(i) => Leg(i),
        Leg(i) => Site(i),
        Site(i) => Duration(i),
        Duration(i) => Pain(i),
        Pain(i) => Phase(i),
        Phase(i) => Time(i),
        Time(i) => Relief(i),
        Relief(i) => cramp(i + 1),
        Soreness => SleepQuality,
        SleepQuality if s.cramps > 0 => CrampAwakenings,
        SleepQuality | CrampAwakenings => Screen,
        Screen => screen_from(0),
        ScreenWhich(k) if SCREEN[k].leg => ScreenSide(k),
        ScreenWhich(k) | ScreenSide(k) => screen_from(k + 1),
        Checklist if ticked > 0 => Detail(0),
        Checklist => day_before,
        Detail(i) if i + 1 < ticked => Detail(i + 1),
        Detail(_) => Peak,
        Peak => day_before_probes(true),
        Rls(q) if q + 1 < RLS.len() => Rls(q + 1),
        Rls(_) => day_before_probes(false),
        Walk(q) if q < 2 => Walk(q + 1),
        Walk(_) => day_before,
        UsualDay if s.usual_day => Note,
        UsualDay => day(0),
        Day(k) => day(k + 1),
        Note => Confirm,
        Confirm | Change | Discard => Confirm,
    }
}

/// Runs the questions until the patient confirms (returns the night) or cancels (returns
/// [`Cancelled`]). `lookup` reads the diary around the chosen night.
pub fn interview<R: BufRead>(
    input: R,
    out: &mut dyn Write,
    setup: &Setup,
    lookup: &mut dyn FnMut(NaiveDate) -> Result<Lookup>,
) -> Result<Outcome> {
    let mut p = Prompter::new(input, out, setup.color);
    p.width = setup.width.saturating_sub(2).max(20);
    let last_night = setup.today - Duration::days(1);
    let mut state = State {
        night: Night::new(setup.night.unwrap_or(last_night)),
        cramps: 0,
        lookup: Lookup::default(),
        replace: setup.replace,
        screen: [false; 5],
        flags: Vec::new(),
        checklist: None,
        usual: Usual::default(),
        same_as_usual: Vec::new(),
        usual_day: false,
        carried: Vec::new(),
        to_end: false,
    };
    let mut history: Vec<(Step, State)> = Vec::new();
    let mut likely_night = last_night;
    let step = if let Some(d) = setup.night {
        state.set_lookup(lookup(d)?);
        next(Step::Night, &state)
    } else {
        let found = lookup(last_night)?;
        if found.existing.is_none() {
            // Last night is the night nearly every morning: not asked, but `<` at the
            // first question goes back to choose another.
            history.push((Step::Night, state.clone()));
            state.set_lookup(found);
            next(Step::Replace, &state)
        } else {
            likely_night = most_likely_night(&found, last_night);
            Step::Night
        }
    };
    let w = Words::new(state.night.night, setup.today);
    p.say(&format!(
        "Good morning. A few questions about {} and {}. Enter takes the answer shown; \
         type - to skip a question, < to go back, . to skip to the end (the safety \
         questions are still asked), Ctrl-C to stop.",
        w.night, w.day_before
    ))?;
    if matches!(step, Step::Cramps | Step::Trial) && setup.night.is_none() {
        p.say(&format!(
            "  Logging {}, {}. To log another night, type < at the first question.",
            w.night,
            view::day(state.night.night)
        ))?;
    }
    let mut step = step;
    // What was typed at each question, offered again when the patient comes back to it.
    let mut typed: HashMap<Step, String> = HashMap::new();
    // The part the patient chose to change at the summary.
    let mut replaying: Option<Part> = None;
    let mut entry = Entry {
        p: &mut p,
        setup,
        lookup,
        likely_night,
    };
    loop {
        if state.to_end && !step.mandatory(&state) {
            step = next(step, &state);
            continue;
        }
        let before = state.clone();
        entry.p.recall = typed.get(&step).cloned();
        // After the part being changed, the earlier answers are taken again as they were,
        // straight back to the summary (issue 15: changing one answer is a few keys).
        entry.p.replay = replaying.is_some_and(|part| step.part() > part) && step != Step::Confirm;
        if step == Step::Confirm {
            replaying = None;
        }
        let flow = entry.ask(step, &mut state)?;
        if matches!(flow, Flow::Next) {
            match entry.p.typed.take() {
                Some(t) => typed.insert(step, t),
                None => typed.remove(&step),
            };
        }
        match flow {
            Flow::Next => {
                history.push((step, before));
                step = next(step, &state);
            }
            Flow::ToEnd if step.mandatory(&before) => {
                state = before;
                entry.p.say(
                    "  This one is always asked; please answer it (Enter takes the answer shown).",
                )?;
            }
            Flow::ToEnd => {
                history.push((step, before));
                state.to_end = true;
                step = next(step, &state);
            }
            Flow::Back => {
                state = before;
                match history.pop() {
                    Some((s, st)) => {
                        step = s;
                        state = st;
                    }
                    None if step == Step::Replace => {
                        return Err(Cancelled(format!(
                            "kept the night of {} as it was; {NOTHING_SAVED}",
                            state.night.night
                        ))
                        .into());
                    }
                    None => entry.p.say("  This is the first question.")?,
                }
            }
            Flow::Save => {
                return Ok(Outcome {
                    night: state.build(),
                    replace: state.replace,
                });
            }
            Flow::Goto(target) => {
                history.push((step, before));
                step = target;
            }
            Flow::Revisit(part) => {
                replaying = Some(part);
                let at = history
                    .iter()
                    .position(|(s, _)| s.part() >= part)
                    .unwrap_or(history.len().saturating_sub(1));
                if let Some((s, st)) = history.get(at).cloned() {
                    step = s;
                    state = st;
                    history.truncate(at);
                }
            }
        }
    }
}

/// The night a patient most likely means when last night is already logged: the most
/// recent night of the past week that is not logged yet (else last night).
fn most_likely_night(found: &Lookup, last_night: NaiveDate) -> NaiveDate {
    (1..7)
        .map(|k| last_night - Duration::days(k))
        .find(|d| !found.recent.iter().any(|n| n.night == *d))
        .unwrap_or(last_night)
}

/// How the questions name the night being logged, its morning and the day before it, so
/// a back-dated entry never reads as last night's (issue 15).
struct Words {
    /// "last night" or "the night of Sun 22 Nov 2026".
    night: String,
    /// "this morning" or "the morning after Sun 22 Nov 2026".
    morning: String,
    /// "yesterday" or "on Sun 22 Nov 2026".
    day: String,
    /// "yesterday" or "the day of Sun 22 Nov 2026".
    day_before: String,
}

impl Words {
    fn new(night: NaiveDate, today: NaiveDate) -> Words {
        if night + Duration::days(1) == today {
            Words {
                night: "last night".into(),
                morning: "this morning".into(),
                day: "yesterday".into(),
                day_before: "yesterday".into(),
            }
        } else {
            let d = view::day(night);
            Words {
                night: format!("the night of {d}"),
                morning: format!("the morning after {d}"),
                day: format!("on {d}"),
                day_before: format!("the day of {d}"),
            }
        }
    }
}

/// Splits an answer into a value (`Some`), a skip (`None`) or a move (back, to the end).
macro_rules! take {
    ($answer:expr) => {
        match $answer {
            Answer::Given(v) | Answer::Default(v) => Some(v),
            Answer::Skip => None,
            Answer::Back => return Ok(Flow::Back),
            Answer::ToEnd => return Ok(Flow::ToEnd),
        }
    };
}

struct Entry<'a, 'w, R> {
    p: &'a mut Prompter<'w, R>,
    setup: &'a Setup,
    lookup: &'a mut dyn FnMut(NaiveDate) -> Result<Lookup>,
    /// The Enter default of the night question.
    likely_night: NaiveDate,
}

fn leg_opts() -> [Opt<Leg>; 3] {
    [
        Opt::new(Leg::Left, "left", &["l"]),
        Opt::new(Leg::Right, "right", &["r"]),
        Opt::new(Leg::Both, "both", &["b", "both legs"]),
    ]
}

fn leg_label(l: Leg) -> &'static str {
    match l {
        Leg::Left => "left",
        Leg::Right => "right",
        Leg::Both => "both",
    }
}

fn site_opts() -> [Opt<Site>; 7] {
    [
        Opt::new(Site::Calf, "calf", &["calves"]),
        Opt::new(Site::Foot, "foot", &["feet", "sole", "arch"]),
        Opt::new(Site::Toes, "toes", &["toe"]),
        Opt::new(Site::Shin, "shin", &["front of the lower leg"]),
        Opt::new(Site::Thigh, "thigh (front)", &["thigh", "quad", "quads"]),
        Opt::new(
            Site::Hamstring,
            "hamstring (back of thigh)",
            &["hamstring", "hamstrings"],
        ),
        Opt::new(Site::Other, "other", &["elsewhere"]),
    ]
}

fn phase_opts() -> [Opt<Phase>; 3] {
    [
        Opt::new(
            Phase::WokeMe,
            "it woke me",
            &["woke", "woke me", "asleep", "night"],
        ),
        Opt::new(
            Phase::BeforeSleep,
            "before I fell asleep",
            &["before sleep", "before", "evening"],
        ),
        Opt::new(
            Phase::OnWaking,
            "as I woke up",
            &["on waking", "waking", "morning"],
        ),
    ]
}

fn relief_opts() -> [Opt<Relief>; 7] {
    [
        Opt::new(Relief::Stretch, "stretching", &["stretch", "stretched"]),
        Opt::new(
            Relief::Walk,
            "walking",
            &["walk", "walked", "standing", "stood"],
        ),
        Opt::new(Relief::Massage, "massage", &["rubbing", "rub", "massaged"]),
        Opt::new(Relief::Heat, "heat", &["warmth", "hot"]),
        Opt::new(
            Relief::ByItself,
            "it went by itself",
            &["by itself", "itself", "by_itself"],
        ),
        Opt::new(Relief::Nothing, "nothing helped", &["nothing"]),
        Opt::new(Relief::Other, "something else", &["other", "else"]),
    ]
}

fn sleep_opts() -> [Opt<u8>; 5] {
    [
        Opt::new(1, "very poor", &["terrible", "awful"]),
        Opt::new(2, "poor", &["bad", "badly"]),
        Opt::new(3, "fair", &["ok", "okay", "average"]),
        Opt::new(4, "good", &["well", "fine"]),
        Opt::new(5, "very good", &["great", "excellent", "very well"]),
    ]
}

fn peak_opts() -> [Opt<Peak>; 5] {
    [
        Opt::new(Peak::OnWaking, "on waking", &["morning", "waking"]),
        Opt::new(Peak::Midday, "midday", &["noon", "afternoon"]),
        Opt::new(
            Peak::EndOfDay,
            "end of the day",
            &["evening", "end of day", "end"],
        ),
        Opt::new(Peak::Night, "at night", &["night", "bed", "bedtime"]),
        Opt::new(
            Peak::AnyTime,
            "no particular time",
            &["any time", "any", "anytime", "always"],
        ),
    ]
}

fn walk_site_opts() -> [Opt<WalkSite>; 3] {
    [
        Opt::new(WalkSite::Calf, "calf", &["calves"]),
        Opt::new(
            WalkSite::ThighButtock,
            "thigh or buttock",
            &["thigh", "buttock", "hip"],
        ),
        Opt::new(
            WalkSite::Other,
            "somewhere else",
            &["other", "foot", "else"],
        ),
    ]
}

fn checklist_opts() -> Vec<Opt<SymptomId>> {
    CHECKLIST
        .iter()
        .map(|(id, words)| Opt {
            value: *id,
            label: id.plain(),
            words,
        })
        .collect()
}

fn sign_opts(signs: &[SymptomId]) -> Vec<Opt<SymptomId>> {
    signs
        .iter()
        .map(|id| Opt {
            value: *id,
            label: id.plain(),
            words: &[],
        })
        .collect()
}

/// Two columns of numbered choices, for long lists.
fn columns<T>(opts: &[Opt<T>]) -> String {
    let half = opts.len().div_ceil(2);
    let cell = |i: usize| format!("{:>2} {}", i + 1, opts[i].label);
    let width = (0..half)
        .map(|i| cell(i).chars().count())
        .max()
        .unwrap_or(0)
        + 3;
    (0..half)
        .map(|i| match opts.get(i + half) {
            Some(_) => format!("{:<width$}{}", cell(i), cell(i + half)),
            None => cell(i),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A 0–10 rating with an optional leg (`6`, `6 left`, `left 6/10`).
fn rating_and_side(
    text: &str,
    with_rating: bool,
) -> std::result::Result<(Option<u8>, Option<Leg>), String> {
    let mut rating = None;
    let mut side = None;
    let text = text
        .to_lowercase()
        .replace("out of 10", "/10")
        .replace("out of ten", "/10")
        .replace(" /10", "/10");
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let t = token.to_lowercase();
        if with_rating && let Ok(n) = crate::parse::rating(&t) {
            if rating.is_some() {
                return Err(format!(
                    "'{token}' is not a rating from 0 to 10; type e.g. 6 or 6 left"
                ));
            }
            rating = Some(n);
        } else if matches!(t.as_str(), "leg" | "legs" | "side") {
        } else if let Ok(l) = prompt::pick(&t, &leg_opts()) {
            side = Some(l);
        } else if with_rating && matches!(t.as_str(), "no" | "none" | "not") {
            rating = Some(0);
        } else {
            return Err(if with_rating {
                format!("'{token}' is neither a rating 0-10 nor a leg; type e.g. 6 or 6 left")
            } else {
                format!("'{token}' is not a leg; type 1 left, 2 right or 3 both")
            });
        }
    }
    if rating.is_none() && side.is_none() {
        return Err("type a rating from 0 to 10 and, if you like, a leg: e.g. 6 left".into());
    }
    Ok((rating, side))
}

/// A simple numeric answer for a night field, within the night-field table's range.
fn field_number<T: Stored>(id: &str, text: &str, what: &str) -> std::result::Result<T, String> {
    T::from_cell(field_cell(id, text, what)?.as_ref())
}

/// The answer to a question about the day before, as the field's kind reads it.
fn day_answer(f: &Spec<Night>, ask: &Ask, text: &str) -> std::result::Result<Cell, String> {
    match f.kind {
        Kind::Int { .. } if ask.unit == "minutes" => minutes(text).map(|m| Cell::Int(m.into())),
        Kind::Int { .. } | Kind::Decimal { .. } => field_cell(f.id, text, ask.unit),
        Kind::Bool => prompt::yes_no(text).map(|b| Cell::Int(i64::from(b))),
        Kind::Id => prompt::pick(text, &choice_opts(ask)).map(|id| Cell::Text(id.into())),
        _ => Err(format!("{} is not asked in the guided entry", f.id)),
    }
}

/// A day-before answer in the words the entry shows it ("7.5", "most of the day", "yes").
fn answer_words(f: &Spec<Night>, ask: &Ask, cell: Cell) -> Option<String> {
    Some(match (f.kind, cell) {
        (_, Cell::Null) => return None,
        (Kind::Bool, Cell::Int(i)) => if i != 0 { "yes" } else { "no" }.to_string(),
        (_, Cell::Int(i)) => i.to_string(),
        (_, Cell::Real(v)) => decimal_text(v),
        (_, Cell::Text(id)) => ask
            .choices
            .iter()
            .find(|c| c.0 == id)
            .map_or(id.clone(), |c| c.1.to_string()),
    })
}

/// A vocabulary field's choices, as the prompt offers them.
fn choice_opts(ask: &Ask) -> Vec<Opt<&'static str>> {
    ask.choices
        .iter()
        .map(|&(id, label, words)| Opt::new(id, label, words))
        .collect()
}

/// The night field a self-experiment measures.
fn trial_field(kind: TrialKind) -> &'static str {
    match kind {
        TrialKind::Compression => "compression",
        TrialKind::Elevation => "elevation_min",
        TrialKind::Stretching => "stretched",
    }
}

/// A numeric answer for a night field as a stored value, within the table's range.
fn field_cell(id: &str, text: &str, what: &str) -> std::result::Result<Cell, String> {
    let kind = field::find(NIGHT_FIELDS, id).map(|f| f.kind);
    let cell = match kind {
        Some(Kind::Int { lo, hi, .. }) => {
            let (lo, hi) = (
                u32::try_from(lo).unwrap_or(0),
                u32::try_from(hi).unwrap_or(0),
            );
            Cell::Int(i64::from(prompt::whole(text, lo, hi, what)?))
        }
        Some(Kind::Decimal {
            lo, hi, suffixes, ..
        }) => Cell::Real(prompt::decimal(text, lo, hi, suffixes, what)?),
        _ => return Err(format!("{id} is not a numeric night field")),
    };
    Ok(cell)
}

/// A numeric night field's range in words ("0 to 24").
fn bounds(id: &str) -> String {
    match field::find(NIGHT_FIELDS, id).map(|f| f.kind) {
        Some(Kind::Int { lo, hi, .. }) => format!("{lo} to {hi}"),
        Some(Kind::Decimal { lo, hi, .. }) => format!("{lo} to {hi}"),
        _ => String::new(),
    }
}

fn minutes(text: &str) -> std::result::Result<u16, String> {
    let t = text.trim().to_lowercase().replace(' ', "");
    let v = if let Some(h) = t
        .strip_suffix("hours")
        .or_else(|| t.strip_suffix("hour"))
        .or_else(|| t.strip_suffix('h'))
    {
        prompt::decimal(h, 0.0, 24.0, &[], "hours").map(|h| (h * 60.0).round())
    } else {
        prompt::decimal(&t, 0.0, 1440.0, &["minutes", "mins", "min", "m"], "minutes")
    }?;
    if v > 1440.0 {
        return Err(format!("{v} minutes is more than a day; type 0 to 1440"));
    }
    Ok(v as u16)
}

impl<R: BufRead> Entry<'_, '_, R> {
    fn ask(&mut self, step: Step, s: &mut State) -> Result<Flow> {
        match step {
            Step::Night => self.night(s),
            Step::Replace => self.replace(s),
            Step::Trial => self.trial(s),
            Step::Cramps => self.cramps(s),
            Step::UsualCramp(i) => self.usual_cramp(i, s),
            Step::Leg(i) => self.leg(i, s),
            Step::Site(i) => self.site(i, s),
            Step::Duration(i) => self.duration(i, s),
            Step::Pain(i) => self.pain(i, s),
            Step::Phase(i) => self.phase(i, s),
            Step::Time(i) => self.time(i, s),
            Step::Relief(i) => self.relief(i, s),
            Step::Soreness => self.soreness(s),
            Step::SleepQuality => self.sleep_quality(s),
            Step::CrampAwakenings => self.cramp_awakenings(s),
            Step::Screen => self.screen(s),
            Step::ScreenWhich(k) => self.screen_which(k, s),
            Step::ScreenSide(k) => self.screen_side(k, s),
            Step::Checklist => self.checklist(s),
            Step::Detail(i) => self.detail(i, s),
            Step::Peak => self.peak(s),
            Step::Rls(q) => self.rls(q, s),
            Step::Walk(q) => self.walk(q, s),
            Step::UsualDay => self.usual_day(s),
            Step::Day(k) => self.day(k, s),
            Step::Note => self.note(s),
            Step::Confirm => self.confirm(s),
            Step::Change => self.change(),
            Step::Discard => self.discard(),
        }
    }

    fn words(&self, s: &State) -> Words {
        Words::new(s.night.night, self.setup.today)
    }

    fn night(&mut self, s: &mut State) -> Result<Flow> {
        let today = self.setup.today;
        let likely = self.likely_night;
        let label = if likely + Duration::days(1) == today {
            format!("last night, {}", view::day(likely))
        } else {
            view::day(likely)
        };
        let q = Question::new(
            "Which night are you logging? (the evening you went to bed)",
            "type last night, a weekday, '3 days ago' or a date like 2026-11-20",
        )
        .default(Some(likely.to_string()))
        .default_label(Some(label))
        .required();
        let Some(date) = take!(self.p.ask(&q, |t| {
            crate::parse::night_arg(&[t.to_string()], today)
                .and_then(|d| crate::parse::not_future(d, today).map(|()| d))
                .map_err(|e| e.to_string())
        })?) else {
            return Ok(Flow::Back);
        };
        s.night.night = date;
        s.set_lookup((self.lookup)(date)?);
        s.replace = self.setup.replace;
        self.p
            .say(&format!("  The night of {}.", view::day(date)))?;
        Ok(Flow::Next)
    }

    fn replace(&mut self, s: &mut State) -> Result<Flow> {
        let summary = s
            .lookup
            .existing
            .as_ref()
            .map(view::summary_line)
            .unwrap_or_default();
        self.p.say(&format!("  Already logged: {summary}."))?;
        let q = Question::new(
            "Replace it with a new entry?",
            "y replaces the logged night once you confirm at the end; n keeps it",
        )
        .default(Some("n".into()))
        .default_label(Some("no, keep it".into()))
        .required();
        match take!(self.p.ask(&q, prompt::yes_no)?) {
            Some(true) => {
                s.replace = true;
                Ok(Flow::Next)
            }
            _ => Ok(Flow::Back),
        }
    }

    fn cramps(&mut self, s: &mut State) -> Result<Flow> {
        let w = self.words(s);
        self.p.heading(&capital(&w.night))?;
        let q = Question::new(
            format!("How many cramps did you have {}?", w.night),
            "type 0 for a night without cramps, or how many: 1, 2, 3…",
        )
        .default(Some("0".into()))
        .default_label(Some("none".into()))
        .required();
        let Some(n) = take!(self.p.ask(&q, |t| {
            if matches!(t.to_lowercase().as_str(), "y" | "yes") {
                return Err("how many? type 1, 2, 3…".into());
            }
            prompt::whole(t, 0, 20, "the number of cramps")
        })?) else {
            return Ok(Flow::Back);
        };
        s.cramps = n as usize;
        s.night.episodes = vec![Episode::default(); s.cramps];
        s.same_as_usual = vec![false; s.cramps];
        Ok(Flow::Next)
    }

    fn cramp_title(s: &State, i: usize, what: &str) -> String {
        if s.cramps == 1 {
            format!("The cramp: {what}")
        } else {
            format!("Cramp {} of {}: {what}", i + 1, s.cramps)
        }
    }

    fn usual_cramp(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let Some(usual) = s.usual.cramp.clone() else {
            return Ok(Flow::Next);
        };
        let q = Question::new(
            Self::cramp_title(s, i, &format!("like your usual one? {}", describe(&usual))),
            "type y if it was like this (you can change it in the summary), n to describe it",
        )
        .default(Some("y".into()))
        .default_label(Some("yes, the usual".into()));
        let same = take!(self.p.ask(&q, prompt::yes_no)?).unwrap_or(false);
        s.same_as_usual[i] = same;
        s.night.episodes[i] = if same { usual } else { Episode::default() };
        Ok(Flow::Next)
    }

    /// The Enter default of a cramp field: the usual cramp's, else the night's previous
    /// cramp's.
    fn cramp_default<T>(s: &State, i: usize, field: impl Fn(&Episode) -> Option<T>) -> Option<T> {
        s.usual.cramp.as_ref().and_then(&field).or_else(|| {
            i.checked_sub(1)
                .and_then(|j| s.night.episodes.get(j))
                .and_then(&field)
        })
    }

    fn leg(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = leg_opts();
        let default = Self::cramp_default(s, i, |e| e.leg).map(|l| leg_label(l).to_string());
        let q = Question::new(
            Self::cramp_title(s, i, "which leg?"),
            "type 1, 2, 3 or left, right, both",
        )
        .choices(prompt::choice_line(&opts))
        .default(default);
        s.night.episodes[i].leg = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn site(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = site_opts();
        let default = Self::cramp_default(s, i, |e| e.site).unwrap_or(Site::Calf);
        let q = Question::new(
            Self::cramp_title(s, i, "which muscle?"),
            "type a number or a word such as calf or foot",
        )
        .choices(columns(&opts))
        .default(Some(label_of(&opts, default).to_string()));
        s.night.episodes[i].site = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn duration(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let default = Self::cramp_default(s, i, |e| e.duration_s).map(format_duration);
        let q = Question::new(
            Self::cramp_title(s, i, "how long did it last? (e.g. 30s, 2 minutes, 1m30s)"),
            "type a duration with its unit: 45s, 2 minutes or 1m30s",
        )
        .default(default);
        s.night.episodes[i].duration_s = take!(self.p.ask(&q, |t| {
            crate::parse::duration(t).map_err(|e| e.to_string())
        })?);
        Ok(Flow::Next)
    }

    fn pain(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let default = Self::cramp_default(s, i, |e| e.pain).map(|p| p.to_string());
        let q = Question::new(
            Self::cramp_title(s, i, "how painful was it, 0 to 10?"),
            "type a number from 0 (no pain) to 10 (worst pain imaginable)",
        )
        .choices("0 no pain · 2 mild · 5 moderate · 8 severe · 10 worst imaginable")
        .default(default);
        s.night.episodes[i].pain = take!(
            self.p
                .ask(&q, |t| crate::parse::rating(t).map_err(|e| e.to_string()))?
        );
        Ok(Flow::Next)
    }

    fn phase(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = phase_opts();
        let default = s.usual.cramp.as_ref().map_or(Phase::WokeMe, |c| c.phase);
        let q = Question::new(
            Self::cramp_title(s, i, "when did it happen?"),
            "type 1, 2 or 3, or words such as woke, before, waking",
        )
        .choices(prompt::choice_line(&opts))
        .default(Some(label_of(&opts, default).to_string()));
        s.night.episodes[i].phase =
            take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?).unwrap_or_default();
        Ok(Flow::Next)
    }

    fn time(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let default = Self::cramp_default(s, i, |e| e.time).map(|t| t.format("%H:%M").to_string());
        let q = Question::new(
            Self::cramp_title(s, i, "about what time? (e.g. 03:10 or 3am)"),
            "type a clock time like 03:10 or 3am",
        )
        .default(default);
        s.night.episodes[i].time = take!(self.p.ask(&q, |t| {
            crate::parse::clock_or_hour(t).map_err(|e| e.to_string())
        })?);
        Ok(Flow::Next)
    }

    fn relief(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = relief_opts();
        let default =
            Self::cramp_default(s, i, |e| e.relief).map(|r| label_of(&opts, r).to_string());
        let q = Question::new(
            Self::cramp_title(s, i, "what helped?"),
            "type a number or a word such as stretching or walking",
        )
        .choices(columns(&opts))
        .default(default);
        s.night.episodes[i].relief = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn soreness(&mut self, s: &mut State) -> Result<Flow> {
        let w = self.words(s);
        let (verb, morning) = if w.morning == "this morning" {
            ("are", w.morning)
        } else {
            ("were", w.morning)
        };
        let q = Question::new(
            format!(
                "How sore {verb} your legs {morning}, 0 to 10? (add a leg if you like: 3 left)"
            ),
            "type 0 (not sore) to 10 (very sore), and a leg if one side: e.g. 3 left",
        );
        let got = take!(self.p.ask(&q, |t| {
            let (rating, side) = rating_and_side(t, true)?;
            let rating = rating.ok_or("add how sore, 0 to 10: e.g. 3 left")?;
            Ok((rating, side))
        })?);
        s.night.soreness = got.map(|(r, _)| r);
        s.night.soreness_side = got.and_then(|(_, side)| side);
        Ok(Flow::Next)
    }

    fn sleep_quality(&mut self, s: &mut State) -> Result<Flow> {
        let opts = sleep_opts();
        let q = Question::new(
            format!("How well did you sleep {}?", self.words(s).night),
            "type 1 (very poor) to 5 (very good), or a word such as good",
        )
        .choices(prompt::choice_line(&opts));
        s.night.sleep_quality = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn cramp_awakenings(&mut self, s: &mut State) -> Result<Flow> {
        let woke = s
            .night
            .episodes
            .iter()
            .filter(|e| e.phase == Phase::WokeMe)
            .count();
        let q = Question::new(
            "How many times did a cramp wake you?",
            format!("type a number from {}", bounds("cramp_awakenings")),
        )
        .default(Some(woke.to_string()));
        s.night.cramp_awakenings = take!(self.p.ask(&q, |t| field_number(
            "cramp_awakenings",
            t,
            "the number"
        ))?);
        Ok(Flow::Next)
    }

    /// The five safety questions on one screen: the numbers that apply, or no. "Not sure"
    /// gets what to do instead of "type y or n".
    fn screen(&mut self, s: &mut State) -> Result<Flow> {
        self.p.heading("Safety questions (asked every morning)")?;
        let list = SCREEN
            .iter()
            .enumerate()
            .map(|(k, q)| format!("{} {}", k + 1, q.text))
            .collect::<Vec<_>>()
            .join("\n");
        let q = Question::new(
            "Does any of these apply to you now? Type the numbers that apply (e.g. 1), or n for none.",
            "type the numbers that apply, e.g. 1 or 1 3; n if none of them",
        )
        .choices(list)
        .default(Some("n".into()))
        .default_label(Some("no, none of these".into()))
        .required();
        let Some(yes) = take!(self.p.ask(&q, screen_answer)?) else {
            return Ok(Flow::Back);
        };
        if yes.unsure {
            self.p.say(
                "  Taking the numbers you typed as a yes, to be safe: you will see what to do.",
            )?;
        }
        s.screen = yes.screen;
        s.flags.clear();
        for (k, sq) in SCREEN.iter().enumerate() {
            if s.screen[k] && sq.signs.len() == 1 {
                s.flags.push(Symptom {
                    id: sq.signs[0],
                    side: None,
                    severity: None,
                });
            }
        }
        let single: Vec<SymptomId> = s.flags.iter().map(|f| f.id).collect();
        self.advise(&single)?;
        Ok(Flow::Next)
    }

    fn screen_which(&mut self, k: usize, s: &mut State) -> Result<Flow> {
        let sq = &SCREEN[k];
        let opts = sign_opts(sq.signs);
        let q = Question::new(
            format!(
                "{}. {} Which one? (type all that apply, e.g. 1 2)",
                k + 1,
                sq.text
            ),
            "type the numbers that apply; if none of them, go back with < and leave it out",
        )
        .choices(columns(&opts))
        .required();
        let Some(ids) = take!(self.p.ask(&q, |t| {
            let ids = prompt::pick_many(t, &opts)?;
            if ids.is_empty() {
                return Err(
                    "type at least one number; if none of these, go back with < and leave it out"
                        .into(),
                );
            }
            Ok(ids)
        })?) else {
            return Ok(Flow::Back);
        };
        s.flags.retain(|f| !sq.signs.contains(&f.id));
        s.flags.extend(ids.iter().map(|id| Symptom {
            id: *id,
            side: None,
            severity: None,
        }));
        self.advise(&ids)?;
        Ok(Flow::Next)
    }

    fn screen_side(&mut self, k: usize, s: &mut State) -> Result<Flow> {
        let opts = leg_opts();
        let q = Question::new(
            format!("{}: which leg?", capital(SCREEN[k].signs[0].plain())),
            "type 1, 2, 3 or left, right, both",
        )
        .choices(prompt::choice_line(&opts));
        let side = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        for f in s
            .flags
            .iter_mut()
            .filter(|f| SCREEN[k].signs.contains(&f.id))
        {
            f.side = side;
        }
        Ok(Flow::Next)
    }

    /// Prints the advice for red-flag signs at once, set apart by blank lines.
    fn advise(&mut self, ids: &[SymptomId]) -> Result<()> {
        let mut signs: Vec<_> = ids
            .iter()
            .filter_map(|id| id.urgency().map(|u| (u, *id)))
            .collect();
        signs.sort();
        for (urgency, id) in signs {
            let mut advice = Vec::new();
            view::write_advice(&mut advice, urgency, RedFlag::Sign(id), self.setup.color)?;
            writeln!(self.p.out)?;
            for line in String::from_utf8_lossy(&advice).lines() {
                self.p.say(line)?;
            }
            writeln!(self.p.out)?;
        }
        Ok(())
    }

    fn checklist(&mut self, s: &mut State) -> Result<Flow> {
        let w = self.words(s);
        self.p.heading(&capital(&w.day_before))?;
        let opts = checklist_opts();
        let mut q = Question::new(
            format!(
                "Did you have any of these in your legs {}? (type all that apply, e.g. 1 7)",
                w.day
            ),
            "type the numbers or words of what you had, e.g. 1 7, or none",
        )
        .choices(columns(&opts))
        .default(Some("none".into()))
        .default_label(Some("none of these".into()));
        if !s.flags.is_empty() {
            // The warning sign is stored in the symptom list, which then counts as answered.
            q = q.required();
        }
        let ids = take!(self.p.ask(&q, |t| prompt::pick_many(t, &opts))?);
        s.checklist = ids.map(|ids| {
            ids.into_iter()
                .map(|id| Symptom {
                    id,
                    side: None,
                    severity: None,
                })
                .collect::<Vec<_>>()
        });
        let ticked: Vec<SymptomId> = s.checklist.iter().flatten().map(|s| s.id).collect();
        self.advise(&ticked)?;
        Ok(Flow::Next)
    }

    fn detail(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let Some(id) = s.checklist.as_ref().and_then(|l| l.get(i)).map(|s| s.id) else {
            return Ok(Flow::Next);
        };
        let sensation = id.takes_severity();
        let q = if sensation {
            Question::new(
                format!(
                    "{}: how bad, 0 to 10, and which leg? (e.g. 6 left)",
                    capital(id.plain())
                ),
                "type a rating from 0 (barely) to 10 (worst) and a leg: e.g. 6 left, or just 6",
            )
        } else {
            // Enter takes the leg of the symptom just before it (ankle swelling and sock
            // marks are usually on the leg that felt heavy), said so in the default.
            let earlier = s.checklist.as_ref().and_then(|l| {
                l[..i.min(l.len())]
                    .iter()
                    .rev()
                    .find_map(|e| e.side.map(|side| (side, e.id)))
            });
            Question::new(
                format!("{}: which leg?", capital(id.plain())),
                "type 1, 2, 3 or left, right, both",
            )
            .choices(prompt::choice_line(&leg_opts()))
            .default(earlier.map(|(side, _)| leg_label(side).to_string()))
            .default_label(
                earlier.map(|(side, e)| format!("{}, as for {}", leg_label(side), e.plain())),
            )
        };
        let got = take!(self.p.ask(&q, |t| {
            if sensation {
                rating_and_side(t, true)
            } else {
                prompt::pick(t, &leg_opts()).map(|l| (None, Some(l)))
            }
        })?);
        if let Some(entry) = s.checklist.as_mut().and_then(|l| l.get_mut(i)) {
            let (severity, side) = got.unwrap_or((None, None));
            entry.severity = severity;
            entry.side = side;
        }
        Ok(Flow::Next)
    }

    fn peak(&mut self, s: &mut State) -> Result<Flow> {
        let opts = peak_opts();
        let q = Question::new(
            "When in the day were your legs worst?",
            "type a number or words such as end of the day",
        )
        .choices(prompt::choice_line(&opts));
        s.night.symptom_peak = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn rls(&mut self, q: usize, s: &mut State) -> Result<Flow> {
        if q == 0 {
            self.p.say("  About the urge to move your legs:")?;
        }
        let question = Question::new(RLS[q], "type y or n (or Enter to skip)");
        let v = take!(self.p.ask(&question, prompt::yes_no)?);
        let n = &mut s.night;
        *[
            &mut n.urge_at_rest,
            &mut n.urge_relieved_by_moving,
            &mut n.urge_worse_evening,
            &mut n.urge_before_sleep,
        ][q] = v;
        Ok(Flow::Next)
    }

    fn walk(&mut self, q: usize, s: &mut State) -> Result<Flow> {
        if q == 0 {
            self.p.say("  About the leg pain when walking:")?;
        }
        if q < 2 {
            let question = Question::new(WALK[q], "type y or n (or Enter to skip)");
            let v = take!(self.p.ask(&question, prompt::yes_no)?);
            if q == 0 {
                s.night.walk_pain_at_rest = v;
            } else {
                s.night.walk_pain_settles_10min = v;
            }
        } else {
            let opts = walk_site_opts();
            let question = Question::new(
                "Where do you feel it?",
                "type 1, 2 or 3, or calf, thigh, other",
            )
            .choices(prompt::choice_line(&opts));
            s.night.walk_pain_site = take!(self.p.ask(&question, |t| prompt::pick(t, &opts))?);
        }
        Ok(Flow::Next)
    }

    /// "Was the day as usual?": one Enter for the habits of the recent nights.
    fn usual_day(&mut self, s: &mut State) -> Result<Flow> {
        let parts: Vec<String> = usual::day_fields()
            .into_iter()
            .filter_map(|f| {
                let ask = f.ask?;
                let words = answer_words(f, &ask, (f.get)(&s.usual.day))?;
                Some(ask.usual.replace("{}", &words))
            })
            .collect();
        let w = self.words(s);
        let q = Question::new(
            format!(
                "Was {} a usual day for you? ({})",
                if w.day == "yesterday" {
                    "yesterday"
                } else {
                    "that day"
                },
                parts.join(", ")
            ),
            "type y to take your usual day (you can change it in the summary), n to answer each",
        )
        .default(Some("y".into()))
        .default_label(Some("yes, as usual".into()));
        let a = self.p.ask(&q, prompt::yes_no)?;
        let default = matches!(a, Answer::Default(true));
        let same = take!(a).unwrap_or(false);
        s.usual_day = same;
        s.carried.clear();
        if same {
            s.fill_usual_day();
            if default {
                s.carried.push("the usual day");
            }
        }
        Ok(Flow::Next)
    }

    /// Says the plan for the night, then asks the trial's measure with the plan as the
    /// default answer.
    fn trial(&mut self, s: &mut State) -> Result<Flow> {
        let Some(trial) = s.lookup.trial.clone() else {
            return Ok(Flow::Next);
        };
        let Some(plan) = trial.plan(s.night.night) else {
            return Ok(Flow::Next);
        };
        let line = crate::trial::plan_line(&trial, s.night.night, &plan);
        self.p.say(&format!("{line}."))?;
        let Some((f, ask)) =
            field::find(NIGHT_FIELDS, trial_field(trial.kind)).and_then(|f| Some((f, f.ask?)))
        else {
            return Ok(Flow::Next);
        };
        let planned = match (trial.kind, plan.on) {
            (TrialKind::Compression, on) => Cell::Text(if on { "most" } else { "none" }.into()),
            (TrialKind::Elevation, on) => Cell::Int(if on { 30 } else { 0 }),
            (TrialKind::Stretching, on) => Cell::Int(i64::from(on)),
        };
        let planned = answer_words(f, &ask, planned);
        let why = planned.as_ref().map(|v| format!("{v}, as planned"));
        let q = self
            .day_question(f, &ask, s)
            .default(planned)
            .default_label(why);
        let cell = take!(self.p.ask(&q, |t| day_answer(f, &ask, t))?).unwrap_or(Cell::Null);
        (f.set)(&mut s.night, cell.as_ref()).map_err(|e| anyhow::anyhow!("{}: {e}", f.id))?;
        Ok(Flow::Next)
    }

    /// A question about the day before as the night-field table words it.
    fn day_question(&self, f: &Spec<Night>, ask: &Ask, s: &State) -> Question {
        let q = Question::new(
            ask.question.replace("{day}", &self.words(s).day),
            ask.hint.replace("{range}", &bounds(f.id)),
        );
        if ask.choices.is_empty() {
            q
        } else {
            q.choices(prompt::choice_line(&choice_opts(ask)))
        }
    }

    /// The `k`-th question about the day before, the usual answer as Enter.
    fn day(&mut self, k: usize, s: &mut State) -> Result<Flow> {
        let fields = usual::day_fields();
        let Some((f, ask)) = fields.get(k).and_then(|f| Some((*f, f.ask?))) else {
            return Ok(Flow::Next);
        };
        let usual = answer_words(f, &ask, (f.get)(&s.usual.day));
        let q = self.day_question(f, &ask, s).usual(usual);
        let a = self.p.ask(&q, |t| day_answer(f, &ask, t))?;
        carry(s, ask.called, &a);
        let cell = take!(a).unwrap_or(Cell::Null);
        (f.set)(&mut s.night, cell.as_ref()).map_err(|e| anyhow::anyhow!("{}: {e}", f.id))?;
        Ok(Flow::Next)
    }

    fn note(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "Anything else for your doctor? (a short note)",
            "type a note on one line, or press Enter to skip",
        );
        s.night.note = take!(self.p.ask(&q, |t| {
            if t.chars().count() > 20_000 {
                return Err("the note is too long; keep it under 20000 characters".into());
            }
            Ok(t.to_string())
        })?);
        Ok(Flow::Next)
    }

    fn confirm(&mut self, s: &mut State) -> Result<Flow> {
        let night = s.build();
        if let Err(e) = night.validate() {
            self.p
                .say(&format!("  Sorry: {e}; please correct the answer."))?;
            return Ok(Flow::Back);
        }
        self.p.heading("Please check")?;
        let mut shown = Vec::new();
        view::write_night(&mut shown, &night, self.p.width)?;
        for line in String::from_utf8_lossy(&shown).lines() {
            self.p.say(line)?;
        }
        let usual_cramps = s.same_as_usual.iter().filter(|b| **b).count();
        if usual_cramps > 0 || !s.carried.is_empty() {
            let mut taken = Vec::new();
            if usual_cramps > 0 {
                taken.push(if s.cramps == 1 {
                    "the cramp".to_string()
                } else {
                    format!("{usual_cramps} of the cramps")
                });
            }
            taken.extend(s.carried.iter().map(|c| c.to_string()));
            self.p.say(&format!(
                "(Your usual answers, from the recent nights: {}.)",
                taken.join(", ")
            ))?;
        }
        let unknown = not_answered(&night);
        if !unknown.is_empty() {
            self.p.say(&format!(
                "Not answered (left unknown): {}.",
                unknown.join(", ")
            ))?;
        }
        if night.red_flags().is_empty() {
            self.p.say("No warning signs reported.")?;
        }
        let q = Question::new(
            "Save this entry?",
            "type y to save, or n to change an answer or discard the entry",
        )
        .default(Some("y".into()))
        .default_label(Some("yes, save".into()))
        .required();
        match take!(self.p.ask(&q, prompt::yes_no)?) {
            Some(true) => Ok(Flow::Save),
            _ => Ok(Flow::Goto(Step::Change)),
        }
    }

    /// After "n" at the summary: which part to change, or discard (asked once more).
    fn change(&mut self) -> Result<Flow> {
        let mut opts: Vec<Opt<Option<Part>>> = PARTS
            .iter()
            .map(|(part, label)| Opt {
                value: Some(*part),
                label,
                words: &[],
            })
            .collect();
        opts.push(Opt::new(None, "discard this entry", &["discard", "delete"]));
        let q = Question::new(
            "What would you like to change?",
            "type the number of the part to change, or discard; < goes back to the summary",
        )
        .choices(columns(&opts))
        .required();
        match take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?) {
            Some(Some(part)) => Ok(Flow::Revisit(part)),
            Some(None) => Ok(Flow::Goto(Step::Discard)),
            None => Ok(Flow::Back),
        }
    }

    fn discard(&mut self) -> Result<Flow> {
        let q = Question::new(
            "Discard all your answers? Nothing will be saved.",
            "type y to discard the entry, n to go back to the summary",
        )
        .default(Some("n".into()))
        .default_label(Some("no, keep them".into()))
        .required();
        match take!(self.p.ask(&q, prompt::yes_no)?) {
            Some(true) => Err(Cancelled(format!("discarded; {NOTHING_SAVED}")).into()),
            _ => Ok(Flow::Goto(Step::Confirm)),
        }
    }
}

/// A plain description of a cramp: "left calf, about 2m, pain 6/10, woke you about
/// 03:00, eased by stretching".
fn describe(e: &Episode) -> String {
    let where_ = match (e.leg, e.site) {
        (Some(l), Some(site)) => format!("{} {}", leg_label(l), site_word(site)),
        (Some(l), None) => format!("{} leg", leg_label(l)),
        (None, Some(site)) => site_word(site).to_string(),
        (None, None) => "a cramp".to_string(),
    };
    let when = match e.phase {
        Phase::WokeMe => "woke you",
        Phase::BeforeSleep => "before sleep",
        Phase::OnWaking => "as you woke",
    };
    [
        Some(where_),
        e.duration_s
            .map(|d| format!("about {}", format_duration(d))),
        e.pain.map(|p| format!("pain {p}/10")),
        Some(match e.time {
            Some(t) => format!("{when} about {}", t.format("%H:%M")),
            None => when.to_string(),
        }),
        e.relief
            .map(|r| format!("eased by {}", label_of(&relief_opts(), r))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

fn site_word(site: Site) -> &'static str {
    match site {
        Site::Thigh => "thigh",
        Site::Hamstring => "hamstring",
        other => label_of(&site_opts(), other),
    }
}

/// The label of the option holding `value`.
fn label_of<T: PartialEq + Copy>(opts: &[Opt<T>], value: T) -> &'static str {
    opts.iter()
        .find(|o| o.value == value)
        .map_or("", |o| o.label)
}

/// `7.5`, `6` (no trailing `.0`).
fn decimal_text(v: f64) -> String {
    let t = format!("{v:.1}");
    t.trim_end_matches(".0").to_string()
}

/// The safety screen's answer: which questions were a yes, and whether the patient said
/// they were unsure.
#[derive(Debug, Clone, Copy)]
struct ScreenAnswer {
    screen: [bool; 5],
    unsure: bool,
}

/// Words that mean "I don't know" at the safety screen.
const UNSURE: &[&str] = &[
    "not sure",
    "unsure",
    "maybe",
    "perhaps",
    "don't know",
    "dont know",
    "do not know",
    "dunno",
    "possibly",
    "i think so",
    "not certain",
];

fn screen_answer(text: &str) -> std::result::Result<ScreenAnswer, String> {
    let lower = text.trim().to_lowercase();
    let mut rest = lower.clone();
    let mut unsure = false;
    for w in UNSURE {
        if rest.contains(w) {
            unsure = true;
            rest = rest.replace(w, " ");
        }
    }
    let mut screen = [false; 5];
    let mut any_number = false;
    for token in rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '.')
        .filter(|t| !t.is_empty())
    {
        match token {
            "and" | "&" => {}
            "n" | "no" | "none" | "nope" | "0" if !unsure && !any_number => {
                return Ok(ScreenAnswer {
                    screen,
                    unsure: false,
                });
            }
            "y" | "yes" => {
                return Err("which ones? type their numbers, e.g. 1 or 1 3".into());
            }
            t => match t.parse::<usize>() {
                Ok(k @ 1..=5) => {
                    screen[k - 1] = true;
                    any_number = true;
                }
                _ => {
                    return Err(format!(
                        "'{token}' is not one of the numbers 1 to 5; type the numbers that apply, or n for none"
                    ));
                }
            },
        }
    }
    if unsure && !any_number {
        return Err(UNSURE_ADVICE.into());
    }
    if !any_number {
        return Err("type the numbers that apply, e.g. 1 or 1 3, or n for none".into());
    }
    Ok(ScreenAnswer { screen, unsure })
}

/// What to do when unsure at the safety screen: err on the side of asking for help.
const UNSURE_ADVICE: &str = "if you are not sure, treat it as a yes: type its number and you \
will see what to do. If you have chest pain or trouble breathing, call emergency services \
now. If a leg is newly swollen, or a calf is tender, warm or red, get medical help today.";

/// Notes (or forgets) a habit taken over from the recent nights by pressing Enter.
fn carry<T>(s: &mut State, what: &'static str, a: &Answer<T>) {
    s.carried.retain(|c| *c != what);
    if matches!(a, Answer::Default(_)) {
        s.carried.push(what);
    }
}

/// The questions of the entry whose answers stay unknown.
fn not_answered(n: &Night) -> Vec<&'static str> {
    [
        ("soreness", n.soreness.is_none()),
        ("sleep", n.sleep_quality.is_none()),
        ("leg symptoms", n.symptoms.is_none()),
        ("standing", n.standing_h.is_none()),
        ("stockings", n.compression.is_none()),
        ("legs raised", n.elevation_min.is_none()),
        ("stretching", n.stretched.is_none()),
        ("drinks", n.fluids_glasses.is_none()),
        ("alcohol", n.alcohol_units.is_none()),
        ("caffeine", n.caffeine_drinks.is_none()),
    ]
    .into_iter()
    .filter_map(|(what, unknown)| unknown.then_some(what))
    .collect()
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Compression;
    use chrono::NaiveTime;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn setup() -> Setup {
        Setup {
            today: d("2026-11-27"),
            color: false,
            night: None,
            replace: false,
            width: 80,
        }
    }

    /// Runs the interview on scripted lines (each answer one line).
    fn script_with(
        lines: &[&str],
        setup: &Setup,
        mut lookup: impl FnMut(NaiveDate) -> Lookup,
    ) -> (Result<Outcome>, String) {
        let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let mut out = Vec::new();
        let mut look = |date: NaiveDate| Ok(lookup(date));
        let r = interview(input.as_bytes(), &mut out, setup, &mut look);
        (r, String::from_utf8(out).unwrap())
    }

    fn script(lines: &[&str]) -> (Result<Outcome>, String) {
        script_with(lines, &setup(), |_| Lookup::default())
    }

    /// A week of the patient's usual nights: one left-calf cramp most nights, stockings
    /// most of the day, stretching, 6 h on their feet, 8 glasses, 2 coffees.
    fn usual_week() -> Vec<Night> {
        (19..=25)
            .map(|day| {
                let mut n = Night::new(d(&format!("2026-11-{day}")));
                if day % 3 != 0 {
                    n.episodes = vec![
                        crate::parse::episode("left calf 2m 6/10 03:00 relief=stretch").unwrap(),
                    ];
                }
                n.compression = Some(Compression::Most);
                n.stretched = Some(true);
                n.standing_h = Some(6.0);
                n.fluids_glasses = Some(8);
                n.caffeine_drinks = Some(2);
                n
            })
            .collect()
    }

    fn with_habits(_: NaiveDate) -> Lookup {
        Lookup {
            existing: None,
            recent: usual_week(),
            trial: None,
        }
    }

    fn prompts(shown: &str) -> usize {
        shown.matches("> ").count()
    }

    /// Keystrokes of scripted answers: each character plus Enter.
    fn keys(lines: &[&str]) -> usize {
        lines.iter().map(|l| l.chars().count() + 1).sum()
    }

    /// Cramps, soreness, sleep, the safety screen, the checklist, the usual day, the note,
    /// the summary: 8 questions, all Enter.
    const QUIET_WITH_HABITS: [&str; 8] = [""; 8];

    /// Without habits: cramps, soreness, sleep, the safety screen, the checklist, 7
    /// questions about the day, the note, the summary.
    const QUIET_FIRST_NIGHT: usize = 14;

    /// During a compression trial the plan is said and the stockings asked first, with the
    /// plan (never the usual week's "most") as the default; the usual day keeps that answer.
    #[test]
    fn a_trial_night_asks_its_exposure_first_with_the_plan_as_default() {
        use crate::vocab::{PairOrder, TrialKind};
        let trial = crate::trial::Trial {
            id: 1,
            kind: TrialKind::Compression,
            start: d("2026-11-20"),
            pairs: 5,
            nights: 7,
            washout: 2,
            order: vec![PairOrder::OffOn; 5],
            stopped: None,
        };
        let lines = [""; 9];
        let (r, shown) = script_with(&lines, &setup(), |date| Lookup {
            trial: Some(trial.clone()),
            ..with_habits(date)
        });
        let n = r.unwrap().night;
        assert_eq!(
            n.compression,
            Some(Compression::None),
            "the plan is off: {shown}"
        );
        assert_eq!(n.stretched, Some(true), "the other habits are still usual");
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        let plan = flat
            .find("Plan for Thu 26 Nov: stockings OFF (period 1 of 10)")
            .unwrap();
        let asked = flat.find("Did you wear compression stockings").unwrap();
        let cramps = flat.find("cramps").unwrap_or(usize::MAX);
        assert!(plan < asked && asked < cramps, "{flat}");
        assert_eq!(
            flat.matches("Did you wear compression stockings").count(),
            1
        );
        assert!(flat.contains("no, as planned"), "{flat}");
    }

    #[test]
    fn a_quiet_night_like_the_usual_is_eight_enters_with_the_safety_screen() {
        let (r, shown) = script_with(&QUIET_WITH_HABITS, &setup(), with_habits);
        let n = r.unwrap().night;
        assert_eq!(prompts(&shown), 8, "{shown}");
        assert!(keys(&QUIET_WITH_HABITS) <= 10);
        assert_eq!(n.night, d("2026-11-26"));
        assert!(n.episodes.is_empty());
        assert_eq!(n.symptoms, Some(vec![]), "Enter at the checklist is 'none'");
        assert_eq!(n.compression, Some(Compression::Most));
        assert_eq!(
            (n.stretched, n.standing_h, n.fluids_glasses),
            (Some(true), Some(6.0), Some(8))
        );
        assert_eq!(n.alcohol_units, None, "never recorded, so never assumed");
        assert_eq!(n.soreness, None, "skipped is unknown, never zero");
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        for q in &SCREEN {
            assert!(flat.contains(q.text), "safety question missing: {}", q.text);
        }
        assert!(
            flat.contains("Was yesterday a usual day for you?"),
            "{flat}"
        );
        assert!(
            flat.contains("from the recent nights: the usual day"),
            "{flat}"
        );
    }

    #[test]
    fn a_first_quiet_night_asks_each_question_of_the_day() {
        let lines = vec![""; QUIET_FIRST_NIGHT];
        let (r, shown) = script(&lines);
        assert!(r.is_ok());
        assert_eq!(prompts(&shown), QUIET_FIRST_NIGHT, "{shown}");
        assert!(!shown.contains("usual"), "{shown}");
    }

    #[test]
    fn a_night_with_the_usual_cramp_is_a_few_keys() {
        let lines = ["1", "", "", "", "", "", "", "", "", ""];
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let n = r.unwrap().night;
        assert!(keys(&lines) <= 14, "{} keys", keys(&lines));
        assert_eq!(prompts(&shown), lines.len(), "{shown}");
        assert_eq!(
            n.episodes,
            vec![crate::parse::episode("left calf 2m 6/10 03:00 relief=stretch").unwrap()]
        );
        assert_eq!(n.cramp_awakenings, Some(1));
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("like your usual one? left calf, about 2m, pain 6/10, woke you about 03:00, eased by stretching"),
            "{flat}"
        );
        assert!(
            shown.contains("from the recent nights: the cramp"),
            "{shown}"
        );
    }

    #[test]
    fn a_different_cramp_is_asked_with_the_usual_answers_as_enter() {
        let lines = [
            "1",
            "n", // not the usual
            "right",
            "",
            "three minutes",
            "7 out of 10",
            "",
            "3am",
            "", // leg..relief
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ];
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let e = r.unwrap().night.episodes[0].clone();
        assert_eq!((e.leg, e.site), (Some(Leg::Right), Some(Site::Calf)));
        assert_eq!((e.duration_s, e.pain), (Some(180), Some(7)));
        assert_eq!(e.relief, Some(Relief::Stretch));
        assert_eq!(e.time, NaiveTime::from_hms_opt(3, 0, 0));
        assert!(shown.contains("(Enter = left)"), "{shown}");
    }

    #[test]
    fn dot_skips_the_optional_questions_but_never_the_safety_screen() {
        // cramps, '.', the safety screen, confirm.
        let lines = ["", ".", "", ""];
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let n = r.unwrap().night;
        assert!(n.episodes.is_empty());
        assert_eq!(n.symptoms, None, "a skipped checklist stays unanswered");
        assert_eq!(
            n.compression, None,
            "a skipped habit is unknown, not carried over"
        );
        assert!(shown.contains("Safety questions"), "{shown}");
        assert!(!shown.contains("usual day"), "{shown}");
    }

    #[test]
    fn two_cramps_symptoms_and_a_way_back() {
        let lines = [
            "yes",       // cramps: how many?
            "2",         // cramps
            "lft",       // 1: leg, a typo: did you mean left?
            "",          // Enter takes 'left'
            "calfe",     // 1: site, a typo
            "",          // calf
            "2m",        // 1: duration
            "11",        // 1: pain out of range: asked again
            "7",         // 1: pain
            "",          // 1: woke me
            "3am",       // 1: time
            "stretch",   // 1: relief
            "<",         // back to relief
            "",          // relief again: Enter takes the answer typed before
            "2",         // 2: leg right
            "foot",      // 2: site
            "45",        // 2: duration without a unit: asked again
            "45s",       // 2: duration
            "4/10",      // 2: pain
            "3",         // 2: on waking
            "-",         // 2: time skipped
            "by itself", // 2: relief
            "3 left",    // soreness
            "poor",      // sleep
            "",          // cramp awakenings (default 1: one cramp woke)
            "",          // safety screen
            "heavy, 7",  // checklist
            "6 left",    // heaviness
            "2",         // ankle swelling: right
            "end of day",
            "7,5h", // standing, a decimal comma
            "-",
            "",
            "",
            "",
            "",
            "", // compression skipped, the rest Enter
            "", // note
            "", // confirm
        ];
        let (r, shown) = script(&lines);
        let n = r.unwrap().night;
        assert_eq!(n.night, d("2026-11-26"));
        assert_eq!(n.episodes.len(), 2);
        let e = &n.episodes[0];
        assert_eq!(
            (e.leg, e.site, e.duration_s, e.pain, e.phase, e.relief),
            (
                Some(Leg::Left),
                Some(Site::Calf),
                Some(120),
                Some(7),
                Phase::WokeMe,
                Some(Relief::Stretch)
            )
        );
        assert_eq!(e.time, NaiveTime::from_hms_opt(3, 0, 0));
        let e = &n.episodes[1];
        assert_eq!(
            (
                e.leg,
                e.site,
                e.duration_s,
                e.pain,
                e.phase,
                e.time,
                e.relief
            ),
            (
                Some(Leg::Right),
                Some(Site::Foot),
                Some(45),
                Some(4),
                Phase::OnWaking,
                None,
                Some(Relief::ByItself)
            )
        );
        assert_eq!((n.soreness, n.soreness_side), (Some(3), Some(Leg::Left)));
        assert_eq!(n.sleep_quality, Some(2));
        assert_eq!(n.cramp_awakenings, Some(1));
        assert_eq!(
            n.symptoms,
            Some(vec![
                Symptom {
                    id: SymptomId::Heaviness,
                    side: Some(Leg::Left),
                    severity: Some(6)
                },
                Symptom {
                    id: SymptomId::AnkleSwelling,
                    side: Some(Leg::Right),
                    severity: None
                },
            ])
        );
        assert_eq!(n.symptom_peak, Some(Peak::EndOfDay));
        assert_eq!(n.standing_h, Some(7.5));
        assert_eq!(n.compression, None);
        assert!(!shown.contains("urge to move there"), "{shown}");
        assert_eq!(shown.matches("Sorry:").count(), 5, "{shown}");
        assert!(shown.contains("did you mean 'left'?"), "{shown}");
        assert!(shown.contains("did you mean 'calf'?"), "{shown}");
        assert!(shown.contains("(Enter = stretch, as before)"), "{shown}");
    }

    #[test]
    fn a_yes_at_the_safety_screen_asks_which_and_advises_at_once() {
        let lines = [
            "", "", "", // cramps, soreness, sleep
            "1", "2", "left", // calf tender warm red, left
            ".",    // refused: with a sign reported, the checklist is always asked
            "",     // checklist: none
            ".",    // skip the rest
            "",     // confirm
        ];
        let (r, shown) = script(&lines);
        assert!(shown.contains("This one is always asked"), "{shown}");
        let n = r.unwrap().night;
        assert_eq!(
            n.symptoms,
            Some(vec![Symptom {
                id: SymptomId::CalfTenderWarmRed,
                side: Some(Leg::Left),
                severity: None
            }])
        );
        let advice = shown.find("!! URGENT - GET MEDICAL HELP TODAY").unwrap();
        let next_question = shown.find("which leg?").unwrap();
        assert!(advice < next_question, "advice comes at once:\n{shown}");
    }

    #[test]
    fn breathlessness_advises_emergency_and_unsure_answers_get_what_to_do() {
        let lines = ["", "", "", "not sure", "maybe 2", "", ".", ""];
        let (r, shown) = script(&lines);
        let n = r.unwrap().night;
        assert_eq!(n.symptoms.unwrap()[0].id, SymptomId::BreathlessChestPain);
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("if you are not sure, treat it as a yes"),
            "{flat}"
        );
        assert!(!flat.contains("type y or n"), "{flat}");
        assert!(
            flat.contains("Taking the numbers you typed as a yes"),
            "{flat}"
        );
        assert!(
            flat.contains("!! URGENT - CALL EMERGENCY SERVICES"),
            "{flat}"
        );
    }

    #[test]
    fn urge_and_walking_pain_ask_their_probes() {
        let lines = [
            "", "", "", "", // up to the checklist
            "12 13", "5", "", // restless urge 5, walking pain skipped
            "", // peak
            "y", "y", "y", "n", // RLS
            "n", "y", "calf", // walking pain probe
            ".", "",
        ];
        let (r, _) = script(&lines);
        let n = r.unwrap().night;
        assert_eq!(
            (
                n.urge_at_rest,
                n.urge_relieved_by_moving,
                n.urge_worse_evening,
                n.urge_before_sleep
            ),
            (Some(true), Some(true), Some(true), Some(false))
        );
        assert_eq!(
            (
                n.walk_pain_at_rest,
                n.walk_pain_settles_10min,
                n.walk_pain_site
            ),
            (Some(false), Some(true), Some(WalkSite::Calf))
        );
        assert_eq!(n.symptoms.unwrap()[0].severity, Some(5));
    }

    #[test]
    fn end_of_input_cancels_and_returns_nothing() {
        let (r, _) = script(&["1", "left"]);
        let err = r.unwrap_err();
        assert!(err.downcast_ref::<Cancelled>().is_some(), "{err}");
        assert!(err.to_string().contains("nothing was saved"));
    }

    #[test]
    fn no_at_the_summary_offers_a_change_and_discarding_asks_once_more() {
        // n → change menu → discard → no (back to the summary) → n → discard → yes.
        let mut lines = QUIET_WITH_HABITS[..7].to_vec();
        lines.extend(["n", "discard", "", "n", "7", "y"]);
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let err = r.unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 130);
        assert!(
            err.to_string().contains("discarded; nothing was saved"),
            "{err}"
        );
        assert_eq!(
            shown.matches("Discard all your answers?").count(),
            2,
            "{shown}"
        );
        assert_eq!(shown.matches("Please check").count(), 2, "{shown}");
    }

    #[test]
    fn changing_one_answer_goes_straight_back_to_the_summary() {
        // A usual cramp night; at the summary: n, change soreness and sleep (3), soreness 4,
        // Enter for the sleep questions, and the summary is shown again at once.
        let mut lines = vec!["1", "", "2", "", "", "", "", "", ""];
        lines.extend(["n", "3", "4", "", "", ""]);
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let n = r.unwrap().night;
        assert_eq!(n.soreness, Some(4));
        assert_eq!(n.episodes.len(), 1);
        assert_eq!(n.compression, Some(Compression::Most));
        assert_eq!(shown.matches("Please check").count(), 2, "{shown}");
        // The questions after the changed part are not shown again.
        assert_eq!(shown.matches("Safety questions").count(), 1, "{shown}");
        assert_eq!(
            shown.matches("Was yesterday a usual day").count(),
            1,
            "{shown}"
        );
    }

    #[test]
    fn a_sign_after_a_symptom_takes_its_leg_with_enter() {
        // Heavy legs 6 left, ankle swelling and sock marks: Enter, Enter.
        let lines = [
            "0", "", "", "", "1 7 8", "6 left", "", "", "", "", "", "", "", "", "", "", "", "",
        ];
        let (r, shown) = script(&lines);
        let n = r.unwrap().night;
        let sides: Vec<Option<Leg>> = n.symptoms.unwrap().iter().map(|s| s.side).collect();
        assert_eq!(sides, [Some(Leg::Left); 3], "{shown}");
        assert!(
            shown.contains("(Enter = left, as for heavy legs)"),
            "{shown}"
        );
    }

    #[test]
    fn changing_one_answer_keeps_the_others() {
        // A usual cramp night; at the summary change the soreness to 4 and Enter on.
        let mut lines = vec!["1", "", "2", "", "", "", "", "", "", ""];
        lines.pop(); // the summary comes next: say n
        lines.extend(["n", "3", "4", "", "", "", "", "", "", "", ""]);
        let (r, shown) = script_with(&lines, &setup(), with_habits);
        let n = r.unwrap().night;
        assert_eq!(n.soreness, Some(4));
        assert_eq!(n.episodes.len(), 1);
        assert_eq!(n.compression, Some(Compression::Most));
        assert!(shown.contains("What would you like to change?"), "{shown}");
    }

    #[test]
    fn a_logged_last_night_asks_which_night_with_the_likely_one_as_enter() {
        let logged = d("2026-11-26");
        let lookup = move |date: NaiveDate| Lookup {
            existing: (date == logged).then(|| Night::new(logged)),
            recent: vec![Night::new(d("2026-11-24"))],
            trial: None,
        };
        // Enter takes the most recent night not logged yet: the 25th.
        let mut lines = vec![""];
        lines.extend(vec![""; QUIET_FIRST_NIGHT]);
        let (r, shown) = script_with(&lines, &setup(), lookup);
        let o = r.unwrap();
        assert_eq!(o.night.night, d("2026-11-25"));
        assert!(shown.contains("(Enter = Wed 25 Nov 2026)"), "{shown}");

        // Last night typed: already logged, so asked before replacing.
        let mut lines = vec!["last night", "y"];
        lines.extend(vec![""; QUIET_FIRST_NIGHT]);
        let (r, shown) = script_with(&lines, &setup(), lookup);
        let o = r.unwrap();
        assert_eq!((o.night.night, o.replace), (logged, true));
        assert!(
            shown.contains("Already logged: the night of Thu 26 Nov 2026"),
            "{shown}"
        );

        // The night given on the command line: "no" keeps it and ends the entry.
        let given = Setup {
            night: Some(logged),
            ..setup()
        };
        let (r, _) = script_with(&["n"], &given, lookup);
        assert!(
            r.unwrap_err()
                .to_string()
                .contains("kept the night of 2026-11-26")
        );
    }

    #[test]
    fn tonight_and_future_nights_are_refused_with_the_night_meant() {
        // < at the first question goes to the night question.
        let mut lines = vec!["<", "tomorrow", "today", "banana", "2 days ago"];
        lines.extend(vec![""; QUIET_FIRST_NIGHT]);
        let (r, shown) = script(&lines);
        assert_eq!(r.unwrap().night.night, d("2026-11-25"));
        assert_eq!(shown.matches("Sorry:").count(), 3, "{shown}");
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Did you mean last night, Thu 26 Nov 2026?"),
            "{flat}"
        );
        assert!(
            !flat.contains("type last night, yesterday, today"),
            "{flat}"
        );
    }

    #[test]
    fn back_at_the_night_question_stays_there() {
        let mut lines = vec!["<", "<", ""];
        lines.extend(vec![""; QUIET_FIRST_NIGHT]);
        let (r, shown) = script(&lines);
        assert!(r.is_ok());
        assert!(shown.contains("This is the first question."), "{shown}");
    }

    #[test]
    fn a_back_dated_night_speaks_of_that_night() {
        let given = Setup {
            night: Some(d("2026-11-22")),
            ..setup()
        };
        let lines = vec![""; QUIET_FIRST_NIGHT];
        let (r, shown) = script_with(&lines, &given, |_| Lookup::default());
        assert_eq!(r.unwrap().night.night, d("2026-11-22"));
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("How many cramps did you have the night of Sun 22 Nov 2026?"),
            "{flat}"
        );
        assert!(
            flat.contains("How sore were your legs the morning after Sun 22 Nov 2026"),
            "{flat}"
        );
        assert!(flat.contains("in your legs on Sun 22 Nov 2026?"), "{flat}");
        for wrong in ["last night", "this morning", "yesterday"] {
            assert!(
                !flat.to_lowercase().contains(wrong),
                "'{wrong}' in:\n{flat}"
            );
        }
    }

    #[test]
    fn every_line_fits_a_60_column_terminal() {
        let narrow = Setup {
            width: 60,
            ..setup()
        };
        let lines = ["1", "", "", "", "", "2", "", ".", ""];
        let (r, shown) = script_with(&lines, &narrow, with_habits);
        assert!(r.is_ok());
        assert!(shown.contains("CALL EMERGENCY SERVICES"), "{shown}");
        // Scripted answers are not echoed: end each prompt's line as the terminal would.
        for line in shown.replace("> ", ">\n").lines() {
            assert!(line.chars().count() <= 60, "too wide: {line:?}");
        }
    }

    #[test]
    fn minutes_answers() {
        assert_eq!(minutes("1h"), Ok(60));
        assert_eq!(minutes("30 min"), Ok(30));
    }

    #[test]
    fn colour_only_decorates_the_same_words() {
        let lines = ["", "", "", "2", "", ".", ""];
        let (plain, plain_out) = script(&lines);
        let coloured_setup = Setup {
            color: true,
            ..setup()
        };
        let (coloured, coloured_out) = script_with(&lines, &coloured_setup, |_| Lookup::default());
        assert_eq!(plain.unwrap(), coloured.unwrap());
        assert!(coloured_out.contains("\u{1b}["), "{coloured_out:?}");
        let mut stripped = String::new();
        let mut rest = coloured_out.as_str();
        while let Some(i) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..i]);
            rest = rest[i..].split_once('m').map_or("", |(_, r)| r);
        }
        stripped.push_str(rest);
        assert_eq!(stripped, plain_out);
    }
}
