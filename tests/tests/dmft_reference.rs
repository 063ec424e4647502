//! The DMFT (docs/model.md §4) against the authors' run in `tests/data/dmft_two_regions.json`
//! (a limit cycle, R = 2, g = 1.5), and against the reduced model when g = 0.

use mrnn_core::dmft::{Dmft, Scheme};
use mrnn_core::params::Params;
use mrnn_core::reduced::CurrentModel;
use serde_json::Value;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/dmft_two_regions.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("dmft_two_regions.json"))
        .expect("json")
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

fn pair(v: &Value) -> [f64; 2] {
    [f(&v[0]), f(&v[1])]
}

fn matrix(v: &Value) -> [[f64; 2]; 2] {
    [pair(&v[0]), pair(&v[1])]
}

fn tensor(v: &Value) -> [[[f64; 2]; 2]; 2] {
    [matrix(&v[0]), matrix(&v[1])]
}

/// The run's parameters, with a step `dt`, and its initial currents.
fn setup(v: &Value, dt: f64) -> (Params<2>, [[f64; 2]; 2]) {
    let inputs = &v["run"]["inputs"];
    let mut params = Params::new(tensor(&inputs["T"]));
    params.overlaps = tensor(&inputs["U"]);
    params.disorder = pair(&inputs["g_vals"]);
    params.dt = dt;
    (params, matrix(&inputs["S_init"]))
}

fn close(got: f64, expected: f64, what: &str, j: u64, worst: &mut f64) {
    *worst = worst.max((got - expected).abs());
    // The same arithmetic up to the order of floating-point sums (numpy einsum vs ours) and
    // arctan vs arcsin in C: rounding of ~1e-16 per step, grown over 1200 steps of a stable
    // cycle, stays many decades below 1e-9.
    assert!(
        (got - expected).abs() < 1e-9,
        "{what} at step {j}: {got} vs {expected}"
    );
}

#[test]
fn authors_scheme_reproduces_the_reference_run() {
    let v = reference();
    let run = &v["run"];
    let (params, s0) = setup(&v, f(&run["inputs"]["dt"]));
    let steps = run["inputs"]["Nt"].as_u64().unwrap();
    let mut theory = Dmft::<2, 2048>::boxed(&params, s0, Scheme::Authors).unwrap();
    let samples: Vec<u64> = run["t_idx"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let t0 = run["lag"]["t0"].as_u64().unwrap();
    let lags: Vec<u64> = run["lag"]["k"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let mut checked = 0;
    let mut worst = 0.0f64;
    for j in 0..steps {
        if let Some(n) = samples.iter().position(|&t| t == j) {
            let s = theory.currents();
            let expected = matrix(&run["S"][n]);
            for mu in 0..2 {
                for nu in 0..2 {
                    close(s[mu][nu], expected[mu][nu], "S", j, &mut worst);
                }
                close(
                    theory.gains()[mu],
                    f(&run["psi"][n][mu]),
                    "psi",
                    j,
                    &mut worst,
                );
                close(
                    theory.variances()[mu],
                    f(&run["Delta_eq"][n][mu]),
                    "Delta(t, t)",
                    j,
                    &mut worst,
                );
            }
            checked += 1;
        }
        if let Some(n) = lags.iter().position(|&k| t0 + k == j) {
            let lagged = theory.autocorrelation(lags[n] as usize).unwrap();
            for mu in 0..2 {
                close(
                    lagged[mu],
                    f(&run["lag"]["Delta_t0_t0pk"][n][mu]),
                    "Delta(t0, t0 + k)",
                    j,
                    &mut worst,
                );
            }
            checked += 1;
        }
        if j + 1 < steps {
            theory.step();
        }
    }
    let last = &run["final"];
    assert_eq!(theory.steps(), last["t_idx"].as_u64().unwrap());
    let h = theory.instantaneous_currents();
    for mu in 0..2 {
        for nu in 0..2 {
            close(
                theory.currents()[mu][nu],
                f(&last["S"][mu][nu]),
                "final S",
                theory.steps(),
                &mut worst,
            );
            close(
                h[mu][nu],
                f(&last["H"][mu][nu]),
                "final H",
                theory.steps(),
                &mut worst,
            );
        }
        close(
            theory.gains()[mu],
            f(&last["psi"][mu]),
            "final psi",
            theory.steps(),
            &mut worst,
        );
        close(
            theory.variances()[mu],
            f(&last["Delta_eq"][mu]),
            "final Delta",
            theory.steps(),
            &mut worst,
        );
    }
    assert_eq!(checked, samples.len() + lags.len());
    println!("authors' scheme: largest difference to the file {worst:e}");
}

/// Samples of a clean run every 1.0 time units over t in [30, 59] (the file's sampling):
/// per sample, S (4 numbers) and psi (2 numbers).
fn clean_samples(v: &Value, dt: f64) -> Vec<([[f64; 2]; 2], [f64; 2])> {
    let (params, s0) = setup(v, dt);
    let per_unit = (1.0 / dt).round() as u64;
    let mut theory = Dmft::<2, 16384>::boxed(&params, s0, Scheme::Clean).unwrap();
    let mut out = Vec::new();
    for j in 0..=59 * per_unit {
        if j >= 30 * per_unit && j % per_unit == 0 {
            out.push((*theory.currents(), *theory.gains()));
        }
        theory.step();
    }
    out
}

/// Time-averaged psi per region and peak-to-peak S per component over the samples.
fn summary(samples: &[([[f64; 2]; 2], [f64; 2])]) -> ([f64; 2], [f64; 4]) {
    let n = samples.len() as f64;
    let psi = [0, 1].map(|mu| samples.iter().map(|s| s.1[mu]).sum::<f64>() / n);
    let p2p = [0, 1, 2, 3].map(|c| {
        let xs = samples.iter().map(|s| s.0[c / 2][c % 2]);
        xs.clone().fold(f64::MIN, f64::max) - xs.fold(f64::MAX, f64::min)
    });
    (psi, p2p)
}

#[test]
fn clean_scheme_agrees_with_the_reference_to_order_dt_and_converges() {
    let v = reference();
    let run = &v["run"];
    let file: Vec<([[f64; 2]; 2], [f64; 2])> = (0..60)
        .filter(|&n| run["t_idx"][n].as_u64().unwrap() >= 600)
        .map(|n| (matrix(&run["S"][n]), pair(&run["psi"][n])))
        .collect();
    assert_eq!(file.len(), 30);
    let (psi_ref, p2p_ref) = summary(&file);
    let dts = [0.05, 0.025, 0.0125, 0.00625];
    let runs: Vec<_> = dts.iter().map(|&dt| clean_samples(&v, dt)).collect();
    // (2) dt = 0.05 against the authors' dt = 0.05: the schemes differ by O(dt) (their lag
    // of ~2 steps in S): model.md measured 0.6% (psi) and 1.3% (amplitude); the issue allows 2%, 5%.
    let (psi, p2p) = summary(&runs[0]);
    for mu in 0..2 {
        let rel = (psi[mu] - psi_ref[mu]).abs() / psi_ref[mu];
        println!(
            "region {}: time-averaged psi {:.6} vs {:.6} ({:.3}%)",
            mu + 1,
            psi[mu],
            psi_ref[mu],
            100.0 * rel
        );
        assert!(rel < 0.02);
    }
    for c in 0..4 {
        let rel = (p2p[c] - p2p_ref[c]).abs() / p2p_ref[c];
        println!(
            "S[{}][{}]: peak-to-peak {:.6} vs {:.6} ({:.3}%)",
            c / 2 + 1,
            c % 2 + 1,
            p2p[c],
            p2p_ref[c],
            100.0 * rel
        );
        assert!(rel < 0.05);
    }
    // Convergence: distance of each dt to the finest (0.00625) run, on the same samples. A
    // first-order scheme gives e(h) ~ c (h - h_finest): ratios 0.43 then 0.33 ideally.
    let distance = |a: &[([[f64; 2]; 2], [f64; 2])], b: &[([[f64; 2]; 2], [f64; 2])]| {
        let mut worst = 0.0f64;
        for (x, y) in a.iter().zip(b) {
            for c in 0..4 {
                worst = worst.max((x.0[c / 2][c % 2] - y.0[c / 2][c % 2]).abs());
            }
            for mu in 0..2 {
                worst = worst.max((x.1[mu] - y.1[mu]).abs());
            }
        }
        worst
    };
    let errors: Vec<f64> = runs[..3].iter().map(|r| distance(r, &runs[3])).collect();
    println!("max |S, psi difference| to dt = 0.00625 at dt = 0.05, 0.025, 0.0125: {errors:?}");
    assert!(
        errors[1] < 0.6 * errors[0] && errors[2] < 0.6 * errors[1],
        "{errors:?}"
    );
}

/// Largest |S_dmft - S_reduced| over a run of duration 20 with step dt.
fn distance_to_reduced<const R: usize>(params: &Params<R>, s0: [[f64; R]; R], dt: f64) -> f64 {
    let mut params = params.clone();
    params.dt = dt;
    let mut theory = Dmft::<R, 2048>::boxed(&params, s0, Scheme::Clean).unwrap();
    let mut reduced = CurrentModel::new(&params, s0).unwrap();
    let mut worst = 0.0f64;
    for _ in 0..(20.0 / dt).round() as usize {
        theory.step();
        reduced.step();
        for (a, b) in theory
            .currents()
            .iter()
            .flatten()
            .zip(reduced.currents().iter().flatten())
        {
            worst = worst.max((a - b).abs());
        }
        for (a, b) in theory.variances().iter().zip(reduced.variances()) {
            worst = worst.max((a - b).abs());
        }
    }
    worst
}

#[test]
fn without_disorder_it_follows_the_reduced_model_to_order_dt() {
    let v = reference();
    let (mut cycle, s0) = setup(&v, 0.05);
    cycle.disorder = [0.0; 2];
    // The same cycle with a constant input (drives S through V and adds y^2 to Delta).
    let mut driven = cycle.clone();
    driven.input = [0.7, -0.3];
    driven.input_matrix = [[0.2, 0.1], [0.0, 0.3]];
    for params in [cycle, driven] {
        let e: Vec<f64> = [0.02, 0.01, 0.005]
            .iter()
            .map(|&dt| distance_to_reduced(&params, s0, dt))
            .collect();
        println!(
            "g = 0, input {:?}: max |DMFT - reduced| at dt = 0.02, 0.01, 0.005: {e:?}",
            params.input
        );
        // First order: halving dt halves the difference (ratio 0.5; 0.4-0.6 allows for the
        // O(dt^2) remainder), and it is small in absolute terms.
        for w in e.windows(2) {
            let ratio = w[1] / w[0];
            assert!((0.4..0.6).contains(&ratio), "{e:?}");
        }
        assert!(e[2] < 0.05);
        // Scheme::Network is the limit of the network's Euler step, whose g = 0 case is the
        // reduced model's Euler step: equal up to rounding (1e-12 over 2000 steps).
        let mut theory = Dmft::<2, 2048>::boxed(&params, s0, Scheme::Network).unwrap();
        let mut reduced = CurrentModel::new(&params, s0).unwrap();
        let mut worst = 0.0f64;
        for _ in 0..2000 {
            theory.step();
            reduced.step();
            let pairs = theory
                .currents()
                .iter()
                .flatten()
                .zip(reduced.currents().iter().flatten());
            pairs
                .chain(theory.gains().iter().zip(reduced.gains()))
                .for_each(|(a, b)| worst = worst.max((a - b).abs()));
        }
        println!("Scheme::Network, g = 0: max |DMFT - reduced| {worst:.2e}");
        assert!(worst < 1e-12);
    }
}

#[test]
fn tanh_is_refused() {
    let mut params = Params::<1>::new([[[2.0]]]);
    params.phi = mrnn_core::params::Phi::Tanh;
    let err = Dmft::<1, 64>::new(&params, [[1.0]], Scheme::Clean).err();
    assert_eq!(
        err,
        Some(mrnn_core::Error::TheoryNeedsErf { model: "dmft" })
    );
}
