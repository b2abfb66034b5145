//! Fragmentation, overlap and duplication of measures, after the US GAO definitions, and the
//! concentration of actors per need.
//!
//! Sources: US GAO (2015) *Fragmentation, Overlap, and Duplication: An Evaluation and
//! Management Guide*, GAO-15-49SP; OECD (2011) *Report on Division of Labour*; Frot & Santiso
//! (2010) *Crushed Aid* (`monitoring-methods.md` §8, §9).
//!
//! GAO definitions (confirmed): **fragmentation** — more than one organisation is involved in
//! the same broad area of need; **overlap** — programmes have similar goals, engage in similar
//! activities or target similar beneficiaries; **duplication** — programmes engage in the same
//! activities or provide the same services to the same beneficiaries.
//!
//! Operationalisation (a project proposal, not a published standard; every threshold is a
//! parameter): each measure is a set per dimension — goals (pillar plus finer goals), activity
//! types, target groups, geography — and a time span. Per dimension the Jaccard similarity
//! `J(A, B) = |A ∩ B| / |A ∪ B|` (**convention: `J = 0` when both sets are empty**); for time,
//! the Jaccard index of the two intervals. A pair is a **duplication** when every dimension
//! reaches its threshold, an **overlap** when goals, activities or target groups reach the
//! overlap threshold (by default only where places and periods are shared). A need
//! (pillar × target group × country) served by two or more actors is **fragmented**; the
//! Herfindahl–Hirschman index `H = Σ s_i²` of the actors' shares measures its concentration
//! (from `1/N` for N equal actors to 1 for a single one).

use std::collections::{BTreeMap, BTreeSet};

use thb_model::{Code, Period, UnitCode};

use crate::error::{MonitorError, Result};
use crate::measures::{Measure, Pillar, Registry, Tag};

/// Jaccard similarity `|A ∩ B| / |A ∪ B|`; 0 when both sets are empty (a convention).
///
/// ```
/// use std::collections::BTreeSet;
/// use thb_monitor::overlap::jaccard;
/// let a: BTreeSet<_> = ["shelter", "legal_aid"].into();
/// let b: BTreeSet<_> = ["shelter", "training", "helpline"].into();
/// assert_eq!(jaccard(&a, &b), 0.25);
/// assert_eq!(jaccard::<&str>(&BTreeSet::new(), &BTreeSet::new()), 0.0);
/// ```
pub fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn span(start: Period, end: Period) -> (f64, f64) {
    let length = match end {
        Period::Year(_) => 1.0,
        Period::Quarter { .. } => 0.25,
    };
    (start.as_years(), end.as_years() + length)
}

/// Jaccard index of two time spans `[start, end]` (inclusive periods: a year lasts one year, a
/// quarter a quarter): shared time over combined time.
///
/// ```
/// use thb_model::Period::Year;
/// use thb_monitor::overlap::time_overlap;
/// assert_eq!(time_overlap((Year(2020), Year(2022)), (Year(2021), Year(2023))), 0.5);
/// assert_eq!(time_overlap((Year(2020), Year(2020)), (Year(2022), Year(2023))), 0.0);
/// ```
pub fn time_overlap(a: (Period, Period), b: (Period, Period)) -> f64 {
    let (a0, a1) = span(a.0, a.1);
    let (b0, b1) = span(b.0, b.1);
    let shared = (a1.min(b1) - a0.max(b0)).max(0.0);
    let combined = a1.max(b1) - a0.min(b0);
    if combined <= 0.0 {
        0.0
    } else {
        shared / combined
    }
}

/// Similarity of two measures per dimension, each on [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Similarity {
    /// Goals: the pillar plus the finer goals.
    pub goals: f64,
    /// Activity types.
    pub activities: f64,
    /// Target groups (beneficiaries).
    pub target_groups: f64,
    /// Countries.
    pub geography: f64,
    /// Time spans.
    pub time: f64,
}

impl Similarity {
    /// The similarity of two measures.
    ///
    /// ```
    /// use thb_model::Location;
    /// use thb_monitor::measures::Registry;
    /// use thb_monitor::overlap::Similarity;
    /// let csv = "id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end\n\
    ///            A,a,X,ngo,GRC,protection,uam,shelter;legal_aid,2020,2021\n\
    ///            B,b,Y,ngo,GRC;ITA,protection,uam,shelter,2021,2022\n";
    /// let reg = Registry::from_csv_str(csv, Location::memory())?;
    /// let s = Similarity::of(&reg.measures[0], &reg.measures[1]);
    /// assert_eq!((s.goals, s.activities, s.target_groups, s.geography), (1.0, 0.5, 1.0, 0.5));
    /// assert!((s.time - 1.0 / 3.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(a: &Measure, b: &Measure) -> Self {
        Self {
            goals: jaccard(&a.goal_set(), &b.goal_set()),
            activities: jaccard(&a.activities, &b.activities),
            target_groups: jaccard(&a.target_groups, &b.target_groups),
            geography: jaccard(&a.countries, &b.countries),
            time: time_overlap((a.start, a.end), (b.start, b.end)),
        }
    }
}

/// Thresholds of the classification (a project proposal, not a published standard).
/// [`Default`]: duplication needs every dimension >= 0.5; overlap needs goals, activities or
/// target groups >= 0.5 with some shared place and time; fragmentation needs 2 actors.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct OverlapThresholds {
    /// Minimum similarity per dimension for a duplication (all must be reached).
    pub duplication: Similarity,
    /// Minimum similarity of goals, activities or target groups for an overlap.
    pub overlap: f64,
    /// Whether an overlap also needs a shared country and a shared period.
    pub overlap_needs_shared_place_and_time: bool,
    /// Number of distinct actors from which a need is fragmented (GAO: more than one).
    pub fragmentation_min_actors: usize,
}

impl Default for OverlapThresholds {
    fn default() -> Self {
        Self {
            duplication: Similarity {
                goals: 0.5,
                activities: 0.5,
                target_groups: 0.5,
                geography: 0.5,
                time: 0.5,
            },
            overlap: 0.5,
            overlap_needs_shared_place_and_time: true,
            fragmentation_min_actors: 2,
        }
    }
}

impl OverlapThresholds {
    /// Checks that every similarity threshold lies in (0, 1] and at least 2 actors are needed.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] naming the first bad threshold.
    pub fn check(&self) -> Result<()> {
        let d = &self.duplication;
        let named = [
            ("duplication.goals", d.goals),
            ("duplication.activities", d.activities),
            ("duplication.target_groups", d.target_groups),
            ("duplication.geography", d.geography),
            ("duplication.time", d.time),
            ("overlap", self.overlap),
        ];
        for (name, v) in named {
            if !(v > 0.0 && v <= 1.0) {
                return Err(MonitorError::parameter(name, v, "must lie in (0, 1]"));
            }
        }
        if self.fragmentation_min_actors < 2 {
            return Err(MonitorError::parameter(
                "fragmentation_min_actors",
                self.fragmentation_min_actors,
                "fragmentation needs at least 2 actors",
            ));
        }
        Ok(())
    }
}

/// How two measures relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Relation {
    /// Same activities for the same beneficiaries, same goals, places and time.
    Duplication,
    /// Similar goals, activities or beneficiaries.
    Overlap,
}

/// A classified pair of measures with the reasons, in words.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PairReport {
    /// The first measure (earlier in the registry).
    pub a: Code,
    /// The second measure.
    pub b: Code,
    /// The similarity per dimension.
    pub similarity: Similarity,
    /// The relation.
    pub relation: Relation,
    /// Why, one sentence per dimension that counted.
    pub reasons: Vec<String>,
}

/// A need (pillar × target group × country) and who serves it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NeedReport {
    /// The pillar.
    pub pillar: Pillar,
    /// The target group.
    pub target_group: Tag,
    /// The country.
    pub country: UnitCode,
    /// The measures serving it, in registry order.
    pub measures: Vec<Code>,
    /// Each actor's share (of budget when every measure has one in a single currency, else of
    /// measures), sorted by actor.
    pub shares: Vec<(String, f64)>,
    /// What the shares are of: `"budget (EUR)"` or `"measures"`.
    pub share_basis: String,
    /// Herfindahl–Hirschman index of the shares.
    pub hhi: f64,
    /// Served by at least `fragmentation_min_actors` actors.
    pub fragmented: bool,
    /// The finding, in words.
    pub reason: String,
}

/// The result of [`analyse`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OverlapReport {
    /// Classified pairs, in registry order.
    pub pairs: Vec<PairReport>,
    /// Clusters of duplicated measures: connected components of the duplication pairs, each
    /// in registry order, ordered by their first member.
    pub clusters: Vec<Vec<Code>>,
    /// Every need served by at least one measure, ordered by pillar, target group, country.
    pub needs: Vec<NeedReport>,
}

impl OverlapReport {
    /// The duplication pairs.
    pub fn duplications(&self) -> impl Iterator<Item = &PairReport> {
        self.pairs
            .iter()
            .filter(|p| p.relation == Relation::Duplication)
    }
}

/// Herfindahl–Hirschman index `Σ s_i²` of the shares `s_i = w_i / Σ w` of non-negative weights
/// (spending or activity per organisation).
///
/// ```
/// use thb_monitor::overlap::hhi;
/// assert_eq!(hhi(&[1.0, 1.0, 1.0, 1.0])?, 0.25);
/// assert_eq!(hhi(&[5.0])?, 1.0);
/// assert!(hhi(&[0.0, 0.0]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a negative or non-finite weight;
/// [`MonitorError::Undefined`] when the weights sum to 0.
pub fn hhi(weights: &[f64]) -> Result<f64> {
    if let Some(w) = weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
        return Err(MonitorError::parameter(
            "weight",
            w,
            "weights must be finite and >= 0",
        ));
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(MonitorError::undefined("HHI", None, "the weights sum to 0"));
    }
    Ok(weights.iter().map(|w| (w / total).powi(2)).sum())
}

/// Classifies every pair of measures, clusters the duplicates and reports the concentration of
/// actors per need (see the module documentation for the rules and their source).
///
/// ```
/// use thb_model::Location;
/// use thb_monitor::measures::Registry;
/// use thb_monitor::overlap::{analyse, OverlapThresholds, Relation};
/// let csv = "id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end\n\
///            A,Shelter,NGO X,ngo,GRC,protection,uam,shelter;legal_aid,2020,2022\n\
///            B,Safe house,NGO Y,ngo,GRC,protection,uam,shelter;legal_aid,2021,2022\n\
///            C,Hotline,Gov,government,ITA,prevention,general_public,helpline,2020,2022\n";
/// let reg = Registry::from_csv_str(csv, Location::memory())?;
/// let report = analyse(&reg, &OverlapThresholds::default())?;
/// assert_eq!(report.pairs.len(), 1);
/// assert_eq!(report.pairs[0].relation, Relation::Duplication);
/// assert_eq!(report.clusters, vec![vec!["A".parse()?, "B".parse()?]]);
/// assert!(report.needs.iter().any(|n| n.fragmented && n.country.as_str() == "GRC"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for invalid thresholds; [`MonitorError::Model`] for a
/// budget with no `f64` form.
pub fn analyse(registry: &Registry, thresholds: &OverlapThresholds) -> Result<OverlapReport> {
    thresholds.check()?;
    let ms = &registry.measures;
    let mut pairs = Vec::new();
    let mut parent: Vec<usize> = (0..ms.len()).collect();
    for i in 0..ms.len() {
        for j in (i + 1)..ms.len() {
            if let Some(p) = classify(&ms[i], &ms[j], thresholds) {
                if p.relation == Relation::Duplication {
                    union(&mut parent, i, j);
                }
                pairs.push(p);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..ms.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut clusters: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    clusters.sort();
    Ok(OverlapReport {
        pairs,
        clusters: clusters
            .into_iter()
            .map(|g| g.into_iter().map(|i| ms[i].id.clone()).collect())
            .collect(),
        needs: needs(ms, thresholds)?,
    })
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    let (lo, hi) = (ra.min(rb), ra.max(rb));
    parent[hi] = lo;
}

fn shared<T: Ord + std::fmt::Display>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> String {
    let s: Vec<String> = a.intersection(b).map(ToString::to_string).collect();
    if s.is_empty() {
        "nothing shared".to_owned()
    } else {
        format!("shared: {}", s.join(", "))
    }
}

fn classify(a: &Measure, b: &Measure, t: &OverlapThresholds) -> Option<PairReport> {
    let s = Similarity::of(a, b);
    let d = &t.duplication;
    let duplication = s.goals >= d.goals
        && s.activities >= d.activities
        && s.target_groups >= d.target_groups
        && s.geography >= d.geography
        && s.time >= d.time;
    let co_located = s.geography > 0.0 && s.time > 0.0;
    let similar = [s.goals, s.activities, s.target_groups]
        .iter()
        .any(|v| *v >= t.overlap);
    let overlap = similar && (co_located || !t.overlap_needs_shared_place_and_time);
    let relation = if duplication {
        Relation::Duplication
    } else if overlap {
        Relation::Overlap
    } else {
        return None;
    };
    let dimensions = [
        (
            "goals",
            s.goals,
            d.goals,
            shared(&a.goal_set(), &b.goal_set()),
        ),
        (
            "activities",
            s.activities,
            d.activities,
            shared(&a.activities, &b.activities),
        ),
        (
            "target groups",
            s.target_groups,
            d.target_groups,
            shared(&a.target_groups, &b.target_groups),
        ),
    ];
    let mut reasons = Vec::new();
    for (name, value, duplication_cut, detail) in dimensions {
        let cut = match relation {
            Relation::Duplication => duplication_cut,
            Relation::Overlap => t.overlap,
        };
        if value >= cut {
            reasons.push(format!(
                "{name} similar (J = {value:.2} >= {cut:.2}; {detail})"
            ));
        }
    }
    if s.geography > 0.0 {
        reasons.push(format!(
            "places shared (J = {:.2}; {})",
            s.geography,
            shared(&a.countries, &b.countries)
        ));
    }
    if s.time > 0.0 {
        reasons.push(format!(
            "periods overlap (J = {:.2}; {}-{} and {}-{})",
            s.time, a.start, a.end, b.start, b.end
        ));
    }
    if let (Some(fa), Some(fb)) = (&a.funder, &b.funder)
        && fa == fb
    {
        reasons.push(format!("same funder ({fa})"));
    }
    if a.actor == b.actor {
        reasons.push(format!("same actor ({})", a.actor));
    }
    Some(PairReport {
        a: a.id.clone(),
        b: b.id.clone(),
        similarity: s,
        relation,
        reasons,
    })
}

fn needs(ms: &[Measure], t: &OverlapThresholds) -> Result<Vec<NeedReport>> {
    let mut by_need: BTreeMap<(Pillar, &Tag, &UnitCode), Vec<&Measure>> = BTreeMap::new();
    for m in ms {
        for g in &m.target_groups {
            for c in &m.countries {
                by_need.entry((m.pillar, g, c)).or_default().push(m);
            }
        }
    }
    let mut out = Vec::new();
    for ((pillar, group, country), serving) in by_need {
        let currencies: BTreeSet<&str> = serving
            .iter()
            .filter_map(|m| m.budget.as_ref().map(|b| b.currency.as_str()))
            .collect();
        let all_budgeted = serving.iter().all(|m| m.budget.is_some()) && currencies.len() == 1;
        let mut weights: BTreeMap<&str, f64> = BTreeMap::new();
        for m in &serving {
            let w = match (&m.budget, all_budgeted) {
                (Some(b), true) => {
                    thb_model::numeric::to_f64(b.amount, country.as_str(), m.id.as_str())?
                }
                _ => 1.0,
            };
            *weights.entry(m.actor.as_str()).or_insert(0.0) += w;
        }
        let share_basis = match (all_budgeted, currencies.first()) {
            (true, Some(c)) => format!("budget ({c})"),
            _ => "measures".to_owned(),
        };
        let raw: Vec<f64> = weights.values().copied().collect();
        // A zero total budget falls back to counting measures.
        let (raw, share_basis) = if raw.iter().sum::<f64>() > 0.0 {
            (raw, share_basis)
        } else {
            (vec![1.0; raw.len()], "measures".to_owned())
        };
        let h = hhi(&raw)?;
        let total: f64 = raw.iter().sum();
        let shares: Vec<(String, f64)> = weights
            .keys()
            .zip(&raw)
            .map(|(a, w)| ((*a).to_owned(), w / total))
            .collect();
        let fragmented = shares.len() >= t.fragmentation_min_actors;
        let reason = if fragmented {
            format!(
                "fragmented: {} actors serve {group} in {country} ({pillar}); HHI {h:.2} on {share_basis}",
                shares.len()
            )
        } else {
            format!("one actor serves {group} in {country} ({pillar})")
        };
        out.push(NeedReport {
            pillar,
            target_group: group.clone(),
            country: country.clone(),
            measures: serving.iter().map(|m| m.id.clone()).collect(),
            shares,
            share_basis,
            hhi: h,
            fragmented,
            reason,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use thb_model::Location;

    fn registry(rows: &str) -> Registry {
        let head = "id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end,funder,budget,currency\n";
        Registry::from_csv_str(&format!("{head}{rows}"), Location::memory()).unwrap()
    }

    #[test]
    fn overlap_needs_shared_place_unless_told_otherwise() {
        let reg = registry(
            "A,a,X,ngo,GRC,protection,uam,shelter,2020,2022,,,\n\
             B,b,Y,ngo,ITA,protection,uam,shelter,2020,2022,,,\n",
        );
        assert!(
            analyse(&reg, &OverlapThresholds::default())
                .unwrap()
                .pairs
                .is_empty()
        );
        let t = OverlapThresholds {
            overlap_needs_shared_place_and_time: false,
            ..OverlapThresholds::default()
        };
        let r = analyse(&reg, &t).unwrap();
        assert_eq!(r.pairs.len(), 1);
        assert_eq!(r.pairs[0].relation, Relation::Overlap);
        assert!(r.clusters.is_empty());
    }

    #[test]
    fn budgets_weigh_actors() {
        let reg = registry(
            "A,a,X,ngo,GRC,protection,uam,shelter,2020,2022,EU,300,EUR\n\
             B,b,Y,ngo,GRC,protection,uam,training,2020,2022,EU,100,EUR\n",
        );
        let r = analyse(&reg, &OverlapThresholds::default()).unwrap();
        let need = &r.needs[0];
        assert_eq!(need.share_basis, "budget (EUR)");
        assert_eq!(need.shares, vec![("X".into(), 0.75), ("Y".into(), 0.25)]);
        approx::assert_relative_eq!(need.hhi, 0.625);
        assert!(need.fragmented);
        // goals and groups are the same: an overlap, not a duplication (activities differ)
        assert_eq!(r.pairs[0].relation, Relation::Overlap);
        assert!(r.pairs[0].reasons.iter().any(|s| s == "same funder (EU)"));
        let t = OverlapThresholds {
            fragmentation_min_actors: 1,
            ..OverlapThresholds::default()
        };
        assert!(analyse(&reg, &t).is_err());
    }

    #[test]
    fn clusters_are_connected_components() {
        let reg = registry(
            "A,a,X,ngo,GRC,protection,uam,shelter,2020,2022,,,\n\
             B,b,Y,ngo,GRC,protection,uam,shelter,2020,2022,,,\n\
             C,c,Z,ngo,GRC,protection,uam,shelter,2020,2022,,,\n\
             D,d,W,government,FRA,prosecution,professionals,training,2015,2016,,,\n",
        );
        let r = analyse(&reg, &OverlapThresholds::default()).unwrap();
        assert_eq!(r.duplications().count(), 3);
        assert_eq!(r.clusters.len(), 1);
        assert_eq!(r.clusters[0].len(), 3);
    }
}
