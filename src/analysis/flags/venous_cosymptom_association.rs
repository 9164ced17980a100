//! `venous_cosymptom_association`: cramps after days with heaviness, aching or swelling
//! feeling ≥ 4/10 or ankle swelling vs days without (the `venous` comparison).

use super::{Assessment, Ctx, Role, Rule, Spec, texts};
use crate::analysis::associations;
use crate::analysis::wording as w;
use crate::vocab::RuleId;

pub const SPEC: Spec = Spec {
    id: RuleId::VenousCosymptomAssociation,
    title: "Cramps after days with venous-type leg symptoms",
    sources: &[
        w::SRC_CEAP,
        w::SRC_VEINES,
        w::SRC_VEIN_CONSULT,
        w::SRC_EDINBURGH,
    ],
    minimum: "≥ 28 nights, ≥ 7 in each group, ≥ 5 cramp nights",
    role: Role::Venous,
    topic: "Cramps after days with heavy, aching or swollen legs.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    texts::association(
        associations::or_missing(ctx.tests.comparison("venous"), "venous"),
        "This pattern is consistent with a venous contribution to the cramps; it is not a diagnosis.",
        "Consistent with, not diagnostic of, a venous contribution (CEAP lists cramps among venous symptoms; the Edinburgh Vein Study found leg symptoms often non-venous).",
    )
}
