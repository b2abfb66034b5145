//! Property tests: writing a dataset (long CSV, JSON) or a framework (JSON) and reading it
//! back gives an equal value.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may panic

use std::collections::BTreeMap;

use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use rust_decimal::Decimal;
use thb_model::io;
use thb_model::{Dataset, Flag, Flags, Location, ObsStatus, Observation, Period, Unit};

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1000..=9999_i32).prop_map(Period::Year),
        (1000..=9999_i32, 1..=4_u8).prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
    ]
}

fn flags() -> impl Strategy<Value = Flags> {
    vec(any::<bool>(), Flag::ALL.len()).prop_map(|on| {
        let mut f = Flags::NONE;
        for (flag, on) in Flag::ALL.into_iter().zip(on) {
            if on {
                f.insert(flag);
            }
        }
        f
    })
}

/// A status the long CSV can hold (censored counts as `<K`).
fn csv_status() -> BoxedStrategy<ObsStatus> {
    prop_oneof![
        4 => any::<Decimal>().prop_map(ObsStatus::Value),
        1 => Just(ObsStatus::NotAvailable),
        1 => Just(ObsStatus::Confidential),
        1 => Just(ObsStatus::NotApplicable),
        1 => (2_u32..100_000).prop_map(|k| ObsStatus::Censored { lo: Decimal::ONE, hi: Decimal::from(k - 1) }),
    ]
    .boxed()
}

/// Any status, censored intervals included.
fn any_status() -> BoxedStrategy<ObsStatus> {
    prop_oneof![
        4 => csv_status(),
        1 => (any::<Decimal>(), any::<Decimal>()).prop_map(|(a, b)| ObsStatus::Censored { lo: a.min(b), hi: a.max(b) }),
    ]
    .boxed()
}

/// Display text: not empty, no surrounding spaces (readers trim cells), with characters
/// that need quoting in CSV and escaping in JSON.
fn label() -> impl Strategy<Value = String> {
    "[A-Za-zé\u{4e2d}0-9][A-Za-z0-9 ,;\"'\u{e9}\\\\/:<>\n\t-]{0,12}[A-Za-z0-9é)]"
}

fn unit() -> impl Strategy<Value = (String, Option<String>, BTreeMap<String, String>)> {
    (
        "[A-Z]{2,3}|EU27_2020|[A-Z]{2}[0-9]-[a-z]{1,3}",
        option::of(label()),
        proptest::collection::btree_map(
            prop_oneof!["region_group", "Size", "income level"],
            label(),
            0..3,
        ),
    )
}

fn dataset(status: fn() -> BoxedStrategy<ObsStatus>) -> impl Strategy<Value = Dataset> {
    (
        vec(unit(), 1..5),
        btree_set("[A-Za-z][A-Za-z0-9_.-]{0,8}", 1..5),
        btree_set(period(), 1..4),
    )
        .prop_flat_map(move |(units, columns, periods)| {
            let n = units.len() * columns.len() * periods.len();
            let cells = vec((status(), flags()), n);
            (Just(units), Just(columns), Just(periods), cells)
        })
        .prop_filter_map(
            "unit codes must be distinct",
            |(units, columns, periods, cells)| {
                let units: Vec<Unit> = units
                    .into_iter()
                    .map(|(code, name, groups)| {
                        let mut u = Unit::new(&code).ok()?;
                        u.name = name;
                        u.groups = groups;
                        Some(u)
                    })
                    .collect::<Option<_>>()?;
                let columns = columns
                    .into_iter()
                    .map(|c| c.parse().ok())
                    .collect::<Option<Vec<_>>>()?;
                let mut ds = Dataset::new(units, columns, periods).ok()?;
                let (nu, nc, np) = (ds.units().len(), ds.columns().len(), ds.periods().len());
                let mut cells = cells.into_iter();
                for p in 0..np {
                    for u in 0..nu {
                        for c in 0..nc {
                            let (status, flags) = cells.next()?;
                            ds.set_at(u, c, p, Observation { status, flags }).ok()?;
                        }
                    }
                }
                Some(ds)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn long_csv_round_trips(ds in dataset(csv_status)) {
        let mut out = Vec::new();
        io::write_long_csv(&ds, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let back = io::read_long_csv_str(&text, Location::memory());
        prop_assert_eq!(back.as_ref().ok(), Some(&ds), "{}\n{:?}", text, back);
    }

    #[test]
    fn long_csv_rejects_intervals_it_cannot_write(ds in dataset(any_status)) {
        let writable = ds.observations().all(|(_, _, _, o)| match &o.status {
            ObsStatus::Censored { lo, hi } => *lo == Decimal::ONE && hi.fract().is_zero() && *hi >= Decimal::ONE,
            _ => true,
        });
        let mut out = Vec::new();
        prop_assert_eq!(io::write_long_csv(&ds, &mut out).is_ok(), writable);
        if !writable {
            prop_assert!(out.is_empty());
        }
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use thb_model::{ColumnKind, Direction, Framework, Goalposts, Node, Role};

    fn finite() -> impl Strategy<Value = f64> {
        any::<f64>().prop_filter("finite", |x| x.is_finite())
    }

    /// Optional metadata of a node: name, unit, source, target, target period, decimals,
    /// goalposts, direction.
    #[allow(clippy::type_complexity)]
    fn extras() -> impl Strategy<
        Value = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<f64>,
            Option<Period>,
            Option<u32>,
            Option<(f64, f64, Option<f64>, Option<bool>)>,
            bool,
        ),
    > {
        (
            option::of(any::<String>()),
            option::of(label()),
            option::of(label()),
            option::of(finite()),
            option::of(period()),
            option::of(0_u32..10),
            option::of((
                finite(),
                finite(),
                option::of(finite()),
                option::of(any::<bool>()),
            )),
            any::<bool>(),
        )
    }

    fn framework() -> impl Strategy<Value = Framework> {
        (
            2_u32..=4,
            vec(1_usize..=3, 3),
            1_usize..=4,
            0_usize..=2,
            vec((extras(), 0.0_f64..1e6), 24),
            any::<bool>(),
        )
            .prop_filter_map(
                "valid tree",
                |(levels, widths, extra_indicators, contexts, meta, with_columns)| {
                    // widths[l] aggregates at level l + 2 (below the root), never fewer than above.
                    let mut counts = vec![1_usize; levels as usize + 1];
                    for level in (2..levels).rev() {
                        let l = level as usize;
                        counts[l] = widths[l - 2].max(counts[l + 1]);
                    }
                    counts[1] = counts[2] + extra_indicators;
                    let name = |level: usize, k: usize| {
                        if level == levels as usize {
                            "Index".to_owned()
                        } else {
                            format!("L{level}_{k}")
                        }
                    };
                    let mut meta = meta.into_iter();
                    let mut nodes = Vec::new();
                    for level in 1..=levels as usize {
                        for k in 0..counts[level] {
                            let parent = (level < levels as usize)
                                .then(|| name(level + 1, k % counts[level + 1]));
                            let (
                                (
                                    label,
                                    unit,
                                    source,
                                    target,
                                    target_period,
                                    decimals,
                                    goalposts,
                                    negative,
                                ),
                                weight,
                            ) = meta.next()?;
                            let mut node = if level == 1 {
                                Node::indicator(&name(1, k), parent.as_deref()?).ok()?
                            } else {
                                Node::aggregate(&name(level, k), level as u32, parent.as_deref())
                                    .ok()?
                            };
                            node.name = label;
                            node.unit = unit;
                            node.source = source;
                            node.target = target;
                            node.target_period = target_period;
                            node.decimals = decimals;
                            node.weight = weight;
                            if level == 1 {
                                node.direction = if negative {
                                    Direction::Negative
                                } else {
                                    Direction::Positive
                                };
                                if let Some((a, b, scale, truncate)) = goalposts
                                    && let Ok(mut g) = Goalposts::new(a.min(b), a.max(b))
                                {
                                    g.scale = scale;
                                    g.truncate = truncate;
                                    node.goalposts = Some(g);
                                }
                            }
                            nodes.push(node);
                        }
                    }
                    for k in 0..contexts {
                        let parent = (k == 1).then(|| name(2, 0));
                        let mut node = Node::context(&format!("ctx{k}"), parent.as_deref()).ok()?;
                        node.role = Role::Context;
                        nodes.push(node);
                    }
                    let mut columns = BTreeMap::new();
                    if with_columns {
                        columns.insert("Pop".parse().ok()?, ColumnKind::Denominator);
                        columns.insert("Region_group".parse().ok()?, ColumnKind::Group);
                        columns.insert("Note".parse().ok()?, ColumnKind::Other);
                        nodes[0].denominator = Some("Pop".parse().ok()?);
                    }
                    Framework::with_columns(nodes, columns, &[]).ok()
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn dataset_json_round_trips(ds in dataset(any_status), source in option::of(any::<String>())) {
            let mut ds = ds;
            if let Some(source) = source {
                ds.set_source(source);
            }
            let mut out = Vec::new();
            io::write_dataset_json(&ds, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let back = io::read_dataset_json_str(&text, Location::memory());
            prop_assert_eq!(back.as_ref().ok(), Some(&ds), "{}\n{:?}", text, back);
        }

        #[test]
        fn framework_json_round_trips(fw in framework()) {
            let mut out = Vec::new();
            io::write_framework_json(&fw, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let back = io::read_framework_json_str(&text, Location::memory());
            prop_assert_eq!(back.as_ref().ok(), Some(&fw), "{}\n{:?}", text, back);
        }

        #[test]
        fn dimension_map_json_round_trips(rules in vec(("[A-Z][A-Z0-9_]{0,6}", proptest::collection::btree_map("[a-z_]{1,6}", any::<String>(), 1..3)), 1..5)) {
            let rules: Vec<io::MappingRule> = rules
                .into_iter()
                .map(|(code, when)| io::MappingRule { indicator: code.parse().unwrap(), name: None, when })
                .collect();
            if let Ok(map) = io::DimensionMap::new(rules) {
                let back = io::DimensionMap::from_json_str(&map.to_json().unwrap(), Location::memory());
                prop_assert_eq!(back.ok(), Some(map));
            }
        }
    }
}
