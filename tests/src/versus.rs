//! The paper's own test, as a library: finite-N networks against the DMFT (docs/model.md
//! §1, §4) for one parameter set over several N and seeds. The theory runs
//! [`Scheme::Network`], the N -> infinity limit of the network's own Euler step at the same
//! dt, so what remains between the two is finite-N only (model.md's scheme differs from it
//! by O(dt), ~1% at dt = 0.05, which would put a floor under the error). Both start from the
//! same currents, taken on the theory's attractor so that the averages are of a settled state.
//! Used by `tests/theory_vs_network.rs` (N up to 2048, in CI) and the report binary
//! `theory_vs_network` (N up to 4096, docs/theory-vs-network.md).

use std::collections::VecDeque;
use std::ops::Range;

use mrnn_core::dmft::{Dmft, Scheme};
use mrnn_core::network::Network;
use mrnn_core::params::Params;
use mrnn_core::regime::{Regime, RegimeMeter, Tolerances};

use crate::{array, fig3_with_disorder, loglog_slope, mean_std, read_json};

/// What is compared: time averages per region of psi, Delta and the structured variance
/// A = sum_nu (S^{mu nu})^2 (U = identity), and the regime. A is the one that tells g apart at
/// a structured fixed point: there psi = 1 / b_mu and Delta = psi_inv(psi) whatever g is
/// (docs/model.md §4), while A = Delta_0 - g^2 C(Delta_0, Delta_0, Delta_0).
#[derive(Debug, Clone, Copy)]
pub struct Measured<const R: usize> {
    /// Time-averaged gain per region.
    pub psi: [f64; R],
    /// Time-averaged variance per region.
    pub delta: [f64; R],
    /// Time-averaged row sum A_mu = sum_nu (S^{mu nu})^2.
    pub rows: [f64; R],
    /// The regime per region.
    pub regime: [Regime; R],
}

/// Adds one sample of psi, Delta and the row sums of S^2.
fn accumulate<const R: usize, T: Copy + Into<f64>>(
    sums: &mut [[f64; R]; 3],
    psi: &[T; R],
    delta: &[T; R],
    s: &[[T; R]; R],
) {
    for mu in 0..R {
        sums[0][mu] += psi[mu].into();
        sums[1][mu] += delta[mu].into();
        sums[2][mu] += s[mu].iter().map(|&x| x.into().powi(2)).sum::<f64>();
    }
}

/// A run: total steps, the steps averaged, the lags (in steps) searched for the displacement.
#[derive(Clone)]
pub struct Scenario {
    /// Euler steps of every run.
    pub steps: usize,
    /// Steps whose samples are averaged.
    pub average: Range<usize>,
    /// Lags (in steps) searched for the smallest displacement.
    pub lags: Range<usize>,
}

/// For both models: the finite-N network settles to within ~1e-2 of the theory's currents,
/// so swings and levels are compared at 0.05, and decorrelation at 5% of the variance.
pub const TOLERANCES: Tolerances = Tolerances {
    current: 0.05,
    oscillation: 0.05,
    decorrelation: 0.05,
    quiet: 1e-6,
};

/// Currents on the theory's attractor: S after t = 300 from `s0` (window B dt = 51).
pub fn attractor<const R: usize>(params: &Params<R>, s0: [[f64; R]; R]) -> [[f64; R]; R] {
    let mut theory = Dmft::<R, 1024>::boxed(params, s0, Scheme::Network).unwrap();
    (0..6000).for_each(|_| theory.step());
    *theory.currents()
}

pub fn theory<const R: usize>(params: &Params<R>, s0: [[f64; R]; R], sc: &Scenario) -> Measured<R> {
    let mut dmft = Dmft::<R, 2048>::boxed(params, s0, Scheme::Network).unwrap();
    let (mut sums, mut meter) = ([[0.0; R]; 3], RegimeMeter::<R>::new());
    for j in 1..=sc.steps {
        dmft.step();
        if sc.average.contains(&j) {
            accumulate(&mut sums, dmft.gains(), dmft.variances(), dmft.currents());
            meter.push(dmft.currents());
        }
    }
    let n = sc.average.len() as f64;
    let displacement = dmft.min_displacement(sc.lags.clone()).unwrap();
    let regime = meter.classify(&displacement, dmft.variances(), &TOLERANCES);
    let [psi, delta, rows] = sums.map(|q| q.map(|x| x / n));
    Measured {
        psi,
        delta,
        rows,
        regime,
    }
}

/// The network, with x stored every step of the last lags for the displacement (a coarser
/// grid of lags misses the period of a cycle by up to half its spacing).
fn network<const R: usize, const N: usize>(
    params: &Params<R>,
    s0: [[f64; R]; R],
    seed: u64,
    sc: &Scenario,
) -> Measured<R> {
    let mut net = Network::<R, N>::boxed(params, &s0, seed).unwrap();
    let (mut sums, mut meter) = ([[0.0; R]; 3], RegimeMeter::<R>::new());
    let mut history: VecDeque<[[f32; N]; R]> = VecDeque::new();
    for j in 1..=sc.steps {
        net.step();
        if sc.average.contains(&j) {
            accumulate(
                &mut sums,
                net.gains(),
                net.variances(),
                net.filtered_currents(),
            );
            meter.push(net.filtered_currents());
        }
        if j + sc.lags.end >= sc.steps {
            history.push_back(*net.state());
        }
    }
    let now = history.back().unwrap();
    let displacement = std::array::from_fn(|mu| {
        let lags = sc.lags.clone().filter(|&k| k < history.len());
        let half_msd = |k: usize| {
            let then = &history[history.len() - 1 - k][mu];
            now[mu]
                .iter()
                .zip(then)
                .map(|(a, b)| ((a - b) as f64).powi(2))
                .sum::<f64>()
                / (2.0 * N as f64)
        };
        lags.map(half_msd).fold(f64::INFINITY, f64::min)
    });
    let variance = net.variances().map(|v| v as f64);
    let n = sc.average.len() as f64;
    let [psi, delta, rows] = sums.map(|q| q.map(|x| x / n));
    Measured {
        psi,
        delta,
        rows,
        regime: meter.classify(&displacement, &variance, &TOLERANCES),
    }
}

pub fn network_n<const R: usize>(
    n: usize,
    params: &Params<R>,
    s0: [[f64; R]; R],
    seed: u64,
    sc: &Scenario,
) -> Measured<R> {
    crate::with_neurons!(n, network::<R>(params, s0, seed, sc))
}

/// The quantities compared, flattened: psi, Delta, then A per region.
pub fn values<const R: usize>(m: &Measured<R>) -> Vec<f64> {
    m.psi
        .iter()
        .chain(m.delta.iter())
        .chain(m.rows.iter())
        .copied()
        .collect()
}

/// Per quantity (psi, Delta, A per region): |seed mean - prediction| / seed-to-seed std.
pub fn z_scores<const R: usize>(
    runs: &[Measured<R>],
    prediction: &Measured<R>,
) -> Vec<(String, f64)> {
    values(prediction)
        .iter()
        .enumerate()
        .map(|(q, &e)| {
            let (mean, std) = mean_std(&runs.iter().map(|m| values(m)[q]).collect::<Vec<_>>());
            let name = format!("{}_{}", ["psi", "Delta", "A"][q / R], q % R + 1);
            (name, (mean - e).abs() / std)
        })
        .collect()
}

/// The result of a study: the theory, a control theory with g x 1.2, and the networks.
pub struct Study<const R: usize> {
    /// Network sizes, ascending.
    pub sizes: Vec<usize>,
    /// The DMFT's time averages and regimes.
    pub prediction: Measured<R>,
    /// The same with 20% more disorder: a theory the comparison must reject.
    pub perturbed: Measured<R>,
    /// Per N: rms over seeds and quantities of the relative difference to the theory.
    pub errors: Vec<f64>,
    /// Every seed's measurements at the largest N.
    pub largest: Vec<Measured<R>>,
}

impl<const R: usize> Study<R> {
    /// Fitted log-log slope of the error against N.
    pub fn slope(&self) -> f64 {
        let ns: Vec<f64> = self.sizes.iter().map(|&n| n as f64).collect();
        loglog_slope(&ns, &self.errors)
    }
}

/// Runs the theory and the networks of every size in `sizes` for every seed.
pub fn study<const R: usize>(
    params: &Params<R>,
    s0: [[f64; R]; R],
    sc: &Scenario,
    seeds: &[u64],
    sizes: &[usize],
) -> Study<R> {
    let start = attractor(params, s0);
    let prediction = theory(params, start, sc);
    let mut perturbed_params = params.clone();
    perturbed_params.disorder = params.disorder.map(|g| 1.2 * g);
    let perturbed = theory(&perturbed_params, start, sc);
    let expected = values(&prediction);
    let mut study = Study {
        sizes: sizes.to_vec(),
        prediction,
        perturbed,
        errors: vec![],
        largest: vec![],
    };
    for &n in sizes {
        let runs: Vec<Measured<R>> = seeds
            .iter()
            .map(|&seed| network_n(n, params, start, seed, sc))
            .collect();
        let sq: Vec<f64> = runs
            .iter()
            .flat_map(|m| {
                values(m)
                    .into_iter()
                    .zip(expected.clone())
                    .map(|(v, e)| ((v - e) / e).powi(2))
            })
            .collect();
        study
            .errors
            .push((sq.iter().sum::<f64>() / sq.len() as f64).sqrt());
        study.largest = runs;
    }
    study
}

/// One case of the paper's test: parameters, initial currents, run lengths, seeds, and the
/// regime the theory gives every region.
pub struct Case<const R: usize> {
    /// What the case is, in the paper's words.
    pub name: &'static str,
    /// The parameters.
    pub params: Params<R>,
    /// Initial currents (the theory's attractor is reached from them first).
    pub s0: [[f64; R]; R],
    /// Run lengths.
    pub scenario: Scenario,
    /// Network seeds per N.
    pub seeds: Vec<u64>,
    /// The expected regime per region.
    pub regime: [Regime; R],
}

impl<const R: usize> Case<R> {
    /// The study of this case over `sizes`.
    pub fn study(&self, sizes: &[usize]) -> Study<R> {
        study(&self.params, self.s0, &self.scenario, &self.seeds, sizes)
    }
}

/// Fig. 3 set with g_1 = 1.5 (R = 5): a structured fixed point with disorder.
pub fn fig3_case() -> Case<5> {
    let s0 = std::array::from_fn(|mu| {
        std::array::from_fn(|nu| {
            if mu == nu {
                1.0
            } else {
                0.2 * (mu as f64 - nu as f64)
            }
        })
    });
    Case {
        name: "Fig. 3, g_1 = 1.5",
        params: fig3_with_disorder(0),
        s0,
        // t = 30 at dt = 0.05, averaged over t in [15, 30]; lags 5..15 time units.
        scenario: Scenario {
            steps: 600,
            average: 300..601,
            lags: 100..300,
        },
        // Six seeds: the standard deviation of four is itself uncertain by ~40%.
        seeds: vec![11, 12, 13, 14, 15, 16],
        regime: [Regime::FixedPoint; 5],
    }
}

/// Fig. 6 tensor T0 with g = (1.5, 0, 0) (R = 3): a limit cycle.
pub fn fig6_t0_case() -> Case<3> {
    let t0 = &read_json("fig6_tensors.json")["T0"];
    let block = |x: &serde_json::Value| [array::<3>(&x[0]), array::<3>(&x[1]), array::<3>(&x[2])];
    let mut params = Params::new([block(&t0[0]), block(&t0[1]), block(&t0[2])]);
    params.disorder = [1.5, 0.0, 0.0];
    Case {
        name: "Fig. 6 T0, g_1 = 1.5",
        params,
        s0: [[0.3; 3]; 3],
        // t = 60, averaged over t in [20, 60] (about two periods of ~19.5); lags 10..30 span a period.
        scenario: Scenario {
            steps: 1200,
            average: 400..1201,
            lags: 200..600,
        },
        // Twelve seeds: R = 3 is cheap, and the error of a cycle, where phases drift apart,
        // is noisier from seed to seed.
        seeds: (21..33).collect(),
        regime: [Regime::LimitCycle; 3],
    }
}
