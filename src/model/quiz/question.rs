//! Question kinds, the answers a student gives, and how an answer is marked.

use serde::{Deserialize, Serialize};

use super::answer::{DiffSpan, Leniency, Verdict, check};

/// The kinds of question, as the command line's `--kinds` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// Multiple choice, up to four options.
    Choice,
    TrueFalse,
    /// The answer typed.
    Typed,
    /// Five questions to five answers.
    Matching,
    /// On the chart: click the unit that …, or name the unit whose label is hidden.
    Chart,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Choice, Kind::TrueFalse, Kind::Typed, Kind::Matching, Kind::Chart];

    /// The name on the command line and in files: `choice`, `truefalse`, `typed`, `matching`, `chart`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Choice => "choice",
            Kind::TrueFalse => "truefalse",
            Kind::Typed => "typed",
            Kind::Matching => "matching",
            Kind::Chart => "chart",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Choice => "Multiple choice",
            Kind::TrueFalse => "True or false",
            Kind::Typed => "Typed answer",
            Kind::Matching => "Matching",
            Kind::Chart => "On the chart",
        }
    }

    /// Parses a comma-separated list such as `choice,typed`; the error names the unknown word.
    pub fn parse_list(text: &str) -> Result<Vec<Kind>, String> {
        let mut kinds = Vec::new();
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let kind = Kind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(word)).ok_or_else(|| {
                format!(
                    "unknown kind `{word}`; the kinds are {}",
                    Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
                )
            })?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return Err("no kind given".to_owned());
        }
        Ok(kinds)
    }
}

/// Where a question comes from: a card (deck and card id), or the chart (deck `@chart`, with the
/// chart item as the card id). Shown with the answer and used to send a missed question to Study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct About {
    pub deck: String,
    pub card: String,
    /// The right answer as the card gives it.
    pub answer: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

/// What the question asks and what is right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Body {
    Choice {
        options: Vec<String>,
        correct: usize,
    },
    /// "Is this the answer?": `statement` is the answer offered.
    TrueFalse {
        statement: String,
        truth: bool,
    },
    Typed {
        /// The card's answer first, then the other accepted forms.
        answers: Vec<String>,
        /// Answers of other questions, which a typed text close to is never "almost".
        others: Vec<String>,
    },
    /// `prompts[i]` goes with `answers[correct[i]]`.
    Matching {
        prompts: Vec<String>,
        answers: Vec<String>,
        correct: Vec<usize>,
    },
    /// Click the unit on the chart; any of `targets` (unit ids) is right.
    PickUnit {
        targets: Vec<String>,
    },
    /// The unit `unit` is shown on the chart with its name hidden; which of `options` is it?
    NameUnit {
        unit: String,
        options: Vec<String>,
        correct: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The same for every student who takes the same exam: the kind and what it is about.
    pub id: String,
    pub kind: Kind,
    pub prompt: String,
    pub body: Body,
    pub about: Vec<About>,
}

/// A student's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Choice(usize),
    Bool(bool),
    Text(String),
    /// For each prompt, the answer chosen for it.
    Matching(Vec<Option<usize>>),
    Unit(String),
}

/// What an almost-right typed answer is worth in an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AlmostPolicy {
    Wrong,
    #[default]
    Half,
    Full,
}

impl AlmostPolicy {
    pub const ALL: [AlmostPolicy; 3] = [AlmostPolicy::Wrong, AlmostPolicy::Half, AlmostPolicy::Full];

    pub fn label(self) -> &'static str {
        match self {
            AlmostPolicy::Wrong => "Wrong (no credit)",
            AlmostPolicy::Half => "Half credit",
            AlmostPolicy::Full => "Full credit",
        }
    }

    fn credit(self) -> f64 {
        match self {
            AlmostPolicy::Wrong => 0.0,
            AlmostPolicy::Half => 0.5,
            AlmostPolicy::Full => 1.0,
        }
    }
}

/// How an answer was marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub verdict: Verdict,
    /// 0 ..= 1.
    pub credit: f64,
    /// For an almost-right typed answer, how it differs from the answer it nearly was.
    #[serde(default)]
    pub diff: Vec<DiffSpan>,
    /// For matching: how many pairs were right.
    #[serde(default)]
    pub pairs_right: Option<usize>,
}

impl Mark {
    fn of(verdict: Verdict, credit: f64) -> Self {
        Mark { verdict, credit, diff: Vec::new(), pairs_right: None }
    }

    pub fn unanswered() -> Self {
        Mark::of(Verdict::Wrong, 0.0)
    }
}

impl Question {
    /// Marks `response`. `almost` says what an almost-right typed answer is worth.
    pub fn mark(&self, response: &Response, leniency: Leniency, almost: AlmostPolicy) -> Mark {
        let right = |ok: bool| if ok { Mark::of(Verdict::Right, 1.0) } else { Mark::of(Verdict::Wrong, 0.0) };
        match (&self.body, response) {
            (Body::Choice { correct, .. }, Response::Choice(i)) => right(i == correct),
            (Body::NameUnit { correct, .. }, Response::Choice(i)) => right(i == correct),
            (Body::TrueFalse { truth, .. }, Response::Bool(b)) => right(b == truth),
            (Body::PickUnit { targets }, Response::Unit(id)) => right(targets.contains(id)),
            (Body::Typed { answers, others }, Response::Text(text)) => {
                let Some((back, accepted)) = answers.split_first() else { return Mark::unanswered() };
                let checked = check(text, back, accepted, others, leniency);
                let credit = match checked.verdict {
                    Verdict::Right => 1.0,
                    Verdict::Almost => almost.credit(),
                    Verdict::Wrong => 0.0,
                };
                Mark { verdict: checked.verdict, credit, diff: checked.diff, pairs_right: None }
            }
            (Body::Matching { correct, .. }, Response::Matching(given)) => {
                let n = correct.len().max(1);
                let good = correct.iter().zip(given).filter(|(c, g)| g.as_ref() == Some(*c)).count();
                let verdict = if good == correct.len() { Verdict::Right } else { Verdict::Wrong };
                Mark { verdict, credit: good as f64 / n as f64, diff: Vec::new(), pairs_right: Some(good) }
            }
            _ => Mark::unanswered(),
        }
    }

    /// The right answer, as shown after the question.
    pub fn right_answer(&self, unit_name: impl Fn(&str) -> String) -> String {
        match &self.body {
            Body::Choice { options, correct } | Body::NameUnit { options, correct, .. } => {
                options.get(*correct).cloned().unwrap_or_default()
            }
            Body::TrueFalse { truth, statement } => {
                if *truth {
                    format!("True: {statement}")
                } else {
                    let answer = self.about.first().map_or(String::new(), |a| a.answer.clone());
                    format!("False: the answer is {answer}")
                }
            }
            Body::Typed { answers, .. } => answers.first().cloned().unwrap_or_default(),
            Body::Matching { prompts, answers, correct } => prompts
                .iter()
                .zip(correct)
                .map(|(p, &c)| format!("{p} — {}", answers.get(c).map_or("", String::as_str)))
                .collect::<Vec<_>>()
                .join("\n"),
            Body::PickUnit { targets } => targets.iter().map(|t| unit_name(t)).collect::<Vec<_>>().join(" or "),
        }
    }

    /// The answer given, in words.
    pub fn describe(&self, response: Option<&Response>, unit_name: impl Fn(&str) -> String) -> String {
        let Some(response) = response else { return "(no answer)".to_owned() };
        match (&self.body, response) {
            (Body::Choice { options, .. } | Body::NameUnit { options, .. }, Response::Choice(i)) => {
                options.get(*i).cloned().unwrap_or_default()
            }
            (_, Response::Bool(b)) => if *b { "True" } else { "False" }.to_owned(),
            (_, Response::Text(t)) => t.clone(),
            (_, Response::Unit(id)) => unit_name(id),
            (Body::Matching { prompts, answers, .. }, Response::Matching(given)) => prompts
                .iter()
                .zip(given.iter().chain(std::iter::repeat(&None)))
                .map(|(p, g)| format!("{p} — {}", g.and_then(|g| answers.get(g)).map_or("?", String::as_str)))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        }
    }

    /// The options a student chooses among, if the question has any (for the report's option counts).
    pub fn options(&self) -> &[String] {
        match &self.body {
            Body::Choice { options, .. } | Body::NameUnit { options, .. } => options,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(body: Body) -> Question {
        Question { id: "q".into(), kind: Kind::Choice, prompt: "?".into(), body, about: Vec::new() }
    }

    #[test]
    fn kinds_parse_from_the_command_line_list() {
        assert_eq!(Kind::parse_list("choice,truefalse,typed,matching,chart").unwrap(), Kind::ALL.to_vec());
        assert_eq!(Kind::parse_list("typed, choice,typed").unwrap(), vec![Kind::Typed, Kind::Choice]);
        assert!(Kind::parse_list("choice,essay").unwrap_err().contains("`essay`"));
        assert!(Kind::parse_list("").is_err());
    }

    #[test]
    fn an_almost_typed_answer_earns_what_the_exam_says() {
        let typed = q(Body::Typed { answers: vec!["The President".into()], others: vec![] });
        let r = Response::Text("Presidnet".into());
        assert_eq!(typed.mark(&r, Leniency::Forgiving, AlmostPolicy::Half).credit, 0.5);
        assert_eq!(typed.mark(&r, Leniency::Forgiving, AlmostPolicy::Wrong).credit, 0.0);
        assert_eq!(typed.mark(&r, Leniency::Forgiving, AlmostPolicy::Full).credit, 1.0);
        assert_eq!(typed.mark(&r, Leniency::Forgiving, AlmostPolicy::Full).verdict, Verdict::Almost);
    }

    #[test]
    fn matching_earns_a_fifth_per_pair() {
        let m = q(Body::Matching {
            prompts: (0..5).map(|i| format!("p{i}")).collect(),
            answers: (0..5).map(|i| format!("a{i}")).collect(),
            correct: vec![2, 0, 1, 4, 3],
        });
        let mark = m.mark(
            &Response::Matching(vec![Some(2), Some(0), Some(3), None, Some(3)]),
            Leniency::Forgiving,
            AlmostPolicy::Half,
        );
        assert_eq!(mark.pairs_right, Some(3));
        assert!((mark.credit - 0.6).abs() < 1e-9);
        assert_eq!(mark.verdict, Verdict::Wrong);
    }

    #[test]
    fn an_answer_of_the_wrong_shape_is_wrong() {
        let c = q(Body::Choice { options: vec!["a".into(), "b".into()], correct: 1 });
        assert_eq!(c.mark(&Response::Bool(true), Leniency::Forgiving, AlmostPolicy::Half).credit, 0.0);
        assert_eq!(c.mark(&Response::Choice(1), Leniency::Forgiving, AlmostPolicy::Half).verdict, Verdict::Right);
    }
}
