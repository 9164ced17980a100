//! `compression_elevation_relief`: fewer cramps after compression most of the day vs none,
//! and after legs raised ≥ 30 min vs not; the better of the two comparisons decides.

use super::{Assessment, Ctx, Detail, Measure, Role, Rule, Spec, judge, texts};
use crate::analysis::associations;
use crate::analysis::wording as w;
use crate::vocab::RuleId;

pub const SPEC: Spec = Spec {
    id: RuleId::CompressionElevationRelief,
    title: "Fewer cramps with compression or leg elevation",
    sources: &[w::SRC_SVS, w::SRC_VCSS, w::SRC_CEAP],
    minimum: "≥ 28 nights, ≥ 7 per group",
    role: Role::Venous,
    topic: "Fewer cramps with compression stockings or raising my legs.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

const PATIENT: &str = "Relief with compression or raising the legs is consistent with a venous contribution; it is not a diagnosis.";
const CLINICIAN: &str = "Non-randomised and confounded by activity and by time: when stockings began during the period this is also a before/after comparison (cramps vary with season; placebo arms improve ~28 %). There is no trial evidence that compression prevents NLC (CramP protocol). Relief would support a venous contribution.";

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let c = associations::or_missing(ctx.tests.comparison("compression"), "compression");
    let e = associations::or_missing(ctx.tests.comparison("elevation"), "elevation");
    if let (Some(mc), Some(me)) = (&c.missing, &e.missing) {
        let mut a = Assessment::new(Measure::Insufficient(format!(
            "needs enough data for one of its two comparisons (compression {mc}; elevation {me})"
        )));
        a.evidence.detail = Detail::Comparisons(vec![c, e]);
        return a;
    }
    let ac = texts::association(c.clone(), PATIENT, CLINICIAN);
    let ae = texts::association(e.clone(), PATIENT, CLINICIAN);
    let level = |a: &Assessment| a.measure.as_ref().map_or(super::Level::NotMet, judge);
    // The better of the two decides; both are in the evidence.
    let (mut best, other) = if level(&ae) < level(&ac) {
        (ae, ac)
    } else {
        (ac, ae)
    };
    match &other.measure {
        Some(Measure::Insufficient(missing)) => {
            let id = match &other.evidence.detail {
                Detail::Comparisons(list) => list.first().map_or("", |c| c.id.as_str()),
                _ => "",
            };
            best.evidence.notes.push(format!("{id}: {missing}"));
        }
        _ => best
            .clinician_text
            .push_str(&format!(" Also: {}", other.clinician_text)),
    }
    best.evidence.detail = Detail::Comparisons(vec![c, e]);
    best
}
