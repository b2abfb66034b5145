//! The report as a document: sections of paragraphs, charts, tables and cards, written once
//! from a [`Report`] and rendered by `html.rs` and `markdown.rs`. Text here is plain (the
//! renderers escape it).

use thb_model::{Direction, NodeKind, Role};
use thb_monitor::progress::ProgressCategory;

use super::model::{Label, Profile, Report, Standing, num, opt, pct, weight_pct};
use super::svg::{
    self, Bar, BarChart, BarGroup, DotRange, DotRow, Series, StackedBars, StackedRow, Tree,
    TreeItem, TreeKind,
};

/// A column of a table.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub numeric: bool,
}

/// A table cell: text, optionally a link to an anchor of the document.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub anchor: Option<String>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self { text, anchor: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

/// A table with a caption.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table whose columns are text, except those whose name starts with `#` (numeric; the
    /// `#` is dropped).
    fn new(caption: impl Into<String>, columns: &[&str]) -> Self {
        Self {
            caption: caption.into(),
            columns: columns
                .iter()
                .map(|c| match c.strip_prefix('#') {
                    Some(name) => Column {
                        name: name.to_owned(),
                        numeric: true,
                    },
                    None => Column {
                        name: (*c).to_owned(),
                        numeric: false,
                    },
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// A card (one unit's profile).
#[derive(Debug, Clone)]
pub(crate) struct Card {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Paragraph(String),
    /// Labelled facts (`label: value`).
    Facts(Vec<(String, String)>),
    Chart {
        svg: String,
        alt: String,
    },
    Table(Table),
    Code(String),
    Cards(Vec<Card>),
}

/// A section with an anchor.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub title: String,
    pub subtitle: String,
    pub banner: Option<String>,
    pub sections: Vec<Section>,
}

/// The banner of a report on illustrative data.
pub(crate) const ILLUSTRATIVE_BANNER: &str = "ILLUSTRATIVE data: the figures in this report come from a synthetic dataset generated for demonstration. They say nothing about any real country.";

/// Writes the document of a report.
pub(crate) fn document(r: &Report) -> Document {
    let scored = r
        .framework
        .iter()
        .filter(|n| n.kind == NodeKind::Indicator && n.role == Role::Scored)
        .count();
    let context = r
        .framework
        .iter()
        .filter(|n| n.kind == NodeKind::Indicator && n.role == Role::Context)
        .count();
    let mut sections = vec![summary(r, scored, context), framework(r), ranking(r)];
    if !r.uncertainty.is_empty() {
        sections.push(uncertainty(r));
    }
    if !r.sensitivity.is_empty() {
        sections.push(sensitivity(r));
    }
    if r.progress.is_some() {
        sections.push(progress(r));
    }
    sections.push(profiles(r));
    sections.push(coverage(r));
    sections.push(provenance(r));
    Document {
        title: r.title.clone(),
        subtitle: format!(
            "{}period {} · {} units ranked · {} scored and {} context indicators",
            if r.title == r.index.name {
                String::new()
            } else {
                format!("{} · ", r.index.name)
            },
            r.period,
            r.ranking.iter().filter(|x| x.rank.is_some()).count(),
            scored,
            context
        ),
        banner: r.illustrative.then(|| ILLUSTRATIVE_BANNER.to_owned()),
        sections,
    }
}

fn summary(r: &Report, scored: usize, context: usize) -> Section {
    let best: Vec<String> = r
        .ranking
        .iter()
        .filter(|x| x.rank.is_some())
        .take(3)
        .map(|x| format!("{} ({})", x.unit.name, opt(x.score, r.decimals)))
        .collect();
    let not_ranked: Vec<&str> = r
        .ranking
        .iter()
        .filter(|x| x.rank.is_none())
        .map(|x| x.unit.name.as_str())
        .collect();
    let mut facts = vec![
        ("Index".to_owned(), r.index.display()),
        ("Period".to_owned(), r.period.to_string()),
        (
            "Data source".to_owned(),
            r.source.clone().unwrap_or_else(|| "not stated".to_owned()),
        ),
        (
            "Indicators".to_owned(),
            format!("{scored} scored, {context} context (reported, not aggregated)"),
        ),
        ("Highest scores".to_owned(), best.join(", ")),
    ];
    if !not_ranked.is_empty() {
        facts.push((
            "Not ranked (too little data)".to_owned(),
            not_ranked.join(", "),
        ));
    }
    Section {
        id: "summary",
        title: "Summary".to_owned(),
        blocks: vec![
            Block::Facts(facts),
            Block::Paragraph(
                "How to read this report: every score is oriented so that higher is better, and rank 1 is the best. \
                 Indicators whose direction is \"lower is better\" were flipped before aggregation. A dash (–) marks a value \
                 that is missing or could not be computed; nothing missing is ever shown as 0."
                    .to_owned(),
            ),
        ],
    }
}

fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Positive => "↑ higher is better",
        Direction::Negative => "↓ lower is better",
    }
}

fn framework(r: &Report) -> Section {
    let mut items: Vec<TreeItem> = r
        .framework
        .iter()
        .map(|n| {
            let kind = match (n.kind, n.role) {
                (NodeKind::Aggregate, _) => TreeKind::Aggregate,
                (_, Role::Context) => TreeKind::Context,
                _ => TreeKind::Indicator,
            };
            let note = match kind {
                TreeKind::Aggregate if n.depth > 0 => format!("weight {}", weight_pct(n.weight)),
                TreeKind::Aggregate => String::new(),
                TreeKind::Indicator => format!(
                    "{} · weight {}",
                    if n.direction == Direction::Positive {
                        "↑"
                    } else {
                        "↓"
                    },
                    weight_pct(n.weight)
                ),
                TreeKind::Context => {
                    format!(
                        "{} · context",
                        if n.direction == Direction::Positive {
                            "↑"
                        } else {
                            "↓"
                        }
                    )
                }
            };
            let mut tooltip = n.label.display();
            if let Some(u) = &n.unit {
                tooltip.push_str(&format!("; unit: {u}"));
            }
            if let Some(s) = &n.source {
                tooltip.push_str(&format!("; source: {s}"));
            }
            TreeItem {
                depth: n.depth,
                label: if n.label.name == n.label.code {
                    n.label.code.clone()
                } else {
                    format!("{} · {}", n.label.code, n.label.name)
                },
                note,
                kind,
                tooltip,
            }
        })
        .collect();
    // Context indicators without a parent hang under a heading of their own.
    if let Some(first) = r
        .framework
        .iter()
        .position(|n| n.depth == 1 && n.parent.is_none())
    {
        items.insert(
            first,
            TreeItem {
                depth: 0,
                label: "Context indicators".to_owned(),
                note: "reported beside the index, never aggregated".to_owned(),
                kind: TreeKind::Context,
                tooltip: "Context indicators".to_owned(),
            },
        );
    }
    let mut table = Table::new(
        "Indicators",
        &[
            "code",
            "indicator",
            "pillar",
            "direction",
            "unit of measure",
            "#weight in pillar",
            "#weight in index",
            "normalisation",
            "source",
        ],
    );
    for n in r.framework.iter().filter(|n| n.kind == NodeKind::Indicator) {
        table.push(vec![
            n.label.code.as_str().into(),
            n.label.name.as_str().into(),
            n.parent
                .clone()
                .unwrap_or_else(|| "(context)".to_owned())
                .into(),
            direction_text(n.direction).into(),
            n.unit.clone().unwrap_or_default().into(),
            weight_cell(n.role, n.weight),
            weight_cell(n.role, n.effective_weight),
            n.method.clone().unwrap_or_default().into(),
            n.source.clone().unwrap_or_default().into(),
        ]);
    }
    let mut aggregates = Table::new(
        "Aggregates",
        &[
            "code",
            "name",
            "parent",
            "#weight among siblings",
            "#weight in index",
            "aggregation",
        ],
    );
    for n in r.framework.iter().filter(|n| n.kind == NodeKind::Aggregate) {
        aggregates.push(vec![
            n.label.code.as_str().into(),
            n.label.name.as_str().into(),
            n.parent.clone().unwrap_or_default().into(),
            num(n.weight, 3).into(),
            num(n.effective_weight, 3).into(),
            n.method.clone().unwrap_or_default().into(),
        ]);
    }
    Section {
        id: "framework",
        title: "Framework".to_owned(),
        blocks: vec![
            Block::Paragraph(format!(
                "The index {} is built from the tree below: indicators are normalised, then averaged into pillars and up \
                 to the index with the weights shown (weights are normalised within each parent). ↑ marks an indicator \
                 where a higher value is better, ↓ one where a lower value is better. Hover over a node for its unit and source.",
                r.index.display()
            )),
            Block::Chart {
                svg: svg::tree(&Tree {
                    title: format!("Framework of {}", r.index.name),
                    items,
                }),
                alt: "the framework tree".to_owned(),
            },
            Block::Table(table),
            Block::Table(aggregates),
        ],
    }
}

/// A paragraph that explains a chart, the chart, and its table.
fn explained(intro: &str, svg: String, alt: &str, table: Table) -> Vec<Block> {
    vec![
        Block::Paragraph(intro.to_owned()),
        Block::Chart {
            svg,
            alt: alt.to_owned(),
        },
        Block::Table(table),
    ]
}

fn weight_cell(role: Role, w: f64) -> Cell {
    match role {
        Role::Context => "–".into(),
        Role::Scored => num(w, 3).into(),
    }
}

/// The value range of a chart: 0-100 when every value lies there, else fitted.
fn score_range<'v>(values: impl Iterator<Item = &'v f64>) -> Option<(f64, f64)> {
    let mut any = false;
    for v in values {
        any = true;
        if !(0.0..=100.0).contains(v) {
            return None;
        }
    }
    any.then_some((0.0, 100.0))
}

fn unit_anchor(code: &str) -> String {
    format!("unit-{code}")
}

fn ranking(r: &Report) -> Section {
    let ranked: Vec<_> = r.ranking.iter().filter(|x| x.score.is_some()).collect();
    let bands = |code: &str| {
        r.uncertainty
            .iter()
            .find(|u| u.unit == code)
            .and_then(|u| u.q05_score.zip(u.q95_score))
    };
    let has_bands = ranked.iter().any(|x| bands(&x.unit.code).is_some());
    let index_chart = BarChart {
        title: format!("{}: index score by unit, period {}", r.index.name, r.period),
        y_label: format!("{} score (higher is better)", r.index.code),
        x_label: if has_bands {
            "unit, best first (whiskers: 5-95 % score band from the uncertainty analysis)"
                .to_owned()
        } else {
            "unit, best first".to_owned()
        },
        series: vec![Series::nth(0, "index score")],
        groups: ranked
            .iter()
            .map(|x| BarGroup {
                label: x.unit.code.clone(),
                bars: vec![x.score.map(|s| Bar {
                    value: s,
                    interval: bands(&x.unit.code),
                    tooltip: format!(
                        "{}: score {}, rank {}",
                        x.unit.display(),
                        num(s, r.decimals),
                        opt(x.rank.map(f64::from), 0)
                    ),
                })],
            })
            .collect(),
        range: score_range(
            ranked.iter().filter_map(|x| x.score.as_ref()).chain(
                ranked
                    .iter()
                    .filter_map(|x| bands(&x.unit.code))
                    .flat_map(|(a, b)| [a, b])
                    .collect::<Vec<_>>()
                    .iter(),
            ),
        ),
    };
    let pillar_names: Vec<&Label> = r.pillars.iter().map(|&p| &r.aggregates[p]).collect();
    let pillar_chart = DotRange {
        title: format!("Pillar scores by unit, period {}", r.period),
        x_label: "pillar score (higher is better)".to_owned(),
        series: pillar_names
            .iter()
            .enumerate()
            .map(|(i, p)| Series::nth(i, p.name.clone()))
            .collect(),
        range_name: "range from the lowest to the highest pillar".to_owned(),
        rows: r
            .ranking
            .iter()
            .map(|x| {
                let dots: Vec<Option<f64>> = r.pillars.iter().map(|&p| x.aggregates[p]).collect();
                let present: Vec<f64> = dots.iter().flatten().copied().collect();
                let range = present
                    .iter()
                    .copied()
                    .fold(None, |acc: Option<(f64, f64)>, v| {
                        Some(acc.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
                    });
                let tooltip = pillar_names
                    .iter()
                    .zip(&dots)
                    .map(|(p, v)| format!("{} {}", p.code, opt(*v, r.decimals)))
                    .collect::<Vec<_>>()
                    .join(", ");
                DotRow {
                    label: format!("{} {}", opt(x.rank.map(f64::from), 0), x.unit.name),
                    range,
                    dots,
                    tooltip: format!("{}: {tooltip}", x.unit.display()),
                }
            })
            .collect(),
        domain: score_range(r.ranking.iter().flat_map(|x| x.aggregates.iter().flatten())),
    };
    let mut columns = vec!["#rank", "unit", "name"];
    let index_col = format!("#{}", r.index.code);
    columns.push(&index_col);
    let agg_cols: Vec<String> = r
        .aggregates
        .iter()
        .map(|a| format!("#{}", a.code))
        .collect();
    columns.extend(agg_cols.iter().map(String::as_str));
    let mut table = Table::new(
        format!("Ranking, period {} (scores: higher is better)", r.period),
        &columns,
    );
    for x in &r.ranking {
        let mut row: Vec<Cell> = vec![
            opt(x.rank.map(f64::from), 0).into(),
            Cell {
                text: x.unit.code.clone(),
                anchor: Some(unit_anchor(&x.unit.code)),
            },
            x.unit.name.as_str().into(),
            opt(x.score, r.decimals).into(),
        ];
        row.extend(x.aggregates.iter().map(|v| Cell::from(opt(*v, r.decimals))));
        table.push(row);
    }
    let legend: Vec<String> = r.aggregates.iter().map(|a| a.display()).collect();
    Section {
        id: "ranking",
        title: "Ranking and pillar scores".to_owned(),
        blocks: vec![
            Block::Chart {
                svg: svg::bar_chart(&index_chart),
                alt: "index scores by unit".to_owned(),
            },
            Block::Chart {
                svg: svg::dot_range(&pillar_chart),
                alt: "pillar scores by unit".to_owned(),
            },
            Block::Table(table),
            Block::Paragraph(format!("Columns: {}.", legend.join("; "))),
        ],
    }
}

fn uncertainty(r: &Report) -> Section {
    let n = r.units.len() as f64;
    let chart = DotRange {
        title: "Rank uncertainty: where each unit's rank falls over the uncertainty analysis"
            .to_owned(),
        x_label: "rank (1 = best; further left is better)".to_owned(),
        series: vec![
            Series::nth(0, "median rank"),
            Series::nth(5, "nominal rank"),
        ],
        range_name: "5-95 % of runs".to_owned(),
        rows: r
            .uncertainty
            .iter()
            .map(|u| DotRow {
                label: r.unit_name(&u.unit).to_owned(),
                range: u.q05_rank.zip(u.q95_rank),
                dots: vec![u.median_rank, u.nominal_rank.map(f64::from)],
                tooltip: format!(
                    "{}: nominal {}, median {}, 5-95 % {}-{}",
                    u.unit,
                    opt(u.nominal_rank.map(f64::from), 0),
                    opt(u.median_rank, 1),
                    opt(u.q05_rank, 1),
                    opt(u.q95_rank, 1)
                ),
            })
            .collect(),
        // half a rank of room on each side, so that ranks 1 and n are not on the frame
        domain: Some((0.5, n.max(2.0) + 0.5)),
    };
    let mut table = Table::new(
        "Rank and score bands",
        &[
            "unit",
            "name",
            "#nominal rank",
            "#median rank",
            "#mean rank",
            "#5 % rank",
            "#95 % rank",
            "#nominal score",
            "#5 % score",
            "#95 % score",
        ],
    );
    for u in &r.uncertainty {
        table.push(vec![
            Cell {
                text: u.unit.clone(),
                anchor: Some(unit_anchor(&u.unit)),
            },
            r.unit_name(&u.unit).into(),
            opt(u.nominal_rank.map(f64::from), 0).into(),
            opt(u.median_rank, 1).into(),
            opt(u.mean_rank, 2).into(),
            opt(u.q05_rank, 1).into(),
            opt(u.q95_rank, 1).into(),
            opt(u.nominal_score, r.decimals).into(),
            opt(u.q05_score, r.decimals).into(),
            opt(u.q95_score, r.decimals).into(),
        ]);
    }
    Section {
        id: "uncertainty",
        title: "Rank uncertainty".to_owned(),
        blocks: explained(
            "How far each rank depends on the choices made in building the index (weights, normalisation, aggregation, \
                 imputation, ...): the bar spans the ranks taken in 90 % of the runs of the uncertainty analysis; a short \
                 bar means a robust rank.",
            svg::dot_range(&chart),
            "rank bands by unit",
            table,
        ),
    }
}

fn sensitivity(r: &Report) -> Section {
    let chart = BarChart {
        title: "Sensitivity indices per uncertain input".to_owned(),
        y_label: "share of output variance (0-1)".to_owned(),
        x_label: "uncertain input (whiskers: 5-95 % bootstrap bounds)".to_owned(),
        series: vec![
            Series::nth(0, "first order S1 (effect alone)"),
            Series::nth(1, "total order ST (with interactions)"),
        ],
        groups: r
            .sensitivity
            .iter()
            .map(|s| BarGroup {
                label: s.factor.clone(),
                bars: vec![
                    Some(Bar {
                        value: s.s1,
                        interval: Some((s.s1_low, s.s1_high)),
                        tooltip: format!(
                            "{}: S1 {} ({}-{})",
                            s.factor,
                            num(s.s1, 3),
                            num(s.s1_low, 3),
                            num(s.s1_high, 3)
                        ),
                    }),
                    Some(Bar {
                        value: s.st,
                        interval: Some((s.st_low, s.st_high)),
                        tooltip: format!(
                            "{}: ST {} ({}-{})",
                            s.factor,
                            num(s.st, 3),
                            num(s.st_low, 3),
                            num(s.st_high, 3)
                        ),
                    }),
                ],
            })
            .collect(),
        range: None,
    };
    let mut table = Table::new(
        "Sensitivity indices",
        &[
            "factor", "#S1", "#S1 5 %", "#S1 95 %", "#ST", "#ST 5 %", "#ST 95 %",
        ],
    );
    for s in &r.sensitivity {
        let mut row: Vec<Cell> = vec![s.factor.as_str().into()];
        row.extend(s.numbers().iter().map(|(_, v)| Cell::from(num(*v, 3))));
        table.push(row);
    }
    Section {
        id: "sensitivity",
        title: "Sensitivity analysis".to_owned(),
        blocks: explained(
            "Which uncertain inputs drive the ranking: S1 is the share of the output's variance due to an input alone, \
                 ST includes its interactions with the others. The output analysed is the one the analysis was run for \
                 (by default the mean absolute rank shift from the nominal ranking).",
            svg::bar_chart(&chart),
            "sensitivity indices",
            table,
        ),
    }
}

/// Colours of the progress categories (greens for progress, oranges and reds for movement away).
fn category_colour(c: ProgressCategory) -> &'static str {
    match c {
        ProgressCategory::TargetAchieved => "#1B7837",
        ProgressCategory::SignificantProgress => "#5AAE61",
        ProgressCategory::ModerateProgress => "#A6DBA0",
        ProgressCategory::InsufficientProgress => "#FDB863",
        ProgressCategory::MovingAway => "#D6604D",
        ProgressCategory::ModerateMovementAway => "#F4A582",
        ProgressCategory::SignificantMovementAway => "#B2182B",
        _ => "#BABABA",
    }
}

fn category_name(c: ProgressCategory) -> String {
    c.as_str().replace('_', " ")
}

fn progress(r: &Report) -> Section {
    let Some(p) = &r.progress else {
        return Section {
            id: "progress",
            title: "Progress".to_owned(),
            blocks: Vec::new(),
        };
    };
    // The categories that occur (without targets, the targeted ones never do).
    let categories: Vec<ProgressCategory> = ProgressCategory::ALL
        .into_iter()
        .filter(|c| p.by_unit.iter().any(|s| s.count(*c) > 0))
        .collect();
    let series: Vec<Series> = categories
        .iter()
        .map(|c| Series {
            name: category_name(*c),
            colour: category_colour(*c),
        })
        .collect();
    let chart = StackedBars {
        title: format!("Progress of each unit's indicators, {} to {}", p.from, p.to),
        x_label: "number of indicators, by progress category".to_owned(),
        series,
        rows: p
            .by_unit
            .iter()
            .map(|s| StackedRow {
                label: r.unit_name(s.unit.as_str()).to_owned(),
                segments: categories.iter().map(|c| s.count(*c) as f64).collect(),
                note: format!("{} assessed", s.assessed()),
            })
            .collect(),
        max: None,
    };
    let mut columns = vec!["unit".to_owned(), "name".to_owned(), "#assessed".to_owned()];
    columns.extend(categories.iter().map(|c| format!("#{}", category_name(*c))));
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(
        "Indicators per progress category and unit (count)",
        &column_refs,
    );
    for s in &p.by_unit {
        let mut row: Vec<Cell> = vec![
            s.unit.as_str().into(),
            r.unit_name(s.unit.as_str()).into(),
            s.assessed().to_string().into(),
        ];
        row.extend(
            categories
                .iter()
                .map(|c| Cell::from(s.count(*c).to_string())),
        );
        table.push(row);
    }
    let mut pillar_columns = vec!["pillar".to_owned()];
    pillar_columns.extend(categories.iter().map(|c| format!("#{}", category_name(*c))));
    let refs: Vec<&str> = pillar_columns.iter().map(String::as_str).collect();
    let mut pillars = Table::new(
        "Indicator-unit pairs per progress category and pillar",
        &refs,
    );
    for (label, counts) in &p.by_pillar {
        let mut row: Vec<Cell> = vec![label.display().into()];
        row.extend(
            categories
                .iter()
                .map(|c| Cell::from(counts.get(c).copied().unwrap_or(0).to_string())),
        );
        pillars.push(row);
    }
    let mut blocks = vec![Block::Paragraph(format!(
        "Progress of every indicator between {} and {} after the Eurostat SDG progress method: the compound annual \
         growth rate, judged in the indicator's direction (for a \"lower is better\" indicator a fall is progress), \
         against the target's required rate where there is a target. {} (unit, indicator) pairs had values at both periods.",
        p.from,
        p.to,
        p.rows.len()
    ))];
    if !p.by_unit.is_empty() {
        blocks.push(Block::Chart {
            svg: svg::stacked_bars(&chart),
            alt: "progress categories by unit".to_owned(),
        });
    }
    blocks.push(Block::Table(table));
    blocks.push(Block::Table(pillars));
    Section {
        id: "progress",
        title: format!("Progress {} to {}", p.from, p.to),
        blocks,
    }
}

fn standing_table(caption: &str, rows: &[Standing], decimals: u32, with_value: bool) -> Table {
    let columns: &[&str] = if with_value {
        &["indicator", "value", "#score", "#rank"]
    } else {
        &["node", "#score", "#rank"]
    };
    let mut t = Table::new(caption, columns);
    for s in rows {
        let mut row: Vec<Cell> = vec![s.node.display().into()];
        if with_value {
            let mut v = s.value.clone();
            if s.imputed {
                v.push_str(" [imputed]");
            }
            row.push(v.into());
        }
        row.push(opt(s.score, decimals).into());
        row.push(
            s.rank
                .map_or_else(|| "–".to_owned(), |k| format!("{k} of {}", s.of))
                .into(),
        );
        t.push(row);
    }
    t
}

fn profile_card(p: &Profile, decimals: u32) -> Card {
    let mut blocks = vec![Block::Table(standing_table(
        "Pillars and sub-indices",
        &p.aggregates,
        decimals,
        false,
    ))];
    if !p.strengths.is_empty() {
        blocks.push(Block::Table(standing_table(
            "Strengths: best indicators by rank",
            &p.strengths,
            decimals,
            true,
        )));
    }
    if !p.weaknesses.is_empty() {
        blocks.push(Block::Table(standing_table(
            "Weaknesses: worst indicators by rank",
            &p.weaknesses,
            decimals,
            true,
        )));
    }
    let gaps = if p.gaps.is_empty() {
        "none: every scored indicator has a value".to_owned()
    } else {
        p.gaps
            .iter()
            .map(|g| format!("{} ({})", g.indicator.code, g.kind.describe(decimals)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    blocks.push(Block::Facts(vec![("Data gaps".to_owned(), gaps)]));
    Card {
        id: unit_anchor(&p.unit.code),
        title: p.unit.display(),
        subtitle: format!(
            "rank {} of {} · index score {}",
            opt(p.rank.map(f64::from), 0),
            p.ranked,
            opt(p.score, decimals)
        ),
        blocks,
    }
}

fn profiles(r: &Report) -> Section {
    Section {
        id: "profiles",
        title: "Country profiles".to_owned(),
        blocks: vec![
            Block::Paragraph(
                "For each unit: its pillar scores and ranks, its strengths and weaknesses (the scored indicators on which \
                 it ranks best and worst among all units, by normalised score) and its data gaps. Values are as published, \
                 rounded to 3 decimals unless the framework sets the indicator's decimals, with their unit of measure in parentheses and Eurostat flags in brackets (e estimated, p provisional, b break in series, ...); \
                 [imputed] marks a value filled in by the imputation step."
                    .to_owned(),
            ),
            Block::Cards(r.profiles.iter().map(|p| profile_card(p, r.decimals)).collect()),
        ],
    }
}

fn coverage(r: &Report) -> Section {
    let share = |n: usize, of: usize| (of > 0).then(|| n as f64 / of as f64 * 100.0);
    let chart = StackedBars {
        title: format!(
            "Data coverage by unit, period {} (all indicators)",
            r.period
        ),
        x_label: "share of indicator cells (%)".to_owned(),
        series: vec![
            Series::nth(2, "value present"),
            Series::nth(3, "censored (e.g. <5)"),
            Series {
                name: "missing".to_owned(),
                colour: "#BBBBBB",
            },
        ],
        rows: r
            .coverage
            .iter()
            .map(|c| StackedRow {
                label: r.unit_name(c.unit.as_str()).to_owned(),
                segments: vec![
                    share(c.cells - c.missing - c.censored, c.cells).unwrap_or(0.0),
                    share(c.censored, c.cells).unwrap_or(0.0),
                    share(c.missing, c.cells).unwrap_or(0.0),
                ],
                note: if c.imputed > 0 {
                    format!("{} imputed", c.imputed)
                } else {
                    String::new()
                },
            })
            .collect(),
        max: Some(100.0),
    };
    let mut table = Table::new(
        format!("Coverage per unit, period {}", r.period),
        &[
            "unit",
            "name",
            "#cells",
            "#present",
            "#missing",
            "#censored",
            "#imputed",
            "#flagged",
        ],
    );
    for c in &r.coverage {
        table.push(vec![
            c.unit.as_str().into(),
            r.unit_name(c.unit.as_str()).into(),
            c.cells.to_string().into(),
            pct(c.present_share()).into(),
            pct(c.missing_share()).into(),
            pct(c.censored_share()).into(),
            pct(c.imputed_share()).into(),
            pct(c.flagged_share()).into(),
        ]);
    }
    Section {
        id: "coverage",
        title: "Data coverage".to_owned(),
        blocks: explained(
            "Share of each unit's indicator cells (scored and context indicators, the period scored) that hold a value, \
                 are censored counts, or are missing; imputed cells were missing and filled in by the pipeline; flagged \
                 cells carry a Eurostat flag (estimated, provisional, break in series, ...). Cells that do not apply are \
                 left out.",
            svg::stacked_bars(&chart),
            "data coverage by unit",
            table,
        ),
    }
}

fn provenance(r: &Report) -> Section {
    let p = &r.provenance;
    let mut facts = vec![
        (
            "Data source".to_owned(),
            r.source.clone().unwrap_or_else(|| "not stated".to_owned()),
        ),
        ("Period scored".to_owned(), r.period.to_string()),
        ("Software".to_owned(), r.software.clone()),
    ];
    facts.extend(r.inputs.iter().cloned());
    let mut steps = Table::new(
        "What each pipeline step did",
        &["step", "method", "what it did"],
    );
    for s in &r.steps {
        steps.push(vec![
            s.stage.name().into(),
            s.method.as_str().into(),
            s.summary.as_str().into(),
        ]);
    }
    let mut methods = Table::new("Method per node", &["node", "kind", "method"]);
    for (kind, uses) in [
        ("normalisation", &p.normalised),
        ("aggregation", &p.aggregated),
    ] {
        for u in uses {
            methods.push(vec![u.node.as_str().into(), kind.into(), u.method.into()]);
        }
    }
    let mut blocks = vec![
        Block::Facts(facts),
        Block::Table(steps),
        Block::Table(methods),
    ];
    if !p.imputed.is_empty() {
        let mut t = Table::new(
            "Imputed cells",
            &["unit", "indicator", "period", "#value", "method"],
        );
        for c in &p.imputed {
            t.push(vec![
                c.at.unit.as_str().into(),
                c.indicator.as_str().into(),
                c.at.period.to_string().into(),
                num(c.value, r.decimals + 3).into(),
                c.method.into(),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    if let Some(screen) = &p.screened {
        let mut t = Table::new(
            "Screening",
            &[
                "unit",
                "#missing",
                "#data availability",
                "#non-zero share",
                "kept",
            ],
        );
        for u in &screen.units {
            t.push(vec![
                u.at.unit.as_str().into(),
                u.n_missing.to_string().into(),
                pct(Some(u.data_availability)).into(),
                pct(Some(u.nonzero_share)).into(),
                if u.included { "yes" } else { "no" }.into(),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    let treated: Vec<_> = p.treated.iter().filter(|t| t.method != "none").collect();
    if !treated.is_empty() {
        let mut t = Table::new(
            "Outlier treatment",
            &[
                "indicator",
                "method",
                "#skew before",
                "#kurtosis before",
                "#points winsorised",
                "log transform",
                "#skew after",
                "#kurtosis after",
            ],
        );
        for x in treated {
            t.push(vec![
                x.indicator.as_str().into(),
                x.method.into(),
                opt(x.before.skew, 2).into(),
                opt(x.before.kurtosis, 2).into(),
                x.winsorisation
                    .as_ref()
                    .map_or(0, |w| if w.kept { w.points.len() } else { 0 })
                    .to_string()
                    .into(),
                x.log
                    .as_ref()
                    .map_or_else(String::new, |l| format!("{} ({})", l.transform, l.reason))
                    .into(),
                opt(x.after.skew, 2).into(),
                opt(x.after.kurtosis, 2).into(),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Paragraph(
        "The pipeline specification, as JSON (save it to a file and run the same pipeline with: thb score --spec FILE):".to_owned(),
    ));
    blocks.push(Block::Code(r.spec_json.clone()));
    Section {
        id: "provenance",
        title: "Provenance".to_owned(),
        blocks,
    }
}
