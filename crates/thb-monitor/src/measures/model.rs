//! The data model of counter-trafficking measures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use thb_model::{Code, Issue, IssueKind, Location, Period, UnitCode};

use crate::error::MonitorError;
use crate::results::ResultsFramework;

/// A lower-case tag for target groups, activity types and goals: ASCII letters, digits, `_`,
/// `-`, `.` (upper case is folded, so `UAM` and `uam` are the same tag).
///
/// Common target groups: `uam` (unaccompanied minors), `children`, `women`, `men`,
/// `labour_exploitation_victims`, `sexual_exploitation_victims`, `migrants`, `roma`,
/// `professionals`, `general_public`. Common activities: `awareness_raising`, `training`,
/// `shelter`, `legal_aid`, `helpline`, `identification`, `guardianship`, `reintegration`,
/// `labour_inspection`, `investigation`, `prosecution_support`, `data_collection`,
/// `coordination`, `supply_chain_due_diligence`.
///
/// ```
/// use thb_monitor::measures::Tag;
/// assert_eq!("UAM".parse::<Tag>()?.as_str(), "uam");
/// assert!("two words".parse::<Tag>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Tag(String);

impl Tag {
    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Tag {
    type Err = MonitorError;
    fn from_str(s: &str) -> Result<Self, MonitorError> {
        let t = s.trim().to_ascii_lowercase();
        let ok = !t.is_empty()
            && t.len() <= 64
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok {
            Ok(Self(t))
        } else {
            Err(MonitorError::parameter(
                "tag",
                s,
                "a tag is 1-64 ASCII letters, digits, `_`, `-` or `.` (no spaces)",
            ))
        }
    }
}

impl TryFrom<String> for Tag {
    type Error = MonitorError;
    fn try_from(s: String) -> Result<Self, MonitorError> {
        s.parse()
    }
}

impl From<Tag> for String {
    fn from(t: Tag) -> String {
        t.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in JSON and CSV.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = MonitorError;
            fn from_str(s: &str) -> Result<Self, MonitorError> {
                let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                Self::ALL.iter().copied().find(|v| v.as_str() == t).ok_or_else(|| {
                    MonitorError::parameter(
                        $what,
                        s,
                        format!(
                            "expected one of {}",
                            Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// A pillar of the 4P paradigm (Palermo/TVPA 3P plus Partnership).
    ///
    /// ```
    /// use thb_monitor::measures::Pillar;
    /// assert_eq!("Protection".parse::<Pillar>()?, Pillar::Protection);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Pillar, "pillar" {
        /// Prevention.
        Prevention => "prevention",
        /// Protection of victims.
        Protection => "protection",
        /// Prosecution of traffickers.
        Prosecution => "prosecution",
        /// Partnership and coordination.
        Partnership => "partnership",
    }
);

text_enum!(
    /// The kind of organisation implementing a measure.
    ///
    /// ```
    /// use thb_monitor::measures::ActorType;
    /// assert_eq!("international organisation".parse::<ActorType>()?, ActorType::InternationalOrganisation);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ActorType, "actor type" {
        /// A national, regional or local public authority.
        Government => "government",
        /// A non-governmental or third-sector organisation.
        Ngo => "ngo",
        /// An international organisation (IOM, UNODC, OSCE, ...).
        InternationalOrganisation => "international_organisation",
        /// A company or business association.
        Private => "private",
        /// A university or research institute.
        Academic => "academic",
        /// Anything else.
        Other => "other",
    }
);

text_enum!(
    /// An OECD DAC evaluation criterion (OECD DAC 2019, *Better Criteria for Better
    /// Evaluation*; `monitoring-methods.md` §7). The criteria are a lens, not a formula.
    ///
    /// ```
    /// use thb_monitor::measures::DacCriterion;
    /// assert_eq!(DacCriterion::ALL.len(), 6);
    /// ```
    DacCriterion, "DAC criterion" {
        /// Is the intervention doing the right things?
        Relevance => "relevance",
        /// How well does it fit (internal and external coherence)?
        Coherence => "coherence",
        /// Is it achieving its objectives?
        Effectiveness => "effectiveness",
        /// How well are resources used?
        Efficiency => "efficiency",
        /// What difference does it make?
        Impact => "impact",
        /// Will the benefits last?
        Sustainability => "sustainability",
    }
);

/// An evaluation rating of one DAC criterion on an ordinal scale `1..=scale_max`, with its
/// evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct DacRating {
    /// The criterion.
    pub criterion: DacCriterion,
    /// The rating, 1 (worst) to `scale_max` (best).
    pub rating: u8,
    /// The top of the scale (e.g. 4 or 6).
    pub scale_max: u8,
    /// The evidence the rating rests on.
    pub evidence: String,
    /// The evaluation report, if cited.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub source: Option<String>,
}

impl DacRating {
    /// The rating on [0, 1]: `(rating - 1) / (scale_max - 1)`.
    ///
    /// ```
    /// use thb_monitor::measures::{DacCriterion, DacRating};
    /// let r = DacRating { criterion: DacCriterion::Relevance, rating: 3, scale_max: 4, evidence: "x".into(), source: None };
    /// assert!((r.normalised() - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn normalised(&self) -> f64 {
        if self.scale_max <= 1 {
            return 0.0;
        }
        f64::from(self.rating.saturating_sub(1)) / f64::from(self.scale_max - 1)
    }
}

/// A budget: an exact amount in a currency (ISO 4217 code such as `EUR`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Budget {
    /// The amount (a JSON string such as `"250000.00"`, exact).
    pub amount: Decimal,
    /// The currency.
    pub currency: String,
}

/// A counter-trafficking measure (intervention, project or programme).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Measure {
    /// Unique identifier.
    pub id: Code,
    /// Name.
    pub name: String,
    /// `true` for made-up data (examples, tests).
    #[cfg_attr(feature = "serde", serde(default))]
    pub illustrative: bool,
    /// Free description.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub description: Option<String>,
    /// The implementing organisation.
    pub actor: String,
    /// Its kind.
    pub actor_type: ActorType,
    /// Who pays, if not the actor.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub funder: Option<String>,
    /// Countries (or other units) covered.
    pub countries: BTreeSet<UnitCode>,
    /// The 4P pillar.
    pub pillar: Pillar,
    /// Finer goals or target codes (e.g. catalogue codes `UAM05`, `PT03`); with the pillar,
    /// the "goals" dimension of overlap analysis.
    #[cfg_attr(feature = "serde", serde(default))]
    pub goals: BTreeSet<Tag>,
    /// Beneficiary groups (`uam`, `women`, `labour_exploitation_victims`, ...).
    pub target_groups: BTreeSet<Tag>,
    /// Activity types (`shelter`, `training`, ...).
    pub activities: BTreeSet<Tag>,
    /// First period of activity.
    pub start: Period,
    /// Last period of activity (inclusive).
    pub end: Period,
    /// The budget, if known.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub budget: Option<Budget>,
    /// The results framework, if any.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub results: Option<ResultsFramework>,
    /// Evaluation ratings per DAC criterion.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evaluation: Vec<DacRating>,
}

impl Measure {
    /// The "goals" dimension: the pillar plus the finer goals.
    pub fn goal_set(&self) -> BTreeSet<String> {
        self.goals
            .iter()
            .map(|g| g.as_str().to_owned())
            .chain(std::iter::once(format!("pillar:{}", self.pillar)))
            .collect()
    }

    /// Every problem with this measure (`at` locates it in its file).
    pub fn validate(&self, at: &Location) -> Vec<Issue> {
        let mut issues = Vec::new();
        let mut bad = |field: &str, message: String| {
            issues.push(
                Issue::new(
                    IssueKind::BadValue,
                    format!("measure `{}`: {message}", self.id),
                )
                .at(at.clone().column(field)),
            );
        };
        if self.name.trim().is_empty() {
            bad("name", "the name is empty".into());
        }
        if self.actor.trim().is_empty() {
            bad("actor", "the actor is empty".into());
        }
        if self.countries.is_empty() {
            bad("countries", "no country is given".into());
        }
        if self.target_groups.is_empty() {
            bad("target_groups", "no target group is given".into());
        }
        if self.activities.is_empty() {
            bad("activities", "no activity type is given".into());
        }
        if self.end < self.start {
            bad(
                "end",
                format!("ends ({}) before it starts ({})", self.end, self.start),
            );
        }
        if let Some(b) = &self.budget {
            if b.amount.is_sign_negative() {
                bad("budget", format!("negative budget {}", b.amount));
            }
            if b.currency.trim().is_empty() {
                bad("budget", "the budget has no currency".into());
            }
        }
        if let Some(r) = &self.results {
            for ind in r.indicators() {
                if let Err(e) = ind.check() {
                    bad("results", format!("indicator `{}`: {e}", ind.code));
                }
            }
        }
        let mut seen = BTreeMap::new();
        for r in &self.evaluation {
            if r.scale_max < 2 || r.rating < 1 || r.rating > r.scale_max {
                bad(
                    "evaluation",
                    format!(
                        "{} rating {} is outside the scale 1..={}",
                        r.criterion, r.rating, r.scale_max
                    ),
                );
            }
            if r.evidence.trim().is_empty() {
                bad(
                    "evaluation",
                    format!("{} rating has no evidence", r.criterion),
                );
            }
            if seen.insert(r.criterion, ()).is_some() {
                bad("evaluation", format!("{} is rated twice", r.criterion));
            }
        }
        issues
    }
}

/// A registry of measures, with its own description (say there whether the data are
/// illustrative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Registry {
    /// The schema version (`1`).
    pub schema: u32,
    /// `true` for made-up data.
    #[cfg_attr(feature = "serde", serde(default))]
    pub illustrative: bool,
    /// What the registry holds and where it comes from.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub description: Option<String>,
    /// The measures.
    pub measures: Vec<Measure>,
}

impl Registry {
    /// A registry of `measures` (schema 1, not illustrative).
    pub fn new(measures: Vec<Measure>) -> Self {
        Self {
            schema: thb_model::SCHEMA_VERSION,
            illustrative: false,
            description: None,
            measures,
        }
    }

    /// The measure with `id`.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id.as_str() == id)
    }

    /// Every problem in the registry: an unknown schema, duplicate ids, and each measure's
    /// own problems ([`Measure::validate`]). `locate(i)` says where measure `i` was read.
    pub fn validate_with(&self, locate: impl Fn(usize) -> Location) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.schema != thb_model::SCHEMA_VERSION {
            issues.push(Issue::new(
                IssueKind::BadValue,
                format!(
                    "schema {} is not supported (expected {})",
                    self.schema,
                    thb_model::SCHEMA_VERSION
                ),
            ));
        }
        let mut first: BTreeMap<&Code, usize> = BTreeMap::new();
        for (i, m) in self.measures.iter().enumerate() {
            let at = locate(i);
            if let Some(j) = first.insert(&m.id, i) {
                issues.push(
                    Issue::new(
                        IssueKind::Duplicate,
                        format!(
                            "measure id `{}` is used twice (first at {})",
                            m.id,
                            locate(j)
                        ),
                    )
                    .at(at.clone().column("id")),
                );
            }
            issues.extend(m.validate(&at));
        }
        issues
    }

    /// Every problem in the registry, located by measure position only.
    pub fn validate(&self) -> Vec<Issue> {
        self.validate_with(|i| Location::memory().column(format!("measures[{i}]")))
    }
}
