//! The firmware against the host: builds `firmware-example/` for thumbv7em-none-eabihf,
//! runs it under QEMU (mps2-an386, Cortex-M4F), decodes its defmt log and checks that
//! every logged current equals, bit for bit, the same network computed here on the host
//! with `mrnn_core` from the same scenario file. Also: the step path cannot panic.
//!
//! Needs `qemu-system-arm` and `defmt-print` (`.ci/firmware.sh` installs both); without
//! them these tests fail, they never skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::Instant;

use mrnn_core::config::{Config, ConnectivityKind};
use mrnn_core::dmft::{Dmft, Scheme};
use mrnn_core::network::{Dense, Network, Synapses};
use mrnn_core::procedural::Procedural;

/// One firmware build at a time: every variant shares `firmware-example/target`.
static BUILD: Mutex<()> = Mutex::new(());

fn firmware_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../firmware-example")
        .canonicalize()
        .unwrap()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Fails (never skips) with the fix when a tool is missing.
fn require(tool: &str, install: &str) {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success());
    assert!(
        matches!(found, Ok(true)),
        "`{tool}` is not on PATH: the firmware tests need it. Install it with `bash .ci/firmware.sh` ({install})."
    );
}

/// `cargo build --release` of the firmware with `features`; the output of cargo.
fn cargo_build(features: &str) -> Output {
    cargo_build_scenario(features, None)
}

/// The same with `MRNN_SCENARIO` set to `scenario` (else the feature picks the scenario).
fn cargo_build_scenario(features: &str, scenario: Option<&Path>) -> Output {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(firmware_dir())
        .args(["build", "--release", "--quiet"]);
    if !features.is_empty() {
        cmd.args(["--features", features]);
    }
    // Its own target directory, whatever the host build uses; no host flags leak in.
    cmd.env("CARGO_TARGET_DIR", firmware_dir().join("target"))
        .env("DEFMT_LOG", "info")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("MRNN_SCENARIO");
    if let Some(path) = scenario {
        cmd.env("MRNN_SCENARIO", path);
    }
    cmd.output().expect("cannot run cargo")
}

/// Builds the firmware with `features` and copies the ELF to a name of its own.
fn build(features: &str) -> PathBuf {
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let out = cargo_build(features);
    assert!(
        out.status.success(),
        "firmware build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let elf = firmware_dir().join("target/thumbv7em-none-eabihf/release/mrnn-firmware");
    let name = if features.is_empty() {
        "default".to_string()
    } else {
        features.replace([',', ' '], "-")
    };
    let copy = elf.with_file_name(format!("mrnn-firmware-test-{name}.elf"));
    std::fs::copy(&elf, &copy).unwrap();
    copy
}

/// Runs the ELF through the cargo runner script (QEMU | defmt-print); its decoded log.
fn run(elf: &Path) -> String {
    require("qemu-system-arm", "apt-get install qemu-system-arm");
    require("defmt-print", "cargo install defmt-print --locked");
    let start = Instant::now();
    // `timeout` signals its whole process group, QEMU included, if the firmware hangs.
    let out = Command::new("timeout")
        .args(["--kill-after=5", "120"])
        .arg(firmware_dir().join("scripts/qemu-run.sh"))
        .arg(elf)
        .output()
        .expect("cannot run scripts/qemu-run.sh");
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!(
        "{}: QEMU ran {:.1} s",
        elf.display(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        out.status.success(),
        "firmware exited with {:?} (101 = panic, 102 = hard fault, 124 = timeout)\nstdout:\n{log}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    log
}

/// The `step=<n> S=[[..],..]` lines of a decoded log: (step, the R x R currents row by row).
fn logged_currents(log: &str) -> Vec<(u64, Vec<f32>)> {
    log.lines()
        .filter_map(|line| {
            let rest = &line[line.find("step=")? + 5..];
            let (step, s) = rest.split_once(" S=")?;
            let values = s
                .trim()
                .split(['[', ']', ','])
                .filter(|t| !t.is_empty())
                // defmt-print prints f32 in the shortest form that parses back to the same bits.
                .map(|t| {
                    t.parse::<f32>()
                        .unwrap_or_else(|e| panic!("bad float {t:?} in {line:?}: {e}"))
                })
                .collect();
            Some((step.parse().unwrap(), values))
        })
        .collect()
}

/// The `memory:` line: key -> bytes.
fn memory(log: &str) -> Vec<(String, usize)> {
    let line = log
        .lines()
        .find(|l| l.contains("memory:"))
        .expect("no memory: line in the log");
    line[line.find("memory:").unwrap() + 7..]
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
        .collect()
}

/// The host's run of the scenario: (step, currents) at step 0 and every `every` steps.
fn host_currents<const N: usize, C: Synapses<3, N>>(config: &Config) -> Vec<(u64, Vec<f32>)> {
    let params = config.params::<3>().unwrap();
    let initial = config.initial_currents::<3>().resolve(config.seed);
    let mut net = Network::<3, N, C>::boxed(&params, &initial, config.seed).unwrap();
    let flat = |net: &Network<3, N, C>| {
        net.filtered_currents()
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<f32>>()
    };
    let mut rows = vec![(0, flat(&net))];
    for step in 1..=config.steps() {
        net.step();
        if step % config.every_or(1) == 0 {
            rows.push((step, flat(&net)));
        }
    }
    rows
}

fn bits(xs: &[f32]) -> Vec<u32> {
    xs.iter().map(|x| x.to_bits()).collect()
}

/// Every logged line equals the host's currents at that step, bit for bit; and the log is complete.
fn assert_bit_identical(firmware: &[(u64, Vec<f32>)], host: &[(u64, Vec<f32>)]) {
    assert_eq!(
        firmware.len(),
        host.len(),
        "the firmware logged {} lines, the host expects {}",
        firmware.len(),
        host.len()
    );
    for ((fs, fv), (hs, hv)) in firmware.iter().zip(host) {
        assert_eq!(fs, hs, "step numbers differ");
        assert_eq!(
            bits(fv),
            bits(hv),
            "step {fs}: firmware {fv:?} != host {hv:?}"
        );
    }
}

fn scenario(name: &str) -> Config {
    let text = std::fs::read_to_string(firmware_dir().join(name)).unwrap();
    Config::from_toml_str(&text).unwrap()
}

#[test]
fn dense_scenario_is_bit_identical_to_the_host() {
    let config = scenario("scenario.toml");
    // The scenario the issue asks for.
    assert_eq!(
        (config.regions, config.neurons, config.connectivity),
        (3, 64, ConnectivityKind::Dense)
    );
    assert!(config.steps() >= 500 && config.every.is_some());
    assert!(config
        .disorder
        .as_ref()
        .is_some_and(|g| g.iter().any(|&g| g > 0.0)));

    let log = run(&build(""));
    let firmware = logged_currents(&log);
    let host = host_currents::<64, Dense<3, 64>>(&config);
    assert_bit_identical(&firmware, &host);
    // Clearly non-zero currents, and a trajectory that moves (not a trivially constant run).
    let last = &host.last().unwrap().1;
    assert!(
        last.iter().map(|s| s.abs()).fold(0.0, f32::max) > 0.5,
        "{last:?}"
    );
    assert_ne!(bits(&host[1].1), bits(last));

    let mem: std::collections::HashMap<_, _> = memory(&log).into_iter().collect();
    assert!(mem["ram"] < 64 * 1024 && mem["stack"] > 256, "{mem:?}");

    // The host binary, when the lead's `mrnn run` exists: the same numbers through its CSV.
    compare_with_mrnn_binary("scenario.toml", &host);
}

/// The f32 DMFT on the microcontroller (`--features dmft`): the scenario's theory on a
/// window of 256 lags, every logged current equal bit for bit to the host's f32 DMFT.
#[test]
fn f32_theory_is_bit_identical_to_the_host() {
    let config = scenario("scenario.toml");
    let params = config.params::<3>().unwrap();
    let initial = config.initial_currents::<3>().resolve(config.seed);
    let mut theory = Dmft::<3, 256, f32>::boxed(&params, initial, Scheme::Clean).unwrap();
    let every = config.every_or(1);
    let mut host = vec![(0, theory.currents().iter().flatten().copied().collect())];
    for step in 1..=config.steps() {
        theory.step();
        if step % every == 0 {
            host.push((step, theory.currents().iter().flatten().copied().collect()));
        }
    }
    let firmware = logged_currents(&run(&build("dmft")));
    assert_bit_identical(&firmware, &host);
}

#[test]
fn procedural_scenario_is_bit_identical_to_the_host() {
    let config = scenario("scenario-procedural.toml");
    assert_eq!(
        (config.regions, config.neurons, config.connectivity),
        (3, 1024, ConnectivityKind::Procedural)
    );
    assert!(config.steps() >= 100);

    let log = run(&build("procedural"));
    let firmware = logged_currents(&log);
    let host = host_currents::<1024, Procedural<3, 1024>>(&config);
    assert_bit_identical(&firmware, &host);
    assert!(host.last().unwrap().1.iter().any(|s| s.abs() > 0.5));

    // R = 3, N = 1024 in under 64 KiB: .data + .bss + the stack's high-water mark.
    let mem: std::collections::HashMap<_, _> = memory(&log).into_iter().collect();
    assert!(mem["ram"] < 64 * 1024, "{mem:?}");
    compare_with_mrnn_binary("scenario-procedural.toml", &host);
}

/// `mrnn run --config FILE --model network` prints a CSV; where the binary was built,
/// its S columns must equal the host currents too (it uses mrnn-core the same way).
fn compare_with_mrnn_binary(file: &str, host: &[(u64, Vec<f32>)]) {
    // The newest `mrnn` among this test's target directory and the workspace's.
    let exe = std::env::current_exe().unwrap();
    let own = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release");
    let candidates = [
        own.join("mrnn"),
        own.join("../release/mrnn"),
        own.join("../debug/mrnn"),
        workspace.join("mrnn"),
    ];
    let modified = |p: &PathBuf| p.metadata().and_then(|m| m.modified()).ok();
    let Some(bin) = candidates
        .iter()
        .filter(|p| p.exists())
        .max_by_key(|p| modified(p))
    else {
        eprintln!("note: no built `mrnn` binary (cargo build -p mrnn-tui); compared against mrnn_core only");
        return;
    };
    let out = Command::new(bin)
        .args(["run", "--config"])
        .arg(firmware_dir().join(file))
        .args(["--model", "network"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{} failed: {stderr}", bin.display());
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut lines = csv.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let s_cols: Vec<usize> = (1..=3)
        .flat_map(|mu| (1..=3).map(move |nu| (mu, nu)))
        .map(|(mu, nu)| {
            let names = [
                format!("S_{mu}_{nu}"),
                format!("S{mu}{nu}"),
                format!("S_{mu}{nu}"),
                format!("S[{mu}][{nu}]"),
            ];
            header
                .iter()
                .position(|h| names.iter().any(|n| n == h.trim()))
                .unwrap_or(usize::MAX)
        })
        .collect();
    if s_cols.contains(&usize::MAX) {
        eprintln!("note: `mrnn` CSV header {header:?} has no S columns I recognise; compared against mrnn_core only");
        return;
    }
    let rows: Vec<Vec<f32>> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .map(|f| {
            s_cols
                .iter()
                .map(|&c| f[c].trim().parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        rows.len(),
        host.len(),
        "mrnn printed {} rows, expected {}",
        rows.len(),
        host.len()
    );
    for (row, (step, h)) in rows.iter().zip(host) {
        assert_eq!(bits(row), bits(h), "mrnn CSV at step {step}");
    }
    eprintln!(
        "{}: its CSV matches too ({} rows)",
        bin.display(),
        rows.len()
    );
}

#[test]
fn the_step_path_cannot_panic() {
    // The `panic-check` build links nothing but `Network::step` (dense, then procedural)
    // and a panic handler that calls a symbol defined nowhere: with fat LTO the handler
    // is kept only if some panic path is reachable, so a successful link proves none is.
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    for features in ["panic-check", "panic-check,procedural"] {
        let out = cargo_build(features);
        assert!(
            out.status.success(),
            "`cargo build --release --features {features}` failed: a panic is reachable from step():\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Not vacuous: the step is in the ELF (its activation calls libm's erff).
        let elf = std::fs::read(
            firmware_dir().join("target/thumbv7em-none-eabihf/release/mrnn-firmware"),
        )
        .unwrap();
        assert!(
            elf.windows(6).any(|w| w == b"4erff1"),
            "{features}: the step was not linked"
        );
    }
    // Negative control: one out-of-bounds-capable index next to the step must fail the link.
    let out = cargo_build("panic-check-control");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the negative control linked: the check cannot see panics"
    );
    assert!(
        stderr.contains("mrnn_firmware_step_path_can_panic"),
        "the control failed for another reason:\n{stderr}"
    );
}

#[test]
fn firmware_and_host_resolve_the_same_libm() {
    // Bit-identity needs the same libm source on both sides: the firmware has its own lock file.
    let version = |lock: &Path| {
        let text = std::fs::read_to_string(lock).unwrap();
        let at = text.find("name = \"libm\"").expect("no libm in lock file");
        text[at..].lines().nth(1).unwrap().to_string()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    assert_eq!(
        version(&root.join("Cargo.lock")),
        version(&firmware_dir().join("Cargo.lock"))
    );
}

#[test]
fn a_network_too_big_for_the_ram_is_a_compile_error() {
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    // N = 128 dense needs ~206 KiB; the QEMU memory map declares 64 KiB.
    let text = std::fs::read_to_string(firmware_dir().join("scenario.toml"))
        .unwrap()
        .replace("neurons = 64", "neurons = 128");
    let path = std::env::temp_dir().join(format!("mrnn-too-big-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let out = cargo_build_scenario("", Some(&path));
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "N = 128 dense built for a 64 KiB board"
    );
    assert!(
        stderr.contains("R = 3, N = 128 with dense connectivity does not fit the board")
            && stderr.contains("RAM is 64 KiB"),
        "unclear error:\n{stderr}"
    );
}
