//! `mrnn`: simulate multiregion recurrent networks and their theory.

mod cli;
mod engine;
mod record;
mod run;
mod scenarios;
mod theory;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, RunArgs};
use run::Ending;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run::run(&RunArgs::default()),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Theory(args)) => theory::theory(&args).map(|()| Ending::Complete),
        Some(Command::Scenarios) => {
            for s in scenarios::ALL {
                println!("{:<14} {}", s.name, s.description());
            }
            Ok(Ending::Complete)
        }
    };
    match result {
        Ok(Ending::Complete) => ExitCode::SUCCESS,
        // The shell's convention for a run stopped by a signal: scripts can tell it apart.
        Ok(Ending::Interrupted) => ExitCode::from(130),
        Err(message) => {
            eprintln!("mrnn: error: {message}");
            ExitCode::from(2)
        }
    }
}
