//! Sampling the connectivity with the paper's statistics (docs/model.md §2).
//!
//! For region nu and each neuron i, the 2R + 1 numbers
//! (n_i^{1 nu} .. n_i^{R nu}, m_i^{nu 1} .. m_i^{nu R}, w_i^nu) are jointly Gaussian with
//! covariance Sigma^nu (plus an independent unit-variance w). Sigma^nu has the block form
//! [[c I, T_nu], [T_nu^T, U_nu]] with T_nu = T[:, nu, :], so its Cholesky factor is
//! [[sqrt(c) I, 0], [T_nu^T / sqrt(c), chol(U_nu - T_nu^T T_nu / c)]]: only an R x R
//! factorisation is needed, and Sigma^nu is positive definite exactly when that Schur
//! complement is.

use crate::error::Error;
use crate::linalg;
use crate::params::{Params, Sampling, Tensor};
use crate::rng::Stream;

/// How often c_nu is multiplied by 1.05 before giving up (1.05^400 ~ 3e8).
const MAX_INFLATIONS: u32 = 400;

/// The Cholesky factor of Sigma^nu for one region, in block form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadingFactor<const R: usize> {
    /// c_nu, the readout variance: 1, or 1.05^k for the smallest k that makes Sigma^nu SPD.
    pub readout_variance: f64,
    /// T_nu^T / sqrt(c): row rho gives m^{nu rho} in terms of the readout draws.
    pub from_readouts: [[f64; R]; R],
    /// chol(U_nu - T_nu^T T_nu / c): the part of m independent of the readouts.
    pub own: [[f64; R]; R],
}

impl<const R: usize> LoadingFactor<R> {
    /// Factor of Sigma^nu for region `nu`, inflating c_nu by 1.05 until it is SPD (the authors' rule).
    pub fn new(t: &Tensor<R>, u: &Tensor<R>, nu: usize) -> Result<Self, Error> {
        let mut c = 1.0f64;
        for _ in 0..MAX_INFLATIONS {
            let mut schur = u[nu];
            for (rho, row) in schur.iter_mut().enumerate() {
                for (rho2, s) in row.iter_mut().enumerate() {
                    *s -= (0..R)
                        .map(|mu| t[mu][nu][rho] * t[mu][nu][rho2])
                        .sum::<f64>()
                        / c;
                }
            }
            if let Some(own) = linalg::cholesky(&schur) {
                let root = libm::sqrt(c);
                let mut from_readouts = [[0.0; R]; R];
                for (rho, row) in from_readouts.iter_mut().enumerate() {
                    for (mu, x) in row.iter_mut().enumerate() {
                        *x = t[mu][nu][rho] / root;
                    }
                }
                return Ok(LoadingFactor {
                    readout_variance: c,
                    from_readouts,
                    own,
                });
            }
            c *= 1.05;
        }
        Err(Error::ReadoutVariance { region: nu })
    }

    /// Applies the factor to one neuron's standard draws: (z_n, z_m) -> (n, m).
    #[inline]
    pub fn apply(&self, z_n: &[f64; R], z_m: &[f64; R]) -> ([f64; R], [f64; R]) {
        let root = libm::sqrt(self.readout_variance);
        let n = z_n.map(|z| root * z);
        let own = linalg::lower_mul(&self.own, z_m);
        let mut m = [0.0; R];
        for (rho, m) in m.iter_mut().enumerate() {
            let shared: f64 = (0..R).map(|mu| self.from_readouts[rho][mu] * z_n[mu]).sum();
            *m = shared + own[rho];
        }
        (n, m)
    }
}

/// The loading vectors of a network: m, n and the input vectors w, stored in f32.
#[derive(Debug, Clone)]
pub struct Loadings<const R: usize, const N: usize> {
    /// `m[mu][rho]`: in region mu, the input pattern of the current from rho.
    pub m: [[[f32; N]; R]; R],
    /// `n[mu][nu]`: in region nu, the readout that makes the current to mu.
    pub n: [[[f32; N]; R]; R],
    /// `w[mu]`: in region mu, the input vector of the external input e_mu.
    pub w: [[f32; N]; R],
}

impl<const R: usize, const N: usize> Loadings<R, N> {
    /// Draws every loading vector from `seed`; returns c_nu per region.
    ///
    /// Silenced senders get n^{. nu} = 0 after the draw, so silencing changes nothing else.
    pub fn draw(&mut self, params: &Params<R>, seed: u64) -> Result<[f64; R], Error> {
        let mut readout_variance = [0.0; R];
        for nu in 0..R {
            let factor = LoadingFactor::new(&params.interactions, &params.overlaps, nu)?;
            readout_variance[nu] = factor.readout_variance;
            self.draw_standard(nu, seed);
            if params.sampling == Sampling::ExactMoments {
                self.whiten(nu);
            }
            self.correlate(nu, &factor);
            if params.silenced[nu] {
                for mu in 0..R {
                    self.n[mu][nu] = [0.0; N];
                }
            }
        }
        Ok(readout_variance)
    }

    /// Region nu's 2R + 1 rows of standard normals, written where n, m, w will live.
    fn draw_standard(&mut self, nu: usize, seed: u64) {
        let mut normals = Stream::new(seed, Stream::LOADINGS, nu as u64);
        for k in 0..2 * R + 1 {
            for i in 0..N {
                *self.slot(nu, k, i) = normals.normal() as f32;
            }
        }
    }

    /// Centres region nu's rows and makes them orthogonal with norm sqrt(N) (Gram-Schmidt),
    /// so that Z Z^T / N = I up to f32 rounding: exact-moment sampling.
    fn whiten(&mut self, nu: usize) {
        for k in 0..2 * R + 1 {
            let mean = (0..N).map(|i| *self.slot(nu, k, i) as f64).sum::<f64>() / N as f64;
            (0..N).for_each(|i| *self.slot(nu, k, i) = (*self.slot(nu, k, i) as f64 - mean) as f32);
            for prev in 0..k {
                let overlap = self.row_dot(nu, k, prev) / N as f64;
                for i in 0..N {
                    let p = *self.slot(nu, prev, i) as f64;
                    let x = self.slot(nu, k, i);
                    *x = (*x as f64 - overlap * p) as f32;
                }
            }
            let scale = libm::sqrt(N as f64 / self.row_dot(nu, k, k));
            (0..N)
                .for_each(|i| *self.slot(nu, k, i) = (*self.slot(nu, k, i) as f64 * scale) as f32);
        }
    }

    fn row_dot(&mut self, nu: usize, a: usize, b: usize) -> f64 {
        (0..N)
            .map(|i| *self.slot(nu, a, i) as f64 * *self.slot(nu, b, i) as f64)
            .sum()
    }

    /// Turns region nu's standard rows into (n, m) with covariance Sigma^nu, neuron by neuron.
    fn correlate(&mut self, nu: usize, factor: &LoadingFactor<R>) {
        for i in 0..N {
            let z_n: [f64; R] = core::array::from_fn(|mu| self.n[mu][nu][i] as f64);
            let z_m: [f64; R] = core::array::from_fn(|rho| self.m[nu][rho][i] as f64);
            let (n, m) = factor.apply(&z_n, &z_m);
            for mu in 0..R {
                self.n[mu][nu][i] = n[mu] as f32;
                self.m[nu][mu][i] = m[mu] as f32;
            }
        }
    }

    /// Neuron i of region nu's row k, in draw order: n^{1 nu} .. n^{R nu}, m^{nu 1} .. m^{nu R}, w^nu.
    fn slot(&mut self, nu: usize, k: usize, i: usize) -> &mut f32 {
        if k < R {
            &mut self.n[k][nu][i]
        } else if k < 2 * R {
            &mut self.m[nu][k - R][i]
        } else {
            &mut self.w[nu][i]
        }
    }
}

/// Fills chi^mu with i.i.d. N(0, 1/N) entries for every region with disorder (g_mu != 0).
pub fn draw_disorder<const R: usize, const N: usize>(
    chi: &mut [[[f32; N]; N]; R],
    disorder: &[f64; R],
    seed: u64,
) {
    let scale = 1.0 / libm::sqrt(N as f64);
    for (mu, block) in chi.iter_mut().enumerate() {
        if disorder[mu] == 0.0 {
            continue;
        }
        let mut normals = Stream::new(seed, Stream::DISORDER, mu as u64);
        for x in block.iter_mut().flatten() {
            *x = (normals.normal() * scale) as f32;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::interactions;

    extern crate std;
    use std::boxed::Box;

    /// Three regions of the Fig. 3 kind: readout variance c_nu > 1 (a test fixture).
    pub(crate) fn fig3_like() -> Params<3> {
        Params::new(interactions::symmetric(
            &[1.57, -1.59, 1.58],
            &[-0.39, -0.52, -0.45],
        ))
    }

    #[test]
    fn readout_variance_inflates_by_five_percent_steps() {
        let p = fig3_like();
        let f = LoadingFactor::new(&p.interactions, &p.overlaps, 0).unwrap();
        let k = libm::log(f.readout_variance) / libm::log(1.05);
        assert!(f.readout_variance > 1.0);
        assert!((k - libm::round(k)).abs() < 1e-9, "c = 1.05^{k}");
    }

    #[test]
    fn exact_moments_reproduce_sigma() {
        let p = fig3_like();
        let mut l: Box<Loadings<3, 256>> = Box::new(Loadings {
            m: [[[0.0; 256]; 3]; 3],
            n: [[[0.0; 256]; 3]; 3],
            w: [[0.0; 256]; 3],
        });
        l.draw(&p, 5).unwrap();
        let mean = |a: &[f32; 256], b: &[f32; 256]| {
            a.iter()
                .zip(b)
                .map(|(&x, &y)| x as f64 * y as f64)
                .sum::<f64>()
                / 256.0
        };
        for nu in 0..3 {
            for mu in 0..3 {
                for rho in 0..3 {
                    // <n^{mu nu} m^{nu rho}> = T[mu][nu][rho], up to f32 rounding of the stored vectors.
                    let t = mean(&l.n[mu][nu], &l.m[nu][rho]);
                    assert!(
                        (t - p.interactions[mu][nu][rho]).abs() < 1e-4,
                        "T[{mu}][{nu}][{rho}] = {t}"
                    );
                    let u = mean(&l.m[nu][mu], &l.m[nu][rho]);
                    assert!((u - p.overlaps[nu][mu][rho]).abs() < 1e-4);
                }
                assert!(mean(&l.w[nu], &l.m[nu][mu]).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn iid_moments_are_off_by_one_over_sqrt_n() {
        let mut p = fig3_like();
        p.sampling = Sampling::Iid;
        let mut l: Box<Loadings<3, 256>> = Box::new(Loadings {
            m: [[[0.0; 256]; 3]; 3],
            n: [[[0.0; 256]; 3]; 3],
            w: [[0.0; 256]; 3],
        });
        l.draw(&p, 5).unwrap();
        let u = l.m[0][0].iter().map(|&x| x as f64 * x as f64).sum::<f64>() / 256.0;
        // Sample variance of 256 normals: error ~ sqrt(2/256) = 0.09, never exactly 1.
        assert!((u - 1.0).abs() > 1e-4 && (u - 1.0).abs() < 0.5);
    }
}
