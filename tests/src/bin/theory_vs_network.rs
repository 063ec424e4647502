//! Theory-versus-network report: the paper's own test (mrnn_tests::versus) extended to
//! N = 4096, beyond the CI budget. Prints Markdown; its output is docs/theory-vs-network.md.
//!
//! `cargo run --release -p mrnn-tests --bin theory_vs_network` (about 4 minutes).

use mrnn_tests::versus::{fig3_case, fig6_t0_case, z_scores, Case};

const SIZES: [usize; 5] = [256, 512, 1024, 2048, 4096];

fn report<const R: usize>(case: Case<R>) {
    let clock = std::time::Instant::now();
    let study = case.study(&SIZES);
    println!(
        "## {} (R = {R}, {} seeds per N)\n",
        case.name,
        case.seeds.len()
    );
    println!("| N | rms relative error of psi, Delta, A |");
    println!("|---|---|");
    for (n, e) in study.sizes.iter().zip(&study.errors) {
        println!("| {n} | {e:.4} |");
    }
    println!("\nLog-log slope: {:.3}.\n", study.slope());
    let regimes: Vec<_> = study.prediction.regime.iter().map(|r| r.as_str()).collect();
    let agree = study
        .largest
        .iter()
        .all(|m| m.regime == study.prediction.regime);
    println!("Theory's regimes: {regimes:?}; every network at N = 4096 agrees: {agree}.\n");
    println!("| quantity | \\|network - theory\\| / seed std | same, theory with g x 1.2 |");
    println!("|---|---|---|");
    let control = z_scores(&study.largest, &study.perturbed);
    for ((name, z), (_, zc)) in z_scores(&study.largest, &study.prediction)
        .iter()
        .zip(&control)
    {
        println!("| {name} | {z:.2} | {zc:.2} |");
    }
    println!("\n({:.0} s)\n", clock.elapsed().as_secs_f64());
}

fn main() {
    println!("# Theory against network up to N = 4096\n");
    println!(
        "The paper's test (tests/theory_vs_network.rs runs it to N = 2048 in CI): time averages"
    );
    println!(
        "of the gain psi, variance Delta and row sums A per region, networks against the DMFT"
    );
    println!("(network scheme, the same dt). Reproduce: `cargo run --release -p mrnn-tests --bin theory_vs_network`.\n");
    report(fig3_case());
    report(fig6_t0_case());
}
