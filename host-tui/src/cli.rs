//! Command-line interface: small commands over one engine interface.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use mrnn_core::dmft::Scheme;

use crate::engine::Model;

/// mrnn: multiregion recurrent neural networks and their mean-field theory.
#[derive(Debug, Parser)]
#[command(name = "mrnn", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without one, a headless run of the default scenario.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Integrate a model and write its currents, gains and variances as CSV.
    Run(RunArgs),
    /// Integrate the theory and print its stationary predictions per region as JSON.
    Theory(TheoryArgs),
    /// List the built-in scenarios, one per line.
    Scenarios,
}

/// Options of the DMFT.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct TheoryOptions {
    /// DMFT window B, lags kept (64, 128, ..., 4096); default: the whole run, at most 4096.
    #[arg(long, value_name = "B")]
    pub window: Option<usize>,
    /// DMFT Euler scheme: docs/model.md §4 (`clean`), the authors' lagged one (`authors`),
    /// or the exact limit of the network's step (`network`).
    #[arg(long, value_enum, default_value = "clean")]
    pub scheme: SchemeName,
}

/// `--scheme`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemeName {
    /// docs/model.md §4.
    #[default]
    Clean,
    /// The authors' run_ns_dmft_multi_pop, reproduced exactly.
    Authors,
    /// The N -> infinity limit of the network's own Euler step (no O(dt) offset from it).
    Network,
}

impl TheoryOptions {
    /// The engine options these flags select.
    pub fn engine(&self) -> crate::engine::Options {
        let scheme = match self.scheme {
            SchemeName::Clean => Scheme::Clean,
            SchemeName::Authors => Scheme::Authors,
            SchemeName::Network => Scheme::Network,
        };
        crate::engine::Options {
            window: self.window,
            scheme,
        }
    }
}

/// `mrnn theory`.
#[derive(Debug, Clone, Args)]
pub struct TheoryArgs {
    /// The experiment.
    #[command(flatten)]
    pub source: Source,
    /// Integration time before the analysis (overrides the config's `duration`).
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    pub duration: Option<f64>,
    /// DMFT options.
    #[command(flatten)]
    pub options: TheoryOptions,
}

/// Where the experiment comes from.
#[derive(Debug, Clone, Default, Args)]
pub struct Source {
    /// A TOML config file (see the README's config reference).
    #[arg(long, value_name = "FILE", conflicts_with = "scenario")]
    pub config: Option<PathBuf>,
    /// A built-in scenario (`mrnn scenarios` lists them); the default when neither is given.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
}

/// `mrnn run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The experiment.
    #[command(flatten)]
    pub source: Source,
    /// Which model to integrate.
    #[arg(long, value_enum, default_value = "network")]
    pub model: Model,
    /// Simulated time (overrides the config's `duration`).
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    pub duration: Option<f64>,
    /// A CSV row every K steps (overrides the config's `every`; default 1).
    #[arg(long, value_name = "K")]
    pub every: Option<u64>,
    /// Neurons per region (overrides the config's `neurons`).
    #[arg(long, value_name = "N")]
    pub neurons: Option<usize>,
    /// Seed (overrides the config's `seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Write the CSV here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// DMFT options (with `--model dmft`).
    #[command(flatten)]
    pub theory: TheoryOptions,
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            source: Source::default(),
            model: Model::Network,
            duration: None,
            every: None,
            neurons: None,
            seed: None,
            out: None,
            theory: TheoryOptions::default(),
        }
    }
}
