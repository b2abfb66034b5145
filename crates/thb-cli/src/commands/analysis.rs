//! What `thb uncertainty` and `thb sensitivity` share: the model, the progress bar, the failure
//! report, `--run K`, and writing the table and the chart.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use thb_index::scoring::rank::published;
use thb_index::sensitivity::config::AnalysisConfig;
use thb_index::sensitivity::engine::{FailureReport, IndexModel};
use thb_index::sensitivity::pipeline_model::PipelineModel;
use thb_index::sensitivity::run::RunPlan;
use thb_index::sensitivity::sampling::Design;

use crate::cli::{AnalysisArgs, Common};
use crate::error::{CliError, Result};
use crate::input::{self, Inputs};
use crate::output::{Cell, Table, render_output, write};

/// Failure causes listed on stderr; the rest are counted.
const LISTED_CAUSES: usize = 10;

/// Everything an analysis runs on.
pub struct Analysis {
    /// Framework and data.
    pub inputs: Inputs,
    /// The config.
    pub config: AnalysisConfig,
    /// The pipeline under the config's factors.
    pub model: PipelineModel,
    /// Unit codes, in input order.
    pub units: Vec<String>,
}

impl Analysis {
    /// Loads the inputs, the spec and the config and builds the model.
    pub fn load(common: &Common, args: &AnalysisArgs) -> Result<Self> {
        let inputs = input::load(common)?;
        let spec = input::spec(common, &inputs)?;
        let period = input::period(common, &inputs.dataset)?;
        let config = read_config(&args.config)?;
        let model = PipelineModel::new(&inputs.framework, &inputs.dataset, &spec, period, &config)
            .map_err(|e| CliError::Invalid(format!("{}: {e}", args.config.display())))?;
        let units = inputs
            .dataset
            .units()
            .iter()
            .map(|u| u.code.as_str().to_owned())
            .collect();
        Ok(Self {
            inputs,
            config,
            model,
            units,
        })
    }

    /// The root's code, for chart titles.
    pub fn root(&self) -> &str {
        self.inputs.framework.root().code.as_str()
    }

    /// `--run K`: says what run `k` of `design` did on stderr, and writes its ranking (unit,
    /// score, rank in input order) as the command's output.
    pub fn print_run(&self, design: &dyn Design, k: usize, common: &Common) -> Result<ExitCode> {
        if k >= design.runs() {
            return Err(CliError::Usage(format!(
                "--run {k}: the analysis has runs 0 to {}",
                design.runs() - 1
            )));
        }
        let plan = RunPlan::new(&self.config, |l| self.model.level_len(l))?;
        let spec = plan.spec_in(design, k)?;
        let what = plan.describe_with(&spec, &self.config, |level, node| {
            self.model.node_code(level, node).map(str::to_owned)
        });
        #[allow(clippy::print_stderr)] // the description is what was asked for
        {
            eprintln!("thb: {what}");
        }
        let mut scores = vec![f64::NAN; self.model.units()];
        self.model
            .evaluate(&spec, &mut self.model.scratch(), &mut scores)
            .map_err(|f| CliError::Invalid(format!("run {k} failed: {f}")))?;
        let ranks = published(&scores);
        let mut table = Table::new(["unit", "score", "rank"]);
        for ((unit, &score), rank) in self.units.iter().zip(&scores).zip(ranks) {
            table.push(vec![
                Cell::text(unit.clone()),
                Cell::num(Some(score).filter(|s| !s.is_nan())),
                rank.map_or(Cell::Empty, |r| Cell::Int(i64::from(r))),
            ]);
        }
        write_outputs(&table, None, common)
    }
}

/// Reads and validates the analysis config; errors name the file.
fn read_config(path: &Path) -> Result<AnalysisConfig> {
    let text = std::fs::read_to_string(path).map_err(|source| thb_index::ModelError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    AnalysisConfig::from_json(&text)
        .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`).
pub fn progress_bar(common: &Common) -> Option<ProgressBar> {
    if common.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} runs  {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Moves `bar` to `done` of `total` runs.
pub fn advance(bar: Option<&ProgressBar>, done: usize, total: usize) {
    if let Some(bar) = bar {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }
}

/// Reports the failed runs on stderr, by cause (always: failures are never hidden).
pub fn report_failures(report: &FailureReport, runs: usize) {
    if report.is_empty() {
        return;
    }
    #[allow(clippy::print_stderr)] // failures are reported, not dropped
    {
        eprintln!(
            "thb: {} of {runs} runs failed, by cause (`--run K` shows what run K did):",
            report.failed()
        );
        let mut causes: Vec<_> = report.causes().iter().collect();
        causes.sort_by(|a, b| b.runs.cmp(&a.runs).then(a.first_run.cmp(&b.first_run)));
        for c in causes.iter().take(LISTED_CAUSES) {
            eprintln!(
                "thb:   {} run(s), first run {}: {}",
                c.runs, c.first_run, c.cause
            );
        }
        if causes.len() > LISTED_CAUSES {
            let rest: usize = causes[LISTED_CAUSES..].iter().map(|c| c.runs).sum();
            eprintln!(
                "thb:   {rest} run(s) for {} other cause(s)",
                causes.len() - LISTED_CAUSES
            );
        }
    }
}

/// A table from the CSV the analysis wrote (its header and numbers exactly as written), so
/// that every output format shows the same values.
pub fn table_from_csv(csv: &[u8]) -> Result<Table> {
    let invalid = |e: csv::Error| CliError::Invalid(format!("cannot read back the table: {e}"));
    let mut reader = csv::Reader::from_reader(csv);
    let mut table = Table::new(reader.headers().map_err(invalid)?.iter());
    for record in reader.records() {
        let record = record.map_err(invalid)?;
        let row = record
            .iter()
            .enumerate()
            .map(|(j, text)| {
                if j == 0 {
                    Cell::text(text)
                } else if text.is_empty() {
                    Cell::Empty
                } else if let Ok(i) = text.parse::<i64>() {
                    Cell::Int(i)
                } else {
                    text.parse::<f64>()
                        .map_or_else(|_| Cell::text(text), Cell::Number)
                }
            })
            .collect();
        table.push(row);
    }
    Ok(table)
}

/// Renders the table, writes the chart (when asked for), then the table: nothing reaches
/// `--out` when anything before it failed.
pub fn write_outputs(
    table: &Table,
    chart: Option<(&Path, String)>,
    common: &Common,
) -> Result<ExitCode> {
    let out = common.out.as_deref();
    let text = render_output(table, common.format, out, common.decimals)?;
    if let Some((path, svg)) = chart {
        std::fs::write(path, svg).map_err(|source| CliError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    write(&text, out)?;
    Ok(ExitCode::SUCCESS)
}
