//! Child and unaccompanied-minor (UAM) monitoring: child shares and rates, and alert rules that
//! a monitoring front end can evaluate and explain.
//!
//! Sources: `monitoring-methods.md` §9 (catalogue UAM01–UAM06, `thb-domain.md` §3):
//! UAM01 child share of registered victims = victims aged 0–17 ÷ all registered victims (state
//! how unknown age is treated: [`UnknownAge`]); UAM02 child referrals per 100 000 resident
//! children; UAM04 UAMs applying for asylum per 100 000 population; UAM05 UAMs reported missing
//! from reception or care per 100 received ([`rate_per`]). Counts of victims are
//! identification-intensity measures, not prevalence.
//!
//! Alert rules are data (serde, externally tagged conditions) so that a front end can store,
//! show and evaluate them; every evaluation carries a sentence explaining the outcome. The
//! thresholds in a rule are the user's choice: no published standard fixes them.

use std::fmt::Write;

use thb_model::Period;
use thb_scoring::stats;

use crate::error::{MonitorError, Result};
use crate::series::{Series, lag_period, ratio};

/// How records of unknown age enter a child share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UnknownAge {
    /// Left out: children ÷ (children + adults), the share among records of known age.
    #[default]
    Exclude,
    /// Kept in the denominator: children ÷ (children + adults + unknown), a lower bound.
    InDenominator,
}

/// The child share (UAM01) of counts by age group.
///
/// ```
/// use thb_monitor::children::{child_share, UnknownAge};
/// assert_eq!(child_share(30.0, 60.0, 10.0, UnknownAge::Exclude)?, 1.0 / 3.0);
/// assert_eq!(child_share(30.0, 60.0, 10.0, UnknownAge::InDenominator)?, 0.3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a negative or non-finite count;
/// [`MonitorError::Undefined`] when the denominator is 0.
pub fn child_share(children: f64, adults: f64, unknown: f64, policy: UnknownAge) -> Result<f64> {
    for v in [children, adults, unknown] {
        if !v.is_finite() || v < 0.0 {
            return Err(MonitorError::parameter(
                "count",
                v,
                "counts must be finite and >= 0",
            ));
        }
    }
    let total = children
        + adults
        + match policy {
            UnknownAge::Exclude => 0.0,
            UnknownAge::InDenominator => unknown,
        };
    ratio(children, total).ok_or_else(|| {
        MonitorError::undefined("child share", Some("UAM01"), "no record of known age")
    })
}

/// A child share per period, for every period where children and adults (and, with
/// [`UnknownAge::InDenominator`], unknown age) are all present.
///
/// # Errors
/// As [`child_share`].
pub fn child_share_series(
    children: &Series,
    adults: &Series,
    unknown: Option<&Series>,
    policy: UnknownAge,
) -> Result<Series> {
    let mut out = Series::new(format!("{} share", children.name()));
    for (p, c) in children.iter() {
        let Some(a) = adults.get(p) else { continue };
        let u = match (policy, unknown) {
            (UnknownAge::Exclude, _) => 0.0,
            (UnknownAge::InDenominator, Some(s)) => match s.get(p) {
                Some(u) => u,
                None => continue,
            },
            (UnknownAge::InDenominator, None) => {
                return Err(MonitorError::parameter(
                    "unknown",
                    "none",
                    "UnknownAge::InDenominator needs the unknown-age series",
                ));
            }
        };
        out.insert(p, child_share(c, a, u, policy)?)?;
    }
    Ok(out)
}

/// `count / base × per`: a rate per `per` units of `base` (UAM02 per 100 000 children, UAM05
/// missing per 100 received).
///
/// ```
/// use thb_monitor::children::rate_per;
/// assert_eq!(rate_per(12.0, 400.0, 100.0)?, 3.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a negative or non-finite input or `per <= 0`;
/// [`MonitorError::Undefined`] when `base` is 0.
pub fn rate_per(count: f64, base: f64, per: f64) -> Result<f64> {
    if !(count.is_finite() && base.is_finite() && per.is_finite())
        || count < 0.0
        || base < 0.0
        || per <= 0.0
    {
        return Err(MonitorError::parameter(
            "rate inputs",
            format!("{count} / {base} x {per}"),
            "need finite count >= 0, base >= 0 and per > 0",
        ));
    }
    ratio(count, base)
        .map(|r| r * per)
        .ok_or_else(|| MonitorError::undefined("rate", None, "the base is 0"))
}

/// When an alert fires, judged at the latest period of a series (or a chosen period).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Condition {
    /// The value is above `threshold` (e.g. UAMs missing from care per 100 received > 10).
    Above {
        /// The threshold.
        threshold: f64,
    },
    /// The value is below `threshold` (e.g. guardian appointed in time < 90 %).
    Below {
        /// The threshold.
        threshold: f64,
    },
    /// The value rose by more than `percent` % compared with `lag` periods before (1 = the
    /// previous period; 4 = the same quarter a year before).
    RiseAbove {
        /// The rise, in percent.
        percent: f64,
        /// How many periods back the reference is.
        lag: u32,
    },
    /// The value rose by more than `percent` % above the mean of the `window` periods before it.
    RiseAboveMean {
        /// The rise, in percent.
        percent: f64,
        /// Number of earlier periods averaged.
        window: u32,
    },
}

/// An alert rule: a condition on a named series.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use thb_monitor::children::{AlertRule, Condition};
/// let rule: AlertRule = serde_json::from_str(r#"{
///   "id": "child-referrals-rise", "series": "child_referrals",
///   "description": "Child referrals up by more than 20 % on the same quarter last year",
///   "condition": {"rise_above": {"percent": 20.0, "lag": 4}}
/// }"#)?;
/// assert_eq!(rule.condition, Condition::RiseAbove { percent: 20.0, lag: 4 });
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct AlertRule {
    /// Identifier.
    pub id: String,
    /// The series the rule watches (its [`Series::name`]).
    pub series: String,
    /// What the rule is about, in words.
    pub description: String,
    /// When it fires.
    pub condition: Condition,
}

/// The outcome of an alert rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AlertStatus {
    /// The condition holds.
    Triggered,
    /// The condition does not hold.
    Clear,
    /// The data needed are missing.
    NoData,
}

/// An evaluated alert, with its explanation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AlertResult {
    /// The rule.
    pub rule: String,
    /// The outcome.
    pub status: AlertStatus,
    /// The period judged.
    pub period: Option<Period>,
    /// The value judged.
    pub value: Option<f64>,
    /// The reference it was compared with (earlier value or mean), for rises.
    pub reference: Option<f64>,
    /// One sentence saying why.
    pub explanation: String,
}

impl AlertRule {
    /// Checks the rule's parameters.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a non-finite threshold or percent, a lag or window
    /// of 0, or an empty id or series name.
    pub fn check(&self) -> Result<()> {
        let bad = |name, value: String, reason| Err(MonitorError::parameter(name, value, reason));
        if self.id.trim().is_empty() || self.series.trim().is_empty() {
            return bad(
                "rule",
                self.id.clone(),
                "a rule needs an id and a series name",
            );
        }
        match self.condition {
            Condition::Above { threshold } | Condition::Below { threshold }
                if !threshold.is_finite() =>
            {
                bad("threshold", threshold.to_string(), "must be finite")
            }
            Condition::RiseAbove { percent, lag } if !percent.is_finite() || lag == 0 => bad(
                "rise_above",
                format!("{percent} %, lag {lag}"),
                "need a finite percent and lag >= 1",
            ),
            Condition::RiseAboveMean { percent, window } if !percent.is_finite() || window == 0 => {
                bad(
                    "rise_above_mean",
                    format!("{percent} %, window {window}"),
                    "need a finite percent and window >= 1",
                )
            }
            _ => Ok(()),
        }
    }

    /// Evaluates the rule on `series` at `at` (default: the series' latest period).
    ///
    /// ```
    /// use thb_model::Period;
    /// use thb_monitor::children::{AlertRule, AlertStatus, Condition};
    /// use thb_monitor::series::Series;
    /// let rule = AlertRule { id: "r".into(), series: "uam_missing_per_100".into(),
    ///     description: "UAMs missing from care".into(), condition: Condition::Above { threshold: 10.0 } };
    /// let s = Series::from_points("uam_missing_per_100", [(Period::Year(2022), 8.0), (Period::Year(2023), 12.5)])?;
    /// let r = rule.evaluate(&s, None)?;
    /// assert_eq!(r.status, AlertStatus::Triggered);
    /// assert_eq!(r.explanation, "uam_missing_per_100 is 12.5 in 2023, above the alert threshold 10");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`AlertRule::check`].
    pub fn evaluate(&self, series: &Series, at: Option<Period>) -> Result<AlertResult> {
        self.check()?;
        let name = series.name();
        let point = match at {
            Some(p) => series.get(p).map(|v| (p, v)),
            None => series.latest(),
        };
        let mut result = AlertResult {
            rule: self.id.clone(),
            status: AlertStatus::NoData,
            period: point.map(|(p, _)| p),
            value: point.map(|(_, v)| v),
            reference: None,
            explanation: String::new(),
        };
        let Some((period, value)) = point else {
            result.explanation = match at {
                Some(p) => format!("{name} has no value in {p}"),
                None => format!("{name} has no value"),
            };
            return Ok(result);
        };
        let v = fmt(value);
        match self.condition {
            Condition::Above { threshold } | Condition::Below { threshold } => {
                let above = matches!(self.condition, Condition::Above { .. });
                let fires = if above {
                    value > threshold
                } else {
                    value < threshold
                };
                let side = match (above, fires) {
                    (true, true) => "above the alert threshold",
                    (true, false) => "not above the alert threshold",
                    (false, true) => "below the alert threshold",
                    (false, false) => "not below the alert threshold",
                };
                result.status = status(fires);
                result.explanation =
                    format!("{name} is {v} in {period}, {side} {}", fmt(threshold));
            }
            Condition::RiseAbove { percent, lag } => {
                let before = lag_period(period, lag);
                let Some(reference) = series.get(before) else {
                    result.explanation =
                        format!("{name} has no value in {before} to compare {period} with");
                    return Ok(result);
                };
                result.reference = Some(reference);
                let what = format!(
                    "{name} went from {} in {before} to {v} in {period}",
                    fmt(reference)
                );
                self.judge_rise(&mut result, value, reference, percent, what);
            }
            Condition::RiseAboveMean { percent, window } => {
                let earlier: Vec<f64> = (1..=window)
                    .map(|k| series.get(lag_period(period, k)))
                    .collect::<Option<_>>()
                    .unwrap_or_default();
                let Some(mean) = stats::mean(&earlier) else {
                    result.explanation = format!(
                        "{name} lacks the {window} values before {period} needed for the mean"
                    );
                    return Ok(result);
                };
                result.reference = Some(mean);
                let what = format!(
                    "{name} is {v} in {period} against a mean of {} over the {window} periods before",
                    fmt(mean)
                );
                self.judge_rise(&mut result, value, mean, percent, what);
            }
        }
        Ok(result)
    }

    fn judge_rise(
        &self,
        result: &mut AlertResult,
        value: f64,
        reference: f64,
        percent: f64,
        what: String,
    ) {
        let mut text = what;
        let fires = if reference == 0.0 {
            let _ = write!(
                text,
                "; a rise from 0 is an unbounded percentage, counted as above {}%",
                fmt(percent)
            );
            value > 0.0
        } else {
            let change = (value - reference) / reference.abs() * 100.0;
            let verdict = if change > percent { "above" } else { "within" };
            let _ = write!(
                text,
                " ({}{:.1}%), {verdict} the {}% alert threshold",
                if change >= 0.0 { "+" } else { "" },
                change,
                fmt(percent)
            );
            change > percent
        };
        result.status = status(fires);
        result.explanation = text;
    }
}

fn status(fires: bool) -> AlertStatus {
    if fires {
        AlertStatus::Triggered
    } else {
        AlertStatus::Clear
    }
}

/// A number for an explanation: up to 3 decimals, without trailing zeros.
fn fmt(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Evaluates every rule on the series it names (by [`Series::name`]); a rule whose series is
/// absent gets [`AlertStatus::NoData`].
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::children::{evaluate_rules, AlertRule, AlertStatus, Condition};
/// use thb_monitor::series::Series;
/// let q = |y, q| Period::Quarter { year: y, quarter: q };
/// let referrals = Series::from_points("child_referrals", [(q(2022, 4), 1700.0), (q(2023, 4), 2100.0)])?;
/// let rules = [AlertRule { id: "rise".into(), series: "child_referrals".into(), description: String::new(),
///     condition: Condition::RiseAbove { percent: 20.0, lag: 4 } }];
/// let out = evaluate_rules(&rules, &[referrals])?;
/// assert_eq!(out[0].status, AlertStatus::Triggered);
/// assert_eq!(out[0].explanation,
///     "child_referrals went from 1700 in 2022-Q4 to 2100 in 2023-Q4 (+23.5%), above the 20% alert threshold");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`AlertRule::check`].
pub fn evaluate_rules(rules: &[AlertRule], series: &[Series]) -> Result<Vec<AlertResult>> {
    rules
        .iter()
        .map(
            |rule| match series.iter().find(|s| s.name() == rule.series) {
                Some(s) => rule.evaluate(s, None),
                None => {
                    rule.check()?;
                    Ok(AlertResult {
                        rule: rule.id.clone(),
                        status: AlertStatus::NoData,
                        period: None,
                        value: None,
                        reference: None,
                        explanation: format!("no series named {} was given", rule.series),
                    })
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(p: i32) -> Period {
        Period::Year(p)
    }

    #[test]
    fn rises_and_explanations() {
        let s = Series::from_points(
            "x",
            [
                (y(2019), 100.0),
                (y(2020), 90.0),
                (y(2021), 110.0),
                (y(2022), 130.0),
            ],
        )
        .unwrap();
        let rule = |condition| AlertRule {
            id: "r".into(),
            series: "x".into(),
            description: String::new(),
            condition,
        };
        // mean of 2019-2021 = 100; 130 is +30 %
        let r = rule(Condition::RiseAboveMean {
            percent: 25.0,
            window: 3,
        })
        .evaluate(&s, None)
        .unwrap();
        assert_eq!(r.status, AlertStatus::Triggered);
        assert_eq!(r.reference, Some(100.0));
        let r = rule(Condition::RiseAbove {
            percent: 25.0,
            lag: 1,
        })
        .evaluate(&s, None)
        .unwrap();
        assert_eq!(r.status, AlertStatus::Clear);
        assert!(
            r.explanation
                .ends_with("(+18.2%), within the 25% alert threshold"),
            "{}",
            r.explanation
        );
        let r = rule(Condition::RiseAbove {
            percent: 25.0,
            lag: 5,
        })
        .evaluate(&s, None)
        .unwrap();
        assert_eq!(r.status, AlertStatus::NoData);
        assert_eq!(r.explanation, "x has no value in 2017 to compare 2022 with");
        let r = rule(Condition::Below { threshold: 95.0 })
            .evaluate(&s, Some(y(2020)))
            .unwrap();
        assert_eq!(r.status, AlertStatus::Triggered);
        assert!(
            rule(Condition::RiseAbove {
                percent: 1.0,
                lag: 0
            })
            .evaluate(&s, None)
            .is_err()
        );
        let zero = Series::from_points("x", [(y(2021), 0.0), (y(2022), 3.0)]).unwrap();
        let r = rule(Condition::RiseAbove {
            percent: 50.0,
            lag: 1,
        })
        .evaluate(&zero, None)
        .unwrap();
        assert_eq!(r.status, AlertStatus::Triggered);
    }

    #[test]
    fn shares_need_a_denominator() {
        assert!(child_share(0.0, 0.0, 5.0, UnknownAge::Exclude).is_err());
        assert!(child_share(-1.0, 3.0, 0.0, UnknownAge::Exclude).is_err());
        assert!(rate_per(1.0, 0.0, 100.0).is_err());
    }
}
