//! What the two red-flag rules share: each night's signs, at the levels of the red-flag
//! table (`docs/design.md`), the most recent night first in the texts.

use super::evidence::{RedFlagNight, RedFlagSign, count};
use super::{Assessment, Ctx, Detail, Level, Measure};
use crate::analysis::wording as w;
use crate::model::{Night, RedFlag};
use crate::vocab::{Leg, Urgency};

/// A sign logged within this many nights of today is "now"; older ones are "reported on".
pub const RECENT_NIGHTS: i64 = 3;

/// The words that differ between the two red-flag rules.
pub struct Kind {
    /// Clot signs (and breathlessness) or the other warning signs.
    pub clot: bool,
    /// "signs of a possible clot": completes "No … were logged in this period."
    pub none_patient: &'static str,
    /// The signs listed for the clinician when none was reported.
    pub none_clinician: &'static str,
    /// "possible DVT/PE features"
    pub reported_as: &'static str,
    /// The guideline sentence for the clinician.
    pub guidance: &'static str,
}

/// A red-flag rule's file: its id, title, sources and [`Kind`]. Both rules have no minimum
/// data, no part in the composite line and no topic (the warning box says what to do), and
/// both are assessed by [`assess`]; the macro writes the `SPEC` and `RULE` they share.
macro_rules! red_flag_rule {
    (id: $id:expr, title: $title:expr, sources: $sources:expr, kind: $kind:expr $(,)?) => {
        pub const SPEC: super::Spec = super::Spec {
            id: $id,
            title: $title,
            sources: $sources,
            minimum: "none",
            role: super::Role::Other,
            topic: "",
        };

        pub const RULE: super::Rule = super::Rule {
            spec: &SPEC,
            assess,
        };

        const KIND: super::red_flags::Kind = $kind;

        fn assess(ctx: &super::Ctx<'_, '_>) -> super::Assessment {
            super::red_flags::assess(ctx, &KIND)
        }
    };
}
pub(super) use red_flag_rule;

pub fn assess(ctx: &Ctx<'_, '_>, kind: &Kind) -> Assessment {
    let mut rows: Vec<RedFlagNight> = Vec::new();
    for n in ctx.nights {
        let signs: Vec<RedFlagSign> = n
            .red_flags()
            .into_iter()
            .filter(|(_, rf)| {
                let is_clot = match rf {
                    RedFlag::Sign(s) => s.is_clot_sign(),
                    RedFlag::CalfDifference(_) => true,
                };
                is_clot == kind.clot
            })
            .map(|(u, rf)| sign(n, u, rf))
            .collect();
        let Some(level) = signs.iter().map(|s| s.level).min() else {
            continue;
        };
        let recent = (ctx.input.today - n.night).num_days() <= RECENT_NIGHTS;
        let advice = if recent {
            let mut advice: Vec<&str> = Vec::new();
            for s in &signs {
                if !advice.contains(&s.advice.as_str()) {
                    advice.push(&s.advice);
                }
            }
            advice.join(" ")
        } else {
            format!(
                "Mention it to your doctor even if it has settled. {}",
                later_advice(level)
            )
        };
        rows.push(RedFlagNight {
            night: n.night,
            level,
            recent,
            signs,
            entered_at: n.entered_at,
            advice,
        });
    }
    let top = rows.iter().map(|r| r.level).min();
    let mut a = Assessment::new(Measure::Urgency(top));
    let Some(top) = top else {
        a.patient_text = format!("No {} were logged in this period.", kind.none_patient);
        a.clinician_text = format!("No {} reported in the period.", kind.none_clinician);
        a.evidence.detail = Detail::RedFlags(rows);
        return a;
    };
    a.evidence.nights = rows.iter().map(|r| r.night).collect();
    a.evidence.counts.push(count(
        "nights_with_signs",
        rows.len() as u32,
        None,
        "nights with these signs in the period",
    ));
    let mut patient = Vec::new();
    let mut clinician = Vec::new();
    // In date order, oldest first (docs/design.md section 12): a sequence reads as one.
    for r in &rows {
        let what = signs_words(r);
        if r.recent {
            patient.push(format!(
                "On the night of {} you logged: {what}. {}",
                w::day(r.night),
                r.advice
            ));
        } else {
            patient.push(format!(
                "Reported on {}: {what}. {}",
                w::day(r.night),
                r.advice
            ));
        }
        clinician.push(format!("{}: {what}", r.night));
    }
    a.patient_text = patient.join("\n");
    a.clinician_text = format!(
        "Patient-reported {} ({}): {}. {}",
        kind.reported_as,
        top.plain(),
        clinician.join("; "),
        kind.guidance
    );
    a.evidence.detail = Detail::RedFlags(rows);
    a
}

/// A night's signs with their sides: "one leg newly swollen (left); calf tender, warm or red".
pub fn signs_words(r: &RedFlagNight) -> String {
    r.signs
        .iter()
        .map(|s| match s.side {
            // A calf difference names its larger side in its own words.
            Some(side) if s.calf_difference_cm.is_none() => {
                format!("{} ({})", s.label, side.plain())
            }
            _ => s.label.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The advice for a red flag reported earlier (not "call now").
fn later_advice(level: Level) -> &'static str {
    match level {
        Level::UrgentEmergency => {
            "If it happens again, call emergency services at once; do not wait for an appointment."
        }
        Level::UrgentToday => "If it is still there or comes back, get medical help the same day.",
        _ => "If you have not told your doctor yet, do so within days.",
    }
}

fn sign(n: &Night, u: Urgency, rf: RedFlag) -> RedFlagSign {
    match rf {
        RedFlag::Sign(id) => RedFlagSign {
            id: id.id().to_string(),
            label: id.plain().to_string(),
            level: Level::from_urgency(u),
            side: n.symptom(id).and_then(|s| s.side),
            calf_difference_cm: None,
            advice: rf.advice().to_string(),
        },
        RedFlag::CalfDifference(d) => RedFlagSign {
            id: "calf_difference".to_string(),
            label: rf.describe(),
            level: Level::from_urgency(u),
            side: match (n.calf_cm_left, n.calf_cm_right) {
                (Some(l), Some(r)) if l > r => Some(Leg::Left),
                (Some(l), Some(r)) if r > l => Some(Leg::Right),
                _ => None,
            },
            calf_difference_cm: Some(d),
            advice: rf.advice().to_string(),
        },
    }
}
