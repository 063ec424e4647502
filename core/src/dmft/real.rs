//! The float type of the theory and the erf closed forms in it (docs/model.md §4).

use core::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// The float type of the theory: f64 on the host, f32 on a microcontroller.
pub trait Real:
    sealed::Sealed
    + Copy
    + Default
    + PartialOrd
    + core::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + 'static
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Conversion from f64 (rounding for f32).
    fn from_f64(x: f64) -> Self;
    /// Conversion to f64 (exact).
    fn to_f64(self) -> f64;
    /// Square root (libm).
    fn sqrt(self) -> Self;
    /// Arcsine (libm).
    fn asin(self) -> Self;
}

mod sealed {
    /// Only f32 and f64 are [`super::Real`]: [`crate::dmft::Dmft::init`] relies on all-zero
    /// bytes being a valid value.
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn sqrt(self) -> Self {
        libm::sqrt(self)
    }
    fn asin(self) -> Self {
        libm::asin(self)
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn sqrt(self) -> Self {
        libm::sqrtf(self)
    }
    fn asin(self) -> Self {
        libm::asinf(self)
    }
}

/// C(D1, D2, D12) = (2/pi) arcsin(D12 / sqrt((D1 + 2/pi)(D2 + 2/pi))), ratio clamped to [-1, 1].
#[inline]
pub fn correlation<F: Real>(d1: F, d2: F, d12: F) -> F {
    let two_over_pi = F::from_f64(core::f64::consts::FRAC_2_PI);
    let mut ratio = d12 / ((d1 + two_over_pi) * (d2 + two_over_pi)).sqrt();
    if ratio > F::ONE {
        ratio = F::ONE;
    } else if ratio < -F::ONE {
        ratio = -F::ONE;
    }
    two_over_pi * ratio.asin()
}

/// 1 / sqrt(Delta + 2/pi): C(D1, D2, D12) = (2/pi) asin(D12 n(D1) n(D2)).
#[inline]
pub(super) fn normaliser<F: Real>(delta: F) -> F {
    F::ONE / (delta + F::from_f64(core::f64::consts::FRAC_2_PI)).sqrt()
}

/// C from Delta(t, t') and the two normalisers: the hot loop's form of [`correlation`].
#[inline]
pub(super) fn scaled_correlation<F: Real>(d12: F, n1: F, n2: F) -> F {
    let mut ratio = d12 * n1 * n2;
    if ratio > F::ONE {
        ratio = F::ONE;
    } else if ratio < -F::ONE {
        ratio = -F::ONE;
    }
    F::from_f64(core::f64::consts::FRAC_2_PI) * ratio.asin()
}

/// psi = 1 / sqrt(1 + pi Delta / 2) in the theory's float type.
#[inline]
pub(super) fn gain<F: Real>(delta: F) -> F {
    F::ONE / (F::ONE + F::from_f64(core::f64::consts::FRAC_PI_2) * delta).sqrt()
}

#[inline]
pub(super) fn pick_min<F: Real>(a: F, b: F) -> F {
    if b < a {
        b
    } else {
        a
    }
}

#[inline]
pub(super) fn dot<const R: usize, F: Real>(a: &[F; R], b: &[F; R]) -> F {
    let mut sum = F::ZERO;
    for (&x, &y) in a.iter().zip(b.iter()) {
        sum += x * y;
    }
    sum
}
