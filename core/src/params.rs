//! Validated parameters of a multiregion network (docs/model.md §1-2).
//!
//! Every model in this crate is built from a [`Params`]; [`Params::validate`] is the
//! one place where numbers are checked, so nothing downstream re-checks them.

use crate::error::Error;
use crate::linalg;

/// An R x R x R tensor indexed `[mu][nu][rho]` (effective interactions T or overlaps U).
pub type Tensor<const R: usize> = [[[f64; R]; R]; R];

/// The single-neuron nonlinearity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phi {
    /// phi(x) = erf(sqrt(pi)/2 x): the paper's choice; the theory's closed forms need it.
    #[default]
    Erf,
    /// phi(x) = tanh(x): same slope at 0, no closed-form Gaussian averages.
    Tanh,
}

/// How the loading vectors m, n, w are drawn (docs/model.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Whitened draws whose sample covariance equals Sigma^nu exactly (the default).
    #[default]
    ExactMoments,
    /// Plain i.i.d. Gaussian draws, as in the authors' code.
    Iid,
}

/// Parameters shared by the network, the reduced model and the theory.
#[derive(Debug, Clone, PartialEq)]
pub struct Params<const R: usize> {
    /// Euler step.
    pub dt: f64,
    /// The nonlinearity.
    pub phi: Phi,
    /// Disorder g_mu: the standard deviation scale of the random connectivity per region.
    pub disorder: [f64; R],
    /// Effective interactions `T[mu][nu][rho]` = <n^{mu nu} m^{nu rho}>.
    pub interactions: Tensor<R>,
    /// Input overlaps `U[nu][rho][rho']` = <m^{nu rho} m^{nu rho'}>; each `U[nu]` SPD.
    pub overlaps: Tensor<R>,
    /// Input matrix `V[mu][nu]`: how input e_nu drives the current S^{mu nu}.
    pub input_matrix: [[f64; R]; R],
    /// Constant external input e_mu per region.
    pub input: [f64; R],
    /// Regions whose outgoing currents are cut.
    pub silenced: [bool; R],
    /// How loading vectors are drawn.
    pub sampling: Sampling,
}

impl<const R: usize> Params<R> {
    /// Parameters with interactions `t` and the defaults: dt = 0.05, erf, no disorder,
    /// identity overlaps, no input, nothing silenced, exact-moment sampling.
    pub fn new(interactions: Tensor<R>) -> Self {
        Params {
            dt: 0.05,
            phi: Phi::Erf,
            disorder: [0.0; R],
            interactions,
            overlaps: identity_overlaps(),
            input_matrix: [[0.0; R]; R],
            input: [0.0; R],
            silenced: [false; R],
            sampling: Sampling::ExactMoments,
        }
    }

    /// Checks every number; the error names the config field and the fix.
    pub fn validate(&self) -> Result<(), Error> {
        if !self.dt.is_finite() {
            return Err(Error::NotFinite { field: "dt" });
        }
        if !(self.dt > 0.0 && self.dt <= 1.0) {
            return Err(Error::OutOfRange {
                field: "dt",
                expected: "> 0 and <= 1",
            });
        }
        finite("disorder", self.disorder.iter())?;
        if self.disorder.iter().any(|&g| g < 0.0) {
            return Err(Error::OutOfRange {
                field: "disorder",
                expected: ">= 0 in every region",
            });
        }
        finite("interactions", self.interactions.iter().flatten().flatten())?;
        finite(
            "interactions.overlaps",
            self.overlaps.iter().flatten().flatten(),
        )?;
        finite("input.v", self.input_matrix.iter().flatten())?;
        finite("input.e", self.input.iter())?;
        for (region, u) in self.overlaps.iter().enumerate() {
            let field = "interactions.overlaps";
            if !linalg::is_symmetric(u, 1e-12) {
                return Err(Error::NotSymmetric { field, region });
            }
            if linalg::cholesky(u).is_none() {
                return Err(Error::NotPositiveDefinite { field, region });
            }
        }
        Ok(())
    }

    /// Checks the parameters and that phi is erf, as the theory's closed forms need.
    pub fn validate_for_theory(&self, model: &'static str) -> Result<(), Error> {
        self.validate()?;
        match self.phi {
            Phi::Erf => Ok(()),
            Phi::Tanh => Err(Error::TheoryNeedsErf { model }),
        }
    }

    /// T with silenced senders removed: T[:, nu, :] = 0 for every silenced nu (§1).
    pub fn effective_interactions(&self) -> Tensor<R> {
        let mut t = self.interactions;
        for block in t.iter_mut() {
            for (nu, row) in block.iter_mut().enumerate() {
                if self.silenced[nu] {
                    *row = [0.0; R];
                }
            }
        }
        t
    }
}

/// `U[nu]` = identity in every region: the loading vectors of one region are orthogonal.
pub fn identity_overlaps<const R: usize>() -> Tensor<R> {
    let mut u = [[[0.0; R]; R]; R];
    for block in u.iter_mut() {
        for (rho, row) in block.iter_mut().enumerate() {
            row[rho] = 1.0;
        }
    }
    u
}

fn finite<'a>(field: &'static str, mut xs: impl Iterator<Item = &'a f64>) -> Result<(), Error> {
    if xs.all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(Error::NotFinite { field })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validate() {
        assert_eq!(Params::<3>::new([[[0.5; 3]; 3]; 3]).validate(), Ok(()));
    }

    #[test]
    fn rejects_bad_numbers_by_field() {
        let mut p = Params::<2>::new([[[0.0; 2]; 2]; 2]);
        p.dt = 0.0;
        assert_eq!(
            p.validate(),
            Err(Error::OutOfRange {
                field: "dt",
                expected: "> 0 and <= 1"
            })
        );
        let mut p = Params::<2>::new([[[0.0; 2]; 2]; 2]);
        p.interactions[1][0][1] = f64::NAN;
        assert_eq!(
            p.validate(),
            Err(Error::NotFinite {
                field: "interactions"
            })
        );
        let mut p = Params::<2>::new([[[0.0; 2]; 2]; 2]);
        p.overlaps[1] = [[1.0, 2.0], [2.0, 1.0]];
        let err = p.validate().unwrap_err();
        assert_eq!(
            err,
            Error::NotPositiveDefinite {
                field: "interactions.overlaps",
                region: 1
            }
        );
    }

    #[test]
    fn silencing_zeroes_the_senders_slice() {
        let mut p = Params::<2>::new([[[1.0; 2]; 2]; 2]);
        p.silenced[1] = true;
        let t = p.effective_interactions();
        assert_eq!(t[0][1], [0.0, 0.0]);
        assert_eq!(t[1][1], [0.0, 0.0]);
        assert_eq!(t[0][0], [1.0, 1.0]);
    }
}
