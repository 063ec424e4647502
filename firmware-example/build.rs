//! Embeds the scenario at build time: parses the TOML with the same code as the host
//! (`mrnn_core::config`) and writes `$OUT_DIR/scenario.rs` with its constants, every
//! float as an exact `f64::from_bits` literal. Also picks and copies the memory map.
//!
//! Scenario: `$MRNN_SCENARIO` (a path, relative to this directory or absolute) if set,
//! else `scenario-procedural.toml` with the `procedural` feature, else `scenario.toml`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use mrnn_core::config::{Config, ConnectivityKind};
use mrnn_core::params::{Phi, Sampling};

/// Stack (and everything else outside the network) reserved when checking the RAM fit.
/// The measured high-water mark is about 2 KiB (see README); this leaves margin.
const STACK_RESERVE: usize = 6 * 1024;

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=MRNN_SCENARIO");

    // The memory map: QEMU's mps2-an386 (64 KiB of RAM declared) or an STM32F4 Discovery.
    let memory = if env::var_os("CARGO_FEATURE_STM32F4").is_some() {
        "memory-stm32f4.x"
    } else {
        "memory.x"
    };
    println!("cargo:rerun-if-changed={memory}");
    let map = fs::read_to_string(dir.join(memory))
        .unwrap_or_else(|e| panic!("cannot read {memory}: {e}"));
    fs::write(out.join("memory.x"), &map).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    let ram = ram_length(&map)
        .unwrap_or_else(|| panic!("{memory}: no `RAM : ORIGIN = .., LENGTH = ..` line"));

    let scenario = match env::var("MRNN_SCENARIO") {
        Ok(path) if !path.is_empty() => dir.join(path),
        _ if env::var_os("CARGO_FEATURE_PROCEDURAL").is_some() => {
            dir.join("scenario-procedural.toml")
        }
        _ => dir.join("scenario.toml"),
    };
    println!("cargo:rerun-if-changed={}", scenario.display());
    let text = fs::read_to_string(&scenario)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", scenario.display()));
    let config =
        Config::from_toml_str(&text).unwrap_or_else(|e| panic!("{}: {e}", scenario.display()));

    let code = match config.regions {
        1 => emit::<1>(&config, &scenario, ram),
        2 => emit::<2>(&config, &scenario, ram),
        3 => emit::<3>(&config, &scenario, ram),
        4 => emit::<4>(&config, &scenario, ram),
        5 => emit::<5>(&config, &scenario, ram),
        6 => emit::<6>(&config, &scenario, ram),
        r => panic!(
            "{}: regions = {r}; the firmware is built for 1 to 6 regions",
            scenario.display()
        ),
    };
    fs::write(out.join("scenario.rs"), code).unwrap();
}

/// LENGTH of the RAM region of a linker memory map, in bytes (`64K`, `4M`, `0x10000`, `65536`).
fn ram_length(map: &str) -> Option<usize> {
    let line = map.lines().find(|l| l.trim_start().starts_with("RAM"))?;
    let value = line
        .split("LENGTH")
        .nth(1)?
        .trim_start_matches([' ', '='])
        .trim();
    let value = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()?;
    let (digits, unit) = match value.chars().last()? {
        'K' | 'k' => (&value[..value.len() - 1], 1024),
        'M' | 'm' => (&value[..value.len() - 1], 1024 * 1024),
        _ => (value, 1),
    };
    let n = match digits.strip_prefix("0x") {
        Some(hex) => usize::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some(n * unit)
}

fn f64s(xs: &[f64]) -> String {
    let items: Vec<String> = xs
        .iter()
        .map(|x| format!("f64::from_bits(0x{:016x})", x.to_bits()))
        .collect();
    format!("[{}]", items.join(", "))
}

fn matrix<const R: usize>(m: &[[f64; R]; R]) -> String {
    let rows: Vec<String> = m.iter().map(|row| f64s(row)).collect();
    format!("[{}]", rows.join(", "))
}

fn tensor<const R: usize>(t: &[[[f64; R]; R]; R]) -> String {
    let blocks: Vec<String> = t.iter().map(matrix).collect();
    format!("[{}]", blocks.join(", "))
}

fn emit<const R: usize>(config: &Config, path: &Path, ram: usize) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let p = config
        .params::<R>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let initial = config.initial_currents::<R>().resolve(config.seed);
    let n = config.neurons;
    let (synapses, kind, estimate) = match config.connectivity {
        // Network<R, N, Dense>: chi, loadings (m, n, w) and the state (x, rate), all f32.
        ConnectivityKind::Dense => (
            "network::Dense",
            "dense",
            4 * (R * n * n + 2 * R * R * n + 3 * R * n),
        ),
        // Network<R, N, Procedural>: the state only.
        ConnectivityKind::Procedural => ("procedural::Procedural", "procedural", 4 * 2 * R * n),
    };
    let mut s = String::new();
    let w = &mut s;
    writeln!(w, "// Generated by build.rs from {name}. Do not edit.").unwrap();
    writeln!(
        w,
        "/// The scenario file this firmware was built from.\npub const SCENARIO: &str = {name:?};"
    )
    .unwrap();
    writeln!(w, "/// Regions.\npub const R: usize = {R};\n/// Neurons per region.\npub const N: usize = {n};").unwrap();
    writeln!(
        w,
        "/// Euler steps (duration / dt).\npub const STEPS: u64 = {};",
        config.steps()
    )
    .unwrap();
    writeln!(
        w,
        "/// Log interval in steps.\npub const EVERY: u64 = {};",
        config.every_or(1)
    )
    .unwrap();
    writeln!(
        w,
        "/// Seed of every random draw.\npub const SEED: u64 = {};",
        config.seed
    )
    .unwrap();
    writeln!(
        w,
        "/// `connectivity` of the scenario.\npub const CONNECTIVITY: &str = {kind:?};"
    )
    .unwrap();
    writeln!(w, "/// How the network stores its connectivity.\npub type Synapses = mrnn_core::{synapses}<R, N>;")
        .unwrap();
    writeln!(
        w,
        "/// Bytes of RAM in the memory map.\npub const RAM_BYTES: usize = {ram};"
    )
    .unwrap();
    let phi = match p.phi {
        Phi::Erf => "Erf",
        Phi::Tanh => "Tanh",
    };
    let sampling = match p.sampling {
        Sampling::ExactMoments => "ExactMoments",
        Sampling::Iid => "Iid",
    };
    writeln!(w, "/// The validated parameters, bit for bit.").unwrap();
    writeln!(
        w,
        "pub const PARAMS: mrnn_core::params::Params<R> = mrnn_core::params::Params {{"
    )
    .unwrap();
    writeln!(w, "    dt: f64::from_bits(0x{:016x}),", p.dt.to_bits()).unwrap();
    writeln!(w, "    phi: mrnn_core::params::Phi::{phi},").unwrap();
    writeln!(w, "    disorder: {},", f64s(&p.disorder)).unwrap();
    writeln!(w, "    interactions: {},", tensor(&p.interactions)).unwrap();
    writeln!(w, "    overlaps: {},", tensor(&p.overlaps)).unwrap();
    writeln!(w, "    input_matrix: {},", matrix(&p.input_matrix)).unwrap();
    writeln!(w, "    input: {},", f64s(&p.input)).unwrap();
    writeln!(w, "    silenced: {:?},", p.silenced).unwrap();
    writeln!(w, "    sampling: mrnn_core::params::Sampling::{sampling},").unwrap();
    writeln!(w, "}};").unwrap();
    writeln!(w, "/// Initial currents S(0), resolved from the seed.\npub const INITIAL: [[f64; R]; R] = {};", matrix(&initial))
        .unwrap();

    // The RAM check, exact (size_of) at compile time, with the numbers in the message.
    let message = format!(
        "{name}: R = {R}, N = {n} with {kind} connectivity does not fit the board: the network needs about {} KiB \
         and the firmware reserves {} KiB of stack, but RAM is {} KiB. Lower `neurons`, or use \
         connectivity = \"procedural\" (2 R N f32 of state only), or a board with more RAM.",
        estimate.div_ceil(1024),
        STACK_RESERVE / 1024,
        ram / 1024
    );
    writeln!(w, "/// Stack reserved next to the network when checking the RAM fit.\npub const STACK_RESERVE: usize = {STACK_RESERVE};")
        .unwrap();
    writeln!(
        w,
        "const _: () = assert!(core::mem::size_of::<mrnn_core::network::Network<R, N, Synapses>>() + STACK_RESERVE <= RAM_BYTES, {message:?});"
    )
    .unwrap();

    // One log line per output step: the R x R filtered currents row by row, as f32
    // (defmt sends the raw bits; defmt-print prints the shortest round-trip decimal).
    let rows: Vec<String> = (0..R)
        .map(|_| format!("[{}]", vec!["{=f32}"; R].join(",")))
        .collect();
    let args: Vec<String> = (0..R)
        .flat_map(|mu| (0..R).map(move |nu| format!("s[{mu}][{nu}]")))
        .collect();
    writeln!(
        w,
        "/// Logs `step=<n> S=[[..],..]`: the filtered currents row by row."
    )
    .unwrap();
    writeln!(w, "pub fn log_currents(step: u64, s: &[[f32; R]; R]) {{").unwrap();
    writeln!(
        w,
        "    defmt::info!(\"step={{=u64}} S=[{}]\", step, {});",
        rows.join(","),
        args.join(", ")
    )
    .unwrap();
    writeln!(w, "}}").unwrap();
    s
}
