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
    for (i, v) in x.iter().enumerate() {
        if v.is_nan() {
            out[i] = f64::NAN;
        } else {
            idx.push(i);
        }
    }
    if !sort_indices(x, order, idx) {
        // No two values are equal: every tie method gives the sorted position.
        for (p, &i) in idx.iter().enumerate() {
            out[i] = (p + 1) as f64;
        }
        return;
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

/// Sorts the indices in `idx` by value in `order`, ties by index (input order, needed for
/// `First`): the same permutation as a stable sort, about twice as fast. Returns whether some
/// values may be equal (`false` guarantees they are all distinct).
///
/// Each index is packed with its value into one `u64` sort key: the value's order-preserving
/// bit pattern with its lowest bits replaced by the index. Sorting these integers orders the
/// values up to those dropped bits; runs of keys whose value parts are equal (near-equal or
/// equal values) are then re-sorted exactly. On targets where `usize` is not 64 bits, a
/// comparison sort does it all.
fn sort_indices(x: &[f64], order: Order, idx: &mut [usize]) -> bool {
    let exact = |a: &usize, b: &usize| {
        let by_value = match order {
            Order::Ascending => x[*a].total_cmp(&x[*b]),
            Order::Descending => x[*b].total_cmp(&x[*a]),
        };
        by_value.then(a.cmp(b))
    };
    if usize::BITS != 64 || idx.len() < 2 {
        idx.sort_unstable_by(exact);
        return idx.len() >= 2;
    }
    let index_bits = usize::BITS - x.len().leading_zeros();
    let index_mask = (1u64 << index_bits) - 1;
    let value_key = |v: f64| {
        // Flip so that the unsigned order of the bits is the order of the values; `+ 0.0`
        // turns -0.0 into 0.0, which ranking treats as equal.
        let b = (v + 0.0).to_bits();
        let ascending = if b >> 63 == 1 { !b } else { b | (1 << 63) };
        match order {
            Order::Ascending => ascending,
            Order::Descending => !ascending,
        }
    };
    for i in idx.iter_mut() {
        // ok: usize is 64 bits here, so the casts are lossless.
        *i = ((value_key(x[*i]) & !index_mask) | *i as u64) as usize;
    }
    idx.sort_unstable();
    let value_part = |k: usize| k as u64 & !index_mask;
    let near_equal = idx.windows(2).any(|w| value_part(w[0]) == value_part(w[1]));
    if !near_equal {
        for i in idx.iter_mut() {
            *i = (*i as u64 & index_mask) as usize;
        }
        return false;
    }
    let mut start = 0;
    while start < idx.len() {
        let mut end = start + 1;
        while end < idx.len() && value_part(idx[end]) == value_part(idx[start]) {
            end += 1;
        }
        for i in &mut idx[start..end] {
            *i = (*i as u64 & index_mask) as usize;
        }
        if end - start > 1 {
            idx[start..end].sort_unstable_by(exact);
        }
        start = end;
    }
    true
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

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition: a stable comparison sort, then the tie rule.
    fn reference(x: &[f64], ties: Ties, order: Order) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
        match order {
            Order::Ascending => idx.sort_by(|&a, &b| x[a].total_cmp(&x[b])),
            Order::Descending => idx.sort_by(|&a, &b| x[b].total_cmp(&x[a])),
        }
        let mut sorted_pos = vec![0usize; x.len()];
        for (p, &i) in idx.iter().enumerate() {
            sorted_pos[i] = p;
        }
        x.iter()
            .enumerate()
            .map(|(i, v)| {
                if v.is_nan() {
                    return f64::NAN;
                }
                #[allow(clippy::float_cmp)] // ok: exact ties
                let group: Vec<usize> = idx.iter().copied().filter(|&j| x[j] == *v).collect();
                let first = group.iter().map(|&j| sorted_pos[j]).min().unwrap_or(0) + 1;
                let last = group.iter().map(|&j| sorted_pos[j]).max().unwrap_or(0) + 1;
                let mut distinct: Vec<f64> = idx.iter().map(|&j| x[j]).collect();
                #[allow(clippy::float_cmp)] // ok: exact ties
                distinct.dedup_by(|a, b| a == b);
                #[allow(clippy::float_cmp)] // ok: exact ties
                let dense = distinct.iter().position(|d| d == v).unwrap_or(0) + 1;
                match ties {
                    Ties::Min => first as f64,
                    Ties::Max => last as f64,
                    Ties::Average => (first + last) as f64 / 2.0,
                    Ties::First => (sorted_pos[i] + 1) as f64,
                    Ties::Dense => dense as f64,
                }
            })
            .collect()
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -1e3..1e3f64,
            2 => (0..5i32).prop_map(f64::from), // many ties
            1 => Just(f64::NAN),
            1 => Just(0.0),
            // Values one or two ulps apart: equal in the packed sort key's value part.
            2 => (0..3u64).prop_map(|k| f64::from_bits(1.0f64.to_bits() + k)),
            1 => Just(-0.0),
            1 => prop_oneof![Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(1e300), Just(-1e300)],
        ]
    }

    proptest! {
        #[test]
        fn rank_into_matches_the_definition(x in prop::collection::vec(value(), 0..300)) {
            let mut idx = Vec::new();
            let mut out = vec![0.0; x.len()];
            for ties in Ties::ALL {
                for order in [Order::Ascending, Order::Descending] {
                    rank_into(&x, ties, order, &mut idx, &mut out);
                    let want = reference(&x, ties, order);
                    for (g, w) in out.iter().zip(&want) {
                        prop_assert!(g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
                            "{ties:?} {order:?}: {out:?} vs {want:?}");
                    }
                }
            }
        }
    }
}
