//! The Quiz view: a practice quiz (choose the cards, how many questions and of which kinds; answer with
//! feedback after each; a score and the missed questions at the end), and the way to exams and the class
//! report for teachers.

use egui::{Align, Layout, RichText, Ui};

use crate::app::command::UiCommand;
use crate::app::quiz::QuizAction;
use crate::app::state::{AppState, Command};
use crate::app::style::weak;
use crate::app::views::question::{QuestionUi, chart_question_ui, feedback_ui, question_ui, verdict_color};
use crate::app::views::{exam, report, scope};
use crate::model::quiz::exam::score_text;
use crate::model::quiz::{Kind, Leniency, Phase, Session};

/// What only the Quiz view keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct QuizUi {
    pub question: QuestionUi,
    pub report_path: String,
    pub save_path: String,
    /// The student's name field was given the keyboard.
    pub name_focused: bool,
}

const WIDTH: f32 = 820.0;

pub fn quiz_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, out: &mut Vec<Command>) {
    let quiz = &state.quiz;
    if quiz.pending.is_some() || quiz.exam.is_some() {
        return exam::exam_ui(ui, state, qui, out);
    }
    if quiz.report_open {
        return report::report_ui(ui, state, qui, out);
    }
    if quiz.designer.is_some() {
        return exam::designer_ui(ui, state, qui, out);
    }
    match &quiz.session {
        Some(s) if s.phase() == Phase::Finished => summary_ui(ui, state, s, out),
        Some(s) => session_ui(ui, state, qui, s, out),
        None => setup_ui(ui, state, out),
    }
}

/// A centred column of readable width, scrolling.
pub fn column(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.set_max_width(WIDTH);
            ui.with_layout(Layout::top_down(Align::Min), |ui| {
                ui.add_space(16.0);
                add(ui);
            });
        });
    });
}

fn setup_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let quiz = &state.quiz;
    let settings = &quiz.settings;
    column(ui, |ui| {
        ui.heading("Practice quiz");
        weak(ui, "Questions from your decks and the chart, with the answer and its source after each.");
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let hover = "Quiz on every card, the Essentials, one deck, a tag, or a branch of the chart";
            if let Some(s) =
                scope::scope_picker_ui(ui, "quiz-scope", &settings.scope, &state.library, &state.study, hover)
            {
                out.push(Command::Quiz(QuizAction::SetScope(s)));
            }
        });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let label = ui.label("Questions:");
            let mut n = settings.count;
            let r = ui.add(egui::Slider::new(&mut n, 1..=50)).labelled_by(label.id);
            if r.changed() {
                out.push(Command::Quiz(QuizAction::SetCount(n)));
            }
        });
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.label("Kinds:");
            for kind in Kind::ALL {
                let mut on = settings.kinds.contains(&kind);
                let only = on && settings.kinds.len() == 1;
                let r = ui.add_enabled(!only, egui::Checkbox::new(&mut on, kind.label()));
                let r = if only { r.on_disabled_hover_text("At least one kind is needed") } else { r };
                if r.changed() {
                    out.push(Command::Quiz(QuizAction::SetKind(kind, on)));
                }
            }
        });
        ui.horizontal(|ui| {
            let mut exact = settings.leniency == Leniency::Exact;
            let r = ui
                .checkbox(&mut exact, "Typed answers must be spelt exactly")
                .on_hover_text("Otherwise a slip of one letter (two in a long word) is shown and counted as right");
            if r.changed() {
                let l = if exact { Leniency::Exact } else { Leniency::Forgiving };
                out.push(Command::Quiz(QuizAction::SetLeniency(l)));
            }
        });
        ui.add_space(12.0);
        let start = egui::Button::new(RichText::new("Start the quiz").size(18.0)).min_size(egui::vec2(180.0, 40.0));
        if ui.add(start).on_hover_text("Enter").clicked() {
            out.push(Command::Quiz(QuizAction::Start));
        }
        weak(
            ui,
            "Enter starts. Then: 1–4 or A–D choose, T or F for true or false, Up and Down pick a box on the chart, Enter confirms and goes on.",
        );
        if let Some(note) = &quiz.shortfall {
            ui.add_space(6.0);
            crate::app::style::error_label(ui, note);
        }
        ui.add_space(24.0);
        ui.separator();
        ui.heading("For teachers");
        weak(
            ui,
            "Set an exam: the same questions for every student, in an order of their own, timed, with no feedback \
             until the end. Students open the exam file; their results are saved as files you load into the class \
             report.",
        );
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            if ui.button("Set up an exam…").clicked() {
                out.push(Command::Quiz(QuizAction::OpenDesigner));
            }
            let open = format!("Open an exam file… ({})", UiCommand::Open.shortcut_text(ui.ctx()));
            if ui.button(open).on_hover_text("Exam files end in .exam.ron").clicked() {
                out.push(Command::Ui(UiCommand::Open));
            }
            if ui.button("Class report…").on_hover_text("Scores and question statistics from results files").clicked()
            {
                out.push(Command::Quiz(QuizAction::OpenReport));
            }
        });
    });
}

/// The header line: which question, the score so far.
fn progress_line(ui: &mut Ui, s: &Session) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Question {} of {}", s.position() + 1, s.len())).strong());
        if let Some(q) = s.current() {
            weak(ui, format!("· {}", q.kind.label()));
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let (score, marked) = s.score();
            if marked > 0 {
                ui.label(format!("Score so far: {}", score_text(score, marked)));
            }
        });
    });
    ui.add(egui::ProgressBar::new(s.position() as f32 / s.len().max(1) as f32).desired_height(4.0));
}

fn session_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, s: &Session, out: &mut Vec<Command>) {
    let chart_question = state.quiz.chart_question().is_some();
    let top = |ui: &mut Ui, qui: &mut QuizUi, out: &mut Vec<Command>| {
        progress_line(ui, s);
        ui.add_space(8.0);
        question_ui(ui, state, &mut qui.question, s, out);
        ui.add_space(8.0);
        match (s.current(), s.current_mark()) {
            (Some(q), Some(mark)) => feedback_ui(ui, state, q, s.current_response(), mark),
            _ => {
                ui.horizontal(|ui| {
                    let check =
                        egui::Button::new(RichText::new("Check  (Enter)").size(16.0)).min_size(egui::vec2(120.0, 34.0));
                    if ui.add(check).clicked() {
                        out.push(Command::Quiz(QuizAction::Answer(crate::model::quiz::QuizCommand::Confirm)));
                    }
                    if ui.button("End the quiz").on_hover_text("Back to the quiz settings").clicked() {
                        out.push(Command::Quiz(QuizAction::NewQuiz));
                    }
                });
            }
        }
        if s.current_mark().is_some() {
            let label = if s.position() + 1 == s.len() { "See the score" } else { "Next question" };
            let next = egui::Button::new(RichText::new(format!("{label}  (Enter)")).size(16.0))
                .min_size(egui::vec2(160.0, 34.0));
            if ui.add(next).clicked() {
                out.push(Command::Quiz(QuizAction::Answer(crate::model::quiz::QuizCommand::Confirm)));
            }
        }
    };
    if chart_question {
        egui::Panel::top("quiz-question").show(ui, |ui| {
            ui.add_space(8.0);
            top(ui, qui, out);
            ui.add_space(6.0);
        });
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            chart_question_ui(ui, state, &mut qui.question, s, out);
        });
    } else {
        column(ui, |ui| top(ui, qui, out));
    }
}

fn summary_ui(ui: &mut Ui, state: &AppState, s: &Session, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let unit_name = |id: &str| chart.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    column(ui, |ui| {
        let (score, n) = s.score();
        ui.heading(format!("Score: {}", score_text(score, n)));
        let missed = s.missed();
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            if !missed.is_empty() {
                if ui.button(format!("Retry the {} missed", missed.len())).on_hover_text("Ask them again now").clicked()
                {
                    out.push(Command::Quiz(QuizAction::RetryMissed));
                }
                let study = ui
                    .button("Study the missed cards")
                    .on_hover_text("Grade their cards Again in Study, so they come back until you know them");
                if study.clicked() {
                    out.push(Command::StudyMissed);
                }
            }
            if ui.button("New quiz").clicked() {
                out.push(Command::Quiz(QuizAction::NewQuiz));
            }
        });
        ui.add_space(12.0);
        if missed.is_empty() {
            ui.label("Every question right.");
            return;
        }
        ui.label(RichText::new("Missed").strong());
        for (q, r, mark) in missed {
            ui.add_space(6.0);
            ui.label(RichText::new(&q.prompt).strong());
            ui.label(
                RichText::new(format!("Your answer: {}", q.describe(r, unit_name))).color(verdict_color(mark.verdict)),
            );
            ui.label(format!("The answer: {}", q.right_answer(unit_name)));
            for a in &q.about {
                if !a.sources.is_empty() {
                    weak(ui, format!("Source: {}", crate::app::views::details::sources_text(chart, &a.sources)));
                }
            }
        }
    });
}
