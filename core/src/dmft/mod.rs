//! The dynamical mean-field theory with disorder, on a window of lags (docs/model.md §4).
//!
//! Per region mu the order parameters are the currents S, the filtered input y and the
//! two-point function Delta(t, t') with its auxiliary Gamma(t, t'):
//! (1 + d/dt') Delta = Gamma, (1 + d/dt) Gamma = g^2 C + sum U D(t) D(t') + e e.
//! [`Dmft`] keeps them for lags 0..B-1 only, in ring buffers indexed by the absolute
//! time step modulo B, so one Euler step updates every column in place: memory
//! O(B R + B R^2) (the drive history is B R^2), cost O(B R^2) per step, no allocation.
//!
//! Window: Gamma(i, j) is a leaky sum over i with weight (1 - dt)^lag; its recursion
//! starts at the window's edge from 0 (as docs/model.md §4 and the authors do). With
//! B >= the number of steps nothing is dropped: the full, untruncated solution.
//! The error of a window is larger than the exp(-B dt) of the dropped terms once g > 0
//! (measured, dt = 0.05, B = 256, t = 100-200, largest |S, psi| difference to the full
//! solution): the edge corrupts Delta at long lags, and C carries that inward, decaying
//! only like exp(-lambda lag) with lambda = sqrt(1 - g^2 C') < 1, the rate at which
//! correlations relax; on a limit cycle the resulting phase error also grows with time.
//! g = 0 cycle 2e-5; g = 3 chaos 3e-5; g = 0.5 cycle 6e-5; Fig. 3 fixed point (g_1 = 1.5)
//! 2e-4; g = 1.5 chaos 9e-4 (1e-5 at B = 512); the g = 1.5 two-region cycle 1e-2 (8e-4 at
//! B = 512). Choose B dt well beyond the correlation time, or B >= steps.

use core::mem::MaybeUninit;

use crate::error::Error;
use crate::params::Params;

mod real;

pub use real::{correlation, Real};
use real::{dot, gain, normaliser, pick_min, scaled_correlation};

/// Which explicit Euler scheme integrates the theory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Scheme {
    /// docs/model.md §4, "Step j -> j+1" items 1-5, Delta(0, 0) and Gamma(0, j) from the
    /// initial state.
    #[default]
    Clean = 0,
    /// The authors' `run_ns_dmft_multi_pop`: Delta(0, 0) = g_1^2 in every region,
    /// Gamma(0, j) = 0, psi(j) = psi(Delta(j-1, j-1)) (0 at j = 0), the drive
    /// H(j) = T psi(j-1) S(j-1) and S(j) = S(j-1) + dt (H(j-1) - S(j-1)).
    Authors = 1,
    /// The N -> infinity limit of the network's own Euler step (not in docs/model.md): with
    /// Gamma(i, j) = <x(i) h(j)>, h the network's drive, x(i+1) = (1 - dt) x(i) + dt h(i)
    /// gives Gamma(i, j) = Gamma(i-1, j) + dt (src(i-1, j) - Gamma(i-1, j)) and
    /// Delta(j+1, j+1) = (1 - dt) Delta(j, j+1) + dt ((1 - dt) Gamma(j, j) + dt src(j, j)):
    /// no provisional values. It has no O(dt) offset from a network with the same dt, and
    /// with g = 0 it is the reduced model's Euler step exactly.
    Network = 2,
}

/// Coefficients, in the theory's float type.
#[derive(Clone, Copy)]
struct Coefficients<const R: usize, F> {
    dt: F,
    interactions: [[[F; R]; R]; R],
    overlaps: [[[F; R]; R]; R],
    input_matrix: [[F; R]; R],
    input: [F; R],
    disorder_sq: [F; R],
    initial: [[F; R]; R],
    scheme: Scheme,
}

/// The DMFT of R regions on a window of B lags, in float type F.
///
/// Build it in place with [`Dmft::init`] (or `Dmft::boxed` with `std`, or [`Dmft::new`]); B >= 2.
pub struct Dmft<const R: usize, const B: usize, F: Real = f64> {
    k: Coefficients<R, F>,
    dt: f64,
    currents: [[F; R]; R],
    filtered_input: [F; R],
    /// D(j) (the authors' H(j) under [`Scheme::Authors`]).
    drive: [[F; R]; R],
    gain: [F; R],
    /// Delta(i, j) of the current column j, at slot i % B.
    two_point: [[F; R]; B],
    /// Gamma(i, j) of the current column j, at slot i % B.
    auxiliary: [[F; R]; B],
    /// Delta(i, i) at slot i % B.
    equal_time: [[F; R]; B],
    /// 1 / sqrt(Delta(i, i) + 2/pi) at slot i % B: the normalisation inside C, once per row.
    scale: [[F; R]; B],
    /// D(i) at slot i % B.
    drives: [[[F; R]; R]; B],
    steps: u64,
}

#[inline]
fn slot<const B: usize>(i: u64) -> usize {
    (i % B as u64) as usize
}

impl<const R: usize, const B: usize, F: Real> Dmft<R, B, F> {
    /// Builds the theory inside `slot` (zeroed first, never moved through the stack),
    /// starting at currents `initial` and y = 0. Fails for phi = tanh.
    pub fn init<'a>(
        slot: &'a mut MaybeUninit<Self>,
        params: &Params<R>,
        initial: [[f64; R]; R],
        scheme: Scheme,
    ) -> Result<&'a mut Self, Error> {
        const { assert!(B >= 2, "the window needs lags 0 and 1") };
        params.validate_for_theory("dmft")?;
        // SAFETY: every field is an array of F (f32 or f64, see `sealed`), an f64, a u64 or
        // `Scheme`, which is repr(u8) with a variant 0: all-zero bytes are valid for each.
        let theory = unsafe {
            slot.as_mut_ptr().write_bytes(0, 1);
            slot.assume_init_mut()
        };
        let f = |x: f64| F::from_f64(x);
        theory.k = Coefficients {
            dt: f(params.dt),
            interactions: params.effective_interactions().map(|m| m.map(|r| r.map(f))),
            overlaps: params.overlaps.map(|m| m.map(|r| r.map(f))),
            input_matrix: params.input_matrix.map(|r| r.map(f)),
            input: params.input.map(f),
            disorder_sq: params.disorder.map(|g| f(g * g)),
            initial: initial.map(|r| r.map(f)),
            scheme,
        };
        theory.dt = params.dt;
        theory.currents = theory.k.initial;
        let k = &theory.k;
        let (delta, gamma) = match scheme {
            Scheme::Clean | Scheme::Network => {
                // Delta(0, 0) = sum U S(0) S(0): the variance of the network's initial state.
                let delta = core::array::from_fn(|mu| {
                    dot(&k.initial[mu], &overlap_times(k, mu, &k.initial[mu]))
                });
                theory.gain = delta.map(gain);
                theory.drive = drive(k, &theory.gain, &theory.currents);
                // Gamma(0, 0) = sum U S(0) D(0), the initial state's correlation with the drive.
                let gamma = core::array::from_fn(|mu| {
                    dot(&k.initial[mu], &overlap_times(k, mu, &theory.drive[mu]))
                });
                (delta, gamma)
            }
            Scheme::Authors => {
                theory.drive = drive(k, &[F::ZERO; R], &theory.currents);
                (
                    [f(params.disorder.first().map_or(0.0, |g| g * g)); R],
                    [F::ZERO; R],
                )
            }
        };
        theory.two_point[0] = delta;
        theory.set_equal_time(0, delta);
        theory.auxiliary[0] = gamma;
        theory.drives[0] = theory.drive;
        Ok(theory)
    }

    /// Builds the theory on the heap (large windows would overflow the stack).
    #[cfg(feature = "std")]
    pub fn boxed(
        params: &Params<R>,
        initial: [[f64; R]; R],
        scheme: Scheme,
    ) -> Result<std::boxed::Box<Self>, Error> {
        let mut slot = std::boxed::Box::<Self>::new_uninit();
        Self::init(&mut slot, params, initial, scheme)?;
        // SAFETY: `init` returned Ok, so every field is initialised.
        Ok(unsafe { slot.assume_init() })
    }

    /// Builds the theory by value (for small windows: it lives on the stack).
    pub fn new(params: &Params<R>, initial: [[f64; R]; R], scheme: Scheme) -> Result<Self, Error> {
        let mut slot = MaybeUninit::uninit();
        Self::init(&mut slot, params, initial, scheme)?;
        // SAFETY: `init` returned Ok, so every field is initialised.
        Ok(unsafe { slot.assume_init() })
    }

    /// One Euler step j -> j+1 (docs/model.md §4, items 1-5). Never allocates.
    pub fn step(&mut self) {
        let k = self.k;
        let dt = k.dt;
        let j = self.steps;
        let (here, next) = (slot::<B>(j), slot::<B>(j + 1));
        // 1. S and y.
        let previous = self.currents;
        for (row, d) in self.currents.iter_mut().zip(self.drive.iter()) {
            for (s, &d) in row.iter_mut().zip(d.iter()) {
                *s += dt * (d - *s);
            }
        }
        for (y, &e) in self.filtered_input.iter_mut().zip(k.input.iter()) {
            *y += dt * (e - *y);
        }
        // The equal-time source src(j, j), before the column moves (Network scheme only).
        let diagonal_source = self.source(here, &self.scale[here], &self.weights(&self.drive));
        // 2. Delta(i, j+1) for the rows i <= j still inside the window.
        let lowest = (j + 2).saturating_sub(B as u64);
        for i in lowest..=j {
            let s = slot::<B>(i);
            for mu in 0..R {
                let delta = self.two_point[s][mu];
                self.two_point[s][mu] = delta + dt * (self.auxiliary[s][mu] - delta);
            }
        }
        if k.scheme == Scheme::Network {
            // Delta(j+1, j+1), psi and D at t_{j+1}, then Gamma(., j+1) with src one row behind.
            let delta: [F; R] = core::array::from_fn(|mu| {
                let lagged = (F::ONE - dt) * self.auxiliary[here][mu] + dt * diagonal_source[mu];
                (F::ONE - dt) * self.two_point[here][mu] + dt * lagged
            });
            self.settle(next, delta);
            let weights = self.weights(&self.drive);
            let start = if lowest == 0 {
                self.initial_correlation(&weights)
            } else {
                [F::ZERO; R]
            };
            self.auxiliary[slot::<B>(lowest)] = start;
            self.gamma_column(lowest, j, start, &delta, &weights, 1);
        } else {
            // 3. Provisional values at t_{j+1}: Delta~ = Delta(j, j), D~ from psi(j); the
            // authors' drive sees S(j), not S(j+1).
            let provisional = self.equal_time[here];
            let seen = if k.scheme == Scheme::Authors {
                previous
            } else {
                self.currents
            };
            let drive_next = drive(&k, &self.gain, &seen);
            self.two_point[next] = provisional;
            self.set_equal_time(next, provisional);
            self.drives[next] = drive_next;
            // 4. Gamma(i, j+1), from the first row of the window up to j+1.
            let weights = self.weights(&drive_next);
            let (first, start) = if lowest == 0 {
                let start = match k.scheme {
                    Scheme::Authors => [F::ZERO; R],
                    _ => self.initial_correlation(&weights),
                };
                self.auxiliary[0] = start;
                (1, start)
            } else {
                (lowest, [F::ZERO; R])
            };
            self.gamma_column(first, j + 1, start, &provisional, &weights, 0);
            // 5. Delta(j+1, j+1), then the gain and the drive at t_{j+1}.
            let delta = core::array::from_fn(|mu| {
                let d = self.two_point[here][mu];
                d + dt * (self.auxiliary[here][mu] - d)
            });
            if k.scheme == Scheme::Authors {
                self.two_point[next] = delta;
                self.set_equal_time(next, delta);
                self.gain = provisional.map(gain);
                self.drive = drive_next;
            } else {
                self.settle(next, delta);
            }
        }
        self.steps += 1;
    }

    /// Stores Delta(j+1, j+1) and sets psi(j+1) and D(j+1) from it.
    fn set_equal_time(&mut self, s: usize, delta: [F; R]) {
        self.equal_time[s] = delta;
        self.scale[s] = delta.map(normaliser);
    }

    fn settle(&mut self, next: usize, delta: [F; R]) {
        self.two_point[next] = delta;
        self.set_equal_time(next, delta);
        self.gain = delta.map(gain);
        self.drive = drive(&self.k, &self.gain, &self.currents);
        self.drives[next] = self.drive;
    }

    /// `U[mu]` D^{mu .}: so that sum U D(i) D = D(i) . weights costs R per row, not R^2.
    fn weights(&self, d: &[[F; R]; R]) -> [[F; R]; R] {
        core::array::from_fn(|mu| overlap_times(&self.k, mu, &d[mu]))
    }

    /// Gamma(0, j) = sum U S(0) D(j): the initial state's correlation with the drive (y(0) = 0).
    fn initial_correlation(&self, weights: &[[F; R]; R]) -> [F; R] {
        core::array::from_fn(|mu| dot(&self.k.initial[mu], &weights[mu]))
    }

    /// src(i) = g^2 C(Delta(i, i), Delta_eq, Delta(i, col)) + sum U D(i) D(col) + e^2, row i at `s`.
    #[inline]
    fn source(&self, s: usize, equal_scale: &[F; R], weights: &[[F; R]; R]) -> [F; R] {
        let k = &self.k;
        core::array::from_fn(|mu| {
            // Regions without disorder skip the arcsine: g^2 C is exactly 0 there (C is finite).
            let chaos = if k.disorder_sq[mu] == F::ZERO {
                F::ZERO
            } else {
                k.disorder_sq[mu]
                    * scaled_correlation(self.two_point[s][mu], self.scale[s][mu], equal_scale[mu])
            };
            chaos + dot(&self.drives[s][mu], &weights[mu]) + k.input[mu] * k.input[mu]
        })
    }

    /// The recursion Gamma(i + shift) = Gamma(i + shift - 1) + dt (src(i) - Gamma(i + shift - 1))
    /// for rows i = first..=last of the new column, from `gamma` = Gamma(first + shift - 1).
    fn gamma_column(
        &mut self,
        first: u64,
        last: u64,
        mut gamma: [F; R],
        equal: &[F; R],
        weights: &[[F; R]; R],
        shift: u64,
    ) {
        let dt = self.k.dt;
        let equal_scale = equal.map(normaliser);
        for i in first..=last {
            let source = self.source(slot::<B>(i), &equal_scale, weights);
            for mu in 0..R {
                gamma[mu] += dt * (source[mu] - gamma[mu]);
            }
            self.auxiliary[slot::<B>(i + shift)] = gamma;
        }
    }

    /// Filtered currents S^{mu nu} (row mu = receiving region).
    pub fn currents(&self) -> &[[F; R]; R] {
        &self.currents
    }

    /// Instantaneous currents I^{mu nu} = sum_rho T psi_nu S^{nu rho} (the drive without input;
    /// the authors' H under [`Scheme::Authors`]).
    pub fn instantaneous_currents(&self) -> [[F; R]; R] {
        core::array::from_fn(|mu| {
            core::array::from_fn(|nu| {
                self.drive[mu][nu] - self.k.input_matrix[mu][nu] * self.k.input[nu]
            })
        })
    }

    /// Gains psi_mu = psi(Delta_mu(t, t)) (psi(Delta(t - dt, t - dt)) under [`Scheme::Authors`]).
    pub fn gains(&self) -> &[F; R] {
        &self.gain
    }

    /// Variances Delta_mu(t, t).
    pub fn variances(&self) -> &[F; R] {
        &self.equal_time[slot::<B>(self.steps)]
    }

    /// Filtered inputs y_mu.
    pub fn filtered_inputs(&self) -> &[F; R] {
        &self.filtered_input
    }

    /// Delta_mu(t, t - k dt); `None` for k >= B or before the start.
    pub fn autocorrelation(&self, k: usize) -> Option<[F; R]> {
        if k >= B || k as u64 > self.steps {
            return None;
        }
        Some(self.two_point[slot::<B>(self.steps - k as u64)])
    }

    /// Half the mean squared displacement <(x(t) - x(t - k dt))^2> / 2 per region:
    /// (Delta(t, t) + Delta(t - k, t - k)) / 2 - Delta(t, t - k); `None` as for
    /// [`Dmft::autocorrelation`]. Zero at a fixed point and at the period of a cycle;
    /// positive at every long lag under chaos (see [`crate::regime`]).
    pub fn displacement(&self, k: usize) -> Option<[F; R]> {
        let cross = self.autocorrelation(k)?;
        let now = self.variances();
        let then = &self.equal_time[slot::<B>(self.steps - k as u64)];
        let half = F::from_f64(0.5);
        Some(core::array::from_fn(|mu| {
            half * (now[mu] + then[mu]) - cross[mu]
        }))
    }

    /// The smallest [`Dmft::displacement`] over the lags `lags` (clamped to those that exist) per region.
    pub fn min_displacement(&self, lags: core::ops::Range<usize>) -> Option<[F; R]> {
        // Only lags inside the window and the run exist: never walk past them.
        let end = lags.end.min(B).min(self.steps.saturating_add(1) as usize);
        (lags.start..end)
            .filter_map(|k| self.displacement(k))
            .reduce(|a, b| core::array::from_fn(|mu| pick_min(a[mu], b[mu])))
    }

    /// Time since the start: steps * dt.
    pub fn time(&self) -> f64 {
        self.steps as f64 * self.dt
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The integration scheme.
    pub fn scheme(&self) -> Scheme {
        self.k.scheme
    }
}

/// `U[mu]` v.
#[inline]
fn overlap_times<const R: usize, F: Real>(k: &Coefficients<R, F>, mu: usize, v: &[F; R]) -> [F; R] {
    core::array::from_fn(|rho| dot(&k.overlaps[mu][rho], v))
}

/// D^{mu nu} = sum_rho `T[mu][nu][rho]` psi_nu S^{nu rho} + `V[mu][nu]` e_nu.
#[inline]
fn drive<const R: usize, F: Real>(
    k: &Coefficients<R, F>,
    gain: &[F; R],
    s: &[[F; R]; R],
) -> [[F; R]; R] {
    core::array::from_fn(|mu| {
        core::array::from_fn(|nu| {
            dot(&k.interactions[mu][nu], &s[nu]) * gain[nu] + k.input_matrix[mu][nu] * k.input[nu]
        })
    })
}
