//! One module per command.

mod measures;
mod progress;
mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate(common) => validate::run(&common),
        Command::Progress(args) => progress::run(&args),
        Command::Measures(args) => measures::run(&args),
    }
}
