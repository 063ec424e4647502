//! Shape and range checks of a parsed config: what serde's types cannot say.

use std::format;
use std::vec::Vec;

use super::{err, Config, ConfigError, InteractionsConfig};

impl Config {
    /// Checks shapes and ranges that the type system does not.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let r = self.regions;
        if r == 0 {
            return err("regions", "must be at least 1");
        }
        if self.neurons == 0 {
            return err("neurons", "must be at least 1");
        }
        if !(self.dt.is_finite() && self.dt > 0.0 && self.dt <= 1.0) {
            return err(
                "dt",
                format!(
                    "is {}; it must be > 0 and <= 1 (the paper uses 0.05)",
                    self.dt
                ),
            );
        }
        if !(self.duration.is_finite() && self.duration > 0.0) {
            return err(
                "duration",
                format!("is {}; it must be a positive number", self.duration),
            );
        }
        if self.duration / self.dt > 1e9 {
            return err(
                "duration",
                "asks for more than 1e9 steps; shorten it or raise dt",
            );
        }
        if self.every == Some(0) {
            return err(
                "every",
                "must be at least 1 (an output row every `every` steps)",
            );
        }
        if let Some(g) = &self.disorder {
            vector("disorder", g, r)?;
            if g.iter().any(|&g| g < 0.0) {
                return err("disorder", "every g must be >= 0");
            }
        }
        self.interactions.validate(r)?;
        if let Some(s) = &self.init.currents {
            matrix("init.currents", s, r)?;
        }
        if !(self.init.scale.is_finite() && self.init.scale >= 0.0) {
            return err("init.scale", "must be a finite number >= 0");
        }
        if let Some(v) = &self.input.v {
            matrix("input.v", v, r)?;
        }
        if let Some(e) = &self.input.e {
            vector("input.e", e, r)?;
        }
        Ok(())
    }
}

impl InteractionsConfig {
    pub(super) fn validate(&self, r: usize) -> Result<(), ConfigError> {
        let forms = [
            self.t.is_some(),
            self.u.is_some() || self.h.is_some(),
            self.random.is_some(),
        ];
        match forms.iter().filter(|&&x| x).count() {
            0 => return err("interactions", "give one of `t`, `u` with `h`, or `random`"),
            1 => {}
            _ => {
                return err(
                    "interactions",
                    "give only one of `t`, `u` with `h`, or `random`",
                )
            }
        }
        if let Some(t) = &self.t {
            tensor_shape("interactions.t", t, r)?;
        }
        match (&self.u, &self.h) {
            (Some(u), Some(h)) => {
                vector("interactions.u", u, r)?;
                vector("interactions.h", h, r)?;
            }
            (Some(_), None) => {
                return err(
                    "interactions.h",
                    "missing: the symmetric form needs both `u` and `h`",
                )
            }
            (None, Some(_)) => {
                return err(
                    "interactions.u",
                    "missing: the symmetric form needs both `u` and `h`",
                )
            }
            (None, None) => {}
        }
        if let Some(random) = &self.random {
            if !(random.radius.is_finite() && random.radius >= 0.0) {
                return err("interactions.random.radius", "must be a finite number >= 0");
            }
        }
        if let Some(u) = &self.overlaps {
            tensor_shape("interactions.overlaps", u, r)?;
        }
        for (k, &region) in self.silence.iter().enumerate() {
            if region == 0 || region > r {
                return err(
                    "interactions.silence",
                    format!("region {region} does not exist; regions are numbered 1 to {r}"),
                );
            }
            if self.silence[..k].contains(&region) {
                return err(
                    "interactions.silence",
                    format!("region {region} is listed twice"),
                );
            }
        }
        Ok(())
    }
}

fn vector(field: &str, xs: &[f64], r: usize) -> Result<(), ConfigError> {
    if xs.len() != r {
        return err(
            field,
            format!("has {} values; give one per region ({r})", xs.len()),
        );
    }
    if xs.iter().any(|x| !x.is_finite()) {
        return err(field, "contains nan or inf; give finite numbers");
    }
    Ok(())
}

fn matrix(field: &str, rows: &[Vec<f64>], r: usize) -> Result<(), ConfigError> {
    if rows.len() != r {
        return err(
            field,
            format!("has {} rows; it must be {r} x {r}", rows.len()),
        );
    }
    for (mu, row) in rows.iter().enumerate() {
        vector(&format!("{field}[{}]", mu + 1), row, r)?;
    }
    Ok(())
}

fn tensor_shape(field: &str, t: &[Vec<Vec<f64>>], r: usize) -> Result<(), ConfigError> {
    if t.len() != r {
        return err(
            field,
            format!("has {} blocks; it must be {r} x {r} x {r}", t.len()),
        );
    }
    for (mu, block) in t.iter().enumerate() {
        matrix(&format!("{field}[{}]", mu + 1), block, r)?;
    }
    Ok(())
}
