//! Initial currents shared by every model, so that they all start from the same S(0).

use crate::rng::Stream;

/// How S(0) is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InitialCurrents<const R: usize> {
    /// S(0) given, row mu = receiving region.
    Given([[f64; R]; R]),
    /// Each S^{mu nu}(0) uniform in [-scale, scale], drawn from the seed.
    Uniform {
        /// Half-width of the interval.
        scale: f64,
    },
}

impl<const R: usize> InitialCurrents<R> {
    /// The currents S(0) for `seed`.
    pub fn resolve(&self, seed: u64) -> [[f64; R]; R] {
        match *self {
            InitialCurrents::Given(s) => s,
            InitialCurrents::Uniform { scale } => {
                let mut draws = Stream::new(seed, Stream::INIT, 0);
                core::array::from_fn(|_| core::array::from_fn(|_| draws.symmetric(scale)))
            }
        }
    }
}
