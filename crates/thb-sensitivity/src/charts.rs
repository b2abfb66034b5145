//! Self-contained SVG charts of the analyses: rank bands per unit and S1/ST per factor.
//!
//! The SVG is plain text with no script, font file or external reference; text is escaped.

use std::fmt::Write as _;

use crate::error::{Result, SensitivityError};
use crate::sensitivity::SensitivityResult;
use crate::uncertainty::UncertaintyResult;

const FONT: &str = "font-family=\"sans-serif\" font-size=\"12\"";
const BAND: &str = "#9ecae1";
const MEDIAN: &str = "#08519c";
const NOMINAL: &str = "#d94801";
const S1_FILL: &str = "#3182bd";
const ST_FILL: &str = "#fd8d3c";
/// Units beyond which the x axis shows no unit names.
const MAX_LABELLED_UNITS: usize = 80;

/// Escapes text for SVG content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// About `target` round tick values (steps of 1, 2 or 5 times a power of ten) covering
/// `[lo, hi]`.
fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / target.max(1) as f64;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Approximate width in pixels of a 16-px bold title.
fn title_width(title: &str) -> f64 {
    title.chars().count() as f64 * 9.5
}

/// Formats a tick value without float noise.
fn tick_label(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

struct Frame {
    width: f64,
    height: f64,
    left: f64,
    top: f64,
    plot_w: f64,
    plot_h: f64,
}

impl Frame {
    fn open(&self, svg: &mut String, title: &str, x_label: &str, y_label: &str) {
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" {FONT}>\n\
             <title>{t}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n\
             <text x=\"{cx}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{t}</text>\n\
             <text x=\"{cx}\" y=\"{xl}\" text-anchor=\"middle\">{xlab}</text>\n\
             <text x=\"16\" y=\"{cy}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {cy})\">{ylab}</text>\n",
            w = self.width,
            h = self.height,
            t = escape(title),
            cx = self.left + self.plot_w / 2.0,
            xl = self.height - 10.0,
            cy = self.top + self.plot_h / 2.0,
            xlab = escape(x_label),
            ylab = escape(y_label),
        );
    }

    /// Horizontal grid lines and labels at `values`, placed by `y_of`.
    fn y_axis(&self, svg: &mut String, values: &[f64], y_of: impl Fn(f64) -> f64) {
        for &v in values {
            let y = y_of(v);
            let _ = writeln!(
                svg,
                "<line x1=\"{l}\" y1=\"{y:.1}\" x2=\"{r}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\
                 <text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{v}</text>",
                l = self.left,
                r = self.left + self.plot_w,
                tx = self.left - 6.0,
                ty = y + 4.0,
                v = tick_label(v),
            );
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444444\"/>",
            self.left, self.top, self.plot_w, self.plot_h
        );
    }

    fn legend(&self, svg: &mut String, items: &[(&str, &str)]) {
        let mut x = self.left;
        let y = 44.0;
        for (color, label) in items {
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{color}\"/>\
                 <text x=\"{}\" y=\"{}\">{}</text>",
                y - 10.0,
                x + 16.0,
                y,
                escape(label)
            );
            x += 28.0 + 7.0 * label.len() as f64;
        }
    }
}

/// The rank-band chart: units sorted by nominal rank on the x axis, rank on the y axis (1 at
/// the top); per unit a bar from the 5 % to the 95 % rank, a dot at the median and a tick at
/// the nominal rank. Unit names are shown up to 80 units.
///
/// # Errors
/// [`SensitivityError::Shape`] when `unit_labels` does not have one label per unit.
///
/// ```
/// # use thb_sensitivity::config::AnalysisConfig;
/// # use thb_sensitivity::engine::{IndexModel, RunFailure};
/// # use thb_sensitivity::run::{Choice, RunSpec};
/// # use thb_sensitivity::uncertainty::{uncertainty, UncertaintyOptions};
/// # struct Toy;
/// # impl IndexModel for Toy {
/// #     type Scratch = ();
/// #     fn units(&self) -> usize { 2 }
/// #     fn level_len(&self, _: u32) -> Option<usize> { None }
/// #     fn scratch(&self) {}
/// #     fn evaluate(&self, run: &RunSpec, _: &mut (), s: &mut [f64]) -> Result<(), RunFailure> {
/// #         let Choice::Alternative { index } = run.choices()[0] else { unreachable!() };
/// #         s.copy_from_slice(&[index as f64, 0.5]);
/// #         Ok(())
/// #     }
/// # }
/// # #[cfg(feature = "serde")] {
/// # let c = AnalysisConfig::from_json(r#"{"runs": 16, "seed": 1, "factors": [{"aggregate": ["a", "b"]}]}"#)?;
/// let ua = uncertainty(&Toy, &c, &UncertaintyOptions::default())?;
/// let svg = thb_sensitivity::charts::rank_band_svg(&ua, &["AUT", "BEL"], "Rank bands")?;
/// assert!(svg.starts_with("<svg") && svg.contains("BEL"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rank_band_svg(
    result: &UncertaintyResult,
    unit_labels: &[impl AsRef<str>],
    title: &str,
) -> Result<String> {
    let units = result.units();
    if unit_labels.len() != units.len() {
        return Err(SensitivityError::shape(format!(
            "{} unit labels for {} units",
            unit_labels.len(),
            units.len()
        )));
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| (units[i].nominal_rank.unwrap_or(u32::MAX), i));
    let n = units.len().max(1);
    let labelled = units.len() <= MAX_LABELLED_UNITS;
    let longest = unit_labels
        .iter()
        .map(|l| l.as_ref().chars().count())
        .max()
        .unwrap_or(0);
    let bottom = if labelled {
        40.0 + 6.5 * longest as f64
    } else {
        50.0
    };
    let plot_w = (n as f64 * 14.0)
        .max(title_width(title) - 60.0)
        .clamp(360.0, 1400.0);
    let frame = Frame {
        width: 70.0 + plot_w + 20.0,
        height: 60.0 + 360.0 + bottom,
        left: 70.0,
        top: 60.0,
        plot_w,
        plot_h: 360.0,
    };
    let max_rank = units
        .iter()
        .flat_map(|u| [u.q95_rank, u.nominal_rank.map(f64::from)])
        .flatten()
        .fold(1.0f64, f64::max);
    let y_of = |rank: f64| frame.top + (rank - 1.0) / (max_rank - 1.0).max(1.0) * frame.plot_h;
    let step = frame.plot_w / n as f64;
    let x_of = |k: usize| frame.left + (k as f64 + 0.5) * step;

    let mut svg = String::new();
    frame.open(
        &mut svg,
        title,
        "Unit (sorted by nominal rank)",
        "Rank (1 = best)",
    );
    frame.legend(
        &mut svg,
        &[
            (BAND, "5-95 % rank band"),
            (MEDIAN, "median rank"),
            (NOMINAL, "nominal rank"),
        ],
    );
    let mut rank_ticks = ticks(1.0, max_rank, 8);
    if rank_ticks.first().is_none_or(|&t| t > 1.0) {
        rank_ticks.insert(0, 1.0); // the best rank is always marked
    }
    frame.y_axis(&mut svg, &rank_ticks, y_of);
    let bar = (step * 0.6).clamp(1.0, 10.0);
    let mark = (step * 0.35).clamp(1.0, 4.0);
    for (k, &i) in order.iter().enumerate() {
        let u = &units[i];
        let x = x_of(k);
        let name = escape(unit_labels[i].as_ref());
        let _ = write!(svg, "<g><title>{name}</title>");
        if let (Some(lo), Some(hi)) = (u.q05_rank, u.q95_rank) {
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{BAND}\" stroke-width=\"{bar:.1}\"/>",
                y_of(lo),
                y_of(hi)
            );
        }
        if let Some(m) = u.median_rank {
            let _ = write!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"{mark:.1}\" fill=\"{MEDIAN}\"/>",
                y_of(m)
            );
        }
        if let Some(r) = u.nominal_rank {
            let y = y_of(f64::from(r));
            let _ = write!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{NOMINAL}\" stroke-width=\"2\"/>",
                x - bar / 2.0 - 1.0,
                x + bar / 2.0 + 1.0
            );
        }
        svg.push_str("</g>\n");
        if labelled {
            let ly = frame.top + frame.plot_h + 12.0;
            let _ = writeln!(
                svg,
                "<text x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" transform=\"rotate(-60 {x:.1} {ly:.1})\">{name}</text>"
            );
        }
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The sensitivity chart: per factor, a bar for S1 and one for ST with their bootstrap
/// 5-95 % whiskers (negative estimates drawn at 0, as COINr does).
///
/// ```
/// # use thb_sensitivity::config::AnalysisConfig;
/// # use thb_sensitivity::engine::{IndexModel, RunFailure};
/// # use thb_sensitivity::run::{Choice, RunSpec};
/// # use thb_sensitivity::sensitivity::{sensitivity, SensitivityOptions, SensitivityOutput};
/// # struct Toy;
/// # impl IndexModel for Toy {
/// #     type Scratch = ();
/// #     fn units(&self) -> usize { 2 }
/// #     fn level_len(&self, _: u32) -> Option<usize> { None }
/// #     fn scratch(&self) {}
/// #     fn evaluate(&self, run: &RunSpec, _: &mut (), s: &mut [f64]) -> Result<(), RunFailure> {
/// #         let Choice::Alternative { index } = run.choices()[0] else { unreachable!() };
/// #         s.copy_from_slice(&[index as f64, 0.5]);
/// #         Ok(())
/// #     }
/// # }
/// # #[cfg(feature = "serde")] {
/// # let c = AnalysisConfig::from_json(r#"{"runs": 64, "seed": 1, "factors": [{"aggregate": ["a", "b"]}, {"treat": ["x", "y"]}]}"#)?;
/// # let opts = SensitivityOptions::default().output(SensitivityOutput::UnitScore { unit: 0 });
/// let sa = sensitivity(&Toy, &c, &opts)?;
/// let svg = thb_sensitivity::charts::sensitivity_svg(&sa, "Sensitivity of the ranks");
/// assert!(svg.contains(">aggregate</text>") && svg.contains(">treat</text>"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sensitivity_svg(result: &SensitivityResult, title: &str) -> String {
    let factors = result.factors();
    let n = factors.len().max(1);
    let longest = factors
        .iter()
        .map(|f| f.factor.chars().count())
        .max()
        .unwrap_or(0);
    let plot_w = (n as f64 * 90.0)
        .max(title_width(title) - 60.0)
        .clamp(300.0, 1200.0);
    let frame = Frame {
        width: 70.0 + plot_w + 20.0,
        height: 60.0 + 300.0 + 40.0 + 6.5 * longest as f64,
        left: 70.0,
        top: 60.0,
        plot_w,
        plot_h: 300.0,
    };
    let top_value = factors
        .iter()
        .flat_map(|f| [f.s1, f.s1_high, f.st, f.st_high])
        .filter(|v| v.is_finite())
        .fold(1.0f64, f64::max);
    let y_of = |v: f64| frame.top + frame.plot_h * (1.0 - v.clamp(0.0, top_value) / top_value);
    let group = frame.plot_w / n as f64;
    let bar = (group * 0.3).min(30.0);

    let mut svg = String::new();
    frame.open(&mut svg, title, "Factor", "Sensitivity index");
    frame.legend(
        &mut svg,
        &[(S1_FILL, "first order S1"), (ST_FILL, "total order ST")],
    );
    frame.y_axis(&mut svg, &ticks(0.0, top_value, 5), y_of);
    for (k, f) in factors.iter().enumerate() {
        let cx = frame.left + (k as f64 + 0.5) * group;
        for (value, low, high, fill, dx, name) in [
            (f.s1, f.s1_low, f.s1_high, S1_FILL, -bar, "S1"),
            (f.st, f.st_low, f.st_high, ST_FILL, 0.0, "ST"),
        ] {
            let x = cx + dx;
            let y = y_of(value);
            let _ = writeln!(
                svg,
                "<g><title>{} {name} = {value} [{low}, {high}]</title>\
                 <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>\
                 <line x1=\"{m:.1}\" y1=\"{:.1}\" x2=\"{m:.1}\" y2=\"{:.1}\" stroke=\"#222222\"/></g>",
                escape(&f.factor),
                frame.top + frame.plot_h - y,
                y_of(low),
                y_of(high),
                m = x + bar / 2.0,
            );
        }
        let ly = frame.top + frame.plot_h + 14.0;
        let _ = writeln!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" transform=\"rotate(-30 {cx:.1} {ly:.1})\">{}</text>",
            escape(&f.factor)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every opened element is closed, in order (a small well-formedness check).
    fn balanced(svg: &str) -> bool {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = start + rest[start..].find('>').unwrap();
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop().as_deref() != Some(name) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap().to_owned());
            }
            rest = &rest[end + 1..];
        }
        stack.is_empty()
    }

    fn toy_uncertainty(units: usize) -> UncertaintyResult {
        use crate::engine::FailureReport;
        use crate::uncertainty::UnitUncertainty;
        let unit = |i: usize| UnitUncertainty {
            nominal_rank: Some(i as u32 + 1),
            median_rank: Some(i as f64 + 1.5),
            mean_rank: Some(i as f64 + 1.4),
            q05_rank: Some((i as f64).max(1.0)),
            q95_rank: Some(i as f64 + 3.0),
            nominal_score: Some(10.0 - i as f64),
            q05_score: None,
            q95_score: None,
            top_k_share: None,
            ranked_runs: 10,
        };
        UncertaintyResult::from_parts(
            (0..units).map(unit).collect(),
            10,
            3,
            FailureReport::default(),
        )
    }

    #[test]
    fn rank_band_chart_is_well_formed_and_labelled() {
        let labels = ["A&B", "C<D", "E"];
        let svg = rank_band_svg(&toy_uncertainty(3), &labels, "Bands \"x\"").unwrap();
        assert!(balanced(&svg), "{svg}");
        assert!(
            svg.contains("A&amp;B")
                && svg.contains("C&lt;D")
                && svg.contains("Bands &quot;x&quot;")
        );
        assert!(svg.contains("Rank (1 = best)") && svg.contains("Unit (sorted by nominal rank)"));
        assert_eq!(
            svg.matches("<circle").count(),
            3,
            "one median mark per unit"
        );
        assert!(svg.contains(">1</text>"), "rank 1 is marked");
        assert!(rank_band_svg(&toy_uncertainty(3), &["A"], "t").is_err());
        // Many units: marks for all, names for none.
        let many: Vec<String> = (0..200).map(|i| format!("U{i}")).collect();
        let svg = rank_band_svg(&toy_uncertainty(200), &many, "t").unwrap();
        assert!(balanced(&svg));
        assert_eq!(svg.matches("<circle").count(), 200);
        assert!(!svg.contains(">U17</text>"));
    }

    #[test]
    fn units_are_drawn_in_nominal_rank_order() {
        let mut ua = toy_uncertainty(3);
        ua.units_mut()[0].nominal_rank = Some(3);
        ua.units_mut()[2].nominal_rank = Some(1);
        let svg = rank_band_svg(&ua, &["first", "second", "third"], "t").unwrap();
        let pos = |name: &str| svg.find(&format!(">{name}</text>")).unwrap();
        assert!(pos("third") < pos("second") && pos("second") < pos("first"));
    }

    #[test]
    fn sensitivity_chart_has_two_bars_per_factor() {
        use crate::sensitivity::FactorSensitivity;
        let factor = |name: &str, s1: f64, st: f64| FactorSensitivity {
            factor: name.to_owned(),
            s1,
            s1_low: s1 - 0.1,
            s1_high: s1 + 0.1,
            st,
            st_low: st - 0.1,
            st_high: st + 0.1,
        };
        let sa = SensitivityResult::from_factors(vec![
            factor("weights", -0.02, 0.1),
            factor("a<b", 0.5, 0.7),
        ]);
        let svg = sensitivity_svg(&sa, "A title long enough to need more room than three bars");
        assert!(balanced(&svg), "{svg}");
        // background + frame + 2 legend keys + 2 bars per factor
        assert_eq!(svg.matches("<rect").count(), 4 + 4);
        assert!(svg.contains(">weights</text>") && svg.contains(">a&lt;b</text>"));
        assert!(svg.contains("first order S1") && svg.contains("total order ST"));
        // A negative estimate is drawn as an empty bar, not below the axis.
        assert!(svg.contains("height=\"0.0\""));
        let width: f64 = svg["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"".len()..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(width >= title_width("A title long enough to need more room than three bars"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("A&B <\"x\">"), "A&amp;B &lt;&quot;x&quot;&gt;");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 1.0, 5),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(1.0, 51.0, 8), [10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(tick_label(0.6000000000000001), "0.6");
    }
}
