//! What one run does: the concrete choice per factor, derived from a design point.
//!
//! A [`RunPlan`] maps a point `u` of the unit cube (one coordinate per factor) to a
//! [`RunSpec`]:
//!
//! * a method factor with k alternatives cuts U(0, 1) into k equal bins (COINr's "discrete"
//!   inputs): alternative `min(floor(u k), k - 1)`;
//! * `exclude_one` over a level of m nodes has m + 1 alternatives: bin 0 keeps every node (the
//!   nominal), bin i leaves out node i - 1 (0-based, framework order);
//! * `weights` over a level of m weights uses its ONE coordinate as a key: the m multipliers
//!   U(1 - noise, 1 + noise) are the first m draws of the ChaCha8 stream `floor(u 2^53)` of a
//!   generator seeded by the analysis seed and the factor's position. This is COINr's approach
//!   (the weights factor picks one of many pre-drawn noisy weight sets) without storing the sets,
//!   and it keeps the factor a single input for the Sobol' indices, however many weights there
//!   are.
//!
//! So a run is reproducible from `(seed, run number)` alone: the design gives the point, the
//! plan the choices, [`WeightDraw::fill`] the multipliers.

use crate::chacha::{STREAMS, uniforms};
use crate::config::{AnalysisConfig, Factor};
use crate::error::{Result, SensitivityError};
use crate::sampling::{Block, Design};

/// The concrete value of one factor in one run.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Choice {
    /// A method factor: the position of the chosen alternative in the factor's list.
    Alternative {
        /// 0-based position (0 = the nominal).
        index: usize,
    },
    /// A weights factor: the multipliers of the level's weights.
    Weights(WeightDraw),
    /// An `exclude_one` factor: the node left out, if any.
    Exclude {
        /// 0-based position of the node within its level (framework order); `None` keeps all.
        node: Option<usize>,
    },
}

/// The weight multipliers of one run, drawn on demand (no allocation on the hot path).
///
/// ```
/// use thb_sensitivity::run::WeightDraw;
/// let nominal = WeightDraw::nominal(3);
/// let mut m = [0.0; 3];
/// nominal.fill(&mut m)?;
/// assert_eq!(m, [1.0; 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WeightDraw {
    /// `(generator seed, stream)`; `None` for the nominal weights.
    key: Option<(u64, u64)>,
    noise: f64,
    count: usize,
}

impl WeightDraw {
    /// Multipliers all equal to 1 (the nominal weights) for `count` weights.
    pub fn nominal(count: usize) -> Self {
        Self {
            key: None,
            noise: 0.0,
            count,
        }
    }

    /// Number of multipliers (weights at the level).
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether these are the nominal weights.
    pub fn is_nominal(&self) -> bool {
        self.key.is_none()
    }

    /// Writes the multipliers into `out`, which must have [`Self::count`] elements.
    ///
    /// # Errors
    /// [`SensitivityError::Shape`] when `out` has the wrong length.
    pub fn fill(&self, out: &mut [f64]) -> Result<()> {
        Self::fill_many(std::iter::once(self), out)
    }

    /// Writes the multipliers of several draws one after the other into `out` (the first
    /// draw's [`Self::count`] values, then the next draw's, ...): the same values as
    /// [`WeightDraw::fill`] of each, computed faster when consecutive draws come from one
    /// generator (sixteen draws at a time on the processor's vector unit).
    ///
    /// ```
    /// use thb_sensitivity::config::AnalysisConfig;
    /// use thb_sensitivity::run::{Choice, RunPlan};
    /// use thb_sensitivity::sampling::{MonteCarloDesign, Sampling};
    ///
    /// let c = AnalysisConfig::from_json(r#"{"runs": 20, "seed": 1, "factors": [
    ///     {"weights": {"level": 1, "noise": 0.25}}]}"#)?;
    /// let plan = RunPlan::new(&c, |_| Some(3))?;
    /// let design = MonteCarloDesign::new(Sampling::Random, 1, 20, 1)?;
    /// let draws: Vec<_> = (0..20)
    ///     .map(|r| match plan.spec_in(&design, r)?.choices() {
    ///         [Choice::Weights(d)] => Ok(d.clone()),
    ///         _ => unreachable!(),
    ///     })
    ///     .collect::<Result<_, thb_sensitivity::SensitivityError>>()?;
    /// let mut all = vec![0.0; 20 * 3];
    /// thb_sensitivity::run::WeightDraw::fill_many(&draws, &mut all)?;
    /// let mut one = [0.0; 3];
    /// draws[5].fill(&mut one)?;
    /// assert_eq!(all[15..18], one);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SensitivityError::Shape`] when `out` does not hold exactly the draws' multipliers.
    pub fn fill_many<'a>(
        draws: impl IntoIterator<Item = &'a WeightDraw>,
        out: &mut [f64],
    ) -> Result<()> {
        let mut group = DrawGroup::default();
        let mut at = 0;
        let mut total = 0;
        for draw in draws {
            total += draw.count;
            if !group.takes(draw) {
                at = group.flush(out, at)?;
            }
            match draw.key {
                Some((seed, stream)) => group.push(seed, stream, draw),
                None => {
                    let Some(row) = out.get_mut(at..at + draw.count) else {
                        break;
                    };
                    row.fill(1.0);
                    at += draw.count;
                }
            }
        }
        at = group.flush(out, at)?;
        if at != total || total != out.len() {
            return Err(SensitivityError::shape(format!(
                "{total} weight multipliers drawn into a buffer of {}",
                out.len()
            )));
        }
        Ok(())
    }
    /// The multipliers as a vector.
    pub fn multipliers(&self) -> Vec<f64> {
        let mut out = vec![1.0; self.count];
        // ok: `out` has `count` elements, the only error of `fill`.
        let _ = self.fill(&mut out);
        out
    }
}

/// Consecutive draws of one generator with the same count, drawn together.
#[derive(Default)]
struct DrawGroup {
    seed: u64,
    count: usize,
    len: usize,
    streams: [u64; STREAMS],
    noises: [f64; STREAMS],
}

impl DrawGroup {
    /// Whether `draw` can join the group (a nominal draw cannot: it flushes the group).
    fn takes(&self, draw: &WeightDraw) -> bool {
        self.len < STREAMS
            && draw.key.is_some_and(|(seed, _)| {
                self.len == 0 || (seed == self.seed && draw.count == self.count)
            })
    }

    fn push(&mut self, seed: u64, stream: u64, draw: &WeightDraw) {
        self.seed = seed;
        self.count = draw.count;
        self.streams[self.len] = stream;
        self.noises[self.len] = draw.noise;
        self.len += 1;
    }

    /// Writes the group's multipliers at `out[at..]` and empties it; the next position.
    fn flush(&mut self, out: &mut [f64], at: usize) -> Result<usize> {
        let len = self.len * self.count;
        let Some(rows) = out.get_mut(at..at + len) else {
            return Err(SensitivityError::shape(format!(
                "weight multipliers drawn into a buffer of {}",
                out.len()
            )));
        };
        uniforms(self.seed, &self.streams[..self.len], self.count, rows);
        if self.count > 0 {
            for (row, &noise) in rows.chunks_exact_mut(self.count).zip(&self.noises) {
                for m in row {
                    *m = 1.0 - noise + 2.0 * noise * *m;
                }
            }
        }
        self.len = 0;
        Ok(at + len)
    }
}

/// Everything one run does: which run it is and one [`Choice`] per factor (config order).
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    run: Option<usize>,
    block: Option<Block>,
    choices: Vec<Choice>,
}

impl RunSpec {
    /// The run number within the design; `None` for the nominal run.
    pub fn run(&self) -> Option<usize> {
        self.run
    }

    /// The design block of the run; `None` for the nominal run.
    pub fn block(&self) -> Option<Block> {
        self.block
    }

    /// Whether this is the nominal run (every factor at its nominal value).
    pub fn is_nominal(&self) -> bool {
        self.run.is_none()
    }

    /// One choice per factor, in config order.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Domain {
    Alternatives { count: usize },
    Weights { seed: u64, noise: f64, count: usize },
    Exclude { candidates: usize },
}

/// Turns design points into [`RunSpec`]s for one config and one model.
///
/// ```
/// use thb_sensitivity::config::AnalysisConfig;
/// use thb_sensitivity::run::{Choice, RunPlan};
/// # #[cfg(feature = "serde")] {
/// let c = AnalysisConfig::from_json(r#"{"runs": 10, "seed": 1, "factors": [
///     {"aggregate": ["arithmetic", "geometric"]}, {"exclude_one": {"level": 1}}]}"#)?;
/// // The model has 4 nodes at level 1.
/// let plan = RunPlan::new(&c, |level| (level == 1).then_some(4))?;
/// let run = plan.spec(3, None, &[0.7, 0.1])?;
/// assert_eq!(run.choices(), [Choice::Alternative { index: 1 }, Choice::Exclude { node: None }]);
/// let run = plan.spec(4, None, &[0.2, 0.5])?;
/// assert_eq!(run.choices()[1], Choice::Exclude { node: Some(1) });
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RunPlan {
    domains: Vec<Domain>,
    labels: Vec<String>,
}

impl RunPlan {
    /// The plan of `config` for a model whose level `l` has `level_len(l)` nodes (`None` when
    /// the level does not exist).
    ///
    /// # Errors
    /// [`SensitivityError::UnknownLevel`] when a factor names a level the model lacks or one
    /// without nodes.
    pub fn new(config: &AnalysisConfig, level_len: impl Fn(u32) -> Option<usize>) -> Result<Self> {
        let domains = config
            .factors()
            .iter()
            .zip(config.labels())
            .enumerate()
            .map(|(position, (factor, label))| {
                let level_nodes = |level: u32| match level_len(level) {
                    Some(n) if n > 0 => Ok(n),
                    _ => Err(SensitivityError::UnknownLevel {
                        factor: label.clone(),
                        level,
                    }),
                };
                Ok(match factor {
                    Factor::Weights(w) => Domain::Weights {
                        seed: factor_seed(config.seed(), position),
                        noise: w.noise(),
                        count: level_nodes(w.level())?,
                    },
                    Factor::ExcludeOne(e) => Domain::Exclude {
                        candidates: level_nodes(e.level())?,
                    },
                    other => Domain::Alternatives {
                        count: other.alternatives().map_or(1, <[_]>::len),
                    },
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            domains,
            labels: config.labels().to_vec(),
        })
    }

    /// Number of factors.
    pub fn factors(&self) -> usize {
        self.domains.len()
    }

    /// The factors' labels.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The nominal run: first alternatives, multipliers 1, nothing excluded.
    pub fn nominal(&self) -> RunSpec {
        let choices = self
            .domains
            .iter()
            .map(|d| match d {
                Domain::Alternatives { .. } => Choice::Alternative { index: 0 },
                Domain::Weights { count, .. } => Choice::Weights(WeightDraw::nominal(*count)),
                Domain::Exclude { .. } => Choice::Exclude { node: None },
            })
            .collect();
        RunSpec {
            run: None,
            block: None,
            choices,
        }
    }

    /// The run `run` at design point `point` (one coordinate in [0, 1) per factor).
    ///
    /// # Errors
    /// [`SensitivityError::Shape`] when `point` does not have one coordinate per factor or a
    /// coordinate is outside [0, 1].
    pub fn spec(&self, run: usize, block: Option<Block>, point: &[f64]) -> Result<RunSpec> {
        self.check_point(run, point)?;
        Ok(RunSpec {
            run: Some(run),
            block,
            choices: self.choices(point).collect(),
        })
    }

    /// The spec of run `run` of `design`.
    ///
    /// # Errors
    /// As [`Design::point`]; [`SensitivityError::Shape`] when the design's factor count differs
    /// from the plan's.
    pub fn spec_in(&self, design: &dyn Design, run: usize) -> Result<RunSpec> {
        let mut spec = RunSpec {
            run: None,
            block: None,
            choices: Vec::new(),
        };
        let mut point = vec![0.0; design.factors()];
        design.point(run, &mut point)?;
        self.spec_into(design, run, &point, &mut spec)?;
        Ok(spec)
    }

    /// The spec of run `run` of `design`, whose point is `point`, into `spec`: no allocation
    /// once it has grown (the runner's path, once per run).
    pub(crate) fn spec_into(
        &self,
        design: &dyn Design,
        run: usize,
        point: &[f64],
        spec: &mut RunSpec,
    ) -> Result<()> {
        self.check_point(run, point)?;
        spec.run = Some(run);
        spec.block = Some(design.block(run));
        spec.choices.clear();
        spec.choices.extend(self.choices(point));
        Ok(())
    }

    fn check_point(&self, run: usize, point: &[f64]) -> Result<()> {
        if point.len() != self.domains.len() || point.iter().any(|u| !(0.0..=1.0).contains(u)) {
            return Err(SensitivityError::shape(format!(
                "run {run}: a point of {} coordinates in [0, 1] is needed, got {point:?}",
                self.domains.len()
            )));
        }
        Ok(())
    }

    /// The choice of each factor at `point` (checked).
    fn choices<'a>(&'a self, point: &'a [f64]) -> impl Iterator<Item = Choice> + 'a {
        self.domains.iter().zip(point).map(|(d, &u)| match *d {
            Domain::Alternatives { count } => Choice::Alternative {
                index: bin(u, count),
            },
            Domain::Weights { seed, noise, count } => Choice::Weights(WeightDraw {
                key: Some((seed, (u * TWO_POW_53) as u64)),
                noise,
                count,
            }),
            Domain::Exclude { candidates } => Choice::Exclude {
                node: bin(u, candidates + 1).checked_sub(1),
            },
        })
    }

    /// A human-readable account of what `spec` does, naming alternatives as written in
    /// `config` (for `thb` to print any single run).
    ///
    /// ```
    /// use thb_sensitivity::config::AnalysisConfig;
    /// use thb_sensitivity::run::RunPlan;
    /// # #[cfg(feature = "serde")] {
    /// let c = AnalysisConfig::from_json(r#"{"runs": 10, "seed": 1, "factors": [
    ///     {"aggregate": ["arithmetic", "geometric"]}, {"weights": {"level": 1, "noise": 0.2}}]}"#)?;
    /// let plan = RunPlan::new(&c, |_| Some(2))?;
    /// let text = plan.describe(&plan.spec(0, None, &[0.9, 0.5])?, &c);
    /// assert!(text.starts_with("run 0: aggregate = \"geometric\"; weights x ["), "{text}");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self, spec: &RunSpec, config: &AnalysisConfig) -> String {
        self.describe_with(spec, config, |_, _| None)
    }

    /// As [`RunPlan::describe`], naming the nodes of `weights` and `exclude_one` factors:
    /// `node_code(level, k)` is the code of the `k`-th node (0-based) at `level`.
    ///
    /// ```
    /// use thb_sensitivity::config::AnalysisConfig;
    /// use thb_sensitivity::run::RunPlan;
    /// # #[cfg(feature = "serde")] {
    /// let c = AnalysisConfig::from_json(r#"{"runs": 10, "seed": 1, "factors": [
    ///     {"exclude_one": {"level": 1}}, {"weights": {"level": 1, "noise": 0.2}}]}"#)?;
    /// let plan = RunPlan::new(&c, |_| Some(2))?;
    /// let codes = ["safety", "risk"];
    /// let text = plan.describe_with(&plan.spec(4, None, &[0.9, 0.5])?, &c, |_, k| codes.get(k).map(|s| s.to_string()));
    /// assert!(text.starts_with("run 4: exclude_one: leaves out `risk`; weights: safety x "), "{text}");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe_with(
        &self,
        spec: &RunSpec,
        config: &AnalysisConfig,
        node_code: impl Fn(u32, usize) -> Option<String>,
    ) -> String {
        let head = match (spec.run, spec.block) {
            (None, _) => "nominal run".to_owned(),
            (Some(r), None | Some(Block::Sample)) => format!("run {r}"),
            (Some(r), Some(b)) => format!("run {r} (block {b})"),
        };
        let parts: Vec<String> = spec
            .choices
            .iter()
            .zip(&self.labels)
            .zip(config.factors())
            .map(|((choice, label), factor)| {
                let level = factor.level().unwrap_or(0);
                match choice {
                    Choice::Alternative { index } => {
                        let alt = factor
                            .alternatives()
                            .and_then(|a| a.get(*index))
                            .map_or_else(|| format!("#{index}"), ToString::to_string);
                        format!("{label} = {alt}")
                    }
                    Choice::Weights(w) => {
                        let m = w.multipliers();
                        let named: Option<Vec<String>> = m
                            .iter()
                            .enumerate()
                            .map(|(k, v)| node_code(level, k).map(|c| format!("{c} x {v:.4}")))
                            .collect();
                        match named {
                            Some(named) => format!("{label}: {}", named.join(", ")),
                            None => {
                                let m: Vec<String> = m.iter().map(|v| format!("{v:.4}")).collect();
                                format!("{label} x [{}]", m.join(", "))
                            }
                        }
                    }
                    Choice::Exclude { node: None } => format!("{label}: none"),
                    Choice::Exclude { node: Some(n) } => match node_code(level, *n) {
                        Some(code) => format!("{label}: leaves out `{code}`"),
                        None => format!("{label}: node #{n} of the level"),
                    },
                }
            })
            .collect();
        format!("{head}: {}", parts.join("; "))
    }
}

const TWO_POW_53: f64 = 9_007_199_254_740_992.0;

/// Equal-width bin of `u` among `k` (u = 1 falls in the last bin).
fn bin(u: f64, k: usize) -> usize {
    ((u * k as f64) as usize).min(k.saturating_sub(1))
}

/// The generator seed of the weights factor at `position`: distinct factors get unrelated
/// streams.
fn factor_seed(seed: u64, position: usize) -> u64 {
    seed ^ 0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(position as u64 + 1)
}

#[cfg(test)]
#[cfg(feature = "serde")]
mod tests {
    use super::*;

    #[test]
    fn bins_are_equal_width() {
        assert_eq!(bin(0.0, 3), 0);
        assert_eq!(bin(0.333, 3), 0);
        assert_eq!(bin(0.334, 3), 1);
        assert_eq!(bin(0.99, 3), 2);
        assert_eq!(bin(1.0, 3), 2);
    }

    #[test]
    fn weight_draws_are_in_range_and_reproducible() {
        let c = AnalysisConfig::from_json(
            r#"{"runs": 10, "seed": 1, "factors": [{"weights": {"level": 1, "noise": 0.25}}]}"#,
        )
        .unwrap();
        let plan = RunPlan::new(&c, |_| Some(50)).unwrap();
        let a = plan.spec(0, None, &[0.3]).unwrap();
        let b = plan.spec(9, None, &[0.3]).unwrap();
        let Choice::Weights(w) = &a.choices()[0] else {
            panic!("not weights")
        };
        let m = w.multipliers();
        assert!(m.iter().all(|v| (0.75..1.25).contains(v)));
        assert!(m.windows(2).any(|p| p[0].to_bits() != p[1].to_bits()));
        assert_eq!(a.choices(), b.choices(), "same point, same multipliers");
        let other = plan.spec(0, None, &[0.30001]).unwrap();
        assert_ne!(a.choices(), other.choices());
        assert!(plan.nominal().is_nominal());
    }

    #[test]
    fn drawn_together_as_one_by_one() {
        use rand::{Rng, SeedableRng};
        use rand_chacha::ChaCha8Rng;
        let keyed = |seed: u64, stream: u64, count: usize| WeightDraw {
            key: Some((seed, stream)),
            noise: 0.25,
            count,
        };
        // groups broken by a nominal draw, another seed, another count and the 16-lane limit
        let mut draws: Vec<WeightDraw> = (0..20).map(|s| keyed(3, s * 7919, 5)).collect();
        draws.insert(4, WeightDraw::nominal(5));
        draws.insert(9, keyed(4, 1, 5));
        draws.insert(12, keyed(3, 2, 9));
        let total: usize = draws.iter().map(WeightDraw::count).sum();
        let mut all = vec![0.0; total];
        WeightDraw::fill_many(&draws, &mut all).unwrap();
        let mut at = 0;
        for d in &draws {
            let want: Vec<f64> = match d.key {
                None => vec![1.0; d.count],
                Some((seed, stream)) => {
                    let mut rng = ChaCha8Rng::seed_from_u64(seed);
                    rng.set_stream(stream);
                    (0..d.count)
                        .map(|_| 1.0 - d.noise + 2.0 * d.noise * rng.random::<f64>())
                        .collect()
                }
            };
            assert_eq!(all[at..at + d.count], want[..]);
            at += d.count;
        }
        for len in [total - 1, total + 1, 3] {
            let err = WeightDraw::fill_many(&draws, &mut vec![0.0; len]).unwrap_err();
            assert!(matches!(err, SensitivityError::Shape { .. }), "{err}");
        }
    }

    #[test]
    fn unknown_level_is_an_error() {
        let c = AnalysisConfig::from_json(
            r#"{"runs": 10, "seed": 1, "factors": [{"exclude_one": {"level": 3}}]}"#,
        )
        .unwrap();
        let err = RunPlan::new(&c, |l| (l < 3).then_some(2)).unwrap_err();
        assert!(matches!(
            err,
            SensitivityError::UnknownLevel { level: 3, .. }
        ));
    }
}
