//! The diary's stable vocabulary (docs/design.md section 2): every enumerated id that appears in
//! the command line, the database, JSON and CSV, with one spelling for all of them.
//!
//! Each vocabulary type gets `ALL`, `id()` and `FromStr` from the `vocab!` macro, so parsing,
//! display, storage and "did you mean" suggestions can never disagree on a spelling.

use std::fmt;
use std::str::FromStr;

use crate::error::UsageError;

/// Declares a vocabulary enum whose serde, display and parse forms are its stable id.
macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            /// Every value, in the order docs/design.md lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What the value is called in error messages ("site", "symptom"…).
            pub const WHAT: &'static str = $what;

            /// The stable id used everywhere (CLI, database, JSON, CSV).
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// All ids, for help texts and suggestions.
            pub fn ids() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.id()).collect()
            }

            /// The value whose id `s` spells (as `FromStr`), without building an error and
            /// its suggestions when it is none (for parsers that try words in turn).
            pub fn find(s: &str) -> Option<Self> {
                let wanted = normalise(s);
                Self::ALL.iter().copied().find(|v| v.id() == wanted)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        /// Stored as its id.
        impl $crate::field::Stored for $name {
            fn to_cell(&self) -> $crate::field::Cell {
                $crate::field::Cell::Text(self.id().to_string())
            }
            fn from_cell(cell: $crate::field::CellRef<'_>) -> Result<Self, String> {
                $crate::field::text(cell)?.parse().map_err(|e: UsageError| e.to_string())
            }
        }

        impl FromStr for $name {
            type Err = UsageError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::find(s).ok_or_else(|| unknown($what, s, &Self::ids()))
            }
        }
    };
}

/// Lower-cases and turns `-` and spaces into `_`, so `Before-Sleep` reads as `before_sleep`.
pub fn normalise(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

/// Up to two closest ids for a misspelt word, quoted and joined ("'a' or 'b'").
///
/// Compares against whole ids and against their `_`-separated parts, so `sweling` finds
/// `swelling_feeling` and `ankle_swelling`.
pub fn suggest(value: &str, ids: &[&str]) -> Option<String> {
    let wanted = normalise(value);
    if wanted.is_empty() {
        return None;
    }
    let mut scored: Vec<(usize, usize, &str)> = ids
        .iter()
        .enumerate()
        .map(|(order, id)| {
            let whole = strsim::osa_distance(&wanted, id);
            let part = id
                .split('_')
                .filter(|p| p.len() >= 3)
                .map(|p| strsim::osa_distance(&wanted, p))
                .min()
                .unwrap_or(usize::MAX);
            (whole.min(part), order, *id)
        })
        .collect();
    scored.sort();
    let limit = (wanted.chars().count() / 3).max(1);
    let close: Vec<String> = scored
        .iter()
        .filter(|(d, _, _)| *d <= limit)
        .take(2)
        .map(|(_, _, id)| format!("'{id}'"))
        .collect();
    (!close.is_empty()).then(|| close.join(" or "))
}

/// The error for a word that is not in a vocabulary, with the closest ids suggested.
pub fn unknown(what: &str, value: &str, ids: &[&str]) -> UsageError {
    let hint = suggest(value, ids);
    UsageError::new(format!(
        "unknown {what} '{value}'; {hint}",
        hint = match hint {
            Some(h) => format!("did you mean {h}? (choose from: {})", ids.join(", ")),
            None => format!("choose from: {}", ids.join(", ")),
        }
    ))
}

vocab!(
    /// When in the night a cramp happened.
    Phase, "phase" { BeforeSleep = "before_sleep", WokeMe = "woke_me", OnWaking = "on_waking" }
);

vocab!(
    /// Which leg.
    Leg, "leg" { Left = "left", Right = "right", Both = "both" }
);

vocab!(
    /// Which muscle or part of the leg cramped.
    Site, "site" {
        Calf = "calf", Foot = "foot", Toes = "toes", Shin = "shin", Thigh = "thigh",
        Hamstring = "hamstring", Other = "other",
    }
);

vocab!(
    /// What ended or eased the cramp.
    Relief, "relief" {
        Stretch = "stretch", Walk = "walk", Massage = "massage", Heat = "heat",
        ByItself = "by_itself", Nothing = "nothing", Other = "other",
    }
);

vocab!(
    /// When in the day the leg symptoms were worst.
    Peak, "symptom peak" {
        OnWaking = "on_waking", Midday = "midday", EndOfDay = "end_of_day", Night = "night",
        AnyTime = "any_time",
    }
);

vocab!(
    /// Where walking pain was felt (Edinburgh Claudication Questionnaire).
    WalkSite, "walking-pain site" { Calf = "calf", ThighButtock = "thigh_buttock", Other = "other" }
);

vocab!(
    /// Physical effort of the day before.
    Exertion, "exertion" { None = "none", Light = "light", Usual = "usual", Hard = "hard" }
);

vocab!(
    /// How much of the day compression stockings were worn.
    Compression, "compression" { None = "none", Part = "part", Most = "most" }
);

vocab!(
    /// Leg symptoms and signs of the day before; see `takes_severity`, `is_venous`, `urgency`.
    SymptomId, "symptom" {
        Heaviness = "heaviness", Aching = "aching", SwellingFeeling = "swelling_feeling",
        Throbbing = "throbbing", Itching = "itching", Burning = "burning",
        AnkleSwelling = "ankle_swelling", SockMarks = "sock_marks", VisibleVeins = "visible_veins",
        Tingling = "tingling", Numbness = "numbness", RestlessUrge = "restless_urge",
        WalkingPain = "walking_pain",
        NewOneSidedSwelling = "new_one_sided_swelling", CalfTenderWarmRed = "calf_tender_warm_red",
        BreathlessChestPain = "breathless_chest_pain", VeinBleeding = "vein_bleeding",
        OpenSore = "open_sore", HardPainfulVein = "hard_painful_vein",
        SkinChangeNew = "skin_change_new", RedHotSpreadingSkin = "red_hot_spreading_skin",
        RestFootPain = "rest_foot_pain", ColdPaleFoot = "cold_pale_foot",
        NewWeakness = "new_weakness", Twitching = "twitching",
    }
);

/// How urgent a red-flag sign is (docs/design.md section 5, red-flag table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    UrgentEmergency,
    UrgentToday,
    PromptReview,
}

impl Urgency {
    /// The flag level id of this urgency.
    pub fn id(self) -> &'static str {
        match self {
            Urgency::UrgentEmergency => "urgent_emergency",
            Urgency::UrgentToday => "urgent_today",
            Urgency::PromptReview => "prompt_review",
        }
    }
}

/// Level of a flag (docs/design.md section 5), most important first (the report's sort order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    UrgentEmergency,
    UrgentToday,
    PromptReview,
    Notable,
    Possible,
    NotMet,
    InsufficientData,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::UrgentEmergency => "urgent_emergency",
            Level::UrgentToday => "urgent_today",
            Level::PromptReview => "prompt_review",
            Level::Notable => "notable",
            Level::Possible => "possible",
            Level::NotMet => "not_met",
            Level::InsufficientData => "insufficient_data",
        }
    }

    /// `notable` or `possible`.
    pub fn is_met(self) -> bool {
        matches!(self, Level::Notable | Level::Possible)
    }

    /// One of the three red-flag levels.
    pub fn is_urgent(self) -> bool {
        matches!(
            self,
            Level::UrgentEmergency | Level::UrgentToday | Level::PromptReview
        )
    }

    pub fn from_urgency(u: Urgency) -> Level {
        match u {
            Urgency::UrgentEmergency => Level::UrgentEmergency,
            Urgency::UrgentToday => Level::UrgentToday,
            Urgency::PromptReview => Level::PromptReview,
        }
    }
}

/// Advice printed at once for a calf difference of 3 cm or more (NICE NG158).
pub const CALF_DIFFERENCE_ADVICE: &str = "These can be signs of a blood clot in the leg (DVT). Get medical help today; don't wait for your appointment.";

impl SymptomId {
    /// Sensations carry a 0–10 severity; signs carry a side only (docs/design.md section 7).
    pub fn takes_severity(self) -> bool {
        use SymptomId::*;
        matches!(
            self,
            Heaviness
                | Aching
                | SwellingFeeling
                | Throbbing
                | Itching
                | Burning
                | Tingling
                | Numbness
                | RestlessUrge
                | WalkingPain
        )
    }

    /// Symptoms of the venous type (HASTI set and VEINES items).
    pub fn is_venous(self) -> bool {
        use SymptomId::*;
        matches!(
            self,
            Heaviness
                | Aching
                | SwellingFeeling
                | Throbbing
                | Itching
                | Burning
                | AnkleSwelling
                | SockMarks
                | VisibleVeins
        )
    }

    /// The urgency of a red-flag sign, or `None` for ordinary symptoms.
    pub fn urgency(self) -> Option<Urgency> {
        use SymptomId::*;
        match self {
            BreathlessChestPain | ColdPaleFoot => Some(Urgency::UrgentEmergency),
            NewOneSidedSwelling | CalfTenderWarmRed | VeinBleeding | RestFootPain
            | RedHotSpreadingSkin => Some(Urgency::UrgentToday),
            OpenSore | HardPainfulVein | SkinChangeNew | NewWeakness | Twitching => {
                Some(Urgency::PromptReview)
            }
            _ => None,
        }
    }

    /// Whether this red flag belongs to the clot rule (`red_flag_urgent_clot`).
    pub fn is_clot_sign(self) -> bool {
        matches!(
            self,
            SymptomId::NewOneSidedSwelling
                | SymptomId::CalfTenderWarmRed
                | SymptomId::BreathlessChestPain
        )
    }

    /// The calm, specific advice shown at once for a red-flag sign (wording kept from docs/design.md).
    pub fn advice(self) -> Option<&'static str> {
        use SymptomId::*;
        Some(match self {
            BreathlessChestPain => {
                "Shortness of breath, chest pain or coughing blood can mean a clot in the lung. Call emergency services now."
            }
            ColdPaleFoot => {
                "A foot that is suddenly cold, pale and painful can mean its blood supply is blocked. Call emergency services now."
            }
            NewOneSidedSwelling | CalfTenderWarmRed => CALF_DIFFERENCE_ADVICE,
            VeinBleeding => {
                "If it bleeds again: lie down, raise the leg, press firmly on it for 10 minutes; if it does not stop, call emergency services. A bleeding vein should be seen by a doctor today."
            }
            RestFootPain => {
                "Foot pain at rest that eases when you hang the leg down can mean poor blood supply. Get it checked today."
            }
            RedHotSpreadingSkin => {
                "Red, hot, spreading skin, especially with fever, can be an infection. Get medical help today."
            }
            OpenSore | HardPainfulVein | SkinChangeNew | NewWeakness | Twitching => {
                "Tell your doctor soon (within days), not only at your next routine visit. A sore that has not healed in 2 weeks needs to be seen."
            }
            _ => return None,
        })
    }
}

vocab!(
    /// Medication class tags (docs/design.md section 2).
    MedClass, "medication class" {
        Laba = "laba", KSparingDiuretic = "k_sparing_diuretic", ThiazideDiuretic = "thiazide_diuretic",
        LoopDiuretic = "loop_diuretic", Statin = "statin", IvIron = "iv_iron", Estrogen = "estrogen",
        Raloxifene = "raloxifene", Nsaid = "nsaid", Teriparatide = "teriparatide",
        CalciumChannelBlocker = "calcium_channel_blocker", Quinine = "quinine",
        Magnesium = "magnesium", Other = "other",
    }
);

impl MedClass {
    /// Classes linked to cramps in the literature; only these are tested for timing.
    pub fn linked_to_cramps(self) -> bool {
        !matches!(
            self,
            MedClass::Quinine | MedClass::Magnesium | MedClass::Other
        )
    }
}

vocab!(
    /// Kinds of treatment events.
    EventKind, "event kind" {
        CompressionStart = "compression_start", CompressionStop = "compression_stop",
        StretchingStart = "stretching_start", VeinProcedure = "vein_procedure",
        DuplexScan = "duplex_scan", Other = "other",
    }
);

vocab!(
    /// What a venous duplex ultrasound scan was recorded as showing (docs/design.md section 13).
    DuplexResult, "duplex result" { Reflux = "reflux", NoReflux = "no_reflux", Unclear = "unclear" }
);

vocab!(
    /// Biological sex as recorded in the profile.
    Sex, "sex" { Female = "female", Male = "male", Other = "other" }
);

vocab!(
    /// Varicose veins already known, by side.
    VaricoseSide, "known varicose veins" { None = "none", Left = "left", Right = "right", Both = "both" }
);

vocab!(
    /// Usual posture at work.
    Posture, "occupation posture" { Standing = "standing", Sitting = "sitting", Mixed = "mixed" }
);

vocab!(
    /// A pattern rule of docs/design.md section 5, in the order of its table (docs/design.md).
    RuleId, "rule" {
        RedFlagUrgentClot = "red_flag_urgent_clot",
        RedFlagPromptReview = "red_flag_prompt_review",
        CrampFrequencyHigh = "cramp_frequency_high",
        CrampPhenotypeAtypical = "cramp_phenotype_atypical",
        VenousCosymptomAssociation = "venous_cosymptom_association",
        StandingDayAssociation = "standing_day_association",
        CompressionElevationRelief = "compression_elevation_relief",
        SelfCareNonresponse = "self_care_nonresponse",
        LateralityConcordance = "laterality_concordance",
        WorseningTrend = "worsening_trend",
        SleepDisruption = "sleep_disruption",
        RlsLikePattern = "rls_like_pattern",
        PadClaudicationPattern = "pad_claudication_pattern",
        MedicationTimingAssociation = "medication_timing_association",
    }
);

vocab!(
    /// The self-care measure a randomised self-experiment tests (docs/design.md section 11).
    TrialKind, "trial kind" { Compression = "compression", Stretching = "stretching", Elevation = "elevation" }
);

vocab!(
    /// The order of a trial pair's two periods, drawn at random for each pair.
    PairOrder, "pair order" { OnOff = "on_off", OffOn = "off_on" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_and_nothing_for_nonsense() {
        assert_eq!(
            suggest("calff", &["calf", "foot", "toes"]).as_deref(),
            Some("'calf'")
        );
        assert_eq!(suggest("zzzzzz", &["calf", "foot"]), None);
    }

    #[test]
    fn every_id_round_trips_through_from_str() {
        for s in SymptomId::ALL {
            assert_eq!(s.id().parse::<SymptomId>().ok(), Some(*s));
        }
        for c in MedClass::ALL {
            assert_eq!(c.id().parse::<MedClass>().ok(), Some(*c));
        }
        assert_eq!(
            "Before-Sleep".parse::<Phase>().ok(),
            Some(Phase::BeforeSleep)
        );
    }

    #[test]
    fn misspelt_symptom_suggests_the_swelling_ids() {
        let err = "sweling".parse::<SymptomId>().unwrap_err().to_string();
        assert!(err.contains("unknown symptom 'sweling'"), "{err}");
        assert!(err.contains("did you mean 'swelling_feeling'"), "{err}");
    }

    #[test]
    fn red_flags_have_advice_and_ordinary_symptoms_do_not() {
        for s in SymptomId::ALL {
            assert_eq!(s.urgency().is_some(), s.advice().is_some(), "{s}");
        }
        assert_eq!(
            SymptomId::BreathlessChestPain.urgency(),
            Some(Urgency::UrgentEmergency)
        );
        assert!(SymptomId::Heaviness.takes_severity());
        assert!(!SymptomId::AnkleSwelling.takes_severity());
    }
}
