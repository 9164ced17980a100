//! `red_flag_urgent_clot`: signs of a possible blood clot (`urgent_today`), breathlessness or
//! chest pain (`urgent_emergency`). No minimum data.

use super::red_flags::{Kind, red_flag_rule};
use crate::analysis::wording as w;
use crate::vocab::RuleId;

red_flag_rule! {
    id: RuleId::RedFlagUrgentClot,
    title: "Warning signs of a possible blood clot",
    sources: &[w::SRC_NG158, w::SRC_NICE_CKS],
    kind: Kind {
        clot: true,
        none_patient: "signs of a possible clot",
        none_clinician: "new one-sided swelling, calf tenderness/warmth/redness, calf difference ≥ 3 cm, or breathlessness/chest pain",
        reported_as: "possible DVT/PE features",
        guidance: "Assess per NICE NG158 (two-level Wells; proximal leg vein ultrasound within 4 h if DVT likely).",
    },
}
