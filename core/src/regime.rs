//! Classifying a trajectory per region with the paper's classes (docs/model.md §4-5).
//!
//! Observe the end of a run, after its transient, through three numbers per region mu:
//!
//! - *level*: the largest root-mean-square current max_nu rms(S^{mu nu}) over the window;
//! - *swing*: the largest oscillation of a current, 2 sqrt(2) times the rms of S^{mu nu}
//!   about its least-squares straight line in time over the window (the peak-to-peak of a
//!   sinusoid of that rms). A slow relaxation that is still drifting is not an oscillation;
//!   a cycle is, whatever its phase at the window's ends;
//! - *displacement*: half the mean squared displacement of the pre-activations,
//!   d(k) = <(x(t) - x(t - k dt))^2> / 2 = (Delta(t,t) + Delta(t-k,t-k)) / 2 - Delta(t,t-k),
//!   minimised over long lags k (lags spanning at least one period of any oscillation;
//!   [`crate::dmft::Dmft::min_displacement`]). It is 0 at a fixed point and at the period of
//!   a cycle (x repeats), and stays >= Delta_0 - Delta_inf > 0 at every long lag under chaos.
//!
//! With the tolerances of [`Tolerances`], a region is *oscillating* if swing > `oscillation`,
//! *carries currents* if it oscillates or level > `current`, and is *chaotic* if
//! Delta(t, t) > `quiet` and displacement > `decorrelation` * Delta(t, t). The explicit Euler
//! scheme leaves a displacement of its own on a cycle, first order in dt: 2% of Delta(t, t)
//! for the Fig. 6 tensor T0 at g_1 = 1.5, dt = 0.05 (1% at dt = 0.025), hence the default 5%.
//! Then:
//!
//! | currents | oscillating | chaotic | regime |
//! |---|---|---|---|
//! | no | no | no | `quiescent` |
//! | no | no | yes | `chaos` |
//! | yes | no | no | `fixed_point` |
//! | yes | no | yes | `chaos_with_structure` |
//! | yes | yes | no | `limit_cycle` |
//! | yes | yes | yes | `chaos_with_limit_cycle` |
//!
//! [`RegimeMeter`] accumulates level and swing online (O(R^2) memory, no allocation).

/// The dynamical regime of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// No currents, no fluctuations: x -> 0.
    Quiescent,
    /// Constant currents, no chaos.
    FixedPoint,
    /// No currents, chaotic fluctuations (Sompolinsky-Crisanti-Sommers).
    Chaos,
    /// Constant currents with chaos around them: 0 < Delta_inf < Delta_0.
    ChaosWithStructure,
    /// Oscillating currents, no chaos.
    LimitCycle,
    /// Oscillating currents with chaos.
    ChaosWithLimitCycle,
}

impl Regime {
    /// The name used in outputs: `quiescent`, `fixed_point`, `chaos`, `chaos_with_structure`,
    /// `limit_cycle`, `chaos_with_limit_cycle`.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Quiescent => "quiescent",
            Regime::FixedPoint => "fixed_point",
            Regime::Chaos => "chaos",
            Regime::ChaosWithStructure => "chaos_with_structure",
            Regime::LimitCycle => "limit_cycle",
            Regime::ChaosWithLimitCycle => "chaos_with_limit_cycle",
        }
    }

    /// Whether the region is chaotic.
    pub fn is_chaotic(self) -> bool {
        matches!(
            self,
            Regime::Chaos | Regime::ChaosWithStructure | Regime::ChaosWithLimitCycle
        )
    }
}

impl core::fmt::Display for Regime {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Thresholds of the classification (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// A region carries currents if its largest rms current exceeds this.
    pub current: f64,
    /// A region oscillates if its largest peak-to-peak current exceeds this.
    pub oscillation: f64,
    /// A region is chaotic if its displacement exceeds this fraction of its variance.
    pub decorrelation: f64,
    /// A region whose variance is below this is quiet (never chaotic).
    pub quiet: f64,
}

impl Default for Tolerances {
    /// For the theory at dt <= 0.05, which has no finite-size noise: currents and swings of
    /// 1e-3, decorrelation 5% (above the Euler scheme's own), variance 1e-6.
    fn default() -> Self {
        Tolerances {
            current: 1e-3,
            oscillation: 1e-3,
            decorrelation: 0.05,
            quiet: 1e-6,
        }
    }
}

/// The regime from one region's level, swing, displacement and variance (see the module doc).
pub fn classify(
    level: f64,
    swing: f64,
    displacement: f64,
    variance: f64,
    tol: &Tolerances,
) -> Regime {
    let oscillating = swing > tol.oscillation;
    let currents = oscillating || level > tol.current;
    let chaotic = variance > tol.quiet && displacement > tol.decorrelation * variance;
    match (currents, oscillating, chaotic) {
        (false, _, false) => Regime::Quiescent,
        (false, _, true) => Regime::Chaos,
        (true, false, false) => Regime::FixedPoint,
        (true, false, true) => Regime::ChaosWithStructure,
        (true, true, false) => Regime::LimitCycle,
        (true, true, true) => Regime::ChaosWithLimitCycle,
    }
}

/// Online level and swing of every current S^{mu nu}: push samples, then classify.
///
/// Welford's updates of the means and co-moments of (sample index, S), so that the fit of a
/// straight line never suffers from cancellation, however many samples.
#[derive(Debug, Clone)]
pub struct RegimeMeter<const R: usize> {
    count: u64,
    mean_time: f64,
    time_moment: f64,
    sum_sq: [[f64; R]; R],
    mean: [[f64; R]; R],
    moment: [[f64; R]; R],
    co_moment: [[f64; R]; R],
}

impl<const R: usize> Default for RegimeMeter<R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const R: usize> RegimeMeter<R> {
    /// A meter with no samples.
    pub fn new() -> Self {
        let zero = [[0.0; R]; R];
        RegimeMeter {
            count: 0,
            mean_time: 0.0,
            time_moment: 0.0,
            sum_sq: zero,
            mean: zero,
            moment: zero,
            co_moment: zero,
        }
    }

    /// Adds one sample of the currents S (row mu = receiving region; f32 or f64).
    pub fn push<T: Copy + Into<f64>>(&mut self, currents: &[[T; R]; R]) {
        let time = self.count as f64;
        self.count += 1;
        let n = self.count as f64;
        let time_step = time - self.mean_time;
        self.mean_time += time_step / n;
        self.time_moment += time_step * (time - self.mean_time);
        for mu in 0..R {
            for nu in 0..R {
                let s: f64 = currents[mu][nu].into();
                self.sum_sq[mu][nu] += s * s;
                let step = s - self.mean[mu][nu];
                self.mean[mu][nu] += step / n;
                let after = s - self.mean[mu][nu];
                self.moment[mu][nu] += step * after;
                self.co_moment[mu][nu] += time_step * after;
            }
        }
    }

    /// Number of samples pushed.
    pub fn samples(&self) -> u64 {
        self.count
    }

    /// Level of region `mu`: max_nu rms(S^{mu nu}); 0 without samples.
    pub fn level(&self, mu: usize) -> f64 {
        let n = self.count.max(1) as f64;
        self.sum_sq[mu]
            .iter()
            .fold(0.0, |top, &s| top.max(libm::sqrt(s / n)))
    }

    /// Swing of region `mu`: max_nu of 2 sqrt(2) rms(S^{mu nu} - its straight-line fit).
    pub fn swing(&self, mu: usize) -> f64 {
        if self.count < 3 {
            return 0.0;
        }
        let n = self.count as f64;
        (0..R).fold(0.0, |top, nu| {
            let explained = self.co_moment[mu][nu] * self.co_moment[mu][nu] / self.time_moment;
            let residual = (self.moment[mu][nu] - explained).max(0.0) / n;
            top.max(2.0 * core::f64::consts::SQRT_2 * libm::sqrt(residual))
        })
    }

    /// The regime of every region, given each one's displacement and variance Delta(t, t).
    pub fn classify(
        &self,
        displacement: &[f64; R],
        variance: &[f64; R],
        tol: &Tolerances,
    ) -> [Regime; R] {
        core::array::from_fn(|mu| {
            classify(
                self.level(mu),
                self.swing(mu),
                displacement[mu],
                variance[mu],
                tol,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_papers() {
        let all = [
            Regime::Quiescent,
            Regime::FixedPoint,
            Regime::Chaos,
            Regime::ChaosWithStructure,
            Regime::LimitCycle,
            Regime::ChaosWithLimitCycle,
        ];
        let names = all.map(Regime::as_str);
        assert_eq!(
            names,
            [
                "quiescent",
                "fixed_point",
                "chaos",
                "chaos_with_structure",
                "limit_cycle",
                "chaos_with_limit_cycle"
            ]
        );
    }

    #[test]
    fn meter_separates_the_six_cases() {
        let tol = Tolerances::default();
        let mut meter = RegimeMeter::<3>::new();
        for k in 0..1000 {
            let wave = libm::sin(k as f64 * 0.03);
            let drift = 0.45 - 0.05 * (k as f64 / 1000.0);
            // Region 1 silent, region 2 still drifting slowly (not an oscillation), region 3 oscillating.
            meter.push(&[
                [0.0f32; 3],
                [drift as f32, -0.2, 0.0],
                [0.0, wave as f32, 0.1],
            ]);
        }
        let quiet = meter.classify(&[0.0; 3], &[0.0, 0.3, 0.4], &tol);
        assert_eq!(
            quiet,
            [Regime::Quiescent, Regime::FixedPoint, Regime::LimitCycle]
        );
        let chaotic = meter.classify(&[0.2; 3], &[0.8; 3], &tol);
        assert_eq!(
            chaotic,
            [
                Regime::Chaos,
                Regime::ChaosWithStructure,
                Regime::ChaosWithLimitCycle
            ]
        );
        assert!((meter.level(1) - 0.425).abs() < 1e-2);
        // Nearly five periods of a unit sine: swing ~2 (the fit absorbs a little).
        assert!((meter.swing(2) - 2.0).abs() < 0.1, "{}", meter.swing(2));
        assert!(meter.swing(1) < 1e-3, "{}", meter.swing(1));
    }
}
