//! The built-in table of common medicines by generic name, so `med add amlodipine` needs no
//! class tag (docs/design.md section 13). At least three generic names for every class of
//! section 2 that has that many; `--class` overrides the table.

use crate::vocab::MedClass;

/// Generic names (lower case) and their class.
const TABLE: &[(&str, MedClass)] = &[
    ("salmeterol", MedClass::Laba),
    ("formoterol", MedClass::Laba),
    ("eformoterol", MedClass::Laba),
    ("vilanterol", MedClass::Laba),
    ("indacaterol", MedClass::Laba),
    ("olodaterol", MedClass::Laba),
    ("spironolactone", MedClass::KSparingDiuretic),
    ("eplerenone", MedClass::KSparingDiuretic),
    ("amiloride", MedClass::KSparingDiuretic),
    ("triamterene", MedClass::KSparingDiuretic),
    ("bendroflumethiazide", MedClass::ThiazideDiuretic),
    ("hydrochlorothiazide", MedClass::ThiazideDiuretic),
    ("chlortalidone", MedClass::ThiazideDiuretic),
    ("chlorthalidone", MedClass::ThiazideDiuretic),
    ("indapamide", MedClass::ThiazideDiuretic),
    ("metolazone", MedClass::ThiazideDiuretic),
    ("furosemide", MedClass::LoopDiuretic),
    ("frusemide", MedClass::LoopDiuretic),
    ("bumetanide", MedClass::LoopDiuretic),
    ("torasemide", MedClass::LoopDiuretic),
    ("torsemide", MedClass::LoopDiuretic),
    ("atorvastatin", MedClass::Statin),
    ("simvastatin", MedClass::Statin),
    ("rosuvastatin", MedClass::Statin),
    ("pravastatin", MedClass::Statin),
    ("fluvastatin", MedClass::Statin),
    ("pitavastatin", MedClass::Statin),
    ("lovastatin", MedClass::Statin),
    ("ferric carboxymaltose", MedClass::IvIron),
    ("iron sucrose", MedClass::IvIron),
    ("ferric derisomaltose", MedClass::IvIron),
    ("iron isomaltoside", MedClass::IvIron),
    ("ferumoxytol", MedClass::IvIron),
    ("estradiol", MedClass::Estrogen),
    ("oestradiol", MedClass::Estrogen),
    ("ethinylestradiol", MedClass::Estrogen),
    ("conjugated estrogens", MedClass::Estrogen),
    ("estriol", MedClass::Estrogen),
    ("raloxifene", MedClass::Raloxifene),
    ("ibuprofen", MedClass::Nsaid),
    ("naproxen", MedClass::Nsaid),
    ("diclofenac", MedClass::Nsaid),
    ("celecoxib", MedClass::Nsaid),
    ("etoricoxib", MedClass::Nsaid),
    ("meloxicam", MedClass::Nsaid),
    ("teriparatide", MedClass::Teriparatide),
    ("abaloparatide", MedClass::Teriparatide),
    ("amlodipine", MedClass::CalciumChannelBlocker),
    ("nifedipine", MedClass::CalciumChannelBlocker),
    ("felodipine", MedClass::CalciumChannelBlocker),
    ("lercanidipine", MedClass::CalciumChannelBlocker),
    ("diltiazem", MedClass::CalciumChannelBlocker),
    ("verapamil", MedClass::CalciumChannelBlocker),
    ("quinine", MedClass::Quinine),
    ("magnesium", MedClass::Magnesium),
];

/// The class of a medicine named like "Amlodipine 5 mg" or "ferric carboxymaltose infusion":
/// the longest generic name of the table that appears in it as whole words.
pub fn class_of(name: &str) -> Option<(&'static str, MedClass)> {
    let words: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let padded = format!(" {} ", words.join(" "));
    TABLE
        .iter()
        .filter(|(generic, _)| padded.contains(&format!(" {generic} ")))
        .max_by_key(|(generic, _)| generic.len())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_with_enough_medicines_has_three() {
        for class in MedClass::ALL {
            let n = TABLE.iter().filter(|(_, c)| c == class).count();
            let few = matches!(
                class,
                MedClass::Raloxifene
                    | MedClass::Quinine
                    | MedClass::Magnesium
                    | MedClass::Teriparatide
                    | MedClass::Other
            );
            assert!(few || n >= 3, "{class}: {n}");
        }
    }

    #[test]
    fn names_are_found_inside_what_people_type() {
        assert_eq!(
            class_of("Amlodipine 5 mg").map(|x| x.1),
            Some(MedClass::CalciumChannelBlocker)
        );
        assert_eq!(
            class_of("ferric carboxymaltose infusion").map(|x| x.1),
            Some(MedClass::IvIron)
        );
        assert_eq!(
            class_of("salbutamol inhaler"),
            None,
            "a short-acting reliever is not a LABA"
        );
        assert_eq!(class_of("amlodipinex"), None);
    }
}
