//! The lossless JSON exchange format (`"format": "cramplog", "version": 2`; version 1, which
//! had no trials, questions or duplex results, is still read).
//!
//! Export serialises the model types as they are (their field names are the ids of
//! docs/design.md section 2, unknown fields are left out). Import reads the document as a
//! `serde_json::Value` first, then each record on its own through `serde_path_to_error`, so
//! every error names its record and field (`nights[12].episodes[0].pain`) and one bad record
//! does not hide the others.

use anyhow::Result;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Diary, Problems};
use crate::model::{Event, Medication, Night, Question};
use crate::profile::{KEYS, Kind, Profile};
use crate::trial::Trial;
use crate::vocab::suggest;

/// The `format` marker of a cramplog export.
pub const FORMAT: &str = "cramplog";
/// The exchange-format version this cramplog writes (2 adds `trials`, `questions` and
/// events' `result`).
pub const VERSION: u64 = 2;
/// The oldest version this cramplog reads.
pub const OLDEST_VERSION: u64 = 1;

const TOP_LEVEL: &[&str] = &[
    "format",
    "version",
    "profile",
    "medications",
    "events",
    "nights",
    "trials",
    "questions",
];

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    profile: Value,
    medications: &'a [Medication],
    events: &'a [Event],
    nights: &'a [Night],
    trials: &'a [Trial],
    questions: &'a [Question],
}

/// The export document, pretty-printed, ending in a newline. Same diary → same bytes.
pub fn export(diary: &Diary) -> Result<Vec<u8>> {
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        profile: profile_to_json(&diary.profile)?,
        medications: &diary.medications,
        events: &diary.events,
        nights: &diary.nights,
        trials: &diary.trials,
        questions: &diary.questions,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The profile as JSON, keys in alphabetical order: the typed [`Profile`]'s own serde
/// form (numbers as numbers, whole ones without a decimal point; yes/no as booleans; ids
/// and text as strings).
pub fn profile_to_json(profile: &Profile) -> Result<Value> {
    // serde_json's `Map` keeps its keys sorted, so the export's bytes stay as they were.
    Ok(serde_json::to_value(profile)?)
}

/// The reverse of [`profile_to_json`], value by value, so that each problem is named
/// `profile.KEY`: an unknown key, a value of the wrong kind, or one out of range.
pub fn profile_from_json(profile: &Map<String, Value>, problems: &mut Problems) -> Profile {
    let ids = crate::profile::key_ids();
    let mut out = Profile::default();
    for (k, v) in profile {
        let Some(key) = KEYS.iter().find(|key| key.id == k.as_str()) else {
            let hint = suggest(k, &ids)
                .map(|h| format!("did you mean {h}?"))
                .unwrap_or_else(|| format!("known keys: {}", ids.join(", ")));
            problems.push(format!("profile.{k}: unknown profile key; {hint}"));
            continue;
        };
        let text = match v {
            Value::Bool(true) => "yes".to_string(),
            Value::Bool(false) => "no".to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            // Absent and null both mean unknown.
            Value::Null => continue,
            other => {
                problems.push(format!(
                    "profile.{k}: {other} is not a profile value; give a number, true/false or text"
                ));
                continue;
            }
        };
        let wanted = match key.kind {
            Kind::Year | Kind::HeightCm | Kind::WeightKg => {
                (!text.parse::<f64>().is_ok_and(f64::is_finite)).then_some("a number")
            }
            Kind::YesNo => crate::parse::yes_no(&text)
                .is_none()
                .then_some("true or false"),
            Kind::Sex | Kind::VaricoseSide | Kind::Posture | Kind::Text => None,
        };
        if let Some(wanted) = wanted {
            problems.push(format!("profile.{k}: {v} is not valid here; give {wanted}"));
            continue;
        }
        if let Err(e) = out.set_stored(k, &text) {
            // The message starts with the key itself ("sex: unknown sex …", "height_cm '300'
            // is not valid …"): the problem names it once.
            let e = e.to_string();
            let e = e
                .strip_prefix(&format!("{k}: "))
                .or_else(|| e.strip_prefix(&format!("{k} ")))
                .unwrap_or(&e);
            problems.push(format!("profile.{k}: {e}"));
        }
    }
    out
}

/// Where each record that was read came from in the file: `nights[k]` of the diary is
/// `nights[origin.nights[k]]` of the file (records that failed to parse are not in the diary).
#[derive(Debug, Default)]
pub struct Origin {
    pub nights: Vec<usize>,
    pub medications: Vec<usize>,
}

/// Reads an export document. `source` names the file in messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<(Diary, Origin, Problems)> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        crate::error::UsageError::new(format!(
            "{source} is not valid JSON ({e}); give a file written by 'cramplog export --format json'"
        ))
    })?;
    let Value::Object(top) = doc else {
        return Err(not_an_export(source));
    };
    if top.contains_key("resourceType") {
        return Err(crate::error::UsageError::new(format!(
            "{source} is a FHIR resource; cramplog exports FHIR for health records but imports only its own JSON export or CSV folder"
        ))
        .into());
    }
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(not_an_export(source));
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(OLDEST_VERSION..=VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(crate::error::UsageError::new(format!(
                "{source} is exchange-format version {v}, newer than this cramplog reads ({VERSION}); update cramplog to import it"
            ))
            .into());
        }
        _ => {
            return Err(crate::error::UsageError::new(format!(
                "{source} has no valid \"version\"; this cramplog reads version {VERSION}"
            ))
            .into());
        }
    }

    let mut problems = Problems::default();
    for key in top.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            problems.push(unknown_field_problem(key, key, TOP_LEVEL));
        }
    }
    let profile = match top.get("profile") {
        None | Some(Value::Null) => Profile::default(),
        Some(Value::Object(m)) => profile_from_json(m, &mut problems),
        Some(_) => {
            problems.push("profile: give an object of key: value pairs");
            Profile::default()
        }
    };
    let (med_origin, medications) = records(&top, "medications", &mut problems);
    let (_, events) = records(&top, "events", &mut problems);
    let (night_origin, nights) = records(&top, "nights", &mut problems);
    let (_, trials) = records(&top, "trials", &mut problems);
    let (_, questions) = records(&top, "questions", &mut problems);
    let diary = Diary {
        profile,
        medications,
        events,
        nights,
        trials,
        questions,
    };
    let origin = Origin {
        nights: night_origin,
        medications: med_origin,
    };
    if let Some(Value::Array(items)) = top.get("nights") {
        for (i, item) in items.iter().enumerate() {
            if item.is_object() && item.get("episodes").is_none() {
                problems.push(format!(
                    "nights[{i}].episodes: missing; give \"episodes\": [] for a night without cramps (a night whose cramps are unknown is best left out)"
                ));
            }
        }
    }
    Ok((diary, origin, problems))
}

fn not_an_export(source: &str) -> anyhow::Error {
    crate::error::UsageError::new(format!(
        "{source} is not a cramplog export (no \"format\": \"cramplog\"); give a file written by 'cramplog export --format json', or a CSV folder"
    ))
    .into()
}

/// Deserialises each element of the array `key` on its own, so errors carry the index;
/// returns the records read and their indexes in the file.
fn records<T: DeserializeOwned>(
    top: &Map<String, Value>,
    key: &str,
    problems: &mut Problems,
) -> (Vec<usize>, Vec<T>) {
    let items = match top.get(key) {
        None | Some(Value::Null) => return (Vec::new(), Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(format!("{key}: give a list [ … ]"));
            return (Vec::new(), Vec::new());
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut origin = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(v) => {
                out.push(v);
                origin.push(i);
            }
            Err(e) => problems.push(describe(&format!("{key}[{i}]"), item, &e)),
        }
    }
    (origin, out)
}

/// One problem line for a serde error inside `record` (whose value is `item`).
pub fn describe(
    record: &str,
    item: &Value,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> String {
    let path = e.path();
    let mut value = Some(item);
    let mut leaf = String::new();
    for seg in path.iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => {
                value = value.and_then(|v| v.get(*index));
            }
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => {
                value = value.and_then(|v| v.get(key));
                leaf.clone_from(key);
            }
            serde_path_to_error::Segment::Unknown => value = None,
        }
    }
    let inner = path.to_string();
    let at = if inner == "." {
        record.to_string()
    } else if inner.starts_with('[') {
        format!("{record}{inner}")
    } else {
        format!("{record}.{inner}")
    };
    format!("{at}: {}", humanize(&e.inner().to_string(), &leaf, value))
}

/// Problem text for an unknown field, with a did-you-mean.
fn unknown_field_problem(at: &str, field: &str, known: &[&str]) -> String {
    let hint = suggest(field, known)
        .map(|h| format!("did you mean {h}?"))
        .unwrap_or_else(|| "see docs/exchange.md for the fields".into());
    format!("{at}: unknown field '{field}'; {hint}")
}

/// Names inside backticks, in order (serde's "expected one of `a`, `b`").
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Turns serde's messages into plain sentences that say what to write instead.
pub fn humanize(msg: &str, leaf: &str, value: Option<&Value>) -> String {
    let shown = |v: Option<&Value>| match v {
        Some(Value::String(s)) => format!("'{s}'"),
        Some(other) => other.to_string(),
        None => "the value".into(),
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = backticked(rest);
        if let Some((field, known)) = names.split_first() {
            let hint = suggest(field, known)
                .map(|h| format!("did you mean {h}?"))
                .unwrap_or_else(|| "see docs/exchange.md for the fields".into());
            return format!("unknown field '{field}'; {hint}");
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        if let Some((word, known)) = names.split_first() {
            let hint = match suggest(word, known) {
                Some(h) => format!("did you mean {h}? (choose from: {})", known.join(", ")),
                None => format!("choose from: {}", known.join(", ")),
            };
            return format!("unknown value '{word}'; {hint}");
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("{} is missing; it is required", rest.replace('`', "'"));
    }
    match leaf {
        "night" | "start" | "stop" | "date" if value.is_some_and(Value::is_string) => {
            return format!("{} is not a date; use YYYY-MM-DD", shown(value));
        }
        "entered_at" if value.is_some_and(Value::is_string) => {
            return format!(
                "{} is not a time with an offset; use RFC 3339 like 2026-11-21T08:00:00+01:00",
                shown(value)
            );
        }
        _ => {}
    }
    if let Some((_, expected)) = msg.split_once(", expected ") {
        let wanted = match expected {
            "u8" | "u16" | "u32" | "u64" => "a whole number (no quotes, no decimals)".to_string(),
            "f64" => "a number (no quotes)".to_string(),
            "a boolean" => "true or false".to_string(),
            "a sequence" => "a list [ … ]".to_string(),
            e if e.starts_with("struct ") => "an object { … }".to_string(),
            e => e.replace('`', "'"),
        };
        if msg.starts_with("invalid value") {
            return format!("{} is out of range; give {wanted}", shown(value));
        }
        return format!("{} is not valid here; give {wanted}", shown(value));
    }
    msg.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_mapping_round_trips_exactly() {
        let mut p = Profile::default();
        for (k, v) in [
            ("birth_year", "1961"),
            ("weight_kg", "72.5"),
            ("height_cm", "165"),
            ("pregnant", "no"),
            ("smoker", "yes"),
            ("sex", "female"),
            ("prior_vein_procedure", "EVLA left 2019"),
        ] {
            p.set_stored(k, v).unwrap();
        }
        let json = profile_to_json(&p).unwrap();
        assert_eq!(json["birth_year"], Value::from(1961));
        assert_eq!(json["weight_kg"], Value::from(72.5));
        assert_eq!(json["height_cm"], Value::from(165));
        assert_eq!(json["pregnant"], Value::Bool(false));
        // 165 is written as it was set, not as 165.0; keys in alphabetical order.
        let text = serde_json::to_string(&json).unwrap();
        assert!(text.contains(r#""height_cm":165,"#), "{text}");
        assert!(
            text.starts_with(r#"{"birth_year":1961,"height_cm""#),
            "{text}"
        );
        let mut problems = Problems::default();
        let Value::Object(m) = json else {
            panic!("not an object")
        };
        assert_eq!(profile_from_json(&m, &mut problems), p);
        assert!(problems.is_empty());
    }

    #[test]
    fn unknown_profile_keys_are_named() {
        let mut m = Map::new();
        m.insert("birth_yeer".into(), Value::from(1961));
        let mut problems = Problems::default();
        profile_from_json(&m, &mut problems);
        let err = problems.into_result("f.json").unwrap_err().to_string();
        assert!(
            err.starts_with("profile.birth_yeer: unknown profile key; did you mean 'birth_year'?"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_the_record_and_field() {
        let doc = br#"{"format":"cramplog","version":1,"nights":[
            {"night":"2026-11-01","episodes":[]},
            {"night":"2026-11-02","episodes":[{"leg":"lef"}]},
            {"night":"2026-11-31"},
            {"night":"2026-11-04","sorenes":3},
            {"night":"2026-11-05","episodes":[{"pain":"7"}]}
        ]}"#;
        let (_, _, problems) = parse(doc, "f.json").unwrap();
        let err = problems.into_result("f.json").unwrap_err().to_string();
        assert!(
            err.contains("nights[1].episodes[0].leg: unknown value 'lef'; did you mean 'left'?"),
            "{err}"
        );
        assert!(
            err.contains("nights[2].night: '2026-11-31' is not a date; use YYYY-MM-DD"),
            "{err}"
        );
        assert!(
            err.contains("nights[3].sorenes: unknown field 'sorenes'; did you mean 'soreness'"),
            "{err}"
        );
        assert!(
            err.contains("nights[4].episodes[0].pain: '7' is not valid here; give a whole number"),
            "{err}"
        );
    }

    #[test]
    fn profile_values_are_checked_by_kind() {
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"sex":"femal","birth_year":"nineteen","pregnant":3,"smoker":"yes","prior_vein_procedure":"none"}"#,
        )
        .unwrap();
        let mut problems = Problems::default();
        let out = profile_from_json(&m, &mut problems);
        let err = problems.into_result("f.json").unwrap_err().to_string();
        assert!(
            err.contains("profile.sex: unknown sex 'femal'; did you mean 'female'?"),
            "{err}"
        );
        assert!(
            err.contains("profile.birth_year: \"nineteen\" is not valid here; give a number"),
            "{err}"
        );
        assert!(
            err.contains("profile.pregnant: 3 is not valid here; give true or false"),
            "{err}"
        );
        assert_eq!(out.smoker, Some(true));
    }

    #[test]
    fn a_night_without_an_episodes_list_is_refused() {
        let doc = br#"{"format":"cramplog","version":1,"nights":[{"night":"2026-11-01"}]}"#;
        let (_, _, problems) = parse(doc, "f.json").unwrap();
        let err = problems.into_result("f.json").unwrap_err().to_string();
        assert!(
            err.starts_with("nights[0].episodes: missing; give \"episodes\": []"),
            "{err}"
        );
    }
}
