//! Progress towards targets: the Eurostat SDG method (`thb progress`), the UNSD progress-chart
//! variant, SDSN-style distance to target and the OECD standardised distance.
//!
//! Formulas, thresholds and their sources: `monitoring-methods.md` §1-§4 and `interfaces.md`
//! §3.4. Thresholds set by organisations are conventions: every one is a parameter, with the
//! cited value as the default or a named preset; the ones marked *(from recall — verify)* have
//! not been checked against a retrieved text.

mod dataset;
mod eurostat;
mod oecd;
mod sdsn;
mod summary;
mod targets;
mod unsd;

pub use dataset::{PROGRESS_CSV_HEADER, ProgressRow, assess_dataset, write_progress_csv};
pub use eurostat::{
    Assessment, EurostatThresholds, Point, ProgressCategory, RawThresholds, Target, assess,
    required_cagr,
};
pub use oecd::{oecd_distance, oecd_distances, top_share_target};
pub use sdsn::{
    DashboardColour, DashboardThresholds, SdsnBounds, TrendArrow, goal_colour, sdsn_trend,
};
pub use summary::{ProgressSummary, summarise};
pub use targets::Targets;
pub use unsd::{UnsdAssessment, UnsdRating, UnsdThresholds, unsd_progress};
