//! `mrnn run`: a headless run written as CSV.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use mrnn_core::config::Config;

use crate::cli::{RunArgs, Source};
use crate::engine::{self, Observation};
use crate::record::CsvWriter;
use crate::scenarios;

/// Reads the experiment a `Source` names and validates it.
pub fn load(source: &Source) -> Result<Config, String> {
    match (&source.config, &source.scenario) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--config: cannot read {}: {e}", path.display()))?;
            Config::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        }
        (None, name) => {
            let scenario = scenarios::find(name.as_deref().unwrap_or(scenarios::DEFAULT))?;
            Config::from_toml_str(scenario.toml)
                .map_err(|e| format!("scenario {}: {e}", scenario.name))
        }
    }
}

/// Applies the command line's overrides and checks them.
fn apply_overrides(config: &mut Config, args: &RunArgs) -> Result<(), String> {
    if let Some(t) = args.duration {
        if !(t.is_finite() && t > 0.0) {
            return Err(format!(
                "--duration: {t} is not a positive number of time units"
            ));
        }
        config.duration = t;
    }
    if let Some(k) = args.every {
        if k == 0 {
            return Err("--every: must be at least 1 (a row every K steps)".into());
        }
        config.every = Some(k);
    }
    if let Some(n) = args.neurons {
        config.neurons = n;
    }
    if let Some(s) = args.seed {
        config.seed = s;
    }
    config.validate().map_err(|e| e.to_string())
}

/// Applies `--duration`, checked.
pub fn override_duration(config: &mut Config, duration: Option<f64>) -> Result<(), String> {
    if let Some(t) = duration {
        if !(t.is_finite() && t > 0.0) {
            return Err(format!(
                "--duration: {t} is not a positive number of time units"
            ));
        }
        config.duration = t;
    }
    Ok(())
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every step was taken (or the reader closed the pipe).
    Complete,
    /// Ctrl-C or SIGTERM: the rows so far are written, the rest is not.
    Interrupted,
}

/// Runs the model and writes CSV; stops cleanly (rows flushed) on Ctrl-C or SIGTERM.
pub fn run(args: &RunArgs) -> Result<Ending, String> {
    let stop = interrupt_flag();
    let mut config = load(&args.source)?;
    apply_overrides(&mut config, args)?;
    let mut engine = engine::build(&config, args.model, args.theory.engine())?;
    for note in engine.notes() {
        eprintln!("mrnn: note: {note}");
    }
    let every = config.every_or(1);
    let steps = config.steps();

    // The output file is created only once the experiment is known to be valid.
    let out: Box<dyn Write> = match &args.out {
        Some(path) => {
            Box::new(BufWriter::new(File::create(path).map_err(|e| {
                format!("--out: cannot create {}: {e}", path.display())
            })?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let written = write_rows(&mut *engine, out, &config, every, steps, &stop);
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Ending::Complete),
        Err(e) => Err(format!("writing the CSV failed: {e}")),
        Ok(()) if stop.load(Ordering::Relaxed) => {
            eprintln!(
                "mrnn: interrupted at step {}: the rows so far are written",
                engine.steps()
            );
            Ok(Ending::Interrupted)
        }
        Ok(()) => Ok(Ending::Complete),
    }
}

fn write_rows(
    engine: &mut dyn engine::Engine,
    out: Box<dyn Write>,
    config: &Config,
    every: u64,
    steps: u64,
    stop: &AtomicBool,
) -> io::Result<()> {
    let mut csv = CsvWriter::new(out, engine.regions(), engine.precision(), config.dt)?;
    let mut obs = Observation::default();
    engine.observe(&mut obs);
    csv.row(engine.steps(), &obs)?;
    while engine.steps() < steps && !stop.load(Ordering::Relaxed) {
        engine.step();
        if engine.steps().is_multiple_of(every) {
            engine.observe(&mut obs);
            csv.row(engine.steps(), &obs)?;
        }
    }
    csv.flush()
}

/// A flag raised by Ctrl-C, so a run ends with its rows flushed instead of lost.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let raised = flag.clone();
    // Failing to install the handler only loses the graceful stop, not the run.
    let _ = ctrlc::set_handler(move || raised.store(true, Ordering::Relaxed));
    flag
}
