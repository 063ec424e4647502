//! Stationary theory of one region: Delta_0, Delta_inf and the static structured
//! variance A (docs/model.md §4).
//!
//! Delta(tau) moves like a particle in the potential
//! Q(D) = -D^2/2 + g^2 Phi(Delta_0, D) + A D, where Phi is the antiderivative of
//! C(Delta_0, Delta_0, D). Every root here is bracketed (a grid scan for a sign change,
//! then bisection to full precision), so no g makes a solver miss.
//!
//! The root conditions are solved in a regularised form. Writing
//! R(y) = integral_y^{Delta_0} (C(x) - C(y)) dx = integral_y^{Delta_0} (Delta_0 - x) C'(x) dx,
//! the condition Q(y) = Q(Delta_0) with A = y - g^2 C(y) reads g^2 R(y) / (Delta_0 - y)^2 = 1/2.
//! Dividing by (Delta_0 - y)^2 removes the double root at y = Delta_0 exactly, instead of
//! excluding a neighbourhood of it, so a Delta_inf just below Delta_0 (g just past the
//! onset of chaos) is still found. Sompolinsky-Crisanti-Sommers is the same condition at
//! y = 0 (R(0) = integral_0^{Delta_0} C, as A = 0), solved for Delta_0.

use core::f64::consts::PI;

use crate::gain::psi_inv;

/// C(D1, D2, D12) = <phi(x) phi(x')> for erf with variances D1, D2 and covariance D12.
///
/// (2/pi) arcsin(D12 / sqrt((D1 + 2/pi)(D2 + 2/pi))); the ratio is clamped to [-1, 1] so
/// that rounding never gives NaN (the authors clip the same way).
pub fn correlation(d1: f64, d2: f64, d12: f64) -> f64 {
    let ratio = d12 / libm::sqrt((d1 + 2.0 / PI) * (d2 + 2.0 / PI));
    (2.0 / PI) * libm::asin(ratio.clamp(-1.0, 1.0))
}

/// Phi(Delta_0, D) = (2/pi) (s + D arctan(D / s)), s = sqrt((Delta_0 + 2/pi)^2 - D^2):
/// the antiderivative in D of C(Delta_0, Delta_0, D), for |D| <= Delta_0 + 2/pi.
pub fn phi_antiderivative(delta_0: f64, d: f64) -> f64 {
    let k = delta_0 + 2.0 / PI;
    // (k - d)(k + d) rather than k^2 - d^2: no cancellation as |d| approaches k.
    let s = libm::sqrt(((k - d) * (k + d)).max(0.0));
    let arctan = if s > 0.0 {
        libm::atan(d / s)
    } else {
        libm::copysign(PI / 2.0, d)
    };
    (2.0 / PI) * (s + d * arctan)
}

/// The potential Q(D) = -D^2/2 + g^2 Phi(Delta_0, D) + A D.
pub fn potential(d: f64, delta_0: f64, g: f64, a: f64) -> f64 {
    -0.5 * d * d + g * g * phi_antiderivative(delta_0, d) + a * d
}

/// g^2 / sqrt(1 + pi Delta_0): above 1, a region at a structured fixed point is chaotic.
pub fn chaos_parameter(g: f64, delta_0: f64) -> f64 {
    g * g / libm::sqrt(1.0 + PI * delta_0)
}

/// Delta_0(g) of a purely random region (Sompolinsky-Crisanti-Sommers): the positive root of
/// Q(Delta_0) = Q(0) with A = 0; 0 for g <= 1 (the quiet state is stable).
pub fn delta_0_random(g: f64) -> f64 {
    if g.is_nan() || g <= 1.0 {
        return 0.0;
    }
    // f(0+) = (g^2 - 1)/2 > 0, and f < 0 beyond 2 g^2 since R(0) <= Delta_0 (|C| <= 1).
    let f = |d0: f64| g * g * remainder_ratio(d0, 0.0) - 0.5;
    let hi = 2.0 * g * g + 1.0;
    last_root(f, 0.0, hi).unwrap_or(0.0)
}

/// Which stationary solution a region has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationaryKind {
    /// A structured fixed point, not chaotic: Delta_inf = Delta_0.
    FixedPoint,
    /// Chaos around a structured fixed point: 0 < Delta_inf < Delta_0, A > 0.
    ChaosWithStructure,
    /// No structure: S^{mu .} = 0, A = 0, Delta_inf = 0 (chaos for g > 1, quiet otherwise).
    NoStructure,
}

/// The stationary solution of one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stationary {
    /// Equal-time variance Delta_0.
    pub delta_0: f64,
    /// Long-lag limit Delta_inf of Delta(tau).
    pub delta_inf: f64,
    /// Static structured variance A = Delta_inf - g^2 C(Delta_0, Delta_0, Delta_inf).
    pub structured_variance: f64,
    /// Which case of docs/model.md §4 applies.
    pub kind: StationaryKind,
}

/// A region without structure: Delta_0 = [`delta_0_random`]`(g)`, Delta_inf = A = 0.
pub fn unstructured(g: f64) -> Stationary {
    Stationary {
        delta_0: delta_0_random(g),
        delta_inf: 0.0,
        structured_variance: 0.0,
        kind: StationaryKind::NoStructure,
    }
}

/// A region at a structured fixed point whose gain psi is `gain` (docs/model.md §4).
///
/// Delta_0 = psi_inv(gain). If g^2 / sqrt(1 + pi Delta_0) <= 1 it is a fixed point with
/// Delta_inf = Delta_0; otherwise Delta_inf is the root of Q(Delta_inf) = Q(Delta_0) in
/// [0, Delta_0) with A >= 0 (the one closest to Delta_0 if several: Delta(tau) starts at
/// Delta_0 and stops at the first). Without such a root the region cannot carry structure
/// and [`unstructured`] is returned. A gain outside (0, 1] is clamped to it (gain 1 means
/// Delta_0 = 0; a gain <= 0 or NaN means no structure).
pub fn structured(g: f64, gain: f64) -> Stationary {
    if gain.is_nan() || gain <= 0.0 {
        return unstructured(g);
    }
    let delta_0 = psi_inv(gain.min(1.0)).max(0.0);
    let c = |d: f64| correlation(delta_0, delta_0, d);
    if chaos_parameter(g, delta_0) <= 1.0 {
        return Stationary {
            delta_0,
            delta_inf: delta_0,
            structured_variance: delta_0 - g * g * c(delta_0),
            kind: StationaryKind::FixedPoint,
        };
    }
    let f = |y: f64| g * g * remainder_ratio(delta_0, y) - 0.5;
    // f(Delta_0) = (chaos_parameter - 1)/2 > 0 here; roots are scanned from Delta_0 down.
    let mut hi = delta_0;
    while let Some(root) = last_root(f, 0.0, hi) {
        let a = root - g * g * c(root);
        // Rounding: A within 1e-12 of 0 is the edge where structure vanishes.
        if a >= -1e-12 * (1.0 + delta_0) && root > 0.0 {
            let kind = StationaryKind::ChaosWithStructure;
            return Stationary {
                delta_0,
                delta_inf: root,
                structured_variance: a.max(0.0),
                kind,
            };
        }
        hi = root * (1.0 - 1e-12) - f64::MIN_POSITIVE;
    }
    unstructured(g)
}

/// R(y) / (Delta_0 - y)^2 with R(y) = integral_y^{Delta_0} (Delta_0 - x) C'(x) dx (see the
/// module doc), C'(x) = (2/pi) / sqrt(K^2 - x^2), K = Delta_0 + 2/pi.
///
/// Short intervals use 10-point Gauss-Legendre: C' is analytic within 2/pi of the
/// interval, so for a length up to 0.3 the error is ~10^-20. Longer ones use the closed
/// form, whose cancellation error ~1e-16 K / length^2 is then ~1e-14 K.
fn remainder_ratio(delta_0: f64, y: f64) -> f64 {
    let length = delta_0 - y;
    let k = delta_0 + 2.0 / PI;
    if length >= 0.3 {
        let closed = phi_antiderivative(delta_0, delta_0)
            - phi_antiderivative(delta_0, y)
            - correlation(delta_0, delta_0, y) * length;
        return closed / (length * length);
    }
    let slope = |x: f64| (2.0 / PI) / libm::sqrt((k - x) * (k + x));
    let mut sum = 0.0;
    for (&node, &weight) in GAUSS_NODES.iter().zip(GAUSS_WEIGHTS.iter()) {
        for t in [0.5 * (1.0 - node), 0.5 * (1.0 + node)] {
            sum += 0.5 * weight * (1.0 - t) * slope(y + t * length);
        }
    }
    sum
}

/// Positive nodes of 10-point Gauss-Legendre quadrature on [-1, 1].
const GAUSS_NODES: [f64; 5] = [
    0.148_874_338_981_631_2,
    0.433_395_394_129_247_2,
    0.679_409_568_299_024_4,
    0.865_063_366_688_984_5,
    0.973_906_528_517_171_7,
];
/// Their weights.
const GAUSS_WEIGHTS: [f64; 5] = [
    0.295_524_224_714_752_9,
    0.269_266_719_309_996_3,
    0.219_086_362_515_982,
    0.149_451_349_150_580_6,
    0.066_671_344_308_688_1,
];

/// Cells of the scan that brackets roots; the functions here have one or two roots.
const SCAN_CELLS: usize = 256;

/// The largest root of `f` in [lo, hi]: the last sign change on a uniform grid, refined by
/// bisection until the interval cannot shrink in floating point.
fn last_root(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> Option<f64> {
    if hi.is_nan() || lo.is_nan() || hi <= lo {
        return None;
    }
    let at = |k: usize| lo + (hi - lo) * (k as f64 / SCAN_CELLS as f64);
    let mut right = f(hi);
    for k in (0..SCAN_CELLS).rev() {
        let x = at(k);
        let left = f(x);
        if left == 0.0 {
            return Some(x);
        }
        if (left < 0.0) != (right < 0.0) {
            return Some(bisect(&f, x, at(k + 1), left));
        }
        right = left;
    }
    None
}

/// Bisection of a sign change in [a, b] with f(a) = `fa`.
fn bisect(f: &impl Fn(f64) -> f64, mut a: f64, mut b: f64, fa: f64) -> f64 {
    let negative_at_a = fa < 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if mid <= a || mid >= b {
            break;
        }
        if (f(mid) < 0.0) == negative_at_a {
            a = mid;
        } else {
            b = mid;
        }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_is_the_antiderivative_of_c() {
        let (d0, d, h) = (1.3, 0.7, 1e-5);
        let numeric = (phi_antiderivative(d0, d + h) - phi_antiderivative(d0, d - h)) / (2.0 * h);
        assert!((numeric - correlation(d0, d0, d)).abs() < 1e-9);
    }

    #[test]
    fn quadrature_and_closed_form_agree_at_the_switch() {
        // Both branches evaluated on either side of length 0.3 must match to ~1e-13.
        for d0 in [0.31, 1.0, 5.0] {
            let closed = remainder_ratio(d0, d0 - 0.3);
            let quad = remainder_ratio(d0, d0 - 0.3 + 1e-12);
            assert!((closed - quad).abs() < 1e-11, "{d0}: {closed} vs {quad}");
        }
    }

    #[test]
    fn onset_of_chaos_is_continuous() {
        // b = 2: chaos at a structured fixed point starts at g^2 = sqrt(1 + pi Delta_0) = sqrt(7).
        let onset = libm::sqrt(libm::sqrt(7.0));
        let before = structured(onset - 1e-9, 0.5);
        let after = structured(onset + 1e-6, 0.5);
        assert_eq!(before.kind, StationaryKind::FixedPoint);
        assert_eq!(after.kind, StationaryKind::ChaosWithStructure);
        assert!((before.structured_variance - after.structured_variance).abs() < 1e-4);
    }
}
