//! The command-line grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Compute, analyse and monitor a THB INDEX: an index of how countries fight trafficking in
/// human beings.
///
/// Without --framework and --data, every command runs on the built-in reference THB INDEX
/// framework and its built-in ILLUSTRATIVE (synthetic, not real) dataset.
#[derive(Debug, Parser)]
#[command(name = "thb", version, about, long_about, after_help = EXAMPLES)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  thb score                                   # reference THB INDEX on the illustrative data
  thb validate --framework imeta.csv --data idata.csv
  thb score --framework imeta.csv --data idata.csv --spec spec.json --format csv --out scores.csv";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check framework, data and spec; print every problem; exit 1 if there is any.
    Validate(Common),
}

/// Options shared by every command.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// The framework: COINr iMeta CSV or native JSON.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
    /// The data: COINr iData CSV, long CSV, SDMX-CSV or native JSON.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// The format of --framework (detected from the header when absent).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub framework_format: Option<FrameworkFormat>,
    /// The format of --data (detected from the header when absent).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub data_format: Option<DataFormat>,
    /// The pipeline spec (JSON); default: the spec of interfaces.md §2.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// The period to use, e.g. 2021 or 2021-Q3 (default: the latest).
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Output format (default: table on a terminal, csv otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to FILE instead of standard output (nothing is written on failure).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Round published numbers half-to-even to N decimals.
    #[arg(long, value_name = "N")]
    pub decimals: Option<u32>,
    /// Say nothing on stderr except errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned, human-readable columns.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A Markdown pipe table.
    Markdown,
}

/// Framework file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkFormat {
    /// COINr iMeta CSV.
    Imeta,
    /// Native JSON (schema 1).
    Json,
}

/// Data file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// COINr iData CSV.
    Idata,
    /// Long CSV `unit,indicator,period,value,flag`.
    Long,
    /// Eurostat SDMX-CSV.
    Sdmx,
    /// Native JSON (schema 1).
    Json,
}
