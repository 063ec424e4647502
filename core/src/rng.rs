//! Seeded randomness: independent streams per purpose, Gaussian draws, and a
//! counter-based hash for connectivity regenerated on the fly (docs/model.md §2).
//!
//! Every random number in mrnn flows from one user seed. Each purpose (loading
//! vectors of region 3, the random matrix of region 1, ...) gets its own stream, so
//! skipping one (e.g. no random matrix when g = 0) never shifts another. All
//! arithmetic is IEEE with libm's pure-Rust functions: same seed, same bits, on every target.

use rand_core::{RngCore, SeedableRng};
use rand_xorshift::XorShiftRng;

/// The splitmix64 finaliser: a bijective 64-bit mixer.
#[inline]
pub const fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A counter-based hash of (seed, region, i, j): the same inputs give the same 64 bits anywhere.
#[inline]
pub const fn hash4(seed: u64, region: u64, i: u64, j: u64) -> u64 {
    let a = splitmix64(seed ^ splitmix64(region));
    splitmix64(a ^ splitmix64((i << 32) ^ j))
}

/// A seeded stream of uniform and Gaussian numbers for one purpose.
pub struct Stream {
    rng: XorShiftRng,
    spare: Option<f64>,
}

impl Stream {
    /// Purpose tag: loading vectors m, n, w.
    pub const LOADINGS: u64 = 1;
    /// Purpose tag: the random matrices chi.
    pub const DISORDER: u64 = 2;
    /// Purpose tag: initial currents.
    pub const INIT: u64 = 3;
    /// Purpose tag: random effective interactions T.
    pub const INTERACTIONS: u64 = 4;

    /// The stream for `purpose` and `region` under the user's `seed`.
    pub fn new(seed: u64, purpose: u64, region: u64) -> Self {
        let key =
            splitmix64(seed ^ splitmix64(purpose.wrapping_mul(0x1_0000_0001) ^ (region << 8)));
        Stream {
            rng: XorShiftRng::seed_from_u64(key),
            spare: None,
        }
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [-scale, scale).
    #[inline]
    pub fn symmetric(&mut self, scale: f64) -> f64 {
        scale * (2.0 * self.uniform() - 1.0)
    }

    /// A standard normal (Box-Muller, pairs cached).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // 1 - u lies in (0, 1], so the log is finite.
        let radius = libm::sqrt(-2.0 * libm::log(1.0 - self.uniform()));
        let angle = 2.0 * core::f64::consts::PI * self.uniform();
        self.spare = Some(radius * libm::sin(angle));
        radius * libm::cos(angle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_other_purpose_other_numbers() {
        let a: [f64; 4] = core::array::from_fn({
            let mut s = Stream::new(7, Stream::LOADINGS, 2);
            move |_| s.normal()
        });
        let b: [f64; 4] = core::array::from_fn({
            let mut s = Stream::new(7, Stream::LOADINGS, 2);
            move |_| s.normal()
        });
        let c = Stream::new(7, Stream::DISORDER, 2).normal();
        assert_eq!(a, b);
        assert_ne!(a[0], c);
    }

    #[test]
    fn normals_have_unit_variance() {
        let mut s = Stream::new(1, Stream::INIT, 0);
        let n = 200_000;
        let (mut sum, mut sq) = (0.0, 0.0);
        for _ in 0..n {
            let z = s.normal();
            sum += z;
            sq += z * z;
        }
        let mean = sum / n as f64;
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
        assert!(mean.abs() < 5.0 * 0.0023, "mean {mean}");
        assert!((sq / n as f64 - 1.0).abs() < 5.0 * 0.0032);
    }
}
