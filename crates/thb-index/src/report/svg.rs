//! A small SVG writer for the report's charts.
//!
//! Four chart kinds, each a plain function from a description to SVG text: a vertical
//! [`BarChart`] (groups of bars with optional interval whiskers), a [`StackedBars`] chart
//! (horizontal, labelled rows of stacked segments), a [`DotRange`] chart (a range and dots per
//! labelled row) and a [`Tree`] (an indented framework tree). The SVG is meant to be inlined in
//! HTML: it references nothing outside itself (no script, font file, image or link), all text
//! is escaped, every chart states its axis and the direction of "better", and each mark carries
//! a `<title>` tooltip with its exact value.

/// Colour-blind-safe palette (Okabe & Ito 2008), in the order series are coloured.
pub(crate) const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const FONT_SIZE: f64 = 12.0;
/// Approximate width of one character at [`FONT_SIZE`] (sans-serif average).
const CHAR_W: f64 = 6.6;
const GRID: &str = "#DDDDDD";
const INK: &str = "#222222";
const MUTED: &str = "#555555";
/// Labels longer than this are shortened with an ellipsis (the full text is in the tooltip).
const MAX_LABEL: usize = 34;

/// Escapes text for XML and HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` shortened to `max` characters with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * CHAR_W * size / FONT_SIZE
}

/// How a text is placed.
#[derive(Debug, Clone, Copy)]
struct TextStyle {
    anchor: &'static str,
    size: f64,
    bold: bool,
    fill: &'static str,
    rotate: Option<f64>,
}

impl TextStyle {
    const fn new(anchor: &'static str) -> Self {
        Self {
            anchor,
            size: FONT_SIZE,
            bold: false,
            fill: INK,
            rotate: None,
        }
    }
    const fn size(mut self, size: f64) -> Self {
        self.size = size;
        self
    }
    const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    const fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
    const fn rotate(mut self, degrees: f64) -> Self {
        self.rotate = Some(degrees);
        self
    }
}

const START: TextStyle = TextStyle::new("start");
const MIDDLE: TextStyle = TextStyle::new("middle");
const END: TextStyle = TextStyle::new("end");

/// An SVG document being written: elements are appended in paint order.
struct Svg {
    out: String,
}

impl Svg {
    fn new(width: f64, height: f64, title: &str) -> Self {
        let t = escape(title);
        Self {
            out: format!(
                "<svg class=\"chart\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
                 role=\"img\" aria-label=\"{t}\" font-family=\"{FONT}\" font-size=\"{FONT_SIZE}\">\n<title>{t}</title>\n\
                 <rect width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#FFFFFF\"/>\n"
            ),
        }
    }

    fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let rotate = style
            .rotate
            .map(|d| format!(" transform=\"rotate({d:.0} {x:.1} {y:.1})\""))
            .unwrap_or_default();
        self.out.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{weight}{rotate}>{}</text>\n",
            style.anchor,
            style.size,
            style.fill,
            escape(text)
        ));
    }

    /// A text followed by a smaller, muted note in the same line (the note flows after the
    /// text whatever its rendered width).
    fn text_with_note(&mut self, x: f64, y: f64, text: &str, style: TextStyle, note: &str) {
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        self.out.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{}\" fill=\"{}\"{weight}>{}<tspan dx=\"10\" font-size=\"11\" font-weight=\"normal\" fill=\"{MUTED}\">{}</tspan></text>\n",
            style.size,
            style.fill,
            escape(text),
            escape(note)
        ));
    }

    /// A text shortened to [`MAX_LABEL`] characters, with the full text as its tooltip.
    fn label(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let short = shorten(text, MAX_LABEL);
        if short == text {
            self.text(x, y, text, style);
        } else {
            self.out
                .push_str(&format!("<g><title>{}</title>\n", escape(text)));
            self.text(x, y, &short, style);
            self.out.push_str("</g>\n");
        }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tooltip: Option<&str>) {
        self.shape(
            &format!(
                "rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"",
                w.max(0.0),
                h.max(0.0)
            ),
            "rect",
            tooltip,
        );
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, tooltip: Option<&str>) {
        self.shape(
            &format!(
                "circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#FFFFFF\" stroke-width=\"1\""
            ),
            "circle",
            tooltip,
        );
    }

    fn shape(&mut self, open: &str, tag: &str, tooltip: Option<&str>) {
        match tooltip {
            Some(t) => self
                .out
                .push_str(&format!("<{open}><title>{}</title></{tag}>\n", escape(t))),
            None => self.out.push_str(&format!("<{open}/>\n")),
        }
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        self.out.push_str(&format!(
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>\n"
        ));
    }

    /// Draws `legend` with its first line at `y`.
    fn legend(&mut self, legend: &Legend<'_>, y: f64) {
        for ((colour, name, swatch), (x, dy)) in legend.items.iter().zip(legend.positions()) {
            let cy = y + dy;
            match swatch {
                Swatch::Square => self.rect(x, cy - 10.0, 12.0, 12.0, colour, None),
                Swatch::Dot => self.circle(x + 6.0, cy - 4.0, 5.0, colour, None),
                Swatch::Bar => self.rect(x, cy - 7.0, 14.0, 6.0, colour, None),
            }
            self.text(x + 17.0, cy, name, START);
        }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// The mark shown in a legend entry.
#[derive(Debug, Clone, Copy)]
enum Swatch {
    Square,
    Dot,
    Bar,
}

/// A legend: swatches with names, in lines that wrap at the chart's width.
struct Legend<'a> {
    items: Vec<(&'a str, String, Swatch)>,
}

const LEGEND_X: f64 = 16.0;
const LEGEND_MAX_X: f64 = 944.0;
const LEGEND_LINE: f64 = 18.0;

impl<'a> Legend<'a> {
    fn new(items: impl IntoIterator<Item = (&'a str, &'a str, Swatch)>) -> Self {
        Self {
            items: items
                .into_iter()
                .map(|(c, n, s)| (c, shorten(n, 48), s))
                .collect(),
        }
    }

    fn of_series(series: &'a [Series], swatch: Swatch) -> Self {
        Self::new(series.iter().map(|s| (s.colour, s.name.as_str(), swatch)))
    }

    /// The position of each entry: x, and y below the first line.
    fn positions(&self) -> Vec<(f64, f64)> {
        let (mut x, mut dy) = (LEGEND_X, 0.0);
        self.items
            .iter()
            .map(|(_, name, _)| {
                let w = 22.0 + text_width(name, FONT_SIZE);
                if x + w > LEGEND_MAX_X && x > LEGEND_X {
                    x = LEGEND_X;
                    dy += LEGEND_LINE;
                }
                let at = (x, dy);
                x += w + 14.0;
                at
            })
            .collect()
    }

    /// The height the legend takes (0 when empty).
    fn height(&self) -> f64 {
        self.positions()
            .last()
            .map_or(0.0, |(_, dy)| dy + LEGEND_LINE + 6.0)
    }
}

/// A linear axis over `[lo, hi]` with round ticks.
#[derive(Debug, Clone)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: usize,
}

impl Axis {
    /// An axis covering `[lo, hi]` (widened to round ticks), about `target` ticks. A degenerate
    /// or non-finite range becomes `[lo - 1, lo + 1]`.
    fn nice(lo: f64, hi: f64, target: usize) -> Self {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo - 1.0, lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        let raw = (hi - lo) / target.max(1) as f64;
        let exp = raw.log10().floor() as i32;
        let pow = 10f64.powi(exp);
        // Steps of 1, 2, 2.5 or 5 times a power of ten (multipliers in tenths).
        let (tenths, step) = [10u32, 20, 25, 50, 100]
            .into_iter()
            .map(|m| (m, f64::from(m) / 10.0 * pow))
            .find(|(_, s)| *s >= raw * (1.0 - 1e-9))
            .unwrap_or((100, 10.0 * pow));
        // A bound within rounding error of a tick is that tick.
        let first = (lo / step + 1e-9).floor() as i64;
        let last = (hi / step - 1e-9).ceil() as i64;
        let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
        // Decimals that show every tick exactly: 10^exp needs -exp, a step of 2.5 one more.
        let decimals = (i32::from(tenths == 25) - i32::from(tenths == 100) - exp).max(0) as usize;
        Self {
            lo: first as f64 * step,
            hi: last as f64 * step,
            ticks,
            decimals,
        }
    }

    /// A fixed axis `[lo, hi]` with round ticks inside it.
    fn fixed(lo: f64, hi: f64, target: usize) -> Self {
        let mut a = Self::nice(lo, hi, target);
        a.ticks.retain(|t| *t >= lo - 1e-9 && *t <= hi + 1e-9);
        a.lo = lo;
        a.hi = hi;
        a
    }

    /// Position of `v` on a pixel range from `start` (at `lo`) to `end` (at `hi`).
    fn at(&self, v: f64, start: f64, end: f64) -> f64 {
        start + (v - self.lo) / (self.hi - self.lo) * (end - start)
    }

    fn tick_label(&self, v: f64) -> String {
        let s = format!("{v:.*}", self.decimals);
        if s.trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            "0".to_owned()
        } else {
            s
        }
    }
}

/// A series: its legend name and colour.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub name: String,
    pub colour: &'static str,
}

impl Series {
    /// The `i`-th series coloured from [`PALETTE`].
    pub(crate) fn nth(i: usize, name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            colour: PALETTE[i % PALETTE.len()],
        }
    }
}

/// One bar of a [`BarChart`].
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub value: f64,
    /// An interval drawn as a whisker (low, high).
    pub interval: Option<(f64, f64)>,
    /// The tooltip (exact value and what it is).
    pub tooltip: String,
}

/// A category of a [`BarChart`]: one bar per series (`None` = no value).
#[derive(Debug, Clone)]
pub(crate) struct BarGroup {
    pub label: String,
    pub bars: Vec<Option<Bar>>,
}

/// Vertical bars, grouped by category, with optional whiskers.
#[derive(Debug, Clone)]
pub(crate) struct BarChart {
    pub title: String,
    /// The value axis: quantity, unit and direction ("score 0-100, higher is better").
    pub y_label: String,
    /// The category axis.
    pub x_label: String,
    pub series: Vec<Series>,
    pub groups: Vec<BarGroup>,
    /// A fixed value range; `None` = fitted to the data (always including 0).
    pub range: Option<(f64, f64)>,
}

/// Renders a [`BarChart`].
pub(crate) fn bar_chart(c: &BarChart) -> String {
    let width = 960.0;
    let (left, right) = (64.0, 16.0);
    let plot_w = width - left - right;
    let slot = plot_w / c.groups.len().max(1) as f64;
    let longest = c
        .groups
        .iter()
        .map(|g| shorten(&g.label, 18).chars().count())
        .max()
        .unwrap_or(1) as f64;
    let rotate = longest * CHAR_W > slot - 4.0;
    let label_h = if rotate {
        longest * CHAR_W * 0.71 + 14.0
    } else {
        20.0
    };
    let legend = if c.series.len() > 1 {
        Legend::of_series(&c.series, Swatch::Square)
    } else {
        Legend::new([])
    };
    let top = 34.0 + legend.height();
    let plot_h = 300.0;
    let height = top + plot_h + label_h + 34.0;
    let values = c.groups.iter().flat_map(|g| g.bars.iter().flatten());
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for b in values {
        lo = lo.min(b.value);
        hi = hi.max(b.value);
        if let Some((l, h)) = b.interval {
            lo = lo.min(l);
            hi = hi.max(h);
        }
    }
    let axis = match c.range {
        Some((l, h)) => Axis::fixed(l, h, 5),
        None => Axis::nice(lo, hi, 8),
    };
    let y = |v: f64| axis.at(v.clamp(axis.lo, axis.hi), top + plot_h, top);
    let mut svg = Svg::new(width, height, &c.title);
    svg.text(LEGEND_X, 20.0, &c.title, START.size(14.0).bold());
    svg.legend(&legend, 44.0);
    for &t in &axis.ticks {
        let ty = y(t);
        svg.line(left, ty, left + plot_w, ty, GRID, 1.0);
        svg.text(left - 6.0, ty + 4.0, &axis.tick_label(t), END.fill(MUTED));
    }
    let n_series = c.series.len().max(1) as f64;
    let bar_w = ((slot * 0.8) / n_series).min(40.0);
    let zero = y(0.0_f64.clamp(axis.lo, axis.hi));
    for (gi, g) in c.groups.iter().enumerate() {
        let x0 = left + gi as f64 * slot + (slot - bar_w * n_series) / 2.0;
        for (si, bar) in g.bars.iter().enumerate() {
            let Some(bar) = bar else { continue };
            let colour = c.series.get(si).map_or(PALETTE[0], |s| s.colour);
            let bx = x0 + si as f64 * bar_w;
            let vy = y(bar.value);
            svg.rect(
                bx + 0.5,
                vy.min(zero),
                bar_w - 1.0,
                (vy - zero).abs(),
                colour,
                Some(&bar.tooltip),
            );
            if let Some((l, h)) = bar.interval {
                let cx = bx + bar_w / 2.0;
                svg.line(cx, y(l), cx, y(h), INK, 1.2);
                svg.line(cx - 3.0, y(l), cx + 3.0, y(l), INK, 1.2);
                svg.line(cx - 3.0, y(h), cx + 3.0, y(h), INK, 1.2);
            }
        }
        let cx = left + (gi as f64 + 0.5) * slot;
        let ly = top + plot_h + 14.0;
        if rotate {
            let short = shorten(&g.label, 18);
            svg.text(cx + 4.0, ly - 4.0, &short, END.rotate(-45.0));
        } else {
            svg.label(cx, ly, &g.label, MIDDLE);
        }
    }
    svg.line(left, zero, left + plot_w, zero, INK, 1.0);
    svg.line(left, top, left, top + plot_h, INK, 1.0);
    let mid = top + plot_h / 2.0;
    svg.text(16.0, mid, &c.y_label, MIDDLE.rotate(-90.0).bold());
    svg.text(
        left + plot_w / 2.0,
        height - 10.0,
        &c.x_label,
        MIDDLE.bold(),
    );
    svg.finish()
}

/// One labelled row of a [`StackedBars`] chart.
#[derive(Debug, Clone)]
pub(crate) struct StackedRow {
    pub label: String,
    /// One non-negative value per series, stacked left to right.
    pub segments: Vec<f64>,
    /// Text shown right of the bar (e.g. the total).
    pub note: String,
}

/// Horizontal, labelled rows of stacked segments.
#[derive(Debug, Clone)]
pub(crate) struct StackedBars {
    pub title: String,
    /// The value axis: quantity, unit and direction.
    pub x_label: String,
    pub series: Vec<Series>,
    pub rows: Vec<StackedRow>,
    /// A fixed maximum (e.g. 100 for percentages); `None` = fitted.
    pub max: Option<f64>,
}

/// Layout of a chart with one labelled row per item: label column, plot, note column.
struct RowLayout {
    width: f64,
    left: f64,
    plot_w: f64,
    top: f64,
    row_h: f64,
    height: f64,
}

impl RowLayout {
    fn new(labels: impl Iterator<Item = usize>, rows: usize, legend_h: f64, note_w: f64) -> Self {
        let width = 960.0;
        let longest = labels.max().unwrap_or(1).min(MAX_LABEL) as f64;
        let left = (longest * CHAR_W + 16.0).clamp(60.0, 260.0);
        let top = 34.0 + legend_h;
        let row_h = 18.0;
        Self {
            width,
            left,
            plot_w: width - left - note_w - 12.0,
            top,
            row_h,
            height: top + rows as f64 * row_h + 52.0,
        }
    }
    fn row_mid(&self, i: usize) -> f64 {
        self.top + (i as f64 + 0.5) * self.row_h
    }
    fn bottom(&self) -> f64 {
        self.height - 52.0
    }
    /// A chart with its title, legend and value axis drawn.
    fn open(&self, title: &str, legend: &Legend<'_>, axis: &Axis, x_label: &str) -> Svg {
        let mut svg = Svg::new(self.width, self.height, title);
        svg.text(LEGEND_X, 20.0, title, START.size(14.0).bold());
        svg.legend(legend, 44.0);
        self.x_axis(&mut svg, axis, x_label);
        svg
    }

    /// Vertical grid lines, tick labels and the axis title.
    fn x_axis(&self, svg: &mut Svg, axis: &Axis, label: &str) {
        let bottom = self.bottom();
        for &t in &axis.ticks {
            let x = axis.at(t, self.left, self.left + self.plot_w);
            svg.line(x, self.top, x, bottom, GRID, 1.0);
            svg.text(x, bottom + 15.0, &axis.tick_label(t), MIDDLE.fill(MUTED));
        }
        svg.line(self.left, bottom, self.left + self.plot_w, bottom, INK, 1.0);
        svg.text(
            self.left + self.plot_w / 2.0,
            bottom + 36.0,
            label,
            MIDDLE.bold(),
        );
    }
}

/// Renders a [`StackedBars`] chart.
pub(crate) fn stacked_bars(c: &StackedBars) -> String {
    let legend = if c.series.len() > 1 {
        Legend::of_series(&c.series, Swatch::Square)
    } else {
        Legend::new([])
    };
    let note_w = c
        .rows
        .iter()
        .map(|r| text_width(&r.note, FONT_SIZE))
        .fold(0.0, f64::max)
        + 8.0;
    let lay = RowLayout::new(
        c.rows.iter().map(|r| r.label.chars().count()),
        c.rows.len(),
        legend.height(),
        note_w,
    );
    let total = |r: &StackedRow| r.segments.iter().filter(|v| v.is_finite()).sum::<f64>();
    let axis = match c.max {
        Some(m) => Axis::fixed(0.0, m, 5),
        None => Axis::nice(0.0, c.rows.iter().map(total).fold(0.0, f64::max), 5),
    };
    let mut svg = lay.open(&c.title, &legend, &axis, &c.x_label);
    let x = |v: f64| axis.at(v.clamp(axis.lo, axis.hi), lay.left, lay.left + lay.plot_w);
    for (i, row) in c.rows.iter().enumerate() {
        let mid = lay.row_mid(i);
        svg.label(lay.left - 8.0, mid + 4.0, &row.label, END);
        let mut acc = 0.0;
        for (si, v) in row.segments.iter().enumerate() {
            if !v.is_finite() || *v <= 0.0 {
                continue;
            }
            let s = &c.series[si.min(c.series.len().saturating_sub(1))];
            let tip = format!("{}: {}: {}", row.label, s.name, trim_number(*v));
            svg.rect(
                x(acc),
                mid - 6.0,
                x(acc + v) - x(acc),
                12.0,
                s.colour,
                Some(&tip),
            );
            acc += v;
        }
        svg.text(x(acc) + 6.0, mid + 4.0, &row.note, START.fill(MUTED));
    }
    svg.finish()
}

/// A number for a tooltip: up to 4 decimals, trailing zeros removed.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// One labelled row of a [`DotRange`] chart.
#[derive(Debug, Clone)]
pub(crate) struct DotRow {
    pub label: String,
    /// A range drawn as a thick light bar (low, high).
    pub range: Option<(f64, f64)>,
    /// One dot per series (`None` = no value).
    pub dots: Vec<Option<f64>>,
    /// The tooltip of the row's marks (exact values).
    pub tooltip: String,
}

/// Labelled rows with a range and dots: pillar scores, rank bands.
#[derive(Debug, Clone)]
pub(crate) struct DotRange {
    pub title: String,
    /// The value axis: quantity, unit and direction.
    pub x_label: String,
    pub series: Vec<Series>,
    /// The legend name of the range bar.
    pub range_name: String,
    pub rows: Vec<DotRow>,
    /// A fixed value range; `None` = fitted.
    pub domain: Option<(f64, f64)>,
}

const RANGE_FILL: &str = "#BFD3E6";
const CONTEXT: &str = "#999999";

/// Renders a [`DotRange`] chart.
pub(crate) fn dot_range(c: &DotRange) -> String {
    let legend = Legend::new(
        std::iter::once((RANGE_FILL, c.range_name.as_str(), Swatch::Bar)).chain(
            c.series
                .iter()
                .map(|s| (s.colour, s.name.as_str(), Swatch::Dot)),
        ),
    );
    let lay = RowLayout::new(
        c.rows.iter().map(|r| r.label.chars().count()),
        c.rows.len(),
        legend.height(),
        8.0,
    );
    let axis = match c.domain {
        Some((l, h)) => Axis::fixed(l, h, 6),
        None => {
            let all = c.rows.iter().flat_map(|r| {
                r.dots
                    .iter()
                    .flatten()
                    .copied()
                    .chain(r.range.into_iter().flat_map(|(l, h)| [l, h]))
            });
            let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            Axis::nice(lo, hi, 6)
        }
    };
    let mut svg = lay.open(&c.title, &legend, &axis, &c.x_label);
    let x = |v: f64| axis.at(v.clamp(axis.lo, axis.hi), lay.left, lay.left + lay.plot_w);
    for (i, row) in c.rows.iter().enumerate() {
        let mid = lay.row_mid(i);
        if i % 2 == 1 {
            svg.rect(
                lay.left,
                mid - lay.row_h / 2.0,
                lay.plot_w,
                lay.row_h,
                "#F6F6F6",
                None,
            );
        }
        svg.label(lay.left - 8.0, mid + 4.0, &row.label, END);
        if let Some((l, h)) = row.range {
            let (a, b) = (x(l.min(h)), x(l.max(h)));
            svg.rect(
                a - 1.0,
                mid - 4.0,
                b - a + 2.0,
                8.0,
                RANGE_FILL,
                Some(&row.tooltip),
            );
        }
        for (si, v) in row.dots.iter().enumerate() {
            if let Some(v) = v {
                let colour = c.series.get(si).map_or(PALETTE[0], |s| s.colour);
                svg.circle(x(*v), mid, 4.5, colour, Some(&row.tooltip));
            }
        }
    }
    svg.finish()
}

/// What a tree node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TreeKind {
    /// An aggregate (index, sub-index, pillar).
    Aggregate,
    /// A scored indicator.
    Indicator,
    /// A context indicator (reported, not aggregated).
    Context,
}

/// One node of a [`Tree`], listed depth first.
#[derive(Debug, Clone)]
pub(crate) struct TreeItem {
    /// Depth below the root (0 = root).
    pub depth: usize,
    pub label: String,
    /// A short note after the label (direction, weight).
    pub note: String,
    pub kind: TreeKind,
    /// The tooltip (full name, unit, source).
    pub tooltip: String,
}

/// The framework as an indented tree, depth first.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub title: String,
    pub items: Vec<TreeItem>,
}

/// Renders a [`Tree`].
pub(crate) fn tree(c: &Tree) -> String {
    let (indent, row_h, top, left) = (26.0, 19.0, 56.0, 16.0);
    let width = 960.0;
    let height = top + c.items.len() as f64 * row_h + 12.0;
    let mut svg = Svg::new(width, height, &c.title);
    svg.text(left, 20.0, &c.title, START.size(14.0).bold());
    let has_context = c.items.iter().any(|i| i.kind == TreeKind::Context);
    let legend = Legend::new(
        [
            (
                PALETTE[0],
                "aggregate (index, sub-index, pillar)",
                Swatch::Square,
            ),
            (PALETTE[2], "scored indicator", Swatch::Dot),
            (
                CONTEXT,
                "context indicator (reported, not aggregated)",
                Swatch::Dot,
            ),
        ]
        .into_iter()
        .take(if has_context { 3 } else { 2 }),
    );
    svg.legend(&legend, 42.0);
    let y = |i: usize| top + (i as f64 + 0.5) * row_h;
    let x = |depth: usize| left + 6.0 + depth as f64 * indent;
    // Connectors: from each item up to its parent (the nearest earlier item one level up).
    let mut stack: Vec<usize> = Vec::new();
    for (i, item) in c.items.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&p| c.items[p].depth >= item.depth)
        {
            stack.pop();
        }
        if let Some(&p) = stack.last() {
            let px = x(c.items[p].depth);
            svg.line(px, y(p) + 6.0, px, y(i), CONTEXT, 1.0);
            svg.line(px, y(i), x(item.depth) - 6.0, y(i), CONTEXT, 1.0);
        }
        stack.push(i);
    }
    for (i, item) in c.items.iter().enumerate() {
        let (cx, cy) = (x(item.depth), y(i));
        let style = match item.kind {
            TreeKind::Aggregate => {
                svg.rect(
                    cx - 5.0,
                    cy - 5.0,
                    10.0,
                    10.0,
                    PALETTE[0],
                    Some(&item.tooltip),
                );
                START.bold()
            }
            TreeKind::Indicator => {
                svg.circle(cx, cy, 4.5, PALETTE[2], Some(&item.tooltip));
                START
            }
            TreeKind::Context => {
                svg.circle(cx, cy, 4.5, CONTEXT, Some(&item.tooltip));
                START.fill(MUTED)
            }
        };
        let label = shorten(&item.label, 70);
        svg.out
            .push_str(&format!("<g><title>{}</title>\n", escape(&item.tooltip)));
        svg.text_with_note(cx + 10.0, cy + 4.0, &label, style, &item.note);
        svg.out.push_str("</g>\n");
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::super::xml_check::well_formed;
    use super::*;

    fn bars() -> BarChart {
        BarChart {
            title: "Index <score> & rank".into(),
            y_label: "score (0-100), higher is better".into(),
            x_label: "unit".into(),
            series: vec![Series::nth(0, "index")],
            groups: vec![
                BarGroup {
                    label: "Côte \"d'Ivoire\"".into(),
                    bars: vec![Some(Bar {
                        value: 72.5,
                        interval: Some((60.0, 80.0)),
                        tooltip: "72.5 <b>".into(),
                    })],
                },
                BarGroup {
                    label: "B&B".into(),
                    bars: vec![None],
                },
            ],
            range: Some((0.0, 100.0)),
        }
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{7}b"), "a b");
    }

    #[test]
    fn bar_chart_is_well_formed_escaped_and_labelled() {
        let s = bar_chart(&bars());
        well_formed(&s).unwrap();
        assert!(s.contains("Index &lt;score&gt; &amp; rank"), "{s}");
        assert!(s.contains("Côte &quot;d&#39;Ivoire&quot;"));
        assert!(s.contains("B&amp;B"));
        assert!(s.contains("score (0-100), higher is better"));
        assert!(s.contains("72.5 &lt;b&gt;"));
        assert!(!s.contains("<b>"));
        // 0 to 100 in round ticks, both ends labelled
        assert!(s.contains(">0</text>") && s.contains(">100</text>"));
        // the missing bar draws nothing: one bar rect with a tooltip
        assert_eq!(s.matches("<rect x=").count(), 1, "{s}");
    }

    #[test]
    fn long_category_labels_are_rotated_and_shortened() {
        let mut c = bars();
        c.groups = (0..40)
            .map(|i| BarGroup {
                label: format!("A rather long unit name number {i}"),
                bars: vec![Some(Bar {
                    value: f64::from(i),
                    interval: None,
                    tooltip: i.to_string(),
                })],
            })
            .collect();
        c.range = None;
        let s = bar_chart(&c);
        well_formed(&s).unwrap();
        assert!(s.contains("rotate(-45"));
        assert!(s.contains("A rather long uni…"));
    }

    #[test]
    fn stacked_bars_stack_segments_in_order() {
        let c = StackedBars {
            title: "Coverage".into(),
            x_label: "share of indicator cells (%)".into(),
            series: vec![Series::nth(2, "present"), Series::nth(1, "missing")],
            rows: vec![StackedRow {
                label: "Austria <AT>".into(),
                segments: vec![75.0, 25.0],
                note: "4 cells".into(),
            }],
            max: Some(100.0),
        };
        let s = stacked_bars(&c);
        well_formed(&s).unwrap();
        assert!(s.contains("Austria &lt;AT&gt;: present: 75"));
        assert!(s.contains("Austria &lt;AT&gt;: missing: 25"));
        assert!(s.contains("share of indicator cells (%)") && s.contains("4 cells"));
        let present = s.find(": present:").unwrap();
        let missing = s.find(": missing:").unwrap();
        assert!(present < missing);
    }

    #[test]
    fn dot_range_draws_ranges_dots_and_legend() {
        let c = DotRange {
            title: "Rank bands".into(),
            x_label: "rank (1 = best)".into(),
            series: vec![Series::nth(0, "median"), Series::nth(5, "nominal")],
            range_name: "5-95 % of runs".into(),
            rows: vec![
                DotRow {
                    label: "AT".into(),
                    range: Some((1.0, 4.0)),
                    dots: vec![Some(2.0), Some(1.0)],
                    tooltip: "AT: 1-4".into(),
                },
                DotRow {
                    label: "BE".into(),
                    range: None,
                    dots: vec![None, Some(3.0)],
                    tooltip: "BE".into(),
                },
            ],
            domain: None,
        };
        let s = dot_range(&c);
        well_formed(&s).unwrap();
        for label in [
            "rank (1 = best)",
            "5-95 % of runs",
            "median",
            "nominal",
            ">AT<",
            ">BE<",
        ] {
            assert!(s.contains(label), "{label} missing");
        }
        // 3 dots with tooltips + 2 legend dots
        assert_eq!(s.matches("<circle").count(), 5);
    }

    #[test]
    fn tree_connects_children_to_parents() {
        let item = |depth, label: &str, kind| TreeItem {
            depth,
            label: label.into(),
            note: "↑".into(),
            kind,
            tooltip: label.into(),
        };
        let c = Tree {
            title: "Framework".into(),
            items: vec![
                item(0, "Index", TreeKind::Aggregate),
                item(1, "P & Q", TreeKind::Aggregate),
                item(2, "a", TreeKind::Indicator),
                item(2, "b", TreeKind::Indicator),
                item(1, "ctx", TreeKind::Context),
            ],
        };
        let s = tree(&c);
        well_formed(&s).unwrap();
        assert!(s.contains(">P &amp; Q<tspan"));
        // two connector lines per non-root item
        assert_eq!(s.matches("stroke=\"#999999\"").count(), 8);
    }

    #[test]
    fn axis_ticks_are_round_and_cover_the_data() {
        let a = Axis::nice(3.2, 97.0, 5);
        assert!(a.lo <= 3.2 && a.hi >= 97.0);
        assert_eq!(a.tick_label(a.ticks[1]), "20");
        let b = Axis::nice(0.0, 0.37, 5);
        assert_eq!(b.tick_label(0.1), "0.1");
        let c = Axis::nice(0.0, 1.0, 4);
        assert_eq!(c.tick_label(0.25), "0.25");
        let d = Axis::nice(5.0, 5.0, 5);
        assert!(d.lo < 5.0 && d.hi > 5.0);
    }
}
