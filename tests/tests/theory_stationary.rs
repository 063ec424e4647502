//! Stationary theory (docs/model.md §4) against the authors' numbers in
//! `tests/data/stationary.json`, and over a fine grid of g where no root may be missed.

use mrnn_core::gain::psi_inv;
use mrnn_core::stationary::{
    correlation, delta_0_random, potential, structured, unstructured, StationaryKind,
};

fn reference() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/stationary.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("stationary.json")).expect("json")
}

/// The paper's A(g) at g = 1.0, b = 2, where the authors' solver returned NaN: the fixed
/// point is not chaotic there, so A = Delta_0 - g^2 C(Delta_0, Delta_0, Delta_0) (A_fp column).
const A_AT_G_1: f64 = 1.369966229427976;

#[test]
fn sompolinsky_delta_0_matches_the_reference() {
    let v = reference();
    for row in v["sompolinsky"].as_array().unwrap() {
        let g = row["g"].as_f64().unwrap();
        let expected = row["Delta_0"].as_f64().unwrap();
        let got = delta_0_random(g);
        // Both are roots of the same closed-form equation in f64: agreement to the
        // solvers' precision, ~1e-9 (docs README), is the whole budget.
        assert!(
            (got - expected).abs() < 1e-9,
            "g = {g}: {got} vs {expected}"
        );
        assert_eq!(unstructured(g).delta_0, got);
    }
    assert_eq!(delta_0_random(1.0), 0.0);
    assert_eq!(delta_0_random(0.3), 0.0);
}

#[test]
fn structured_variance_for_b_2_matches_the_reference() {
    let v = reference();
    let s = &v["structured_b2"];
    let b = s["b"].as_f64().unwrap();
    let delta_0 = s["Delta_0"].as_f64().unwrap();
    assert!((psi_inv(1.0 / b) - delta_0).abs() < 1e-12);
    let gs = s["g"].as_array().unwrap();
    for (k, g) in gs.iter().enumerate() {
        let g = g.as_f64().unwrap();
        let got = structured(g, 1.0 / b);
        match s["A"][k].as_f64() {
            // The reference's A is a root next to a double root (Delta_inf = Delta_0),
            // accurate to ~1e-8 there (docs README): 1e-7 leaves a margin.
            Some(expected) => {
                assert!(
                    (got.structured_variance - expected).abs() < 1e-7,
                    "g = {g}: {got:?} vs A = {expected}"
                )
            }
            None if g == 1.0 => {
                assert_eq!(got.kind, StationaryKind::FixedPoint);
                assert!(
                    (got.structured_variance - A_AT_G_1).abs() < 1e-12,
                    "{got:?}"
                );
            }
            // g >= 2: no root with A >= 0, the region loses its structure.
            None => {
                assert_eq!(got.kind, StationaryKind::NoStructure, "g = {g}");
                assert_eq!(got.structured_variance, 0.0);
                assert_eq!(got.delta_0, delta_0_random(g));
            }
        }
        // Where A is null the reference's Delta_inf is the spurious double root Delta_0.
        if let (Some(expected), Some(_)) = (s["Delta_inf"][k].as_f64(), s["A"][k].as_f64()) {
            // Next to the double root the reference's Delta_inf is only good to ~1e-7.
            assert!(
                (got.delta_inf - expected).abs() < 2e-7,
                "g = {g}: {got:?} vs Delta_inf = {expected}"
            );
        }
    }
}

#[test]
fn no_root_is_missed_over_a_fine_grid_of_g() {
    for b in [1.2, 2.0, 2.5, 4.0] {
        let gain = 1.0 / b;
        let mut previous_a = f64::INFINITY;
        for step in 0..=4000 {
            let g = step as f64 * 0.001;
            let st = structured(g, gain);
            let d0 = st.delta_0;
            assert!(
                st.delta_0.is_finite() && st.delta_inf.is_finite() && st.structured_variance >= 0.0
            );
            match st.kind {
                StationaryKind::FixedPoint | StationaryKind::ChaosWithStructure => {
                    assert_eq!(d0, psi_inv(gain));
                    assert!(
                        st.delta_inf > 0.0 && st.delta_inf <= d0,
                        "b = {b}, g = {g}: {st:?}"
                    );
                    // Q(Delta_inf) = Q(Delta_0) with A = Delta_inf - g^2 C: the defining
                    // equation, to rounding of terms of size ~g^2 Delta_0.
                    let a = st.delta_inf - g * g * correlation(d0, d0, st.delta_inf);
                    assert!(
                        (a - st.structured_variance).abs() < 1e-12 * (1.0 + d0),
                        "{st:?}"
                    );
                    let q = |d| potential(d, d0, g, a);
                    assert!(
                        (q(st.delta_inf) - q(d0)).abs() < 1e-11 * (1.0 + g * g) * (1.0 + d0 * d0),
                        "b = {b}, g = {g}"
                    );
                }
                StationaryKind::NoStructure => {
                    assert_eq!(st.structured_variance, 0.0);
                    assert_eq!(d0, delta_0_random(g));
                }
            }
            // A(g) decreases as chaos takes over ("generation vs transmission"), and stays
            // at 0 once structure is gone; 1e-12 allows for rounding.
            assert!(
                st.structured_variance <= previous_a + 1e-12,
                "b = {b}, g = {g}"
            );
            previous_a = st.structured_variance;
            // Sompolinsky-Crisanti-Sommers: a positive root of Q(Delta_0) = Q(0) for g > 1.
            let d = delta_0_random(g);
            if g > 1.0 {
                assert!(d > 0.0, "g = {g}");
                let residual = potential(d, d, g, 0.0) - potential(0.0, d, g, 0.0);
                assert!(
                    residual.abs() < 1e-12 * (1.0 + d * d) * (1.0 + g * g),
                    "g = {g}: {residual}"
                );
            } else {
                assert_eq!(d, 0.0);
            }
        }
        assert_eq!(previous_a, 0.0, "b = {b}: structure must be gone at g = 4");
    }
}
