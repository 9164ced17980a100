//! HL7 FHIR R4 export: one `Bundle` of type `collection` holding an anonymous `Patient`,
//! `Observation`s per logged night and a `MedicationStatement` per medication.
//!
//! Every resource's `fullUrl` is a name-based (v5) UUID derived from the diary's content and
//! the resource's identity (night and measure), so the same diary always gives the same
//! bytes, and two different diaries never share ids. Missing nights have no observations;
//! a cramp-free night has a cramp count of 0. Only the SNOMED CT and LOINC codes named in
//! docs/design.md section 7 are used; other findings carry plain text (`code.text`) rather than
//! a guessed code.

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::{Value, json};
use uuid::Uuid;

use super::Diary;
use crate::model::{Night, Symptom};
use crate::vocab::{Leg, SymptomId};

const SNOMED: &str = "http://snomed.info/sct";
const LOINC: &str = "http://loinc.org";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// SNOMED CT 449918009 |Cramp in lower leg|.
pub const CRAMP_IN_LOWER_LEG: &str = "449918009";
/// LOINC 72514-3, pain severity on a 0-10 numeric rating scale, reported.
pub const PAIN_SEVERITY_0_10: &str = "72514-3";

/// SNOMED CT code and display for a symptom id, where one is agreed (docs/design.md section 7).
pub fn symptom_code(id: SymptomId) -> Option<(&'static str, &'static str)> {
    match id {
        SymptomId::AnkleSwelling => Some(("102572006", "Edema of lower extremity")),
        SymptomId::VisibleVeins => Some(("72866009", "Varicose veins of lower extremity")),
        _ => None,
    }
}

/// SNOMED CT laterality qualifier for a side.
pub fn laterality(leg: Leg) -> (&'static str, &'static str) {
    match leg {
        Leg::Left => ("7771000", "Left"),
        Leg::Right => ("24028007", "Right"),
        Leg::Both => ("51440002", "Right and left"),
    }
}

fn body_site(leg: Leg) -> Value {
    let (code, display) = laterality(leg);
    json!({
        "coding": [{"system": SNOMED, "code": code, "display": display}],
        "text": match leg {
            Leg::Left => "left leg",
            Leg::Right => "right leg",
            Leg::Both => "both legs",
        }
    })
}

/// The bundle as pretty-printed JSON ending in a newline. `today` decides whether a
/// medication with a stop date is `completed` or still `active`.
pub fn export(diary: &Diary, today: NaiveDate) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(&ResourceTypeFirst(&bundle(diary, today)?))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The bundle as a JSON value.
pub fn bundle(diary: &Diary, today: NaiveDate) -> Result<Value> {
    let base = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:cramplog:fhir-export");
    let content = super::json::export(diary)?;
    let ns = Uuid::new_v5(&base, &content);
    let url = |name: &str| format!("urn:uuid:{}", Uuid::new_v5(&ns, name.as_bytes()));

    let patient_url = url("Patient");
    let mut patient = json!({"resourceType": "Patient"});
    if let Some(sex) = diary.profile.sex {
        // FHIR's administrative gender codes are the same words as the profile's ids.
        patient["gender"] = json!(sex.id());
    }
    if let Some(year) = diary.profile.birth_year
        && (1000..=9999).contains(&year)
    {
        patient["birthDate"] = json!(year.to_string());
    }
    let mut entries = vec![json!({"fullUrl": patient_url, "resource": patient})];
    let subject = json!({"reference": patient_url});

    for n in &diary.nights {
        for (name, resource) in night_observations(n, &subject) {
            entries.push(json!({
                "fullUrl": url(&format!("Observation/{}/{name}", n.night)),
                "resource": resource,
            }));
        }
    }
    for m in &diary.medications {
        let status = match m.stop {
            _ if m.start > today => "intended",
            Some(stop) if stop <= today => "completed",
            _ => "active",
        };
        let mut period = json!({"start": m.start.to_string()});
        if let Some(stop) = m.stop {
            period["end"] = json!(stop.to_string());
        }
        let mut statement = json!({
            "resourceType": "MedicationStatement",
            "status": status,
            "medicationCodeableConcept": {"text": m.name},
            "subject": subject,
            "effectivePeriod": period,
            "note": [{"text": format!("cramplog medication class: {}", m.class)}],
        });
        if let Some(dose) = &m.dose {
            statement["dosage"] = json!([{"text": dose}]);
        }
        entries.push(json!({
            "fullUrl": url(&format!("MedicationStatement/{}/{}", m.name, m.start)),
            "resource": statement,
        }));
    }
    let id = Uuid::new_v5(&ns, b"Bundle");
    Ok(json!({
        "resourceType": "Bundle",
        "id": id.to_string(),
        "identifier": {"system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{id}")},
        "type": "collection",
        "entry": entries,
    }))
}

/// Serialises a JSON value with `resourceType` as the first key of every object, as FHIR
/// JSON is usually written (the other keys stay in their sorted order).
struct ResourceTypeFirst<'a>(&'a Value);

impl serde::Serialize for ResourceTypeFirst<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                if let Some(rt) = map.get("resourceType") {
                    m.serialize_entry("resourceType", rt)?;
                }
                for (k, v) in map.iter().filter(|(k, _)| *k != "resourceType") {
                    m.serialize_entry(k, &ResourceTypeFirst(v))?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&ResourceTypeFirst(v))?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}

fn observation(n: &Night, subject: &Value, code: Value) -> Value {
    json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": code,
        "subject": subject,
        "effectiveDateTime": n.night.to_string(),
    })
}

/// The legs involved, as one side (`left` and `right` together are `both`).
fn legs_of(legs: impl Iterator<Item = Leg>) -> Option<Leg> {
    legs.reduce(|a, b| if a == b { a } else { Leg::Both })
}

/// The observations of one night, each with a stable name for its `fullUrl`.
fn night_observations(n: &Night, subject: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut cramps = observation(
        n,
        subject,
        json!({
            "coding": [{"system": SNOMED, "code": CRAMP_IN_LOWER_LEG, "display": "Cramp in lower leg"}],
            "text": "Night-time leg cramps: number of episodes this night"
        }),
    );
    cramps["valueInteger"] = json!(n.episodes.len());
    if let Some(leg) = legs_of(n.episodes.iter().filter_map(|e| e.leg)) {
        cramps["bodySite"] = body_site(leg);
    }
    out.push(("cramps".to_string(), cramps));

    if let Some(worst) = n
        .episodes
        .iter()
        .filter(|e| e.pain.is_some())
        .max_by_key(|e| e.pain)
    {
        let mut pain = observation(
            n,
            subject,
            json!({
                "coding": [{"system": LOINC, "code": PAIN_SEVERITY_0_10,
                            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}],
                "text": "Worst cramp pain this night (0-10)"
            }),
        );
        pain["valueInteger"] = json!(worst.pain);
        if let Some(leg) = worst.leg {
            pain["bodySite"] = body_site(leg);
        }
        out.push(("worst-pain".to_string(), pain));
    }

    if let Some(soreness) = n.soreness {
        let mut obs = observation(
            n,
            subject,
            json!({"text": "Next-morning residual leg muscle soreness (0-10 numeric rating)"}),
        );
        obs["valueInteger"] = json!(soreness);
        if let Some(leg) = n.soreness_side {
            obs["bodySite"] = body_site(leg);
        }
        out.push(("soreness".to_string(), obs));
    }

    for s in n.symptoms.iter().flatten() {
        out.push((format!("symptom/{}", s.id), symptom(n, subject, s)));
    }
    out
}

fn symptom(n: &Night, subject: &Value, s: &Symptom) -> Value {
    let text = format!("{} (day before the night, self-reported)", s.id.plain());
    let code = match symptom_code(s.id) {
        Some((code, display)) => json!({
            "coding": [{"system": SNOMED, "code": code, "display": display}],
            "text": text
        }),
        None => json!({"text": text}),
    };
    let mut obs = observation(n, subject, code);
    if let Some(sev) = s.severity {
        obs["valueInteger"] = json!(sev);
        obs["note"] = json!([{"text": "severity on a 0-10 scale"}]);
    }
    if let Some(leg) = s.side {
        obs["bodySite"] = body_site(leg);
    }
    obs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_diary_same_bundle_and_codes_in_place() {
        let mut d = Diary::default();
        d.profile.sex = Some(crate::vocab::Sex::Female);
        d.profile.birth_year = Some(1961);
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        n.episodes
            .push(crate::parse::episode("left calf 2m 7").unwrap());
        n.episodes
            .push(crate::parse::episode("right foot 30s 4").unwrap());
        n.symptoms = Some(vec![Symptom {
            id: SymptomId::AnkleSwelling,
            side: Some(Leg::Left),
            severity: None,
        }]);
        d.nights.push(n);
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let a = export(&d, today).unwrap();
        assert_eq!(a, export(&d, today).unwrap());
        let v: Value = serde_json::from_slice(&a).unwrap();
        let entries = v["entry"].as_array().unwrap();
        assert_eq!(entries[0]["resource"]["birthDate"], "1961");
        let cramps = &entries[1]["resource"];
        assert_eq!(cramps["valueInteger"], 2);
        assert_eq!(cramps["bodySite"]["coding"][0]["code"], "51440002");
        assert_eq!(
            entries[2]["resource"]["code"]["coding"][0]["code"],
            "72514-3"
        );
        assert_eq!(entries[2]["resource"]["valueInteger"], 7);
        assert_eq!(
            entries[3]["resource"]["code"]["coding"][0]["code"],
            "102572006"
        );
        assert_eq!(
            entries[3]["resource"]["bodySite"]["coding"][0]["code"],
            "7771000"
        );
        let mut other = d.clone();
        other.nights[0].soreness = Some(1);
        let b: Value = serde_json::from_slice(&export(&other, today).unwrap()).unwrap();
        assert_ne!(v["entry"][0]["fullUrl"], b["entry"][0]["fullUrl"]);
    }
}
