//! The TOML config file (feature `config`): one parser for the host and the firmware's build.rs.
//!
//! Unknown keys are errors: a typo must not silently change an experiment. Arrays list
//! regions in order; where a person names a region (`silence`) it is 1-based. Every
//! error names the field and what to do about it.

use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use serde::Deserialize;

use crate::init::InitialCurrents;
use crate::interactions;
use crate::params::{Params, Phi, Sampling, Tensor};

mod validate;

/// A whole experiment as written in a config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Number of regions R.
    pub regions: usize,
    /// Neurons per region N.
    #[serde(default = "defaults::neurons")]
    pub neurons: usize,
    /// Euler step.
    #[serde(default = "defaults::dt")]
    pub dt: f64,
    /// Simulated time.
    #[serde(default = "defaults::duration")]
    pub duration: f64,
    /// Output interval in steps (CSV rows, firmware log lines).
    pub every: Option<u64>,
    /// Seed of every random draw.
    #[serde(default)]
    pub seed: u64,
    /// The nonlinearity.
    #[serde(default)]
    pub phi: PhiName,
    /// How the network stores its connectivity.
    #[serde(default)]
    pub connectivity: ConnectivityKind,
    /// How loading vectors are drawn.
    #[serde(default)]
    pub sampling: SamplingName,
    /// Disorder g per region; default all 0.
    pub disorder: Option<Vec<f64>>,
    /// Effective interactions, overlaps and silencing.
    pub interactions: InteractionsConfig,
    /// Initial currents.
    #[serde(default)]
    pub init: InitConfig,
    /// Constant external input.
    #[serde(default)]
    pub input: InputConfig,
}

/// `phi = "erf" | "tanh"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhiName {
    /// erf(sqrt(pi)/2 x).
    #[default]
    Erf,
    /// tanh(x).
    Tanh,
}

/// `connectivity = "dense" | "procedural"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConnectivityKind {
    /// Every random weight and loading vector stored.
    #[default]
    Dense,
    /// Regenerated on the fly from a counter-based hash (for small RAM).
    Procedural,
}

/// `sampling = "exact" | "iid"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SamplingName {
    /// Exact-moment sampling (docs/model.md §2).
    #[default]
    Exact,
    /// Plain i.i.d. draws.
    Iid,
}

/// The `[interactions]` table: exactly one of `t`, `u` + `h`, `random`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionsConfig {
    /// Explicit `T[mu][nu][rho]`.
    pub t: Option<Vec<Vec<Vec<f64>>>>,
    /// u of the symmetric form.
    pub u: Option<Vec<f64>>,
    /// h of the symmetric form.
    pub h: Option<Vec<f64>>,
    /// A random T.
    pub random: Option<RandomInteractions>,
    /// `U[nu][rho][rho']`; default identity in every region.
    pub overlaps: Option<Vec<Vec<Vec<f64>>>>,
    /// Silenced regions, 1-based.
    #[serde(default)]
    pub silence: Vec<usize>,
}

/// `random = { radius = 2.0, seed = 3 }`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomInteractions {
    /// T = normals * radius / sqrt(R).
    pub radius: f64,
    /// Seed of T's draw (independent of the network's seed).
    #[serde(default)]
    pub seed: u64,
}

/// The `[init]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitConfig {
    /// S(0), R x R.
    pub currents: Option<Vec<Vec<f64>>>,
    /// Half-width of the uniform S(0) when `currents` is absent.
    #[serde(default = "defaults::scale")]
    pub scale: f64,
}

impl Default for InitConfig {
    fn default() -> Self {
        InitConfig {
            currents: None,
            scale: defaults::scale(),
        }
    }
}

/// The `[input]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    /// V, R x R, row = receiving region.
    pub v: Option<Vec<Vec<f64>>>,
    /// Constant input per region.
    pub e: Option<Vec<f64>>,
}

mod defaults {
    pub fn neurons() -> usize {
        1024
    }
    pub fn dt() -> f64 {
        0.05
    }
    pub fn duration() -> f64 {
        100.0
    }
    pub fn scale() -> f64 {
        2.5
    }
}

/// A config problem: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The field, e.g. `interactions.t` or `disorder`.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl From<crate::Error> for ConfigError {
    fn from(e: crate::Error) -> Self {
        // The core error's text starts with the field name already.
        let text = e.to_string();
        match text.split_once(": ") {
            Some((field, message)) => ConfigError {
                field: field.to_string(),
                message: message.to_string(),
            },
            None => ConfigError {
                field: "config".to_string(),
                message: text,
            },
        }
    }
}

pub(crate) fn err<T>(field: &str, message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError {
        field: field.to_string(),
        message: message.into(),
    })
}

impl Config {
    /// Parses and validates a config's text.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            // A missing key has no place in the text: name the key itself.
            if let Some(key) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.strip_suffix('`'))
            {
                let message = "missing; add it (see the README's config reference)".to_string();
                return ConfigError {
                    field: key.to_string(),
                    message,
                };
            }
            let field = e
                .span()
                .map(|s| line_of(text, s.start))
                .unwrap_or_else(|| "config".to_string());
            ConfigError { field, message }
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Number of Euler steps: duration / dt, rounded.
    pub fn steps(&self) -> u64 {
        libm::round(self.duration / self.dt) as u64
    }

    /// Output interval in steps: `every`, or `fallback` when the config leaves it out.
    pub fn every_or(&self, fallback: u64) -> u64 {
        self.every.unwrap_or(fallback)
    }

    /// The validated parameters for R regions (R must equal `regions`).
    pub fn params<const R: usize>(&self) -> Result<Params<R>, ConfigError> {
        if self.regions != R {
            return err(
                "regions",
                format!("is {}, but this model was built for {R}", self.regions),
            );
        }
        let mut p = Params::new(self.interactions.tensor::<R>());
        p.dt = self.dt;
        p.phi = match self.phi {
            PhiName::Erf => Phi::Erf,
            PhiName::Tanh => Phi::Tanh,
        };
        p.sampling = match self.sampling {
            SamplingName::Exact => Sampling::ExactMoments,
            SamplingName::Iid => Sampling::Iid,
        };
        if let Some(g) = &self.disorder {
            p.disorder = array(g);
        }
        if let Some(u) = &self.interactions.overlaps {
            p.overlaps = tensor(u);
        }
        for &region in &self.interactions.silence {
            p.silenced[region - 1] = true;
        }
        if let Some(v) = &self.input.v {
            p.input_matrix = core::array::from_fn(|mu| array(&v[mu]));
        }
        if let Some(e) = &self.input.e {
            p.input = array(e);
        }
        p.validate()?;
        Ok(p)
    }

    /// The initial currents S(0).
    pub fn initial_currents<const R: usize>(&self) -> InitialCurrents<R> {
        match &self.init.currents {
            Some(s) => InitialCurrents::Given(core::array::from_fn(|mu| array(&s[mu]))),
            None => InitialCurrents::Uniform {
                scale: self.init.scale,
            },
        }
    }
}

impl InteractionsConfig {
    fn tensor<const R: usize>(&self) -> Tensor<R> {
        if let Some(t) = &self.t {
            tensor(t)
        } else if let (Some(u), Some(h)) = (&self.u, &self.h) {
            interactions::symmetric(&array(u), &array(h))
        } else if let Some(random) = &self.random {
            interactions::random(random.radius, random.seed)
        } else {
            [[[0.0; R]; R]; R]
        }
    }
}

fn array<const R: usize>(xs: &[f64]) -> [f64; R] {
    core::array::from_fn(|i| xs[i])
}

fn tensor<const R: usize>(t: &[Vec<Vec<f64>>]) -> Tensor<R> {
    core::array::from_fn(|mu| core::array::from_fn(|nu| array(&t[mu][nu])))
}

/// "key (line L)" of a byte offset: where a parse error points, named as the user wrote it.
fn line_of(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let key = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim());
    match key {
        Some(key) if !key.is_empty() && !key.starts_with('[') => format!("{key} (line {line})"),
        _ => format!("line {line}"),
    }
}

#[cfg(test)]
mod tests;
