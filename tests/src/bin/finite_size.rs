//! Finite-size report: how the network's fixed-point row sums approach the theory as N
//! grows, for exact-moment and i.i.d. sampling (the study behind the default sampling).
//!
//! `cargo run --release -p mrnn-tests --bin finite_size [seeds]` prints a Markdown table.

use mrnn_core::init::InitialCurrents;
use mrnn_core::params::Sampling;
use mrnn_tests::{fig3_clean, loglog_slope, mean_std, network_currents_n, row_sums};

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let ns = [256usize, 512, 1024, 2048, 4096];
    let (mut params, predicted) = fig3_clean();
    println!("Fig. 3 set 1, g = 0, R = 5, t = 100, {seeds} seeds per N; error = mean over regions of |A_mu - A_pred| / A_pred\n");
    println!("| sampling | N | mean error | max error | seed-to-seed std of A_1 |");
    println!("|---|---|---|---|---|");
    for (name, sampling) in [("exact", Sampling::ExactMoments), ("iid", Sampling::Iid)] {
        params.sampling = sampling;
        let mut means = Vec::new();
        for &n in &ns {
            let mut errors = Vec::new();
            let mut a1 = Vec::new();
            for seed in 0..seeds {
                let s0 = InitialCurrents::<5>::Uniform { scale: 2.5 }.resolve(seed);
                let a = row_sums(&network_currents_n(n, &params, &s0, seed, 2000));
                a1.push(a[0]);
                errors.extend((0..5).map(|mu| (a[mu] - predicted[mu]).abs() / predicted[mu]));
            }
            let (mean, _) = mean_std(&errors);
            let max = errors.iter().cloned().fold(0.0, f64::max);
            means.push(mean);
            println!(
                "| {name} | {n} | {mean:.4} | {max:.4} | {:.4} |",
                mean_std(&a1).1
            );
        }
        let x: Vec<f64> = ns.iter().map(|&n| n as f64).collect();
        println!("| {name} | slope | {:.3} | | |", loglog_slope(&x, &means));
    }
}
