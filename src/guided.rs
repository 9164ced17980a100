//! The guided morning entry (DESIGN.md section 3): `cramplog log` in a terminal with no entry
//! options asks step by step, with defaults, a way back, and a summary to confirm.
//!
//! The questions form a small state machine (`Step`, `next`): each answer changes a
//! draft (`State`), and the state before every answer is kept, so `<` restores exactly
//! what the previous question saw and asks it again. Nothing touches the diary until the
//! patient confirms the summary; then `cmd::log` saves the night through the same `save`
//! as `log` with options, so the store path, `--replace` and the red-flag advice are the same as for `log` with
//! flags. End of input or Ctrl-C at any question leaves without writing.
//!
//! The red-flag screen of DESIGN.md section 5 is asked on every path, quiet nights included,
//! and a "yes" prints its advice at once.

mod prompt;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveTime};

use crate::error::Cancelled;
use crate::field::{self, Cell, Kind, Stored};
use crate::model::{Episode, NIGHT_FIELDS, Night, RedFlag, Symptom};
use crate::store::{self, Access, NightRange, Store};
use crate::view;
use crate::vocab::{Compression, Leg, Peak, Phase, Relief, Site, SymptomId, WalkSite};
use prompt::{Answer, NOTHING_SAVED, Opt, Prompter, Question};

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
    /// The most recent logged night before it (habits such as compression are offered
    /// from it as defaults).
    pub previous: Option<Night>,
}

fn lookup_in(tx: &rusqlite::Transaction<'_>, date: NaiveDate) -> Result<Lookup> {
    let existing = store::load_night(tx, date)?;
    let previous = store::load_nights(
        tx,
        NightRange {
            from: Some(date - Duration::days(60)),
            to: Some(date - Duration::days(1)),
        },
    )?
    .pop();
    Ok(Lookup { existing, previous })
}

/// Fixed facts for one guided entry.
pub struct Setup {
    pub today: NaiveDate,
    pub color: bool,
    /// The night given on the command line (then the night question is not asked).
    pub night: Option<NaiveDate>,
    /// `--replace` was given: an existing night is replaced without asking.
    pub replace: bool,
}

/// A confirmed entry, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub night: Night,
    pub replace: bool,
}

/// One question of the entry. Indexed steps refer to a cramp, a red-flag question or a
/// ticked symptom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Step {
    Night,
    Replace,
    Cramps,
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
    Screen(usize),
    ScreenWhich(usize),
    ScreenSide(usize),
    Checklist,
    Detail(usize),
    Peak,
    Rls(usize),
    Walk(usize),
    Standing,
    Compression,
    Elevation,
    Stretched,
    Fluids,
    Alcohol,
    Caffeine,
    Note,
    Confirm,
}

impl Step {
    /// Questions that `.` (skip to the end) does not skip: which night, the cramps, the
    /// red-flag screen and the confirm; and the checklist once a warning sign was reported,
    /// because a stored sign makes the checklist count as answered.
    fn mandatory(self, s: &State) -> bool {
        match self {
            Step::Night
            | Step::Replace
            | Step::Cramps
            | Step::Screen(_)
            | Step::ScreenWhich(_)
            | Step::ScreenSide(_)
            | Step::Confirm => true,
            Step::Checklist => !s.flags.is_empty(),
            _ => false,
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
    "Was the urge to move there while you were resting, sitting or lying down?",
    "Did moving or walking ease it, at least while you kept moving?",
    "Was it worse in the evening or at night than during the day?",
    "Did it come on in bed, before you fell asleep?",
];

const WALK: [&str; 2] = [
    "Does the walking pain ever begin while you are standing still or sitting?",
    "When you stop walking, does it usually go within 10 minutes?",
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
    /// Habits taken over from the previous night by pressing Enter (named in the summary).
    carried: Vec<&'static str>,
    /// `.` was typed: the remaining optional questions are skipped.
    to_end: bool,
}

impl State {
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
}

/// The question after `step`, given the answers so far.
fn next(step: Step, s: &State) -> Step {
    use Step::*;
    let after_screen = |k: usize| {
        if k + 1 < SCREEN.len() {
            Screen(k + 1)
        } else {
            Checklist
        }
    };
    let ticked = s.checklist.as_ref().map_or(0, Vec::len);
    let day_before_probes = |from_peak: bool| {
        if from_peak && s.ticked(SymptomId::RestlessUrge) {
            Rls(0)
        } else if s.ticked(SymptomId::WalkingPain) {
            Walk(0)
        } else {
            Standing
        }
    };
    match step {
        Night => {
            if s.lookup.existing.is_some() && !s.replace {
                Replace
            } else {
                Cramps
            }
        }
        Replace => Cramps,
        Cramps if s.cramps > 0 => Leg(0),
        Cramps => Soreness,
        Leg(i) => Site(i),
        Site(i) => Duration(i),
        Duration(i) => Pain(i),
        Pain(i) => Phase(i),
        Phase(i) => Time(i),
        Time(i) => Relief(i),
        Relief(i) if i + 1 < s.cramps => Leg(i + 1),
        Relief(_) => Soreness,
        Soreness => SleepQuality,
        SleepQuality if s.cramps > 0 => CrampAwakenings,
        SleepQuality | CrampAwakenings => Screen(0),
        Screen(k) if s.screen[k] && SCREEN[k].signs.len() > 1 => ScreenWhich(k),
        Screen(k) if s.screen[k] && SCREEN[k].leg => ScreenSide(k),
        Screen(k) => after_screen(k),
        ScreenWhich(k) if SCREEN[k].leg => ScreenSide(k),
        ScreenWhich(k) | ScreenSide(k) => after_screen(k),
        Checklist if ticked > 0 => Detail(0),
        Checklist => Standing,
        Detail(i) if i + 1 < ticked => Detail(i + 1),
        Detail(_) => Peak,
        Peak => day_before_probes(true),
        Rls(q) if q + 1 < RLS.len() => Rls(q + 1),
        Rls(_) => day_before_probes(false),
        Walk(q) if q < 2 => Walk(q + 1),
        Walk(_) => Standing,
        Standing => Compression,
        Compression => Elevation,
        Elevation => Stretched,
        Stretched => Fluids,
        Fluids => Alcohol,
        Alcohol => Caffeine,
        Caffeine => Note,
        Note | Confirm => Confirm,
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
    p.say("Good morning. A few questions about last night and yesterday.")?;
    p.say("Enter takes the answer shown. Type - to skip a question, < to go back,")?;
    p.say(". to skip to the end (safety questions are still asked), Ctrl-C to stop.")?;
    let default_night = setup.today - Duration::days(1);
    let mut state = State {
        night: Night::new(setup.night.unwrap_or(default_night)),
        cramps: 0,
        lookup: Lookup::default(),
        replace: setup.replace,
        screen: [false; 5],
        flags: Vec::new(),
        checklist: None,
        carried: Vec::new(),
        to_end: false,
    };
    let mut step = Step::Night;
    if let Some(d) = setup.night {
        state.lookup = lookup(d)?;
        step = next(Step::Night, &state);
    }
    let mut history: Vec<(Step, State)> = Vec::new();
    // What was typed at each question, offered again when the patient comes back to it.
    let mut typed: HashMap<Step, String> = HashMap::new();
    let mut entry = Entry {
        p: &mut p,
        setup,
        lookup,
    };
    loop {
        if state.to_end && !step.mandatory(&state) {
            step = next(step, &state);
            continue;
        }
        let before = state.clone();
        entry.p.recall = typed.get(&step).cloned();
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

fn compression_opts() -> [Opt<Compression>; 3] {
    [
        Opt::new(Compression::None, "no", &["none", "not"]),
        Opt::new(Compression::Part, "part of the day", &["part", "some"]),
        Opt::new(
            Compression::Most,
            "most of the day",
            &["most", "all", "all day", "yes"],
        ),
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

/// `03:10`, `3:10`, `3`, `3am`, `11 pm`.
fn clock_answer(text: &str) -> std::result::Result<NaiveTime, String> {
    if let Ok(t) = crate::parse::clock(text) {
        return Ok(t);
    }
    let t = text.trim().to_lowercase().replace(' ', "");
    let (body, pm) = if let Some(b) = t.strip_suffix("pm") {
        (b, Some(true))
    } else if let Some(b) = t.strip_suffix("am") {
        (b, Some(false))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok(), m.parse::<u32>().ok()),
        None => (body.parse::<u32>().ok(), Some(0)),
    };
    let hour = match (h, pm) {
        (Some(h @ 1..=11), Some(true)) => Some(h + 12),
        (Some(12), Some(false)) => Some(0),
        (Some(h @ 1..=12), Some(_)) => Some(h),
        (Some(h @ 0..=23), None) => Some(h),
        _ => None,
    };
    hour.zip(m)
        .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
        .ok_or_else(|| format!("'{text}' is not a time; type it like 03:10 or 3am"))
}

/// A 0–10 rating with an optional leg (`6`, `6 left`, `left 6/10`).
fn rating_and_side(
    text: &str,
    with_rating: bool,
) -> std::result::Result<(Option<u8>, Option<Leg>), String> {
    let mut rating = None;
    let mut side = None;
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let t = token.to_lowercase();
        let number = t.trim_end_matches("/10");
        if with_rating && let Ok(n) = number.parse::<u8>() {
            if n > 10 || rating.is_some() {
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
    T::from_cell(cell)
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
            Step::Cramps => self.cramps(s),
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
            Step::Screen(k) => self.screen(k, s),
            Step::ScreenWhich(k) => self.screen_which(k, s),
            Step::ScreenSide(k) => self.screen_side(k, s),
            Step::Checklist => self.checklist(s),
            Step::Detail(i) => self.detail(i, s),
            Step::Peak => self.peak(s),
            Step::Rls(q) => self.rls(q, s),
            Step::Walk(q) => self.walk(q, s),
            Step::Standing => self.standing(s),
            Step::Compression => self.compression(s),
            Step::Elevation => self.elevation(s),
            Step::Stretched => self.stretched(s),
            Step::Fluids => self.fluids(s),
            Step::Alcohol => self.alcohol(s),
            Step::Caffeine => self.caffeine(s),
            Step::Note => self.note(s),
            Step::Confirm => self.confirm(s),
        }
    }

    fn night(&mut self, s: &mut State) -> Result<Flow> {
        let today = self.setup.today;
        let last = today - Duration::days(1);
        let q = Question::new(
            "Which night are you logging? (the evening you went to bed)",
            "type last night, yesterday, a weekday, '3 days ago' or a date like 2026-11-20",
        )
        .default(Some("last night".into()))
        .default_label(Some(format!("last night, {}", view::day(last))))
        .required();
        let Some(date) = take!(self.p.ask(&q, |t| {
            let d = crate::parse::night(t, today).map_err(|e| e.to_string())?;
            if d > today {
                return Err(format!(
                    "the night of {d} has not happened yet; type last night or an earlier date"
                ));
            }
            Ok(d)
        })?) else {
            return Ok(Flow::Back);
        };
        s.night.night = date;
        s.lookup = (self.lookup)(date)?;
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
        // Name the night whenever it is not last night, so a back-dated entry never reads
        // as last night's.
        let last_night = self.setup.today - chrono::Duration::days(1);
        let heading = if s.night.night == last_night {
            "Last night".to_string()
        } else {
            format!("The night of {}", crate::view::day(s.night.night))
        };
        self.p.heading(&heading)?;
        let q = Question::new(
            "How many cramps did you have that night?",
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
        Ok(Flow::Next)
    }

    fn cramp_title(s: &State, i: usize, what: &str) -> String {
        if s.cramps == 1 {
            format!("The cramp: {what}")
        } else {
            format!("Cramp {} of {}: {what}", i + 1, s.cramps)
        }
    }

    fn leg(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = leg_opts();
        let default = i
            .checked_sub(1)
            .and_then(|j| s.night.episodes[j].leg)
            .map(|l| leg_label(l).to_string());
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
        let default = i
            .checked_sub(1)
            .and_then(|j| s.night.episodes[j].site)
            .unwrap_or(Site::Calf);
        let label = opts
            .iter()
            .find(|o| o.value == default)
            .map_or("calf", |o| o.label);
        let q = Question::new(
            Self::cramp_title(s, i, "which muscle?"),
            "type a number or a word such as calf or foot",
        )
        .choices(columns(&opts))
        .default(Some(label.to_string()));
        s.night.episodes[i].site = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn duration(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            Self::cramp_title(s, i, "how long did it last? (e.g. 30s, 2m, 1m30s)"),
            "type a duration with its unit: 45s, 2m or 1m30s",
        );
        s.night.episodes[i].duration_s = take!(self.p.ask(&q, |t| {
            if t.trim().chars().all(|c| c.is_ascii_digit() || c == '.') {
                return Err(format!(
                    "'{t}' needs a unit: {t}s for seconds or {t}m for minutes"
                ));
            }
            crate::parse::duration(t).map_err(|e| e.to_string())
        })?);
        Ok(Flow::Next)
    }

    fn pain(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            Self::cramp_title(s, i, "how painful was it, 0 to 10?"),
            "type a number from 0 (no pain) to 10 (worst pain imaginable)",
        )
        .choices("0 no pain · 2 mild · 5 moderate · 8 severe · 10 worst imaginable");
        s.night.episodes[i].pain = take!(self.p.ask(&q, |t| {
            prompt::whole(t.trim_end_matches("/10"), 0, 10, "pain").map(|n| n as u8)
        })?);
        Ok(Flow::Next)
    }

    fn phase(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = phase_opts();
        let q = Question::new(
            Self::cramp_title(s, i, "when did it happen?"),
            "type 1, 2 or 3, or words such as woke, before, waking",
        )
        .choices(prompt::choice_line(&opts))
        .default(Some("1".into()))
        .default_label(Some("it woke me".into()));
        s.night.episodes[i].phase =
            take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?).unwrap_or_default();
        Ok(Flow::Next)
    }

    fn time(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            Self::cramp_title(s, i, "about what time? (e.g. 03:10)"),
            "type a clock time like 03:10 or 3am",
        );
        s.night.episodes[i].time = take!(self.p.ask(&q, clock_answer)?);
        Ok(Flow::Next)
    }

    fn relief(&mut self, i: usize, s: &mut State) -> Result<Flow> {
        let opts = relief_opts();
        let q = Question::new(
            Self::cramp_title(s, i, "what helped?"),
            "type a number or a word such as stretching or walking",
        )
        .choices(columns(&opts));
        s.night.episodes[i].relief = take!(self.p.ask(&q, |t| prompt::pick(t, &opts))?);
        Ok(Flow::Next)
    }

    fn soreness(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "How sore are your legs this morning, 0 to 10? (add a leg if you like: 3 left)",
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
            "How well did you sleep?",
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

    fn screen(&mut self, k: usize, s: &mut State) -> Result<Flow> {
        if k == 0 {
            self.p.heading("Safety questions (asked every morning)")?;
        }
        let sq = &SCREEN[k];
        let q = Question::new(
            format!("{}. {}", k + 1, sq.text),
            "type y or n; a yes shows what to do",
        )
        .default(Some("n".into()))
        .default_label(Some("no".into()))
        .required();
        let yes = take!(self.p.ask(&q, prompt::yes_no)?).unwrap_or(false);
        s.screen[k] = yes;
        s.flags.retain(|f| !sq.signs.contains(&f.id));
        if yes && sq.signs.len() == 1 {
            s.flags.push(Symptom {
                id: sq.signs[0],
                side: None,
                severity: None,
            });
            self.advise(&sq.signs[..1])?;
        }
        Ok(Flow::Next)
    }

    fn screen_which(&mut self, k: usize, s: &mut State) -> Result<Flow> {
        let sq = &SCREEN[k];
        let opts = sign_opts(sq.signs);
        let q = Question::new(
            "Which one? (type all that apply, e.g. 1 2)",
            "type the numbers that apply; if none of them, go back with < and answer n",
        )
        .choices(columns(&opts))
        .required();
        let Some(ids) = take!(self.p.ask(&q, |t| {
            let ids = prompt::pick_many(t, &opts)?;
            if ids.is_empty() {
                return Err(
                    "type at least one number; if none of these, go back with < and answer n"
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
        let q = Question::new("Which leg?", "type 1, 2, 3 or left, right, both")
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
            writeln!(self.p.out)?;
            view::write_advice(self.p.out, urgency, RedFlag::Sign(id), self.setup.color)?;
            writeln!(self.p.out)?;
        }
        Ok(())
    }

    fn checklist(&mut self, s: &mut State) -> Result<Flow> {
        self.p.heading("Yesterday")?;
        let opts = checklist_opts();
        let mut q = Question::new(
            "Did you have any of these in your legs yesterday? (type all that apply, e.g. 1 7)",
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
            Question::new(
                format!("{}: which leg?", capital(id.plain())),
                "type 1, 2, 3 or left, right, both",
            )
            .choices(prompt::choice_line(&leg_opts()))
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

    fn standing(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "About how many hours were you on your feet yesterday? (e.g. 6 or 7.5)",
            format!("type hours from {}, e.g. 6 or 7.5", bounds("standing_h")),
        );
        s.night.standing_h = take!(self.p.ask(&q, |t| field_number("standing_h", t, "hours"))?);
        Ok(Flow::Next)
    }

    /// The previous logged night, as "the night before" or its date.
    fn previous_label(&self, s: &State) -> String {
        match &s.lookup.previous {
            Some(p) if p.night + Duration::days(1) == s.night.night => "as the night before".into(),
            Some(p) => format!("as on {}", view::day(p.night)),
            None => String::new(),
        }
    }

    fn compression(&mut self, s: &mut State) -> Result<Flow> {
        let opts = compression_opts();
        let prev = s.lookup.previous.as_ref().and_then(|p| p.compression);
        let label = prev
            .and_then(|c| opts.iter().find(|o| o.value == c))
            .map(|o| o.label);
        let q = Question::new(
            "Did you wear compression stockings yesterday?",
            "type 1, 2 or 3, or no, part, most",
        )
        .choices(prompt::choice_line(&opts))
        .default(label.map(String::from))
        .default_label(label.map(|l| format!("{l}, {}", self.previous_label(s))));
        let a = self.p.ask(&q, |t| prompt::pick(t, &opts))?;
        carry(s, "compression stockings", &a);
        s.night.compression = take!(a);
        Ok(Flow::Next)
    }

    fn elevation(&mut self, s: &mut State) -> Result<Flow> {
        let prev = s.lookup.previous.as_ref().and_then(|p| p.elevation_min);
        let q = Question::new(
            "For how many minutes did you have your legs raised yesterday? (0 if not)",
            "type minutes from 0 to 1440, e.g. 30",
        )
        .default(prev.map(|m| m.to_string()))
        .default_label(prev.map(|m| format!("{m}, {}", self.previous_label(s))));
        let a = self.p.ask(&q, minutes)?;
        carry(s, "legs raised", &a);
        s.night.elevation_min = take!(a);
        Ok(Flow::Next)
    }

    fn stretched(&mut self, s: &mut State) -> Result<Flow> {
        let prev = s.lookup.previous.as_ref().and_then(|p| p.stretched);
        let word = |b: bool| if b { "yes" } else { "no" };
        let q = Question::new(
            "Did you stretch your calves before bed?",
            "type y or n (or Enter to skip)",
        )
        .default(prev.map(|b| word(b).to_string()))
        .default_label(prev.map(|b| format!("{}, {}", word(b), self.previous_label(s))));
        let a = self.p.ask(&q, prompt::yes_no)?;
        carry(s, "stretching", &a);
        s.night.stretched = take!(a);
        Ok(Flow::Next)
    }

    fn fluids(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "About how many glasses of water or other drinks did you have yesterday?",
            format!("type a number of glasses from {}", bounds("fluids_glasses")),
        );
        s.night.fluids_glasses = take!(self.p.ask(&q, |t| field_number(
            "fluids_glasses",
            t,
            "glasses"
        ))?);
        Ok(Flow::Next)
    }

    fn alcohol(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "Units of alcohol yesterday? (a small glass of wine is about 1.5, a pint of beer 2 to 3)",
            format!(
                "type a number of units from {}, e.g. 0 or 1.5",
                bounds("alcohol_units")
            ),
        );
        s.night.alcohol_units = take!(self.p.ask(&q, |t| field_number(
            "alcohol_units",
            t,
            "units"
        ))?);
        Ok(Flow::Next)
    }

    fn caffeine(&mut self, s: &mut State) -> Result<Flow> {
        let q = Question::new(
            "Drinks with caffeine yesterday? (coffee, tea, cola)",
            format!("type a number of drinks from {}", bounds("caffeine_drinks")),
        );
        s.night.caffeine_drinks = take!(self.p.ask(&q, |t| field_number(
            "caffeine_drinks",
            t,
            "drinks"
        ))?);
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
        view::write_night(self.p.out, &night)?;
        if let Some(prev) = s.lookup.previous.as_ref().filter(|_| !s.carried.is_empty()) {
            let from = if prev.night + Duration::days(1) == night.night {
                "the night before".to_string()
            } else {
                format!("the night of {}", view::day(prev.night))
            };
            self.p
                .say(&format!("(Taken from {from}: {}.)", s.carried.join(", ")))?;
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
            "type y to save, n to stop without saving, or < to go back and change an answer",
        )
        .default(Some("y".into()))
        .default_label(Some("yes, save".into()))
        .required();
        match take!(self.p.ask(&q, prompt::yes_no)?) {
            Some(true) => Ok(Flow::Save),
            _ => Err(Cancelled(NOTHING_SAVED.to_string()).into()),
        }
    }
}

/// Notes (or forgets) a habit taken over from the previous night by pressing Enter.
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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn setup() -> Setup {
        Setup {
            today: d("2026-11-27"),
            color: false,
            night: None,
            replace: false,
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

    fn habits_night() -> Night {
        let mut prev = Night::new(d("2026-11-25"));
        prev.compression = Some(Compression::Most);
        prev.stretched = Some(true);
        prev
    }

    /// Night, cramps, soreness, sleep, 5 safety questions, checklist, 7 day-before
    /// questions, note, confirm: 19 answers.
    const QUIET_ENTER_ONLY: usize = 19;

    #[test]
    fn a_quiet_night_is_all_enter_and_offers_habits_from_the_night_before() {
        let lines = vec![""; QUIET_ENTER_ONLY];
        let (r, shown) = script_with(&lines, &setup(), |_| Lookup {
            existing: None,
            previous: Some(habits_night()),
        });
        let o = r.unwrap();
        let n = o.night;
        assert_eq!(n.night, d("2026-11-26"));
        assert!(n.episodes.is_empty());
        assert_eq!(
            n.symptoms,
            Some(vec![]),
            "Enter at the checklist answers 'none'"
        );
        assert_eq!(n.compression, Some(Compression::Most));
        assert_eq!(n.stretched, Some(true));
        assert_eq!(n.soreness, None);
        assert_eq!(n.standing_h, None, "skipped is unknown, never zero");
        assert_eq!(n.elevation_min, None);
        assert!(!o.replace);
        assert!(
            shown.contains("(Enter = most of the day, as the night before)"),
            "{shown}"
        );
        assert!(
            shown.contains("Taken from the night before: compression stockings, stretching"),
            "{shown}"
        );
        // Prompts are wrapped at 78 columns: compare with the line breaks folded.
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        for q in &SCREEN {
            assert!(flat.contains(q.text), "safety question missing: {}", q.text);
        }
    }

    #[test]
    fn dot_skips_the_optional_questions_but_never_the_safety_screen() {
        // night, cramps, '.', five safety questions, confirm.
        let lines = ["", "", ".", "", "", "", "", "", ""];
        let (r, shown) = script_with(&lines, &setup(), |_| Lookup {
            existing: None,
            previous: Some(habits_night()),
        });
        let n = r.unwrap().night;
        assert!(n.episodes.is_empty());
        assert_eq!(n.symptoms, None, "a skipped checklist stays unanswered");
        assert_eq!(
            n.compression, None,
            "a skipped habit is unknown, not carried over"
        );
        assert_eq!(n.soreness, None);
        assert_eq!(shown.matches("(Enter = no) >").count(), 5, "{shown}");
        assert!(!shown.contains("Did you wear compression"), "{shown}");
    }

    #[test]
    fn two_cramps_symptoms_and_a_way_back() {
        let lines = [
            "yesterday", // night: a phrase
            "yes",       // cramps: how many?
            "2",         // cramps
            "left",      // 1: leg
            "",          // 1: site (calf)
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
            "",
            "",
            "",
            "",
            "",         // safety questions
            "heavy, 7", // checklist
            "6 left",   // heaviness
            "2",        // ankle swelling: right
            "end of day",
            "7.5h", // standing
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
        assert_eq!(n.urge_at_rest, None, "no urge ticked, no urge questions");
        assert!(!shown.contains("urge to move there"), "{shown}");
        assert_eq!(shown.matches("Sorry:").count(), 3, "{shown}");
        assert!(shown.contains("(Enter = stretch, as before)"), "{shown}");
    }

    #[test]
    fn a_yes_in_the_safety_screen_asks_which_and_advises_at_once() {
        let lines = [
            "", "", "", "", // night, cramps, soreness, sleep
            "y", "2", "left", // calf tender warm red, left
            "", "", "", "",  // the other four
            ".", // refused: with a sign reported, the checklist is always asked
            "",  // checklist: none
            ".", // skip the rest
            "",  // confirm
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
        let next_question = shown.find("2. Are you short of breath").unwrap();
        assert!(advice < next_question, "advice comes at once:\n{shown}");
        assert!(shown.contains("Get medical help today; don't wait for your appointment."));
    }

    #[test]
    fn breathlessness_advises_emergency_without_further_questions() {
        let lines = ["", "", "", "", "", "yes", "", "", "", "", ".", ""];
        let (r, shown) = script(&lines);
        let n = r.unwrap().night;
        assert_eq!(n.symptoms.unwrap()[0].id, SymptomId::BreathlessChestPain);
        assert!(
            shown.contains("!! URGENT - CALL EMERGENCY SERVICES"),
            "{shown}"
        );
    }

    #[test]
    fn urge_and_walking_pain_ask_their_probes() {
        let lines = [
            "", "", "", "", "", "", "", "", "", // up to the checklist
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
        let (r, _) = script(&["", "1", "left"]);
        let err = r.unwrap_err();
        assert!(err.downcast_ref::<Cancelled>().is_some(), "{err}");
        assert!(err.to_string().contains("nothing was saved"));
    }

    #[test]
    fn no_at_the_summary_cancels() {
        let mut lines = vec![""; QUIET_ENTER_ONLY - 1];
        lines.push("n");
        let (r, _) = script(&lines);
        let err = r.unwrap_err();
        assert_eq!(exit(&err), 130);
    }

    fn exit(e: &anyhow::Error) -> u8 {
        crate::error::exit_code(e)
    }

    #[test]
    fn a_logged_night_asks_before_replacing_and_no_goes_back_to_the_night() {
        let logged = d("2026-11-26");
        let lookup = move |date: NaiveDate| Lookup {
            existing: (date == logged).then(|| Night::new(logged)),
            previous: None,
        };
        // Enter (last night) → already logged → n → asked which night again → 2 days ago.
        let mut lines = vec!["", "n", "2 days ago"];
        lines.extend(vec![""; QUIET_ENTER_ONLY - 1]);
        let (r, shown) = script_with(&lines, &setup(), lookup);
        let o = r.unwrap();
        assert_eq!(o.night.night, d("2026-11-25"));
        assert!(!o.replace);
        assert!(
            shown.contains("Already logged: the night of Thu 26 Nov 2026"),
            "{shown}"
        );

        let mut lines = vec!["", "y"];
        lines.extend(vec![""; QUIET_ENTER_ONLY - 1]);
        let (r, _) = script_with(&lines, &setup(), lookup);
        let o = r.unwrap();
        assert_eq!((o.night.night, o.replace), (logged, true));

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
    fn future_nights_and_nonsense_are_asked_again() {
        let mut lines = vec!["tomorrow", "2026-11-30", "banana", "today"];
        lines.extend(vec![""; QUIET_ENTER_ONLY - 1]);
        let (r, shown) = script(&lines);
        assert_eq!(r.unwrap().night.night, d("2026-11-27"));
        assert_eq!(shown.matches("Sorry:").count(), 3, "{shown}");
    }

    #[test]
    fn back_at_the_first_question_stays_there() {
        let mut lines = vec!["<"];
        lines.extend(vec![""; QUIET_ENTER_ONLY]);
        let (r, shown) = script(&lines);
        assert!(r.is_ok());
        assert!(shown.contains("This is the first question."));
    }

    #[test]
    fn going_back_over_the_cramp_count_drops_the_old_cramps() {
        // 2 cramps, first leg left, back twice to the count, then none.
        let mut lines = vec!["", "2", "left", "<", "<", "0"];
        lines.extend(vec![""; QUIET_ENTER_ONLY - 2]);
        let (r, _) = script(&lines);
        assert!(r.unwrap().night.episodes.is_empty());
    }

    #[test]
    fn time_answers() {
        assert_eq!(
            clock_answer("03:10").ok(),
            NaiveTime::from_hms_opt(3, 10, 0)
        );
        assert_eq!(clock_answer("3am").ok(), NaiveTime::from_hms_opt(3, 0, 0));
        assert_eq!(
            clock_answer("11 pm").ok(),
            NaiveTime::from_hms_opt(23, 0, 0)
        );
        assert_eq!(clock_answer("12am").ok(), NaiveTime::from_hms_opt(0, 0, 0));
        assert!(clock_answer("25").is_err());
        assert_eq!(minutes("1h"), Ok(60));
        assert_eq!(minutes("30 min"), Ok(30));
    }

    #[test]
    fn colour_only_decorates_the_same_words() {
        let lines = ["", "", "", "", "y", "1", "", "", "", "", "", "", ".", ""];
        let (plain, plain_out) = script(&lines);
        let coloured_setup = Setup {
            color: true,
            ..setup()
        };
        let (coloured, coloured_out) = script_with(&lines, &coloured_setup, |_| Lookup::default());
        assert_eq!(plain.unwrap(), coloured.unwrap());
        assert!(
            coloured_out.contains("\u{1b}[1;31m")
                || coloured_out.contains("\u{1b}[31;1m")
                || coloured_out.contains("\u{1b}[1m\u{1b}[31m")
                || coloured_out.contains("\u{1b}[31m"),
            "{coloured_out:?}"
        );
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
