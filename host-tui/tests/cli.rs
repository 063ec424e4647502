//! The real `mrnn` binary against good and hostile input: every config error is one
//! message naming the field, exit code 2, no panic, and no output file left behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mrnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mrnn"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn invalid(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/invalid_configs")
        .join(name)
        .display()
        .to_string()
}

fn temp_out(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mrnn-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// (config file, extra arguments, text the one error line must contain).
const CASES: &[(&str, &[&str], &str)] = &[
    ("unknown_key.toml", &[], "unknown field `disorderr`"),
    (
        "disorder_length.toml",
        &[],
        "disorder: has 1 values; give one per region (2)",
    ),
    (
        "disorder_negative.toml",
        &[],
        "disorder: every g must be >= 0",
    ),
    ("dt_nan.toml", &[], "dt: is NaN"),
    (
        "dt_too_large.toml",
        &[],
        "dt: is 2; it must be > 0 and <= 1",
    ),
    ("every_zero.toml", &[], "every: must be at least 1"),
    (
        "neurons_unsupported.toml",
        &[],
        "neurons: 100 is not supported; choose one of 64, 128, 256, 512, 1024, 2048, 4096",
    ),
    (
        "regions_unsupported.toml",
        &[],
        "regions: 9 is not supported; choose 1 to 8",
    ),
    ("regions_zero.toml", &[], "regions: must be at least 1"),
    (
        "overlaps_not_spd.toml",
        &[],
        "interactions.overlaps: the matrix of region 2 is not positive definite",
    ),
    (
        "overlaps_not_symmetric.toml",
        &[],
        "interactions.overlaps: the matrix of region 2 is not symmetric",
    ),
    (
        "overlaps_shape.toml",
        &[],
        "interactions.overlaps: has 1 blocks; it must be 2 x 2 x 2",
    ),
    (
        "silence_out_of_range.toml",
        &[],
        "interactions.silence: region 3 does not exist",
    ),
    (
        "two_interaction_forms.toml",
        &[],
        "interactions: give only one of",
    ),
    ("missing_h.toml", &[], "interactions.h: missing"),
    ("no_interactions.toml", &[], "interactions: give one of"),
    (
        "t_shape.toml",
        &[],
        "interactions.t[2]: has 1 rows; it must be 2 x 2",
    ),
    (
        "regions_string.toml",
        &[],
        "invalid type: string \"two\", expected usize",
    ),
    (
        "phi_unknown.toml",
        &[],
        "unknown variant `relu`, expected `erf` or `tanh`",
    ),
    (
        "tanh_with_theory.toml",
        &["--model", "reduced"],
        "phi: the reduced model's closed forms hold for phi = \"erf\" only",
    ),
    (
        "init_shape.toml",
        &[],
        "init.currents: has 1 rows; it must be 2 x 2",
    ),
    ("input_inf.toml", &[], "input.e: contains nan or inf"),
    ("malformed.toml", &[], "line 2"),
    (
        "random_radius.toml",
        &[],
        "interactions.random.radius: must be a finite number >= 0",
    ),
    ("does_not_exist.toml", &[], "--config: cannot read"),
    ("missing_regions.toml", &[], "regions: missing; add it"),
];

#[test]
fn every_config_error_names_the_field_and_exits_2() {
    for (file, extra, expected) in CASES {
        let out_file = temp_out(&format!("{file}.csv"));
        let config = invalid(file);
        let mut args = vec![
            "run",
            "--config",
            config.as_str(),
            "--out",
            out_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = mrnn(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{file}: status {:?}, stderr {stderr}",
            out.status
        );
        assert!(
            stderr.contains(expected),
            "{file}: {stderr:?} lacks {expected:?}"
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{file}: one message, got {stderr:?}"
        );
        assert!(
            !out_file.exists(),
            "{file}: left {} behind",
            out_file.display()
        );
    }
}

#[test]
fn bad_command_line_values_are_errors_too() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["run", "--scenario", "nope"],
            "--scenario: no scenario named \"nope\"; choose one of",
        ),
        (
            &["run", "--duration", "-1"],
            "--duration: -1 is not a positive number",
        ),
        (&["run", "--every", "0"], "--every: must be at least 1"),
        (
            &["run", "--neurons", "1000"],
            "neurons: 1000 is not supported",
        ),
        (
            &["run", "--model", "magic"],
            "invalid value 'magic' for '--model",
        ),
    ];
    for (args, expected) in cases {
        let out = mrnn(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: {stderr:?} lacks {expected:?}"
        );
    }
}

fn csv(args: &[&str]) -> String {
    let out = mrnn(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let base = [
        "run",
        "--scenario",
        "fig6-t0",
        "--neurons",
        "128",
        "--duration",
        "10",
        "--every",
        "1",
    ];
    let a = csv(&[&base[..], &["--seed", "5"]].concat());
    let b = csv(&[&base[..], &["--seed", "5"]].concat());
    let c = csv(&[&base[..], &["--seed", "6"]].concat());
    assert_eq!(a, b);
    assert_ne!(a, c);
    // t = 0 plus one row per step: 10 / 0.05 = 200 steps.
    assert_eq!(a.lines().count(), 1 + 1 + 200);
    assert!(a.starts_with("t,S_1_1,S_1_2,S_1_3,S_2_1,"));
}

#[test]
fn every_thins_the_rows_and_out_writes_a_file() {
    let path = temp_out("every.csv");
    let out = mrnn(&[
        "run",
        "--scenario",
        "fig3-clean-1",
        "--model",
        "reduced",
        "--duration",
        "5",
        "--every",
        "20",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    let times: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(times, ["0", "1", "2", "3", "4", "5"]);
    assert_eq!(
        text.lines().next().unwrap().split(',').count(),
        1 + 25 + 5 + 5
    );
}

#[test]
fn scenarios_lists_one_per_line() {
    let text = csv(&["scenarios"]);
    for name in [
        "fig3-g1-1.5",
        "fig3-clean-1",
        "fig6-t0",
        "fig6-t1",
        "switch-on",
        "switch-off",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(name)),
            "{name} missing from {text}"
        );
    }
}

/// SIGTERM (like Ctrl-C) ends a run early with every row so far written, each complete,
/// and exit code 130 so a script can tell the file is partial.
#[test]
fn a_terminated_run_keeps_its_rows() {
    let path = temp_out("terminated.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mrnn"))
        .args([
            "run",
            "--scenario",
            "fig3-g1-1.5",
            "--neurons",
            "2048",
            "--every",
            "1",
            "--duration",
            "1000",
        ])
        .arg("--out")
        .arg(&path)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until rows arrive (the build takes about 1 s at N = 2048), well before 20000 steps end.
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&path).map_or(0, |t| t.lines().count()) < 3 {
        assert!(start.elapsed().as_secs() < 60, "no rows after 60 s");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 2, "no rows kept: {text:?}");
    assert!(text.ends_with('\n'));
    assert!(
        lines.iter().all(|l| l.split(',').count() == 1 + 25 + 5 + 5),
        "a partial row"
    );
}
