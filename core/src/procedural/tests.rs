//! Statistics and reproducibility of procedural connectivity.

use super::*;
use crate::interactions;
use crate::network::Network;

extern crate std;
use std::boxed::Box;
use std::vec::Vec;

use crate::connectivity::tests::fig3_like;

fn loaded<const R: usize, const N: usize>(params: &Params<R>, seed: u64) -> Box<Procedural<R, N>> {
    // SAFETY: all-zero bytes are a valid Procedural (the Synapses contract).
    let mut p: Box<Procedural<R, N>> = unsafe { Box::new_zeroed().assume_init() };
    p.load(params, seed).unwrap();
    p
}

#[test]
fn the_row_key_shortcut_is_hash4() {
    let p = loaded::<3, 256>(&fig3_like(), 77);
    let k = key(Stream::DISORDER, 2);
    for (i, b) in [(0u64, 0u64), (5, 3), (255, 1)] {
        assert_eq!(
            splitmix64(p.row_key(k) ^ splitmix64((i << 32) ^ b)),
            hash4(77, k, i, b)
        );
    }
    // And the paired normals are the single ones.
    for i in [0, 9, 200] {
        let (z_n, z_m, w) = p.normals(1, i);
        let row = p.row_key(key(Stream::LOADINGS, 1));
        assert_eq!(
            z_n,
            [0, 1, 2].map(|q| Procedural::<3, 256>::normal(row, i, q))
        );
        assert_eq!(
            z_m,
            [3, 4, 5].map(|q| Procedural::<3, 256>::normal(row, i, q))
        );
        assert_eq!(w, Procedural::<3, 256>::normal(row, i, 6));
    }
}

#[test]
fn cos_sin_of_a_turn_fraction_is_accurate() {
    let mut worst = 0.0f64;
    for k in (0..1u32 << 24)
        .step_by(997)
        .chain([0, 1 << 22, 1 << 23, 3 << 22, (1 << 24) - 1])
    {
        let angle = core::f64::consts::TAU * k as f64 / (1u64 << 24) as f64;
        let (c, s) = cos_sin_turn(k);
        worst = worst
            .max((c as f64 - angle.cos()).abs())
            .max((s as f64 - angle.sin()).abs());
    }
    assert!(worst < 3e-7, "worst error {worst}");
}

#[test]
fn chi_has_mean_zero_and_variance_one_over_n() {
    const N: usize = 1024;
    let p = loaded::<2, N>(&Params::new(interactions::random(1.0, 1)), 3);
    let scale = 1.0 / 32.0f32;
    let (mut count, mut sum, mut lag) = (0usize, 0.0f64, 0.0f64);
    for mu in 0..2 {
        for i in (0..N).step_by(8) {
            for j in 0..N {
                let c = p.chi(mu, i, j);
                // Every entry is exactly +-1/sqrt(N), so its square is exactly 1/N.
                assert_eq!(c.abs(), scale);
                sum += c as f64;
                if j > 0 {
                    lag += (c * p.chi(mu, i, j - 1)) as f64;
                }
                count += 1;
            }
        }
    }
    // Mean of `count` i.i.d. +-1/sqrt(N): standard error 1/sqrt(N count); allow 5.
    let se = 1.0 / ((N * count) as f64).sqrt();
    assert!(
        (sum / count as f64).abs() < 5.0 * se,
        "mean {}",
        sum / count as f64
    );
    // Neighbours are uncorrelated: <chi_ij chi_ij-1> = 0 with standard error 1/(N sqrt(count)).
    let corr = lag / count as f64;
    assert!(
        corr.abs() < 5.0 / (N as f64 * (count as f64).sqrt()),
        "lag-1 correlation {corr}"
    );
    // Different regions and rows differ.
    assert_ne!(
        (0..64).map(|j| p.chi(0, 0, j)).collect::<Vec<_>>(),
        (0..64).map(|j| p.chi(1, 0, j)).collect::<Vec<_>>()
    );
}

#[test]
fn disorder_input_is_chi_times_rate() {
    // N = 100: 12 full chunks and a tail of 4, across two hash blocks.
    const N: usize = 100;
    let p = loaded::<2, N>(&Params::new(interactions::random(1.0, 1)), 5);
    let rate: [f32; N] = core::array::from_fn(|j| libm::sinf(j as f32 * 0.7));
    for i in [0, 41, 99] {
        let plain: f64 = (0..N).map(|j| p.chi(1, i, j) as f64 * rate[j] as f64).sum();
        assert!((p.disorder_input(1, i, &rate) as f64 - plain).abs() < 1e-5);
    }
    let readout: f64 = (0..N)
        .map(|j| p.loadings(0, j).n[1] as f64 * rate[j] as f64)
        .sum();
    assert!((p.readout(1, 0, &rate) as f64 - readout).abs() < 1e-4);
}

#[test]
fn loadings_have_covariance_sigma() {
    const N: usize = 4096;
    let params = fig3_like();
    let p = loaded::<3, N>(&params, 11);
    for nu in 0..3 {
        let c = p.factors()[nu].readout_variance;
        let rows: Vec<[f64; 7]> = (0..N)
            .map(|i| {
                let l = p.loadings(nu, i);
                [l.n[0], l.n[1], l.n[2], l.m[0], l.m[1], l.m[2], l.w].map(|x| x as f64)
            })
            .collect();
        // Sigma^nu with w appended: [[c I, T_nu, 0], [T_nu^T, U_nu, 0], [0, 0, 1]].
        let sigma = |a: usize, b: usize| -> f64 {
            match (a, b) {
                (6, 6) => 1.0,
                (6, _) | (_, 6) => 0.0,
                (a, b) if a < 3 && b < 3 => {
                    if a == b {
                        c
                    } else {
                        0.0
                    }
                }
                (a, b) if a < 3 => params.interactions[a][nu][b - 3],
                (a, b) if b < 3 => params.interactions[b][nu][a - 3],
                (a, b) => params.overlaps[nu][a - 3][b - 3],
            }
        };
        for a in 0..7 {
            for b in 0..7 {
                let sample = rows.iter().map(|r| r[a] * r[b]).sum::<f64>() / N as f64;
                // Var(x_a x_b) = S_aa S_bb + S_ab^2 for Gaussians: 5 standard errors.
                let se = ((sigma(a, a) * sigma(b, b) + sigma(a, b).powi(2)) / N as f64).sqrt();
                assert!(
                    (sample - sigma(a, b)).abs() < 5.0 * se,
                    "region {nu} ({a},{b}): {sample} vs {}",
                    sigma(a, b)
                );
            }
            let mean = rows.iter().map(|r| r[a]).sum::<f64>() / N as f64;
            assert!(
                mean.abs() < 5.0 * (sigma(a, a) / N as f64).sqrt(),
                "mean of {a}: {mean}"
            );
        }
    }
}

#[test]
fn silenced_senders_read_out_nothing() {
    let mut params = fig3_like();
    params.silenced[1] = true;
    let p = loaded::<3, 64>(&params, 2);
    let rate = [0.5f32; 64];
    assert_eq!(p.readout(0, 1, &rate), 0.0);
    assert_eq!(p.loadings(1, 3).n, [0.0; 3]);
    assert_ne!(p.readout(0, 2, &rate), 0.0);
}

#[test]
fn a_procedural_network_is_small_and_reproducible() {
    type Net = Network<3, 1024, Procedural<3, 1024>>;
    // The state is 2 R N f32 = 24 KiB; the connectivity a few hundred bytes.
    assert!(
        core::mem::size_of::<Net>() < 25 * 1024,
        "{}",
        core::mem::size_of::<Net>()
    );
    let mut params = fig3_like();
    params.disorder = [1.2, 0.0, 0.5];
    let s0 = [[0.5, -0.2, 0.1], [0.1, 0.3, -0.4], [0.2, 0.2, 0.2]];
    let mut a = Net::boxed(&params, &s0, 9).unwrap();
    let mut b = Net::boxed(&params, &s0, 9).unwrap();
    for _ in 0..5 {
        a.step();
        b.step();
    }
    assert_eq!(a.filtered_currents(), b.filtered_currents());
    assert!(a
        .filtered_currents()
        .iter()
        .flatten()
        .all(|s| s.is_finite() && *s != 0.0));
}
