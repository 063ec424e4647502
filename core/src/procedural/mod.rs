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
mod tests;
