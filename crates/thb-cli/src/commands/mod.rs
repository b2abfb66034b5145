//! One module per command.

mod analyse;
mod analysis;
mod compare;
mod measures;
mod progress;
mod report;
mod score;
mod sensitivity;
mod uncertainty;
mod validate;
mod weights;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Analyse(args) => analyse::run(&args),
        Command::Weights(args) => weights::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Validate(common) => validate::run(&common),
        Command::Progress(args) => progress::run(&args),
        Command::Measures(args) => measures::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Uncertainty(args) => uncertainty::run(&args),
        Command::Sensitivity(args) => sensitivity::run(&args),
    }
}
