//! `standing_day_association`: cramps after ≥ 4 h standing vs < 2 h, hard-exertion days left
//! out and reported as their own comparison.

use super::{Assessment, Ctx, Detail, Role, Rule, Spec, texts};
use crate::analysis::associations;
use crate::analysis::wording as w;
use crate::vocab::RuleId;

pub const SPEC: Spec = Spec {
    id: RuleId::StandingDayAssociation,
    title: "Cramps after long standing days",
    sources: &[w::SRC_VEIN_CONSULT, w::SRC_CEAP, w::SRC_EDINBURGH],
    minimum: "≥ 28 nights, ≥ 7 per group",
    role: Role::Venous,
    topic: "Cramps after days spent on my feet.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let mut a = texts::association(
        associations::or_missing(ctx.tests.comparison("standing"), "standing"),
        "Cramps after days on your feet are consistent with a venous contribution; they are not a diagnosis.",
        "Standing-day association is consistent with a venous pattern (VEIN CONSULT: symptoms worse after prolonged standing); hard-exertion days are excluded and reported separately.",
    );
    if let (Some(h), Detail::Comparisons(list)) = (
        ctx.tests.comparison("hard_exertion"),
        &mut a.evidence.detail,
    ) {
        a.evidence.notes.push(match &h.missing {
            Some(m) => format!("hard-exertion days (reported separately): {m}"),
            None => format!(
                "hard-exertion days (reported separately): {}; {}",
                texts::comparison_sentence(&h),
                texts::comparison_stats(&h)
            ),
        });
        list.push(h);
    }
    a
}
