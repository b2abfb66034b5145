//! MOORA (ratio system) and MULTIMOORA.

use super::{Better, DecisionMatrix, Direction, Evaluate, Evaluation, McdaNormalisation, positive};
use crate::Result;
use crate::rank::{Order, Ties, rank};

/// MOORA ratio system (Brauers & Zavadskas 2006, *The MOORA method and its application to
/// privatization in a transition economy*, Control and Cybernetics 35(2)): on the
/// direction-blind vector-normalised matrix r = x/‖x‖₂,
/// y_i = Σ_{benefit j} w_j·r_ij − Σ_{cost j} w_j·r_ij. Higher is better. Same formula as
/// pymcdm and pyrepo's MULTIMOORA_RS (pymcdm refuses problems without a cost criterion; thb
/// does not).
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Moora};
/// let x = Matrix::from_rows(&[vec![3.0, 4.0], vec![4.0, 3.0]])?;
/// let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Negative])?;
/// let ev = Moora.evaluate(&dm, &[0.5, 0.5])?;
/// assert!((ev.scores()[0] + 0.1).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moora;

/// The direction-blind vector-normalised value of every cell, column by column.
fn ratio_columns<'d>(
    dm: &'d DecisionMatrix<'_>,
    method: &'static str,
) -> impl Iterator<Item = Result<(usize, Vec<f64>)>> + 'd {
    (0..dm.ncols()).map(move |j| {
        let map = McdaNormalisation::Vector
            .column_map_as(dm, j, Direction::Positive, method)?
            .0;
        Ok((j, dm.column(j).iter().map(|&x| map.apply(x)).collect()))
    })
}

impl Evaluate for Moora {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "moora";
        let w = dm.weights(NAME, weights)?;
        let y = ratio_system(dm, &w, NAME)?;
        Evaluation::new(NAME, dm, y, Better::Higher)
    }
}

fn ratio_system(dm: &DecisionMatrix<'_>, w: &[f64], method: &'static str) -> Result<Vec<f64>> {
    let mut y = vec![0.0; dm.nrows()];
    for col in ratio_columns(dm, method) {
        let (j, r) = col?;
        let signed = dm.types()[j].sign() * w[j];
        for (acc, v) in y.iter_mut().zip(&r) {
            *acc += signed * v;
        }
    }
    Ok(y)
}

/// MULTIMOORA (Brauers & Zavadskas 2010, *Project management by MULTIMOORA as an instrument for
/// transition economies*, Technological and Economic Development of Economy 16(1)): three
/// rankings on the direction-blind vector-normalised matrix r —
///
/// * ratio system (as [`Moora`]), higher is better;
/// * reference point: z_i = max_j w_j·|r*_j − r_ij| with r*_j the best value of criterion j,
///   lower is better;
/// * full multiplicative form: U_i = Π_{benefit} r_ij^w_j / Π_{cost} r_ij^w_j, higher is better
///   (weighted exponents, as WPM; needs values > 0).
///
/// Convention: the three rankings (average ties) are combined by their **sum** (a Borda count),
/// and the score is that rank sum, **lower is better**. Brauers & Zavadskas' dominance theory
/// does not always give a total order, so it is not used; pyrepo offers it and other
/// combinations, scikit-criteria uses dominance.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Multimoora};
/// use thb_scoring::rank::Ties;
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0]])?;
/// let ev = Multimoora.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores(), &[6.0, 3.0]);
/// assert_eq!(ev.ranks(Ties::Min), [2.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Multimoora;

impl Evaluate for Multimoora {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "multimoora";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows();
        let rs = ratio_system(dm, &w, NAME)?;
        let (mut rp, mut fmf) = (vec![0.0_f64; m], vec![0.0_f64; m]);
        for col in ratio_columns(dm, NAME) {
            let (j, r) = col?;
            positive(dm, j, NAME, "the full multiplicative form")?;
            let dir = dm.types()[j];
            let best = match dir {
                Direction::Positive => r.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                Direction::Negative => r.iter().copied().fold(f64::INFINITY, f64::min),
            };
            for ((z, u), v) in rp.iter_mut().zip(fmf.iter_mut()).zip(&r) {
                *z = f64::max(*z, w[j] * (best - v).abs());
                *u += dir.sign() * w[j] * v.ln(); // log of the multiplicative form
            }
        }
        let mut total = rank(&rs, Ties::Average, Order::Descending);
        let by_rp = rank(&rp, Ties::Average, Order::Ascending);
        let by_fmf = rank(&fmf, Ties::Average, Order::Descending);
        for ((t, a), b) in total.iter_mut().zip(&by_rp).zip(&by_fmf) {
            *t += a + b;
        }
        Evaluation::new(NAME, dm, total, Better::Lower)
    }
}
