//! The one place where what a rule or a comparison measured becomes a [`Level`]
//! (`docs/design.md`, association levels). Both the rules (`flags/`) and the exposure
//! comparisons (`associations`) are judged here, so neither has to reach into the other.

use super::Level;

/// What a rule measured, in the terms the judge decides on.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Below the minimum data: what is missing ("needs ≥ 14 logged nights; has 9").
    Insufficient(String),
    /// A rule that is not an association test: its criterion met or not.
    Criterion(bool),
    /// An association test.
    Association(Test),
    /// A red-flag rule: the highest level among the signs seen, if any.
    Urgency(Option<Level>),
    /// The better of several measures (compression or elevation; each medication start).
    Best(Vec<Measure>),
}

/// An association test as the judge sees it (`docs/design.md`, association levels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    /// The estimate goes the expected way.
    pub direction: bool,
    /// The 95 % CI excludes 1 in the expected direction.
    pub ci_excludes_one: bool,
    /// The unadjusted p.
    pub p: Option<f64>,
    /// The Holm-adjusted p.
    pub p_holm: Option<f64>,
}

/// Significance level of every test.
pub const ALPHA: f64 = 0.05;

impl Measure {
    /// What is missing, for a measure judged `insufficient_data`.
    pub(crate) fn missing(&self) -> Option<String> {
        match self {
            Measure::Insufficient(m) => Some(m.clone()),
            Measure::Best(ms) => {
                let all: Vec<String> = ms.iter().filter_map(Measure::missing).collect();
                (!all.is_empty()).then(|| all.join("; "))
            }
            _ => None,
        }
    }
}

/// The one place where measures become levels.
///
/// An association is `notable` when it goes the expected way, its CI excludes 1 that way
/// and its Holm-adjusted p < 0.05; `possible` when it goes the expected way with the
/// unadjusted p < 0.05; else `not_met`. A criterion met is `notable`. The better of several
/// measures is the most important level among them.
pub fn judge(m: &Measure) -> Level {
    match m {
        Measure::Insufficient(_) => Level::InsufficientData,
        Measure::Criterion(true) => Level::Notable,
        Measure::Criterion(false) => Level::NotMet,
        Measure::Association(t) => {
            if t.direction && t.ci_excludes_one && t.p_holm.is_some_and(|p| p < ALPHA) {
                Level::Notable
            } else if t.direction && t.p.is_some_and(|p| p < ALPHA) {
                Level::Possible
            } else {
                Level::NotMet
            }
        }
        Measure::Urgency(level) => level.unwrap_or(Level::NotMet),
        Measure::Best(ms) => ms.iter().map(judge).min().unwrap_or(Level::NotMet),
    }
}
