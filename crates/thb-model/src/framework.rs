//! The framework: indicator metadata and the tree indicators -> pillars -> sub-indices -> index.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Location, ModelError, Result};
use crate::id::{Code, Period};
use crate::validate::{Issue, IssueKind, finish};

/// Whether a higher value is better (`+1`) or worse (`-1`).
///
/// Serialised as the integer `1` or `-1`, as in COINr's iMeta.
///
/// ```
/// use thb_model::Direction;
/// assert_eq!(Direction::try_from(-1)?, Direction::Negative);
/// assert_eq!(Direction::Negative.sign(), -1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "i8", into = "i8"))]
pub enum Direction {
    /// Higher is better.
    #[default]
    Positive,
    /// Higher is worse.
    Negative,
}

impl Direction {
    /// `1.0` or `-1.0`.
    pub fn sign(self) -> f64 {
        match self {
            Self::Positive => 1.0,
            Self::Negative => -1.0,
        }
    }
}

impl TryFrom<i8> for Direction {
    type Error = ModelError;
    fn try_from(v: i8) -> Result<Self> {
        match v {
            1 => Ok(Self::Positive),
            -1 => Ok(Self::Negative),
            _ => Err(ModelError::InvalidCode {
                what: "direction",
                code: v.to_string(),
                reason: "a direction is 1 (higher is better) or -1 (higher is worse)",
            }),
        }
    }
}

impl From<Direction> for i8 {
    fn from(d: Direction) -> i8 {
        match d {
            Direction::Positive => 1,
            Direction::Negative => -1,
        }
    }
}

/// Whether a node is an indicator (level 1, carries data) or an aggregate of its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NodeKind {
    /// A level-1 node holding data.
    Indicator,
    /// A node computed from its children (pillar, sub-index, index).
    Aggregate,
}

/// Whether an indicator enters the score or is only reported beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Role {
    /// Normalised and aggregated into its parent.
    #[default]
    Scored,
    /// Context (vulnerability, need): normalised and reported, never aggregated.
    Context,
}

/// Goalposts of an indicator (COINr `goalpost_*` columns), on the indicator's original scale.
///
/// ```
/// use thb_model::Goalposts;
/// let g = Goalposts::new(1.0, 5.0)?;
/// assert_eq!(g.upper(), 5.0);
/// assert!(Goalposts::new(3.0, 3.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawGoalposts"))]
pub struct Goalposts {
    lower: f64,
    upper: f64,
    /// Scale the result is multiplied by (COINr `goalpost_scale`); `None` = the spec's or 100.
    #[cfg_attr(feature = "serde", serde(default))]
    pub scale: Option<f64>,
    /// Truncate to the posts (COINr `goalpost_trunc2posts`); `None` = the spec's or `true`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub truncate: Option<bool>,
}

/// The serde form of [`Goalposts`], validated through [`Goalposts::new`] on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoalposts {
    lower: f64,
    upper: f64,
    #[serde(default)]
    scale: Option<f64>,
    #[serde(default)]
    truncate: Option<bool>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawGoalposts> for Goalposts {
    type Error = ModelError;
    fn try_from(raw: RawGoalposts) -> Result<Self> {
        let mut g = Goalposts::new(raw.lower, raw.upper)?;
        g.scale = raw.scale;
        g.truncate = raw.truncate;
        Ok(g)
    }
}

impl Goalposts {
    /// Goalposts `lower < upper`, both finite.
    ///
    /// # Errors
    /// [`ModelError::InvalidCode`] when a post is not finite or `lower >= upper`.
    pub fn new(lower: f64, upper: f64) -> Result<Self> {
        if !lower.is_finite() || !upper.is_finite() || lower >= upper {
            return Err(ModelError::InvalidCode {
                what: "goalposts",
                code: format!("[{lower}, {upper}]"),
                reason: "goalposts must be finite with lower < upper",
            });
        }
        Ok(Self {
            lower,
            upper,
            scale: None,
            truncate: None,
        })
    }
    /// The lower post (original scale).
    pub fn lower(&self) -> f64 {
        self.lower
    }
    /// The upper post (original scale).
    pub fn upper(&self) -> f64 {
        self.upper
    }
}

/// One row of the framework: an indicator or an aggregate, with its metadata.
///
/// Build one with [`Node::indicator`] or [`Node::aggregate`] and chained setters; validation
/// happens when the nodes become a [`Framework`].
///
/// ```
/// use thb_model::{Direction, Node};
/// let n = Node::indicator("PV01", "Prevention")?.name("3P prevention sub-score").direction(Direction::Positive);
/// assert_eq!(n.code.as_str(), "PV01");
/// assert_eq!(n.level, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Node {
    /// Unique code.
    pub code: Code,
    /// Display name.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub name: Option<String>,
    /// Indicator or aggregate.
    pub kind: NodeKind,
    /// Scored or context-only (indicators only).
    #[cfg_attr(feature = "serde", serde(default))]
    pub role: Role,
    /// 1 for indicators; aggregates one above their children; the root is the highest.
    pub level: u32,
    /// The parent node, one level up; `None` for the root (and optionally for context indicators).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub parent: Option<Code>,
    /// Weight relative to its siblings (>= 0).
    #[cfg_attr(feature = "serde", serde(default = "one"))]
    pub weight: f64,
    /// Direction (used at level 1 only).
    #[cfg_attr(feature = "serde", serde(default))]
    pub direction: Direction,
    /// Unit of measure.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub unit: Option<String>,
    /// Source and citation.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub source: Option<String>,
    /// Target value (distance-to-target normalisation, monitoring).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub target: Option<f64>,
    /// The period by which the target should be met.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub target_period: Option<Period>,
    /// Goalposts on the original scale.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub goalposts: Option<Goalposts>,
    /// Decimals to show when displaying values of this node.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub decimals: Option<u32>,
    /// Code of the denominator column this indicator is divided by when denominating.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub denominator: Option<Code>,
}

#[cfg(feature = "serde")]
fn one() -> f64 {
    1.0
}

impl Node {
    fn base(code: &str, kind: NodeKind, level: u32, parent: Option<&str>) -> Result<Self> {
        Ok(Self {
            code: Code::new(code)?,
            name: None,
            kind,
            role: Role::Scored,
            level,
            parent: parent.map(Code::new).transpose()?,
            weight: 1.0,
            direction: Direction::Positive,
            unit: None,
            source: None,
            target: None,
            target_period: None,
            goalposts: None,
            decimals: None,
            denominator: None,
        })
    }

    /// A scored level-1 indicator under `parent`, weight 1, direction +1.
    ///
    /// # Errors
    /// [`ModelError::InvalidCode`] when a code is malformed.
    pub fn indicator(code: &str, parent: &str) -> Result<Self> {
        Self::base(code, NodeKind::Indicator, 1, Some(parent))
    }

    /// A context-only indicator (reported, not aggregated), optionally attached to a parent for
    /// display.
    ///
    /// # Errors
    /// [`ModelError::InvalidCode`] when a code is malformed.
    pub fn context(code: &str, parent: Option<&str>) -> Result<Self> {
        let mut n = Self::base(code, NodeKind::Indicator, 1, parent)?;
        n.role = Role::Context;
        Ok(n)
    }

    /// An aggregate at `level` under `parent` (`None` for the root), weight 1.
    ///
    /// # Errors
    /// [`ModelError::InvalidCode`] when a code is malformed.
    pub fn aggregate(code: &str, level: u32, parent: Option<&str>) -> Result<Self> {
        Self::base(code, NodeKind::Aggregate, level, parent)
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// Sets the weight.
    #[must_use]
    pub fn weight(mut self, weight: f64) -> Self {
        self.weight = weight;
        self
    }
    /// Sets the direction.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }
    /// Sets the unit of measure.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }
    /// Sets the source / citation.
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
    /// Sets the target and, optionally, its period.
    #[must_use]
    pub fn target(mut self, target: f64, period: Option<Period>) -> Self {
        self.target = Some(target);
        self.target_period = period;
        self
    }
    /// Sets the goalposts.
    #[must_use]
    pub fn goalposts(mut self, goalposts: Goalposts) -> Self {
        self.goalposts = Some(goalposts);
        self
    }
    /// Sets the display decimals.
    #[must_use]
    pub fn decimals(mut self, decimals: u32) -> Self {
        self.decimals = Some(decimals);
        self
    }
    /// Sets the denominator column.
    #[must_use]
    pub fn denominator(mut self, denominator: Code) -> Self {
        self.denominator = Some(denominator);
        self
    }

    /// The display name, or the code when there is none.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(self.code.as_str())
    }

    /// `true` for a scored indicator or an aggregate.
    pub fn is_scored(&self) -> bool {
        self.role == Role::Scored
    }
}

/// What a non-tree column of the data is (COINr iMeta `Type` other than Indicator/Aggregate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ColumnKind {
    /// A grouping column (`*_group`): text values such as `Europe`.
    Group,
    /// A denominator column (population, GDP, area) that indicators may be divided by.
    Denominator,
    /// Any other column, carried along but not used.
    Other,
}

/// One aggregation step: a parent and its scored children with weights normalised to sum 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Index of the parent in [`Framework::nodes`].
    pub parent: usize,
    /// Indices of the scored children in [`Framework::nodes`].
    pub children: Vec<usize>,
    /// The children's weights, normalised to sum 1.
    pub weights: Vec<f64>,
}

/// A validated framework: a tree of any depth with unique codes, one root, parents one level up,
/// non-negative weights not all zero among siblings.
///
/// Nodes are kept in the order: indicators (as given), then aggregates level by level (each
/// level as given), the root last. That is the column order of every output.
///
/// ```
/// use thb_model::{Framework, Node};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?,
///     Node::indicator("b", "P")?.weight(3.0),
///     Node::aggregate("P", 2, Some("Index"))?,
///     Node::aggregate("Index", 3, None)?,
/// ])?;
/// assert_eq!(fw.root().code.as_str(), "Index");
/// assert_eq!(fw.effective_weight("b"), Some(0.75));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    nodes: Vec<Node>,
    index: HashMap<Code, usize>,
    columns: BTreeMap<Code, ColumnKind>,
    families: Vec<Vec<Family>>,
    root: usize,
    levels: u32,
    n_indicators: usize,
}

impl Framework {
    /// Validates `nodes` into a framework with no extra data columns.
    ///
    /// # Errors
    /// [`ModelError::Invalid`] listing every problem found.
    pub fn new(nodes: Vec<Node>) -> Result<Self> {
        Self::with_columns(nodes, BTreeMap::new(), &[])
    }

    /// Validates `nodes` plus the non-tree columns (groups, denominators, others).
    /// `locations[i]` (if given) is where node `i` was read, for error messages.
    ///
    /// # Errors
    /// [`ModelError::Invalid`] listing every problem found.
    pub fn with_columns(
        nodes: Vec<Node>,
        columns: BTreeMap<Code, ColumnKind>,
        locations: &[Location],
    ) -> Result<Self> {
        let mut issues = Vec::new();
        let loc = |i: usize| locations.get(i).cloned().unwrap_or_default();
        let mut seen: HashMap<&Code, usize> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            if let Some(first) = seen.insert(&n.code, i) {
                let first_at = loc(first)
                    .line
                    .map_or_else(|| format!("node {}", first + 1), |l| format!("line {l}"));
                issues.push(
                    Issue::new(
                        IssueKind::Duplicate,
                        format!("node `{}` is defined twice (first at {first_at})", n.code),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                );
            }
            if columns.contains_key(&n.code) {
                issues.push(
                    Issue::new(
                        IssueKind::Duplicate,
                        format!("code `{}` is both a node and a data column", n.code),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                );
            }
            if !n.weight.is_finite() || n.weight < 0.0 {
                issues.push(
                    Issue::new(
                        IssueKind::Weight,
                        format!("weight {} must be finite and >= 0", n.weight),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                );
            }
            match n.kind {
                NodeKind::Indicator if n.level != 1 => issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        format!("indicator at level {}: indicators are level 1", n.level),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                ),
                NodeKind::Aggregate if n.level < 2 => issues.push(
                    Issue::new(IssueKind::BadValue, "aggregates are level 2 or above")
                        .at(loc(i))
                        .indicator(n.code.as_str()),
                ),
                NodeKind::Aggregate if n.role == Role::Context => issues.push(
                    Issue::new(IssueKind::BadValue, "only indicators can be context-only")
                        .at(loc(i))
                        .indicator(n.code.as_str()),
                ),
                _ => {}
            }
            if let Some(t) = n.target
                && !t.is_finite()
            {
                issues.push(
                    Issue::new(IssueKind::BadValue, "target is not finite")
                        .at(loc(i))
                        .indicator(n.code.as_str()),
                );
            }
            if let Some(d) = &n.denominator
                && columns.get(d) != Some(&ColumnKind::Denominator)
            {
                issues.push(
                    Issue::new(
                        IssueKind::UnknownReference,
                        format!("denominator `{d}` is not declared as a Denominator column"),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                );
            }
        }
        // parents
        for (i, n) in nodes.iter().enumerate() {
            let Some(p) = &n.parent else { continue };
            match seen.get(p).map(|&j| &nodes[j]) {
                None => issues.push(
                    Issue::new(IssueKind::UnknownReference, format!("parent `{p}` is not a node of the framework"))
                        .at(loc(i))
                        .indicator(n.code.as_str()),
                ),
                Some(parent) if parent.kind != NodeKind::Aggregate => issues.push(
                    Issue::new(IssueKind::Structure, format!("parent `{p}` is an indicator, not an aggregate"))
                        .at(loc(i))
                        .indicator(n.code.as_str()),
                ),
                Some(parent) if parent.level != n.level + 1 => issues.push(
                    Issue::new(
                        IssueKind::Structure,
                        format!(
                            "parent `{p}` is at level {}, but a level-{} node's parent must be at level {}",
                            parent.level,
                            n.level,
                            n.level + 1
                        ),
                    )
                    .at(loc(i))
                    .indicator(n.code.as_str()),
                ),
                Some(_) => {}
            }
        }
        let roots: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].parent.is_none() && nodes[i].role == Role::Scored)
            .collect();
        let root = match roots.as_slice() {
            [r] => Some(*r),
            [] => {
                issues.push(Issue::new(
                    IssueKind::Structure,
                    "the framework has no root (every node has a parent, or there is a cycle)",
                ));
                None
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|&i| format!("`{}`", nodes[i].code))
                    .collect();
                issues.push(Issue::new(
                    IssueKind::Structure,
                    format!(
                        "the framework has {} roots ({}); exactly one node may have no parent",
                        many.len(),
                        names.join(", ")
                    ),
                ));
                None
            }
        };
        if let Some(r) = root {
            let top = nodes[r].level;
            if let Some(higher) = nodes.iter().find(|n| n.level > top) {
                issues.push(
                    Issue::new(
                        IssueKind::Structure,
                        format!(
                            "node at level {} is above the root `{}` (level {top})",
                            higher.level, nodes[r].code
                        ),
                    )
                    .indicator(higher.code.as_str()),
                );
            }
        }
        if !issues.is_empty() {
            return finish(Self::empty(), issues);
        }
        let root = root.unwrap_or_default(); // ok: issues were empty, so exactly one root exists
        // Order: indicators, then aggregates by level (stable).
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by_key(|&i| nodes[i].level);
        let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
        let nodes: Vec<Node> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let index: HashMap<Code, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.code.clone(), i))
            .collect();
        // `root` indexed the given order; find where the sort moved it.
        let root = order.iter().position(|&i| i == root).unwrap_or(0);
        let levels = nodes[root].level;
        let n_indicators = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Indicator)
            .count();
        let mut fw = Self {
            nodes,
            index,
            columns,
            families: Vec::new(),
            root,
            levels,
            n_indicators,
        };
        fw.families = fw.build_families()?;
        Ok(fw)
    }

    fn empty() -> Self {
        Self {
            nodes: Vec::new(),
            index: HashMap::new(),
            columns: BTreeMap::new(),
            families: Vec::new(),
            root: 0,
            levels: 0,
            n_indicators: 0,
        }
    }

    fn build_families(&self) -> Result<Vec<Vec<Family>>> {
        let mut issues = Vec::new();
        let mut steps = Vec::new();
        for level in 2..=self.levels {
            let mut fams = Vec::new();
            for (p, node) in self
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.level == level)
            {
                let children: Vec<usize> = self
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_scored() && c.parent.as_ref() == Some(&node.code))
                    .map(|(i, _)| i)
                    .collect();
                if children.is_empty() {
                    issues.push(
                        Issue::new(
                            IssueKind::Structure,
                            format!("aggregate `{}` has no scored children", node.code),
                        )
                        .indicator(node.code.as_str()),
                    );
                    continue;
                }
                let raw: Vec<f64> = children.iter().map(|&c| self.nodes[c].weight).collect();
                let total: f64 = raw.iter().sum();
                if total <= 0.0 || !total.is_finite() {
                    issues.push(
                        Issue::new(
                            IssueKind::Weight,
                            format!("the children of `{}` all weigh 0", node.code),
                        )
                        .indicator(node.code.as_str()),
                    );
                    continue;
                }
                fams.push(Family {
                    parent: p,
                    children,
                    weights: raw.iter().map(|w| w / total).collect(),
                });
            }
            steps.push(fams);
        }
        // Every scored node below the root must reach it (no orphans / cycles).
        for (i, n) in self.nodes.iter().enumerate() {
            if i != self.root && n.is_scored() && n.parent.is_none() {
                issues.push(
                    Issue::new(IssueKind::Structure, "node has no parent")
                        .indicator(n.code.as_str()),
                );
            }
        }
        finish(steps, issues)
    }

    /// Every node: indicators first (in the given order), then aggregates level by level, the
    /// root last.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with `code`.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.index.get(code).map(|&i| &self.nodes[i])
    }

    /// Position of `code` in [`Framework::nodes`].
    pub fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The root (the index itself).
    pub fn root(&self) -> &Node {
        &self.nodes[self.root]
    }

    /// Position of the root in [`Framework::nodes`].
    pub fn root_position(&self) -> usize {
        self.root
    }

    /// Number of levels (the root's level).
    pub fn levels(&self) -> u32 {
        self.levels
    }

    /// Level-1 nodes (scored and context), in order. They are `nodes()[..n]`.
    pub fn indicators(&self) -> &[Node] {
        &self.nodes[..self.n_indicators]
    }

    /// Aggregates at `level`, in order.
    pub fn aggregates_at(&self, level: u32) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(move |n| n.kind == NodeKind::Aggregate && n.level == level)
    }

    /// The aggregation steps: `families()[0]` aggregates level 1 into level 2, and so on.
    pub fn families(&self) -> &[Vec<Family>] {
        &self.families
    }

    /// Scored children of `code` (empty for an indicator).
    pub fn children(&self, code: &str) -> Vec<&Node> {
        self.nodes
            .iter()
            .filter(|n| n.is_scored() && n.parent.as_ref().is_some_and(|p| p.as_str() == code))
            .collect()
    }

    /// The non-tree data columns (groups, denominators, others).
    pub fn columns(&self) -> &BTreeMap<Code, ColumnKind> {
        &self.columns
    }

    /// Group columns.
    pub fn groups(&self) -> impl Iterator<Item = &Code> {
        self.columns
            .iter()
            .filter(|(_, k)| **k == ColumnKind::Group)
            .map(|(c, _)| c)
    }

    /// Effective weight of `code` in the index: its weight normalised among its siblings,
    /// multiplied down the tree from the root. Context indicators have effective weight 0.
    pub fn effective_weight(&self, code: &str) -> Option<f64> {
        let mut i = self.position(code)?;
        if !self.nodes[i].is_scored() {
            return Some(0.0);
        }
        let mut w = 1.0;
        while i != self.root {
            let level = self.nodes[i].level as usize;
            let fam = self
                .families
                .get(level - 1)?
                .iter()
                .find(|f| f.children.contains(&i))?;
            let k = fam.children.iter().position(|&c| c == i)?;
            w *= fam.weights[k];
            i = fam.parent;
        }
        Some(w)
    }

    /// A copy with the weights of the named nodes replaced, re-validated.
    ///
    /// # Errors
    /// [`ModelError::Unknown`] for a code that is not a node; [`ModelError::Invalid`] when the
    /// new weights break a rule (negative, all siblings 0).
    pub fn with_weights(&self, weights: &BTreeMap<String, f64>) -> Result<Self> {
        let mut fw = self.clone();
        for (code, &w) in weights {
            let i = self.position(code).ok_or_else(|| ModelError::Unknown {
                what: "node",
                code: code.clone(),
            })?;
            if !w.is_finite() || w < 0.0 {
                return Err(ModelError::Invalid {
                    issues: vec![
                        Issue::new(
                            IssueKind::Weight,
                            format!("weight {w} must be finite and >= 0"),
                        )
                        .indicator(code.as_str()),
                    ],
                });
            }
            fw.nodes[i].weight = w;
        }
        fw.families = fw.build_families()?;
        Ok(fw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Vec<Node> {
        vec![
            Node::aggregate("Index", 3, None).unwrap(),
            Node::indicator("a", "P").unwrap(),
            Node::indicator("b", "P").unwrap().weight(3.0),
            Node::indicator("c", "Q").unwrap(),
            Node::aggregate("P", 2, Some("Index")).unwrap(),
            Node::aggregate("Q", 2, Some("Index")).unwrap(),
            Node::context("ctx", Some("Q")).unwrap(),
        ]
    }

    #[test]
    fn orders_nodes_and_weights() {
        let fw = Framework::new(small()).unwrap();
        let codes: Vec<&str> = fw.nodes().iter().map(|n| n.code.as_str()).collect();
        assert_eq!(codes, ["a", "b", "c", "ctx", "P", "Q", "Index"]);
        assert_eq!(fw.root().code.as_str(), "Index");
        approx::assert_relative_eq!(fw.effective_weight("b").unwrap(), 0.375);
        approx::assert_relative_eq!(fw.effective_weight("c").unwrap(), 0.5);
        approx::assert_relative_eq!(fw.effective_weight("ctx").unwrap(), 0.0);
        assert_eq!(fw.families().len(), 2);
        assert_eq!(fw.children("Q").len(), 1);
    }

    #[test]
    fn reports_every_problem() {
        let mut nodes = small();
        nodes.push(Node::indicator("a", "P").unwrap()); // duplicate
        nodes.push(Node::indicator("d", "Nope").unwrap()); // unknown parent
        nodes.push(Node::indicator("e", "Index").unwrap()); // parent two levels up
        nodes.push(Node::indicator("f", "P").unwrap().weight(-1.0)); // negative weight
        let Err(ModelError::Invalid { issues }) = Framework::new(nodes) else {
            panic!("expected invalid")
        };
        let kinds: Vec<IssueKind> = issues.iter().map(|i| i.kind).collect();
        assert!(kinds.contains(&IssueKind::Duplicate));
        assert!(kinds.contains(&IssueKind::UnknownReference));
        assert!(kinds.contains(&IssueKind::Structure));
        assert!(kinds.contains(&IssueKind::Weight));
    }

    #[test]
    fn cycles_and_two_roots_are_errors() {
        let cyc = vec![
            Node::indicator("a", "P").unwrap(),
            Node::aggregate("P", 2, Some("Q")).unwrap(),
            Node::aggregate("Q", 3, Some("P")).unwrap(),
        ];
        assert!(Framework::new(cyc).is_err());
        let two = vec![
            Node::indicator("a", "P").unwrap(),
            Node::aggregate("P", 2, None).unwrap(),
            Node::indicator("b", "Q").unwrap(),
            Node::aggregate("Q", 2, None).unwrap(),
        ];
        assert!(Framework::new(two).is_err());
    }

    #[test]
    fn zero_sibling_weights_are_errors() {
        let nodes = vec![
            Node::indicator("a", "P").unwrap().weight(0.0),
            Node::indicator("b", "P").unwrap().weight(0.0),
            Node::aggregate("P", 2, None).unwrap(),
        ];
        assert!(Framework::new(nodes).is_err());
        let fw = Framework::new(small()).unwrap();
        let mut w = BTreeMap::new();
        w.insert("a".to_owned(), 0.0);
        w.insert("b".to_owned(), 0.0);
        assert!(fw.with_weights(&w).is_err());
        w.insert("b".to_owned(), 1.0);
        assert_eq!(
            fw.with_weights(&w).unwrap().effective_weight("a"),
            Some(0.0)
        );
    }
}
