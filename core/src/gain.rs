//! The nonlinearity phi and a region's gain psi (docs/model.md §1, §3).
//!
//! With phi(x) = erf(sqrt(pi)/2 x) and Gaussian x of variance Delta, the mean slope is
//! psi = <phi'(x)> = 1 / sqrt(1 + pi Delta / 2): the more variance a region carries,
//! the less it transmits.

use core::f64::consts::PI;

/// sqrt(pi)/2 in f32: phi(x) = erf(HALF_SQRT_PI x) has slope 1 at 0.
pub const HALF_SQRT_PI_F32: f32 = 0.886_226_95;

/// The erf nonlinearity phi(x) = erf(sqrt(pi)/2 x) in f32 (the network's precision).
#[inline]
pub fn phi_erf(x: f32) -> f32 {
    libm::erff(HALF_SQRT_PI_F32 * x)
}

/// The slope phi'(x) = exp(-pi x^2 / 4) of the erf nonlinearity, in f32.
#[inline]
pub fn phi_erf_slope(x: f32) -> f32 {
    libm::expf(-(core::f32::consts::PI / 4.0) * (x * x))
}

/// Gain of a region with Gaussian pre-activations of variance `delta` (erf only).
#[inline]
pub fn psi(delta: f64) -> f64 {
    1.0 / libm::sqrt(1.0 + (PI / 2.0) * delta)
}

/// The variance that gives gain `p`: psi_inv(p) = 2 (1 - p^2) / (pi p^2).
#[inline]
pub fn psi_inv(p: f64) -> f64 {
    2.0 * (1.0 - p * p) / (PI * p * p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_inv_inverts_psi() {
        for &d in &[0.0, 0.3, 1.0, 4.2, 30.0] {
            assert!((psi_inv(psi(d)) - d).abs() < 1e-12 * (1.0 + d));
        }
    }

    #[test]
    fn erf_has_unit_slope_at_zero() {
        let h = 1e-3f32;
        let slope = (phi_erf(h) - phi_erf(-h)) / (2.0 * h);
        assert!((slope - 1.0).abs() < 1e-3);
        assert_eq!(phi_erf_slope(0.0), 1.0);
    }
}
