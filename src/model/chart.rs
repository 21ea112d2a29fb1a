//! The organisational chart: units (bodies and posts), typed relations between them, the sources every
//! fact cites, and dated events.
//!
//! build.rs compiles this file, `date.rs` and `deck.rs` too (to snapshot the bundled data): keep their
//! dependencies to serde, thiserror and each other.

use serde::{Deserialize, Serialize};

use super::date::{Date, Period};

/// The current version of the chart and deck file formats. Files carry the version they were written
/// with; this app reads every version from 1 up to this one.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub version: u32,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub units: Vec<Unit>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A document that facts are drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Author or publisher.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub date: Option<Date>,
    /// The seed document's file name, e.g. `000_ffe67eddeb61a905.txt`.
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub note: String,
}

/// A body or a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable identifier, referenced by relations, cards and progress files.
    pub id: String,
    pub name: String,
    /// Other names and spellings the sources use; search and answer checking accept them.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: UnitKind,
    pub branch: Branch,
    /// The unit this one sits under in the chart's hierarchy.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub functions: Vec<Statement>,
    #[serde(default)]
    pub holders: Vec<Holder>,
    /// Facts whose value changes over time: seats, terms, thresholds.
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub established: Option<Date>,
    #[serde(default)]
    pub abolished: Option<Date>,
    /// A body that was only proposed (e.g. the 2021 reform proposals), not part of the actual structure.
    #[serde(default)]
    pub proposal: bool,
    pub sources: Vec<String>,
}

impl Unit {
    /// Whether the unit existed in `year` (it is shown faded outside that span).
    pub fn exists_in(&self, year: i32) -> bool {
        Period { from: self.established, to: self.abolished }.contains_year(year)
            && !(self.proposal && self.established.is_none_or(|d| d.year > year))
    }

    /// Every name the unit goes by: its name first, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The holders to show for `year` (see [`in_force`]).
    pub fn holders_in(&self, year: i32) -> Vec<&Holder> {
        in_force(self.holders.iter(), year)
    }

    /// The facts in force in `year`, grouped by key in the order the keys first appear. Where sources
    /// disagree about the same period, every version is kept.
    pub fn facts_in(&self, year: i32) -> Vec<&Fact> {
        let mut keys: Vec<&str> = Vec::new();
        for f in &self.facts {
            if !keys.contains(&f.key.as_str()) {
                keys.push(&f.key);
            }
        }
        keys.into_iter()
            .flat_map(|key| in_force(self.facts.iter().filter(|f| f.key == key && !f.proposal), year))
            .collect()
    }
}

/// Something true for a time: bounded by `from`/`to` where the sources give them, or only seen to be
/// true at an `as_of` date ("currently", c. 2007).
pub trait Dated {
    fn from(&self) -> Option<Date>;
    fn to(&self) -> Option<Date>;
    fn as_of(&self) -> Option<Date>;
    /// The source's own wording of the time, e.g. "appointed in October 2008".
    fn note(&self) -> &str;

    /// When it was true, for display: the note if there is one, else the dates.
    fn time_context(&self) -> String {
        if !self.note().is_empty() {
            return self.note().to_owned();
        }
        match (self.from(), self.to(), self.as_of()) {
            (Some(f), Some(t), _) if f == t => f.display_long(),
            (Some(f), Some(t), _) => format!("{} – {}", f.display_long(), t.display_long()),
            (Some(f), None, _) => format!("from {}", f.display_long()),
            (None, Some(t), _) => format!("until {}", t.display_long()),
            (None, None, Some(a)) => format!("as of {}", a.display_long()),
            (None, None, None) => String::new(),
        }
    }

    /// True during `year`: within the bounds where they are known (an "as of" date standing in for an
    /// unknown start), or seen true that very year.
    fn in_force_in(&self, year: i32) -> bool {
        match (self.from(), self.to()) {
            (None, None) => self.as_of().is_some_and(|d| d.year == year),
            (from, to) => Period { from: from.or(self.as_of()), to }.contains_year(year),
        }
    }
}

/// The items to show for `year`:
/// - those in force then; where some of them have a known start and others do not, the latter only
///   in the year they end (a value bounded on both sides is more specific than one only known to end
///   later, but in a year of change both the old and the new value show);
/// - failing that, the ones most recently seen true before it (items with only an "as of" date; all
///   of them when several were seen the same year);
/// - failing that, the items the sources give no date for.
pub fn in_force<'a, T: Dated>(items: impl Iterator<Item = &'a T> + Clone, year: i32) -> Vec<&'a T> {
    let current: Vec<&T> = items.clone().filter(|h| h.in_force_in(year)).collect();
    if !current.is_empty() {
        let known_start = |h: &&T| h.from().or(h.as_of()).is_some();
        if current.iter().any(known_start) {
            let ends_now = |h: &&T| h.to().is_some_and(|t| t.year == year);
            return current.into_iter().filter(|h| known_start(h) || ends_now(h)).collect();
        }
        return current;
    }
    let only_seen = |h: &&T| h.from().is_none() && h.to().is_none();
    let latest =
        items.clone().filter(only_seen).filter_map(|h| h.as_of()).filter(|d| d.year <= year).map(|d| d.year).max();
    match latest {
        Some(y) => items.filter(only_seen).filter(|h| h.as_of().is_some_and(|d| d.year == y)).collect(),
        None => items.filter(only_seen).filter(|h| h.as_of().is_none()).collect(),
    }
}

macro_rules! dated {
    ($t:ty) => {
        impl Dated for $t {
            fn from(&self) -> Option<Date> {
                self.from
            }
            fn to(&self) -> Option<Date> {
                self.to
            }
            fn as_of(&self) -> Option<Date> {
                self.as_of
            }
            fn note(&self) -> &str {
                &self.note
            }
        }
    };
}
dated!(Holder);
dated!(Fact);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    /// A single office held by one person (President, Prime Minister, State Secretary).
    Post,
    /// A state body or organisation.
    Body,
    /// A division inside another body (Office of the President, Situational Centre).
    Office,
    Council,
    Commission,
    Committee,
    Ministry,
    Agency,
    Chamber,
    Court,
    /// Local government: akims, maslikhats.
    Local,
    Party,
    Fund,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 14] = [
        Self::Post,
        Self::Body,
        Self::Office,
        Self::Council,
        Self::Commission,
        Self::Committee,
        Self::Ministry,
        Self::Agency,
        Self::Chamber,
        Self::Court,
        Self::Local,
        Self::Party,
        Self::Fund,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Post => "Post",
            Self::Body => "Body",
            Self::Office => "Office",
            Self::Council => "Council",
            Self::Commission => "Commission",
            Self::Committee => "Committee",
            Self::Ministry => "Ministry",
            Self::Agency => "Agency",
            Self::Chamber => "Chamber",
            Self::Court => "Court",
            Self::Local => "Local government",
            Self::Party => "Political party",
            Self::Fund => "Fund",
            Self::Other => "Other",
        }
    }
}

/// The part of the state a unit belongs to; the chart colours boxes by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Branch {
    /// The President and the Presidential Administration.
    Presidency,
    Security,
    /// Advisory and consultative bodies under the President, and the reform commissions.
    Advisory,
    /// The Government: Prime Minister, ministers, ministries.
    Executive,
    Legislative,
    Judicial,
    /// Constitutional Council, Central Election Commission, National Bank, ombudsman.
    Independent,
    Local,
    /// Parties and civil society.
    Political,
}

impl Branch {
    pub const ALL: [Branch; 9] = [
        Self::Presidency,
        Self::Security,
        Self::Advisory,
        Self::Executive,
        Self::Legislative,
        Self::Judicial,
        Self::Independent,
        Self::Local,
        Self::Political,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Presidency => "Presidency",
            Self::Security => "Security",
            Self::Advisory => "Advisory bodies",
            Self::Executive => "Government",
            Self::Legislative => "Parliament",
            Self::Judicial => "Courts",
            Self::Independent => "Independent bodies",
            Self::Local => "Local government",
            Self::Political => "Parties and civil society",
        }
    }
}

/// A sourced statement, such as one function of a body, possibly true only for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub text: String,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    pub proposal: bool,
    pub sources: Vec<String>,
}

/// A person in office. `from`/`to` bound the term where the sources give them; `as_of` says when a
/// source saw the person in office ("currently", c. 2007) when they do not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    pub name: String,
    /// Other spellings and full forms of the name ("Nazarbaev", "Nazarbayev Nursultan Abishevitch").
    #[serde(default)]
    pub variants: Vec<String>,
    /// The title of the office when it differs from the unit's name ("Chairwoman", "Head").
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    pub as_of: Option<Date>,
    /// The source's own time context, e.g. "appointed October 2008".
    #[serde(default)]
    pub note: String,
    pub sources: Vec<String>,
}

impl Holder {
    /// The earliest date the person is known to be in office.
    pub fn start(&self) -> Option<Date> {
        self.from.or(self.as_of)
    }
}

/// A dated value: "seats: 107 from 2007", "term: 5 years".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What the value measures; facts with the same key replace each other over time.
    pub key: String,
    /// The label shown to users ("Seats", "Presidential appointees").
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    pub as_of: Option<Date>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub proposal: bool,
    pub sources: Vec<String>,
}

impl Fact {
    pub fn period(&self) -> Period {
        Period { from: self.from, to: self.to }
    }
}

/// A typed link between two units, read as "`from` <kind> `to`": "Security Council ChairedBy President".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub since: Option<Date>,
    #[serde(default)]
    pub until: Option<Date>,
    #[serde(default)]
    pub proposal: bool,
    pub sources: Vec<String>,
}

impl Relation {
    pub fn in_force(&self, year: i32) -> bool {
        !self.proposal && Period { from: self.since, to: self.until }.contains_year(year)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RelationKind {
    SubordinateTo,
    AccountableTo,
    ChairedBy,
    Advises,
    Appoints,
    /// Puts candidates forward for another body to appoint or elect.
    Nominates,
    Coordinates,
    Supports,
    Oversees,
    Elects,
    Approves,
    Succeeds,
}

impl RelationKind {
    pub const ALL: [RelationKind; 12] = [
        Self::SubordinateTo,
        Self::AccountableTo,
        Self::ChairedBy,
        Self::Advises,
        Self::Appoints,
        Self::Nominates,
        Self::Coordinates,
        Self::Supports,
        Self::Oversees,
        Self::Elects,
        Self::Approves,
        Self::Succeeds,
    ];

    /// How the relation reads between its two ends: "X is chaired by Y".
    pub fn verb(self) -> &'static str {
        match self {
            Self::SubordinateTo => "is subordinate to",
            Self::AccountableTo => "is accountable to",
            Self::ChairedBy => "is chaired by",
            Self::Advises => "advises",
            Self::Appoints => "appoints",
            Self::Nominates => "nominates members of",
            Self::Coordinates => "coordinates",
            Self::Supports => "supports",
            Self::Oversees => "oversees",
            Self::Elects => "elects",
            Self::Approves => "approves",
            Self::Succeeds => "succeeded",
        }
    }

    /// How the relation reads from its far end: "Y chairs X".
    pub fn inverse_verb(self) -> &'static str {
        match self {
            Self::SubordinateTo => "has subordinate",
            Self::AccountableTo => "is accountable for",
            Self::ChairedBy => "chairs",
            Self::Advises => "is advised by",
            Self::Appoints => "is appointed by",
            Self::Nominates => "has members nominated by",
            Self::Coordinates => "is coordinated by",
            Self::Supports => "is supported by",
            Self::Oversees => "is overseen by",
            Self::Elects => "is elected by",
            Self::Approves => "is approved by",
            Self::Succeeds => "was succeeded by",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SubordinateTo => "Subordinate to",
            Self::AccountableTo => "Accountable to",
            Self::ChairedBy => "Chaired by",
            Self::Advises => "Advises",
            Self::Appoints => "Appoints",
            Self::Nominates => "Nominates",
            Self::Coordinates => "Coordinates",
            Self::Supports => "Supports",
            Self::Oversees => "Oversees",
            Self::Elects => "Elects",
            Self::Approves => "Approves",
            Self::Succeeds => "Succeeded",
        }
    }
}

/// A dated event on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub title: String,
    #[serde(default)]
    pub kind: EventKind,
    #[serde(default)]
    pub detail: String,
    /// Units the event concerns.
    #[serde(default)]
    pub units: Vec<String>,
    /// A proposal that had not (or not yet) been adopted when the source was written.
    #[serde(default)]
    pub proposal: bool,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EventKind {
    Constitution,
    Referendum,
    Amendment,
    Election,
    Creation,
    Appointment,
    Reform,
    Proposal,
    #[default]
    Other,
}

impl Chart {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The ids of `root` and every unit below it in the hierarchy.
    pub fn branch_ids(&self, root: &str) -> std::collections::HashSet<&str> {
        let mut children: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
        for u in &self.units {
            if let Some(p) = &u.parent {
                children.entry(p.as_str()).or_default().push(&u.id);
            }
        }
        let mut out = std::collections::HashSet::new();
        let mut stack: Vec<&str> = self.unit(root).map(|u| u.id.as_str()).into_iter().collect();
        while let Some(id) = stack.pop() {
            if out.insert(id) {
                stack.extend(children.get(id).into_iter().flatten().copied());
            }
        }
        out
    }

    /// The span of years the data covers: established dates, holder terms, facts and events.
    pub fn year_range(&self) -> Option<(i32, i32)> {
        let mut years = Vec::new();
        for u in &self.units {
            years.extend(u.established.iter().chain(u.abolished.iter()).map(|d| d.year));
            for h in &u.holders {
                years.extend([h.from, h.to, h.as_of].into_iter().flatten().map(|d| d.year));
            }
            for f in &u.facts {
                years.extend([f.from, f.to, f.as_of].into_iter().flatten().map(|d| d.year));
            }
        }
        years.extend(self.events.iter().map(|e| e.date.year));
        Some((*years.iter().min()?, *years.iter().max()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<Date> {
        Some(text.parse().expect("valid date"))
    }

    fn holder(name: &str, from: Option<Date>, to: Option<Date>, as_of: Option<Date>) -> Holder {
        Holder {
            name: name.into(),
            variants: vec![],
            title: String::new(),
            from,
            to,
            as_of,
            note: String::new(),
            sources: vec!["s".into()],
        }
    }

    fn names(hs: Vec<&Holder>) -> Vec<&str> {
        hs.into_iter().map(|h| h.name.as_str()).collect()
    }

    #[test]
    fn holders_follow_the_sources_dates() {
        let hs = [
            holder("Dzhaksybekov", None, None, d("c. 2007")),
            holder("Kelimbetov", None, d("2008-10"), d("2008")),
            holder("Musin", d("2008-10"), None, None),
        ];
        assert_eq!(names(in_force(hs.iter(), 2007)), ["Dzhaksybekov"]);
        assert_eq!(names(in_force(hs.iter(), 2008)), ["Kelimbetov", "Musin"]);
        assert_eq!(names(in_force(hs.iter(), 2009)), ["Musin"]);
        assert!(in_force(hs.iter(), 2005).is_empty());
    }

    #[test]
    fn holders_seen_the_same_year_are_all_shown_later() {
        let hs = [holder("Shukeev", None, None, d("c. 2008")), holder("Orynbayev", None, None, d("c. 2008"))];
        assert_eq!(names(in_force(hs.iter(), 2010)), ["Shukeev", "Orynbayev"]);
    }

    #[test]
    fn a_value_with_a_known_start_wins_over_one_known_only_to_end_later() {
        let fact = |value: &str, from, to| Fact {
            key: "seats".into(),
            label: "Seats".into(),
            value: value.into(),
            from,
            to,
            as_of: None,
            note: String::new(),
            proposal: false,
            sources: vec!["s".into()],
        };
        let facts = [fact("47", d("1995"), d("1995")), fact("39", None, d("2007-05")), fact("47+", d("2007-05"), None)];
        let values = |y| in_force(facts.iter(), y).into_iter().map(|f| f.value.as_str()).collect::<Vec<_>>();
        assert_eq!(values(1995), ["47"]);
        assert_eq!(values(2000), ["39"]);
        assert_eq!(values(2007), ["39", "47+"]);
        assert_eq!(values(2010), ["47+"]);
    }
}
