//! Criminal-justice and identification funnels, with attrition rates and lags.
//!
//! Sources (`monitoring-methods.md` §9): the Eurostat legal-status breakdown and UNODC
//! indicators for the criminal-justice funnel — suspected → prosecuted → convicted, with
//! prosecuted/suspected, convicted/prosecuted and convicted/suspected each in the same year
//! and with a lag (e.g. convicted_t / suspected_(t−1)), because cases take time; the UNODC
//! variant divides convictions by persons brought into formal contact. The identification
//! funnel of national referral mechanisms: referrals → positive reasonable-grounds (RG)
//! decisions → positive conclusive-grounds (CG) decisions; the positive RG rate is positive RG ÷
//! all RG decisions and the positive CG rate positive CG ÷ all CG decisions (catalogue PT03,
//! UAM03), by age group and period. Labour-exploitation conviction parity (PR04) is the share
//! of convictions for labour exploitation ÷ the share of victims in labour exploitation.

use std::collections::BTreeSet;

use thb_model::Period;

use crate::error::{MonitorError, Result};
use crate::series::{Series, lag_period, ratio};

/// A funnel: stages of counts in order (each a [`Series`] named after its stage).
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::funnel::Funnel;
/// use thb_monitor::series::Series;
/// let y = Period::Year;
/// let f = Funnel::criminal_justice(
///     Series::from_points("suspected", [(y(2021), 200.0), (y(2022), 250.0)])?,
///     Series::from_points("prosecuted", [(y(2021), 80.0), (y(2022), 100.0)])?,
///     Series::from_points("convicted", [(y(2021), 40.0), (y(2022), 50.0)])?,
/// )?;
/// let same_year = f.attrition(0);
/// let rate = |s: &Option<thb_monitor::funnel::Step>| s.as_ref().and_then(|s| s.rate);
/// assert_eq!(rate(&same_year[1].steps[0]), Some(0.4));        // 100 / 250
/// assert_eq!(rate(&same_year[1].overall), Some(0.2));         // 50 / 250
/// let lagged = f.attrition(1);
/// assert_eq!(lagged.len(), 1);                                 // only 2022 has a 2021 base
/// assert_eq!(rate(&lagged[0].steps[1]), Some(50.0 / 80.0));  // convicted 2022 / prosecuted 2021
/// assert_eq!(rate(&lagged[0].overall), Some(0.25));           // 50 / 200
/// assert_eq!(lagged[0].overall.as_ref().and_then(|s| s.attrition), Some(0.75));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Funnel {
    stages: Vec<Series>,
}

/// The passage from one stage to a later one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Step {
    /// The earlier stage.
    pub from: String,
    /// The later stage.
    pub to: String,
    /// The period of the earlier stage's count (`lag` periods before the row's period).
    pub from_period: Period,
    /// The earlier count.
    pub from_count: f64,
    /// The later count.
    pub to_count: f64,
    /// `to_count / from_count`; `None` when the earlier count is 0.
    pub rate: Option<f64>,
    /// `1 − rate`: the share lost on the way.
    pub attrition: Option<f64>,
}

/// The funnel in one period.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FunnelRow {
    /// The period of the later stages' counts.
    pub period: Period,
    /// Each consecutive step (`None` when a count is missing).
    pub steps: Vec<Option<Step>>,
    /// From the first stage to the last (`None` when a count is missing).
    pub overall: Option<Step>,
}

impl Funnel {
    /// A funnel of at least two stages of non-negative counts.
    ///
    /// # Errors
    /// [`MonitorError::Shape`] with fewer than 2 stages; [`MonitorError::InvalidParameter`]
    /// for a negative count.
    pub fn new(stages: Vec<Series>) -> Result<Self> {
        if stages.len() < 2 {
            return Err(MonitorError::shape("a funnel needs at least 2 stages"));
        }
        for s in &stages {
            if let Some((p, v)) = s.iter().find(|(_, v)| *v < 0.0) {
                return Err(MonitorError::parameter(
                    "count",
                    v,
                    format!("stage `{}` at {p}: counts must be >= 0", s.name()),
                ));
            }
        }
        Ok(Self { stages })
    }

    /// Suspected → prosecuted → convicted.
    ///
    /// # Errors
    /// As [`Funnel::new`].
    pub fn criminal_justice(
        suspected: Series,
        prosecuted: Series,
        convicted: Series,
    ) -> Result<Self> {
        Self::new(vec![suspected, prosecuted, convicted])
    }

    /// The stages.
    pub fn stages(&self) -> &[Series] {
        &self.stages
    }

    /// Rates between stages: every consecutive pair and the first-to-last pair compare the later
    /// stage at `t` with the earlier stage at `t − lag` (lag in the series' own steps: years or
    /// quarters; 0 = same period). A row is produced for every period of the later stages where
    /// at least one rate can be formed.
    pub fn attrition(&self, lag: u32) -> Vec<FunnelRow> {
        let periods: BTreeSet<Period> = self.stages[1..]
            .iter()
            .flat_map(|s| s.iter().map(|(p, _)| p))
            .collect();
        let (first, last) = (&self.stages[0], &self.stages[self.stages.len() - 1]);
        periods
            .into_iter()
            .filter_map(|t| {
                let base = lag_period(t, lag);
                let steps: Vec<Option<Step>> = self
                    .stages
                    .windows(2)
                    .map(|w| step(&w[0], base, &w[1], t))
                    .collect();
                let overall = step(first, base, last, t);
                (overall.is_some() || steps.iter().any(Option::is_some)).then_some(FunnelRow {
                    period: t,
                    steps,
                    overall,
                })
            })
            .collect()
    }
}

fn step(from: &Series, from_period: Period, to: &Series, to_period: Period) -> Option<Step> {
    let (a, b) = (from.get(from_period)?, to.get(to_period)?);
    let rate = ratio(b, a);
    Some(Step {
        from: from.name().to_owned(),
        to: to.name().to_owned(),
        from_period,
        from_count: a,
        to_count: b,
        rate,
        attrition: rate.map(|r| 1.0 - r),
    })
}

/// Decision counts of a national referral mechanism for one age group.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Decisions {
    /// Referrals.
    pub referrals: Series,
    /// Positive reasonable-grounds decisions.
    pub rg_positive: Series,
    /// All reasonable-grounds decisions.
    pub rg_total: Series,
    /// Positive conclusive-grounds decisions.
    pub cg_positive: Series,
    /// All conclusive-grounds decisions.
    pub cg_total: Series,
}

/// Positive decision rates in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecisionRates {
    /// The period.
    pub period: Period,
    /// Positive RG ÷ all RG decisions (UAM03 for children).
    pub positive_rg_rate: Option<f64>,
    /// Positive CG ÷ all CG decisions (PT03).
    pub positive_cg_rate: Option<f64>,
}

impl Decisions {
    /// The positive RG and CG rates for every period with RG or CG decisions.
    ///
    /// ```
    /// use thb_model::Period;
    /// use thb_monitor::funnel::Decisions;
    /// use thb_monitor::series::Series;
    /// let y = Period::Year(2014);
    /// let d = Decisions {
    ///     rg_positive: Series::from_points("rg+", [(y, 633.0)])?,
    ///     rg_total: Series::from_points("rg", [(y, 718.0)])?,
    ///     ..Decisions::default()
    /// };
    /// let r = d.rates();
    /// assert_eq!(r[0].positive_rg_rate, Some(633.0 / 718.0));
    /// assert_eq!(r[0].positive_cg_rate, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rates(&self) -> Vec<DecisionRates> {
        let mut periods: Vec<Period> = self
            .rg_total
            .iter()
            .chain(self.cg_total.iter())
            .map(|(p, _)| p)
            .collect();
        periods.sort();
        periods.dedup();
        let rate = |num: &Series, den: &Series, p| ratio(num.get(p)?, den.get(p)?);
        periods
            .into_iter()
            .map(|p| DecisionRates {
                period: p,
                positive_rg_rate: rate(&self.rg_positive, &self.rg_total, p),
                positive_cg_rate: rate(&self.cg_positive, &self.cg_total, p),
            })
            .collect()
    }

    /// The identification funnel referrals → positive RG → positive CG.
    ///
    /// # Errors
    /// As [`Funnel::new`].
    pub fn funnel(&self) -> Result<Funnel> {
        Funnel::new(vec![
            self.referrals.clone(),
            self.rg_positive.clone(),
            self.cg_positive.clone(),
        ])
    }
}

/// Labour-exploitation conviction parity (PR04): (convictions for labour exploitation ÷ all
/// convictions) ÷ (victims of labour exploitation ÷ all victims). 1 = convictions follow the
/// victims' mix; below 1 = labour exploitation is under-prosecuted.
///
/// ```
/// use thb_monitor::funnel::conviction_parity;
/// assert_eq!(conviction_parity(10.0, 100.0, 40.0, 100.0)?, 0.25);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a negative or non-finite count or a part above its
/// total; [`MonitorError::Undefined`] when a total or the victims' labour share is 0.
pub fn conviction_parity(
    convicted_labour: f64,
    convicted_total: f64,
    victims_labour: f64,
    victims_total: f64,
) -> Result<f64> {
    for (part, total) in [
        (convicted_labour, convicted_total),
        (victims_labour, victims_total),
    ] {
        if !(part.is_finite() && total.is_finite()) || part < 0.0 || part > total {
            return Err(MonitorError::parameter(
                "counts",
                format!("{part} of {total}"),
                "counts must be finite, >= 0 and no larger than their total",
            ));
        }
    }
    let undefined = || {
        MonitorError::undefined(
            "conviction parity",
            Some("PR04"),
            "a total or the victims' labour share is 0",
        )
    };
    let conv = ratio(convicted_labour, convicted_total).ok_or_else(undefined)?;
    let vict = ratio(victims_labour, victims_total)
        .filter(|v| *v > 0.0)
        .ok_or_else(undefined)?;
    Ok(conv / vict)
}
