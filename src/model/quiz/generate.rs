//! Building a quiz: questions of the kinds asked for, from the cards a scope takes and from the chart
//! itself, the same for the same seed and data on every machine.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::answer::{Form, strip_parenthesised};
use super::distractors::{AnswerType, Pool};
use super::question::{About, Body, Kind, Question};
use super::rng::Rng;
use crate::model::chart::{Chart, Dated, RelationKind, Unit};
use crate::model::chart_cards::{CHART_DECK_ID, capitalised};
use crate::model::deck::{Card, Deck};
use crate::model::study::{ScopeFilter, StudyScope};
use crate::model::text::fold;

/// What a quiz is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizSpec {
    pub scope: StudyScope,
    pub count: usize,
    pub kinds: Vec<Kind>,
    pub seed: u64,
}

impl Default for QuizSpec {
    fn default() -> Self {
        Self { scope: StudyScope::All, count: 10, kinds: vec![Kind::Choice, Kind::TrueFalse, Kind::Typed], seed: 1 }
    }
}

/// At most this many options in a multiple-choice question.
pub const OPTIONS: usize = 4;
/// Pairs in a matching question.
pub const PAIRS: usize = 5;
/// Longest answer (in words) asked to be typed, unless a shorter form is accepted.
const TYPED_WORDS: usize = 6;
/// Longest answer (in words) offered as an option.
const OPTION_WORDS: usize = 30;
const MATCHING_WORDS: usize = 8;

/// The questions built; fewer than asked for when the scope has too few usable cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub questions: Vec<Question>,
    /// Cards in the scope.
    pub cards_in_scope: usize,
}

/// Builds a quiz from `decks` (the chart's generated deck among them, if it is to be used) and the
/// chart. Distractors come from all of `decks` and the chart; questions only from what the scope takes.
pub fn generate(spec: &QuizSpec, chart: &Chart, decks: &[&Deck]) -> Generated {
    let all_cards = decks.iter().flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c)));
    let pool = Pool::build(chart, all_cards);
    generate_with(spec, chart, decks, &pool)
}

/// [`generate`] with a distractor pool built beforehand (it depends only on the decks and the chart).
pub fn generate_with(spec: &QuizSpec, chart: &Chart, decks: &[&Deck], pool: &Pool) -> Generated {
    let filter = ScopeFilter::new(&spec.scope, chart);
    let mut cards: Vec<(&str, &Card)> = decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c)))
        .filter(|(deck, c)| filter.takes_card(deck, c))
        .collect();
    let cards_in_scope = cards.len();
    let mut rng = Rng::derive(spec.seed, "cards");
    rng.shuffle(&mut cards);
    let mut chart_items =
        if spec.kinds.contains(&Kind::Chart) { chart_items(chart, &spec.scope, &filter) } else { Vec::new() };
    Rng::derive(spec.seed, "chart").shuffle(&mut chart_items);
    let mut chart_items = chart_items.into_iter();

    let mut kinds = spec.kinds.clone();
    kinds.dedup();
    Rng::derive(spec.seed, "kinds").shuffle(&mut kinds);
    let mut used = vec![false; cards.len()];
    // The ways each card could not be asked (choice, true/false, typed), so none is tried twice.
    let mut failed = vec![[false; 3]; cards.len()];
    let mut questions: Vec<Question> = Vec::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut rng = Rng::derive(spec.seed, "questions");
    let mut slot = 0;
    while questions.len() < spec.count && !kinds.is_empty() && slot < spec.count * 4 + 8 {
        let preferred = kinds[slot % kinds.len()];
        slot += 1;
        let order = std::iter::once(preferred).chain(kinds.iter().copied().filter(|k| *k != preferred));
        let mut made = None;
        for kind in order {
            made = match kind {
                // An item that cannot be asked (too few wrong options) gives way to the next.
                Kind::Chart => chart_items.by_ref().find_map(|item| item.question(chart, pool, &mut rng)),
                Kind::Matching => matching(&cards, &mut used, &mut rng),
                _ => from_card(kind, &spec.kinds, &cards, (&mut used, &mut failed), chart, pool, &mut rng),
            };
            if made.is_some() {
                break;
            }
        }
        match made {
            Some(q) if seen_ids.insert(q.id.clone()) => questions.push(q),
            Some(_) => {}
            None => break,
        }
    }
    add_rivals(&mut questions);
    Generated { questions, cards_in_scope }
}

fn about(deck: &str, card: &Card) -> About {
    About {
        deck: deck.to_owned(),
        card: card.id.clone(),
        answer: card.back.clone(),
        note: card.note.clone(),
        sources: card.sources.clone(),
        unit: card.unit.clone(),
    }
}

fn listy(card: &Card) -> bool {
    card.back.contains('•') || card.back.contains('\n')
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The next unused card asked as `kind`, or, where it cannot be, another way among `allowed`.
fn from_card(
    kind: Kind,
    allowed: &[Kind],
    cards: &[(&str, &Card)],
    (used, failed): (&mut [bool], &mut [[bool; 3]]),
    chart: &Chart,
    pool: &Pool,
    rng: &mut Rng,
) -> Option<Question> {
    let slot = |k: Kind| match k {
        Kind::Choice => 0,
        Kind::TrueFalse => 1,
        _ => 2,
    };
    let others: Vec<Kind> = allowed
        .iter()
        .copied()
        .filter(|k| matches!(k, Kind::Choice | Kind::TrueFalse | Kind::Typed) && *k != kind)
        .collect();
    // First a card that can be asked the way wanted; failing that, one asked another way.
    for ways in [vec![kind], others] {
        for (i, (deck, card)) in cards.iter().enumerate() {
            if used[i] {
                continue;
            }
            let unit = card.unit.as_deref().and_then(|u| chart.unit(u));
            for way in &ways {
                if failed[i][slot(*way)] {
                    continue;
                }
                match card_question(*way, deck, card, unit, pool, rng) {
                    Some(q) => {
                        used[i] = true;
                        return Some(q);
                    }
                    None => failed[i][slot(*way)] = true,
                }
            }
        }
    }
    None
}

fn could_ask(kind: Kind, card: &Card) -> bool {
    match kind {
        Kind::Typed => typed_answers(card).is_some(),
        Kind::Choice | Kind::TrueFalse => !listy(card) && words(&card.back) <= OPTION_WORDS,
        _ => false,
    }
}

/// The answers a typed question accepts: the back first when it is short enough to type, else only if
/// a short accepted form exists.
fn typed_answers(card: &Card) -> Option<Vec<String>> {
    if listy(card) {
        return None;
    }
    let short = |s: &str| words(s) <= TYPED_WORDS;
    if short(&card.back) || card.accept.iter().any(|a| words(a) <= 4) {
        Some(card.answers().map(str::to_owned).collect())
    } else {
        None
    }
}

fn card_question(
    kind: Kind,
    deck: &str,
    card: &Card,
    unit: Option<&Unit>,
    pool: &Pool,
    rng: &mut Rng,
) -> Option<Question> {
    let id = |k: Kind| format!("{}:{deck}/{}", k.name(), card.id);
    // A name offered among names shows without its parenthesised aside, which would give it away.
    let offered = || match pool.kind_of(deck, card) {
        AnswerType::Person | AnswerType::Body => {
            let plain = strip_parenthesised(&card.back);
            let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
            if plain.is_empty() { card.back.clone() } else { plain }
        }
        _ => card.back.clone(),
    };
    let body = match kind {
        Kind::Typed => Body::Typed { answers: typed_answers(card)?, others: card.wrong.clone() },
        Kind::Choice => {
            if !could_ask(Kind::Choice, card) {
                return None;
            }
            let wrong = pool.distractors(deck, card, unit, OPTIONS - 1, rng);
            if wrong.is_empty() {
                return None;
            }
            let mut options: Vec<String> = wrong;
            let correct = rng.below(options.len() + 1);
            options.insert(correct, offered());
            Body::Choice { options, correct }
        }
        Kind::TrueFalse => {
            if !could_ask(Kind::TrueFalse, card) {
                return None;
            }
            let wrong = pool.distractors(deck, card, unit, 1, rng);
            let false_one = wrong.into_iter().next()?;
            let truth = rng.chance(2);
            Body::TrueFalse { statement: if truth { offered() } else { false_one }, truth }
        }
        Kind::Matching | Kind::Chart => return None,
    };
    Some(Question { id: id(kind), kind, prompt: card.front.clone(), body, about: vec![about(deck, card)] })
}

/// Five unused cards with short, distinct answers, as one matching question.
fn matching(cards: &[(&str, &Card)], used: &mut [bool], rng: &mut Rng) -> Option<Question> {
    let mut picked: Vec<usize> = Vec::new();
    let mut forms: Vec<Vec<Form>> = Vec::new();
    for (i, (_, card)) in cards.iter().enumerate() {
        if used[i] || listy(card) || words(&card.back) > MATCHING_WORDS {
            continue;
        }
        // No answer may also fit another prompt.
        let answers: Vec<Form> = card.answers().map(Form::of).collect();
        let clash = picked.iter().zip(&forms).any(|(&j, other)| {
            cards[j].1.front == card.front || other.iter().any(|o| answers.iter().any(|a| a.same(o)))
        });
        if !clash {
            picked.push(i);
            forms.push(answers);
        }
        if picked.len() == PAIRS {
            break;
        }
    }
    if picked.len() < PAIRS {
        return None;
    }
    for &i in &picked {
        used[i] = true;
    }
    let prompts: Vec<String> = picked.iter().map(|&i| cards[i].1.front.clone()).collect();
    let mut order: Vec<usize> = (0..PAIRS).collect();
    rng.shuffle(&mut order);
    let answers: Vec<String> = order.iter().map(|&k| cards[picked[k]].1.back.clone()).collect();
    // prompts[k] goes with answers[position of k in order].
    let correct: Vec<usize> = (0..PAIRS).map(|k| order.iter().position(|&o| o == k).unwrap_or(0)).collect();
    let ids: Vec<String> = picked.iter().map(|&i| format!("{}/{}", cards[i].0, cards[i].1.id)).collect();
    Some(Question {
        id: format!("matching:{}", ids.join("+")),
        kind: Kind::Matching,
        prompt: "Match each question with its answer.".to_owned(),
        body: Body::Matching { prompts, answers, correct },
        about: picked.iter().map(|&i| about(cards[i].0, cards[i].1)).collect(),
    })
}

/// Typed questions learn the answers of the other questions, so that a slip towards one of them is not
/// taken for "almost".
fn add_rivals(questions: &mut [Question]) {
    let answers: Vec<(usize, String, Form)> = questions
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.about.iter().map(move |a| (i, a.answer.clone(), Form::of(&a.answer))))
        .collect();
    for (i, q) in questions.iter_mut().enumerate() {
        if let Body::Typed { answers: own, others } = &mut q.body {
            let own: Vec<Form> = own.iter().map(|o| Form::of(o)).collect();
            for (j, a, form) in &answers {
                if *j != i && !own.iter().any(|o| o.same(form)) && !others.contains(a) {
                    others.push(a.clone());
                }
            }
        }
    }
}

/// Something on the chart to ask about.
#[derive(Debug, Clone)]
enum ChartItem {
    /// "Click the unit that …": any of `targets` is right.
    Pick {
        id: String,
        prompt: String,
        targets: Vec<String>,
        unit: String,
        card: String,
        answer: String,
        sources: Vec<String>,
    },
    /// "Which unit is this?" with the unit's name hidden.
    Name { unit: String },
}

/// The article English puts before a unit's name in a sentence.
fn the(unit: &Unit) -> String {
    if unit.name.starts_with("The ") || unit.kind == crate::model::UnitKind::Party {
        unit.name.clone()
    } else {
        format!("the {}", unit.name)
    }
}

fn chart_items(chart: &Chart, scope: &StudyScope, filter: &ScopeFilter) -> Vec<ChartItem> {
    let depth = |u: &Unit| {
        let mut d = 0;
        let mut p = u.parent.as_deref();
        while let Some(id) = p {
            d += 1;
            p = chart.unit(id).and_then(|u| u.parent.as_deref());
            if d > chart.units.len() {
                break;
            }
        }
        d
    };
    let takes = |u: &Unit| match scope {
        StudyScope::All => true,
        StudyScope::Deck(id) => id == CHART_DECK_ID,
        StudyScope::Tag(t) => t == "chart",
        StudyScope::Branch(_) => filter.branch().contains(u.id.as_str()),
        StudyScope::Essentials => depth(u) <= 2,
    };
    let names = |ids: &[String]| {
        ids.iter().filter_map(|id| chart.unit(id)).map(|u| capitalised(&the(u))).collect::<Vec<_>>().join("; ")
    };
    // Each function's folded text, to find every unit with the same function.
    let functions: Vec<(String, &str)> = chart
        .units
        .iter()
        .filter(|o| !o.proposal)
        .flat_map(|o| o.functions.iter().filter(|g| !g.proposal).map(move |g| (fold(&g.text), o.id.as_str())))
        .collect();
    let mut items = Vec::new();
    for u in chart.units.iter().filter(|u| !u.proposal && takes(u)) {
        let relation = |kind: RelationKind, backwards: bool| -> (Vec<String>, Vec<String>) {
            let mut targets = Vec::new();
            let mut sources = Vec::new();
            for r in chart.relations.iter().filter(|r| r.kind == kind && !r.proposal && r.until.is_none()) {
                let (near, far) = if backwards { (&r.to, &r.from) } else { (&r.from, &r.to) };
                if *near == u.id && chart.unit(far).is_some_and(|f| !f.proposal) && !targets.contains(far) {
                    targets.push(far.clone());
                    sources.extend(r.sources.iter().cloned());
                }
            }
            (targets, sources)
        };
        for (kind, backwards, prompt, card) in [
            (
                RelationKind::ChairedBy,
                false,
                format!("Click the unit that chairs {}.", the(u)),
                format!("chaired-by:{}", u.id),
            ),
            (
                RelationKind::AccountableTo,
                false,
                format!("Click the unit to which {} is accountable.", the(u)),
                format!("accountable-to:{}", u.id),
            ),
            (RelationKind::Appoints, true, format!("Click the unit that appoints {}.", the(u)), String::new()),
        ] {
            let (targets, sources) = relation(kind, backwards);
            if !targets.is_empty() {
                let id = format!("pick:{}:{}", kind.label().to_lowercase().replace(' ', "-"), u.id);
                let answer = names(&targets);
                items.push(ChartItem::Pick { id, prompt, targets, unit: u.id.clone(), card, answer, sources });
            }
        }
        for (n, f) in u.functions.iter().filter(|f| !f.proposal && f.to.is_none()).enumerate() {
            let text = fold(&f.text);
            let mut targets: Vec<String> = Vec::new();
            for (t, id) in &functions {
                if *t == text && !targets.iter().any(|x| x == id) {
                    targets.push((*id).to_owned());
                }
            }
            let prompt = format!("Click the unit with this function: “{}”.", f.text.trim_end_matches('.'));
            let answer = names(&targets);
            let card = format!("functions:{}", u.id);
            items.push(ChartItem::Pick {
                id: format!("pick:function:{}:{n}", u.id),
                prompt,
                targets,
                unit: u.id.clone(),
                card,
                answer,
                sources: f.sources.clone(),
            });
        }
        if u.kind == crate::model::UnitKind::Post {
            for (n, h) in u.holders.iter().enumerate() {
                let when = h.time_context();
                let who = if when.is_empty() { h.name.clone() } else { format!("{} ({when})", h.name) };
                let prompt = format!("Click the post held by {who}.");
                let person = fold(&h.name);
                let targets: Vec<String> = chart
                    .units
                    .iter()
                    .filter(|o| {
                        o.kind == crate::model::UnitKind::Post && o.holders.iter().any(|g| fold(&g.name) == person)
                    })
                    .map(|o| o.id.clone())
                    .collect();
                let answer = names(&targets);
                items.push(ChartItem::Pick {
                    id: format!("pick:holder:{}:{n}", u.id),
                    prompt,
                    targets,
                    unit: u.id.clone(),
                    card: format!("heads:{}", u.id),
                    answer,
                    sources: h.sources.clone(),
                });
            }
        }
        if u.parent.is_some() {
            items.push(ChartItem::Name { unit: u.id.clone() });
        }
    }
    items
}

impl ChartItem {
    fn question(self, chart: &Chart, pool: &Pool, rng: &mut Rng) -> Option<Question> {
        match self {
            ChartItem::Pick { id, prompt, targets, unit, card, answer, sources } => Some(Question {
                id,
                kind: Kind::Chart,
                prompt,
                body: Body::PickUnit { targets },
                about: vec![About {
                    deck: CHART_DECK_ID.to_owned(),
                    card,
                    answer,
                    note: String::new(),
                    sources,
                    unit: Some(unit),
                }],
            }),
            ChartItem::Name { unit } => {
                let u = chart.unit(&unit)?;
                let probe = Card {
                    id: format!("name:{unit}"),
                    front: String::new(),
                    back: u.name.clone(),
                    accept: u.aliases.clone(),
                    wrong: Vec::new(),
                    tags: Vec::new(),
                    unit: Some(unit.clone()),
                    sources: u.sources.clone(),
                    note: String::new(),
                };
                // Not its siblings: they sit beside the hidden box, named, and would give it away.
                let sibling = |name: &str| {
                    chart.units.iter().any(|o| o.name == name && o.parent.is_some() && o.parent == u.parent)
                };
                let wrong: Vec<String> = pool
                    .distractors(CHART_DECK_ID, &probe, Some(u), 12, rng)
                    .into_iter()
                    .filter(|w| !sibling(w))
                    .take(OPTIONS - 1)
                    .collect();
                if wrong.len() < 2 {
                    return None;
                }
                let mut options = wrong;
                let correct = rng.below(options.len() + 1);
                options.insert(correct, u.name.clone());
                Some(Question {
                    id: format!("name:{unit}"),
                    kind: Kind::Chart,
                    prompt: "Which unit is this? Its name is hidden on the chart.".to_owned(),
                    body: Body::NameUnit { unit: unit.clone(), options, correct },
                    about: vec![About {
                        deck: CHART_DECK_ID.to_owned(),
                        card: format!("part-of:{unit}"),
                        answer: u.name.clone(),
                        note: u.summary.clone(),
                        sources: u.sources.clone(),
                        unit: Some(unit),
                    }],
                })
            }
        }
    }
}
