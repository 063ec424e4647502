//! `mrnn theory`: integrate the theory, then give each region's stationary predictions.
//!
//! The reduced model runs when no region has disorder, the DMFT otherwise, from the
//! config's initial currents for `duration`. The currents have *settled* when
//! |S(t) - S(end)| < 1e-6 for every current over the last 10% of the run. Then each
//! region gets the stationary analysis of docs/model.md §4 from its gain: a region
//! without currents (row norm < 1e-6) is a purely random one (Delta_0 of
//! Sompolinsky-Crisanti-Sommers); one with currents is at a structured fixed point.
//! Otherwise the regime comes from the trajectory (mrnn_core::regime), the stationary
//! fields are null, and `reason` says why; `gain` is then the average over the last 10%.

use mrnn_core::config::Config;
use mrnn_core::regime::{self, Regime, RegimeMeter, Tolerances};
use mrnn_core::stationary::{self, Stationary, StationaryKind};
use serde_json::{json, Value};

use crate::cli::TheoryArgs;
use crate::engine::{self, Engine, Model, Observation};
use crate::run::{load, override_duration};

/// How close to S(end) every current must stay over the last 10% to count as settled.
pub const SETTLE_TOLERANCE: f64 = 1e-6;
/// A region whose row of currents has a smaller norm carries none.
const NO_CURRENT: f64 = 1e-6;

/// Runs `mrnn theory` and prints its JSON.
pub fn theory(args: &TheoryArgs) -> Result<(), String> {
    let mut config = load(&args.source)?;
    override_duration(&mut config, args.duration)?;
    let report = analyse(&config, args.options.engine())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("JSON of plain values")
    );
    Ok(())
}

/// The tail of a run: its currents, gains and final observation.
struct Tail {
    currents: Vec<Vec<f64>>,
    gains: Vec<Vec<f64>>,
    last: Observation,
}

fn integrate(engine: &mut dyn Engine, steps: u64) -> Tail {
    let tail_len = (steps / 10).max(1);
    let mut tail = Tail {
        currents: vec![],
        gains: vec![],
        last: Observation::default(),
    };
    let mut obs = Observation::default();
    while engine.steps() < steps {
        engine.step();
        if engine.steps() + tail_len > steps {
            engine.observe(&mut obs);
            tail.currents.push(obs.filtered.clone());
            tail.gains.push(obs.gains.clone());
        }
    }
    engine.observe(&mut tail.last);
    tail
}

/// Integrates the config's theory and analyses every region.
pub fn analyse(config: &Config, options: engine::Options) -> Result<Value, String> {
    let disordered = config
        .disorder
        .as_ref()
        .is_some_and(|g| g.iter().any(|&g| g > 0.0));
    let model = if disordered {
        Model::Dmft
    } else {
        Model::Reduced
    };
    let mut engine = engine::build(config, model, options)?;
    let r = engine.regions();
    let steps = config.steps();
    let tail = integrate(&mut *engine, steps);
    let deviation = tail
        .currents
        .iter()
        .flat_map(|s| {
            s.iter()
                .zip(&tail.last.filtered)
                .map(|(a, b)| (a - b).abs())
        })
        .fold(0.0, f64::max);
    // A run too short to have a tail has shown nothing: it has not settled.
    let settled = !tail.currents.is_empty() && deviation < SETTLE_TOLERANCE;
    let disorder = config.disorder.clone().unwrap_or_else(|| vec![0.0; r]);
    let regions: Vec<Value> = if settled {
        (0..r)
            .map(|mu| settled_region(mu, disorder[mu], &tail.last))
            .collect()
    } else {
        // Long lags: from 5 time units (past the decorrelation time) to the window's end.
        let first = (5.0 / config.dt).ceil() as usize;
        let displacement = engine.min_displacement(first..usize::MAX);
        let reason = if tail.currents.is_empty() {
            format!("the run is too short to judge: {steps} steps; raise duration")
        } else {
            format!(
                "the currents did not settle: max |S(t) - S(end)| over the last 10% of the run is {deviation:.3e} > {SETTLE_TOLERANCE:e}"
            )
        };
        (0..r)
            .map(|mu| unsettled_region(mu, &tail, displacement.as_deref(), &reason))
            .collect()
    };
    Ok(
        json!({ "regions": regions, "settled": settled, "model": format!("{model:?}").to_lowercase() }),
    )
}

fn settled_region(mu: usize, g: f64, last: &Observation) -> Value {
    let r = last.gains.len();
    let row = &last.filtered[mu * r..(mu + 1) * r];
    let norm = row.iter().map(|s| s * s).sum::<f64>().sqrt();
    let gain = last.gains[mu];
    let (solution, regime, reason) = if norm < NO_CURRENT {
        let s = stationary::unstructured(g);
        let regime = if s.delta_0 > 0.0 {
            Regime::Chaos
        } else {
            Regime::Quiescent
        };
        (s, regime, Value::Null)
    } else {
        let s = stationary::structured(g, gain);
        match s.kind {
            StationaryKind::FixedPoint => (s, Regime::FixedPoint, Value::Null),
            StationaryKind::ChaosWithStructure => (s, Regime::ChaosWithStructure, Value::Null),
            StationaryKind::NoStructure => {
                let why = "the region still carries currents, but no structured stationary solution exists at its gain: they are decaying";
                (s, Regime::Chaos, Value::from(why))
            }
        }
    };
    region_json(mu, Some(&solution), gain, regime, reason)
}

fn unsettled_region(mu: usize, tail: &Tail, displacement: Option<&[f64]>, reason: &str) -> Value {
    let r = tail.last.gains.len();
    let (mut level, mut swing) = (0.0f64, 0.0f64);
    for nu in 0..r {
        // One current at a time through the core's meter: its swing ignores a slow drift.
        let mut meter = RegimeMeter::<1>::new();
        tail.currents
            .iter()
            .for_each(|s| meter.push(&[[s[mu * r + nu]]]));
        level = level.max(meter.level(0));
        swing = swing.max(meter.swing(0));
    }
    let variance = tail.last.variances[mu];
    let moved = displacement.map_or(0.0, |d| d[mu]);
    let regime = regime::classify(level, swing, moved, variance, &Tolerances::default());
    let gain = tail.gains.iter().map(|g| g[mu]).sum::<f64>() / tail.gains.len() as f64;
    region_json(mu, None, gain, regime, Value::from(reason))
}

fn region_json(
    mu: usize,
    s: Option<&Stationary>,
    gain: f64,
    regime: Regime,
    reason: Value,
) -> Value {
    json!({
        "region": mu + 1,
        "delta_0": s.map(|s| s.delta_0),
        "delta_inf": s.map(|s| s.delta_inf),
        "A": s.map(|s| s.structured_variance),
        "gain": gain,
        "regime": regime.as_str(),
        "reason": reason,
    })
}
