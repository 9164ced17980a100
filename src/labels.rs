//! Plain words for every id a person reads (docs/design.md, "Plain words"): the one label
//! table. Reports (text, Markdown, HTML, PDF), terminal tables, `list`, `show` and the guided
//! entry print these words; the ids themselves stay in JSON, CSV and FHIR (and on the
//! command line, where they are typed).
//!
//! Every vocabulary type of [`crate::vocab`] gets a `plain()` here, written as a `match`
//! over all its values, so a new id cannot be added without its words.

use crate::model::Symptom;
use crate::vocab::{
    Compression, DuplexResult, EventKind, Exertion, Leg, Level, MedClass, PairOrder, Peak, Phase,
    Posture, Relief, RuleId, Sex, Site, SymptomId, TrialKind, Urgency, VaricoseSide, WalkSite,
};

impl Phase {
    pub fn plain(self) -> &'static str {
        match self {
            Phase::BeforeSleep => "before falling asleep",
            Phase::WokeMe => "woke me",
            Phase::OnWaking => "on waking",
        }
    }
}

impl Leg {
    pub fn plain(self) -> &'static str {
        match self {
            Leg::Left => "left",
            Leg::Right => "right",
            Leg::Both => "both legs",
        }
    }

    /// "left leg", "right leg", "both legs".
    pub fn which_leg(self) -> &'static str {
        match self {
            Leg::Left => "left leg",
            Leg::Right => "right leg",
            Leg::Both => "both legs",
        }
    }
}

/// Where a cramp was: "left calf", "calf, both legs", "right leg", "foot"; empty when
/// neither is known.
pub fn place(leg: Option<Leg>, site: Option<Site>) -> String {
    match (leg, site) {
        (Some(Leg::Both), Some(s)) => format!("{}, both legs", s.plain()),
        (Some(l @ (Leg::Left | Leg::Right)), Some(s)) => format!("{} {}", l.plain(), s.plain()),
        (Some(Leg::Both), None) => "both legs".into(),
        (Some(l), None) => format!("{} leg", l.plain()),
        (None, Some(s)) => s.plain().to_string(),
        (None, None) => String::new(),
    }
}

impl Site {
    pub fn plain(self) -> &'static str {
        match self {
            Site::Calf => "calf",
            Site::Foot => "foot",
            Site::Toes => "toes",
            Site::Shin => "shin",
            Site::Thigh => "thigh",
            Site::Hamstring => "back of the thigh",
            Site::Other => "elsewhere in the leg",
        }
    }
}

impl Relief {
    /// What eased the cramp ("eased by …" for the first five).
    pub fn plain(self) -> &'static str {
        match self {
            Relief::Stretch => "stretching",
            Relief::Walk => "walking",
            Relief::Massage => "massage",
            Relief::Heat => "heat",
            Relief::ByItself => "went by itself",
            Relief::Nothing => "nothing helped",
            Relief::Other => "something else",
        }
    }
}

impl Peak {
    /// Completes "worst …".
    pub fn plain(self) -> &'static str {
        match self {
            Peak::OnWaking => "on waking",
            Peak::Midday => "around midday",
            Peak::EndOfDay => "at the end of the day",
            Peak::Night => "at night",
            Peak::AnyTime => "at no particular time",
        }
    }
}

impl WalkSite {
    pub fn plain(self) -> &'static str {
        match self {
            WalkSite::Calf => "calf",
            WalkSite::ThighButtock => "thigh or buttock",
            WalkSite::Other => "elsewhere",
        }
    }
}

impl Exertion {
    pub fn plain(self) -> &'static str {
        match self {
            Exertion::None => "no effort",
            Exertion::Light => "light",
            Exertion::Usual => "usual",
            Exertion::Hard => "hard",
        }
    }
}

impl Compression {
    /// How long the stockings were worn.
    pub fn plain(self) -> &'static str {
        match self {
            Compression::None => "not worn",
            Compression::Part => "part of the day",
            Compression::Most => "most of the day",
        }
    }
}

impl SymptomId {
    /// Plain words for patients (guided entry, reports).
    pub fn plain(self) -> &'static str {
        use SymptomId::*;
        match self {
            Heaviness => "heavy legs",
            Aching => "aching legs",
            SwellingFeeling => "legs felt swollen",
            Throbbing => "throbbing",
            Itching => "itching",
            Burning => "burning",
            AnkleSwelling => "ankle swelling (seen)",
            SockMarks => "sock marks",
            VisibleVeins => "visible or bulging veins",
            Tingling => "tingling, pins and needles",
            Numbness => "numbness",
            RestlessUrge => "urge to move the legs",
            WalkingPain => "leg pain when walking",
            NewOneSidedSwelling => "one leg newly swollen",
            CalfTenderWarmRed => "calf tender, warm or red",
            BreathlessChestPain => "short of breath, chest pain or coughing blood",
            VeinBleeding => "a vein bled",
            OpenSore => "an open sore on the leg",
            HardPainfulVein => "a hard, painful vein",
            SkinChangeNew => "new darker or harder skin",
            RedHotSpreadingSkin => "red, hot, spreading skin",
            RestFootPain => "foot pain at rest",
            ColdPaleFoot => "foot suddenly cold and pale",
            NewWeakness => "new weakness in the leg",
            Twitching => "muscle twitching",
        }
    }
}

/// A symptom in plain words with its side and severity: "heavy legs (left, 6/10)".
pub fn symptom(s: &Symptom) -> String {
    let mut detail: Vec<String> = Vec::new();
    if let Some(side) = s.side {
        detail.push(side.plain().to_string());
    }
    if let Some(sev) = s.severity {
        detail.push(format!("{sev}/10"));
    }
    if detail.is_empty() {
        s.id.plain().to_string()
    } else {
        format!("{} ({})", s.id.plain(), detail.join(", "))
    }
}

impl MedClass {
    /// The class in plain words, for people (the id stays in data files).
    pub fn plain(self) -> &'static str {
        match self {
            MedClass::Laba => "long-acting inhaler for asthma or COPD (LABA)",
            MedClass::KSparingDiuretic => "potassium-sparing water tablet",
            MedClass::ThiazideDiuretic => "thiazide water tablet",
            MedClass::LoopDiuretic => "loop water tablet",
            MedClass::Statin => "statin (for cholesterol)",
            MedClass::IvIron => "iron given into a vein",
            MedClass::Estrogen => "oestrogen (hormone therapy or the pill)",
            MedClass::Raloxifene => "raloxifene (for bones)",
            MedClass::Nsaid => "anti-inflammatory painkiller (NSAID)",
            MedClass::Teriparatide => "bone-building injection (teriparatide)",
            MedClass::CalciumChannelBlocker => "calcium-channel blocker (for blood pressure)",
            MedClass::Quinine => "quinine",
            MedClass::Magnesium => "magnesium supplement",
            MedClass::Other => "other medicine",
        }
    }
}

impl EventKind {
    /// The event as a person says it (capitalised where it starts a line).
    pub fn plain(self) -> &'static str {
        match self {
            EventKind::CompressionStart => "started compression stockings",
            EventKind::CompressionStop => "stopped compression stockings",
            EventKind::StretchingStart => "started stretching before bed",
            EventKind::VeinProcedure => "vein procedure",
            EventKind::DuplexScan => "venous duplex scan",
            EventKind::Other => "other event",
        }
    }
}

impl DuplexResult {
    /// Completes "recorded as showing …".
    pub fn plain(self) -> &'static str {
        match self {
            DuplexResult::Reflux => "venous reflux",
            DuplexResult::NoReflux => "no venous reflux",
            DuplexResult::Unclear => "an unclear result",
        }
    }
}

impl Sex {
    pub fn plain(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
        }
    }
}

impl VaricoseSide {
    /// Completes "known varicose veins: …".
    pub fn plain(self) -> &'static str {
        match self {
            VaricoseSide::None => "none",
            VaricoseSide::Left => "left leg",
            VaricoseSide::Right => "right leg",
            VaricoseSide::Both => "both legs",
        }
    }
}

impl Posture {
    pub fn plain(self) -> &'static str {
        match self {
            Posture::Standing => "mostly standing",
            Posture::Sitting => "mostly sitting",
            Posture::Mixed => "standing and sitting",
        }
    }
}

impl Level {
    /// The level in running text ("urgent: get help today"); headings use
    /// `report::common::level_label`, its capitals.
    pub fn plain(self) -> &'static str {
        match self {
            Level::UrgentEmergency => "urgent: call emergency services",
            Level::UrgentToday => "urgent: get help today",
            Level::PromptReview => "see a doctor soon",
            Level::Notable => "notable",
            Level::Possible => "possible",
            Level::NotMet => "not found",
            Level::InsufficientData => "not enough data",
        }
    }
}

impl Urgency {
    pub fn plain(self) -> &'static str {
        Level::from_urgency(self).plain()
    }
}

impl RuleId {
    /// The rule in a few words (its flag's title is the full form).
    pub fn plain(self) -> &'static str {
        match self {
            RuleId::RedFlagUrgentClot => "signs of a possible clot",
            RuleId::RedFlagPromptReview => "other warning signs",
            RuleId::CrampFrequencyHigh => "frequent cramps",
            RuleId::CrampPhenotypeAtypical => "unusual cramps",
            RuleId::VenousCosymptomAssociation => "cramps after venous-type symptoms",
            RuleId::StandingDayAssociation => "cramps after long standing",
            RuleId::CompressionElevationRelief => "fewer cramps with stockings or legs raised",
            RuleId::SelfCareNonresponse => "no change after stretching",
            RuleId::LateralityConcordance => "cramps on the side of the signs",
            RuleId::WorseningTrend => "trend over the period",
            RuleId::SleepDisruption => "sleep disruption",
            RuleId::RlsLikePattern => "restless-legs-like pattern",
            RuleId::PadClaudicationPattern => "walking-pain pattern",
            RuleId::MedicationTimingAssociation => "cramps after a medicine start",
        }
    }
}

impl TrialKind {
    pub fn plain(self) -> &'static str {
        match self {
            TrialKind::Compression => "compression stockings",
            TrialKind::Stretching => "stretching before bed",
            TrialKind::Elevation => "legs raised",
        }
    }
}

impl PairOrder {
    pub fn plain(self) -> &'static str {
        match self {
            PairOrder::OnOff => "on, then off",
            PairOrder::OffOn => "off, then on",
        }
    }
}

/// The plain words of the id `value` of night field `field` (`show`'s one-field lines);
/// `None` for a field or value that is not in the vocabulary.
pub fn field_value(field: &str, value: &str) -> Option<&'static str> {
    Some(match field {
        "compression" => value.parse::<Compression>().ok()?.plain(),
        "exertion" => value.parse::<Exertion>().ok()?.plain(),
        "symptom_peak" => value.parse::<Peak>().ok()?.plain(),
        "walk_pain_site" => value.parse::<WalkSite>().ok()?.plain(),
        "soreness_side" => value.parse::<Leg>().ok()?.plain(),
        _ => return None,
    })
}

/// Every vocabulary id (multi-word ones are the ones that can leak as `snake_case`), for
/// tests that check no id reaches what a person reads.
pub fn every_id() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    ids.extend(Phase::ids());
    ids.extend(Leg::ids());
    ids.extend(Site::ids());
    ids.extend(Relief::ids());
    ids.extend(Peak::ids());
    ids.extend(WalkSite::ids());
    ids.extend(Exertion::ids());
    ids.extend(Compression::ids());
    ids.extend(SymptomId::ids());
    ids.extend(MedClass::ids());
    ids.extend(EventKind::ids());
    ids.extend(DuplexResult::ids());
    ids.extend(Sex::ids());
    ids.extend(VaricoseSide::ids());
    ids.extend(Posture::ids());
    ids.extend(RuleId::ids());
    ids.extend(TrialKind::ids());
    ids.extend(PairOrder::ids());
    ids.extend(
        [
            Level::UrgentEmergency,
            Level::UrgentToday,
            Level::PromptReview,
            Level::Notable,
            Level::Possible,
            Level::NotMet,
            Level::InsufficientData,
        ]
        .map(Level::id),
    );
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_label_is_an_id_with_underscores() {
        let words: Vec<&str> = SymptomId::ALL
            .iter()
            .map(|s| s.plain())
            .chain(MedClass::ALL.iter().map(|c| c.plain()))
            .chain(EventKind::ALL.iter().map(|c| c.plain()))
            .chain(Relief::ALL.iter().map(|c| c.plain()))
            .chain(Peak::ALL.iter().map(|c| c.plain()))
            .collect();
        for w in words {
            assert!(!w.contains('_'), "{w}");
        }
    }

    #[test]
    fn a_symptom_reads_with_its_side_and_severity() {
        let s = Symptom {
            id: SymptomId::Heaviness,
            side: Some(Leg::Left),
            severity: Some(5),
        };
        assert_eq!(symptom(&s), "heavy legs (left, 5/10)");
        assert!(every_id().contains(&"calcium_channel_blocker"));
        assert!(every_id().contains(&"urgent_today"));
    }
}
