//! The one place where a runtime size picks a monomorphised core type.
//!
//! Everything downstream (CSV, dashboard) sees a `Box<dyn Engine>`, so the UI compiles
//! once, whatever R and N a config asks for.

use mrnn_core::config::Config;
use mrnn_core::dmft::Scheme;

mod network;
mod theory;

/// Which model a run integrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// The finite-N network (f32).
    Network,
    /// The reduced current model, N -> infinity without disorder (f64).
    Reduced,
    /// The dynamical mean-field theory with disorder, on a window of lags (f64).
    Dmft,
}

/// Choices that only some models take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// DMFT window B (lags kept); `None` picks the smallest window that holds the run.
    pub window: Option<usize>,
    /// DMFT integration scheme.
    pub scheme: Scheme,
}

/// Numeric precision of a model's own values (for round-trip printing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Values are f32.
    F32,
    /// Values are f64.
    F64,
}

/// What an engine shows after each step; R x R arrays are flattened row-major.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    /// Filtered currents S^{mu nu}.
    pub filtered: Vec<f64>,
    /// Instantaneous currents I^{mu nu}.
    pub currents: Vec<f64>,
    /// Gain psi_mu per region.
    pub gains: Vec<f64>,
    /// Variance Delta_mu per region.
    pub variances: Vec<f64>,
}

impl Observation {
    /// Replaces the contents with a model's S, I, psi and Delta (f32 or f64), reusing the buffers.
    pub fn record<T: Copy + Into<f64>, const R: usize>(
        &mut self,
        filtered: &[[T; R]; R],
        currents: &[[T; R]; R],
        gains: &[T; R],
        variances: &[T; R],
    ) {
        fn fill<T: Copy + Into<f64>>(buffer: &mut Vec<f64>, values: &[T]) {
            buffer.clear();
            buffer.extend(values.iter().map(|&x| x.into()));
        }
        fill(&mut self.filtered, filtered.as_flattened());
        fill(&mut self.currents, currents.as_flattened());
        fill(&mut self.gains, gains);
        fill(&mut self.variances, variances);
    }
}

/// Any model of any size, stepped and observed through one object-safe interface.
pub trait Engine: Send {
    /// Number of regions R.
    fn regions(&self) -> usize;
    /// Precision of the observed values.
    fn precision(&self) -> Precision;
    /// Steps taken so far.
    fn steps(&self) -> u64;
    /// One Euler step.
    fn step(&mut self);
    /// Writes the current observables into `out` (reusing its buffers).
    fn observe(&self, out: &mut Observation);
    /// Facts about the build a user should hear (e.g. an inflated readout variance).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
    /// Per region, the smallest half mean-squared displacement of x over lags `lags`
    /// (theory only: zero at a fixed point or cycle, positive under chaos; mrnn_core::regime).
    fn min_displacement(&self, _lags: std::ops::Range<usize>) -> Option<Vec<f64>> {
        None
    }
}

/// Regions the host can build.
pub const REGIONS: std::ops::RangeInclusive<usize> = 1..=8;
/// Neurons per region the host can build.
pub const NEURONS: [usize; 7] = [64, 128, 256, 512, 1024, 2048, 4096];

/// Builds the engine a config and model ask for; errors name the field.
pub fn build(config: &Config, model: Model, options: Options) -> Result<Box<dyn Engine>, String> {
    if !REGIONS.contains(&config.regions) {
        return Err(format!(
            "regions: {} is not supported; choose 1 to {}",
            config.regions,
            REGIONS.end()
        ));
    }
    match model {
        Model::Network => with_regions!(config.regions, network::build, config),
        Model::Reduced => with_regions!(config.regions, theory::reduced, config),
        Model::Dmft => with_regions!(config.regions, theory::dmft, config, options),
    }
}

macro_rules! with_regions {
    ($r:expr, $($f:ident)::+, $($arg:expr),*) => {
        match $r {
            1 => $($f)::+::<1>($($arg),*),
            2 => $($f)::+::<2>($($arg),*),
            3 => $($f)::+::<3>($($arg),*),
            4 => $($f)::+::<4>($($arg),*),
            5 => $($f)::+::<5>($($arg),*),
            6 => $($f)::+::<6>($($arg),*),
            7 => $($f)::+::<7>($($arg),*),
            8 => $($f)::+::<8>($($arg),*),
            r => unreachable!("regions {r} passed the range check"),
        }
    };
}
use with_regions;
