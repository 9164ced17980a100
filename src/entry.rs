//! Turns the `log`/`edit` options into night fields, with one-sentence errors that name the
//! option, the value and the fix. Only the options given are applied, so the same code
//! builds a new night (`log`) and changes an old one (`edit`).

use anyhow::Result;

use crate::cli::EntryArgs;
use crate::error::UsageError;
use crate::field::{self, Cell, CellRef, Flag, Kind, Spec};
use crate::model::{NIGHT_FIELDS, Night};
use crate::parse;
use crate::vocab::{Leg, WalkSite};

fn bad(msg: impl Into<String>) -> anyhow::Error {
    UsageError::new(msg).into()
}

/// Whether any entry option was given (none given means: ask step by step).
pub fn is_empty(args: &EntryArgs) -> bool {
    let EntryArgs {
        none,
        episode,
        soreness,
        symptom,
        no_symptoms,
        rls,
        walk_pain,
        calf_cm,
        fields,
    } = args;
    !none
        && episode.is_empty()
        && symptom.is_empty()
        && !no_symptoms
        && [soreness, rls, walk_pain, calf_cm]
            .iter()
            .all(|v| v.is_none())
        && fields.given.is_empty()
}

/// The table's spec of a night field.
fn spec(id: &str) -> Result<&'static Spec<Night>> {
    field::find(NIGHT_FIELDS, id).ok_or_else(|| bad(format!("'{id}' is not a night field")))
}

/// A value for a field of kind `kind`, given as `option`, checked against the table's range.
fn value(kind: Kind, option: &str, s: &str) -> Result<Cell> {
    Ok(match kind {
        Kind::Int { lo, hi, hint } => match parse::whole(s) {
            Some(v) if (lo..=hi).contains(&v) => Cell::Int(v),
            _ => {
                return Err(bad(format!(
                    "{option} '{s}' is not valid; give a whole number from {lo} to {hi}{hint}"
                )));
            }
        },
        Kind::Decimal {
            lo,
            hi,
            unit,
            suffixes,
        } => {
            let t = s.trim();
            let t = suffixes
                .iter()
                .find_map(|x| t.strip_suffix(x))
                .unwrap_or(t)
                .trim();
            match parse::number(t) {
                Some(v) if kind.contains(v) => Cell::Real(v),
                _ => {
                    return Err(bad(format!(
                        "{option} '{s}' is not valid; give a number from {lo} to {hi} ({unit})"
                    )));
                }
            }
        }
        Kind::Bool => Cell::Int(i64::from(answer(option, s)?)),
        Kind::Time => Cell::Text(
            parse::clock(s)
                .map_err(|e| bad(format!("{option}: {e}")))?
                .format("%H:%M")
                .to_string(),
        ),
        Kind::Text { .. } => {
            // A control character other than a newline or tab is refused, as import refuses
            // it (one rule: crate::text).
            if let Some(p) = crate::text::problem(s, crate::text::Shape::Lines) {
                return Err(bad(format!("{option} {p}")));
            }
            match s.trim() {
                "" => Cell::Null,
                t => Cell::Text(t.to_string()),
            }
        }
        Kind::Id | Kind::Checklist | Kind::Stamp => Cell::Text(s.trim().to_string()),
    })
}

/// Sets field `id` of `night` from the text given for `option`.
fn set(night: &mut Night, id: &str, option: &str, s: &str) -> Result<()> {
    let f = spec(id)?;
    let cell = value(f.kind, option, s)?;
    (f.set)(night, cell.as_ref()).map_err(bad)
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
        set(night, "soreness", "--soreness", n)?;
        night.soreness_side = side;
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
        set(night, "calf_cm_left", "--calf-cm left", l)?;
        set(night, "calf_cm_right", "--calf-cm right", r)?;
    }
    for (id, text) in &args.fields.given {
        let option = format!("--{}", spec(id)?.cli.name().unwrap_or(id));
        set(night, id, &option, text)?;
    }
    Ok(())
}

/// Forgets a field by its id, its option's name, or the name of a combined option
/// (`rls`, `walk_pain`, `calf_cm`, `soreness` forget all their parts), so it reads as
/// unknown again (`edit --unset`).
pub fn unset(field: &str, night: &mut Night) -> Result<()> {
    let wanted = crate::vocab::normalise(field);
    let spelt = |name: Option<&str>| name.is_some_and(|n| crate::vocab::normalise(n) == wanted);
    let parts: Vec<_> = NIGHT_FIELDS
        .iter()
        .filter(|f| f.unsettable && matches!(f.cli, Flag::Part { .. }) && spelt(f.cli.name()))
        .collect();
    let chosen: Vec<_> = if parts.is_empty() {
        NIGHT_FIELDS
            .iter()
            .filter(|f| f.unsettable && (f.id == wanted || spelt(f.cli.name())))
            .collect()
    } else {
        parts
    };
    if chosen.is_empty() {
        let names = unsettable();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return Err(crate::vocab::unknown("field to unset", field, &names).into());
    }
    for f in chosen {
        (f.set)(night, CellRef::Null).map_err(bad)?;
    }
    Ok(())
}

/// The names `--unset` takes: combined options, then every unsettable field id.
fn unsettable() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in NIGHT_FIELDS.iter().filter(|f| f.unsettable) {
        let name = match f.cli {
            Flag::Part { name } => crate::vocab::normalise(name),
            _ => f.id.to_string(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
        if !names.iter().any(|n| n == f.id) {
            names.push(f.id.to_string());
        }
    }
    names
}
