//! Errors of fallible construction: each names the config field and the fix.

use core::fmt;

/// Why parameters or a model could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// A number is NaN or infinite.
    NotFinite {
        /// The config field, e.g. `interactions.t`.
        field: &'static str,
    },
    /// A number lies outside its allowed range.
    OutOfRange {
        /// The config field.
        field: &'static str,
        /// What is allowed, e.g. `"> 0 and <= 1"`.
        expected: &'static str,
    },
    /// A matrix that must be symmetric positive definite is not.
    NotPositiveDefinite {
        /// The config field.
        field: &'static str,
        /// The region (0-based here; printed 1-based).
        region: usize,
    },
    /// A matrix that must be symmetric is not.
    NotSymmetric {
        /// The config field.
        field: &'static str,
        /// The region (0-based here; printed 1-based).
        region: usize,
    },
    /// The readout variance c_nu grew without making Sigma^nu positive definite.
    ReadoutVariance {
        /// The region (0-based here; printed 1-based).
        region: usize,
    },
    /// The closed forms of the theory hold for phi = erf only.
    TheoryNeedsErf {
        /// Which model was asked for.
        model: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::NotFinite { field } => {
                write!(f, "{field}: contains NaN or infinity; give finite numbers")
            }
            Error::OutOfRange { field, expected } => {
                write!(f, "{field}: out of range; it must be {expected}")
            }
            Error::NotPositiveDefinite { field, region } => write!(
                f,
                "{field}: the matrix of region {} is not positive definite; give a symmetric positive-definite matrix",
                region + 1
            ),
            Error::NotSymmetric { field, region } => write!(
                f,
                "{field}: the matrix of region {} is not symmetric; make it equal to its transpose",
                region + 1
            ),
            Error::ReadoutVariance { region } => write!(
                f,
                "interactions: no readout variance makes the loading covariance of region {} positive definite; \
                 shrink the effective interactions T[:, {}, :]",
                region + 1,
                region + 1
            ),
            Error::TheoryNeedsErf { model } => write!(
                f,
                "phi: the {model} model's closed forms hold for phi = \"erf\" only; set phi = \"erf\" or use --model network"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
