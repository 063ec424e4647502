//! DMFT benchmark: steps per second for R = 3 as the window B grows (O(B R^2) per step),
//! per-step cost against run length at a fixed window (constant), and a whole run of
//! R = 3, 2000 steps with full storage against the authors' numpy
//! `run_ns_dmft_multi_pop` (7.95 s for that run on this machine class, quoted by the
//! issue; its cost grows like steps^2).
//!
//! `cargo bench -p mrnn-tests --bench dmft`

use std::hint::black_box;
use std::time::Instant;

use mrnn_core::dmft::{Dmft, Scheme};
use mrnn_core::params::Params;
use mrnn_tests::{floats, read_json};

const R: usize = 3;
const AUTHORS_SECONDS: f64 = 7.95;

fn fig6_t0() -> Params<R> {
    let v = read_json("fig6_tensors.json");
    let t = std::array::from_fn(|mu| {
        std::array::from_fn(|nu| floats(&v["T0"][mu][nu]).try_into().expect("R = 3"))
    });
    let mut p = Params::new(t);
    p.disorder = [1.5, 0.0, 0.0];
    p
}

const S0: [[f64; R]; R] = [[0.5, -0.3, 0.2], [0.1, 0.4, -0.2], [0.3, 0.0, 0.1]];

/// Seconds per step over steps (skip, skip + count].
fn per_step<const B: usize>(params: &Params<R>, skip: u64, count: u64) -> f64 {
    let mut d = Dmft::<R, B>::boxed(params, S0, Scheme::Clean).unwrap();
    (0..skip).for_each(|_| d.step());
    let t = Instant::now();
    (0..count).for_each(|_| d.step());
    black_box(d.currents());
    t.elapsed().as_secs_f64() / count as f64
}

fn window_row<const B: usize>(params: &Params<R>) {
    // Past the first B steps the window is full: every step costs the same.
    let s = per_step::<B>(params, B as u64, 2000);
    println!(
        "| {B} | {:.1} us | {:.0} | {:.1} ns |",
        s * 1e6,
        1.0 / s,
        s * 1e9 / B as f64
    );
}

fn main() {
    let params = fig6_t0();
    println!("DMFT, R = 3 (Fig. 6 T0, g_1 = 1.5), f64, one core\n");
    println!("| window B | time per step | steps per second | per lag |");
    println!("|---|---|---|---|");
    window_row::<64>(&params);
    window_row::<256>(&params);
    window_row::<1024>(&params);
    window_row::<4096>(&params);

    println!("\nFixed window B = 256: cost per step as the run grows (constant)\n");
    println!("| steps before | time per step |");
    println!("|---|---|");
    for skip in [1_000u64, 10_000, 50_000] {
        println!(
            "| {skip} | {:.1} us |",
            per_step::<256>(&params, skip, 2000) * 1e6
        );
    }

    println!("\nWhole run, R = 3, 2000 steps, full storage (B = 2048 > steps)\n");
    println!("| implementation | time | speed-up |");
    println!("|---|---|---|");
    println!("| authors' numpy run_ns_dmft_multi_pop (quoted) | {AUTHORS_SECONDS:.2} s | 1x |");
    let mut everywhere = params.clone();
    everywhere.disorder = [1.5; R];
    for (label, p) in [
        ("g = (1.5, 0, 0)", &params),
        ("g = 1.5 in every region", &everywhere),
    ] {
        let t = Instant::now();
        let mut d = Dmft::<R, 2048>::boxed(p, S0, Scheme::Clean).unwrap();
        (0..2000).for_each(|_| d.step());
        black_box(d.currents());
        let whole = t.elapsed().as_secs_f64();
        println!(
            "| mrnn Dmft<3, 2048>, {label} | {whole:.3} s | {:.0}x |",
            AUTHORS_SECONDS / whole
        );
    }
}
