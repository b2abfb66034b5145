//! Safe publication of counts: primary suppression of small cells and secondary suppression so
//! that no suppressed cell can be derived exactly from the published row and column totals.
//!
//! Sources: `thb-domain.md` §1.8 — project convention of a minimum cell size k (default 5; the
//! CTDC's former k-anonymisation used 11) and secondary suppression of margins; UNODC publishes
//! counts 1-4 as `<5`, which stay intervals; UK NRM publishes small counts unsuppressed.
//!
//! **Primary suppression:** an exact count `0 < x < k` is suppressed (zeros too, if asked).
//!
//! **Secondary suppression.** A row or column total is an exact equation over the cells of
//! that line that are not published; a line holding a censored cell has only an interval
//! total, hence no equation. A suppressed cell can be derived exactly from the totals iff its
//! unit vector lies in the row space of those equations. Seen as a graph — lines as nodes, the
//! lines with interval totals merged into one free node, suppressed cells as edges — that
//! happens exactly when the cell's edge is a *bridge* (on no cycle). The familiar rule "every
//! line with a suppressed cell has at least two" is necessary, not sufficient (two 2×2 blocks
//! joined by one cell satisfy it, yet the joining cell is determined). So the method repeats,
//! to a fixed point: find the first bridge (in row-major order) and suppress the published
//! cells of the cheapest path that closes a cycle through it, the cost of a path being the sum
//! of the counts it suppresses (the smallest complementary cells; positive counts before
//! zeros, since a suppressed zero next to other zeros can be pinned by non-negativity). The
//! guarantee is against exact *linear* derivation from the margins; bounds from
//! non-negativity (interval disclosure) are not controlled beyond preferring positive
//! complements.

use thb_model::{ObsStatus, Observation};

use crate::error::{MonitorError, Result};

/// One input cell: an exact count, or a count known only to lie in `[lo, hi]` (UNODC `<5` is
/// `[1, 4]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Count {
    /// An exact count.
    Exact(u64),
    /// A censored count.
    Censored {
        /// Lowest possible value.
        lo: u64,
        /// Highest possible value.
        hi: u64,
    },
}

impl Count {
    /// The count of an observation: an exact non-negative integer value or a censored
    /// interval of integers.
    ///
    /// ```
    /// use thb_model::Observation;
    /// use thb_monitor::disclosure::Count;
    /// assert_eq!(Count::from_observation(&Observation::parse("<5", "")?)?, Count::Censored { lo: 1, hi: 4 });
    /// assert_eq!(Count::from_observation(&Observation::parse("1,516", "")?)?, Count::Exact(1516));
    /// assert!(Count::from_observation(&Observation::parse("2.5", "")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a value that is not a non-negative integer, or an
    /// observation with no value (missing, confidential, not applicable).
    pub fn from_observation(obs: &Observation) -> Result<Self> {
        let int = |d: rust_decimal::Decimal| {
            use rust_decimal::prelude::ToPrimitive;
            if d.fract().is_zero() {
                d.to_u64()
            } else {
                None
            }
        };
        let bad = || {
            MonitorError::parameter(
                "count",
                format!("{:?}", obs.status),
                "a count is a non-negative integer or an interval of them",
            )
        };
        match obs.status {
            ObsStatus::Value(v) => int(v).map(Count::Exact).ok_or_else(bad),
            ObsStatus::Censored { lo, hi } => match (int(lo), int(hi)) {
                (Some(lo), Some(hi)) if lo <= hi => Ok(Count::Censored { lo, hi }),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

/// A two-way table of counts with row and column labels (cells row-major).
///
/// ```
/// use thb_monitor::disclosure::{Count, CountTable};
/// let t = CountTable::new(vec!["F".into(), "M".into()], vec!["sexual".into(), "labour".into()],
///     vec![Count::Exact(40), Count::Exact(3), Count::Exact(12), Count::Exact(25)])?;
/// assert_eq!(t.cell(0, 1), Count::Exact(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CountTable {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Count>,
}

impl CountTable {
    /// A table of `rows.len() × columns.len()` cells, row-major.
    ///
    /// # Errors
    /// [`MonitorError::Shape`] when the number of cells does not match or a dimension is
    /// empty; [`MonitorError::InvalidParameter`] for a censored cell with `lo > hi`.
    pub fn new(rows: Vec<String>, columns: Vec<String>, cells: Vec<Count>) -> Result<Self> {
        if rows.is_empty() || columns.is_empty() || cells.len() != rows.len() * columns.len() {
            return Err(MonitorError::shape(format!(
                "{} cells for {} rows x {} columns",
                cells.len(),
                rows.len(),
                columns.len()
            )));
        }
        if let Some(Count::Censored { lo, hi }) = cells
            .iter()
            .find(|c| matches!(c, Count::Censored { lo, hi } if lo > hi))
        {
            return Err(MonitorError::parameter(
                "censored count",
                format!("[{lo}, {hi}]"),
                "need lo <= hi",
            ));
        }
        Ok(Self {
            rows,
            columns,
            cells,
        })
    }
    /// Row labels.
    pub fn rows(&self) -> &[String] {
        &self.rows
    }
    /// Column labels.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// The cell at (row, column).
    ///
    /// # Panics
    /// When out of range, like slice indexing.
    pub fn cell(&self, row: usize, column: usize) -> Count {
        self.cells[row * self.columns.len() + column]
    }
}

/// The minimum cell size rule.
///
/// ```
/// use thb_monitor::disclosure::SuppressionRule;
/// assert_eq!(SuppressionRule::default().k(), 5);
/// assert_eq!(SuppressionRule::ctdc().k(), 11);
/// assert!(SuppressionRule::new(1, false).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SuppressionRule {
    k: u64,
    suppress_zeros: bool,
}

impl Default for SuppressionRule {
    fn default() -> Self {
        Self {
            k: 5,
            suppress_zeros: false,
        }
    }
}

impl SuppressionRule {
    /// Counts below `k` are suppressed (zeros only if `suppress_zeros`).
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for `k < 2`.
    pub fn new(k: u64, suppress_zeros: bool) -> Result<Self> {
        if k < 2 {
            return Err(MonitorError::parameter(
                "k",
                k,
                "a minimum cell size is at least 2",
            ));
        }
        Ok(Self { k, suppress_zeros })
    }
    /// The CTDC preset: k = 11 (its former k-anonymisation threshold).
    pub fn ctdc() -> Self {
        Self {
            k: 11,
            suppress_zeros: false,
        }
    }
    /// The minimum cell size.
    pub fn k(&self) -> u64 {
        self.k
    }
    fn is_primary(&self, v: u64) -> bool {
        v < self.k && (v > 0 || self.suppress_zeros)
    }
}

/// A published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Published {
    /// The exact count.
    Value(u64),
    /// Withheld: `primary` below k, otherwise a complementary (secondary) suppression.
    Suppressed {
        /// Suppressed for its own size.
        primary: bool,
    },
    /// A censored input, published as its interval.
    Censored {
        /// Lowest possible value.
        lo: u64,
        /// Highest possible value.
        hi: u64,
    },
}

impl Published {
    /// The cell as an observation: a value, `Confidential` (Eurostat `c`), or censored.
    pub fn to_observation(self) -> Observation {
        let status = match self {
            Self::Value(v) => ObsStatus::Value(v.into()),
            Self::Suppressed { .. } => ObsStatus::Confidential,
            Self::Censored { lo, hi } => ObsStatus::Censored {
                lo: lo.into(),
                hi: hi.into(),
            },
        };
        Observation {
            status,
            flags: thb_model::Flags::NONE,
        }
    }
}

/// A published total: exact, or an interval when the line holds a censored cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Margin {
    /// The exact total.
    Value(u64),
    /// The total lies in `[lo, hi]`.
    Interval {
        /// Lowest possible total.
        lo: u64,
        /// Highest possible total.
        hi: u64,
    },
}

/// A table ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProtectedTable {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Published>,
    /// Row totals.
    pub row_totals: Vec<Margin>,
    /// Column totals.
    pub column_totals: Vec<Margin>,
    /// Grand total.
    pub total: Margin,
}

impl ProtectedTable {
    /// The published cell at (row, column).
    ///
    /// # Panics
    /// When out of range, like slice indexing.
    pub fn cell(&self, row: usize, column: usize) -> Published {
        self.cells[row * self.columns.len() + column]
    }
    /// Row labels.
    pub fn rows(&self) -> &[String] {
        &self.rows
    }
    /// Column labels.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// Number of cells suppressed for their own size.
    pub fn primary(&self) -> usize {
        self.count(|p| matches!(p, Published::Suppressed { primary: true }))
    }
    /// Number of complementary suppressions.
    pub fn secondary(&self) -> usize {
        self.count(|p| matches!(p, Published::Suppressed { primary: false }))
    }
    fn count(&self, f: impl Fn(&Published) -> bool) -> usize {
        self.cells.iter().filter(|p| f(p)).count()
    }

    /// Writes the table as CSV: a header `label,<columns>,total`, one line per row and a
    /// `total` line. Suppressed cells are `c` (Eurostat's confidential flag); censored cells
    /// `<K` when they start at 1, else `lo-hi`; interval totals `lo-hi`.
    ///
    /// # Errors
    /// [`MonitorError::Write`] when writing fails.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let err = |e: csv::Error| MonitorError::Write {
            message: e.to_string(),
        };
        let mut header = vec!["label".to_owned()];
        header.extend(self.columns.iter().cloned());
        header.push("total".to_owned());
        w.write_record(&header).map_err(err)?;
        for (r, label) in self.rows.iter().enumerate() {
            let mut rec = vec![label.clone()];
            rec.extend((0..self.columns.len()).map(|c| cell_text(self.cell(r, c))));
            rec.push(margin_text(self.row_totals[r]));
            w.write_record(&rec).map_err(err)?;
        }
        let mut rec = vec!["total".to_owned()];
        rec.extend(self.column_totals.iter().map(|m| margin_text(*m)));
        rec.push(margin_text(self.total));
        w.write_record(&rec).map_err(err)?;
        w.flush().map_err(|e| MonitorError::Write {
            message: e.to_string(),
        })
    }
}

fn interval_text(lo: u64, hi: u64) -> String {
    if lo == 1 {
        format!("<{}", hi + 1)
    } else {
        format!("{lo}-{hi}")
    }
}

fn cell_text(p: Published) -> String {
    match p {
        Published::Value(v) => v.to_string(),
        Published::Suppressed { .. } => "c".to_owned(),
        Published::Censored { lo, hi } => interval_text(lo, hi),
    }
}

fn margin_text(m: Margin) -> String {
    match m {
        Margin::Value(v) => v.to_string(),
        Margin::Interval { lo, hi } => format!("{lo}-{hi}"),
    }
}

/// Protects a table: primary suppression below k, then secondary suppression to a fixed point
/// so that no suppressed cell can be derived exactly from the published totals (see the
/// module documentation).
///
/// ```
/// use thb_monitor::disclosure::{protect, Count::Exact, CountTable, Published, SuppressionRule};
/// let t = CountTable::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec!["x".into(), "y".into(), "z".into()],
///     vec![Exact(3), Exact(20), Exact(30),
///          Exact(12), Exact(40), Exact(8),
///          Exact(25), Exact(9), Exact(50)],
/// )?;
/// let p = protect(&t, &SuppressionRule::default())?;
/// assert_eq!(p.cell(0, 0), Published::Suppressed { primary: true });
/// // the cheapest cycle through the 3: 30, 8 and 12 (total 50; via 20 and 9 would cost 54)
/// assert_eq!((p.primary(), p.secondary()), (1, 3));
/// for (r, c) in [(0, 2), (1, 2), (1, 0)] {
///     assert_eq!(p.cell(r, c), Published::Suppressed { primary: false });
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Unprotectable`] when a suppressed cell's margin always reveals it (a table
/// with one row or one column whose other line is exact).
pub fn protect(table: &CountTable, rule: &SuppressionRule) -> Result<ProtectedTable> {
    let (nr, nc) = (table.rows.len(), table.columns.len());
    let mut cells: Vec<Published> = table
        .cells
        .iter()
        .map(|c| match *c {
            Count::Exact(v) if rule.is_primary(v) => Published::Suppressed { primary: true },
            Count::Exact(v) => Published::Value(v),
            Count::Censored { lo, hi } => Published::Censored { lo, hi },
        })
        .collect();
    let censored = |i: usize| matches!(table.cells[i], Count::Censored { .. });
    let row_exact: Vec<bool> = (0..nr)
        .map(|r| (0..nc).all(|c| !censored(r * nc + c)))
        .collect();
    let col_exact: Vec<bool> = (0..nc)
        .map(|c| (0..nr).all(|r| !censored(r * nc + c)))
        .collect();
    // Graph nodes: rows 0..nr, columns nr..nr+nc, the free node nr+nc for inexact lines.
    let free = nr + nc;
    let node_of_row = |r: usize| if row_exact[r] { r } else { free };
    let node_of_col = |c: usize| if col_exact[c] { nr + c } else { free };
    let ends = |i: usize| (node_of_row(i / nc), node_of_col(i % nc));
    loop {
        let suppressed: Vec<usize> = (0..cells.len())
            .filter(|&i| matches!(cells[i], Published::Suppressed { .. }))
            .collect();
        let edges: Vec<(usize, usize)> = suppressed.iter().map(|&i| ends(i)).collect();
        let Some(b) = first_bridge(free + 1, &edges) else {
            break;
        };
        let bridge = suppressed[b];
        match cheapest_closing_path(&cells, bridge, free + 1, ends) {
            Some(path) => {
                for i in path {
                    if let Published::Value(_) = cells[i] {
                        cells[i] = Published::Suppressed { primary: false };
                    }
                }
            }
            None => {
                return Err(MonitorError::Unprotectable {
                    row: table.rows[bridge / nc].clone(),
                    column: table.columns[bridge % nc].clone(),
                });
            }
        }
    }
    let margin = |idx: &mut dyn Iterator<Item = usize>| {
        let (mut lo, mut hi, mut exact) = (0u64, 0u64, true);
        for i in idx {
            match table.cells[i] {
                Count::Exact(v) => {
                    lo = lo.saturating_add(v);
                    hi = hi.saturating_add(v);
                }
                Count::Censored { lo: l, hi: h } => {
                    exact = false;
                    lo = lo.saturating_add(l);
                    hi = hi.saturating_add(h);
                }
            }
        }
        if exact {
            Margin::Value(lo)
        } else {
            Margin::Interval { lo, hi }
        }
    };
    Ok(ProtectedTable {
        row_totals: (0..nr)
            .map(|r| margin(&mut (0..nc).map(|c| r * nc + c)))
            .collect(),
        column_totals: (0..nc)
            .map(|c| margin(&mut (0..nr).map(|r| r * nc + c)))
            .collect(),
        total: margin(&mut (0..nr * nc)),
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        cells,
    })
}

/// The cells of the cheapest path joining the two ends of `bridge` without it: suppressed cells
/// cost nothing, a published count costs its value, a published zero costs more than every
/// positive count together (so positive complements come first). Ties go to the path found
/// first in node order. `None` when no path exists.
fn cheapest_closing_path(
    cells: &[Published],
    bridge: usize,
    n: usize,
    ends: impl Fn(usize) -> (usize, usize),
) -> Option<Vec<usize>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let zero_cost = cells
        .iter()
        .map(|c| match c {
            Published::Value(v) => *v,
            _ => 0,
        })
        .fold(1u64, u64::saturating_add);
    let mut adj: Vec<Vec<(usize, usize, u64)>> = vec![Vec::new(); n];
    for (i, cell) in cells.iter().enumerate() {
        let cost = match cell {
            _ if i == bridge => continue,
            Published::Censored { .. } => continue,
            Published::Suppressed { .. } => 0,
            Published::Value(0) => zero_cost,
            Published::Value(v) => *v,
        };
        let (p, q) = ends(i);
        if p != q {
            adj[p].push((q, i, cost));
            adj[q].push((p, i, cost));
        }
    }
    let (start, goal) = ends(bridge);
    let mut dist = vec![u64::MAX; n];
    let mut via: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    dist[start] = 0;
    heap.push(Reverse((0u64, start)));
    while let Some(Reverse((d, x))) = heap.pop() {
        if d > dist[x] {
            continue;
        }
        if x == goal {
            break;
        }
        for &(y, cell, cost) in &adj[x] {
            let nd = d.saturating_add(cost);
            if nd < dist[y] {
                dist[y] = nd;
                via[y] = Some((x, cell));
                heap.push(Reverse((nd, y)));
            }
        }
    }
    if dist[goal] == u64::MAX {
        return None;
    }
    let mut path = Vec::new();
    let mut x = goal;
    while let Some((prev, cell)) = via[x] {
        path.push(cell);
        x = prev;
    }
    Some(path)
}

/// The first bridge (by edge index) of a multigraph with `n` nodes; loops are never bridges.
fn first_bridge(n: usize, edges: &[(usize, usize)]) -> Option<usize> {
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (id, &(p, q)) in edges.iter().enumerate() {
        if p != q {
            adj[p].push((q, id));
            adj[q].push((p, id));
        }
    }
    let mut tin = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut timer = 0;
    let mut bridges = Vec::new();
    for start in 0..n {
        if tin[start] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, edge used to enter it, next adjacency index).
        let mut stack: Vec<(usize, usize, usize)> = vec![(start, usize::MAX, 0)];
        tin[start] = timer;
        low[start] = timer;
        timer += 1;
        while let Some(top) = stack.last_mut() {
            let (v, via, next) = *top;
            if let Some(&(to, id)) = adj[v].get(next) {
                top.2 += 1;
                if id == via {
                    continue;
                }
                if tin[to] == usize::MAX {
                    tin[to] = timer;
                    low[to] = timer;
                    timer += 1;
                    stack.push((to, id, 0));
                } else {
                    low[v] = low[v].min(tin[to]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[v]);
                    if low[v] > tin[parent] {
                        bridges.push(via);
                    }
                }
            }
        }
    }
    bridges.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(nr: usize, nc: usize, cells: Vec<Count>) -> CountTable {
        CountTable::new(
            (0..nr).map(|r| format!("r{r}")).collect(),
            (0..nc).map(|c| format!("c{c}")).collect(),
            cells,
        )
        .unwrap()
    }

    #[test]
    fn bridges_of_two_joined_cycles() {
        // two 4-cycles (rows 0,1 x cols 0,1 and rows 2,3 x cols 2,3) joined by edge (0, 2)
        let edges = [
            (0, 4),
            (0, 5),
            (1, 4),
            (1, 5),
            (2, 6),
            (2, 7),
            (3, 6),
            (3, 7),
            (0, 6),
        ];
        assert_eq!(first_bridge(8, &edges), Some(8));
        assert_eq!(first_bridge(8, &edges[..8]), None);
        assert_eq!(first_bridge(2, &[(0, 1), (0, 1)]), None);
        assert_eq!(first_bridge(1, &[(0, 0)]), None);
    }

    #[test]
    fn censored_lines_have_interval_totals() {
        use Count::*;
        let t = table(
            2,
            2,
            vec![Censored { lo: 1, hi: 4 }, Exact(20), Exact(30), Exact(40)],
        );
        let p = protect(&t, &SuppressionRule::default()).unwrap();
        assert_eq!(p.row_totals[0], Margin::Interval { lo: 21, hi: 24 });
        assert_eq!(p.row_totals[1], Margin::Value(70));
        assert_eq!(p.total, Margin::Interval { lo: 91, hi: 94 });
        assert_eq!(p.secondary(), 0);
        let mut out = Vec::new();
        p.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "label,c0,c1,total\nr0,<5,20,21-24\nr1,30,40,70\ntotal,31-34,60,91-94\n"
        );
    }

    #[test]
    fn one_row_tables_cannot_be_protected() {
        use Count::*;
        let t = table(1, 3, vec![Exact(2), Exact(20), Exact(30)]);
        assert!(matches!(
            protect(&t, &SuppressionRule::default()),
            Err(MonitorError::Unprotectable { .. })
        ));
        // nothing to suppress: fine
        let t = table(1, 2, vec![Exact(7), Exact(20)]);
        assert_eq!(
            protect(&t, &SuppressionRule::default()).unwrap().primary(),
            0
        );
    }
}
