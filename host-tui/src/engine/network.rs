//! The finite-N network behind the engine interface, for every supported N.

use mrnn_core::config::{Config, ConnectivityKind};
use mrnn_core::network::{Dense, Network, Synapses};
use mrnn_core::procedural::Procedural;

use super::{Engine, Observation, Precision, NEURONS};

pub(super) fn build<const R: usize>(config: &Config) -> Result<Box<dyn Engine>, String> {
    let supported = || {
        let list: Vec<_> = NEURONS.iter().map(|n| n.to_string()).collect();
        format!(
            "neurons: {} is not supported; choose one of {}",
            config.neurons,
            list.join(", ")
        )
    };
    match config.connectivity {
        ConnectivityKind::Dense => with_neurons!(Dense, config, supported),
        ConnectivityKind::Procedural => with_neurons!(Procedural, config, supported),
    }
}

/// Picks the monomorphised network for the config's N, storage `$c`.
macro_rules! with_neurons {
    ($c:ident, $config:expr, $unsupported:expr) => {
        match $config.neurons {
            64 => network::<R, 64, $c<R, 64>>($config),
            128 => network::<R, 128, $c<R, 128>>($config),
            256 => network::<R, 256, $c<R, 256>>($config),
            512 => network::<R, 512, $c<R, 512>>($config),
            1024 => network::<R, 1024, $c<R, 1024>>($config),
            2048 => network::<R, 2048, $c<R, 2048>>($config),
            4096 => network::<R, 4096, $c<R, 4096>>($config),
            _ => Err($unsupported()),
        }
    };
}
use with_neurons;

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
        out.record(
            n.filtered_currents(),
            n.currents(),
            n.gains(),
            n.variances(),
        );
    }
    fn notes(&self) -> Vec<String> {
        let c = self.0.readout_variances();
        if c.iter().all(|&c| c == 1.0) {
            return Vec::new();
        }
        let list: Vec<_> = c.iter().map(|c| format!("{c:.3}")).collect();
        vec![format!(
            "readout variance c_nu per region = [{}]: raised from 1 by factors of 1.05 until the loading \
             covariance was positive definite (docs/model.md §2); larger c_nu means noisier finite-N currents",
            list.join(", ")
        )]
    }
}
