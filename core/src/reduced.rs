//! The reduced current model: the N -> infinity limit without disorder (docs/model.md §3).
//!
//! dS^{mu nu}/dt = -S^{mu nu} + sum_rho `T[mu][nu][rho]` psi_nu S^{nu rho} + `V[mu][nu]` e_nu,
//! dy/dt = -y + e, psi_nu = 1 / sqrt(1 + pi Delta_nu / 2),
//! Delta_nu = sum `U[nu]` S^{nu .} S^{nu .} + y_nu^2.
//!
//! f64 only: this model is the reference the network is checked against (to 1e-6 and
//! below), and its cost is O(R^3) per step, cheap even in soft-float on a microcontroller,
//! so a generic float type would buy nothing.

use crate::error::Error;
use crate::gain::{psi, psi_inv};
use crate::params::{Params, Tensor};

/// The reduced model's state and parameters.
#[derive(Debug, Clone)]
pub struct CurrentModel<const R: usize> {
    interactions: Tensor<R>,
    overlaps: Tensor<R>,
    input_matrix: [[f64; R]; R],
    input: [f64; R],
    dt: f64,
    filtered: [[f64; R]; R],
    filtered_input: [f64; R],
    gain: [f64; R],
    variance: [f64; R],
    steps: u64,
}

impl<const R: usize> CurrentModel<R> {
    /// A model at currents `initial` and y = 0; fails for phi = tanh (no closed form).
    pub fn new(params: &Params<R>, initial: [[f64; R]; R]) -> Result<Self, Error> {
        params.validate_for_theory("reduced")?;
        let mut model = CurrentModel {
            interactions: params.effective_interactions(),
            overlaps: params.overlaps,
            input_matrix: params.input_matrix,
            input: params.input,
            dt: params.dt,
            filtered: initial,
            filtered_input: [0.0; R],
            gain: [0.0; R],
            variance: [0.0; R],
            steps: 0,
        };
        model.refresh();
        Ok(model)
    }

    /// One explicit Euler step.
    pub fn step(&mut self) {
        let drive = self.drive();
        for mu in 0..R {
            for nu in 0..R {
                self.filtered[mu][nu] += self.dt * (drive[mu][nu] - self.filtered[mu][nu]);
            }
            self.filtered_input[mu] += self.dt * (self.input[mu] - self.filtered_input[mu]);
        }
        self.steps += 1;
        self.refresh();
    }

    /// D^{mu nu} = sum_rho `T[mu][nu][rho]` psi_nu S^{nu rho} + `V[mu][nu]` e_nu.
    pub fn drive(&self) -> [[f64; R]; R] {
        core::array::from_fn(|mu| {
            core::array::from_fn(|nu| {
                let current: f64 = (0..R)
                    .map(|rho| self.interactions[mu][nu][rho] * self.filtered[nu][rho])
                    .sum();
                current * self.gain[nu] + self.input_matrix[mu][nu] * self.input[nu]
            })
        })
    }

    fn refresh(&mut self) {
        for nu in 0..R {
            let s = &self.filtered[nu];
            let mut delta = self.filtered_input[nu] * self.filtered_input[nu];
            for rho in 0..R {
                for rho2 in 0..R {
                    delta += self.overlaps[nu][rho][rho2] * s[rho] * s[rho2];
                }
            }
            self.variance[nu] = delta;
            self.gain[nu] = psi(delta);
        }
    }

    /// Filtered currents S^{mu nu}.
    pub fn currents(&self) -> &[[f64; R]; R] {
        &self.filtered
    }

    /// Instantaneous currents I^{mu nu} = sum_rho T psi_nu S^{nu rho} (the drive without input).
    pub fn instantaneous_currents(&self) -> [[f64; R]; R] {
        core::array::from_fn(|mu| {
            core::array::from_fn(|nu| {
                (0..R)
                    .map(|rho| self.interactions[mu][nu][rho] * self.filtered[nu][rho])
                    .sum::<f64>()
                    * self.gain[nu]
            })
        })
    }

    /// Gains psi_mu.
    pub fn gains(&self) -> &[f64; R] {
        &self.gain
    }

    /// Variances Delta_mu.
    pub fn variances(&self) -> &[f64; R] {
        &self.variance
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Time since the start.
    pub fn time(&self) -> f64 {
        self.steps as f64 * self.dt
    }

    /// Row sums A_mu = sum_nu (S^{mu nu})^2.
    pub fn row_sums(&self) -> [f64; R] {
        self.filtered.map(|row| row.iter().map(|s| s * s).sum())
    }
}

/// The fixed-point row sum of a region of the symmetric form with a structured fixed point:
/// A = psi_inv(1 / max(a, b)) (docs/model.md §3). Zero when max(a, b) <= 1 (S = 0 is stable).
pub fn fixed_point_row_sum(a: f64, b: f64) -> f64 {
    let top = a.max(b);
    if top <= 1.0 {
        0.0
    } else {
        psi_inv(1.0 / top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interactions;
    use crate::params::Phi;

    #[test]
    fn tanh_is_refused_with_the_field_named() {
        let mut p = Params::<1>::new([[[2.0]]]);
        p.phi = Phi::Tanh;
        let err = CurrentModel::new(&p, [[1.0]]).unwrap_err();
        assert_eq!(err, Error::TheoryNeedsErf { model: "reduced" });
    }

    #[test]
    fn weak_interactions_decay_to_zero() {
        let p = Params::<2>::new(interactions::symmetric(&[0.5, 0.6], &[0.1, 0.0]));
        let mut m = CurrentModel::new(&p, [[1.0, -1.0], [0.5, 0.2]]).unwrap();
        (0..4000).for_each(|_| m.step());
        assert!(m.row_sums().iter().all(|&a| a < 1e-12));
    }

    #[test]
    fn constant_input_reaches_the_filtered_input() {
        let mut p = Params::<1>::new([[[0.0]]]);
        p.input = [2.0];
        let mut m = CurrentModel::new(&p, [[0.0]]).unwrap();
        (0..2000).for_each(|_| m.step());
        // y -> e = 2: Delta = 4, psi = 1/sqrt(1 + 2 pi).
        assert!((m.variances()[0] - 4.0).abs() < 1e-9);
    }
}
