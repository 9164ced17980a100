//! The patient's profile: one-time facts (age, sex, risk factors, conditions) with a type per
//! key (docs/design.md section 2, "Profile keys").
//!
//! The diary stores each entry as a key and a canonical text (`yes`/`no`, numbers, ids);
//! [`Profile`] is the typed view of those entries, with serde names equal to the keys, so the
//! same value serves `profile show --json`, export and the report. Every value is checked
//! here, whether it comes from `profile set` or from the diary.

use std::str::FromStr;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::UsageError;
use crate::vocab::{Posture, Sex, VaricoseSide};

/// Declares the profile once: each key's field (its type), its [`Kind`] and its meaning in
/// plain words. From this come the [`Profile`] struct (serde names = the keys), the [`KEYS`]
/// table (for `profile set --help` and the checks) and the typed access by key that
/// `set`, `unset` and `get` use (no map of the profile is ever built).
macro_rules! profile {
    ($(
        $(#[$meta:meta])*
        $id:ident: $ty:ty => $kind:ident, $meaning:literal;
    )*) => {
        /// The profile; `None` means not recorded.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Profile {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$meta])*
                pub $id: Option<$ty>,
            )*
        }

        /// Every profile key, in the order docs/design.md lists them.
        pub const KEYS: &[Key] = &[$(
            Key { id: stringify!($id), kind: Kind::$kind, meaning: $meaning },
        )*];

        impl Profile {
            /// One key's value in its serde form (`None` when not recorded).
            fn value(&self, id: &str) -> Option<Value> {
                match id {
                    $(stringify!($id) => self.$id.as_ref().and_then(|v| serde_json::to_value(v).ok()),)*
                    _ => None,
                }
            }

            /// Sets one key from its serde form (`None` forgets it).
            fn put_value(&mut self, id: &str, v: Option<Value>) -> Result<(), String> {
                match id {
                    $(stringify!($id) => {
                        self.$id = v.map(serde_json::from_value).transpose().map_err(|e| e.to_string())?;
                    })*
                    _ => return Err(format!("unknown profile key {id}")),
                }
                Ok(())
            }
        }
    };
}

profile! {
    birth_year: i32 => Year, "year of birth";
    sex: Sex => Sex, "sex";
    pregnant: bool => YesNo, "pregnant now";
    #[serde(serialize_with = "plain_number")]
    height_cm: f64 => HeightCm, "height in cm";
    #[serde(serialize_with = "plain_number")]
    weight_kg: f64 => WeightKg, "weight in kg";
    family_history_veins: bool => YesNo, "parents or siblings with varicose veins";
    prior_dvt: bool => YesNo, "an earlier blood clot in a leg (DVT)";
    active_cancer: bool => YesNo, "cancer being treated now";
    recent_surgery_or_immobilisation: bool => YesNo,
        "surgery, a plaster cast or bed rest in the last 12 weeks";
    known_varicose_veins: VaricoseSide => VaricoseSide,
        "varicose veins already known, and on which leg";
    occupation_posture: Posture => Posture, "how you spend most of your working day";
    diabetes: bool => YesNo, "diabetes";
    neuropathy: bool => YesNo, "nerve damage in the legs (neuropathy)";
    pad: bool => YesNo, "narrowed leg arteries (PAD)";
    kidney_disease: bool => YesNo, "kidney disease";
    thyroid_disease: bool => YesNo, "thyroid disease";
    rls_diagnosis: bool => YesNo, "restless legs syndrome diagnosed by a doctor";
    smoker: bool => YesNo, "smoking now";
    prior_vein_procedure: String => Text,
        "an earlier vein treatment, in words (e.g. \"left leg ablation 2019\")";
}

/// A measurement as the patient wrote it: `165`, not `165.0` (a whole number is written as
/// an integer), so `profile show --json` and the export print what was set.
fn plain_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        // Whole numbers of a plausible size only: the cast is then exact.
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// The keys and their values, for `profile set --help`.
pub fn keys_help() -> String {
    let mut out = String::from("Keys, their values, and what they mean:\n");
    for k in KEYS {
        let values = match k.kind {
            Kind::Year => "a year, e.g. 1958",
            Kind::Sex => "female, male or other",
            Kind::YesNo => "yes or no",
            Kind::HeightCm => "centimetres, e.g. 165",
            Kind::WeightKg => "kilograms, e.g. 70.5",
            Kind::VaricoseSide => "none, left, right or both",
            Kind::Posture => "standing, sitting or mixed",
            Kind::Text => "words in quotes",
        };
        out.push_str(&format!("  {}: {values}\n      {}\n", k.id, k.meaning));
    }
    out.push_str(
        "Example: cramplog profile set birth_year 1958 sex female known_varicose_veins left",
    );
    out
}

/// The type of a profile value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Year,
    Sex,
    YesNo,
    HeightCm,
    WeightKg,
    VaricoseSide,
    Posture,
    Text,
}

/// One profile key: its id, type and plain-words meaning.
pub struct Key {
    pub id: &'static str,
    pub kind: Kind,
    pub meaning: &'static str,
}

/// All key ids, for help and suggestions.
pub fn key_ids() -> Vec<&'static str> {
    KEYS.iter().map(|k| k.id).collect()
}

/// Finds a key by id, or says which key was probably meant.
pub fn find_key(id: &str) -> Result<&'static Key, UsageError> {
    let wanted = crate::vocab::normalise(id);
    KEYS.iter().find(|k| k.id == wanted).ok_or_else(|| {
        let e = crate::vocab::unknown("profile key", id, &key_ids());
        UsageError::new(format!("{e} (see: cramplog profile show)"))
    })
}

/// Parses a typed value. `this_year` bounds `birth_year` (left out for values read back
/// from the diary, which were checked when they were set).
fn parse_value(k: &Key, text: &str, this_year: Option<i32>) -> Result<Value, UsageError> {
    let t = text.trim();
    let bad = |fix: String| UsageError::new(format!("{} '{text}' is not valid; {fix}", k.id));
    let number = |unit: &str, lo: f64, hi: f64| -> Result<Value, UsageError> {
        let v: f64 = t
            .strip_suffix(unit)
            .unwrap_or(t)
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| bad(format!("give a number from {lo} to {hi} ({unit})")))?;
        if !v.is_finite() || !(lo..=hi).contains(&v) {
            return Err(bad(format!("give a number from {lo} to {hi} ({unit})")));
        }
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    };
    let id = |result: Result<&'static str, UsageError>| -> Result<Value, UsageError> {
        result
            .map(|id| Value::String(id.to_string()))
            .map_err(|e| UsageError::new(format!("{}: {e}", k.id)))
    };
    match k.kind {
        Kind::Year => {
            let hi = this_year.unwrap_or(i32::MAX);
            match t.parse::<i32>() {
                Ok(y) if (1900..=hi).contains(&y) => Ok(Value::from(y)),
                _ => Err(bad(match this_year {
                    Some(y) => format!("give a year from 1900 to {y}"),
                    None => "give a year from 1900 on".into(),
                })),
            }
        }
        Kind::YesNo => crate::parse::yes_no(t)
            .map(Value::Bool)
            .ok_or_else(|| bad("answer yes or no".into())),
        Kind::HeightCm => number("cm", 50.0, 250.0),
        Kind::WeightKg => number("kg", 20.0, 400.0),
        Kind::Sex => id(Sex::from_str(t).map(Sex::id)),
        Kind::VaricoseSide => id(VaricoseSide::from_str(t).map(VaricoseSide::id)),
        Kind::Posture => id(Posture::from_str(t).map(Posture::id)),
        Kind::Text => {
            if let Some(p) = crate::text::problem(t, crate::text::Shape::Line) {
                return Err(bad(p));
            }
            let cleaned = t;
            if cleaned.trim().is_empty() {
                return Err(bad(
                    "give a short description, or remove it with 'cramplog profile unset'".into(),
                ));
            }
            if cleaned.chars().count() > 500 {
                return Err(bad("keep it under 500 characters".into()));
            }
            Ok(Value::String(cleaned.trim().to_string()))
        }
    }
}

/// The canonical stored text of a value (`yes`/`no`, `165`, `72.5`, ids, text).
fn canonical(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => f.to_string(),
            (None, None) => n.to_string(),
        }),
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl Profile {
    /// The typed profile from the diary's entries (key, canonical text). Keys this version
    /// does not know are ignored; a value that does not fit its key is an error naming it.
    pub fn from_stored(stored: impl IntoIterator<Item = (String, String)>) -> Result<Profile> {
        let mut p = Profile::default();
        for (k, text) in stored {
            if !KEYS.iter().any(|key| key.id == k) {
                continue;
            }
            p.set_stored(&k, &text).map_err(|e| {
                anyhow::anyhow!("the diary's profile entry {k} = '{text}' is not valid ({e})")
            })?;
        }
        Ok(p)
    }

    /// Sets `key` from a stored or exported value's text (the birth year is not bounded by
    /// today: it was checked when it was set).
    pub fn set_stored(&mut self, key: &str, text: &str) -> Result<(), UsageError> {
        let k = find_key(key)?;
        let v = parse_value(k, text, None)?;
        self.put(k, v)
    }

    fn put(&mut self, k: &Key, v: Value) -> Result<(), UsageError> {
        let v = (!v.is_null()).then_some(v);
        self.put_value(k.id, v).map_err(UsageError::new)
    }

    /// The entries to store (key, canonical text), in key order, set keys only.
    pub fn to_stored(&self) -> Vec<(String, String)> {
        KEYS.iter()
            .filter_map(|k| {
                let text = canonical(&self.value(k.id)?)?;
                Some((k.id.to_string(), text))
            })
            .collect()
    }

    /// Sets `key` from text as a patient types it; `today` bounds the birth year.
    pub fn set(&mut self, key: &str, value: &str, today: NaiveDate) -> Result<(), UsageError> {
        let k = find_key(key)?;
        let v = parse_value(k, value, Some(today.year()))?;
        self.put(k, v)
    }

    /// Forgets `key`; returns whether it was set.
    pub fn unset(&mut self, key: &str) -> Result<bool, UsageError> {
        let k = find_key(key)?;
        let was = self.value(k.id).is_some();
        self.put_value(k.id, None).map_err(UsageError::new)?;
        Ok(was)
    }

    /// The canonical text of one key, if set.
    pub fn get(&self, key: &str) -> Option<String> {
        canonical(&self.value(key)?)
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn typed_values_are_checked_per_key() {
        let mut p = Profile::default();
        p.set("birth_year", "1961", today()).unwrap();
        p.set("sex", "Female", today()).unwrap();
        p.set("height_cm", "165", today()).unwrap();
        p.set("weight_kg", "72.5kg", today()).unwrap();
        p.set("family_history_veins", "y", today()).unwrap();
        p.set("known_varicose_veins", "left", today()).unwrap();
        p.set("occupation_posture", "standing", today()).unwrap();
        p.set("prior_vein_procedure", " ablation 2019 ", today())
            .unwrap();
        assert_eq!(p.birth_year, Some(1961));
        assert_eq!(p.sex, Some(Sex::Female));
        assert_eq!(p.weight_kg, Some(72.5));
        assert_eq!(p.family_history_veins, Some(true));
        assert_eq!(p.known_varicose_veins, Some(VaricoseSide::Left));
        assert_eq!(p.prior_vein_procedure.as_deref(), Some("ablation 2019"));

        for (k, v, needle) in [
            ("birth_year", "2027", "from 1900 to 2026"),
            ("birth_year", "1899", "from 1900 to 2026"),
            ("height_cm", "300", "from 50 to 250"),
            ("weight_kg", "heavy", "from 20 to 400"),
            ("sex", "femal", "did you mean 'female'"),
            ("pregnant", "maybe", "answer yes or no"),
            (
                "occupation_posture",
                "walking",
                "choose from: standing, sitting, mixed",
            ),
            ("brith_year", "1961", "did you mean 'birth_year'"),
        ] {
            let e = p.clone().set(k, v, today()).unwrap_err().to_string();
            assert!(e.contains(needle), "{k} {v}: {e}");
        }
    }

    #[test]
    fn stored_text_round_trips() {
        let mut p = Profile::default();
        for (k, v) in [
            ("birth_year", "1961"),
            ("height_cm", "165"),
            ("weight_kg", "72.5"),
            ("smoker", "no"),
            ("sex", "female"),
        ] {
            p.set(k, v, today()).unwrap();
        }
        let stored = p.to_stored();
        assert_eq!(
            stored,
            [
                ("birth_year", "1961"),
                ("sex", "female"),
                ("height_cm", "165"),
                ("weight_kg", "72.5"),
                ("smoker", "no"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(Profile::from_stored(stored).unwrap(), p);
        // Whole measurements print as they were typed: 165, not 165.0.
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"birth_year":1961,"sex":"female","height_cm":165,"weight_kg":72.5,"smoker":false}"#
        );
    }

    #[test]
    fn unknown_stored_keys_are_ignored_and_bad_values_named() {
        let future = ("future_key".to_string(), "x".to_string());
        assert_eq!(
            Profile::from_stored([future.clone()]).unwrap(),
            Profile::default()
        );
        let bad = ("smoker".to_string(), "sometimes".to_string());
        let e = Profile::from_stored([future, bad]).unwrap_err().to_string();
        assert!(e.contains("smoker = 'sometimes'"), "{e}");
    }

    #[test]
    fn unset_reports_whether_the_key_was_set() {
        let mut p = Profile::default();
        p.set("pad", "no", today()).unwrap();
        assert!(p.unset("pad").unwrap());
        assert!(!p.unset("pad").unwrap());
        assert!(p.is_empty());
    }

    #[test]
    fn every_key_is_a_field() {
        let mut p = Profile::default();
        for k in KEYS {
            let v = match k.kind {
                Kind::Year => "1970",
                Kind::Sex => "other",
                Kind::YesNo => "yes",
                Kind::HeightCm => "170",
                Kind::WeightKg => "70",
                Kind::VaricoseSide => "both",
                Kind::Posture => "mixed",
                Kind::Text => "text",
            };
            p.set(k.id, v, today()).unwrap();
            assert!(p.get(k.id).is_some(), "{}", k.id);
        }
        assert_eq!(p.to_stored().len(), KEYS.len());
    }
}
