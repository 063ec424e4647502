//! The finite-N multiregion network (docs/model.md §1).
//!
//! State x (R x N, f32) under explicit Euler:
//! x += dt (-x + g chi phi(x) + sum_nu m^{mu nu} (I^{mu nu} + V e_nu) + w e),
//! with I^{mu nu} = n^{mu nu} . phi(x^nu) / N and the filtered currents
//! S += dt (-S + I + V e). The whole path is f32 with a fixed order of operations
//! (no fused multiply-add, libm's pure-Rust functions, dot products in eight fixed
//! lanes), so one seed gives the same bits on the host and on a microcontroller.
//!
//! Memory: the dense form stores chi as R N^2 f32 plus 2 R^2 N + R N f32 of loading
//! vectors and 2 R N f32 of state: `size_of::<Network<R, N>>()` =
//! 4 (R N^2 + 2 R^2 N + 3 R N) bytes + O(R^2).

use core::mem::MaybeUninit;

use crate::connectivity::{draw_disorder, Loadings};
use crate::error::Error;
use crate::gain;
use crate::params::{Params, Phi};

/// How a network stores (or regenerates) its connectivity.
///
/// # Safety
/// All-zero bytes must be a valid value of the implementing type (plain `f32` arrays
/// are): [`Network::init`] zeroes the memory before [`Synapses::load`] fills it.
pub unsafe trait Synapses<const R: usize, const N: usize> {
    /// Draws (or seeds) the connectivity; returns the readout variance c_nu per region.
    fn load(&mut self, params: &Params<R>, seed: u64) -> Result<[f64; R], Error>;
    /// sum_j chi^mu_ij rate_j: the random recurrent input to neuron i of region mu (without g).
    fn disorder_input(&self, mu: usize, i: usize, rate: &[f32; N]) -> f32;
    /// Neuron i of region mu: its loadings m^{mu rho}_i for every rho, and w^mu_i.
    fn input_pattern(&self, mu: usize, i: usize) -> ([f32; R], f32);
    /// sum_j n^{mu nu}_j rate_j: the current from region nu to region mu, times N.
    fn readout(&self, mu: usize, nu: usize, rate: &[f32; N]) -> f32;
}

/// Dense connectivity: every chi entry and loading vector stored (R N^2 + O(R^2 N) f32).
pub struct Dense<const R: usize, const N: usize> {
    chi: [[[f32; N]; N]; R],
    loadings: Loadings<R, N>,
}

// SAFETY: only f32 arrays.
unsafe impl<const R: usize, const N: usize> Synapses<R, N> for Dense<R, N> {
    fn load(&mut self, params: &Params<R>, seed: u64) -> Result<[f64; R], Error> {
        let c = self.loadings.draw(params, seed)?;
        draw_disorder(&mut self.chi, &params.disorder, seed);
        Ok(c)
    }

    #[inline]
    fn disorder_input(&self, mu: usize, i: usize, rate: &[f32; N]) -> f32 {
        dot(&self.chi[mu][i], rate)
    }

    #[inline]
    fn input_pattern(&self, mu: usize, i: usize) -> ([f32; R], f32) {
        let m = &self.loadings.m[mu];
        (
            core::array::from_fn(|rho| m[rho][i]),
            self.loadings.w[mu][i],
        )
    }

    #[inline]
    fn readout(&self, mu: usize, nu: usize, rate: &[f32; N]) -> f32 {
        dot(&self.loadings.n[mu][nu], rate)
    }
}

impl<const R: usize, const N: usize> Dense<R, N> {
    /// The loading vectors m, n, w.
    pub fn loadings(&self) -> &Loadings<R, N> {
        &self.loadings
    }
}

/// sum_i a_i b_i in f32, in eight fixed lanes combined by a fixed tree: fast (the
/// compiler may vectorise across lanes) and bit-reproducible (the order never changes).
#[inline]
pub fn dot<const N: usize>(a: &[f32; N], b: &[f32; N]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0.0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (a_tail, b_tail) = (a_chunks.remainder(), b_chunks.remainder());
    for (x, y) in a_chunks.zip(b_chunks) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    let mut sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in a_tail.iter().zip(b_tail) {
        sum += x * y;
    }
    sum
}

/// Coefficients of the update, in the network's precision.
#[derive(Clone, Copy)]
struct Coefficients<const R: usize> {
    dt: f32,
    phi: Phi,
    disorder: [f32; R],
    input_matrix: [[f32; R]; R],
    input: [f32; R],
}

/// A network of R regions of N neurons with connectivity stored as `C`.
pub struct Network<const R: usize, const N: usize, C = Dense<R, N>> {
    synapses: C,
    coefficients: Coefficients<R>,
    x: [[f32; N]; R],
    rate: [[f32; N]; R],
    filtered: [[f32; R]; R],
    instantaneous: [[f32; R]; R],
    filtered_input: [f32; R],
    gain: [f32; R],
    variance: [f32; R],
    readout_variance: [f64; R],
    steps: u64,
}

impl<const R: usize, const N: usize, C: Synapses<R, N>> Network<R, N, C> {
    /// Builds the network inside `slot` without moving it through the stack.
    ///
    /// Connectivity comes from `seed`; the state starts on the structured subspace,
    /// x^mu(0) = sum_rho m^{mu rho} S^{mu rho}(0), so the network starts at `initial` currents.
    pub fn init<'a>(
        slot: &'a mut MaybeUninit<Self>,
        params: &Params<R>,
        initial: &[[f64; R]; R],
        seed: u64,
    ) -> Result<&'a mut Self, Error> {
        params.validate()?;
        // SAFETY: every field is an f32/f64/u64 array, `Phi` (whose first variant is 0)
        // or a `C: Synapses`, which promises that all-zero bytes are valid.
        let network = unsafe {
            slot.as_mut_ptr().write_bytes(0, 1);
            slot.assume_init_mut()
        };
        network.readout_variance = network.synapses.load(params, seed)?;
        network.coefficients = Coefficients {
            dt: params.dt as f32,
            phi: params.phi,
            disorder: params.disorder.map(|g| g as f32),
            input_matrix: params.input_matrix.map(|row| row.map(|v| v as f32)),
            input: params.input.map(|e| e as f32),
        };
        network.filtered = initial.map(|row| row.map(|s| s as f32));
        for mu in 0..R {
            for i in 0..N {
                let (m, _) = network.synapses.input_pattern(mu, i);
                let mut x = 0.0f32;
                for rho in 0..R {
                    x += m[rho] * network.filtered[mu][rho];
                }
                network.x[mu][i] = x;
            }
        }
        network.refresh();
        Ok(network)
    }

    /// Builds the network on the heap (never on the stack, which N = 4096 would overflow).
    #[cfg(feature = "std")]
    pub fn boxed(
        params: &Params<R>,
        initial: &[[f64; R]; R],
        seed: u64,
    ) -> Result<std::boxed::Box<Self>, Error> {
        let mut slot = std::boxed::Box::<Self>::new_uninit();
        Self::init(&mut slot, params, initial, seed)?;
        // SAFETY: `init` returned Ok, so every field is initialised.
        Ok(unsafe { slot.assume_init() })
    }

    /// One explicit Euler step of x, S and y. Never panics and never allocates.
    pub fn step(&mut self) {
        let k = self.coefficients;
        let drive = self.drive();
        for mu in 0..R {
            let rate = &self.rate[mu];
            for (i, x) in self.x[mu].iter_mut().enumerate() {
                let (m, w) = self.synapses.input_pattern(mu, i);
                let mut dx = -*x;
                if k.disorder[mu] != 0.0 {
                    dx += k.disorder[mu] * self.synapses.disorder_input(mu, i, rate);
                }
                for rho in 0..R {
                    dx += m[rho] * drive[mu][rho];
                }
                dx += w * k.input[mu];
                *x += k.dt * dx;
            }
        }
        for mu in 0..R {
            for nu in 0..R {
                let s = &mut self.filtered[mu][nu];
                *s += k.dt * (drive[mu][nu] - *s);
            }
            let y = &mut self.filtered_input[mu];
            *y += k.dt * (k.input[mu] - *y);
        }
        self.steps += 1;
        self.refresh();
    }

    /// D = I + V e: what drives each filtered current now.
    fn drive(&self) -> [[f32; R]; R] {
        let k = &self.coefficients;
        core::array::from_fn(|mu| {
            core::array::from_fn(|nu| {
                self.instantaneous[mu][nu] + k.input_matrix[mu][nu] * k.input[nu]
            })
        })
    }

    /// Recomputes the rates, measured gains, variances and currents of the current state.
    fn refresh(&mut self) {
        let inv_n = 1.0 / N as f32;
        for mu in 0..R {
            let (mut slope, mut square) = (0.0f32, 0.0f32);
            for (r, &x) in self.rate[mu].iter_mut().zip(self.x[mu].iter()) {
                let (value, derivative) = activation(self.coefficients.phi, x);
                *r = value;
                slope += derivative;
                square += x * x;
            }
            self.gain[mu] = slope * inv_n;
            self.variance[mu] = square * inv_n;
        }
        for mu in 0..R {
            for nu in 0..R {
                self.instantaneous[mu][nu] = self.synapses.readout(mu, nu, &self.rate[nu]) * inv_n;
            }
        }
    }

    /// Time since the start: steps * dt.
    pub fn time(&self) -> f64 {
        self.steps as f64 * self.coefficients.dt as f64
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Filtered currents S^{mu nu} (row mu = receiving region).
    pub fn filtered_currents(&self) -> &[[f32; R]; R] {
        &self.filtered
    }

    /// Instantaneous currents I^{mu nu} (row mu = receiving region).
    pub fn currents(&self) -> &[[f32; R]; R] {
        &self.instantaneous
    }

    /// Measured gain psi_mu = mean_i phi'(x_i^mu) per region.
    pub fn gains(&self) -> &[f32; R] {
        &self.gain
    }

    /// Measured variance Delta_mu = mean_i (x_i^mu)^2 per region.
    pub fn variances(&self) -> &[f32; R] {
        &self.variance
    }

    /// Filtered inputs y_mu per region.
    pub fn filtered_inputs(&self) -> &[f32; R] {
        &self.filtered_input
    }

    /// Pre-activations x^mu_i.
    pub fn state(&self) -> &[[f32; N]; R] {
        &self.x
    }

    /// Readout variance c_nu per region (1 unless Sigma^nu needed inflating; docs/model.md §2).
    pub fn readout_variances(&self) -> &[f64; R] {
        &self.readout_variance
    }

    /// The connectivity.
    pub fn synapses(&self) -> &C {
        &self.synapses
    }
}

/// phi(x) and phi'(x) in f32.
#[inline]
fn activation(phi: Phi, x: f32) -> (f32, f32) {
    match phi {
        Phi::Erf => (gain::phi_erf(x), gain::phi_erf_slope(x)),
        Phi::Tanh => {
            let t = libm::tanhf(x);
            (t, 1.0 - t * t)
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::interactions;

    #[test]
    fn dot_matches_a_plain_sum_closely() {
        let a: [f32; 67] = core::array::from_fn(|i| (i as f32 * 0.37).sin());
        let b: [f32; 67] = core::array::from_fn(|i| (i as f32 * 0.11).cos());
        let plain: f64 = a.iter().zip(&b).map(|(&x, &y)| x as f64 * y as f64).sum();
        assert!((dot(&a, &b) as f64 - plain).abs() < 1e-5);
    }

    #[test]
    fn same_seed_same_bits() {
        let params = Params::<2>::new(interactions::random(2.0, 3));
        let s0 = [[0.5, -0.2], [0.1, 0.3]];
        let mut a = Network::<2, 64>::boxed(&params, &s0, 9).unwrap();
        let mut b = Network::<2, 64>::boxed(&params, &s0, 9).unwrap();
        let mut c = Network::<2, 64>::boxed(&params, &s0, 10).unwrap();
        for _ in 0..50 {
            a.step();
            b.step();
            c.step();
        }
        assert_eq!(a.state(), b.state());
        assert_ne!(a.state(), c.state());
    }

    #[test]
    fn starts_at_the_given_currents() {
        let params = Params::<2>::new(interactions::random(1.0, 4));
        let s0 = [[0.5, -0.2], [0.1, 0.3]];
        let net = Network::<2, 256>::boxed(&params, &s0, 1).unwrap();
        assert_eq!(net.filtered_currents()[0][1], -0.2f32);
        // With exact moments, x^mu . m^{mu rho} / N recovers S^{mu rho}(0) (U = identity).
        let m = &net.synapses().loadings().m[0][1];
        let proj: f32 = net.state()[0]
            .iter()
            .zip(m)
            .map(|(x, m)| x * m)
            .sum::<f32>()
            / 256.0;
        assert!((proj + 0.2).abs() < 1e-4, "{proj}");
    }
}
