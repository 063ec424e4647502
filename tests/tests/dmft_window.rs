//! The DMFT on a window of B lags against the full solution (docs/model.md §4, "Window"),
//! its stationary states against the stationary theory, and its regimes.

use mrnn_core::dmft::{Dmft, Scheme};
use mrnn_core::params::Params;
use mrnn_core::regime::{Regime, RegimeMeter, Tolerances};
use mrnn_core::stationary::{delta_0_random, structured};
use mrnn_tests::{array as floats, fig3_with_disorder as fig3, read_json as read};
use serde_json::Value;

/// Steps of every run: t = 150, long enough for the cases here to settle (to ~1e-4).
const STEPS: usize = 3000;
/// The full solution keeps every lag of the run.
const FULL: usize = 4096;
/// Initial currents for R = 5 without symmetry (a symmetric start settles slowly).
const S5: [[f64; 5]; 5] = [
    [1.0, 0.5, -0.5, 0.2, 0.1],
    [0.3, 1.0, 0.2, 0.1, -0.4],
    [0.5, 0.1, 1.0, 0.3, 0.2],
    [-0.2, 0.4, 0.1, 1.0, 0.3],
    [0.1, 0.2, 0.3, 0.4, 1.0],
];

fn cycle() -> (Params<2>, [[f64; 2]; 2]) {
    let v = &read("dmft_two_regions.json")["run"]["inputs"];
    let m = |x: &Value| [floats::<2>(&x[0]), floats::<2>(&x[1])];
    let mut params = Params::new([m(&v["T"][0]), m(&v["T"][1])]);
    params.disorder = floats(&v["g_vals"]);
    (params, m(&v["S_init"]))
}

/// Largest |difference| in S and psi over the whole run between window B and the full solution.
fn window_error<const R: usize, const B: usize>(params: &Params<R>, s0: [[f64; R]; R]) -> f64 {
    let mut full = Dmft::<R, FULL>::boxed(params, s0, Scheme::Clean).unwrap();
    let mut window = Dmft::<R, B>::boxed(params, s0, Scheme::Clean).unwrap();
    let mut worst = 0.0f64;
    for _ in 0..STEPS {
        full.step();
        window.step();
        let (a, b) = (
            full.currents().iter().flatten(),
            window.currents().iter().flatten(),
        );
        a.zip(b).for_each(|(x, y)| worst = worst.max((x - y).abs()));
        full.gains()
            .iter()
            .zip(window.gains())
            .for_each(|(x, y)| worst = worst.max((x - y).abs()));
    }
    worst
}

#[test]
fn a_window_of_256_lags_matches_the_full_solution() {
    // B dt = 12.8. The window's error decays like exp(-lambda B dt), lambda = sqrt(1 - g^2 C')
    // the relaxation rate of correlations (see the dmft module doc), so the cases where 1e-4
    // is reachable at B = 256 have fast relaxation: strong chaos, and a cycle with weak disorder.
    let mut chaos = Params::<1>::new([[[0.5]]]);
    chaos.disorder = [3.0];
    let (mut limit_cycle, s0) = cycle();
    limit_cycle.disorder = [0.5; 2];
    let chaos_error = window_error::<1, 256>(&chaos, [[1.0]]);
    let cycle_error = window_error::<2, 256>(&limit_cycle, s0);
    println!("B = 256: chaos (g = 3, one region) {chaos_error:.3e}, limit cycle (g = 0.5, two regions) {cycle_error:.3e}");
    assert!(chaos_error < 1e-4 && cycle_error < 1e-4);
    // Slow relaxation (g = 1.5, Delta(t, t - 12.8) still 22% of Delta_0) needs a longer window;
    // the error still falls steeply with B.
    chaos.disorder = [1.5];
    let errors = [
        window_error::<1, 256>(&chaos, [[1.0]]),
        window_error::<1, 512>(&chaos, [[1.0]]),
    ];
    println!(
        "chaos, g = 1.5: B = 256 {:.3e}, B = 512 {:.3e}",
        errors[0], errors[1]
    );
    assert!(errors[1] < 1e-4 && errors[1] < 0.05 * errors[0]);
}

#[test]
fn stationary_states_match_the_stationary_theory() {
    // A purely random region: Delta(t, t) -> Delta_0(g) of Sompolinsky-Crisanti-Sommers, and
    // Delta(t, t - k) -> 0 at long lags. The Euler scheme is first order: measured 1.1% at
    // dt = 0.05, 0.5% at 0.025.
    let expected = delta_0_random(1.5);
    let errors = [0.05, 0.025].map(|dt| {
        let mut params = Params::<1>::new([[[0.0]]]);
        params.disorder = [1.5];
        params.dt = dt;
        let mut theory = Dmft::<1, 4096>::boxed(&params, [[1.0]], Scheme::Clean).unwrap();
        (0..(100.0 / dt) as usize).for_each(|_| theory.step());
        assert!(theory.autocorrelation((40.0 / dt) as usize).unwrap()[0].abs() < 1e-3 * expected);
        (theory.variances()[0] - expected).abs() / expected
    });
    println!("g = 1.5, no structure: relative error of Delta_0 at dt = 0.05, 0.025: {errors:?}");
    assert!(errors[0] < 0.015 && (0.4..0.6).contains(&(errors[1] / errors[0])));
    // Fig. 3 sets: each region's A = sum_nu S^2 (U = identity), long-lag Delta and kind, from its
    // own settled gain, against the DMFT: to O(dt) again (2% of Delta_0 allowed).
    for set in [0, 1] {
        let params = fig3(set);
        let mut theory = Dmft::<5, FULL>::boxed(&params, S5, Scheme::Clean).unwrap();
        (0..STEPS).for_each(|_| theory.step());
        let long = theory.autocorrelation(2000).unwrap();
        for mu in 0..5 {
            let st = structured(params.disorder[mu], theory.gains()[mu]);
            let a: f64 = theory.currents()[mu].iter().map(|s| s * s).sum();
            println!(
                "set {set} region {}: {:?} A {a:.5} vs {:.5}, Delta_inf {:.5} vs {:.5}, Delta_0 {:.5} vs {:.5}",
                mu + 1, st.kind, st.structured_variance, long[mu], st.delta_inf, theory.variances()[mu], st.delta_0
            );
            let scale = 0.02 * st.delta_0;
            assert!(
                (a - st.structured_variance).abs() < scale
                    && (long[mu] - st.delta_inf).abs() < scale
            );
            assert!(
                (theory.variances()[mu] - st.delta_0).abs() < 1e-9 * st.delta_0,
                "psi_inv(psi(Delta)) = Delta"
            );
        }
    }
}

/// Regimes over the last 40 time units of a run of 400 (the chaotic Fig. 3 region approaches
/// its fixed point slowly: swing 7e-3 still at t = 150), lags 10..40 for the displacement.
/// A window of 1024 lags (B dt = 51) is far beyond every relaxation time here.
fn regimes<const R: usize>(params: &Params<R>, s0: [[f64; R]; R]) -> [Regime; R] {
    let steps = 8000;
    let mut theory = Dmft::<R, 1024>::boxed(params, s0, Scheme::Clean).unwrap();
    let mut meter = RegimeMeter::<R>::new();
    for j in 0..steps {
        theory.step();
        if j >= steps - 800 {
            meter.push(theory.currents());
        }
    }
    let displacement = theory.min_displacement(200..800).unwrap();
    meter.classify(&displacement, theory.variances(), &Tolerances::default())
}

#[test]
fn regimes_of_known_cases() {
    let mut random = Params::<1>::new([[[0.5]]]);
    random.disorder = [1.5];
    assert_eq!(regimes(&random, [[1.0]]), [Regime::Chaos]);
    random.disorder = [0.8];
    assert_eq!(regimes(&random, [[1.0]]), [Regime::Quiescent]);
    // Fig. 3 with g_1 = 1.5: g^2 / sqrt(1 + pi Delta_0) < 1 in every region, a fixed point;
    // with g_1 = 2.25 region 1 turns chaotic around its structure (docs/model.md §5).
    assert_eq!(regimes(&fig3(0), S5), [Regime::FixedPoint; 5]);
    assert_eq!(regimes(&fig3(1), S5)[0], Regime::ChaosWithStructure);
    let (params, s0) = cycle();
    let found = regimes(&params, s0);
    println!("two-region cycle: {found:?}");
    assert!(found
        .iter()
        .all(|r| matches!(r, Regime::LimitCycle | Regime::ChaosWithLimitCycle)));
    // Fig. 6, T0 with g_1 = 1.5: a limit cycle without chaos (its 2% displacement at the
    // period is the Euler scheme's, halving with dt).
    let t0 = read("fig6_tensors.json")["T0"].clone();
    let m = |x: &Value| [floats::<3>(&x[0]), floats::<3>(&x[1]), floats::<3>(&x[2])];
    let mut params = Params::new([m(&t0[0]), m(&t0[1]), m(&t0[2])]);
    params.disorder = [1.5, 0.0, 0.0];
    assert_eq!(regimes(&params, [[0.3; 3]; 3]), [Regime::LimitCycle; 3]);
}

#[test]
fn f32_tracks_f64() {
    // The microcontroller's precision: rounding of ~1e-7 per step on a stable cycle.
    let (params, s0) = cycle();
    let mut wide = Dmft::<2, 256>::boxed(&params, s0, Scheme::Clean).unwrap();
    let mut narrow = Dmft::<2, 256, f32>::boxed(&params, s0, Scheme::Clean).unwrap();
    let mut worst = 0.0f64;
    for _ in 0..STEPS {
        wide.step();
        narrow.step();
        for (a, b) in wide
            .currents()
            .iter()
            .flatten()
            .zip(narrow.currents().iter().flatten())
        {
            worst = worst.max((a - *b as f64).abs());
        }
    }
    println!("f32 vs f64 over {STEPS} steps: {worst:.3e}");
    assert!(worst < 1e-3);
}
