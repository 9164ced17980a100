//! `red_flag_prompt_review`: the other warning signs, at the levels of the red-flag table.
//! No minimum data.

use super::red_flags::{Kind, red_flag_rule};
use crate::analysis::wording as w;
use crate::vocab::RuleId;

red_flag_rule! {
    id: RuleId::RedFlagPromptReview,
    title: "Other warning signs to report",
    sources: &[w::SRC_CG168, w::SRC_VCSS, w::SRC_NICE_CKS],
    kind: Kind {
        clot: false,
        none_patient: "other warning signs",
        none_clinician: "bleeding vein, open sore, hard painful vein, new skin change, red hot spreading skin, rest foot pain, cold pale foot, new weakness or twitching",
        reported_as: "warning signs",
        guidance: "NICE CG168: refer a bleeding varicose vein immediately; a leg ulcer not healed in 2 weeks, SVT and new skin changes need review.",
    },
}
