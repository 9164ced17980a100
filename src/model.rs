//! The diary's data: nights, cramp episodes, symptoms, profile, medications and events.
//!
//! These are plain values with serde derives whose field names are the ids of docs/design.md
//! section 2, so the same shape serves `show --json`, export and import. `Option` means
//! *unknown*; a `Some(false)` or an empty symptom list is an explicit "no". Validation lives
//! here ([`Night::validate`]) so the CLI, the guided entry and import all apply the same ranges,
//! which the SQL CHECK constraints mirror.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::field::Kind::{Bool, Checklist, Decimal, Id, Int, Stamp, Text, Time};
use crate::field::{Ask, Cell, CellRef, Flag, Kind, Show, Stored, line};
use crate::vocab::{
    Compression, DuplexResult, EventKind, Exertion, Leg, MedClass, Peak, Phase, Relief, Site,
    SymptomId, Urgency, WalkSite,
};

/// One cramp in a night.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Episode {
    #[serde(default, with = "hhmm_opt", skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    #[serde(default)]
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leg: Option<Leg>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hard: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relief: Option<Relief>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resleep_min: Option<u16>,
}

impl Default for Phase {
    /// Most night cramps wake the sleeper; docs/design.md makes it the default.
    fn default() -> Self {
        Phase::WokeMe
    }
}

/// A symptom or sign of the day before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub id: SymptomId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Leg>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
}

crate::field::fields! {
    /// One logged night: everything known about one bedtime and the day before it.
    ///
    /// The plain fields are declared once, here: `id: type => SQL column, kind and range,
    /// command-line option, label, unset: whether `edit --unset` may forget it, show: its
    /// line in `show`, and, for a plain question about the day before, ask: its question in
    /// the guided entry`. A new plain
    /// field is one row here, one migration adding its column, and the fixture's value
    /// (docs/design.md, "Night fields").
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Night, NIGHT_FIELDS {
        head {
            #[serde(serialize_with = "iso_date::serialize")]
            night: NaiveDate,
            #[serde(default)]
            episodes: Vec<Episode>,
        }
        soreness: u8 => "soreness", Int { lo: 0, hi: 10, hint: " (0 none, 10 worst)" },
            Flag::Part { name: "soreness" }, "soreness next morning", unset: true,
            show: Show::View;
        soreness_side: Leg => "soreness_side", Id, Flag::Part { name: "soreness" },
            "side of the soreness", unset: true,
            show: Show::No;
        #[serde(with = "hhmm_opt")]
        bed_time: NaiveTime => "bed_time", Time, Flag::Option { name: "bed", value: "HH:MM" },
            "Bedtime", unset: true,
            show: Show::View;
        #[serde(with = "hhmm_opt")]
        up_time: NaiveTime => "up_time", Time, Flag::Option { name: "up", value: "HH:MM" },
            "Time you got up", unset: true,
            show: Show::No;
        sleep_quality: u8 => "sleep_quality", Int { lo: 1, hi: 5, hint: " (1 very poor, 5 very good)" },
            Flag::Option { name: "sleep-quality", value: "1-5" },
            "Sleep quality 1 (very poor) to 5 (very good)", unset: true,
            show: Show::View;
        awakenings: u8 => "awakenings", Int { lo: 0, hi: 20, hint: "" },
            Flag::Option { name: "awakenings", value: "N" },
            "Times you woke up in the night (0-20)", unset: true,
            show: line("Awakenings", "");
        cramp_awakenings: u8 => "cramp_awakenings", Int { lo: 0, hi: 20, hint: "" },
            Flag::Option { name: "cramp-awakenings", value: "N" },
            "Times a cramp woke you (0-20)", unset: true,
            show: line("Woken by cramps", "");
        sleep_disturbance: u8 => "sleep_disturbance",
            Int { lo: 0, hi: 10, hint: " (0 not at all, 10 completely)" },
            Flag::Option { name: "disturbance", value: "0-10" },
            "How much cramps disturbed your sleep, 0 (not at all) to 10", unset: true,
            show: line("Sleep disturbed by cramps", "/10");
        /// `None`: the checklist was not answered; `Some(vec![])`: answered, nothing ticked.
        symptoms: Vec<Symptom> => "symptoms_answered", Checklist, Flag::None,
            "leg symptoms of the day before", unset: true,
            show: Show::View;
        symptom_peak: Peak => "symptom_peak", Id, Flag::Option { name: "peak", value: "WHEN" },
            "When leg symptoms were worst: on_waking, midday, end_of_day, night, any_time",
            unset: true,
            show: line("Symptoms worst", "");
        urge_at_rest: bool => "urge_at_rest", Bool, Flag::Part { name: "rls" },
            "urge to move the legs at rest", unset: true,
            show: Show::View;
        urge_relieved_by_moving: bool => "urge_relieved_by_moving", Bool, Flag::Part { name: "rls" },
            "urge relieved by moving", unset: true,
            show: Show::No;
        urge_worse_evening: bool => "urge_worse_evening", Bool, Flag::Part { name: "rls" },
            "urge worse in the evening", unset: true,
            show: Show::No;
        urge_before_sleep: bool => "urge_before_sleep", Bool, Flag::Part { name: "rls" },
            "urge before sleep", unset: true,
            show: Show::No;
        walk_pain_at_rest: bool => "walk_pain_at_rest", Bool, Flag::Part { name: "walk-pain" },
            "walking pain that starts at rest", unset: true,
            show: Show::View;
        walk_pain_settles_10min: bool => "walk_pain_settles_10min", Bool,
            Flag::Part { name: "walk-pain" }, "walking pain settles within 10 minutes", unset: true,
            show: Show::No;
        walk_pain_site: WalkSite => "walk_pain_site", Id, Flag::Part { name: "walk-pain" },
            "where walking pain is felt", unset: true,
            show: Show::No;
        calf_cm_left: f64 => "calf_cm_left", CALF_CM, Flag::Part { name: "calf-cm" },
            "left calf circumference", unset: true,
            show: Show::View;
        calf_cm_right: f64 => "calf_cm_right", CALF_CM, Flag::Part { name: "calf-cm" },
            "right calf circumference", unset: true,
            show: Show::No;
        standing_h: f64 => "standing_h", HOURS, Flag::Option { name: "standing", value: "H" },
            "Hours on your feet yesterday (0-24, decimals allowed)", unset: true,
            show: line("On feet that day", " h"),
            ask: Ask { order: 1, question: "About how many hours were you on your feet {day}? (e.g. 6 or 7.5)",
                hint: "type hours from {range}, e.g. 6 or 7.5", called: "standing",
                usual: "on your feet {} h", unit: "hours", choices: &[] };
        sitting_h: f64 => "sitting_h", HOURS, Flag::Option { name: "sitting", value: "H" },
            "Hours sitting yesterday (0-24)", unset: true,
            show: line("Sitting that day", " h");
        exertion: Exertion => "exertion", Id, Flag::Option { name: "exertion", value: "LEVEL" },
            "Physical effort yesterday: none, light, usual, hard", unset: true,
            show: line("Effort that day", "");
        heat: bool => "heat", Bool, Flag::Switch { name: "heat" },
            "A hot day or hot bath yesterday (--heat, --heat=no)", unset: true,
            show: line("Hot day or bath", "");
        fluids_glasses: u8 => "fluids_glasses", Int { lo: 0, hi: 40, hint: " glasses" },
            Flag::Option { name: "fluids", value: "N" },
            "Glasses of water or other fluids yesterday (0-40)", unset: true,
            show: line("Fluids", " glasses"),
            ask: Ask { order: 5,
                question: "About how many glasses of water or other drinks did you have {day}?",
                hint: "type a number of glasses from {range}", called: "drinks",
                usual: "{} glasses of drinks", unit: "glasses", choices: &[] };
        alcohol_units: f64 => "alcohol_units",
            Decimal { lo: 0.0, hi: 50.0, unit: "units", suffixes: &["units", "unit", "u"] },
            Flag::Option { name: "alcohol", value: "N" },
            "Units of alcohol yesterday (0-50)", unset: true,
            show: line("Alcohol", " units"),
            ask: Ask { order: 6,
                question: "Units of alcohol {day}? (a small glass of wine is about 1.5, a pint of beer 2 to 3)",
                hint: "type a number of units from {range}, e.g. 0 or 1.5", called: "alcohol",
                usual: "{} units of alcohol", unit: "units", choices: &[] };
        caffeine_drinks: u8 => "caffeine_drinks", Int { lo: 0, hi: 20, hint: " drinks" },
            Flag::Option { name: "caffeine", value: "N" },
            "Caffeinated drinks yesterday (0-20)", unset: true,
            show: line("Caffeine", " drinks"),
            ask: Ask { order: 7, question: "Drinks with caffeine {day}? (coffee, tea, cola)",
                hint: "type a number of drinks from {range}", called: "caffeine",
                usual: "{} caffeine drinks", unit: "drinks", choices: &[] };
        compression: Compression => "compression", Id,
            Flag::Option { name: "compression", value: "none|part|most" },
            "Compression stockings yesterday: none, part (of the day), most (of the day)",
            unset: true,
            show: line("Compression stockings", ""),
            ask: Ask { order: 2, question: "Did you wear compression stockings {day}?",
                hint: "type 1, 2 or 3, or no, part, most", called: "compression stockings",
                usual: "stockings: {}", unit: "", choices: &[
                    ("none", "no", &["none", "not"]),
                    ("part", "part of the day", &["part", "some"]),
                    ("most", "most of the day", &["most", "all", "all day", "yes"]),
                ] };
        elevation_min: u16 => "elevation_min", Int { lo: 0, hi: 1440, hint: " minutes" },
            Flag::Option { name: "elevation", value: "MIN" },
            "Minutes with legs raised yesterday (0-1440)", unset: true,
            show: line("Legs raised", " min"),
            ask: Ask { order: 3,
                question: "For how many minutes did you have your legs raised {day}? (0 if not)",
                hint: "type minutes from {range}, e.g. 30", called: "legs raised",
                usual: "legs raised {} min", unit: "minutes", choices: &[] };
        stretched: bool => "stretched", Bool, Flag::Switch { name: "stretched" },
            "Stretched calves before bed (--stretched, --stretched=no)", unset: true,
            show: line("Stretched before bed", ""),
            ask: Ask { order: 4, question: "Did you stretch your calves before bed? (y or n)",
                hint: "type y or n (or Enter to skip)", called: "stretching",
                usual: "calves stretched: {}", unit: "", choices: &[] };
        note: String => "note", Text { max: NOTE_MAX }, Flag::Option { name: "note", value: "TEXT" },
            "A free-text note", unset: true,
            show: line("Note", "");
        /// When the entry was made (RFC 3339 with offset); set by the program.
        #[serde(with = "stamp_opt")]
        entered_at: DateTime<FixedOffset> => "entered_at", Stamp, Flag::None,
            "when the entry was made", unset: false,
            show: Show::No;
    }
}

/// The longest note, in characters.
pub const NOTE_MAX: usize = 20_000;
const CALF_CM: Kind = Kind::Decimal {
    lo: 15.0,
    hi: 80.0,
    unit: "cm",
    suffixes: &["cm"],
};
const HOURS: Kind = Kind::Decimal {
    lo: 0.0,
    hi: 24.0,
    unit: "hours",
    suffixes: &["hours", "hour", "hrs", "hr", "h"],
};

/// A ticked checklist is stored as "answered" (its items have their own table).
impl Stored for Vec<Symptom> {
    fn to_cell(&self) -> Cell {
        Cell::Int(1)
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Int(1) => Ok(Vec::new()),
            other => Err(format!("expected 0 or 1, found {other:?}")),
        }
    }
}

impl Night {
    /// An empty entry for `night`: everything unknown, no episodes.
    pub fn new(night: NaiveDate) -> Self {
        Night {
            night,
            ..Night::default()
        }
    }

    /// An entry made more than 36 hours after the night's morning (08:00) is *retrospective*
    /// (docs/design.md, "Nights").
    pub fn is_retrospective(&self) -> bool {
        let Some(at) = self.entered_at else {
            return false;
        };
        let morning = (self.night + Duration::days(1))
            .and_hms_opt(8, 0, 0)
            .unwrap_or_default();
        at.naive_local() - morning > Duration::hours(36)
    }

    /// Whether the patient had at least one cramp that night.
    pub fn had_cramp(&self) -> bool {
        !self.episodes.is_empty()
    }

    /// The symptom entry for `id`, if the checklist was answered and it was ticked.
    pub fn symptom(&self, id: SymptomId) -> Option<&Symptom> {
        self.symptoms.as_ref()?.iter().find(|s| s.id == id)
    }

    /// Red-flag signs logged with this night, most urgent first. A calf difference of 3 cm
    /// or more counts as a clot sign even when no symptom was ticked.
    pub fn red_flags(&self) -> Vec<(Urgency, RedFlag)> {
        let mut flags: Vec<(Urgency, RedFlag)> = self
            .symptoms
            .iter()
            .flatten()
            .filter_map(|s| s.id.urgency().map(|u| (u, RedFlag::Sign(s.id))))
            .collect();
        if let Some(diff) = self.calf_difference_cm()
            && diff >= 3.0
        {
            flags.push((Urgency::UrgentToday, RedFlag::CalfDifference(diff)));
        }
        flags.sort_by_key(|(u, _)| *u);
        flags
    }

    /// Absolute difference between the two calf circumferences, when both were measured.
    pub fn calf_difference_cm(&self) -> Option<f64> {
        Some((self.calf_cm_left? - self.calf_cm_right?).abs())
    }

    /// Checks every range of docs/design.md sections 2 and 7; the error names the field and value.
    pub fn validate(&self) -> Result<(), FieldError> {
        for (i, e) in self.episodes.iter().enumerate() {
            e.validate()
                .map_err(|err| err.within(&format!("episodes[{i}]")))?;
        }
        for spec in NIGHT_FIELDS {
            let v = match (spec.get)(self) {
                Cell::Int(i) => i as f64,
                Cell::Real(v) => v,
                _ => continue,
            };
            if !spec.kind.contains(v)
                && let Some(range) = spec.kind.range_text()
            {
                return Err(FieldError::range(spec.id, v, &range));
            }
        }
        if let (Some(a), Some(c)) = (self.awakenings, self.cramp_awakenings)
            && c > a
        {
            return Err(FieldError::new(
                "cramp_awakenings",
                format!(
                    "{c} is more than the {a} awakenings logged; cramp awakenings are part of all awakenings"
                ),
            ));
        }
        if let (Some(st), Some(si)) = (self.standing_h, self.sitting_h)
            && st + si > 24.0
        {
            return Err(FieldError::new(
                "sitting_h",
                format!("{st} h standing plus {si} h sitting is more than 24 hours"),
            ));
        }
        if let Some(symptoms) = &self.symptoms {
            for (i, s) in symptoms.iter().enumerate() {
                s.validate()
                    .map_err(|err| err.within(&format!("symptoms[{i}]")))?;
                if symptoms[..i].iter().any(|other| other.id == s.id) {
                    return Err(FieldError::new(
                        &format!("symptoms[{i}].id"),
                        format!("'{}' is listed twice; give each symptom once", s.id),
                    ));
                }
            }
        }
        if let Some(note) = &self.note
            && note.chars().count() > NOTE_MAX
        {
            return Err(FieldError::new(
                "note",
                format!(
                    "is {} characters long; keep notes under {NOTE_MAX} characters",
                    note.chars().count()
                ),
            ));
        }
        if let Some(p) = self
            .note
            .as_deref()
            .and_then(|n| crate::text::problem(n, crate::text::Shape::Lines))
        {
            return Err(FieldError::new("note", p));
        }
        Ok(())
    }
}

/// An inclusive range of nights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Number of nights in the period.
    pub fn nights(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Every night of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let len = self.nights();
        Period {
            from: self.from - Duration::days(len),
            to: self.from - Duration::days(1),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// One red-flag finding on a night.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RedFlag {
    Sign(SymptomId),
    /// Calf circumferences differ by this many centimetres (≥ 3).
    CalfDifference(f64),
}

impl RedFlag {
    /// The advice to show at once.
    pub fn advice(self) -> &'static str {
        match self {
            RedFlag::Sign(id) => id.advice().unwrap_or(crate::vocab::CALF_DIFFERENCE_ADVICE),
            RedFlag::CalfDifference(_) => crate::vocab::CALF_DIFFERENCE_ADVICE,
        }
    }

    /// Plain words for the finding.
    pub fn describe(self) -> String {
        match self {
            RedFlag::Sign(id) => id.plain().to_string(),
            RedFlag::CalfDifference(d) => format!("calves differ by {d:.1} cm"),
        }
    }
}

impl Episode {
    /// Checks the episode's ranges.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(d) = self.duration_s
            && !(1..=7200).contains(&d)
        {
            return Err(FieldError::range(
                "duration_s",
                d,
                "1..=7200 (up to 2 hours)",
            ));
        }
        range_u8("pain", self.pain, 0, 10)?;
        if let Some(m) = self.resleep_min
            && m > 600
        {
            return Err(FieldError::range("resleep_min", m, "0..=600"));
        }
        Ok(())
    }
}

impl Symptom {
    /// A severity only on sensations, within 0..=10.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(sev) = self.severity {
            if !self.id.takes_severity() {
                return Err(FieldError::new(
                    "severity",
                    format!(
                        "'{}' is a sign, recorded with a side only; leave out the severity",
                        self.id
                    ),
                ));
            }
            range_u8("severity", Some(sev), 0, 10)?;
        }
        Ok(())
    }
}

/// A value out of its allowed range, named by its field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: &str, problem: String) -> Self {
        FieldError {
            field: field.to_string(),
            problem,
        }
    }

    fn range(field: &str, value: impl std::fmt::Display, range: &str) -> Self {
        FieldError::new(field, format!("{value} is out of range {range}"))
    }

    /// Prefixes the field path (`episodes[0]` + `pain` → `episodes[0].pain`).
    pub fn within(self, prefix: &str) -> Self {
        FieldError {
            field: format!("{prefix}.{}", self.field),
            problem: self.problem,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

fn range_u8(field: &str, v: Option<u8>, lo: u8, hi: u8) -> Result<(), FieldError> {
    match v {
        Some(v) if !(lo..=hi).contains(&v) => {
            Err(FieldError::range(field, v, &format!("{lo}..={hi}")))
        }
        _ => Ok(()),
    }
}

/// A medicine the patient takes, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Medication {
    pub name: String,
    pub class: MedClass,
    pub start: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<String>,
}

/// A treatment or measure (compression started, vein procedure…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Row id in the diary; not part of the exchange format.
    #[serde(skip)]
    pub id: i64,
    pub date: NaiveDate,
    pub kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Leg>,
    /// What a `duplex_scan` showed (export version 2; only duplex scans carry one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<DuplexResult>,
}

/// The patient's own question for the next appointment (`cramplog ask`, docs/design.md
/// section 13): open until marked done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The number `ask done` takes; kept by export and import.
    pub id: i64,
    pub text: String,
    /// The day it was asked.
    pub asked: NaiveDate,
    /// The day it was marked done; absent while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<NaiveDate>,
}

/// The longest question `ask` stores, in characters (docs/design.md section 12a).
pub const QUESTION_MAX_CHARS: usize = 500;

/// `HH:MM` (de)serialisation for optional clock times.
pub mod hhmm_opt {
    use chrono::{NaiveTime, Timelike};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => {
                let mut buf = *b"00:00";
                super::digits(&mut buf[0..2], t.hour());
                super::digits(&mut buf[3..5], t.minute());
                s.serialize_str(super::ascii(&buf))
            }
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        raw.map(|s| {
            NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| {
                serde::de::Error::custom(format!("'{s}' is not a clock time; use HH:MM"))
            })
        })
        .transpose()
    }
}

/// Writes `v`'s last decimal digits into `buf`, zero-padded.
fn digits(buf: &mut [u8], mut v: u32) {
    for b in buf.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Digits and separators written by [`digits`] as text.
fn ascii(buf: &[u8]) -> &str {
    std::str::from_utf8(buf).unwrap_or_default()
}

/// `YYYY-MM-DD` into `buf` for a year of four digits, chrono's own form (else `None`).
fn iso_date_text(d: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    use chrono::Datelike;
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    *buf = *b"0000-00-00";
    digits(&mut buf[0..4], year);
    digits(&mut buf[5..7], d.month());
    digits(&mut buf[8..10], d.day());
    Some(ascii(buf))
}

/// A date in JSON as chrono writes it, `YYYY-MM-DD`, from its digits: chrono's `Serialize`
/// goes through the formatter a character at a time, a sixth of a ten-year JSON report
/// (docs/design.md section 14.1). Reading is chrono's.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0; 10];
        match super::iso_date_text(*d, &mut buf) {
            Some(text) => s.serialize_str(text),
            None => d.serialize(s),
        }
    }
}

/// An entry time in JSON as chrono writes it (`2026-11-27T08:00:00+01:00`), from its digits
/// when it has whole seconds and a whole-minute offset, else chrono's own (see [`iso_date`]).
pub mod stamp_opt {
    use chrono::{DateTime, FixedOffset, Timelike};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let Some(t) = t else {
            return s.serialize_none();
        };
        let local = t.naive_local();
        let offset = t.offset().local_minus_utc();
        let mut date = [0; 10];
        match super::iso_date_text(local.date(), &mut date) {
            Some(date) if local.nanosecond() == 0 && offset % 60 == 0 => {
                let mut buf = *b"0000-00-00T00:00:00+00:00";
                buf[0..10].copy_from_slice(date.as_bytes());
                super::digits(&mut buf[11..13], local.hour());
                super::digits(&mut buf[14..16], local.minute());
                super::digits(&mut buf[17..19], local.second());
                if offset == 0 {
                    // chrono writes a zero offset as `Z`.
                    buf[19] = b'Z';
                    return s.serialize_str(super::ascii(&buf[..20]));
                }
                if offset < 0 {
                    buf[19] = b'-';
                }
                let minutes = offset.unsigned_abs() / 60;
                super::digits(&mut buf[20..22], minutes / 60);
                super::digits(&mut buf[23..25], minutes % 60);
                s.serialize_str(super::ascii(&buf))
            }
            _ => t.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Option::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_times_and_stamps_serialise_as_chrono_does() {
        use chrono::TimeZone;
        #[derive(Serialize)]
        struct Ours {
            #[serde(serialize_with = "iso_date::serialize")]
            d: NaiveDate,
            #[serde(with = "hhmm_opt")]
            t: Option<NaiveTime>,
            #[serde(with = "stamp_opt")]
            s: Option<DateTime<FixedOffset>>,
        }
        let mut checked = 0;
        for (y, m, d) in [
            (2026, 11, 27),
            (1, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 4),
        ] {
            let d = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for (h, min, sec, nano) in [(8, 0, 0, 0), (23, 59, 59, 0), (0, 5, 7, 250_000_000)] {
                let t = NaiveTime::from_hms_nano_opt(h, min, sec, nano).unwrap();
                for offset in [
                    0,
                    3600,
                    -3600,
                    5 * 3600 + 30 * 60,
                    -(9 * 3600 + 45 * 60),
                    61,
                    -7,
                ] {
                    let s = FixedOffset::east_opt(offset)
                        .unwrap()
                        .from_local_datetime(&d.and_time(t))
                        .single()
                        .unwrap();
                    let ours = serde_json::to_string(&Ours {
                        d,
                        t: Some(t),
                        s: Some(s),
                    })
                    .unwrap();
                    let chrono = serde_json::json!({
                        "d": d, "t": t.format("%H:%M").to_string(), "s": s,
                    });
                    assert_eq!(
                        serde_json::from_str::<serde_json::Value>(&ours).unwrap(),
                        chrono,
                        "{ours}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 105);
    }

    #[test]
    fn validate_names_the_field_and_range() {
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default());
        n.episodes.push(Episode {
            pain: Some(14),
            ..Episode::default()
        });
        let err = n.validate().unwrap_err().to_string();
        assert_eq!(err, "episodes[0].pain: 14 is out of range 0..=10");
    }

    #[test]
    fn signs_refuse_a_severity() {
        let s = Symptom {
            id: SymptomId::AnkleSwelling,
            side: Some(Leg::Left),
            severity: Some(5),
        };
        assert!(s.validate().is_err());
    }

    #[test]
    fn calf_difference_of_three_cm_is_a_red_flag() {
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default());
        n.calf_cm_left = Some(41.0);
        n.calf_cm_right = Some(38.0);
        assert!(matches!(
            n.red_flags().as_slice(),
            [(Urgency::UrgentToday, RedFlag::CalfDifference(_))]
        ));
    }
}
