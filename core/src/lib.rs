//! Multiregion recurrent neural networks (Clark & Beiran, PNAS 2025) and their theory.
//!
//! `#![no_std]` and allocation-free: the number of regions `R` and of neurons per
//! region `N` are const generics, so every buffer has a size known at compile time.
//! Each module is one idea of the model (section numbers refer to `docs/model.md`):
//!
//! | module | what |
//! |---|---|
//! | [`error`] | errors of fallible construction, naming the config field |
//! | [`params`] | validated parameters: disorder, effective interactions T, overlaps U, inputs (§1-2) |
//! | [`interactions`] | the constructions of T: symmetric (u, h), random, and the linearisation That (§2) |
//! | [`linalg`] | R x R Cholesky factors |
//! | [`rng`] | the seeded generator, Gaussian draws and the counter-based hash (§2) |
//! | [`connectivity`] | sampling loading vectors and the random matrices with the paper's statistics (§2) |
//! | [`gain`] | the erf nonlinearity, its gain psi and the inverse psi_inv (§1, §3) |
//! | [`network`] | the finite-N network [`network::Network`] and its measured currents (§1) |
//! | [`reduced`] | the reduced current model [`reduced::CurrentModel`] for g = 0 (§3) |
//! | [`init`] | initial currents shared by every model (§1) |
//! | `config` | the TOML config (feature `config`, needs std), shared by host and firmware build |
//! | [`procedural`] | connectivity regenerated on the fly from a counter-based hash (§1) |
//! | [`stationary`] | stationary theory: Delta_0, Delta_inf, the static structured variance A (§4) |
//! | [`dmft`] | the dynamical mean-field theory [`dmft::Dmft`] with disorder, on a window of lags (§4) |
//! | [`regime`] | classifying a trajectory: fixed point, chaos, limit cycle, ... (§4) |
//!
//! ```
//! use mrnn_core::{interactions, params::Params, reduced::CurrentModel};
//! let t = interactions::symmetric(&[1.58], &[-0.4]);
//! let params = Params::<1>::new(t);
//! let mut model = CurrentModel::new(&params, [[1.0]]).unwrap();
//! for _ in 0..4000 { model.step(); }
//! // One region: T = u^2 + h = 2.0964 > 1, so the current settles where psi = 1 / T.
//! let predicted = mrnn_core::gain::psi_inv(1.0 / (1.58f64 * 1.58 - 0.4));
//! assert!((model.currents()[0][0].powi(2) - predicted).abs() < 1e-9);
//! ```
#![no_std]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "config")]
pub mod config;
pub mod connectivity;
pub mod dmft;
pub mod error;
pub mod gain;
pub mod init;
pub mod interactions;
pub mod linalg;
pub mod network;
pub mod params;
pub mod procedural;
pub mod reduced;
pub mod regime;
pub mod rng;
pub mod stationary;

pub use error::Error;
pub use params::{Params, Phi};
