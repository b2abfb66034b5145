//! `thb`: compute, analyse and monitor a THB INDEX from the command line.
//!
//! Run `thb --help` for the commands. Exit status: 0 success; 1 invalid input or a method that
//! cannot apply (the message on stderr names file, line, unit and indicator); 2 usage error.
//! Nothing is written to `--out` on failure.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line program prints

mod cli;
mod commands;
mod error;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("thb: error: {e}");
            if let Some(hint) = e.hint() {
                eprintln!("thb: hint: {hint}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
