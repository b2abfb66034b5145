//! Ranking with every tie method, missing values kept missing.

/// How tied values share ranks (R's `ties.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Ties {
    /// Tied values get the best rank of their group ("sport" ranking: 1, 2, 2, 4). The default.
    #[default]
    Min,
    /// Tied values get the worst rank of their group (1, 3, 3, 4).
    Max,
    /// Tied values get the mean rank of their group (1, 2.5, 2.5, 4).
    Average,
    /// Ties broken by input order (1, 2, 3, 4).
    First,
    /// Like `Min` without gaps (1, 2, 2, 3).
    Dense,
}

impl Ties {
    /// Every tie method, for front ends.
    pub const ALL: [Ties; 5] = [
        Ties::Min,
        Ties::Max,
        Ties::Average,
        Ties::First,
        Ties::Dense,
    ];

    /// The method's name as written in the spec.
    pub fn name(self) -> &'static str {
        match self {
            Self::Min => "min",
            Self::Max => "max",
            Self::Average => "average",
            Self::First => "first",
            Self::Dense => "dense",
        }
    }
}

/// Which values rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Order {
    /// The smallest value gets rank 1 (normalisation by rank).
    Ascending,
    /// The largest value gets rank 1 (published ranks: 1 = best).
    #[default]
    Descending,
}

/// Ranks the non-missing values of `x` (`NaN` = missing stays `NaN`), ranks start at 1.
///
/// ```
/// use thb_scoring::rank::{rank, Order, Ties};
/// let r = rank(&[10.0, 20.0, 20.0, f64::NAN, 5.0], Ties::Min, Order::Descending);
/// assert_eq!(&r[..3], &[3.0, 1.0, 1.0]);
/// assert!(r[3].is_nan());
/// assert_eq!(r[4], 4.0);
/// ```
pub fn rank(x: &[f64], ties: Ties, order: Order) -> Vec<f64> {
    let mut out = vec![f64::NAN; x.len()];
    let mut idx: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
    rank_into(x, ties, order, &mut idx, &mut out);
    out
}

/// Like [`rank`], reusing the caller's index buffer and output (no allocation on a hot path).
/// `idx` is overwritten; `out` must have `x.len()` elements.
pub fn rank_into(x: &[f64], ties: Ties, order: Order, idx: &mut Vec<usize>, out: &mut [f64]) {
    idx.clear();
    idx.extend((0..x.len()).filter(|&i| !x[i].is_nan()));
    for (i, v) in x.iter().enumerate() {
        if v.is_nan() {
            out[i] = f64::NAN;
        }
    }
    // Stable sort keeps input order among ties (needed for `First`).
    match order {
        Order::Ascending => idx.sort_by(|&a, &b| x[a].total_cmp(&x[b])),
        Order::Descending => idx.sort_by(|&a, &b| x[b].total_cmp(&x[a])),
    }
    let mut start = 0;
    let mut dense = 0.0;
    while start < idx.len() {
        let mut end = start + 1;
        // total_cmp equality: -0.0 and 0.0 differ there, so compare with ==.
        #[allow(clippy::float_cmp)] // ok: exact ties are what ranking must detect
        while end < idx.len() && x[idx[end]] == x[idx[start]] {
            end += 1;
        }
        dense += 1.0;
        for (k, &i) in idx[start..end].iter().enumerate() {
            out[i] = match ties {
                Ties::Min => (start + 1) as f64,
                Ties::Max => end as f64,
                Ties::Average => (start + 1 + end) as f64 / 2.0,
                Ties::First => (start + k + 1) as f64,
                Ties::Dense => dense,
            };
        }
        start = end;
    }
}

/// Published ranks: 1 = the highest value, ties `min`, missing stays `None`
/// (R `rank(-x, ties.method = "min", na.last = "keep")`).
///
/// ```
/// use thb_scoring::rank::published;
/// assert_eq!(published(&[5.0, 9.0, f64::NAN, 9.0]), [Some(3), Some(1), None, Some(1)]);
/// ```
pub fn published(x: &[f64]) -> Vec<Option<u32>> {
    rank(x, Ties::Min, Order::Descending)
        .into_iter()
        .map(|r| (!r.is_nan()).then_some(r as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tie_method() {
        let x = [1.0, 2.0, 2.0, 3.0];
        let asc = |t| rank(&x, t, Order::Ascending);
        assert_eq!(asc(Ties::Min), [1.0, 2.0, 2.0, 4.0]);
        assert_eq!(asc(Ties::Max), [1.0, 3.0, 3.0, 4.0]);
        assert_eq!(asc(Ties::Average), [1.0, 2.5, 2.5, 4.0]);
        assert_eq!(asc(Ties::First), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(asc(Ties::Dense), [1.0, 2.0, 2.0, 3.0]);
        assert_eq!(rank(&x, Ties::Min, Order::Descending), [4.0, 2.0, 2.0, 1.0]);
    }
}
