//! Connectivity regenerated on the fly from a counter-based hash (docs/model.md §1-2).
//!
//! [`Procedural`] stores no random number of the network: only the seed and, per region,
//! the block Cholesky factor of Sigma^nu (O(R^3) numbers in all, a few hundred bytes).
//! Every weight is recomputed from [`hash4`] when the step needs it, so a network of
//! R = 3 regions of N = 1024 neurons needs 24 KiB (its state) instead of the 12 MiB of
//! [`Dense`](crate::network::Dense) — it fits a microcontroller with 64 KiB of RAM.
//!
//! - **Random matrices.** chi^mu_ij = +-1/sqrt(N), mean 0 and variance 1/N (model.md §1
//!   allows any i.i.d. entries with these moments). The signs of the 64 entries
//!   j = 64 b .. 64 b + 63 of row i are the 64 bits of `hash4(seed, key, i, b)`, with
//!   `key` = (purpose [`Stream::DISORDER`] << 32) | mu: bit j mod 64 set means negative.
//!   A sign is applied by XOR-ing it into the f32 sign bit of phi(x_j), so the random
//!   input costs one hash per 64 synapses and one add per synapse, in eight fixed lanes.
//! - **Loading vectors.** Neuron i of region nu draws 2R + 1 standard normals
//!   z_0 .. z_{2R} (z_n = z_0..z_{R-1}, z_m = z_R..z_{2R-1}, w = z_{2R}), i.i.d., by
//!   Box-Muller in f32 from `hash4(seed, key, i, k)`, `key` =
//!   ([`Stream::LOADINGS`] << 32) | nu, normals 2k and 2k + 1 from hash k (libm's `logf`
//!   and `sqrtf` for the radius; the angle is a fraction of a turn whose cos and sin come
//!   from f32 polynomials, as libm's would cost f64 arithmetic, in software on an MCU); then
//!   (n, m) = L^nu (z_n, z_m), the factor of [`LoadingFactor::apply`] rounded to f32.
//!   Their covariance is Sigma^nu in distribution (i.i.d. sampling: `sampling = "exact"`
//!   needs stored vectors and is ignored here; sample moments are off by O(1/sqrt(N))).
//!
//! Everything is f32 with a fixed order of operations and libm's pure-Rust functions:
//! the same seed gives the same bits on the host and on a Cortex-M.

use crate::connectivity::LoadingFactor;
use crate::error::Error;
use crate::network::Synapses;
use crate::params::Params;
use crate::rng::{hash4, splitmix64, Stream};

/// Connectivity regenerated from `(seed, region, i, j)` at every use: O(R^3) stored numbers.
///
/// Use it as `Network<R, N, Procedural<R, N>>`; build it through
/// [`Network::init`](crate::network::Network::init), which calls [`Synapses::load`].
pub struct Procedural<const R: usize, const N: usize> {
    seed: u64,
    /// 1/sqrt(N): the magnitude of every chi entry.
    disorder_scale: f32,
    /// sqrt(c_nu) per region nu: n^{mu nu} = sqrt(c_nu) `z_n[mu]`.
    readout_scale: [f32; R],
    /// Per region nu: T_nu^T / sqrt(c_nu) in f32, row rho = m^{nu rho} from z_n.
    from_readouts: [[[f32; R]; R]; R],
    /// Per region nu: chol(U_nu - T_nu^T T_nu / c_nu) in f32, row rho = m^{nu rho} from z_m.
    own: [[[f32; R]; R]; R],
    /// Silenced senders: their readouts n^{. nu} are 0.
    silenced: [bool; R],
    /// The factors in f64, as [`LoadingFactor::new`] made them.
    factors: [LoadingFactor<R>; R],
}

/// One neuron's loadings: what [`Procedural::loadings`] regenerates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronLoadings<const R: usize> {
    /// n^{mu nu}_i for mu = 0..R (the readouts of region nu toward every mu).
    pub n: [f32; R],
    /// m^{nu rho}_i for rho = 0..R (the input patterns of region nu from every rho).
    pub m: [f32; R],
    /// w^nu_i, the input vector of the external input.
    pub w: f32,
}

/// The hash key of a purpose and region.
#[inline]
const fn key(purpose: u64, region: usize) -> u64 {
    (purpose << 32) | region as u64
}

/// 2^-24: turns 24 hash bits into a uniform number.
const TWO_TO_MINUS_24: f32 = 1.0 / 16_777_216.0;

/// One Box-Muller pair from 48 bits of `h`: radius sqrt(-2 ln u1) and the angle
/// 2 pi u2 as (cos, sin); the pair of normals is (radius cos, radius sin).
#[inline]
fn box_muller(h: u64) -> (f32, f32, f32) {
    // u1 in (0, 1]: the log is finite; 24 bits fit f32 exactly.
    let u1 = ((h >> 40) as u32 + 1) as f32 * TWO_TO_MINUS_24;
    let radius = libm::sqrtf(-2.0 * libm::logf(u1));
    let (cos, sin) = cos_sin_turn((h & 0xFF_FFFF) as u32);
    (radius, cos, sin)
}

/// cos and sin of the angle 2 pi k / 2^24 (k < 2^24), in f32 only, to about 1e-7.
///
/// libm's `sinf`/`cosf` reduce their argument in f64, which a Cortex-M4F emulates in
/// software (hundreds of instructions); an angle that is a fraction of a turn needs no
/// reduction: the top two bits pick the quadrant, the rest is x in [0, pi/2), where
/// Taylor polynomials of degree 11 (sin) and 12 (cos) are accurate to 6e-8. Fixed
/// Horner order, no fused multiply-add: the same bits on every target.
#[inline]
fn cos_sin_turn(k: u32) -> (f32, f32) {
    const STEP: f32 = core::f32::consts::FRAC_PI_2 / 4_194_304.0; // (pi/2) / 2^22
    let x = (k & 0x3F_FFFF) as f32 * STEP;
    let z = x * x;
    let sin = x
        * (1.0
            + z * (-1.0 / 6.0
                + z * (1.0 / 120.0
                    + z * (-1.0 / 5040.0 + z * (1.0 / 362_880.0 + z * (-1.0 / 39_916_800.0))))));
    let cos = 1.0
        + z * (-0.5
            + z * (1.0 / 24.0
                + z * (-1.0 / 720.0
                    + z * (1.0 / 40_320.0
                        + z * (-1.0 / 3_628_800.0 + z * (1.0 / 479_001_600.0))))));
    match (k >> 22) & 3 {
        0 => (cos, sin),
        1 => (-sin, cos),
        2 => (-cos, -sin),
        _ => (sin, -cos),
    }
}

/// f32 `x` with its sign flipped when bit 0 of `bit` is set.
#[inline(always)]
fn flip(x: f32, bit: u32) -> f32 {
    f32::from_bits(x.to_bits() ^ (bit << 31))
}

/// Sums eight lanes by the same fixed tree as [`crate::network::dot`].
#[inline(always)]
fn tree(acc: [f32; 8]) -> f32 {
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

impl<const R: usize, const N: usize> Procedural<R, N> {
    /// The per-row part of [`hash4`]: `hash4(seed, k, i, b)` = `splitmix64(row_key(k) ^ splitmix64((i << 32) ^ b))`.
    #[inline]
    fn row_key(&self, key: u64) -> u64 {
        splitmix64(self.seed ^ splitmix64(key))
    }

    /// Standard normal number `q` (0 <= q <= 2R) of neuron i, given `row_key(key(LOADINGS, nu))`.
    #[inline]
    fn normal(row: u64, i: usize, q: usize) -> f32 {
        let (radius, cos, sin) = box_muller(splitmix64(
            row ^ splitmix64(((i as u64) << 32) ^ (q / 2) as u64),
        ));
        radius * if q.is_multiple_of(2) { cos } else { sin }
    }

    /// The 2R + 1 standard normals of neuron i of region nu: (z_n, z_m, z_w).
    #[inline]
    fn normals(&self, nu: usize, i: usize) -> ([f32; R], [f32; R], f32) {
        let row = self.row_key(key(Stream::LOADINGS, nu));
        let pair =
            |k: usize| box_muller(splitmix64(row ^ splitmix64(((i as u64) << 32) ^ k as u64)));
        let (mut z_n, mut z_m) = ([0.0f32; R], [0.0f32; R]);
        // Normal q = 2k is radius cos of pair k, q = 2k + 1 radius sin: the bits of `normal`,
        // each pair hashed once.
        let mut place = |q: usize, z: f32| {
            if q < R {
                z_n[q] = z;
            } else if let Some(slot) = z_m.get_mut(q - R) {
                *slot = z;
            }
        };
        for k in 0..R {
            let (radius, cos, sin) = pair(k);
            place(2 * k, radius * cos);
            place(2 * k + 1, radius * sin);
        }
        let (radius, cos, _) = pair(R);
        (z_n, z_m, radius * cos)
    }

    /// m^{nu rho}_i for every rho from the standard normals, in f32, in a fixed order.
    #[inline]
    fn patterns(&self, nu: usize, z_n: &[f32; R], z_m: &[f32; R]) -> [f32; R] {
        let (shared, own) = (&self.from_readouts[nu], &self.own[nu]);
        core::array::from_fn(|rho| {
            let mut m = 0.0f32;
            for mu in 0..R {
                m += shared[rho][mu] * z_n[mu];
            }
            for k in 0..R {
                m += own[rho][k] * z_m[k];
            }
            m
        })
    }

    /// chi^mu_ij = +-1/sqrt(N): the random weight from neuron j to neuron i of region mu.
    ///
    /// Defined for every region, whether or not its disorder g_mu is 0.
    pub fn chi(&self, mu: usize, i: usize, j: usize) -> f32 {
        let bits = hash4(
            self.seed,
            key(Stream::DISORDER, mu),
            i as u64,
            (j / 64) as u64,
        );
        flip(self.disorder_scale, (bits >> (j % 64)) as u32)
    }

    /// Neuron i of region nu: its readouts n^{. nu}_i, patterns m^{nu .}_i and input weight w^nu_i.
    pub fn loadings(&self, nu: usize, i: usize) -> NeuronLoadings<R> {
        let (z_n, z_m, w) = self.normals(nu, i);
        let n = if self.silenced[nu] {
            [0.0; R]
        } else {
            z_n.map(|z| self.readout_scale[nu] * z)
        };
        NeuronLoadings {
            n,
            m: self.patterns(nu, &z_n, &z_m),
            w,
        }
    }

    /// The factor of Sigma^nu per region, in f64, as [`LoadingFactor::new`] made it.
    pub fn factors(&self) -> &[LoadingFactor<R>; R] {
        &self.factors
    }

    /// The seed every weight is regenerated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

// SAFETY: only integers, f32/f64 arrays and bools, for which all-zero bytes are valid.
unsafe impl<const R: usize, const N: usize> Synapses<R, N> for Procedural<R, N> {
    fn load(&mut self, params: &Params<R>, seed: u64) -> Result<[f64; R], Error> {
        self.seed = seed;
        self.disorder_scale = (1.0 / libm::sqrt(N as f64)) as f32;
        self.silenced = params.silenced;
        for nu in 0..R {
            let factor = LoadingFactor::new(&params.interactions, &params.overlaps, nu)?;
            self.readout_scale[nu] = libm::sqrt(factor.readout_variance) as f32;
            self.from_readouts[nu] = factor.from_readouts.map(|row| row.map(|x| x as f32));
            self.own[nu] = factor.own.map(|row| row.map(|x| x as f32));
            self.factors[nu] = factor;
        }
        Ok(self.factors.map(|f| f.readout_variance))
    }

    /// Sum over j of +-phi(x_j): one hash per 64 entries, eight fixed lanes, then times 1/sqrt(N).
    fn disorder_input(&self, mu: usize, i: usize, rate: &[f32; N]) -> f32 {
        let row = self.row_key(key(Stream::DISORDER, mu));
        let block = |b: usize| splitmix64(row ^ splitmix64(((i as u64) << 32) ^ b as u64));
        let (chunks, tail) = rate.as_chunks::<8>();
        let mut acc = [0.0f32; 8];
        // Chunk c (8 entries) takes byte c mod 8 of its block's hash; the hash is split
        // into two u32 words so that the M4 shifts 32-bit registers only.
        let (mut bits, mut word) = (0u64, 0u32);
        for (c, x) in chunks.iter().enumerate() {
            if c % 8 == 0 {
                bits = block(c / 8);
                word = bits as u32;
            } else if c % 8 == 4 {
                word = (bits >> 32) as u32;
            }
            for l in 0..8 {
                acc[l] += flip(x[l], word >> l);
            }
            word >>= 8;
        }
        let mut sum = tree(acc);
        let start = N - tail.len();
        if !tail.is_empty() {
            let bits = block(start / 64);
            for (t, &x) in tail.iter().enumerate() {
                sum += flip(x, (bits >> ((start + t) % 64)) as u32);
            }
        }
        sum * self.disorder_scale
    }

    #[inline]
    fn input_pattern(&self, mu: usize, i: usize) -> ([f32; R], f32) {
        let (z_n, z_m, w) = self.normals(mu, i);
        (self.patterns(mu, &z_n, &z_m), w)
    }

    /// Sum over j of n^{mu nu}_j phi(x_j), regenerating one normal per neuron, in eight fixed lanes.
    fn readout(&self, mu: usize, nu: usize, rate: &[f32; N]) -> f32 {
        if self.silenced[nu] {
            return 0.0;
        }
        let (scale, row) = (
            self.readout_scale[nu],
            self.row_key(key(Stream::LOADINGS, nu)),
        );
        let n = |j: usize| scale * Self::normal(row, j, mu);
        let (chunks, tail) = rate.as_chunks::<8>();
        let mut acc = [0.0f32; 8];
        for (c, x) in chunks.iter().enumerate() {
            for l in 0..8 {
                acc[l] += n(8 * c + l) * x[l];
            }
        }
        let mut sum = tree(acc);
        let start = N - tail.len();
        for (t, &x) in tail.iter().enumerate() {
            sum += n(start + t) * x;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interactions;
    use crate::network::Network;

    extern crate std;
    use std::boxed::Box;
    use std::vec::Vec;

    use crate::connectivity::tests::fig3_like;

    fn loaded<const R: usize, const N: usize>(
        params: &Params<R>,
        seed: u64,
    ) -> Box<Procedural<R, N>> {
        // SAFETY: all-zero bytes are a valid Procedural (the Synapses contract).
        let mut p: Box<Procedural<R, N>> = unsafe { Box::new_zeroed().assume_init() };
        p.load(params, seed).unwrap();
        p
    }

    #[test]
    fn the_row_key_shortcut_is_hash4() {
        let p = loaded::<3, 256>(&fig3_like(), 77);
        let k = key(Stream::DISORDER, 2);
        for (i, b) in [(0u64, 0u64), (5, 3), (255, 1)] {
            assert_eq!(
                splitmix64(p.row_key(k) ^ splitmix64((i << 32) ^ b)),
                hash4(77, k, i, b)
            );
        }
        // And the paired normals are the single ones.
        for i in [0, 9, 200] {
            let (z_n, z_m, w) = p.normals(1, i);
            let row = p.row_key(key(Stream::LOADINGS, 1));
            assert_eq!(
                z_n,
                [0, 1, 2].map(|q| Procedural::<3, 256>::normal(row, i, q))
            );
            assert_eq!(
                z_m,
                [3, 4, 5].map(|q| Procedural::<3, 256>::normal(row, i, q))
            );
            assert_eq!(w, Procedural::<3, 256>::normal(row, i, 6));
        }
    }

    #[test]
    fn cos_sin_of_a_turn_fraction_is_accurate() {
        let mut worst = 0.0f64;
        for k in (0..1u32 << 24)
            .step_by(997)
            .chain([0, 1 << 22, 1 << 23, 3 << 22, (1 << 24) - 1])
        {
            let angle = core::f64::consts::TAU * k as f64 / (1u64 << 24) as f64;
            let (c, s) = cos_sin_turn(k);
            worst = worst
                .max((c as f64 - angle.cos()).abs())
                .max((s as f64 - angle.sin()).abs());
        }
        assert!(worst < 3e-7, "worst error {worst}");
    }

    #[test]
    fn chi_has_mean_zero_and_variance_one_over_n() {
        const N: usize = 1024;
        let p = loaded::<2, N>(&Params::new(interactions::random(1.0, 1)), 3);
        let scale = 1.0 / 32.0f32;
        let (mut count, mut sum, mut lag) = (0usize, 0.0f64, 0.0f64);
        for mu in 0..2 {
            for i in (0..N).step_by(8) {
                for j in 0..N {
                    let c = p.chi(mu, i, j);
                    // Every entry is exactly +-1/sqrt(N), so its square is exactly 1/N.
                    assert_eq!(c.abs(), scale);
                    sum += c as f64;
                    if j > 0 {
                        lag += (c * p.chi(mu, i, j - 1)) as f64;
                    }
                    count += 1;
                }
            }
        }
        // Mean of `count` i.i.d. +-1/sqrt(N): standard error 1/sqrt(N count); allow 5.
        let se = 1.0 / ((N * count) as f64).sqrt();
        assert!(
            (sum / count as f64).abs() < 5.0 * se,
            "mean {}",
            sum / count as f64
        );
        // Neighbours are uncorrelated: <chi_ij chi_ij-1> = 0 with standard error 1/(N sqrt(count)).
        let corr = lag / count as f64;
        assert!(
            corr.abs() < 5.0 / (N as f64 * (count as f64).sqrt()),
            "lag-1 correlation {corr}"
        );
        // Different regions and rows differ.
        assert_ne!(
            (0..64).map(|j| p.chi(0, 0, j)).collect::<Vec<_>>(),
            (0..64).map(|j| p.chi(1, 0, j)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn disorder_input_is_chi_times_rate() {
        // N = 100: 12 full chunks and a tail of 4, across two hash blocks.
        const N: usize = 100;
        let p = loaded::<2, N>(&Params::new(interactions::random(1.0, 1)), 5);
        let rate: [f32; N] = core::array::from_fn(|j| libm::sinf(j as f32 * 0.7));
        for i in [0, 41, 99] {
            let plain: f64 = (0..N).map(|j| p.chi(1, i, j) as f64 * rate[j] as f64).sum();
            assert!((p.disorder_input(1, i, &rate) as f64 - plain).abs() < 1e-5);
        }
        let readout: f64 = (0..N)
            .map(|j| p.loadings(0, j).n[1] as f64 * rate[j] as f64)
            .sum();
        assert!((p.readout(1, 0, &rate) as f64 - readout).abs() < 1e-4);
    }

    #[test]
    fn loadings_have_covariance_sigma() {
        const N: usize = 4096;
        let params = fig3_like();
        let p = loaded::<3, N>(&params, 11);
        for nu in 0..3 {
            let c = p.factors()[nu].readout_variance;
            let rows: Vec<[f64; 7]> = (0..N)
                .map(|i| {
                    let l = p.loadings(nu, i);
                    [l.n[0], l.n[1], l.n[2], l.m[0], l.m[1], l.m[2], l.w].map(|x| x as f64)
                })
                .collect();
            // Sigma^nu with w appended: [[c I, T_nu, 0], [T_nu^T, U_nu, 0], [0, 0, 1]].
            let sigma = |a: usize, b: usize| -> f64 {
                match (a, b) {
                    (6, 6) => 1.0,
                    (6, _) | (_, 6) => 0.0,
                    (a, b) if a < 3 && b < 3 => {
                        if a == b {
                            c
                        } else {
                            0.0
                        }
                    }
                    (a, b) if a < 3 => params.interactions[a][nu][b - 3],
                    (a, b) if b < 3 => params.interactions[b][nu][a - 3],
                    (a, b) => params.overlaps[nu][a - 3][b - 3],
                }
            };
            for a in 0..7 {
                for b in 0..7 {
                    let sample = rows.iter().map(|r| r[a] * r[b]).sum::<f64>() / N as f64;
                    // Var(x_a x_b) = S_aa S_bb + S_ab^2 for Gaussians: 5 standard errors.
                    let se = ((sigma(a, a) * sigma(b, b) + sigma(a, b).powi(2)) / N as f64).sqrt();
                    assert!(
                        (sample - sigma(a, b)).abs() < 5.0 * se,
                        "region {nu} ({a},{b}): {sample} vs {}",
                        sigma(a, b)
                    );
                }
                let mean = rows.iter().map(|r| r[a]).sum::<f64>() / N as f64;
                assert!(
                    mean.abs() < 5.0 * (sigma(a, a) / N as f64).sqrt(),
                    "mean of {a}: {mean}"
                );
            }
        }
    }

    #[test]
    fn silenced_senders_read_out_nothing() {
        let mut params = fig3_like();
        params.silenced[1] = true;
        let p = loaded::<3, 64>(&params, 2);
        let rate = [0.5f32; 64];
        assert_eq!(p.readout(0, 1, &rate), 0.0);
        assert_eq!(p.loadings(1, 3).n, [0.0; 3]);
        assert_ne!(p.readout(0, 2, &rate), 0.0);
    }

    #[test]
    fn a_procedural_network_is_small_and_reproducible() {
        type Net = Network<3, 1024, Procedural<3, 1024>>;
        // The state is 2 R N f32 = 24 KiB; the connectivity a few hundred bytes.
        assert!(
            core::mem::size_of::<Net>() < 25 * 1024,
            "{}",
            core::mem::size_of::<Net>()
        );
        let mut params = fig3_like();
        params.disorder = [1.2, 0.0, 0.5];
        let s0 = [[0.5, -0.2, 0.1], [0.1, 0.3, -0.4], [0.2, 0.2, 0.2]];
        let mut a = Net::boxed(&params, &s0, 9).unwrap();
        let mut b = Net::boxed(&params, &s0, 9).unwrap();
        for _ in 0..5 {
            a.step();
            b.step();
        }
        assert_eq!(a.filtered_currents(), b.filtered_currents());
        assert!(a
            .filtered_currents()
            .iter()
            .flatten()
            .all(|s| s.is_finite() && *s != 0.0));
    }
}
