//! Support shared by the cross-crate tests and the finite-size report: reference data,
//! the paper's parameter sets, networks of a runtime-chosen size, and statistics.

use std::path::PathBuf;

/// Calls `f::<R, N>(args)` for a runtime N in {64, ..., 4096}: the one size dispatch of the tests.
#[macro_export]
macro_rules! with_neurons {
    ($n:expr, $f:ident::<$r:ident>($($arg:expr),*)) => {
        match $n {
            64 => $f::<$r, 64>($($arg),*),
            128 => $f::<$r, 128>($($arg),*),
            256 => $f::<$r, 256>($($arg),*),
            512 => $f::<$r, 512>($($arg),*),
            1024 => $f::<$r, 1024>($($arg),*),
            2048 => $f::<$r, 2048>($($arg),*),
            4096 => $f::<$r, 4096>($($arg),*),
            n => panic!("N = {n} is not instantiated"),
        }
    };
}

pub mod versus;

use mrnn_core::interactions;
use mrnn_core::network::Network;
use mrnn_core::params::Params;

/// Path of a file in `tests/data/`.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// A reference file of `tests/data/`, parsed.
pub fn read_json(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(data_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A JSON array of numbers as a Vec.
pub fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// A JSON array of K numbers as an array.
pub fn array<const K: usize>(v: &serde_json::Value) -> [f64; K] {
    std::array::from_fn(|i| v[i].as_f64().expect("number"))
}

/// The authors' random signs s_mu of u = s sqrt(b) for the Fig. 3 sets (fixed_points_example.json).
pub const FIG3_SIGNS: [f64; 5] = [-1.0, 1.0, 1.0, -1.0, 1.0];

/// The paper's Fig. 3 set with disorder `set` (fig3_parameters.json, `with_disorder[set]`):
/// symmetric T with u = s sqrt(b), h = a - b, and the set's disorder g.
pub fn fig3_with_disorder(set: usize) -> Params<5> {
    let v = &read_json("fig3_parameters.json")["with_disorder"][set];
    let (a, b): ([f64; 5], [f64; 5]) = (array(&v["a"]), array(&v["b"]));
    let u = std::array::from_fn(|mu| FIG3_SIGNS[mu] * b[mu].sqrt());
    let h = std::array::from_fn(|mu| a[mu] - b[mu]);
    let mut params = Params::new(interactions::symmetric(&u, &h));
    params.disorder = array(&v["g"]);
    params
}

/// The paper's Fig. 3 set without disorder (R = 5, symmetric T) of `fixed_points_example.json`,
/// with its predicted fixed-point row sums A_mu = psi_inv(1 / max(a_mu, b_mu)).
pub fn fig3_clean() -> (Params<5>, [f64; 5]) {
    let v = read_json("fixed_points_example.json");
    let u: [f64; 5] = floats(&v["u"]).try_into().unwrap();
    let h: [f64; 5] = floats(&v["h"]).try_into().unwrap();
    let a = floats(&v["a"]);
    let b = floats(&v["b"]);
    let predicted = std::array::from_fn(|mu| mrnn_core::reduced::fixed_point_row_sum(a[mu], b[mu]));
    (Params::new(interactions::symmetric(&u, &h)), predicted)
}

/// Row sums A_mu = sum_nu S_mu_nu^2.
pub fn row_sums<const R: usize>(s: &[[f64; R]; R]) -> [f64; R] {
    s.map(|row| row.iter().map(|x| x * x).sum())
}

/// Filtered currents of an N-neuron network after `steps` steps, in f64.
pub fn network_currents<const R: usize, const N: usize>(
    params: &Params<R>,
    initial: &[[f64; R]; R],
    seed: u64,
    steps: u64,
) -> [[f64; R]; R] {
    let mut net = Network::<R, N>::boxed(params, initial, seed).expect("valid parameters");
    (0..steps).for_each(|_| net.step());
    net.filtered_currents().map(|row| row.map(|x| x as f64))
}

/// `network_currents` for a runtime N in {64, ..., 4096}.
pub fn network_currents_n<const R: usize>(
    n: usize,
    params: &Params<R>,
    initial: &[[f64; R]; R],
    seed: u64,
    steps: u64,
) -> [[f64; R]; R] {
    with_neurons!(n, network_currents::<R>(params, initial, seed, steps))
}

/// Mean and sample standard deviation.
pub fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// Least-squares slope of log(y) against log(x).
pub fn loglog_slope(x: &[f64], y: &[f64]) -> f64 {
    let lx: Vec<f64> = x.iter().map(|v| v.ln()).collect();
    let ly: Vec<f64> = y.iter().map(|v| v.ln()).collect();
    let (mx, _) = mean_std(&lx);
    let (my, _) = mean_std(&ly);
    let cov: f64 = lx.iter().zip(&ly).map(|(a, b)| (a - mx) * (b - my)).sum();
    let var: f64 = lx.iter().map(|a| (a - mx).powi(2)).sum();
    cov / var
}
