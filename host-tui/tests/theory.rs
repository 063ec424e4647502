//! `mrnn theory` through the real binary: the stationary predictions of docs/model.md §4
//! against the authors' numbers (tests/data/stationary.json) and the paper's Fig. 3.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn reference() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/stationary.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn theory(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_mrnn"))
        .arg("theory")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One region, T = b, S(0) = 1, disorder g: the config of the A(g) check.
fn one_region(b: f64, g: f64, duration: f64) -> Value {
    let path =
        std::env::temp_dir().join(format!("mrnn-theory-{}-{b}-{g}.toml", std::process::id()));
    let text = format!(
        "regions = 1\nduration = {duration}\ndisorder = [{g}]\n[interactions]\nt = [[[{b}]]]\n[init]\ncurrents = [[1.0]]\n"
    );
    std::fs::write(&path, text).unwrap();
    let v = theory(&["--config", path.to_str().unwrap()]);
    std::fs::remove_file(path).unwrap();
    v
}

fn field(v: &Value, region: usize, name: &str) -> f64 {
    v["regions"][region][name]
        .as_f64()
        .unwrap_or_else(|| panic!("{name} of region {} in {v}", region + 1))
}

/// b = 2: while a structured fixed point exists, delta_0 = psi_inv(1/b) and A is the
/// reference's A(g) to 1e-7 (the double-root tolerance of the reference, README of
/// tests/data), including g = 1.0 where the authors' solver failed; beyond it A = 0 and
/// delta_0 is the chaotic variance. Near the end of the curve the currents decay slowly,
/// so those runs are longer.
#[test]
fn structured_variance_traces_the_papers_curve() {
    let r = reference();
    let grid = &r["structured_b2"];
    let psi_inv_half = 1.909859317102744;
    for (k, g) in grid["g"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_f64().unwrap())
        .enumerate()
    {
        let v = one_region(2.0, g, if g < 1.9 { 300.0 } else { 1000.0 });
        assert_eq!(v["settled"], true, "g = {g}: {v}");
        let a = field(&v, 0, "A");
        match grid["A"][k].as_f64() {
            Some(expected) => {
                assert!(
                    (a - expected).abs() < 1e-7,
                    "g = {g}: A = {a}, reference {expected}"
                );
                assert!((field(&v, 0, "delta_0") - psi_inv_half).abs() < 1e-9);
            }
            None if g == 1.0 => assert!((a - 1.369966229427976).abs() < 1e-9, "g = 1: A = {a}"),
            None => {
                assert_eq!(a, 0.0, "g = {g}: no structured solution, A must be 0");
                assert_eq!(v["regions"][0]["regime"], "chaos");
            }
        }
    }
    // Beyond the curve delta_0 is Sompolinsky-Crisanti-Sommers' variance.
    let v = one_region(2.0, 2.5, 1000.0);
    assert!(
        (field(&v, 0, "delta_0") - 3.6651546343616657).abs() < 1e-9,
        "{v}"
    );
}

/// No structure (T = 0): delta_0 = Delta_0(g) of the reference to 1e-9, regime chaos.
#[test]
fn unstructured_region_has_the_chaotic_variance() {
    let r = reference();
    for row in r["sompolinsky"].as_array().unwrap() {
        let (g, expected) = (row["g"].as_f64().unwrap(), row["Delta_0"].as_f64().unwrap());
        let v = one_region(0.0, g, 100.0);
        assert_eq!(v["settled"], true);
        assert!(
            (field(&v, 0, "delta_0") - expected).abs() < 1e-9,
            "g = {g}: {v}"
        );
        assert_eq!(v["regions"][0]["regime"], "chaos");
        assert_eq!(field(&v, 0, "A"), 0.0);
    }
}

/// Any R: the paper's Fig. 3 sets with disorder (R = 5). g_1 = 2.25 leaves region 1 a
/// small structured variance with chaos (the paper: A = 0.11); g_1 = 2.65 silences it.
#[test]
fn fig3_disorder_sets_match_the_paper() {
    let v = theory(&["--scenario", "fig3-g1-2.25", "--duration", "600"]);
    assert_eq!(v["settled"], true, "{v}");
    assert_eq!(v["regions"][0]["regime"], "chaos_with_structure");
    // The paper quotes two digits.
    assert!((field(&v, 0, "A") - 0.11).abs() < 0.005, "{v}");
    for mu in 1..5 {
        assert_eq!(
            v["regions"][mu]["regime"],
            "fixed_point",
            "region {}",
            mu + 1
        );
    }
    let v = theory(&["--scenario", "fig3-g1-2.65", "--duration", "600"]);
    assert_eq!(v["regions"][0]["regime"], "chaos");
    assert_eq!(field(&v, 0, "A"), 0.0);
}

/// A limit cycle never settles: null stationary fields, a reason, the trajectory's regime.
#[test]
fn an_oscillating_theory_reports_why_it_has_no_stationary_answer() {
    let v = theory(&["--scenario", "fig6-t0"]);
    assert_eq!(v["settled"], false);
    for region in v["regions"].as_array().unwrap() {
        assert!(
            region["A"].is_null() && region["delta_0"].is_null() && region["delta_inf"].is_null()
        );
        assert!(region["reason"]
            .as_str()
            .unwrap()
            .contains("did not settle"));
        assert_eq!(region["regime"], "limit_cycle", "{region}");
    }
}

#[test]
fn tanh_is_refused_by_the_theory() {
    let path = std::env::temp_dir().join(format!("mrnn-theory-tanh-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "regions = 1\nphi = \"tanh\"\ndisorder = [1.5]\n[interactions]\nt = [[[0.0]]]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mrnn"))
        .args(["theory", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_file(path).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("phi: the dmft model's closed forms hold for phi = \"erf\" only"),
        "{stderr}"
    );
}
