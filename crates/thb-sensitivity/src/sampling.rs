//! Sampling designs over the unit cube: plain pseudo-random (COINr-style) and scrambled Sobol'.
//!
//! Every coordinate is a pure function of `(seed, point index, dimension)`, so any run of an
//! analysis can be re-created on its own, in any order, on any thread:
//!
//! * [`Sampling::Random`]: coordinate `k` of point `i` is the `k`-th `f64` (53 random bits) of
//!   the ChaCha8 stream number `i` keyed by the seed. This is COINr's layout (one row of
//!   independent uniforms per point), not R's random numbers.
//! * [`Sampling::Sobol`]: Owen-scrambled Sobol' sequence (Burley 2020, crate `sobol_burley`),
//!   seeded; at most 2^16 points and 256 dimensions. Coordinates have 24 bits of resolution.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::chacha::{STREAMS, uniforms};

use crate::error::{Result, SensitivityError};

/// How the unit cube is sampled.
///
/// ```
/// use thb_sensitivity::sampling::Sampling;
/// # #[cfg(feature = "serde")] {
/// let s: Sampling = serde_json::from_str("\"random\"")?;
/// assert_eq!(s, Sampling::Random);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Sampling {
    /// Independent pseudo-random uniforms (ChaCha8), as COINr's `runif` design.
    Random,
    /// Owen-scrambled Sobol' quasi-random points (Saltelli et al. 2010 recommend them).
    #[default]
    Sobol,
}

impl Sampling {
    /// The name as written in a config.
    pub fn name(self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::Sobol => "sobol",
        }
    }
}

/// `points` points of the unit cube `[0, 1)^dims`, each coordinate reproducible from the seed,
/// the point index and the dimension alone.
///
/// ```
/// use thb_sensitivity::sampling::{Sampling, UnitCube};
/// let cube = UnitCube::new(Sampling::Sobol, 42, 3, 100)?;
/// let u = cube.coordinate(17, 2)?;
/// assert!((0.0..1.0).contains(&u));
/// assert_eq!(u, cube.coordinate(17, 2)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCube {
    sampling: Sampling,
    seed: u64,
    dims: usize,
    points: usize,
}

impl UnitCube {
    /// Most points a Sobol' cube can have (the limit of `sobol_burley`).
    pub const MAX_SOBOL_POINTS: usize = 1 << 16;
    /// Most dimensions a Sobol' cube can have.
    pub const MAX_SOBOL_DIMS: usize = sobol_burley::NUM_DIMENSIONS as usize;

    /// A cube of `points` points in `dims` dimensions.
    ///
    /// # Errors
    /// [`SensitivityError::Design`] when `dims` or `points` is 0, or a Sobol' cube exceeds
    /// [`Self::MAX_SOBOL_POINTS`] or [`Self::MAX_SOBOL_DIMS`].
    ///
    /// ```
    /// use thb_sensitivity::sampling::{Sampling, UnitCube};
    /// assert!(UnitCube::new(Sampling::Sobol, 1, 2, 1 << 17).is_err());
    /// assert!(UnitCube::new(Sampling::Random, 1, 2, 1 << 17).is_ok());
    /// ```
    pub fn new(sampling: Sampling, seed: u64, dims: usize, points: usize) -> Result<Self> {
        let fail = |message: String| Err(SensitivityError::Design { message });
        if dims == 0 || points == 0 {
            return fail(format!(
                "a design needs at least one dimension and one point (got {dims} x {points})"
            ));
        }
        if sampling == Sampling::Sobol {
            if points > Self::MAX_SOBOL_POINTS {
                return fail(format!(
                    "Sobol' sampling supports at most {} points, {points} asked for",
                    Self::MAX_SOBOL_POINTS
                ));
            }
            if dims > Self::MAX_SOBOL_DIMS {
                return fail(format!(
                    "Sobol' sampling supports at most {} dimensions, {dims} asked for",
                    Self::MAX_SOBOL_DIMS
                ));
            }
        }
        Ok(Self {
            sampling,
            seed,
            dims,
            points,
        })
    }

    /// Number of dimensions.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of points.
    pub fn points(&self) -> usize {
        self.points
    }

    /// Coordinate `dim` of point `index`, in `[0, 1)`.
    ///
    /// # Errors
    /// [`SensitivityError::Design`] when `index` or `dim` is out of range.
    ///
    /// ```
    /// use thb_sensitivity::sampling::{Sampling, UnitCube};
    /// let cube = UnitCube::new(Sampling::Random, 7, 2, 10)?;
    /// assert!(cube.coordinate(10, 0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coordinate(&self, index: usize, dim: usize) -> Result<f64> {
        self.check(index, dim)?;
        Ok(match self.sampling {
            Sampling::Random => {
                let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
                rng.set_stream(index as u64);
                // One f64 takes two 32-bit words of the stream.
                rng.set_word_pos(2 * dim as u128);
                rng.random::<f64>()
            }
            // ok: index < 2^16 and dim < 256 were checked in `new` and above.
            Sampling::Sobol => f64::from(sobol_burley::sample(
                index as u32,
                dim as u32,
                fold_seed(self.seed),
            )),
        })
    }

    fn check(&self, index: usize, dim: usize) -> Result<()> {
        if index >= self.points || dim >= self.dims {
            return Err(SensitivityError::Design {
                message: format!(
                    "coordinate ({index}, {dim}) outside a design of {} points x {} dimensions",
                    self.points, self.dims
                ),
            });
        }
        Ok(())
    }

    /// Fills `out` with coordinates `0..dims` of points `first`, `first + 1`, ... (as many
    /// points as `out` holds): a point of random sampling is the first `dims` uniforms of stream
    /// `index` (as [`UnitCube::coordinate`] reads them), sixteen points at a time. `out` holds a
    /// whole number of points (the callers' invariant).
    fn fill(&self, first: usize, dims: usize, out: &mut [f64]) -> Result<()> {
        let count = out.len().checked_div(dims).unwrap_or(0);
        if count == 0 {
            return Ok(());
        }
        self.check(first + count - 1, dims - 1)?;
        match self.sampling {
            Sampling::Random => {
                let mut streams = [0; STREAMS];
                for (c, chunk) in out.chunks_mut(STREAMS * dims).enumerate() {
                    let points = chunk.len() / dims;
                    for (k, stream) in streams[..points].iter_mut().enumerate() {
                        *stream = (first + c * STREAMS + k) as u64;
                    }
                    uniforms(self.seed, &streams[..points], dims, chunk);
                }
            }
            Sampling::Sobol => {
                for (k, point) in out.chunks_exact_mut(dims).enumerate() {
                    self.visit(first + k, dims, |dim, u| point[dim] = u)?;
                }
            }
        }
        Ok(())
    }

    /// Calls `visit(dim, value)` for coordinates `0..dims` of point `index`, in order (one
    /// generator for the whole point instead of one per coordinate).
    fn visit(&self, index: usize, dims: usize, mut visit: impl FnMut(usize, f64)) -> Result<()> {
        if dims > 0 {
            // Checks the range once for the whole point.
            self.check(index, dims - 1)?;
        }
        match self.sampling {
            Sampling::Random => {
                let (mut small, mut large) = ([0.0; 64], Vec::new());
                let u = if dims <= small.len() {
                    &mut small[..dims]
                } else {
                    large.resize(dims, 0.0);
                    &mut large[..]
                };
                self.fill(index, dims, u)?;
                for (dim, &v) in u.iter().enumerate() {
                    visit(dim, v);
                }
            }
            Sampling::Sobol => {
                let seed = fold_seed(self.seed);
                for dim in 0..dims {
                    // ok: index and dim in range, checked above.
                    visit(
                        dim,
                        f64::from(sobol_burley::sample(index as u32, dim as u32, seed)),
                    );
                }
            }
        }
        Ok(())
    }
}

/// The 32-bit seed of `sobol_burley` from a 64-bit one.
fn fold_seed(seed: u64) -> u32 {
    (seed ^ (seed >> 32)) as u32
}

/// Which block of a design a run belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// A plain Monte Carlo sample (uncertainty analysis).
    Sample,
    /// Matrix A of a Saltelli design.
    A,
    /// Matrix B of a Saltelli design.
    B,
    /// Matrix AB_i: A with the column of factor `factor` (0-based) taken from B.
    AB {
        /// The factor whose column comes from B.
        factor: usize,
    },
}

impl std::fmt::Display for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sample => f.write_str("sample"),
            Self::A => f.write_str("A"),
            Self::B => f.write_str("B"),
            Self::AB { factor } => write!(f, "AB_{}", factor + 1),
        }
    }
}

/// A design: `runs()` points of `[0, 1)^factors()`, one per model run.
pub trait Design: Sync {
    /// Number of model runs.
    fn runs(&self) -> usize;
    /// Number of factors (columns).
    fn factors(&self) -> usize;
    /// The block of `run`.
    fn block(&self, run: usize) -> Block;
    /// Fills `out` (length [`Design::factors`]) with the point of `run`.
    ///
    /// # Errors
    /// [`SensitivityError::Design`] when `run` is out of range;
    /// [`SensitivityError::Shape`] when `out` has the wrong length.
    fn point(&self, run: usize, out: &mut [f64]) -> Result<()>;

    /// Fills `out` with the points of runs `first`, `first + 1`, ... ([`Design::factors`]
    /// coordinates each, as many points as `out` holds): the same values as
    /// [`Design::point`], which the default calls run by run.
    ///
    /// ```
    /// use thb_sensitivity::sampling::{Design, MonteCarloDesign, Sampling};
    /// let d = MonteCarloDesign::new(Sampling::Random, 42, 100, 3)?;
    /// let mut many = [0.0; 3 * 20];
    /// d.points(10, &mut many)?;
    /// let mut one = [0.0; 3];
    /// d.point(29, &mut one)?;
    /// assert_eq!(many[57..], one);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Design::point`], for any of the runs; [`SensitivityError::Shape`] when `out` does
    /// not hold a whole number of points.
    fn points(&self, first: usize, out: &mut [f64]) -> Result<()> {
        let f = self.factors();
        if f == 0 || !out.len().is_multiple_of(f) {
            return check_point_len(out, f);
        }
        for (k, point) in out.chunks_exact_mut(f).enumerate() {
            self.point(first + k, point)?;
        }
        Ok(())
    }
}

fn check_point_len(out: &[f64], factors: usize) -> Result<()> {
    if out.len() == factors {
        Ok(())
    } else {
        Err(SensitivityError::shape(format!(
            "a design point has {factors} coordinates, the buffer {}",
            out.len()
        )))
    }
}

/// A plain Monte Carlo design: run `r` is point `r` of the cube (uncertainty analysis).
///
/// ```
/// use thb_sensitivity::sampling::{Design, MonteCarloDesign, Sampling};
/// let d = MonteCarloDesign::new(Sampling::Random, 42, 100, 3)?;
/// let mut u = [0.0; 3];
/// d.point(99, &mut u)?;
/// assert!(u.iter().all(|v| (0.0..1.0).contains(v)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonteCarloDesign {
    cube: UnitCube,
}

impl MonteCarloDesign {
    /// `runs` points in `factors` dimensions.
    ///
    /// # Errors
    /// As [`UnitCube::new`].
    pub fn new(sampling: Sampling, seed: u64, runs: usize, factors: usize) -> Result<Self> {
        Ok(Self {
            cube: UnitCube::new(sampling, seed, factors, runs)?,
        })
    }
}

impl Design for MonteCarloDesign {
    fn runs(&self) -> usize {
        self.cube.points()
    }

    fn factors(&self) -> usize {
        self.cube.dims()
    }

    fn block(&self, _run: usize) -> Block {
        Block::Sample
    }

    fn point(&self, run: usize, out: &mut [f64]) -> Result<()> {
        check_point_len(out, self.factors())?;
        self.cube.visit(run, out.len(), |dim, u| out[dim] = u)
    }

    fn points(&self, first: usize, out: &mut [f64]) -> Result<()> {
        let f = self.factors();
        if !out.len().is_multiple_of(f) {
            return check_point_len(out, f);
        }
        self.cube.fill(first, f, out)
    }
}

/// The Saltelli design of COINr's `SA_sample(N, d)`: base points of `[0, 1)^2d` split into
/// A (the first d coordinates) and B (the last d); runs are ordered A (N rows), B (N rows),
/// then AB_1 ... AB_d (N rows each; AB_i = A with column i from B): N(d + 2) runs.
///
/// ```
/// use thb_sensitivity::sampling::{Block, Design, SaltelliDesign, Sampling};
/// let d = SaltelliDesign::new(Sampling::Sobol, 1, 8, 3)?;
/// assert_eq!(d.runs(), 8 * 5);
/// assert_eq!(d.block(8 * 2 + 8), Block::AB { factor: 1 });
/// let (mut a, mut b, mut ab) = ([0.0; 3], [0.0; 3], [0.0; 3]);
/// d.point(5, &mut a)?;
/// d.point(8 + 5, &mut b)?;
/// d.point(8 * 3 + 5, &mut ab)?; // AB_2, row 5
/// assert_eq!(ab, [a[0], b[1], a[2]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaltelliDesign {
    base: usize,
    factors: usize,
    cube: UnitCube,
}

impl SaltelliDesign {
    /// A design with `base` rows per block over `factors` factors.
    ///
    /// # Errors
    /// As [`UnitCube::new`] for a cube of `base` points in `2 factors` dimensions.
    pub fn new(sampling: Sampling, seed: u64, base: usize, factors: usize) -> Result<Self> {
        Ok(Self {
            base,
            factors,
            cube: UnitCube::new(sampling, seed, 2 * factors, base)?,
        })
    }

    /// N, the number of rows of each block.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The base row of `run` (its index within its block).
    pub fn row(&self, run: usize) -> usize {
        run % self.base
    }
}

impl Design for SaltelliDesign {
    fn runs(&self) -> usize {
        self.base * (self.factors + 2)
    }

    fn factors(&self) -> usize {
        self.factors
    }

    fn block(&self, run: usize) -> Block {
        match run / self.base {
            0 => Block::A,
            1 => Block::B,
            k => Block::AB { factor: k - 2 },
        }
    }

    fn point(&self, run: usize, out: &mut [f64]) -> Result<()> {
        check_point_len(out, self.factors)?;
        if run >= self.runs() {
            return Err(SensitivityError::Design {
                message: format!("run {run} outside a design of {} runs", self.runs()),
            });
        }
        let d = self.factors;
        let from_b = |j: usize| match self.block(run) {
            Block::B => true,
            Block::AB { factor } => factor == j,
            Block::A | Block::Sample => false,
        };
        // Cube dimensions 0..d are A's columns, d..2d B's.
        self.cube.visit(self.row(run), 2 * d, |dim, u| {
            let (j, in_b) = if dim < d {
                (dim, false)
            } else {
                (dim - d, true)
            };
            if from_b(j) == in_b {
                out[j] = u;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_coordinates_are_the_sequential_stream() {
        let cube = UnitCube::new(Sampling::Random, 9, 5, 4).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        rng.set_stream(3);
        for dim in 0..5 {
            let want: f64 = rng.random();
            assert_eq!(cube.coordinate(3, dim).unwrap().to_bits(), want.to_bits());
        }
        // the batched path, for every point and for the first coordinates only
        let mut all = [0.0; 4 * 5];
        cube.fill(0, 5, &mut all).unwrap();
        let mut first_two = [0.0; 4 * 2];
        cube.fill(0, 2, &mut first_two).unwrap();
        for point in 0..4 {
            for dim in 0..5 {
                let want = cube.coordinate(point, dim).unwrap();
                assert_eq!(all[point * 5 + dim].to_bits(), want.to_bits());
                if dim < 2 {
                    assert_eq!(first_two[point * 2 + dim].to_bits(), want.to_bits());
                }
            }
        }
        assert!(cube.fill(3, 5, &mut [0.0; 10]).is_err(), "point 4 of 4");
    }

    #[test]
    fn points_are_in_the_unit_cube_and_seed_dependent() {
        for sampling in [Sampling::Random, Sampling::Sobol] {
            let a = UnitCube::new(sampling, 1, 4, 64).unwrap();
            let b = UnitCube::new(sampling, 2, 4, 64).unwrap();
            let mut differ = false;
            for i in 0..64 {
                for d in 0..4 {
                    let (x, y) = (a.coordinate(i, d).unwrap(), b.coordinate(i, d).unwrap());
                    assert!((0.0..1.0).contains(&x));
                    differ |= x.to_bits() != y.to_bits();
                }
            }
            assert!(differ, "{sampling:?}: seeds 1 and 2 gave the same points");
        }
    }

    #[test]
    fn sobol_points_are_stratified() {
        // The first 2^k points of a (scrambled) Sobol' sequence put one point in each of the
        // 2^k equal intervals of every dimension.
        let cube = UnitCube::new(Sampling::Sobol, 5, 6, 64).unwrap();
        for d in 0..6 {
            let mut seen = [false; 64];
            for i in 0..64 {
                let bin = (cube.coordinate(i, d).unwrap() * 64.0) as usize;
                assert!(!seen[bin], "dimension {d}: two points in bin {bin}");
                seen[bin] = true;
            }
        }
    }

    #[test]
    fn design_points_are_the_cube_coordinates() {
        for sampling in [Sampling::Random, Sampling::Sobol] {
            let mc = MonteCarloDesign::new(sampling, 4, 20, 3).unwrap();
            let sa = SaltelliDesign::new(sampling, 4, 20, 3).unwrap();
            let mut u = [0.0; 3];
            for run in 0..20 {
                mc.point(run, &mut u).unwrap();
                for (dim, v) in u.iter().enumerate() {
                    assert_eq!(v.to_bits(), mc.cube.coordinate(run, dim).unwrap().to_bits());
                }
            }
            for run in 0..sa.runs() {
                sa.point(run, &mut u).unwrap();
                let row = sa.row(run);
                for (j, v) in u.iter().enumerate() {
                    let from_b = match sa.block(run) {
                        Block::B => true,
                        Block::AB { factor } => factor == j,
                        _ => false,
                    };
                    let dim = if from_b { 3 + j } else { j };
                    assert_eq!(v.to_bits(), sa.cube.coordinate(row, dim).unwrap().to_bits());
                }
            }
        }
    }

    #[test]
    fn saltelli_blocks_follow_coinr_layout() {
        let d = SaltelliDesign::new(Sampling::Random, 3, 4, 2).unwrap();
        let blocks: Vec<Block> = (0..d.runs()).step_by(4).map(|r| d.block(r)).collect();
        assert_eq!(
            blocks,
            [
                Block::A,
                Block::B,
                Block::AB { factor: 0 },
                Block::AB { factor: 1 }
            ]
        );
        assert!(d.point(d.runs(), &mut [0.0; 2]).is_err());
        assert!(d.point(0, &mut [0.0; 3]).is_err());
    }
}
