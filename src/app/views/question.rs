//! One quiz question on screen, for practice and exams alike: the prompt, and the options, the answer
//! field, the matching grid or the chart, with what the student has chosen so far; after a practice
//! answer, the feedback.

use egui::{Color32, RichText, Ui, vec2};

use crate::app::quiz::QuizAction;
use crate::app::state::{AppState, Command};
use crate::app::style::weak;
use crate::app::views::chart::{ChartUi, SceneClick, SceneMode, scene::scene_ui};
use crate::app::views::details::sources_text;
use crate::model::quiz::session::Draft;
use crate::model::quiz::{Body, DiffSpan, Mark, Question, QuizCommand, Response, Session, Verdict};

/// What the question view keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct QuestionUi {
    pub chart: ChartUi,
    /// The question the keyboard focus was last given for.
    focused_for: u64,
}

pub const RIGHT: Color32 = Color32::from_rgb(0x1F, 0x9D, 0x55);
pub const WRONG: Color32 = Color32::from_rgb(0xD9, 0x30, 0x25);
pub const ALMOST: Color32 = Color32::from_rgb(0xD9, 0x8C, 0x1A);

pub fn verdict_color(v: Verdict) -> Color32 {
    match v {
        Verdict::Right => RIGHT,
        Verdict::Almost => ALMOST,
        Verdict::Wrong => WRONG,
    }
}

fn send(out: &mut Vec<Command>, c: QuizCommand) {
    out.push(Command::Quiz(QuizAction::Answer(c)));
}

const LETTERS: [char; 5] = ['A', 'B', 'C', 'D', 'E'];

/// The prompt and the answer controls (everything but the chart, which [`chart_question_ui`] draws).
/// `locked` after a practice answer was checked.
pub fn question_ui(ui: &mut Ui, state: &AppState, qui: &mut QuestionUi, session: &Session, out: &mut Vec<Command>) {
    let Some(q) = session.current() else { return };
    let draft = session.draft();
    let mark = session.current_mark();
    let locked = mark.is_some();
    ui.label(RichText::new(&q.prompt).size(22.0).strong());
    ui.add_space(10.0);
    match &q.body {
        Body::Choice { options, correct } | Body::NameUnit { options, correct, .. } => {
            options_ui(ui, options, draft.choice, mark.map(|_| *correct), locked, out);
        }
        Body::TrueFalse { statement, truth } => {
            ui.label(RichText::new(format!("Answer offered: {statement}")).size(17.0));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                for (value, label, key) in [(true, "True", "T"), (false, "False", "F")] {
                    let chosen = draft.truth == Some(value);
                    let mut text = RichText::new(format!("{label}  ({key})")).size(17.0);
                    if locked && value == *truth {
                        text = text.color(RIGHT).strong();
                    }
                    let b =
                        egui::Button::selectable(chosen, text).frame_when_inactive(true).min_size(vec2(140.0, 40.0));
                    if ui.add_enabled(!locked, b).clicked() {
                        send(out, QuizCommand::Truth(value));
                    }
                }
            });
        }
        Body::Typed { .. } => typed_ui(ui, state, qui, draft, locked, out),
        Body::Matching { prompts, answers, correct } => {
            matching_ui(ui, prompts, answers, draft, mark.map(|_| correct.as_slice()), locked, out);
        }
        Body::PickUnit { .. } => {
            let picked = draft.unit.as_deref().and_then(|u| state.library.chart.unit(u)).map(|u| u.name.as_str());
            match picked {
                Some(name) => ui.label(RichText::new(format!("Your pick: {name}")).size(16.0)),
                None => ui.label(
                    RichText::new("Click a box on the chart below (or pick with the Up and Down keys).")
                        .size(16.0)
                        .weak(),
                ),
            };
        }
    }
}

fn options_ui(
    ui: &mut Ui,
    options: &[String],
    chosen: Option<usize>,
    right: Option<usize>,
    locked: bool,
    out: &mut Vec<Command>,
) {
    for (i, option) in options.iter().enumerate() {
        let key = format!("{}  {}", i + 1, LETTERS[i.min(4)]);
        let mut text = RichText::new(format!("{key}.   {option}")).size(17.0);
        if right == Some(i) {
            text = text.color(RIGHT).strong();
        } else if locked && chosen == Some(i) {
            text = text.color(WRONG);
        }
        let width = ui.available_width().min(720.0);
        let b = egui::Button::selectable(chosen == Some(i), text)
            .frame_when_inactive(true)
            .min_size(vec2(width, 38.0))
            .wrap();
        let response = ui.add_enabled(!locked, b);
        if response.clicked() {
            send(out, QuizCommand::Number(i));
        }
        ui.add_space(4.0);
    }
    if !locked {
        weak(ui, "Press 1–4 or A–D to choose, Enter to confirm.");
    }
}

fn typed_ui(ui: &mut Ui, state: &AppState, qui: &mut QuestionUi, draft: &Draft, locked: bool, out: &mut Vec<Command>) {
    let label = ui.label("Your answer:");
    let mut text = draft.text.clone();
    let edit = egui::TextEdit::singleline(&mut text)
        .hint_text("Type the answer, then press Enter")
        .desired_width(ui.available_width().min(560.0))
        .font(egui::TextStyle::Heading);
    let response = ui.add_enabled(!locked, edit).labelled_by(label.id);
    if !locked && qui.focused_for != state.quiz.question_seq {
        qui.focused_for = state.quiz.question_seq;
        response.request_focus();
    }
    if response.changed() {
        send(out, QuizCommand::SetText(text));
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        send(out, QuizCommand::Confirm);
    }
}

fn matching_ui(
    ui: &mut Ui,
    prompts: &[String],
    answers: &[String],
    draft: &Draft,
    correct: Option<&[usize]>,
    locked: bool,
    out: &mut Vec<Command>,
) {
    if !locked {
        weak(ui, "Choose a question (1–5 or click), then its answer (A–E or click).");
    }
    egui::Grid::new("matching").num_columns(2).spacing([24.0, 8.0]).show(ui, |ui| {
        let rows = prompts.len().max(answers.len());
        for i in 0..rows {
            ui.vertical(|ui| {
                ui.set_max_width(480.0);
                if let Some(p) = prompts.get(i) {
                    let pair = draft.pairs.get(i).copied().flatten();
                    let letter = pair.map_or("—".to_owned(), |a| LETTERS[a.min(4)].to_string());
                    let mut text = RichText::new(format!("{}. {p}   — {letter}", i + 1)).size(15.0);
                    if let Some(c) = correct {
                        text = text.color(if pair == c.get(i).copied() { RIGHT } else { WRONG });
                    }
                    let selected = !locked && draft.prompt == i;
                    let b = egui::Button::selectable(selected, text).frame_when_inactive(true).wrap();
                    if ui.add_enabled(!locked, b).clicked() {
                        send(out, QuizCommand::Number(i));
                    }
                    if let (Some(c), true) = (correct, locked) {
                        let right = c.get(i).and_then(|&k| answers.get(k)).map_or("", String::as_str);
                        if pair != c.get(i).copied() {
                            ui.label(RichText::new(format!("   right: {right}")).color(RIGHT).small());
                        }
                    }
                }
            });
            ui.vertical(|ui| {
                ui.set_max_width(380.0);
                if let Some(a) = answers.get(i) {
                    let used = draft.pairs.contains(&Some(i));
                    let mut text = RichText::new(format!("{}. {a}", LETTERS[i.min(4)])).size(15.0);
                    if used {
                        text = text.weak();
                    }
                    let b = egui::Button::new(text).wrap();
                    if ui.add_enabled(!locked, b).clicked() {
                        send(out, QuizCommand::Letter(i));
                    }
                }
            });
            ui.end_row();
        }
    });
}

/// The chart for a chart question, filling the rest of `ui`.
pub fn chart_question_ui(
    ui: &mut Ui,
    state: &AppState,
    qui: &mut QuestionUi,
    session: &Session,
    out: &mut Vec<Command>,
) {
    let Some(q) = session.current() else { return };
    let draft = session.draft();
    let answered = session.current_mark().is_some();
    let mode = match &q.body {
        Body::PickUnit { targets } => {
            SceneMode::Pick { picked: draft.unit.as_deref(), right: answered.then_some(targets.as_slice()) }
        }
        Body::NameUnit { unit, .. } => SceneMode::Hidden { unit, revealed: answered },
        _ => return,
    };
    let chart = &state.library.chart;
    if let Some(SceneClick::Pick(id)) = scene_ui(ui, chart, &state.quiz.chart, None, &mut qui.chart, mode, None) {
        send(out, QuizCommand::PickUnit(id));
    }
}

/// After a practice answer: right, almost or wrong, the right answer, the difference for a slip, the
/// note and the source.
pub fn feedback_ui(ui: &mut Ui, state: &AppState, q: &Question, response: Option<&Response>, mark: &Mark) {
    let chart = &state.library.chart;
    let unit_name = |id: &str| chart.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    let (title, color) = match mark.verdict {
        Verdict::Right => ("Right".to_owned(), RIGHT),
        Verdict::Almost => ("Almost: a slip, counted as right".to_owned(), ALMOST),
        Verdict::Wrong => match mark.pairs_right {
            Some(n) => (format!("{n} of 5 pairs right"), WRONG),
            None => ("Not quite".to_owned(), WRONG),
        },
    };
    ui.label(RichText::new(title).size(20.0).strong().color(color));
    if mark.verdict == Verdict::Almost && !mark.diff.is_empty() {
        diff_ui(ui, &mark.diff);
    }
    let matching = matches!(q.body, Body::Matching { .. });
    if !matching && (mark.verdict != Verdict::Right || matches!(q.body, Body::TrueFalse { .. })) {
        if let Some(r) = response
            && mark.verdict == Verdict::Wrong
        {
            ui.label(format!("Your answer: {}", q.describe(Some(r), unit_name)));
        }
        ui.label(RichText::new(format!("The answer: {}", q.right_answer(unit_name))).size(16.0));
    }
    let mut sources: Vec<String> = Vec::new();
    for a in &q.about {
        let right = q.right_answer(unit_name);
        if !matching && !crate::model::quiz::answer::same_answer(&a.answer, &right) && a.answer != right {
            weak(ui, format!("On the card: {}", a.answer));
        }
        if !a.note.is_empty() {
            ui.label(RichText::new(&a.note).italics());
        }
        sources.extend(a.sources.iter().filter(|s| !sources.contains(s)).cloned().collect::<Vec<_>>());
    }
    if !sources.is_empty() {
        weak(ui, format!("Source: {}", sources_text(chart, &sources)));
    }
    ui.add_space(6.0);
}

/// The typed text with the letters to add in green and the letters too many struck through in red.
pub fn diff_ui(ui: &mut Ui, diff: &[DiffSpan]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.label("Spelling: ");
        for span in diff {
            match span {
                DiffSpan::Same(t) => {
                    ui.label(RichText::new(t).size(16.0));
                }
                DiffSpan::Missing(t) => {
                    ui.label(RichText::new(t).size(16.0).strong().color(RIGHT).underline())
                        .on_hover_text("missing from your answer");
                }
                DiffSpan::Extra(t) => {
                    ui.label(RichText::new(t).size(16.0).color(WRONG).strikethrough())
                        .on_hover_text("not in the answer");
                }
            }
        }
    });
}
