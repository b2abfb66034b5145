//! The remove-one-element what-if (COINr `remove_elements`): set one element's weight to 0,
//! re-aggregate, and compare the ranks with the nominal ones.

use crate::aggregate::{Aggregate, AggregateScratch, aggregate_into};
use crate::error::Result;
use crate::pipeline::{Pipeline, StageData};
use crate::rank::published;

/// What removing one element does to the index ranks.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RemoveOne {
    /// The element removed (weight set to 0).
    pub element: String,
    /// The index ranks without it (1 = best; `None` when missing).
    pub ranks: Vec<Option<u32>>,
    /// |nominal rank - new rank| per unit (`None` when either is missing).
    pub shifts: Vec<Option<u32>>,
    /// Mean absolute rank shift over the units with both ranks.
    pub mean_abs_shift: Option<f64>,
}

/// For every scored node at `level` (1 = indicators), its weight is set to 0 and the
/// normalised data (from [`Pipeline::normalise`]) re-aggregated; an aggregate whose every
/// child weighs 0 becomes missing and is dropped by its parent. Returns the nominal ranks and
/// one [`RemoveOne`] per element, in framework order.
///
/// ```
/// use thb_scoring::analysis::remove_one;
/// use thb_scoring::{IndexSpec, Pipeline};
/// use thb_model::io::{read_idata_str, read_imeta_str};
/// use thb_model::{Location, Period};
/// let fw = read_imeta_str("iCode,Level,Parent,Type\na,1,I,Indicator\nb,1,I,Indicator\nI,2,,Aggregate\n", Location::memory())?;
/// let ds = read_idata_str("uCode,a,b\nAUT,1,9\nBEL,2,1\nCHE,3,5\n", Location::memory(), &fw, Period::Year(2024))?;
/// let p = Pipeline::new(&fw, &ds, &IndexSpec::default())?;
/// let normalised = p.normalise(&p.treat(&p.screen(&p.impute(&p.denominate(&p.prepare(Period::Year(2024))?)?)?.0)?.0)?.0)?;
/// let (nominal, what_if) = remove_one(&p, &normalised, 1)?;
/// assert_eq!(nominal, [Some(2), Some(3), Some(1)]);
/// assert_eq!(what_if[0].element, "a");
/// assert_eq!(what_if[0].ranks, [Some(1), Some(3), Some(2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// The aggregation's error, naming aggregate and unit.
pub fn remove_one<N, A: Aggregate, I, T>(
    pipeline: &Pipeline<'_, N, A, I, T>,
    normalised: &StageData,
    level: u32,
) -> Result<(Vec<Option<u32>>, Vec<RemoveOne>)> {
    let mut scratch = AggregateScratch::default();
    let mut run = |w: &[f64]| -> Result<Vec<Option<u32>>> {
        let root = aggregate_into(
            normalised.matrix(),
            normalised.labels(),
            pipeline.plan(),
            w,
            pipeline.aggregations(),
            &mut scratch,
        )?;
        Ok(published(root))
    };
    let nominal = run(pipeline.weights())?;
    let mut weights = pipeline.weights().to_vec();
    let mut out = Vec::new();
    for (i, node) in pipeline.framework().nodes().iter().enumerate() {
        if node.level != level || !node.is_scored() || i == pipeline.plan().root() {
            continue;
        }
        let saved = weights[i];
        weights[i] = 0.0;
        let ranks = run(&weights)?;
        weights[i] = saved;
        let shifts: Vec<Option<u32>> = nominal
            .iter()
            .zip(&ranks)
            .map(|(a, b)| Some(a.as_ref()?.abs_diff(*b.as_ref()?)))
            .collect();
        let present: Vec<u32> = shifts.iter().flatten().copied().collect();
        let mean_abs_shift = (!present.is_empty())
            .then(|| f64::from(present.iter().sum::<u32>()) / present.len() as f64);
        out.push(RemoveOne {
            element: node.code.as_str().to_owned(),
            ranks,
            shifts,
            mean_abs_shift,
        });
    }
    Ok((nominal, out))
}
