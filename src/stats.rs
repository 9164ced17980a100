//! Exact small-sample statistics behind the association and trend flags
//! (docs/design.md section 5 "Flags").
//!
//! A diary yields a few dozen nights, so the tests here are exact; normal
//! approximations appear only where the reference method itself uses one
//! (the Katz risk-ratio CI and Mann–Kendall). Each public function
//! reproduces a named reference implementation so that two careful readers
//! compute the same level:
//!
//! | function | reference |
//! |---|---|
//! | [`fisher_exact_two_sided`], [`fisher_exact_greater`], [`fisher_exact_less`] | `scipy.stats.fisher_exact` |
//! | [`risk_ratio`] | `scipy.stats.contingency.relative_risk` (Katz log CI) |
//! | [`rate_ratio_exact`] | conditional binomial: `scipy.stats.binomtest` + Clopper–Pearson |
//! | [`clopper_pearson`] | `binomtest(k, n).proportion_ci(method="exact")` |
//! | [`binomial_test_two_sided`] | `scipy.stats.binomtest(k, n, p).pvalue` |
//! | [`holm`] | `statsmodels.stats.multitest.multipletests(method="holm")` |
//! | [`mann_kendall`] | `pymannkendall.original_test` |
//! | [`mantel_haenszel`] | `statsmodels` `StratifiedTable` (`riskratio_pooled`, `test_null_odds(correction=False)`); Greenland–Robins CI by direct enumeration |
//!
//! Expected values in the unit tests come from
//! `tests/reference/stats_reference.py`.
//!
//! Conventions for degenerate input (nothing here panics, nothing returns
//! NaN or an infinity):
//! - a p-value that cannot be computed (empty margin, `n == 0`, invalid
//!   probability or exposure) is `1.0`, i.e. "no evidence";
//! - a ratio or bound that is infinite or undefined is `None` (printed "—",
//!   JSON `null`);
//! - an interval that cannot be computed is the uninformative `(0.0, 1.0)`.
//!
//! Numerics (std only): binomial and hypergeometric probabilities use
//! Loader's saddle-point form (`stirlerr`/`bd0`, as in R's `dbinom`), which
//! stays accurate to ~1e-14 relative where a plain log-gamma difference
//! loses digits as counts grow; the regularised incomplete beta is a
//! Lentz continued fraction; its inverse is bisection to ~1e-15 relative;
//! `erfc` is W. J. Cody's rational Chebyshev approximation. Checked against
//! scipy and mpmath: p-values within 2e-14 (n ≤ 2,000), Clopper–Pearson
//! bounds within 5e-14 (n ≤ 3,000) and 1e-12 relative at n = 10^6. Larger
//! counts still give finite values in range, with less accuracy.

/// Standard normal 97.5 % quantile (`scipy.stats.norm.ppf(0.975)`).
const Z_975: f64 = 1.959_963_984_540_054;

/// Relative tolerance when deciding that two table probabilities tie in the
/// two-sided Fisher test. See [`fisher_exact_two_sided`].
const FISHER_REL_TOL: f64 = 1e-7;

/// scipy's `binomtest` relative tolerance (`rerr = 1 + 1e-7`).
const BINOM_REL_TOL: f64 = 1e-7;

/// Cap on the terms summed for one hypergeometric tail. A tail needs about
/// ten standard deviations of terms, so this only binds beyond ~10^12
/// counts; it guarantees termination there, at the cost of accuracy.
const MAX_TAIL_TERMS: usize = 50_000_000;

// ---------------------------------------------------------------------------
// Fisher's exact test
// ---------------------------------------------------------------------------

/// Two-sided Fisher exact p for the 2×2 table `[[a, b], [c, d]]`
/// (`scipy.stats.fisher_exact(table, alternative="two-sided")`).
///
/// The p-value sums the probabilities of every table (same margins) that is
/// no more likely than the observed one, counting as ties those within a
/// relative 1e-7 of it (R's `fisher.test` rule; scipy's 2×2 code uses
/// 1e-14 on its own rounding). Checked against scipy on every table with
/// total ≤ 50 and 3,000 random tables with cells ≤ 300: identical table
/// sets, p-values within 2e-15.
///
/// Returns `1.0` when a row or column total is zero (scipy does the same),
/// or when the table total overflows `u64`.
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let Some(h) = Hypergeom::from_table(a, b, c, d) else {
        return 1.0;
    };
    let threshold = h.pmf(a) * (1.0 + FISHER_REL_TOL);
    let mode = h.mode();
    if h.pmf(mode) <= threshold {
        // The observed table is (tied with) the most likely one.
        return 1.0;
    }
    // The pmf rises to the mode and falls after it, so the tables no more
    // likely than the observed one form one tail on each side.
    let lower = last_true(h.lo, mode, |j| h.pmf(j) <= threshold).map_or(0.0, |end| h.sum_down(end));
    let upper =
        first_true(mode, h.hi, |j| h.pmf(j) <= threshold).map_or(0.0, |start| h.sum_up(start));
    clamp_probability(lower + upper)
}

/// One-sided Fisher exact p for the alternative "greater" (odds ratio > 1,
/// i.e. `a` larger than expected): `P(X >= a)` under the hypergeometric
/// null (`scipy.stats.fisher_exact(table, alternative="greater")`).
///
/// Returns `1.0` when a row or column total is zero (as scipy does).
pub fn fisher_exact_greater(a: u64, b: u64, c: u64, d: u64) -> f64 {
    match Hypergeom::from_table(a, b, c, d) {
        Some(h) => clamp_probability(h.sum_up(a)),
        None => 1.0,
    }
}

/// One-sided Fisher exact p for the alternative "less" (odds ratio < 1):
/// `P(X <= a)` (`scipy.stats.fisher_exact(table, alternative="less")`).
///
/// Returns `1.0` when a row or column total is zero (as scipy does).
pub fn fisher_exact_less(a: u64, b: u64, c: u64, d: u64) -> f64 {
    match Hypergeom::from_table(a, b, c, d) {
        Some(h) => clamp_probability(h.sum_down(a)),
        None => 1.0,
    }
}

/// Hypergeometric law of the top-left cell of a 2×2 table given its margins.
struct Hypergeom {
    /// Row 1 total (`a + b`), the "successes" in the urn.
    row1: f64,
    /// Row 2 total (`c + d`).
    row2: f64,
    /// Column 1 total (`a + c`), the number drawn.
    col1: f64,
    /// Smallest and largest possible top-left cell.
    lo: u64,
    hi: u64,
}

impl Hypergeom {
    /// `None` when a margin is zero (the law is a point mass, p = 1) or the
    /// total does not fit in `u64`.
    fn from_table(a: u64, b: u64, c: u64, d: u64) -> Option<Self> {
        let row1 = a.checked_add(b)?;
        let row2 = c.checked_add(d)?;
        let col1 = a.checked_add(c)?;
        let col2 = b.checked_add(d)?;
        row1.checked_add(row2)?;
        if row1 == 0 || row2 == 0 || col1 == 0 || col2 == 0 {
            return None;
        }
        Some(Self {
            row1: row1 as f64,
            row2: row2 as f64,
            col1: col1 as f64,
            lo: col1.saturating_sub(row2),
            hi: col1.min(row1),
        })
    }

    fn pmf(&self, x: u64) -> f64 {
        dhyper(x as f64, self.row1, self.row2, self.col1)
    }

    /// A most likely value, `floor((col1 + 1)(row1 + 1) / (N + 2))` (scipy's).
    fn mode(&self) -> u64 {
        let m = ((self.col1 + 1.0) * (self.row1 + 1.0) / (self.row1 + self.row2 + 2.0)).floor();
        (m as u64).clamp(self.lo, self.hi)
    }

    /// `P(X <= from)`, summed from `from` downwards. Below the mode the terms
    /// only shrink, so we stop once they no longer change the sum.
    fn sum_down(&self, from: u64) -> f64 {
        let mode = self.mode();
        let mut sum = 0.0;
        for j in (self.lo..=from.min(self.hi)).rev().take(MAX_TAIL_TERMS) {
            let term = self.pmf(j);
            sum += term;
            if j < mode && term <= sum * 1e-20 {
                break;
            }
        }
        sum
    }

    /// `P(X >= from)`, summed from `from` upwards (mirror of `sum_down`).
    fn sum_up(&self, from: u64) -> f64 {
        let mode = self.mode();
        let mut sum = 0.0;
        for j in (from.max(self.lo)..=self.hi).take(MAX_TAIL_TERMS) {
            let term = self.pmf(j);
            sum += term;
            if j > mode && term <= sum * 1e-20 {
                break;
            }
        }
        sum
    }
}

/// Largest `j` in `[lo, hi]` with `pred(j)`, for a `pred` that holds on a
/// prefix of the range; `None` if it does not hold at `lo`.
fn last_true(lo: u64, hi: u64, pred: impl Fn(u64) -> bool) -> Option<u64> {
    if lo > hi || !pred(lo) {
        return None;
    }
    if pred(hi) {
        return Some(hi);
    }
    let (mut good, mut bad) = (lo, hi);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if pred(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Some(good)
}

/// Smallest `j` in `[lo, hi]` with `pred(j)`, for a `pred` that holds on a
/// suffix of the range; `None` if it does not hold at `hi`.
fn first_true(lo: u64, hi: u64, pred: impl Fn(u64) -> bool) -> Option<u64> {
    if lo > hi || !pred(hi) {
        return None;
    }
    if pred(lo) {
        return Some(lo);
    }
    let (mut bad, mut good) = (lo, hi);
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        if pred(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Some(good)
}

// ---------------------------------------------------------------------------
// Risk ratio
// ---------------------------------------------------------------------------

/// Risk ratio with its 95 % confidence interval. `None` marks a value that is
/// infinite or undefined (see [`risk_ratio`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskRatio {
    /// `(a / (a + b)) / (c / (c + d))`.
    pub ratio: Option<f64>,
    /// Lower 95 % bound (Katz log method).
    pub ci_low: Option<f64>,
    /// Upper 95 % bound (Katz log method).
    pub ci_high: Option<f64>,
}

/// Risk ratio of exposed (`a` events out of `a + b` nights) vs unexposed
/// (`c` out of `c + d`), with a 95 % CI by the Katz log method:
/// `exp(ln RR ± 1.96·sqrt(1/a − 1/(a+b) + 1/c − 1/(c+d)))`
/// (`scipy.stats.contingency.relative_risk(a, a+b, c, c+d)`).
///
/// Zero cells follow scipy (and R epitools' `riskratio.wald`), with infinite
/// or undefined values as `None`:
///
/// | case | ratio | ci_low | ci_high |
/// |---|---|---|---|
/// | `a + b == 0` or `c + d == 0` (a group is empty) | None | None | None |
/// | `a == 0 && c == 0` (0/0) | None | None | None |
/// | `a == 0 < c` | `Some(0.0)` | `Some(0.0)` | None |
/// | `c == 0 < a` (infinite) | None | None | None |
/// | otherwise | finite | finite | finite |
///
/// No continuity correction is applied: a zero cell means "no estimate", not
/// a made-up one.
pub fn risk_ratio(a: u64, b: u64, c: u64, d: u64) -> RiskRatio {
    let none = RiskRatio {
        ratio: None,
        ci_low: None,
        ci_high: None,
    };
    let (Some(n1), Some(n0)) = (a.checked_add(b), c.checked_add(d)) else {
        return none;
    };
    if n1 == 0 || n0 == 0 || c == 0 {
        return none;
    }
    if a == 0 {
        return RiskRatio {
            ratio: Some(0.0),
            ci_low: Some(0.0),
            ci_high: None,
        };
    }
    let (a, n1, c, n0) = (a as f64, n1 as f64, c as f64, n0 as f64);
    let rr = (a / n1) / (c / n0);
    // Never negative in exact arithmetic; the max guards rounding.
    let var_log = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n0).max(0.0);
    let delta = Z_975 * var_log.sqrt();
    RiskRatio {
        ratio: finite(rr),
        ci_low: finite(rr * (-delta).exp()),
        ci_high: finite(rr * delta.exp()),
    }
}

// ---------------------------------------------------------------------------
// Exact conditional rate ratio
// ---------------------------------------------------------------------------

/// Rate ratio of two Poisson counts with an exact 95 % CI and p-value.
/// `None` marks a value that is infinite or undefined (see
/// [`rate_ratio_exact`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    /// `(x1 / t1) / (x0 / t0)`.
    pub ratio: Option<f64>,
    /// Lower exact 95 % bound.
    pub ci_low: Option<f64>,
    /// Upper exact 95 % bound.
    pub ci_high: Option<f64>,
    /// Exact two-sided p-value for `RR = 1`.
    pub p_two_sided: f64,
}

/// Exact conditional-binomial rate ratio: `x1` events over exposure `t1`
/// (e.g. nights) vs `x0` events over `t0`.
///
/// Conditional on `n = x1 + x0`, `x1 ~ Bin(n, p)` with
/// `p = t1·RR / (t1·RR + t0)`. The 95 % CI is the Clopper–Pearson interval
/// for `p` mapped through `RR = p / (1 − p) · t0 / t1`; the p-value is the
/// exact two-sided binomial test of `x1` against `p0 = t1 / (t1 + t0)`
/// (identical to `scipy.stats.binomtest(x1, n, p0).pvalue`).
///
/// `None` conventions:
/// - `x0 == 0 < x1`: `ratio` and `ci_high` are `None` (infinite), `ci_low`
///   is finite;
/// - `x1 == 0 < x0`: `ratio == ci_low == Some(0.0)`, `ci_high` finite;
/// - `n == 0`, or `t1`/`t0` not finite and positive: all `None` and
///   `p_two_sided == 1.0`.
pub fn rate_ratio_exact(x1: u64, t1: f64, x0: u64, t0: f64) -> RateRatio {
    let none = RateRatio {
        ratio: None,
        ci_low: None,
        ci_high: None,
        p_two_sided: 1.0,
    };
    let valid_exposure = |t: f64| t.is_finite() && t > 0.0;
    if !valid_exposure(t1) || !valid_exposure(t0) {
        return none;
    }
    let Some(n) = x1.checked_add(x0) else {
        return none;
    };
    if n == 0 {
        return none;
    }
    let scale = t0 / t1;
    let total = t1 + t0;
    let p0 = if total.is_finite() {
        t1 / total
    } else {
        1.0 / (1.0 + scale)
    };
    let p_two_sided = binomial_test_two_sided(x1, n, p0);

    // Clopper–Pearson bounds for p and their complements, each computed
    // directly (not as 1 − p) so that p / (1 − p) stays accurate near 1.
    let tail = 0.025;
    let (p_low, one_minus_p_low) = clopper_pearson_lower(x1, n, tail);
    // The upper bound for x1 is one minus the lower bound for x0.
    let (one_minus_p_high, p_high) = clopper_pearson_lower(x0, n, tail);

    let ratio = if x0 == 0 {
        None
    } else {
        finite(x1 as f64 / x0 as f64 * scale)
    };
    let ci_low = finite(p_low / one_minus_p_low * scale);
    let ci_high = if x0 == 0 {
        None
    } else {
        finite(p_high / one_minus_p_high * scale)
    };
    RateRatio {
        ratio,
        ci_low,
        ci_high,
        p_two_sided,
    }
}

// ---------------------------------------------------------------------------
// Binomial: Clopper–Pearson interval and exact test
// ---------------------------------------------------------------------------

/// Clopper–Pearson exact two-sided interval for a binomial proportion `k/n`
/// at the given confidence level (e.g. `0.95`), as
/// `scipy.stats.binomtest(k, n).proportion_ci(confidence, method="exact")`.
///
/// The bounds are `0.0` when `k == 0` and `1.0` when `k == n`. Returns the
/// uninformative `(0.0, 1.0)` when `n == 0`, `k > n`, or `confidence` is not
/// in `[0, 1]`.
pub fn clopper_pearson(k: u64, n: u64, confidence: f64) -> (f64, f64) {
    if n == 0 || k > n || !(0.0..=1.0).contains(&confidence) {
        return (0.0, 1.0);
    }
    let tail = (1.0 - confidence) / 2.0;
    let (low, _) = clopper_pearson_lower(k, n, tail);
    let (_, high) = clopper_pearson_lower(n - k, n, tail);
    (low, high)
}

/// Lower Clopper–Pearson bound `p_L` for `k` of `n` with upper-tail mass
/// `tail`, returned with `1 − p_L`. `p_L` solves `P(X >= k | p_L) = tail`,
/// i.e. `I_{p_L}(k, n − k + 1) = tail`; `(0, 1)` when `k == 0`.
fn clopper_pearson_lower(k: u64, n: u64, tail: f64) -> (f64, f64) {
    if k == 0 || k > n {
        return (0.0, 1.0);
    }
    beta_inverse(k as f64, (n - k) as f64 + 1.0, tail)
}

/// Two-sided exact binomial test p of `k` successes in `n` trials against
/// success probability `p`, with scipy's algorithm
/// (`scipy.stats.binomtest(k, n, p).pvalue`): the probabilities of all
/// outcomes no more likely than `k`, up to scipy's relative tolerance
/// `1 + 1e-7`.
///
/// Returns `1.0` when `n == 0`, `k > n`, or `p` is not in `[0, 1]`.
pub fn binomial_test_two_sided(k: u64, n: u64, p: f64) -> f64 {
    if n == 0 || k > n || !(0.0..=1.0).contains(&p) {
        return 1.0;
    }
    let (k, n) = (i128::from(k), i128::from(n));
    let pn = p * n as f64;
    if k as f64 == pn {
        return 1.0;
    }
    let pmf = |x: i128| binom_pmf(x, n, p);
    let target = pmf(k) * (1.0 + BINOM_REL_TOL);
    // The same search and tail bookkeeping as scipy's `binomtest`, so that
    // outcomes tied with `k` are counted identically.
    let pval = if (k as f64) < pn {
        let ix = scipy_binary_search(|x| -pmf(x), -target, pn.ceil() as i128, n);
        let y = n - ix + i128::from(target == pmf(ix));
        binom_cdf(k, n, p) + binom_sf(n - y, n, p)
    } else {
        let ix = scipy_binary_search(pmf, target, 0, pn.floor() as i128);
        let y = ix + 1;
        binom_cdf(y - 1, n, p) + binom_sf(k - 1, n, p)
    };
    clamp_probability(pval)
}

/// Port of scipy's `_binary_search_for_binom_tst`: for `a` ascending on
/// `[lo, hi]`, the index `i` with `a(i) <= d < a(i + 1)`.
fn scipy_binary_search(a: impl Fn(i128) -> f64, d: f64, mut lo: i128, mut hi: i128) -> i128 {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let midval = a(mid);
        if midval < d {
            lo = mid + 1;
        } else if midval > d {
            hi = mid - 1;
        } else {
            return mid;
        }
    }
    if a(lo) <= d { lo } else { lo - 1 }
}

/// `P(X = x)` for `X ~ Bin(n, p)`; 0 outside `0..=n`.
fn binom_pmf(x: i128, n: i128, p: f64) -> f64 {
    if x < 0 || x > n {
        return 0.0;
    }
    dbinom_raw(x as f64, n as f64, p, 1.0 - p)
}

/// `P(X <= k)` for `X ~ Bin(n, p)`.
fn binom_cdf(k: i128, n: i128, p: f64) -> f64 {
    binom_tails(k, n, p).0
}

/// `P(X > k)` for `X ~ Bin(n, p)`.
fn binom_sf(k: i128, n: i128, p: f64) -> f64 {
    binom_tails(k, n, p).1
}

/// `(P(X <= k), P(X > k))`, each computed directly so the small one keeps
/// its relative accuracy: `P(X > k) = I_p(k + 1, n − k)`.
fn binom_tails(k: i128, n: i128, p: f64) -> (f64, f64) {
    if k < 0 {
        return (0.0, 1.0);
    }
    if k >= n || p <= 0.0 {
        return (1.0, 0.0);
    }
    if p >= 1.0 {
        return (0.0, 1.0);
    }
    let (sf, cdf) = ibeta_pair((k + 1) as f64, (n - k) as f64, p, 1.0 - p);
    (cdf, sf)
}

// ---------------------------------------------------------------------------
// Holm
// ---------------------------------------------------------------------------

/// Holm step-down adjusted p-values, in the order of the input, as
/// `statsmodels.stats.multitest.multipletests(p, method="holm")[1]`:
/// the i-th smallest p is multiplied by `m − i + 1`, then a running maximum
/// keeps the adjusted values monotone, capped at 1.
///
/// Each adjusted value is ≥ its raw value. NaN inputs count as `1.0` (they
/// stay in the family, which keeps the correction conservative); values
/// outside `[0, 1]` are clamped into it. An empty input gives an empty
/// output.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean: Vec<f64> = p
        .iter()
        .map(|&v| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    // Tie order does not matter: the running maximum equalises tied values.
    order.sort_by(|&i, &j| clean[i].total_cmp(&clean[j]));
    let mut adjusted = vec![1.0; m];
    let mut running_max: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let scaled = ((m - rank) as f64 * clean[i]).min(1.0);
        running_max = running_max.max(scaled);
        adjusted[i] = running_max;
    }
    adjusted
}

// ---------------------------------------------------------------------------
// Mann–Kendall
// ---------------------------------------------------------------------------

/// Direction reported by the Mann–Kendall test at alpha 0.05.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    /// `z > 1.96` (two-sided p < 0.05, upward).
    Increasing,
    /// `z < −1.96` (two-sided p < 0.05, downward).
    Decreasing,
    /// `|z| <= 1.96`.
    NoTrend,
}

/// Result of the original Mann–Kendall trend test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannKendall {
    /// Kendall score: concordant minus discordant pairs in time order.
    pub s: f64,
    /// Variance of `s` under no trend, corrected for tied values.
    pub var_s: f64,
    /// Continuity-corrected normal score, `(s ∓ 1) / sqrt(var_s)` (0 if s = 0).
    pub z: f64,
    /// Two-sided normal p-value of `z`.
    pub p: f64,
    /// Kendall's tau-a, `s / (n (n − 1) / 2)`.
    pub tau: f64,
    /// `Increasing`/`Decreasing` when `|z| > z_{0.975}`, else `NoTrend`.
    pub trend: Trend,
}

/// Original Mann–Kendall test over values in time order, as
/// `pymannkendall.original_test(x, alpha=0.05)`: tie-corrected variance,
/// continuity-corrected `z`, two-sided normal p.
///
/// NaN values are skipped (pymannkendall does the same). Returns `None` for
/// fewer than 3 remaining values. When every value is tied, `s = var_s = 0`,
/// `z = 0`, `p = 1`, `NoTrend`.
///
/// `p` is computed as `erfc(|z|/√2)`; pymannkendall's `2·(1 − Φ(|z|))`
/// is the same number up to its cancellation error (< 1e-15 absolute).
pub fn mann_kendall(x: &[f64]) -> Option<MannKendall> {
    let values: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = values.len();
    if n < 3 {
        return None;
    }
    let mut s: i64 = 0;
    for (i, &earlier) in values.iter().enumerate() {
        for &later in &values[i + 1..] {
            if later > earlier {
                s += 1;
            } else if later < earlier {
                s -= 1;
            }
        }
    }
    // Tie groups: after sorting, equal values are adjacent (total_cmp keeps
    // -0.0 next to 0.0, which `==` then merges, as numpy.unique does).
    let mut sorted = values;
    sorted.sort_by(f64::total_cmp);
    let variance_term = |t: f64| t * (t - 1.0) * (2.0 * t + 5.0);
    let mut ties_term = 0.0;
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && sorted[end] == sorted[start] {
            end += 1;
        }
        ties_term += variance_term((end - start) as f64);
        start = end;
    }
    let nf = n as f64;
    let var_s = ((variance_term(nf) - ties_term) / 18.0).max(0.0);
    let s = s as f64;
    let z = if var_s <= 0.0 || s == 0.0 {
        0.0
    } else if s > 0.0 {
        (s - 1.0) / var_s.sqrt()
    } else {
        (s + 1.0) / var_s.sqrt()
    };
    let p = clamp_probability(erfc(z.abs() / std::f64::consts::SQRT_2));
    let trend = if z.abs() > Z_975 {
        if z > 0.0 {
            Trend::Increasing
        } else {
            Trend::Decreasing
        }
    } else {
        Trend::NoTrend
    };
    Some(MannKendall {
        s,
        var_s,
        z,
        p,
        tau: s / (0.5 * nf * (nf - 1.0)),
        trend,
    })
}

// ---------------------------------------------------------------------------
// Stratified 2×2 tables: Mantel–Haenszel risk ratio and the CMH test
// ---------------------------------------------------------------------------

/// One stratum (time block) of a stratified comparison: `a` events among
/// `n1` exposed units and `b` events among `n0` unexposed units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stratum {
    pub a: u64,
    pub n1: u64,
    pub b: u64,
    pub n0: u64,
}

impl Stratum {
    /// A stratum holding at least one exposed and one unexposed unit.
    pub fn informative(&self) -> bool {
        self.n1 > 0 && self.n0 > 0
    }
}

/// Mantel–Haenszel risk ratio over strata with the Greenland–Robins 95 % CI,
/// and the Cochran–Mantel–Haenszel test without continuity correction.
/// `None` marks a value that is infinite or undefined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MantelHaenszel {
    /// `Σ(a·n0/N) / Σ(b·n1/N)`.
    pub ratio: Option<f64>,
    /// Greenland–Robins 95 % bounds.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// CMH χ² (1 df), `None` when no stratum varies.
    pub chi2: Option<f64>,
    /// Two-sided p of the CMH test (`1.0` when it cannot be computed).
    pub p: f64,
    /// `Σ(a − E[a])`: its sign is the direction of the test.
    pub excess: f64,
}

/// Mantel–Haenszel risk ratio and CMH test over `strata`
/// (`statsmodels.stats.contingency_tables.StratifiedTable`'s
/// `riskratio_pooled` and `test_null_odds(correction=False)`; the
/// Greenland–Robins CI as in Greenland & Robins, Biometrics 1985):
///
/// with `N = n1 + n0`, `m1 = a + b`, `m0 = N − m1` in each stratum,
/// `RR = Σ(a·n0/N) / Σ(b·n1/N)`;
/// `Var(ln RR) = Σ[(n1·n0·m1 − a·b·N)/N²] / [Σ(a·n0/N) · Σ(b·n1/N)]`;
/// `E[a] = n1·m1/N`, `Var[a] = n1·n0·m1·m0 / (N²(N − 1))`;
/// `χ² = (Σ(a − E[a]))² / ΣVar[a]`, two-sided `p = P(χ²₁ ≥ χ²)`.
///
/// Only informative strata count (a stratum without exposed or without
/// unexposed units, or with `N = 1`, adds nothing). Zero sums follow
/// [`risk_ratio`]: `Σ(b·n1/N) = 0` gives `None` for the ratio and both
/// bounds; `Σ(a·n0/N) = 0 < Σ(b·n1/N)` gives ratio and lower bound `0.0`,
/// upper bound `None`.
pub fn mantel_haenszel(strata: &[Stratum]) -> MantelHaenszel {
    let (mut num, mut den, mut var_num) = (0.0, 0.0, 0.0);
    let (mut excess, mut var_a) = (0.0, 0.0);
    for s in strata
        .iter()
        .filter(|s| s.informative() && s.a <= s.n1 && s.b <= s.n0)
    {
        let (a, b, n1, n0) = (s.a as f64, s.b as f64, s.n1 as f64, s.n0 as f64);
        let n = n1 + n0;
        let m1 = a + b;
        let m0 = n - m1;
        num += a * n0 / n;
        den += b * n1 / n;
        var_num += (n1 * n0 * m1 - a * b * n) / (n * n);
        excess += a - n1 * m1 / n;
        if n > 1.0 {
            var_a += n1 * n0 * m1 * m0 / (n * n * (n - 1.0));
        }
    }
    let (ratio, ci_low, ci_high) = if den <= 0.0 {
        (None, None, None)
    } else if num <= 0.0 {
        (Some(0.0), Some(0.0), None)
    } else {
        let rr = num / den;
        let var_log = (var_num / (num * den)).max(0.0);
        let delta = Z_975 * var_log.sqrt();
        (
            finite(rr),
            finite(rr * (-delta).exp()),
            finite(rr * delta.exp()),
        )
    };
    let chi2 = (var_a > 0.0).then(|| excess * excess / var_a);
    let p = chi2.map_or(1.0, |x| clamp_probability(erfc((x / 2.0).sqrt())));
    MantelHaenszel {
        ratio,
        ci_low,
        ci_high,
        chi2,
        p,
        excess,
    }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// `Some(v)` for a finite value, `None` for ±∞ or NaN.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Clamp into `[0, 1]`, mapping NaN (never expected) to the safe `1.0`.
fn clamp_probability(v: f64) -> f64 {
    if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) }
}

// ---------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------

/// ln(2π).
const LN_2PI: f64 = 1.837_877_066_409_345_5;
/// ln(sqrt(2π)).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln Γ(x)` for `x > 0` by the Lanczos approximation (g = 7, 9 terms,
/// ~1e-15 relative); reflection below 0.5. Only `stirlerr` needs it, for
/// arguments that are not half-integers.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    #[allow(clippy::excessive_precision)] // published coefficients, kept verbatim
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_93,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_13,
        -176.615_029_162_140_59,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_571_6e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x)Γ(1−x) = π / sin(πx)
        let s = (std::f64::consts::PI * x).sin().abs();
        return (std::f64::consts::PI / s).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut acc = COEF[0];
    for (i, &c) in COEF.iter().enumerate().skip(1) {
        acc += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    LN_SQRT_2PI + (x + 0.5) * t.ln() - t + acc.ln()
}

/// Stirling-formula error `ln Γ(n+1) − [(n + ½) ln n − n + ln √(2π)]`
/// (Loader 2000). Exact table for half-integers up to 15, asymptotic series
/// above.
fn stirlerr(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    // stirlerr(k/2) for k = 0..=30, computed with mpmath at 40 digits.
    const HALVES: [f64; 31] = [
        0.0,
        0.153_426_409_720_027_36,
        0.081_061_466_795_327_26,
        0.054_814_121_051_917_65,
        0.041_340_695_955_409_3,
        0.033_162_873_519_936_29,
        0.027_677_925_684_998_34,
        0.023_746_163_656_297_496,
        0.020_790_672_103_765_093,
        0.018_488_450_532_673_187,
        0.016_644_691_189_821_193,
        0.015_134_973_221_917_378,
        0.013_876_128_823_070_748,
        0.012_810_465_242_920_227,
        0.011_896_709_945_891_77,
        0.011_104_559_758_206_917,
        0.010_411_265_261_972_096,
        0.009_799_416_126_158_804,
        0.009_255_462_182_712_733,
        0.008_768_700_134_139_386,
        0.008_330_563_433_362_87,
        0.007_934_114_564_314_02,
        0.007_573_675_487_951_841,
        0.007_244_554_301_320_383,
        0.006_942_840_107_209_53,
        0.006_665_247_032_707_682,
        0.006_408_994_188_004_207,
        0.006_171_712_263_039_458,
        0.005_951_370_112_758_847_5,
        0.005_746_216_513_010_115_5,
        0.005_554_733_551_962_801,
    ];
    if n <= 0.0 {
        return 0.0;
    }
    if n <= 15.0 {
        let twice = n + n;
        if twice == twice.floor() {
            // `twice` is an integer in 1..=30 here, so the index is in range.
            return HALVES.get(twice as usize).copied().unwrap_or(0.0);
        }
        return ln_gamma(n + 1.0) - (n + 0.5) * n.ln() + n - LN_SQRT_2PI;
    }
    let nn = n * n;
    if n > 500.0 {
        (S0 - S1 / nn) / n
    } else if n > 80.0 {
        (S0 - (S1 - S2 / nn) / nn) / n
    } else if n > 35.0 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// Deviance term `x ln(x / np) + np − x`, computed without cancellation
/// when `x ≈ np` (Loader 2000).
fn bd0(x: f64, np: f64) -> f64 {
    if np <= 0.0 || !np.is_finite() || !x.is_finite() {
        return 0.0;
    }
    if (x - np).abs() < 0.1 * (x + np) {
        let mut v = (x - np) / (x + np);
        let mut s = (x - np) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let s1 = s + ej / f64::from(2 * j + 1);
            if s1 == s {
                return s1;
            }
            s = s1;
        }
    }
    x * (x / np).ln() + np - x
}

/// Binomial probability `C(n, x) p^x q^(n−x)` with `q = 1 − p` passed in
/// separately (Loader's saddle-point form, as R's `dbinom_raw`). Also valid
/// for non-integer `x`, `n` (used by the incomplete-beta prefactor).
fn dbinom_raw(x: f64, n: f64, p: f64, q: f64) -> f64 {
    if p <= 0.0 {
        return if x == 0.0 { 1.0 } else { 0.0 };
    }
    if q <= 0.0 {
        return if x == n { 1.0 } else { 0.0 };
    }
    if x == 0.0 {
        if n == 0.0 {
            return 1.0;
        }
        let lc = if p < 0.1 {
            -bd0(n, n * q) - n * p
        } else {
            n * q.ln()
        };
        return lc.exp();
    }
    if x == n {
        let lc = if q < 0.1 {
            -bd0(n, n * p) - n * q
        } else {
            n * p.ln()
        };
        return lc.exp();
    }
    if x < 0.0 || x > n {
        return 0.0;
    }
    let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    let lf = LN_2PI + x.ln() + (-x / n).ln_1p();
    (lc - 0.5 * lf).exp()
}

/// Hypergeometric probability of `x` successes when drawing `n` from an urn
/// with `r` successes and `b` failures (R's `dhyper`): a ratio of three
/// saddle-point binomial terms, accurate where log-gamma differences are not.
fn dhyper(x: f64, r: f64, b: f64, n: f64) -> f64 {
    if x < 0.0 || x > r || n - x < 0.0 || n - x > b {
        return 0.0;
    }
    if n == 0.0 {
        return if x == 0.0 { 1.0 } else { 0.0 };
    }
    let total = r + b;
    let p = n / total;
    let q = (total - n) / total;
    let p1 = dbinom_raw(x, r, p, q);
    let p2 = dbinom_raw(n - x, b, p, q);
    let p3 = dbinom_raw(n, total, p, q);
    if p3 > 0.0 { p1 * p2 / p3 } else { 0.0 }
}

/// Regularised incomplete beta `(I_x(a, b), 1 − I_x(a, b))` for `a, b > 0`,
/// with `y = 1 − x` passed in so that neither tail loses precision. The
/// continued fraction is evaluated on whichever side converges fast
/// (Numerical Recipes `betai`), and the prefactor
/// `x^a y^b / (a B(a, b))` is `dbinom_raw(a, a + b, x, y) · b / (a + b)`.
fn ibeta_pair(a: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if y <= 0.0 {
        return (1.0, 0.0);
    }
    let front = dbinom_raw(a, a + b, x, y);
    if x < (a + 1.0) / (a + b + 2.0) {
        let lower = (front * b / (a + b) * beta_continued_fraction(a, b, x)).clamp(0.0, 1.0);
        (lower, 1.0 - lower)
    } else {
        let upper = (front * a / (a + b) * beta_continued_fraction(b, a, y)).clamp(0.0, 1.0);
        (1.0 - upper, upper)
    }
}

/// Continued fraction for the incomplete beta (modified Lentz).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const MAX_ITER: u32 = 100_000;
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// Solve `I_x(a, b) = alpha` for `x`, returning `(x, 1 − x)`. Bisection on
/// whichever of `x`, `1 − x` is below ½ (so both are resolved to ~1e-15
/// relative), using that `I_x` is increasing in `x`.
fn beta_inverse(a: f64, b: f64, alpha: f64) -> (f64, f64) {
    if alpha <= 0.0 {
        return (0.0, 1.0);
    }
    if alpha >= 1.0 {
        return (1.0, 0.0);
    }
    if ibeta_pair(a, b, 0.5, 0.5).0 >= alpha {
        let x = bisect_increasing(|t| ibeta_pair(a, b, t, 1.0 - t).0 - alpha);
        (x, 1.0 - x)
    } else {
        // With y = 1 − x: I_x(a, b) = 1 − I_y(b, a), the pair's upper part.
        let y = bisect_increasing(|t| alpha - ibeta_pair(b, a, t, 1.0 - t).1);
        (1.0 - y, y)
    }
}

/// Root of an increasing `h` on `[0, ½]` (with `h(0) <= 0 <= h(½)`), by
/// bisection to ~1e-15 relative.
fn bisect_increasing(h: impl Fn(f64) -> f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 0.5_f64);
    // 1100 halvings reach the smallest subnormal; typical roots need ~60.
    for _ in 0..1100 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-15 * hi {
            break;
        }
        if h(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Complementary error function, W. J. Cody's rational Chebyshev
/// approximation (Math. Comp. 23, 1969; Netlib `calerf`), ~1e-15 relative.
fn erfc(x: f64) -> f64 {
    // Cody's published coefficients, kept verbatim.
    #[allow(clippy::excessive_precision)]
    const A: [f64; 5] = [
        3.161_123_743_870_565_60e0,
        1.138_641_541_510_501_56e2,
        3.774_852_376_853_020_21e2,
        3.209_377_589_138_469_47e3,
        1.857_777_061_846_031_53e-1,
    ];
    #[allow(clippy::excessive_precision)]
    const B: [f64; 4] = [
        2.360_129_095_234_412_09e1,
        2.440_246_379_344_441_73e2,
        1.282_616_526_077_372_28e3,
        2.844_236_833_439_170_62e3,
    ];
    #[allow(clippy::excessive_precision)]
    const C: [f64; 9] = [
        5.641_884_969_886_700_89e-1,
        8.883_149_794_388_375_94e0,
        6.611_919_063_714_162_95e1,
        2.986_351_381_974_001_31e2,
        8.819_522_212_417_690_90e2,
        1.712_047_612_634_070_58e3,
        2.051_078_377_826_071_47e3,
        1.230_339_354_797_997_25e3,
        2.153_115_354_744_038_46e-8,
    ];
    #[allow(clippy::excessive_precision)]
    const D: [f64; 8] = [
        1.574_492_611_070_983_47e1,
        1.176_939_508_913_124_99e2,
        5.371_811_018_620_098_58e2,
        1.621_389_574_566_690_19e3,
        3.290_799_235_733_459_63e3,
        4.362_619_090_143_247_16e3,
        3.439_367_674_143_721_64e3,
        1.230_339_354_803_749_42e3,
    ];
    #[allow(clippy::excessive_precision)]
    const P: [f64; 6] = [
        3.053_266_349_612_323_44e-1,
        3.603_448_999_498_044_39e-1,
        1.257_817_261_112_292_46e-1,
        1.608_378_514_874_227_66e-2,
        6.587_491_615_298_378_03e-4,
        1.631_538_713_730_209_78e-2,
    ];
    #[allow(clippy::excessive_precision)]
    const Q: [f64; 5] = [
        2.568_520_192_289_822_42e0,
        1.872_952_849_923_460_47e0,
        5.279_051_029_514_284_12e-1,
        6.051_834_131_244_131_91e-2,
        2.335_204_976_268_691_85e-3,
    ];
    #[allow(clippy::excessive_precision)]
    const ONE_OVER_SQRT_PI: f64 = 5.641_895_835_477_562_869_5e-1;
    const X_BIG: f64 = 26.543;

    if x.is_nan() {
        return 1.0;
    }
    let y = x.abs();
    if y <= 0.46875 {
        let z = if y > 1.11e-16 { y * y } else { 0.0 };
        let mut num = A[4] * z;
        let mut den = z;
        for i in 0..3 {
            num = (num + A[i]) * z;
            den = (den + B[i]) * z;
        }
        return 1.0 - x * (num + A[3]) / (den + B[3]);
    }
    // erfc(y) = exp(−y²) · R(y); R from the C/D or P/Q rational.
    let scaled = if y <= 4.0 {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        (num + C[7]) / (den + D[7])
    } else if y >= X_BIG {
        0.0
    } else {
        let z = 1.0 / (y * y);
        let mut num = P[5] * z;
        let mut den = z;
        for i in 0..4 {
            num = (num + P[i]) * z;
            den = (den + Q[i]) * z;
        }
        (ONE_OVER_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / y
    };
    // Split y² = ysq² + del so exp(−y²) keeps full precision (as calerf).
    let ysq = (y * 16.0).trunc() / 16.0;
    let del = (y - ysq) * (y + ysq);
    let upper = (-ysq * ysq).exp() * (-del).exp() * scaled;
    if x < 0.0 { 2.0 - upper } else { upper }
}

// ---------------------------------------------------------------------------
// Exact sign-flip randomisation test (n-of-1 trials, docs/design.md section 11)
// ---------------------------------------------------------------------------

/// How close two statistics must be to count as a tie (section 11: "ties within 1e-12").
pub const SIGN_FLIP_TIE: f64 = 1e-12;

/// The most differences [`sign_flip_test`] enumerates (2^20 ≈ one million flips).
pub const SIGN_FLIP_MAX: usize = 20;

/// The exact randomisation test of a mean of paired differences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignFlip {
    /// `T`, the mean of the differences.
    pub t: f64,
    /// Share of the 2^n sign flips with `T* ≤ T` (within the tie tolerance).
    pub p_less: f64,
    /// Share of the 2^n sign flips with `|T*| ≥ |T|` (within the tie tolerance).
    pub p_two_sided: f64,
}

/// Exact sign-flip randomisation test of `T = mean(d)`: in a trial whose pairs each had
/// their order drawn at random, swapping a pair's order flips the sign of its difference,
/// so under "no effect" all 2^n sign patterns are equally likely. The p-values are exact
/// shares of those 2^n flips (the observed pattern included). `None` for no differences,
/// more than [`SIGN_FLIP_MAX`], or a value that is not finite.
pub fn sign_flip_test(d: &[f64]) -> Option<SignFlip> {
    let n = d.len();
    if n == 0 || n > SIGN_FLIP_MAX || d.iter().any(|x| !x.is_finite()) {
        return None;
    }
    // Every T* is summed in the same order, so the unflipped pattern reproduces T exactly.
    let mean = |mask: u32| {
        let sum: f64 = d
            .iter()
            .enumerate()
            .map(|(i, x)| if mask >> i & 1 == 1 { -x } else { *x })
            .sum();
        sum / n as f64
    };
    let t = mean(0);
    let flips = 1u32 << n;
    let (mut less, mut extreme) = (0u32, 0u32);
    for mask in 0..flips {
        let flipped = mean(mask);
        if flipped <= t + SIGN_FLIP_TIE {
            less += 1;
        }
        if flipped.abs() >= t.abs() - SIGN_FLIP_TIE {
            extreme += 1;
        }
    }
    Some(SignFlip {
        t,
        p_less: f64::from(less) / f64::from(flips),
        p_two_sided: f64::from(extreme) / f64::from(flips),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---- reference values ------------------------------------------------
    // Printed by tests/reference/stats_reference.py (see its header for how
    // to regenerate); pasted verbatim.
    // Generated by tests/reference/stats_reference.py: python 3.11.7, numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0, pymannkendall 1.4.3

    // (a, b, c, d, two_sided, greater, less): scipy.stats.fisher_exact
    type FisherCase = (u64, u64, u64, u64, f64, f64, f64);
    #[rustfmt::skip]
    const FISHER: &[FisherCase] = &[
        (9, 3, 4, 14, 0.00801809621505037, 0.006086430468976037, 0.9995348190566371),
        (12, 16, 5, 23, 0.07965357003949254, 0.03982678501974628, 0.9906826570778227),
        (0, 10, 0, 10, 1.0, 1.0, 1.0),
        (10, 0, 0, 10, 1.082508822446903e-05, 5.412544112234515e-06, 1.0),
        (0, 5, 5, 0, 0.007936507936507938, 1.0, 0.003968253968253969),
        (1, 0, 0, 1, 1.0, 0.5, 1.0),
        (3, 1, 1, 3, 0.48571428571428565, 0.24285714285714283, 0.9857142857142858),
        (2, 7, 8, 2, 0.02301413756522116, 0.9990149169715733, 0.01852172595206651),
        (0, 0, 5, 5, 1.0, 1.0, 1.0),
        (5, 0, 5, 0, 1.0, 1.0, 1.0),
        (7, 21, 0, 28, 0.010210876803551608, 0.005105438401775805, 1.0),
        (28, 0, 14, 14, 1.3822033558200034e-05, 6.911016779100019e-06, 1.0),
        (1, 9, 1, 9, 1.0, 0.763157894736842, 0.763157894736842),
        (40, 210, 25, 225, 0.06201137279584268, 0.03100568639792134, 0.9836233549108107),
        (120, 130, 130, 120, 0.42085704330534807, 0.8374083796580606, 0.21042852165267403),
        (250, 0, 0, 250, 1.713145506481969e-149, 8.565727532409845e-150, 1.0),
        (100, 150, 90, 160, 0.40701169258373676, 0.20350584629186838, 0.8445878569069534),
        (6, 8, 7, 9, 1.0, 0.6613587942870669, 0.6255012844454965),
        (0, 1, 0, 0, 1.0, 1.0, 1.0),
        (14, 0, 0, 0, 1.0, 1.0, 1.0),
        (3, 25, 11, 17, 0.028575767035315804, 0.9978314381183314, 0.014287883517657904),
        (2, 26, 2, 26, 1.0, 0.6945111492281303, 0.6945111492281304),
        (2, 8, 8, 2, 0.023014137565221155, 0.9994533330446643, 0.011507068782610578),
        (4, 16, 16, 4, 0.0003599673667865379, 0.9999903073293798, 0.00017998368339326896),
        (11, 39, 39, 11, 2.988159546471138e-08, 0.9999999988889496, 1.4940797732355694e-08),
        (9, 21, 21, 9, 0.004117367939157807, 0.999672134661105, 0.002058683969578904),
        (0, 2, 4, 2, 0.4285714285714286, 1.0, 0.2142857142857143),
        (0, 3, 6, 3, 0.18181818181818182, 1.0, 0.09090909090909093),
        (0, 1, 8, 7, 1.0, 1.0, 0.5),
    ];

    // (a, b, c, d, ratio, ci_low, ci_high): scipy relative_risk(a, a+b, c, c+d), Katz 95% CI
    type Opt = Option<f64>;
    type RiskCase = (u64, u64, u64, u64, Opt, Opt, Opt);
    #[rustfmt::skip]
    const RISK: &[RiskCase] = &[
        (9, 3, 4, 14, Some(3.375), Some(1.3397183983924288), Some(8.502253170269197)),
        (12, 16, 5, 23, Some(2.4), Some(0.9735912492773652), Some(5.916240521137881)),
        (0, 10, 0, 10, None, None, None),
        (0, 10, 5, 5, Some(0.0), Some(0.0), None),
        (10, 0, 5, 5, Some(2.0), Some(1.0761094202541792), Some(3.717094121390734)),
        (7, 21, 0, 28, None, None, None),
        (28, 0, 14, 14, Some(2.0), Some(1.3809184251732138), Some(2.8966229482369785)),
        (40, 210, 25, 225, Some(1.5999999999999999), Some(1.0020707825903852), Some(2.5547097515230583)),
        (1, 499, 1, 499, Some(1.0), Some(0.06272253702392919), Some(15.943232647277828)),
        (5, 5, 5, 5, Some(1.0), Some(0.4162278132637267), Some(2.402530460804138)),
        (300, 200, 150, 350, Some(2.0), Some(1.7182889911682517), Some(2.327897123568504)),
        (27, 95, 44, 443, Some(2.4495156482861398), Some(1.5836990926700116), Some(3.7886786315466354)),
        (10, 0, 10, 0, Some(1.0), Some(1.0), Some(1.0)),
    ];

    // (x1, t1, x0, t0, ratio, ci_low, ci_high, p_two_sided): exact conditional binomial
    type RateCase = (u64, f64, u64, f64, Opt, Opt, Opt, f64);
    #[rustfmt::skip]
    const RATE: &[RateCase] = &[
        (20, 14.0, 10, 28.0, Some(4.0), Some(1.7870177807693817), Some(9.569104880676209), 0.00027720082218384847),
        (0, 14.0, 10, 28.0, Some(0.0), Some(0.0), Some(0.8922510991838493), 0.037003166861420175),
        (10, 14.0, 0, 28.0, None, Some(4.4830429501951174), None, 1.693508780843028e-05),
        (5, 30.0, 5, 30.0, Some(1.0), Some(0.23014246893810794), Some(4.345134579523996), 1.0),
        (3, 7.0, 1, 21.0, Some(9.0), Some(0.7226406834877854), Some(472.476264824429), 0.05078125),
        (250, 100.0, 250, 400.0, Some(4.0), Some(3.3432972852171408), Some(4.78569467057155), 1.664247239299929e-50),
        (1, 1.0, 499, 1.0, Some(0.002004008016032064), Some(5.0636897973020284e-05), Some(0.011216900104253257), 3.061046236226604e-148),
        (499, 1.0, 1, 1.0, Some(499.0), Some(89.15119067707639), Some(19748.44510682324), 3.061046236226604e-148),
        (14, 13.5, 22, 27.25, Some(1.2845117845117844), Some(0.6077924428024266), Some(2.625618207127981), 0.4809835783896087),
        (7, 14.0, 30, 28.0, Some(0.4666666666666667), Some(0.17301813993528065), Some(1.0842892059196825), 0.07976836002556974),
        (1, 14.0, 0, 28.0, None, Some(0.05128205128205129), None, 0.3333333333333333),
        (12, 14.0, 9, 28.0, Some(2.6666666666666665), Some(1.0312505683683213), Some(7.166034875804377), 0.03402547773414802),
    ];

    // (k, n, confidence, low, high): binomtest(k, n).proportion_ci(confidence, method='exact')
    type CpCase = (u64, u64, f64, f64, f64);
    #[rustfmt::skip]
    const CP: &[CpCase] = &[
        (0, 1, 0.95, 0.0, 0.975),
        (1, 1, 0.95, 0.025000000000000022, 1.0),
        (0, 10, 0.95, 0.0, 0.30849710781876294),
        (10, 10, 0.95, 0.6915028921812371, 1.0),
        (14, 16, 0.95, 0.6165237631507436, 0.9844863961845862),
        (5, 30, 0.95, 0.05642169646830169, 0.3472116988341439),
        (1, 500, 0.95, 5.0634334007487e-05, 0.011092476899002649),
        (250, 500, 0.95, 0.4552855693242274, 0.5447144306757725),
        (499, 500, 0.95, 0.9889075231009973, 0.9999493656659925),
        (0, 500, 0.95, 0.0, 0.007350610051907785),
        (3, 7, 0.95, 0.09898827844243689, 0.81594843235993),
        (20, 30, 0.95, 0.4718799552101195, 0.8271257784739607),
        (7, 28, 0.9, 0.12366870948415183, 0.41872774041152333),
        (7, 28, 0.99, 0.07856530483229489, 0.5075615171445298),
        (12, 40, 0.5, 0.24295574168899653, 0.3645051388162328),
    ];

    // (k, n, p, p_value): scipy.stats.binomtest(k, n, p).pvalue
    type BinomCase = (u64, u64, f64, f64);
    #[rustfmt::skip]
    const BINOM: &[BinomCase] = &[
        (14, 16, 0.5, 0.004180908203125),
        (0, 10, 0.5, 0.001953125),
        (10, 10, 0.5, 0.001953125),
        (8, 8, 0.5, 0.0078125),
        (3, 20, 0.1, 0.4446498494011033),
        (20, 30, 0.6666666666666666, 1.0),
        (1, 500, 0.002, 1.0),
        (250, 500, 0.5, 1.0),
        (260, 500, 0.5, 0.39551077143485847),
        (5, 10, 0.3, 0.17851585749999993),
        (0, 5, 0.0, 1.0),
        (1, 5, 0.0, 0.0),
        (5, 5, 1.0, 1.0),
        (4, 5, 1.0, 0.0),
        (20, 30, 0.3333333333333333, 0.00027720082218384847),
        (0, 1, 0.999, 0.0010000000000000009),
        (999, 1000, 0.999, 1.0),
        (1, 100, 0.0001, 0.009950661308629186),
        (6, 8, 0.5, 0.2890625),
        (2, 9, 0.5, 0.1796875),
        (400, 500, 0.75, 0.009733584255275474),
        (10, 12, 0.25, 3.7610530853271484e-05),
    ];

    // (raw, adjusted): statsmodels multipletests(p, method='holm')[1]
    type HolmCase = (&'static [f64], &'static [f64]);
    #[rustfmt::skip]
    const HOLM: &[HolmCase] = &[
        (&[0.01, 0.04, 0.03, 0.2], &[0.04, 0.09, 0.09, 0.2]),
        (&[0.5], &[0.5]),
        (&[0.01, 0.01, 0.02], &[0.03, 0.03, 0.03]),
        (&[0.001, 0.9, 0.04, 0.04, 0.2, 0.03], &[0.006, 0.9, 0.16, 0.16, 0.4, 0.15]),
        (&[0.3, 0.2, 0.1], &[0.4, 0.4, 0.30000000000000004]),
        (&[1.0, 0.0, 0.5], &[1.0, 0.0, 1.0]),
        (&[0.012, 0.0125, 0.3, 0.9, 0.05, 0.0001, 0.04, 0.02], &[0.084, 0.084, 0.6, 0.9, 0.16, 0.0008, 0.16, 0.1]),
        (&[0.05, 0.05, 0.05, 0.05], &[0.2, 0.2, 0.2, 0.2]),
        (&[0.6, 0.7], &[1.0, 1.0]),
        (&[0.0004, 0.0003, 0.0002, 0.0001, 0.02, 0.03], &[0.0012000000000000001, 0.0012, 0.001, 0.0006000000000000001, 0.04, 0.04]),
    ];

    // (strata (a, n1, b, n0), MH risk ratio, Greenland-Robins low, high, CMH chi2, p, sum(a - E[a]))
    type MhCase = (
        &'static [(u64, u64, u64, u64)],
        Opt,
        Opt,
        Opt,
        Opt,
        f64,
        f64,
    );
    #[rustfmt::skip]
    const MH: &[MhCase] = &[
        (&[(3, 7, 2, 8), (5, 7, 1, 8)], Some(3.047619047619048), Some(0.9792115633999755), Some(9.485163581158202), Some(4.444711538461539), 0.03500950416630932, 2.8666666666666667),
        (&[(4, 10, 6, 12), (2, 9, 5, 11), (7, 14, 9, 14)], Some(0.7155875299760192), Some(0.4292274745418598), Some(1.1929933273813338), Some(1.6588079382935719), 0.19776435051266278, -2.6954545454545458),
        (&[(1, 3, 3, 4)], Some(0.44444444444444436), Some(0.08140579496181004), Some(2.4264963482046773), Some(1.0416666666666665), 0.30743416592739237, -0.7142857142857142),
        (&[(4, 21, 3, 4)], Some(0.25396825396825395), Some(0.0890826381626504), Some(0.7240453959829666), Some(5.00907029478458), 0.025214845131364415, -1.88),
        (&[(0, 7, 5, 9), (1, 8, 6, 8)], Some(0.0963855421686747), Some(0.013517289755709604), Some(0.6872807276492144), Some(11.254501800720288), 0.0007943013828891593, -4.6875),
        (&[(3, 5, 0, 6), (4, 6, 0, 5)], None, None, None, Some(9.256410256410259), 0.002346725543881286, 3.454545454545455),
        (&[(0, 5, 0, 6), (0, 4, 0, 7)], None, None, None, None, 1.0, 0.0),
        (&[(5, 5, 6, 6), (3, 3, 2, 2)], Some(1.0), Some(1.0), Some(1.0), None, 1.0, 0.0),
        (&[(2, 14, 9, 14), (3, 14, 8, 14), (1, 12, 7, 16), (4, 13, 10, 15)], Some(0.32300884955752207), Some(0.17812261953357728), Some(0.5857465894319287), Some(17.773487809679146), 2.488264942840785e-05, -10.928571428571429),
        (&[(10, 12, 3, 14), (9, 13, 4, 15), (11, 14, 2, 13)], Some(3.6230619233330166), Some(1.9657752358953418), Some(6.677557769887583), Some(24.113578966162756), 9.081763103008323e-07, 11.223544973544975),
        (&[(6, 28, 0, 0), (3, 4, 9, 24)], Some(2.0), Some(0.9296566236263868), Some(4.302663906590453), Some(1.8984375000000004), 0.16825331680620575, 1.2857142857142858),
        (&[(1, 1, 0, 1), (2, 2, 1, 2)], Some(3.0), Some(0.6055055176673004), Some(14.863613521925192), Some(2.0), 0.15729920705028105, 1.0),
        (&[(12, 20, 12, 20)], Some(1.0), Some(0.6028658820911938), Some(1.6587437267659688), Some(0.0), 1.0, 0.0),
        (&[(40, 100, 30, 110), (35, 90, 25, 95)], Some(1.4717761557177615), Some(1.1050823828671292), Some(1.9601480270813432), Some(7.115943111627988), 0.007640140031857533, 12.477477477477475),
    ];

    // (x, s, var_s, z, p, tau, trend): pymannkendall.original_test(x)
    type MkCase = (&'static [f64], f64, f64, f64, f64, f64, Trend);
    #[rustfmt::skip]
    const MK: &[MkCase] = &[
        (&[0.42857142857142855, 0.5714285714285714, 0.42857142857142855, 0.7142857142857143, 0.5714285714285714, 0.8571428571428571, 0.7142857142857143, 0.7142857142857143, 1.0, 0.8571428571428571, 1.0, 1.0], 47.0, 202.33333333333334, 3.2338815864717825, 0.001221200770472386, 0.7121212121212122, Trend::Increasing),
        (&[0.8571428571428571, 0.8571428571428571, 0.7142857142857143, 0.8571428571428571, 0.5714285714285714, 0.5714285714285714, 0.42857142857142855, 0.5714285714285714, 0.2857142857142857, 0.2857142857142857, 0.14285714285714285, 0.2857142857142857], -51.0, 201.66666666666666, -3.520893951097652, 0.00043009458842679926, -0.7727272727272727, Trend::Decreasing),
        (&[0.42857142857142855, 0.2857142857142857, 0.5714285714285714, 0.42857142857142855, 0.42857142857142855, 0.2857142857142857, 0.5714285714285714, 0.42857142857142855, 0.2857142857142857, 0.42857142857142855, 0.5714285714285714, 0.42857142857142855], 5.0, 177.0, 0.30065841120113157, 0.763674985235854, 0.07575757575757576, Trend::NoTrend),
        (&[0.5, 0.5, 0.5, 0.5, 0.5], 0.0, 0.0, 0.0, 1.0, 0.0, Trend::NoTrend),
        (&[1.0, 2.0, 3.0], 3.0, 3.6666666666666665, 1.044465935734187, 0.2962698714842864, 1.0, Trend::NoTrend),
        (&[1.0, 1.0, 2.0], 2.0, 2.6666666666666665, 0.6123724356957945, 0.54029137460742, 0.6666666666666666, Trend::NoTrend),
        (&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 45.0, 125.0, 3.9354796403996297, 8.303070332638107e-05, 1.0, Trend::Increasing),
        (&[12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0], -66.0, 212.66666666666666, -4.45721562860432, 8.303107353668793e-06, -1.0, Trend::Decreasing),
        (&[0.19, 1.008, 0.602, 0.859, 0.297, 0.152, 0.833, 0.575, 0.999, 0.715, 0.274, 0.595, 0.771, 0.884, 0.396, 0.909, 0.547, 0.98, 0.736, 0.306, 1.091, 0.811, 0.301, 1.103, 1.086, 0.542, 1.089, 0.49, 0.913, 0.282, 0.557, 0.538, 1.174, 0.406, 0.488, 0.742, 1.273, 0.837, 0.357, 0.808, 0.805, 0.394, 0.762, 0.868, 0.709, 0.668, 1.138, 1.005, 1.068, 1.26, 1.066, 0.884], 267.0, 16058.333333333334, 2.0990916561710082, 0.0358088218288366, 0.20135746606334842, Trend::Increasing),
        (&[1.0, f64::NAN, 2.0, 3.0, 2.5], 4.0, 8.666666666666666, 1.0190493307301363, 0.3081795474670539, 0.6666666666666666, Trend::NoTrend),
    ];

    // (x, ln_gamma): math.lgamma
    type XyCase = (f64, f64);
    #[rustfmt::skip]
    const LGAMMA: &[XyCase] = &[
        (0.1, 2.2527126517342055),
        (0.5, 0.5723649429247004),
        (1.0, 0.0),
        (1.5, -0.12078223763524543),
        (2.0, 0.0),
        (3.7, 1.4280723266653883),
        (10.0, 12.801827480081467),
        (15.25, 25.861949901848515),
        (100.5, 361.4355404677776),
        (1000.0, 5905.220423209181),
    ];

    // (x, erfc): math.erfc
    #[rustfmt::skip]
    const ERFC: &[XyCase] = &[
        (-3.0, 1.9999779095030015),
        (-0.5, 1.5204998778130465),
        (0.0, 1.0),
        (1e-10, 0.999999999887162),
        (0.3, 0.6713732405408726),
        (0.46875, 0.507386526782062),
        (0.5, 0.4795001221869535),
        (1.0, 0.15729920705028513),
        (1.959963984540054, 0.005574596680784415),
        (3.0, 2.2090496998585438e-05),
        (4.0, 1.541725790028002e-08),
        (4.5, 1.9661604415428873e-10),
        (8.0, 1.1224297172982928e-29),
        (12.0, 1.3562611692059042e-64),
        (27.0, 5.23705e-319),
    ];

    // (a, b, x, I_x(a,b), 1 - I_x(a,b)): scipy.special.betainc / betaincc
    type IbetaCase = (f64, f64, f64, f64, f64);
    #[rustfmt::skip]
    const IBETA: &[IbetaCase] = &[
        (1.0, 1.0, 0.3, 0.3, 0.7),
        (2.0, 5.0, 0.2, 0.3446400000000002, 0.6553599999999999),
        (5.0, 2.0, 0.9, 0.885735, 0.11426499999999995),
        (10.0, 10.0, 0.5, 0.5, 0.5),
        (3.0, 498.0, 0.01, 0.8766142256464187, 0.12338577435358183),
        (250.0, 251.0, 0.45, 0.013972464654157874, 0.9860275353458421),
        (1.0, 500.0, 0.0001, 0.048772953728424384, 0.9512270462715756),
        (30.0, 2.0, 0.999, 0.9995438962809783, 0.0004561037190216834),
    ];

    // (x, row1, row2, col1, pmf): scipy.stats.hypergeom.pmf(x, row1 + row2, row1, col1)
    type HyperCase = (u64, u64, u64, u64, f64);
    #[rustfmt::skip]
    const HYPER: &[HyperCase] = &[
        (9, 12, 18, 13, 0.005621249525613133),
        (0, 10, 10, 0, 0.9999999999999999),
        (5, 10, 10, 10, 0.3437182013033406),
        (1, 250, 250, 2, 0.501002004008016),
        (40, 250, 250, 65, 0.01462904130873199),
        (0, 28, 28, 7, 0.005105438401775804),
        (14, 28, 28, 42, 6.911016779100017e-06),
        (3, 5, 5, 3, 0.08333333333333333),
    ];

    // (k, n, p, pmf): scipy.stats.binom.pmf
    type BinomPmfCase = (i128, i128, f64, f64);
    #[rustfmt::skip]
    const BINOM_PMF: &[BinomPmfCase] = &[
        (14, 16, 0.5, 0.001831054687500002),
        (0, 10, 0.3, 0.0282475249),
        (10, 10, 0.3, 5.9048999999999975e-06),
        (1, 500, 0.002, 0.36824775035787466),
        (250, 500, 0.5, 0.035664645553349014),
        (3, 20, 0.1, 0.19011987137619904),
        (999, 1000, 0.999, 0.36806348825922336),
        (0, 5, 0.0, 1.0),
    ];

    // ---- helpers ---------------------------------------------------------

    /// Fails unless `|actual − expected| <= max(abs, rel·|expected|)`.
    fn assert_close(actual: f64, expected: f64, rel: f64, abs: f64, what: &str) {
        let tol = abs.max(rel * expected.abs());
        assert!(
            (actual - expected).abs() <= tol,
            "{what}: got {actual:e}, expected {expected:e} (diff {:e}, tol {tol:e})",
            (actual - expected).abs()
        );
    }

    /// `assert_close` for optional values; `None` must match `None`.
    fn assert_close_opt(actual: Option<f64>, expected: Option<f64>, rel: f64, what: &str) {
        match (actual, expected) {
            (Some(a), Some(e)) => assert_close(a, e, rel, 1e-300, what),
            (None, None) => {}
            _ => panic!("{what}: got {actual:?}, expected {expected:?}"),
        }
    }

    /// Deterministic linear congruential generator (Knuth's MMIX constants)
    /// for crate-free property tests.
    struct Lcg(u64);

    impl Lcg {
        fn next_u64(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        /// Uniform-ish integer in `0..=max`.
        fn upto(&mut self, max: u64) -> u64 {
            self.next_u64() % (max + 1)
        }
        /// Uniform in `[0, 1)`.
        fn unit(&mut self) -> f64 {
            self.next_u64() as f64 / (1u64 << 31) as f64
        }
    }

    // ---- Fisher ----------------------------------------------------------

    #[test]
    fn fisher_matches_scipy_two_sided_greater_and_less() {
        for &(a, b, c, d, two, greater, less) in FISHER {
            let what = format!("fisher({a},{b},{c},{d})");
            assert_close(fisher_exact_two_sided(a, b, c, d), two, 1e-9, 1e-300, &what);
            assert_close(
                fisher_exact_greater(a, b, c, d),
                greater,
                1e-9,
                1e-300,
                &what,
            );
            assert_close(fisher_exact_less(a, b, c, d), less, 1e-9, 1e-300, &what);
        }
    }

    #[test]
    fn fisher_diary_cases_have_the_expected_significance() {
        // 9 of 12 exposed nights with cramps vs 4 of 18: clearly associated.
        assert!(fisher_exact_two_sided(9, 3, 4, 14) < 0.01);
        // 12/28 vs 5/28: suggestive one-sided, not two-sided.
        assert!(fisher_exact_two_sided(12, 16, 5, 23) > 0.05);
        assert!(fisher_exact_greater(12, 16, 5, 23) < 0.05);
        // No cramp nights at all: the column is empty, p = 1 every way.
        assert_eq!(fisher_exact_two_sided(0, 10, 0, 10), 1.0);
        assert_eq!(fisher_exact_greater(0, 10, 0, 10), 1.0);
        assert_eq!(fisher_exact_less(0, 10, 0, 10), 1.0);
    }

    #[test]
    fn fisher_empty_margins_and_overflow_return_one() {
        assert_eq!(fisher_exact_two_sided(0, 0, 0, 0), 1.0);
        assert_eq!(fisher_exact_two_sided(0, 0, 3, 4), 1.0);
        assert_eq!(fisher_exact_greater(3, 0, 4, 0), 1.0);
        assert_eq!(fisher_exact_two_sided(u64::MAX, 1, 1, 1), 1.0);
        assert_eq!(fisher_exact_less(1, 1, u64::MAX, 1), 1.0);
    }

    #[test]
    fn fisher_properties_hold_on_random_tables() {
        let mut rng = Lcg(7);
        for _ in 0..400 {
            let (a, b, c, d) = (rng.upto(30), rng.upto(30), rng.upto(30), rng.upto(30));
            let two = fisher_exact_two_sided(a, b, c, d);
            let greater = fisher_exact_greater(a, b, c, d);
            let less = fisher_exact_less(a, b, c, d);
            for p in [two, greater, less] {
                assert!(
                    (0.0..=1.0).contains(&p),
                    "p out of range for {a},{b},{c},{d}"
                );
            }
            let what = format!("({a},{b},{c},{d})");
            // Transposing, swapping rows, or swapping columns keeps the
            // two-sided p.
            assert_close(fisher_exact_two_sided(a, c, b, d), two, 1e-12, 1e-15, &what);
            assert_close(fisher_exact_two_sided(c, d, a, b), two, 1e-12, 1e-15, &what);
            assert_close(fisher_exact_two_sided(b, a, d, c), two, 1e-12, 1e-15, &what);
            // Swapping columns turns "greater" into "less".
            assert_close(fisher_exact_less(b, a, d, c), greater, 1e-12, 1e-15, &what);
            // The two tails overlap in the observed table, so they cover 1;
            // the two-sided p contains the observed tail.
            assert!(greater + less >= 1.0 - 1e-12, "tails {what}");
            assert!(two >= greater.min(less) - 1e-15, "two-sided {what}");
        }
    }

    // ---- risk ratio ------------------------------------------------------

    #[test]
    fn risk_ratio_matches_scipy_relative_risk() {
        for &(a, b, c, d, ratio, low, high) in RISK {
            let r = risk_ratio(a, b, c, d);
            let what = format!("risk_ratio({a},{b},{c},{d})");
            assert_close_opt(r.ratio, ratio, 1e-12, &what);
            assert_close_opt(r.ci_low, low, 1e-12, &what);
            assert_close_opt(r.ci_high, high, 1e-12, &what);
        }
    }

    #[test]
    fn risk_ratio_none_conventions_for_zero_cells_and_empty_groups() {
        let empty = RiskRatio {
            ratio: None,
            ci_low: None,
            ci_high: None,
        };
        assert_eq!(risk_ratio(0, 0, 3, 4), empty);
        assert_eq!(risk_ratio(3, 4, 0, 0), empty);
        assert_eq!(risk_ratio(0, 10, 0, 10), empty);
        assert_eq!(risk_ratio(7, 21, 0, 28), empty);
        assert_eq!(risk_ratio(u64::MAX, 1, 1, 1), empty);
        let zero = risk_ratio(0, 10, 5, 5);
        assert_eq!(
            (zero.ratio, zero.ci_low, zero.ci_high),
            (Some(0.0), Some(0.0), None)
        );
    }

    #[test]
    fn risk_ratio_interval_contains_estimate_on_random_tables() {
        let mut rng = Lcg(11);
        for _ in 0..400 {
            let (a, b, c, d) = (rng.upto(40), rng.upto(40), rng.upto(40), rng.upto(40));
            let r = risk_ratio(a, b, c, d);
            if let (Some(lo), Some(rr), Some(hi)) = (r.ci_low, r.ratio, r.ci_high) {
                assert!(lo <= rr && rr <= hi, "({a},{b},{c},{d}): {r:?}");
                assert!(lo >= 0.0);
            }
        }
    }

    // ---- rate ratio ------------------------------------------------------

    #[test]
    fn rate_ratio_matches_conditional_binomial_reference() {
        for &(x1, t1, x0, t0, ratio, low, high, p) in RATE {
            let r = rate_ratio_exact(x1, t1, x0, t0);
            let what = format!("rate_ratio({x1},{t1},{x0},{t0})");
            assert_close_opt(r.ratio, ratio, 1e-12, &what);
            // betaincinv-based references are accurate to ~1e-15.
            assert_close_opt(r.ci_low, low, 1e-12, &what);
            assert_close_opt(r.ci_high, high, 1e-12, &what);
            assert_close(r.p_two_sided, p, 1e-9, 1e-300, &what);
        }
    }

    #[test]
    fn rate_ratio_diary_case_twenty_in_fourteen_vs_ten_in_twenty_eight() {
        // 20 cramps over 14 nights vs 10 over 28: four times the rate, and the
        // exact CI excludes 1, so the association rule would fire.
        let r = rate_ratio_exact(20, 14.0, 10, 28.0);
        assert_eq!(r.ratio, Some(4.0));
        assert!(r.ci_low.is_some_and(|lo| lo > 1.0));
        assert!(r.p_two_sided < 0.001);
    }

    #[test]
    fn rate_ratio_sentinels_for_no_events_and_invalid_exposure() {
        let none = RateRatio {
            ratio: None,
            ci_low: None,
            ci_high: None,
            p_two_sided: 1.0,
        };
        assert_eq!(rate_ratio_exact(0, 14.0, 0, 28.0), none);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(rate_ratio_exact(3, bad, 2, 28.0), none);
            assert_eq!(rate_ratio_exact(3, 14.0, 2, bad), none);
        }
        assert_eq!(rate_ratio_exact(u64::MAX, 1.0, 1, 1.0), none);
        // All events in the exposed group: infinite ratio and upper bound.
        let all = rate_ratio_exact(10, 14.0, 0, 28.0);
        assert_eq!((all.ratio, all.ci_high), (None, None));
        assert!(all.ci_low.is_some_and(|lo| lo > 1.0));
    }

    #[test]
    fn rate_ratio_properties_hold_on_random_counts() {
        let mut rng = Lcg(13);
        for _ in 0..150 {
            let (x1, x0) = (rng.upto(60), rng.upto(60));
            let (t1, t0) = (1.0 + rng.upto(60) as f64, 1.0 + rng.upto(60) as f64);
            let r = rate_ratio_exact(x1, t1, x0, t0);
            let what = format!("({x1},{t1},{x0},{t0}): {r:?}");
            assert!((0.0..=1.0).contains(&r.p_two_sided), "{what}");
            if let (Some(lo), Some(rr), Some(hi)) = (r.ci_low, r.ratio, r.ci_high) {
                assert!(lo <= rr && rr <= hi, "{what}");
            }
            // Swapping the groups inverts the ratio and the interval.
            let s = rate_ratio_exact(x0, t0, x1, t1);
            assert_close(s.p_two_sided, r.p_two_sided, 1e-9, 1e-15, &what);
            if let (Some(rr), Some(sr)) = (r.ratio, s.ratio) {
                if rr > 0.0 {
                    assert_close(sr, 1.0 / rr, 1e-12, 0.0, &what);
                }
            }
            if let (Some(lo), Some(shi)) = (r.ci_low, s.ci_high) {
                if lo > 0.0 {
                    assert_close(shi, 1.0 / lo, 1e-9, 0.0, &what);
                }
            }
        }
    }

    // ---- Clopper–Pearson -------------------------------------------------

    #[test]
    fn clopper_pearson_matches_scipy_proportion_ci_exact() {
        for &(k, n, conf, low, high) in CP {
            let (lo, hi) = clopper_pearson(k, n, conf);
            let what = format!("clopper_pearson({k},{n},{conf})");
            // scipy's root finder stops at xtol 2e-12, hence the absolute part.
            assert_close(lo, low, 1e-10, 1e-12, &what);
            assert_close(hi, high, 1e-10, 1e-12, &what);
        }
    }

    #[test]
    fn clopper_pearson_invalid_input_gives_uninformative_interval() {
        assert_eq!(clopper_pearson(0, 0, 0.95), (0.0, 1.0));
        assert_eq!(clopper_pearson(5, 4, 0.95), (0.0, 1.0));
        assert_eq!(clopper_pearson(2, 4, f64::NAN), (0.0, 1.0));
        assert_eq!(clopper_pearson(2, 4, 1.5), (0.0, 1.0));
        assert_eq!(clopper_pearson(2, 4, -0.1), (0.0, 1.0));
    }

    #[test]
    fn clopper_pearson_bounds_bracket_estimate_and_hit_tail_mass() {
        let mut rng = Lcg(17);
        for _ in 0..200 {
            let n = 1 + rng.upto(300);
            let k = rng.upto(n);
            let (lo, hi) = clopper_pearson(k, n, 0.95);
            let phat = k as f64 / n as f64;
            assert!(
                0.0 <= lo && lo <= phat && phat <= hi && hi <= 1.0,
                "{k}/{n}"
            );
            let (k, n) = (i128::from(k), i128::from(n));
            // Defining equations: P(X >= k | lo) = 0.025 = P(X <= k | hi).
            if k > 0 {
                assert_close(binom_sf(k - 1, n, lo), 0.025, 1e-9, 0.0, "lower tail");
            }
            if k < n {
                assert_close(binom_cdf(k, n, hi), 0.025, 1e-9, 0.0, "upper tail");
            }
        }
    }

    // ---- binomial test ---------------------------------------------------

    #[test]
    fn binomial_test_matches_scipy_binomtest() {
        for &(k, n, p, expected) in BINOM {
            let what = format!("binomtest({k},{n},{p})");
            assert_close(
                binomial_test_two_sided(k, n, p),
                expected,
                1e-9,
                1e-300,
                &what,
            );
        }
    }

    #[test]
    fn binomial_test_invalid_input_returns_one() {
        assert_eq!(binomial_test_two_sided(0, 0, 0.5), 1.0);
        assert_eq!(binomial_test_two_sided(5, 4, 0.5), 1.0);
        assert_eq!(binomial_test_two_sided(2, 4, f64::NAN), 1.0);
        assert_eq!(binomial_test_two_sided(2, 4, 1.5), 1.0);
        assert_eq!(binomial_test_two_sided(2, 4, -0.5), 1.0);
    }

    #[test]
    fn binomial_test_properties_hold_on_random_inputs() {
        let mut rng = Lcg(19);
        for _ in 0..300 {
            let n = 1 + rng.upto(400);
            let k = rng.upto(n);
            let p = rng.unit();
            let pv = binomial_test_two_sided(k, n, p);
            assert!((0.0..=1.0).contains(&pv), "{k},{n},{p}");
            // Mirror image: k successes at p is n − k failures at 1 − p.
            let mirror = binomial_test_two_sided(n - k, n, 1.0 - p);
            assert_close(mirror, pv, 1e-9, 1e-300, &format!("mirror {k},{n},{p}"));
        }
    }

    // ---- Holm ------------------------------------------------------------

    #[test]
    fn holm_matches_statsmodels_multipletests() {
        for &(raw, adjusted) in HOLM {
            let got = holm(raw);
            assert_eq!(got.len(), adjusted.len());
            for (&g, &e) in got.iter().zip(adjusted) {
                assert_close(g, e, 1e-12, 1e-15, &format!("holm({raw:?})"));
            }
        }
    }

    #[test]
    fn holm_handles_empty_nan_and_out_of_range_input() {
        assert!(holm(&[]).is_empty());
        // NaN counts as 1.0 but still enlarges the family.
        assert_eq!(holm(&[f64::NAN, 0.01]), vec![1.0, 0.02]);
        assert_eq!(holm(&[-0.5, 2.0]), vec![0.0, 1.0]);
    }

    #[test]
    fn holm_is_monotone_capped_and_at_least_raw_on_random_families() {
        let mut rng = Lcg(23);
        for _ in 0..200 {
            let m = 1 + rng.upto(12) as usize;
            let raw: Vec<f64> = (0..m).map(|_| rng.unit() * rng.unit()).collect();
            let adj = holm(&raw);
            assert_eq!(adj.len(), m);
            for i in 0..m {
                assert!(adj[i] >= raw[i] && adj[i] <= 1.0, "{raw:?} -> {adj:?}");
                for j in 0..m {
                    if raw[i] <= raw[j] {
                        assert!(adj[i] <= adj[j], "not monotone: {raw:?} -> {adj:?}");
                    }
                }
            }
        }
    }

    // ---- Mann–Kendall ----------------------------------------------------

    /// Largest absolute difference between two optional values (both `None` is 0).
    fn opt_diff(got: Option<f64>, want: Option<f64>) -> f64 {
        match (got, want) {
            (None, None) => 0.0,
            (Some(g), Some(w)) => (g - w).abs(),
            _ => f64::INFINITY,
        }
    }

    #[test]
    fn mantel_haenszel_matches_statsmodels_and_greenland_robins() {
        let mut worst: f64 = 0.0;
        for &(cells, ratio, low, high, chi2, p, excess) in MH {
            let strata: Vec<Stratum> = cells
                .iter()
                .map(|&(a, n1, b, n0)| Stratum { a, n1, b, n0 })
                .collect();
            let got = mantel_haenszel(&strata);
            for (what, g, w, tol) in [
                ("ratio", got.ratio, ratio, 1e-12),
                ("ci_low", got.ci_low, low, 1e-12),
                ("ci_high", got.ci_high, high, 1e-11),
                ("chi2", got.chi2, chi2, 1e-11),
                ("p", Some(got.p), Some(p), 1e-14),
                ("excess", Some(got.excess), Some(excess), 1e-12),
            ] {
                let d = opt_diff(g, w);
                let scale = w.map_or(1.0, |w| w.abs().max(1.0));
                assert!(d <= tol * scale, "{cells:?} {what}: {g:?} vs {w:?}");
                worst = worst.max(d / scale);
            }
        }
        // The scaled worst case, for the record (printed with --nocapture).
        println!("mantel_haenszel: max scaled abs difference {worst:e}");
    }

    #[test]
    fn mantel_haenszel_ignores_blocks_without_contrast() {
        let with = mantel_haenszel(&[
            Stratum {
                a: 3,
                n1: 7,
                b: 2,
                n0: 8,
            },
            Stratum {
                a: 6,
                n1: 28,
                b: 0,
                n0: 0,
            },
            Stratum {
                a: 0,
                n1: 0,
                b: 9,
                n0: 24,
            },
        ]);
        let without = mantel_haenszel(&[Stratum {
            a: 3,
            n1: 7,
            b: 2,
            n0: 8,
        }]);
        assert_eq!(with, without);
        let none = mantel_haenszel(&[]);
        assert_eq!((none.ratio, none.chi2, none.p), (None, None, 1.0));
    }

    #[test]
    fn mann_kendall_matches_pymannkendall_original_test() {
        for &(x, s, var_s, z, p, tau, trend) in MK {
            let r = mann_kendall(x);
            let what = format!("mann_kendall({x:?})");
            let Some(r) = r else {
                panic!("{what}: None");
            };
            assert_close(r.s, s, 0.0, 0.0, &what);
            assert_close(r.var_s, var_s, 1e-12, 0.0, &what);
            assert_close(r.z, z, 1e-12, 1e-15, &what);
            assert_close(r.p, p, 1e-9, 1e-15, &what);
            assert_close(r.tau, tau, 1e-12, 1e-15, &what);
            assert_eq!(r.trend, trend, "{what}");
        }
    }

    #[test]
    fn mann_kendall_needs_three_values_after_dropping_nan() {
        assert_eq!(mann_kendall(&[]), None);
        assert_eq!(mann_kendall(&[1.0, 2.0]), None);
        assert_eq!(mann_kendall(&[1.0, f64::NAN, 2.0]), None);
        assert!(mann_kendall(&[1.0, f64::NAN, 2.0, 3.0]).is_some());
    }

    #[test]
    fn mann_kendall_reversal_negates_score_on_random_series() {
        let mut rng = Lcg(29);
        for _ in 0..100 {
            let n = 3 + rng.upto(30) as usize;
            // Coarse values (k/7) so ties are common, as with weekly rates.
            let x: Vec<f64> = (0..n).map(|_| rng.upto(7) as f64 / 7.0).collect();
            let rev: Vec<f64> = x.iter().rev().copied().collect();
            let (Some(f), Some(b)) = (mann_kendall(&x), mann_kendall(&rev)) else {
                panic!("None for {x:?}");
            };
            assert_eq!(f.s, -b.s);
            assert_eq!(f.z, -b.z);
            assert_eq!(f.var_s, b.var_s);
            assert!((0.0..=1.0).contains(&f.p) && (-1.0..=1.0).contains(&f.tau));
            let expected = if f.z > Z_975 {
                Trend::Increasing
            } else if f.z < -Z_975 {
                Trend::Decreasing
            } else {
                Trend::NoTrend
            };
            assert_eq!(f.trend, expected);
        }
    }

    // ---- private special functions ----------------------------------------

    #[test]
    fn ln_gamma_matches_math_lgamma() {
        for &(x, e) in LGAMMA {
            assert_close(ln_gamma(x), e, 1e-13, 1e-14, &format!("ln_gamma({x})"));
        }
    }

    #[test]
    fn stirlerr_table_agrees_with_ln_gamma_and_series() {
        // The half-integer table and the log-gamma fallback describe the same
        // function; the asymptotic series takes over continuously above 15.
        for x in [1.0_f64, 2.5, 7.0, 15.0] {
            let direct = ln_gamma(x + 1.0) - (x + 0.5) * x.ln() + x - LN_SQRT_2PI;
            assert_close(stirlerr(x), direct, 0.0, 1e-13, &format!("stirlerr({x})"));
        }
        let (below, above) = (stirlerr(15.0), stirlerr(15.000_001));
        assert_close(above, below, 1e-6, 0.0, "stirlerr continuity at 15");
    }

    #[test]
    fn erfc_matches_math_erfc() {
        for &(x, e) in ERFC {
            // 27 underflows to a subnormal in math.erfc and to 0 here.
            assert_close(erfc(x), e, 1e-14, 1e-300, &format!("erfc({x})"));
        }
    }

    #[test]
    fn incomplete_beta_matches_scipy_betainc() {
        for &(a, b, x, lower, upper) in IBETA {
            let (l, u) = ibeta_pair(a, b, x, 1.0 - x);
            let what = format!("ibeta({a},{b},{x})");
            assert_close(l, lower, 1e-12, 1e-300, &what);
            assert_close(u, upper, 1e-12, 1e-300, &what);
        }
    }

    #[test]
    fn hypergeometric_and_binomial_pmf_match_scipy() {
        for &(x, r1, r2, c1, e) in HYPER {
            let got = dhyper(x as f64, r1 as f64, r2 as f64, c1 as f64);
            assert_close(
                got,
                e,
                1e-12,
                1e-300,
                &format!("dhyper({x},{r1},{r2},{c1})"),
            );
        }
        for &(k, n, p, e) in BINOM_PMF {
            assert_close(
                binom_pmf(k, n, p),
                e,
                1e-12,
                1e-300,
                &format!("binom({k},{n},{p})"),
            );
        }
    }

    #[test]
    fn huge_counts_stay_finite_and_in_range() {
        let p = fisher_exact_two_sided(1_000_000_000, 999_990_000, 999_990_000, 1_000_000_000);
        assert!((0.0..=1.0).contains(&p));
        let b = binomial_test_two_sided(500_000_123, 1_000_000_000, 0.5);
        assert!((0.0..=1.0).contains(&b));
        let r = rate_ratio_exact(1_000_000, 1.0, 2_000_000, 1.0);
        assert!(r.ci_low.is_some_and(|lo| lo < 0.5) && r.ci_high.is_some_and(|hi| hi > 0.5));
    }

    // Hand-worked: d = (-0.4, -0.2, 0.1), T = -0.5/3. The eight sums ±0.4 ±0.2 ±0.1 are
    // -0.7 -0.5 -0.3 -0.1 0.1 0.3 0.5 0.7: two are ≤ -0.5 and four have |sum| ≥ 0.5.
    #[test]
    fn sign_flip_hand_worked_three_pairs() {
        let r = sign_flip_test(&[-0.4, -0.2, 0.1]).unwrap();
        assert_eq!(r.p_less, 2.0 / 8.0);
        assert_eq!(r.p_two_sided, 4.0 / 8.0);
        assert!((r.t - (-0.5 / 3.0)).abs() < 1e-15);
        // Five pairs all in the benefit direction: only the observed flip is as low.
        let r = sign_flip_test(&[-0.8, -0.6, -0.6, -0.4, -0.2]).unwrap();
        assert_eq!(r.p_less, 1.0 / 32.0);
        assert_eq!(r.p_two_sided, 2.0 / 32.0);
        // Equal differences: ties of the same value all count.
        let r = sign_flip_test(&[-0.5, -0.5, -0.5]).unwrap();
        assert_eq!((r.p_less, r.p_two_sided), (1.0 / 8.0, 2.0 / 8.0));
    }

    #[test]
    fn sign_flip_counts_ties_within_the_tolerance() {
        // 0.1 + 0.2 - 0.3 is 5.6e-17, not 0: its flipped twin must still tie.
        let r = sign_flip_test(&[0.1, 0.2, -0.3]).unwrap();
        assert_eq!(r.p_two_sided, 1.0);
        // Sums: 0 (twice), ±0.6, ±0.2, ±0.4: five are ≤ 0.
        assert_eq!(r.p_less, 5.0 / 8.0);
        let r = sign_flip_test(&[0.0, 0.0]).unwrap();
        assert_eq!((r.p_less, r.p_two_sided), (1.0, 1.0));
        assert!(sign_flip_test(&[]).is_none());
        assert!(sign_flip_test(&[f64::NAN]).is_none());
        assert!(sign_flip_test(&[0.1; SIGN_FLIP_MAX + 1]).is_none());
    }

    /// Differences of cramp-night shares are fractions a/b with b ≤ 28: over a common
    /// denominator the 2^n sums are integers, so a brute-force count is exact.
    #[test]
    fn sign_flip_equals_exact_integer_enumeration() {
        const DEN: i64 = 420; // every share k/m with m in 3..=7 is a multiple of 1/420
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            state >> 33
        };
        for case in 0..300 {
            let n = 1 + case % 9;
            let numerators: Vec<i64> = (0..n)
                .map(|_| {
                    let (m_on, m_off) = (3 + next() % 5, 3 + next() % 5);
                    let (k_on, k_off) = (next() % (m_on + 1), next() % (m_off + 1));
                    (k_on as i64) * DEN / m_on as i64 - (k_off as i64) * DEN / m_off as i64
                })
                .collect();
            let observed: i64 = numerators.iter().sum();
            let (mut less, mut extreme) = (0u64, 0u64);
            for signs in 0..(1u64 << n) {
                let sum: i64 = numerators
                    .iter()
                    .enumerate()
                    .map(|(i, x)| if signs >> i & 1 == 1 { -x } else { *x })
                    .sum();
                less += u64::from(sum <= observed);
                extreme += u64::from(sum.abs() >= observed.abs());
            }
            let d: Vec<f64> = numerators.iter().map(|x| *x as f64 / DEN as f64).collect();
            let r = sign_flip_test(&d).unwrap();
            let all = (1u64 << n) as f64;
            assert_eq!(r.p_less, less as f64 / all, "case {case}: {numerators:?}");
            assert_eq!(
                r.p_two_sided,
                extreme as f64 / all,
                "case {case}: {numerators:?}"
            );
        }
    }
}
