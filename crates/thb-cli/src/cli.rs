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
  thb score --framework imeta.csv --data idata.csv --spec spec.json --format csv --out scores.csv
  thb report --out report.html                # the HTML report of the reference THB INDEX";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the index: every node's score and the rank, for one period.
    #[command(
        after_help = "Examples:\n  thb score\n  thb score --framework imeta.csv --data idata.csv --spec spec.json --format csv --out scores.csv\n  thb score --stage normalised --decimals 2"
    )]
    Score(ScoreArgs),
    /// Indicator statistics, correlations, Cronbach's alpha, PCA, remove-one what-if.
    #[command(
        after_help = "Examples:\n  thb analyse --table stats\n  thb analyse --table cronbach --stage normalised\n  thb analyse --table whatif --level 2"
    )]
    Analyse(AnalyseArgs),
    /// Derive weights from the data and print them as `code,weight` (usable as spec weights).
    #[command(
        after_help = "Methods: equal, entropy, critic, std, variance, cv, merec, gini, cilos, idocriw, pca, ahp, bod, optimised,\nor a JSON object such as '{\"critic\": {\"correlation\": \"spearman\"}}'.\n\nExamples:\n  thb weights --method entropy\n  thb weights --method critic --level 2\n  thb weights --method ahp --pairwise judgements.csv"
    )]
    Weights(WeightsArgs),
    /// Compare the rankings of several specs on the same data.
    #[command(
        after_help = "Examples:\n  thb compare --spec arithmetic.json --spec geometric.json --spec topsis.json\n  thb compare --spec a.json --spec b.json --movers"
    )]
    Compare(CompareArgs),
    /// Check framework, data and spec; print every problem; exit 1 if there is any.
    Validate(Common),
    /// Progress of every unit and indicator between two periods, towards targets (Eurostat SDG
    /// method).
    #[command(
        after_help = "Examples:\n  thb progress --from 2019 --to 2023\n  thb progress --framework imeta.csv --data idata.csv --from 2015 --to 2020 --targets targets.csv"
    )]
    Progress(ProgressArgs),
    /// Counter-trafficking measures: evaluation, overlap and duplication, best practice.
    #[command(
        after_help = "Examples:\n  thb measures overlap --registry examples/data/measures_illustrative.json\n  thb measures evaluate --registry measures.csv --format markdown"
    )]
    Measures(MeasuresArgs),
    /// A self-contained HTML report (SVG charts, no network) or Markdown: framework, ranking,
    /// pillar scores, country profiles, data coverage, provenance; rank uncertainty,
    /// sensitivity and progress when given.
    #[command(
        mut_arg("format", |a| a.help("`html` (the default: one self-contained page) or `markdown`")),
        mut_arg("decimals", |a| a.help("Decimals of the scores shown (default 1)")),
        after_help = "Examples:\n  thb report --out report.html\n  thb report --from 2019 --to 2023 --out report.html\n  thb report --framework asem_imeta.csv --data asem_idata.csv --out asem.html\n  thb report --uncertainty ua.csv --sensitivity sa.csv --out report.html\n  thb report --format markdown --out report.md"
    )]
    Report(ReportArgs),
    /// Monte Carlo uncertainty analysis: how far each unit's rank and score move when the
    /// factors of a config (weights, methods, exclusions) vary (interfaces §3.3).
    #[command(
        after_help = "Examples:\n  thb uncertainty --config examples/configs/ua_reference.json --chart bands.svg\n  thb uncertainty --framework imeta.csv --data idata.csv --spec spec.json --config ua.json --out ua.csv\n  thb uncertainty --config ua.json --run 17          # what run 17 did, and its ranking"
    )]
    Uncertainty(UncertaintyArgs),
    /// Variance-based sensitivity analysis: first- and total-order Sobol' indices of each factor
    /// of a config, with bootstrap bounds (interfaces §3.3).
    #[command(
        after_help = "Outputs: rank_shift (mean absolute rank shift from the nominal ranking, the default),\nunit:CODE (the rank of one unit), score:CODE (the score of one unit).\n\nExamples:\n  thb sensitivity --config examples/configs/sa_reference.json --chart indices.svg\n  thb sensitivity --framework imeta.csv --data idata.csv --spec P00.json --config sa.json --output unit:DEU --bootstrap 500"
    )]
    Sensitivity(SensitivityArgs),
}

/// Options of `thb report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Shared options (`--format` is `html`, the default, or `markdown`).
    #[command(flatten)]
    pub common: Common,
    /// The report's title (default: the index's name).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Add progress categories from the base period Y0 (with --to).
    #[arg(long, value_name = "Y0", requires = "to")]
    pub from: Option<String>,
    /// ... to the latest period Y1 (with --from).
    #[arg(long, value_name = "Y1", requires = "from")]
    pub to: Option<String>,
    /// Progress targets: CSV `indicator,target,target_period[,unit]` (as `thb progress`).
    #[arg(long, value_name = "FILE", requires = "from")]
    pub targets: Option<PathBuf>,
    /// The period by which iMeta `Target` values are due (as `thb progress`).
    #[arg(long, value_name = "T", requires = "from")]
    pub target_period: Option<String>,
    /// Add rank bands: the CSV written by `thb uncertainty`
    /// (`unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,...`).
    #[arg(long, value_name = "FILE")]
    pub uncertainty: Option<PathBuf>,
    /// Add sensitivity indices: the CSV written by `thb sensitivity`
    /// (`factor,s1,s1_low,s1_high,st,st_low,st_high`).
    #[arg(long, value_name = "FILE")]
    pub sensitivity: Option<PathBuf>,
}

/// Options shared by `thb uncertainty` and `thb sensitivity`.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// The analysis config (JSON, interfaces §3.3): runs, seed, sampling, factors.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Also write the chart (rank bands, or S1/ST per factor) as SVG to FILE.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Instead of the analysis, print what run K did (0-based, as numbered in the failure
    /// report) on stderr and its ranking as the output.
    #[arg(long, value_name = "K")]
    pub run: Option<usize>,
}

/// Options of `thb uncertainty`.
#[derive(Debug, Args)]
pub struct UncertaintyArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// The analysis.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Options of `thb sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// The analysis.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// The output analysed: `rank_shift`, `unit:CODE` (one unit's rank) or `score:CODE`.
    #[arg(long, value_name = "OUTPUT", default_value = "rank_shift")]
    pub output: String,
    /// Bootstrap resamples for the 5-95 % bounds.
    #[arg(long, value_name = "B", default_value_t = 1000)]
    pub bootstrap: usize,
}

/// Options of `thb score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// Write the data as it stands after this step.
    #[arg(long, value_enum, default_value = "aggregated")]
    pub stage: StageArg,
}

/// Options of `thb weights`.
#[derive(Debug, Args)]
pub struct WeightsArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// The weighting method: a name or a JSON object.
    #[arg(long, value_name = "M")]
    pub method: String,
    /// The level whose weights are derived (1 = indicators within their pillars).
    #[arg(long, default_value_t = 1)]
    pub level: u32,
    /// For `ahp`: the pairwise comparison matrix as CSV, with a header of node codes (the
    /// children of one aggregate) and one row per code.
    #[arg(long, value_name = "FILE")]
    pub pairwise: Option<PathBuf>,
}

/// Options of `thb compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Shared options (`--spec` is given several times here).
    #[command(flatten)]
    pub common: Common,
    /// Print the units whose rank moves most instead of the agreement table.
    #[arg(long)]
    pub movers: bool,
}

/// Options of `thb analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// Which table.
    #[arg(long, value_enum, default_value = "stats")]
    pub table: AnalyseTable,
    /// The pipeline step whose data are analysed (default: raw for stats, normalised otherwise).
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,
    /// For `whatif`: the level whose elements are removed one at a time (1 = indicators).
    #[arg(long, default_value_t = 1)]
    pub level: u32,
    /// For `correlations`: which pairs.
    #[arg(long, value_enum, default_value = "all")]
    pub pairs: PairsArg,
}

/// Pipeline steps, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    /// The data as read.
    Raw,
    /// After denomination.
    Denominated,
    /// After imputation.
    Imputed,
    /// After screening.
    Screened,
    /// After outlier treatment.
    Treated,
    /// After normalisation.
    Normalised,
    /// Every node's score and the rank.
    Aggregated,
}

/// Tables of `thb analyse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyseTable {
    /// `indicator,n,missing,min,max,mean,median,sd,skew,kurtosis`.
    Stats,
    /// `aggregate,alpha` over each aggregate's children.
    Cronbach,
    /// `a,b,pearson,spearman,kendall`, pairwise complete.
    Correlations,
    /// Indicator pairs correlated above 0.9 (collinearity).
    Collinearity,
    /// PCA per aggregate: variance shares, PC1 loadings and Handbook weights.
    Pca,
    /// Remove one element at a time: rank shifts.
    Whatif,
}

/// Which correlation pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PairsArg {
    /// Every pair of indicators.
    All,
    /// Pairs of indicators with the same parent.
    WithinParent,
    /// Each indicator with its parent aggregate.
    WithParent,
}

/// Options of `thb progress`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// The base period Y0 (e.g. 2015).
    #[arg(long, value_name = "Y0")]
    pub from: String,
    /// The latest period Y1 (e.g. 2020).
    #[arg(long, value_name = "Y1")]
    pub to: String,
    /// Targets: CSV `indicator,target,target_period[,unit]` (a row with a unit overrides the row
    /// without). Without it, iMeta `Target` values are used with --target-period.
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// The period by which iMeta `Target` values are due.
    #[arg(long, value_name = "T")]
    pub target_period: Option<String>,
    /// Print the goal-level summary (share of indicators in each category per unit and pillar)
    /// instead of the rows.
    #[arg(long)]
    pub summary: bool,
}

/// Options of `thb measures`.
#[derive(Debug, Args)]
pub struct MeasuresArgs {
    /// What to compute.
    #[arg(value_enum)]
    pub action: MeasuresAction,
    /// The measures registry: JSON (schema 1) or CSV.
    #[arg(long, value_name = "FILE")]
    pub registry: PathBuf,
    /// For `overlap`: which table (pairs with reasons, duplicate clusters, or actors per need).
    #[arg(long, value_enum, default_value = "pairs")]
    pub table: OverlapTable,
    /// Output format (default: table on a terminal, csv otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Round published numbers half-to-even to N decimals.
    #[arg(long, value_name = "N")]
    pub decimals: Option<u32>,
}

/// `thb measures` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasuresAction {
    /// Check the registry and print every problem.
    Validate,
    /// Rank measures by effectiveness (share of planned change achieved, cost per output, DAC).
    Evaluate,
    /// Pairs of measures that overlap or duplicate each other (GAO definitions), with reasons.
    Overlap,
}

/// Tables of `thb measures overlap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OverlapTable {
    /// Classified pairs with the similarity per dimension and the reasons.
    Pairs,
    /// Clusters of duplicated measures.
    Clusters,
    /// Actors and concentration (HHI) per need.
    Needs,
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
    /// The format of --framework: `imeta` or `json` (detected when absent).
    #[arg(long, value_name = "FORMAT")]
    pub framework_format: Option<String>,
    /// The format of --data: `idata`, `long`, `sdmx`, `json`, or an adapter for public data:
    /// `cho_3p`, `us_tip`, `glotip`, `uk_nrm` (detected from the header when absent). With
    /// `cho_3p` or `us_tip`, --framework may be left out: the adapter's framework is used.
    #[arg(long, value_name = "FORMAT")]
    pub data_format: Option<String>,
    /// For `--data-format sdmx`: the JSON mapping from dimension values to indicator codes.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// The pipeline spec (JSON); default: the spec of interfaces.md §2 (the reference spec
    /// on the built-in data). `thb compare` takes it several times.
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,
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
    /// A self-contained HTML page (`thb report` only).
    Html,
}
