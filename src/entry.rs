//! Turns the `log`/`edit` options into night fields, with one-sentence errors that name the
//! option, the value and the fix. Only the options given are applied, so the same code
//! builds a new night (`log`) and changes an old one (`edit`).

use anyhow::Result;

use crate::cli::EntryArgs;
use crate::error::UsageError;
use crate::model::Night;
use crate::parse;
use crate::vocab::{Compression, Exertion, Leg, Peak, WalkSite};

fn bad(msg: String) -> anyhow::Error {
    UsageError::new(msg).into()
}

/// Whether any entry option was given (none given means: ask step by step).
pub fn is_empty(args: &EntryArgs) -> bool {
    let EntryArgs {
        none,
        episode,
        symptom,
        no_symptoms,
        ..
    } = args;
    !none
        && episode.is_empty()
        && symptom.is_empty()
        && !no_symptoms
        && optional_values(args).iter().all(|v| v.is_none())
}

fn optional_values(a: &EntryArgs) -> [&Option<String>; 22] {
    [
        &a.soreness,
        &a.sleep_quality,
        &a.awakenings,
        &a.cramp_awakenings,
        &a.disturbance,
        &a.bed,
        &a.up,
        &a.peak,
        &a.rls,
        &a.walk_pain,
        &a.calf_cm,
        &a.standing,
        &a.sitting,
        &a.exertion,
        &a.heat,
        &a.fluids,
        &a.alcohol,
        &a.caffeine,
        &a.compression,
        &a.elevation,
        &a.stretched,
        &a.note,
    ]
}

/// A whole number within `lo..=hi`, or an error naming the option and the range.
fn number<T>(option: &str, s: &str, lo: T, hi: T, meaning: &str) -> Result<T>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match s.trim().parse::<T>() {
        Ok(v) if v >= lo && v <= hi => Ok(v),
        _ => Err(bad(format!(
            "{option} '{s}' is not valid; give a whole number from {lo} to {hi}{meaning}"
        ))),
    }
}

fn decimal(option: &str, s: &str, lo: f64, hi: f64, unit: &str) -> Result<f64> {
    match s.trim().trim_end_matches(unit).trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= lo && v <= hi => Ok(v),
        _ => Err(bad(format!(
            "{option} '{s}' is not valid; give a number from {lo} to {hi}{}",
            if unit.is_empty() {
                String::new()
            } else {
                format!(" ({unit})")
            }
        ))),
    }
}

fn answer(option: &str, s: &str) -> Result<bool> {
    parse::yes_no(s).ok_or_else(|| {
        bad(format!(
            "{option}='{s}' is not an answer; use {option}=yes or {option}=no"
        ))
    })
}

/// Applies every option that was given to `night`. Episodes and symptoms given replace the
/// night's lists; `--none` empties the episode list.
pub fn apply(args: &EntryArgs, night: &mut Night) -> Result<()> {
    if args.none {
        night.episodes.clear();
    }
    if !args.episode.is_empty() {
        night.episodes = args
            .episode
            .iter()
            .map(|spec| parse::episode(spec))
            .collect::<Result<_, _>>()?;
    }
    if let Some(s) = &args.soreness {
        let (n, side) = match s.split_once(':') {
            Some((n, side)) => (n, Some(side.parse::<Leg>()?)),
            None => (s.as_str(), None),
        };
        night.soreness = Some(number("--soreness", n, 0, 10, " (0 none, 10 worst)")?);
        night.soreness_side = side;
    }
    if let Some(s) = &args.sleep_quality {
        night.sleep_quality = Some(number(
            "--sleep-quality",
            s,
            1,
            5,
            " (1 very poor, 5 very good)",
        )?);
    }
    if let Some(s) = &args.awakenings {
        night.awakenings = Some(number("--awakenings", s, 0, 20, "")?);
    }
    if let Some(s) = &args.cramp_awakenings {
        night.cramp_awakenings = Some(number("--cramp-awakenings", s, 0, 20, "")?);
    }
    if let Some(s) = &args.disturbance {
        night.sleep_disturbance = Some(number(
            "--disturbance",
            s,
            0,
            10,
            " (0 not at all, 10 completely)",
        )?);
    }
    if let Some(s) = &args.bed {
        night.bed_time = Some(parse::clock(s).map_err(|e| bad(format!("--bed: {e}")))?);
    }
    if let Some(s) = &args.up {
        night.up_time = Some(parse::clock(s).map_err(|e| bad(format!("--up: {e}")))?);
    }
    if args.no_symptoms {
        night.symptoms = Some(Vec::new());
    }
    if !args.symptom.is_empty() {
        let list = args
            .symptom
            .iter()
            .map(|s| parse::symptom(s))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, s) in list.iter().enumerate() {
            if list[..i].iter().any(|o| o.id == s.id) {
                return Err(bad(format!(
                    "symptom '{}' is given twice; give each symptom once",
                    s.id
                )));
            }
        }
        night.symptoms = Some(list);
    }
    if let Some(s) = &args.peak {
        night.symptom_peak = Some(s.parse::<Peak>()?);
    }
    if let Some(s) = &args.rls {
        for (key, value) in parse::probe(
            "--rls",
            s,
            &["at-rest", "relieved", "evening", "before-sleep"],
        )? {
            let v = Some(answer(&format!("--rls {key}"), &value)?);
            match key {
                "at-rest" => night.urge_at_rest = v,
                "relieved" => night.urge_relieved_by_moving = v,
                "evening" => night.urge_worse_evening = v,
                _ => night.urge_before_sleep = v,
            }
        }
    }
    if let Some(s) = &args.walk_pain {
        for (key, value) in parse::probe("--walk-pain", s, &["at-rest", "settles", "site"])? {
            match key {
                "at-rest" => {
                    night.walk_pain_at_rest = Some(answer("--walk-pain at-rest", &value)?);
                }
                "settles" => {
                    night.walk_pain_settles_10min = Some(answer("--walk-pain settles", &value)?);
                }
                _ => night.walk_pain_site = Some(value.parse::<WalkSite>()?),
            }
        }
    }
    if let Some(s) = &args.calf_cm {
        let Some((l, r)) = s.split_once(',') else {
            return Err(bad(format!(
                "--calf-cm '{s}' needs both calves as LEFT,RIGHT in cm, e.g. --calf-cm 38.5,37"
            )));
        };
        night.calf_cm_left = Some(decimal("--calf-cm left", l, 15.0, 80.0, "cm")?);
        night.calf_cm_right = Some(decimal("--calf-cm right", r, 15.0, 80.0, "cm")?);
    }
    if let Some(s) = &args.standing {
        night.standing_h = Some(parse::hours("--standing", s)?);
    }
    if let Some(s) = &args.sitting {
        night.sitting_h = Some(parse::hours("--sitting", s)?);
    }
    if let Some(s) = &args.exertion {
        night.exertion = Some(s.parse::<Exertion>()?);
    }
    if let Some(s) = &args.heat {
        night.heat = Some(answer("--heat", s)?);
    }
    if let Some(s) = &args.fluids {
        night.fluids_glasses = Some(number("--fluids", s, 0, 40, " glasses")?);
    }
    if let Some(s) = &args.alcohol {
        night.alcohol_units = Some(decimal("--alcohol", s, 0.0, 50.0, "")?);
    }
    if let Some(s) = &args.caffeine {
        night.caffeine_drinks = Some(number("--caffeine", s, 0, 20, " drinks")?);
    }
    if let Some(s) = &args.compression {
        night.compression = Some(s.parse::<Compression>()?);
    }
    if let Some(s) = &args.elevation {
        night.elevation_min = Some(number("--elevation", s, 0, 1440, " minutes")?);
    }
    if let Some(s) = &args.stretched {
        night.stretched = Some(answer("--stretched", s)?);
    }
    if let Some(s) = &args.note {
        // A control character other than a newline or tab is refused, as import refuses it
        // (one rule: crate::text).
        let cleaned = s;
        if let Some(p) = crate::text::problem(cleaned, crate::text::Shape::Lines) {
            return Err(UsageError::new(format!("--note {p}")).into());
        }
        night.note = (!cleaned.trim().is_empty()).then(|| cleaned.trim().to_string());
    }
    Ok(())
}

/// Forgets one field by its id (`edit --unset`), so it reads as unknown again.
pub fn unset(field: &str, night: &mut Night) -> Result<()> {
    let f = crate::vocab::normalise(field);
    match f.as_str() {
        "soreness" => {
            night.soreness = None;
            night.soreness_side = None;
        }
        "soreness_side" => night.soreness_side = None,
        "bed_time" | "bed" => night.bed_time = None,
        "up_time" | "up" => night.up_time = None,
        "sleep_quality" => night.sleep_quality = None,
        "awakenings" => night.awakenings = None,
        "cramp_awakenings" => night.cramp_awakenings = None,
        "sleep_disturbance" | "disturbance" => night.sleep_disturbance = None,
        "symptoms" => night.symptoms = None,
        "symptom_peak" | "peak" => night.symptom_peak = None,
        "rls" => {
            night.urge_at_rest = None;
            night.urge_relieved_by_moving = None;
            night.urge_worse_evening = None;
            night.urge_before_sleep = None;
        }
        "walk_pain" => {
            night.walk_pain_at_rest = None;
            night.walk_pain_settles_10min = None;
            night.walk_pain_site = None;
        }
        "calf_cm" => {
            night.calf_cm_left = None;
            night.calf_cm_right = None;
        }
        "standing_h" | "standing" => night.standing_h = None,
        "sitting_h" | "sitting" => night.sitting_h = None,
        "exertion" => night.exertion = None,
        "heat" => night.heat = None,
        "fluids_glasses" | "fluids" => night.fluids_glasses = None,
        "alcohol_units" | "alcohol" => night.alcohol_units = None,
        "caffeine_drinks" | "caffeine" => night.caffeine_drinks = None,
        "compression" => night.compression = None,
        "elevation_min" | "elevation" => night.elevation_min = None,
        "stretched" => night.stretched = None,
        "note" => night.note = None,
        _ => {
            return Err(crate::vocab::unknown("field to unset", field, UNSETTABLE).into());
        }
    }
    Ok(())
}

const UNSETTABLE: &[&str] = &[
    "soreness",
    "soreness_side",
    "bed_time",
    "up_time",
    "sleep_quality",
    "awakenings",
    "cramp_awakenings",
    "sleep_disturbance",
    "symptoms",
    "symptom_peak",
    "rls",
    "walk_pain",
    "calf_cm",
    "standing_h",
    "sitting_h",
    "exertion",
    "heat",
    "fluids_glasses",
    "alcohol_units",
    "caffeine_drinks",
    "compression",
    "elevation_min",
    "stretched",
    "note",
];
