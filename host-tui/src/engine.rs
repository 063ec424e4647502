//! The one place where a runtime size picks a monomorphised core type.
//!
//! Everything downstream (CSV, dashboard) sees a `Box<dyn Engine>`, so the UI compiles
//! once, whatever R and N a config asks for.

use mrnn_core::config::{Config, ConnectivityKind};
use mrnn_core::network::{Dense, Network, Synapses};
use mrnn_core::reduced::CurrentModel;

/// Which model a run integrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// The finite-N network (f32).
    Network,
    /// The reduced current model, N -> infinity without disorder (f64).
    Reduced,
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
}

/// Regions the host can build.
pub const REGIONS: std::ops::RangeInclusive<usize> = 1..=8;
/// Neurons per region the host can build.
pub const NEURONS: [usize; 7] = [64, 128, 256, 512, 1024, 2048, 4096];

/// Builds the engine a config and model ask for; errors name the field.
pub fn build(config: &Config, model: Model) -> Result<Box<dyn Engine>, String> {
    if !REGIONS.contains(&config.regions) {
        return Err(format!(
            "regions: {} is not supported; choose 1 to {}",
            config.regions,
            REGIONS.end()
        ));
    }
    match model {
        Model::Network => with_regions!(config.regions, network_sized, config),
        Model::Reduced => with_regions!(config.regions, reduced, config),
    }
}

macro_rules! with_regions {
    ($r:expr, $f:ident, $($arg:expr),*) => {
        match $r {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            8 => $f::<8>($($arg),*),
            r => unreachable!("regions {r} passed the range check"),
        }
    };
}
use with_regions;

fn network_sized<const R: usize>(config: &Config) -> Result<Box<dyn Engine>, String> {
    let supported = || {
        let list: Vec<_> = NEURONS.iter().map(|n| n.to_string()).collect();
        format!(
            "neurons: {} is not supported; choose one of {}",
            config.neurons,
            list.join(", ")
        )
    };
    match (config.connectivity, config.neurons) {
        (ConnectivityKind::Dense, 64) => network::<R, 64, Dense<R, 64>>(config),
        (ConnectivityKind::Dense, 128) => network::<R, 128, Dense<R, 128>>(config),
        (ConnectivityKind::Dense, 256) => network::<R, 256, Dense<R, 256>>(config),
        (ConnectivityKind::Dense, 512) => network::<R, 512, Dense<R, 512>>(config),
        (ConnectivityKind::Dense, 1024) => network::<R, 1024, Dense<R, 1024>>(config),
        (ConnectivityKind::Dense, 2048) => network::<R, 2048, Dense<R, 2048>>(config),
        (ConnectivityKind::Dense, 4096) => network::<R, 4096, Dense<R, 4096>>(config),
        (ConnectivityKind::Procedural, _) => {
            Err("connectivity: \"procedural\" is not available in this build; use \"dense\"".into())
        }
        _ => Err(supported()),
    }
}

fn network<const R: usize, const N: usize, C>(config: &Config) -> Result<Box<dyn Engine>, String>
where
    C: Synapses<R, N> + Send + 'static,
{
    let params = config.params::<R>().map_err(|e| e.to_string())?;
    let initial = config.initial_currents::<R>().resolve(config.seed);
    let network =
        Network::<R, N, C>::boxed(&params, &initial, config.seed).map_err(|e| e.to_string())?;
    Ok(Box::new(NetworkEngine(network)))
}

fn reduced<const R: usize>(config: &Config) -> Result<Box<dyn Engine>, String> {
    let params = config.params::<R>().map_err(|e| e.to_string())?;
    let initial = config.initial_currents::<R>().resolve(config.seed);
    let model = CurrentModel::new(&params, initial).map_err(|e| e.to_string())?;
    Ok(Box::new(model))
}

struct NetworkEngine<const R: usize, const N: usize, C>(Box<Network<R, N, C>>);

impl<const R: usize, const N: usize, C: Synapses<R, N> + Send> Engine for NetworkEngine<R, N, C> {
    fn regions(&self) -> usize {
        R
    }
    fn precision(&self) -> Precision {
        Precision::F32
    }
    fn steps(&self) -> u64 {
        self.0.steps()
    }
    fn step(&mut self) {
        self.0.step();
    }
    fn observe(&self, out: &mut Observation) {
        let n = &self.0;
        fill(
            &mut out.filtered,
            n.filtered_currents().iter().flatten().map(|&x| x as f64),
        );
        fill(
            &mut out.currents,
            n.currents().iter().flatten().map(|&x| x as f64),
        );
        fill(&mut out.gains, n.gains().iter().map(|&x| x as f64));
        fill(&mut out.variances, n.variances().iter().map(|&x| x as f64));
    }
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
        fill(&mut out.filtered, self.currents().iter().flatten().copied());
        fill(
            &mut out.currents,
            self.instantaneous_currents().iter().flatten().copied(),
        );
        fill(&mut out.gains, self.gains().iter().copied());
        fill(&mut out.variances, self.variances().iter().copied());
    }
}

/// Replaces `buffer`'s contents without reallocating once it has grown.
pub(crate) fn fill(buffer: &mut Vec<f64>, values: impl Iterator<Item = f64>) {
    buffer.clear();
    buffer.extend(values);
}
