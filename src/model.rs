//! The diary's data: nights, cramp episodes, symptoms, profile, medications and events.
//!
//! These are plain values with serde derives whose field names are the ids of DESIGN.md
//! section 2, so the same shape serves `show --json`, export and import. `Option` means
//! *unknown*; a `Some(false)` or an empty symptom list is an explicit "no". Validation lives
//! here ([`Night::validate`]) so the CLI, the guided entry and import all apply the same ranges,
//! which the SQL CHECK constraints mirror.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::vocab::{
    Compression, EventKind, Exertion, Leg, MedClass, Peak, Phase, Relief, Site, SymptomId, Urgency,
    WalkSite,
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
    /// Most night cramps wake the sleeper; DESIGN.md makes it the default.
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

/// One logged night: everything known about one bedtime and the day before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Night {
    pub night: NaiveDate,
    #[serde(default)]
    pub episodes: Vec<Episode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soreness: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soreness_side: Option<Leg>,
    #[serde(default, with = "hhmm_opt", skip_serializing_if = "Option::is_none")]
    pub bed_time: Option<NaiveTime>,
    #[serde(default, with = "hhmm_opt", skip_serializing_if = "Option::is_none")]
    pub up_time: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_quality: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awakenings: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cramp_awakenings: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_disturbance: Option<u8>,
    /// `None`: the checklist was not answered; `Some(vec![])`: answered, nothing ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptoms: Option<Vec<Symptom>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptom_peak: Option<Peak>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urge_at_rest: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urge_relieved_by_moving: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urge_worse_evening: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urge_before_sleep: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_pain_at_rest: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_pain_settles_10min: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_pain_site: Option<WalkSite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calf_cm_left: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calf_cm_right: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing_h: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting_h: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exertion: Option<Exertion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heat: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fluids_glasses: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alcohol_units: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caffeine_drinks: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevation_min: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stretched: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the entry was made (RFC 3339 with offset); set by the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_at: Option<DateTime<FixedOffset>>,
}

impl Night {
    /// An empty entry for `night`: everything unknown, no episodes.
    pub fn new(night: NaiveDate) -> Self {
        Night {
            night,
            episodes: Vec::new(),
            soreness: None,
            soreness_side: None,
            bed_time: None,
            up_time: None,
            sleep_quality: None,
            awakenings: None,
            cramp_awakenings: None,
            sleep_disturbance: None,
            symptoms: None,
            symptom_peak: None,
            urge_at_rest: None,
            urge_relieved_by_moving: None,
            urge_worse_evening: None,
            urge_before_sleep: None,
            walk_pain_at_rest: None,
            walk_pain_settles_10min: None,
            walk_pain_site: None,
            calf_cm_left: None,
            calf_cm_right: None,
            standing_h: None,
            sitting_h: None,
            exertion: None,
            heat: None,
            fluids_glasses: None,
            alcohol_units: None,
            caffeine_drinks: None,
            compression: None,
            elevation_min: None,
            stretched: None,
            note: None,
            entered_at: None,
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

    /// Checks every range of DESIGN.md sections 2 and 7; the error names the field and value.
    pub fn validate(&self) -> Result<(), FieldError> {
        for (i, e) in self.episodes.iter().enumerate() {
            e.validate()
                .map_err(|err| err.within(&format!("episodes[{i}]")))?;
        }
        range_u8("soreness", self.soreness, 0, 10)?;
        range_u8("sleep_quality", self.sleep_quality, 1, 5)?;
        range_u8("awakenings", self.awakenings, 0, 20)?;
        range_u8("cramp_awakenings", self.cramp_awakenings, 0, 20)?;
        range_u8("sleep_disturbance", self.sleep_disturbance, 0, 10)?;
        range_u8("fluids_glasses", self.fluids_glasses, 0, 40)?;
        range_u8("caffeine_drinks", self.caffeine_drinks, 0, 20)?;
        range_f64("calf_cm_left", self.calf_cm_left, 15.0, 80.0)?;
        range_f64("calf_cm_right", self.calf_cm_right, 15.0, 80.0)?;
        range_f64("standing_h", self.standing_h, 0.0, 24.0)?;
        range_f64("sitting_h", self.sitting_h, 0.0, 24.0)?;
        range_f64("alcohol_units", self.alcohol_units, 0.0, 50.0)?;
        if let Some(m) = self.elevation_min
            && m > 1440
        {
            return Err(FieldError::range("elevation_min", m, "0..=1440"));
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
            && note.chars().count() > 20_000
        {
            return Err(FieldError::new(
                "note",
                format!(
                    "is {} characters long; keep notes under 20000 characters",
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

fn range_f64(field: &str, v: Option<f64>, lo: f64, hi: f64) -> Result<(), FieldError> {
    match v {
        Some(v) if !v.is_finite() || v < lo || v > hi => {
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
}

/// `HH:MM` (de)serialisation for optional clock times.
pub mod hhmm_opt {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
