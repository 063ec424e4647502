//! Network step benchmark: time per step and synapse updates per second for R = 5,
//! N in {256, 1024, 4096}, beside a plain triple-loop reference measured in the same run.
//!
//! `cargo bench -p mrnn-tests --bench network`

use std::hint::black_box;
use std::time::{Duration, Instant};

use mrnn_core::network::Network;
use mrnn_core::params::Params;
use mrnn_tests::fig3_clean;

const R: usize = 5;

/// Median time per call of `f` over enough repetitions to fill ~1 s.
fn time_per_call(mut f: impl FnMut()) -> Duration {
    f();
    let probe = Instant::now();
    f();
    let reps = ((1.0 / probe.elapsed().as_secs_f64().max(1e-9)) as usize).clamp(5, 2000);
    let mut samples: Vec<Duration> = (0..reps.min(25))
        .map(|_| {
            let batch = (reps / 25).max(1);
            let t = Instant::now();
            (0..batch).for_each(|_| f());
            t.elapsed() / batch as u32
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// The plain reference: the same update written as three nested loops over Vec<f32>.
struct Reference {
    n: usize,
    chi: Vec<f32>,
    m: Vec<f32>,
    readout: Vec<f32>,
    x: Vec<f32>,
    rate: Vec<f32>,
    current: Vec<f32>,
}

impl Reference {
    fn new(n: usize) -> Self {
        let fill = |len: usize| {
            (0..len)
                .map(|k| ((k * 7919 % 1000) as f32 / 1000.0 - 0.5) * 0.1)
                .collect::<Vec<_>>()
        };
        Reference {
            n,
            chi: fill(R * n * n),
            m: fill(R * R * n),
            readout: fill(R * R * n),
            x: fill(R * n),
            rate: vec![0.0; R * n],
            current: vec![0.0; R * R],
        }
    }

    fn step(&mut self) {
        let n = self.n;
        for (r, &x) in self.rate.iter_mut().zip(&self.x) {
            *r = libm::erff(0.886_226_9 * x);
        }
        for mu in 0..R {
            for nu in 0..R {
                let mut s = 0.0;
                for j in 0..n {
                    s += self.readout[(mu * R + nu) * n + j] * self.rate[nu * n + j];
                }
                self.current[mu * R + nu] = s / n as f32;
            }
        }
        for mu in 0..R {
            for i in 0..n {
                let mut h = 0.0;
                for j in 0..n {
                    h += self.chi[(mu * n + i) * n + j] * self.rate[mu * n + j];
                }
                for rho in 0..R {
                    h += self.m[(mu * R + rho) * n + i] * self.current[mu * R + rho];
                }
                let x = &mut self.x[mu * n + i];
                *x += 0.05 * (1.2 * h - *x);
            }
        }
    }
}

fn bench<const N: usize>(params: &Params<R>) {
    let s0 = [[0.5; R]; R];
    let mut network = Network::<R, N>::boxed(params, &s0, 1).unwrap();
    let mrnn = time_per_call(|| network.step());
    black_box(network.filtered_currents());
    let mut reference = Reference::new(N);
    let plain = time_per_call(|| reference.step());
    black_box(&reference.x);
    let synapses = (R * N * N + 2 * R * R * N) as f64;
    println!(
        "| {N} | {:.3} ms | {:.2} G/s | {:.3} ms | {:.2} G/s | {:.1}x |",
        mrnn.as_secs_f64() * 1e3,
        synapses / mrnn.as_secs_f64() / 1e9,
        plain.as_secs_f64() * 1e3,
        synapses / plain.as_secs_f64() / 1e9,
        plain.as_secs_f64() / mrnn.as_secs_f64()
    );
}

fn main() {
    let (mut params, _) = fig3_clean();
    params.disorder = [1.5, 1.2, 1.2, 1.2, 1.2];
    println!("Network step, R = 5, disorder in every region (dense chi), f32, one core\n");
    println!("| N | mrnn step | synapse updates | plain triple loop | updates | speed-up |");
    println!("|---|---|---|---|---|---|");
    bench::<256>(&params);
    bench::<1024>(&params);
    bench::<4096>(&params);
}
