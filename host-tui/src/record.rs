//! CSV output shared by headless runs and the dashboard's recorder.
//!
//! Header `t,S_1_1,...,S_R_R,psi_1,...,psi_R,delta_1,...,delta_R`; S_mu_nu is the filtered
//! current into region mu from region nu (1-based). Numbers are printed in Rust's shortest
//! round-trip form of the model's own type, so a CSV reproduces the run's bits.

use std::io::{self, Write};

use crate::engine::{Observation, Precision};

/// The CSV header for R regions.
pub fn header(regions: usize) -> String {
    let mut columns = vec!["t".to_string()];
    for mu in 1..=regions {
        for nu in 1..=regions {
            columns.push(format!("S_{mu}_{nu}"));
        }
    }
    columns.extend((1..=regions).map(|mu| format!("psi_{mu}")));
    columns.extend((1..=regions).map(|mu| format!("delta_{mu}")));
    columns.join(",")
}

/// Time of step k: k dt, rounded to 1e-9 so that 3 x 0.05 prints as 0.15.
pub fn time_of(step: u64, dt: f64) -> f64 {
    (step as f64 * dt * 1e9).round() / 1e9
}

/// Writes one CSV row per call.
pub struct CsvWriter<W: Write> {
    out: W,
    precision: Precision,
    dt: f64,
    line: String,
}

impl<W: Write> CsvWriter<W> {
    /// A writer that first emits the header for `regions`.
    pub fn new(mut out: W, regions: usize, precision: Precision, dt: f64) -> io::Result<Self> {
        writeln!(out, "{}", header(regions))?;
        Ok(CsvWriter {
            out,
            precision,
            dt,
            line: String::new(),
        })
    }

    /// Writes the row of step `step`.
    pub fn row(&mut self, step: u64, obs: &Observation) -> io::Result<()> {
        use std::fmt::Write as _;
        self.line.clear();
        let _ = write!(self.line, "{}", time_of(step, self.dt));
        let values = obs.filtered.iter().chain(&obs.gains).chain(&obs.variances);
        for &v in values {
            let _ = match self.precision {
                Precision::F32 => write!(self.line, ",{}", v as f32),
                Precision::F64 => write!(self.line, ",{v}"),
            };
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    /// Flushes buffered rows.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_rows_round_trip_f32() {
        let obs = Observation {
            filtered: vec![0.1f32 as f64, -2.5, 1e-8f32 as f64, 3.0],
            currents: vec![0.0; 4],
            gains: vec![0.7f32 as f64, 0.9f32 as f64],
            variances: vec![1.25, 0.5],
        };
        let mut buf = Vec::new();
        let mut w = CsvWriter::new(&mut buf, 2, Precision::F32, 0.05).unwrap();
        w.row(3, &obs).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "t,S_1_1,S_1_2,S_2_1,S_2_2,psi_1,psi_2,delta_1,delta_2\n0.15,0.1,-2.5,0.00000001,3,0.7,0.9,1.25,0.5\n"
        );
    }
}
