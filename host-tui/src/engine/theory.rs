//! The theories behind the engine interface: the reduced model and the DMFT.

use mrnn_core::config::Config;
use mrnn_core::dmft::Dmft;
use mrnn_core::reduced::CurrentModel;

use super::{Engine, Observation, Options, Precision};

pub(super) fn reduced<const R: usize>(config: &Config) -> Result<Box<dyn Engine>, String> {
    let params = config.params::<R>().map_err(|e| e.to_string())?;
    let initial = config.initial_currents::<R>().resolve(config.seed);
    let model = CurrentModel::new(&params, initial).map_err(|e| e.to_string())?;
    Ok(Box::new(model))
}

impl<const R: usize> Engine for CurrentModel<R> {
    fn regions(&self) -> usize {
        R
    }
    fn precision(&self) -> Precision {
        Precision::F64
    }
    fn steps(&self) -> u64 {
        CurrentModel::steps(self)
    }
    fn step(&mut self) {
        CurrentModel::step(self);
    }
    fn observe(&self, out: &mut Observation) {
        out.record(
            self.currents(),
            &self.instantaneous_currents(),
            self.gains(),
            self.variances(),
        );
    }
}

/// DMFT windows (lags kept) the host can build.
pub const WINDOWS: [usize; 7] = [64, 128, 256, 512, 1024, 2048, 4096];

/// The window used when none is given: the smallest that holds the whole run (the
/// full, untruncated solution), else the largest (B dt = 205 at dt = 0.05, where the
/// truncation error ~exp(-B dt) is far below rounding).
pub fn default_window(steps: u64) -> usize {
    WINDOWS
        .iter()
        .copied()
        .find(|&b| b as u64 > steps)
        .unwrap_or(WINDOWS[WINDOWS.len() - 1])
}

pub(super) fn dmft<const R: usize>(
    config: &Config,
    options: Options,
) -> Result<Box<dyn Engine>, String> {
    let window = options
        .window
        .unwrap_or_else(|| default_window(config.steps()));
    match window {
        64 => dmft_sized::<R, 64>(config, options),
        128 => dmft_sized::<R, 128>(config, options),
        256 => dmft_sized::<R, 256>(config, options),
        512 => dmft_sized::<R, 512>(config, options),
        1024 => dmft_sized::<R, 1024>(config, options),
        2048 => dmft_sized::<R, 2048>(config, options),
        4096 => dmft_sized::<R, 4096>(config, options),
        b => {
            let list: Vec<_> = WINDOWS.iter().map(|w| w.to_string()).collect();
            Err(format!(
                "--window: {b} is not supported; choose one of {}",
                list.join(", ")
            ))
        }
    }
}

fn dmft_sized<const R: usize, const B: usize>(
    config: &Config,
    options: Options,
) -> Result<Box<dyn Engine>, String> {
    let params = config.params::<R>().map_err(|e| e.to_string())?;
    let initial = config.initial_currents::<R>().resolve(config.seed);
    let theory =
        Dmft::<R, B>::boxed(&params, initial, options.scheme).map_err(|e| e.to_string())?;
    Ok(Box::new(DmftEngine(theory)))
}

struct DmftEngine<const R: usize, const B: usize>(Box<Dmft<R, B>>);

impl<const R: usize, const B: usize> Engine for DmftEngine<R, B> {
    fn regions(&self) -> usize {
        R
    }
    fn precision(&self) -> Precision {
        Precision::F64
    }
    fn steps(&self) -> u64 {
        self.0.steps()
    }
    fn step(&mut self) {
        self.0.step();
    }
    fn observe(&self, out: &mut Observation) {
        let d = &self.0;
        out.record(
            d.currents(),
            &d.instantaneous_currents(),
            d.gains(),
            d.variances(),
        );
    }
    fn min_displacement(&self, lags: std::ops::Range<usize>) -> Option<Vec<f64>> {
        self.0.min_displacement(lags).map(|d| d.to_vec())
    }
}
