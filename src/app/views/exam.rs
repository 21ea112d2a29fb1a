//! Exams: the teacher's form that sets one up and saves it as a file; the student's screen that asks
//! for a name; the exam itself (full window, a countdown, question n of N, back and forth, no feedback);
//! and the results, with where they were saved.

use egui::{Align, Color32, Layout, RichText, Ui, vec2};

use crate::app::quiz::{ExamDesign, QuizAction, Saved};
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};
use crate::app::views::question::{chart_question_ui, question_ui, verdict_color};
use crate::app::views::quiz::{QuizUi, column};
use crate::app::views::scope;
use crate::model::quiz::exam::score_text;
use crate::model::quiz::{AlmostPolicy, Kind, Phase, QuizCommand, Session};

fn send(out: &mut Vec<Command>, c: QuizCommand) {
    out.push(Command::Quiz(QuizAction::Answer(c)));
}

pub fn designer_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, out: &mut Vec<Command>) {
    let Some(design) = &state.quiz.designer else { return };
    let mut d: ExamDesign = design.clone();
    let mut changed = false;
    column(ui, |ui| {
        ui.heading("Set up an exam");
        weak(
            ui,
            "Every student gets the same questions, in an order of their own; nothing is shown until they \
             submit. The file names the decks by id, so it works on any machine with the same decks.",
        );
        ui.add_space(10.0);
        egui::Grid::new("exam-design").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            let label = ui.label("Title:");
            changed |=
                ui.add(egui::TextEdit::singleline(&mut d.title).desired_width(380.0)).labelled_by(label.id).changed();
            ui.end_row();
            ui.label("About:");
            ui.horizontal(|ui| {
                if let Some(s) = scope::scope_picker_ui(
                    ui,
                    "exam-scope",
                    &d.scope,
                    &state.library,
                    &state.study,
                    "What the questions are about",
                ) {
                    d.scope = s;
                    changed = true;
                }
            });
            ui.end_row();
            let label = ui.label("Questions:");
            changed |= ui.add(egui::Slider::new(&mut d.count, 1..=100)).labelled_by(label.id).changed();
            ui.end_row();
            ui.label("Kinds:");
            ui.horizontal_wrapped(|ui| {
                for kind in Kind::ALL {
                    let mut on = d.kinds.contains(&kind);
                    if ui.checkbox(&mut on, kind.label()).changed() {
                        if on {
                            d.kinds.push(kind);
                            d.kinds.sort();
                        } else if d.kinds.len() > 1 {
                            d.kinds.retain(|k| *k != kind);
                        }
                        changed = true;
                    }
                }
            });
            ui.end_row();
            let label = ui.label("Time limit (minutes):");
            ui.horizontal(|ui| {
                changed |= ui.add(egui::DragValue::new(&mut d.minutes).range(0..=600)).labelled_by(label.id).changed();
                weak(ui, if d.minutes == 0 { "no limit" } else { "the exam is handed in when time runs out" });
            });
            ui.end_row();
            ui.label("A slip in a typed answer:");
            ui.horizontal(|ui| {
                for p in AlmostPolicy::ALL {
                    changed |= ui.radio_value(&mut d.almost, p, p.label()).changed();
                }
            });
            ui.end_row();
            let label = ui.label("Question set (seed):");
            ui.horizontal(|ui| {
                changed |= ui.add(egui::DragValue::new(&mut d.seed)).labelled_by(label.id).changed();
                if ui.button("Other questions").on_hover_text("A new seed: another set of questions").clicked() {
                    d.seed = d.seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) % 1_000_000;
                    changed = true;
                }
            });
            ui.end_row();
        });
        ui.add_space(10.0);
        if qui.save_path.is_empty() {
            let slug = crate::model::text::simplify(&d.title).replace(' ', "-");
            let slug = if slug.is_empty() { "exam".to_owned() } else { slug };
            let dir = state.data_dir.as_ref().map(|p| p.join("exams")).unwrap_or_default();
            qui.save_path = dir.join(format!("{slug}.exam.ron")).display().to_string();
        }
        ui.horizontal(|ui| {
            let label = ui.label("Save as:");
            ui.add(egui::TextEdit::singleline(&mut qui.save_path).desired_width(460.0)).labelled_by(label.id);
        });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let ok = !d.title.trim().is_empty() && !qui.save_path.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new("Save the exam")).clicked() {
                out.push(Command::Quiz(QuizAction::SaveExam(qui.save_path.trim().into())));
            }
            if ui
                .add_enabled(!d.title.trim().is_empty(), egui::Button::new("Try it now"))
                .on_hover_text("Take the exam here, as a student would")
                .clicked()
            {
                out.push(Command::Quiz(QuizAction::TryExam));
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::Quiz(QuizAction::CloseDesigner));
            }
        });
        match &state.quiz.designed_at {
            Some(Ok(path)) => {
                ui.add_space(6.0);
                ui.label(RichText::new(format!("Saved to {}", path.display())).strong());
                weak(
                    ui,
                    format!(
                        "Give this file to your students. They open it with File > Open, by dropping it on the window, or \
                         with: kz-civics exam {}",
                        path.display()
                    ),
                );
            }
            Some(Err(e)) => {
                error_label(ui, format!("Not saved: {e}"));
            }
            None => {}
        }
    });
    if changed {
        qui.save_path.clear();
        out.push(Command::Quiz(QuizAction::Design(d)));
    }
}

pub fn exam_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, out: &mut Vec<Command>) {
    let quiz = &state.quiz;
    if let Some(p) = &quiz.pending {
        return pending_ui(ui, p, qui, out);
    }
    match &quiz.session {
        Some(s) if s.is_exam() && s.phase() != Phase::Finished => running_ui(ui, state, qui, s, out),
        _ => results_ui(ui, state, out),
    }
}

fn pending_ui(ui: &mut Ui, p: &crate::app::quiz::PendingExam, qui: &mut QuizUi, out: &mut Vec<Command>) {
    column(ui, |ui| {
        ui.heading(&p.exam.title);
        weak(ui, format!("From {}", p.origin));
        ui.add_space(8.0);
        let time = p.exam.minutes.map_or("no time limit".to_owned(), |m| format!("{m} minutes"));
        ui.label(format!("{} questions · {time}", p.questions.len()));
        ui.label("No answer is shown until you submit; you can go back to any question until then.");
        if p.differs {
            ui.add_space(4.0);
            error_label(
                ui,
                "The decks on this machine differ from where the exam was set up: some questions may differ too.",
            );
        }
        ui.add_space(12.0);
        let label = ui.label("Your name:");
        let mut name = p.student.clone();
        let edit = ui.add(egui::TextEdit::singleline(&mut name).hint_text("First and last name").desired_width(320.0));
        let edit = edit.labelled_by(label.id);
        // The keyboard goes to the name once, when the screen shows (asking every frame would keep
        // the window repainting when it cannot have the keyboard).
        if !qui.name_focused {
            qui.name_focused = true;
            edit.request_focus();
        }
        if edit.changed() {
            out.push(Command::Quiz(QuizAction::SetStudent(name.clone())));
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let ok = !name.trim().is_empty();
            let start = ui.add_enabled(ok, egui::Button::new(RichText::new("Start the exam").size(17.0)));
            if (start.clicked() || enter) && ok {
                qui.name_focused = false;
                out.push(Command::Quiz(QuizAction::BeginExam));
            }
            if ui.button("Cancel").clicked() {
                qui.name_focused = false;
                out.push(Command::Quiz(QuizAction::CancelExam));
                out.push(Command::Quiz(QuizAction::CloseExam));
            }
        });
        weak(
            ui,
            "Keys: 1–4 or A–D choose, T/F true or false, Enter confirms and goes on, the arrow keys move between questions.",
        );
    });
}

/// "12:05 left"
fn countdown(seconds: i64) -> String {
    format!("{}:{:02} left", seconds / 60, seconds % 60)
}

fn running_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, s: &Session, out: &mut Vec<Command>) {
    let now = state.study.now();
    let title = state.quiz.exam.as_ref().map_or("Exam", |e| e.exam.title.as_str());
    let student = match &s.mode {
        crate::model::quiz::Mode::Exam(run) => run.student.as_str(),
        crate::model::quiz::Mode::Practice => "",
    };
    egui::Panel::top("exam-bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(title).strong().size(17.0));
            weak(ui, student);
            ui.separator();
            ui.label(format!("Question {} of {}", s.position() + 1, s.len()));
            weak(ui, format!("· {} answered", s.answered()));
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.button("Submit…").on_hover_text("Hand in the exam").clicked() {
                    send(out, QuizCommand::GoTo(s.len().saturating_sub(1)));
                    send(out, QuizCommand::Confirm);
                }
                if let Some(left) = s.seconds_left(now) {
                    let color = if left < 60 { Color32::from_rgb(0xD9, 0x30, 0x25) } else { ui.visuals().text_color() };
                    ui.label(RichText::new(countdown(left)).size(18.0).strong().color(color));
                }
            });
        });
        ui.add_space(4.0);
    });
    egui::Panel::bottom("exam-nav").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            if ui.add_enabled(s.position() > 0, egui::Button::new("Previous")).clicked() {
                send(out, QuizCommand::Previous);
            }
            for pos in 0..s.len() {
                let text = RichText::new(format!("{}", pos + 1));
                let text = if s.answered_at(pos) { text.strong() } else { text.weak() };
                let b = egui::Button::selectable(pos == s.position(), text).min_size(vec2(26.0, 22.0));
                let hover = if s.answered_at(pos) { "Answered" } else { "Not answered yet" };
                if ui.add(b).on_hover_text(hover).clicked() {
                    send(out, QuizCommand::GoTo(pos));
                }
            }
            if ui.add_enabled(s.position() + 1 < s.len(), egui::Button::new("Next")).clicked() {
                send(out, QuizCommand::Next);
            }
        });
        ui.add_space(4.0);
    });
    if s.phase() == Phase::ConfirmSubmit {
        column(ui, |ui| {
            ui.heading("Submit the exam?");
            let left = s.len() - s.answered();
            ui.label(format!("You answered {} of {} questions.", s.answered(), s.len()));
            if left > 0 {
                error_label(ui, format!("{left} not answered: they count as wrong."));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Submit").size(17.0)).on_hover_text("Enter").clicked() {
                    send(out, QuizCommand::Confirm);
                }
                if ui.button("Go back").clicked() {
                    send(out, QuizCommand::CancelSubmit);
                }
            });
            weak(ui, "Enter submits.");
        });
        return;
    }
    let body = |ui: &mut Ui, qui: &mut QuizUi, out: &mut Vec<Command>| {
        question_ui(ui, state, &mut qui.question, s, out);
        ui.add_space(8.0);
        let last = s.position() + 1 == s.len();
        let label = if last { "Save and finish" } else { "Save and next" };
        if ui.button(RichText::new(label).size(16.0)).on_hover_text("Enter").clicked() {
            send(out, QuizCommand::Confirm);
        }
    };
    if state.quiz.chart_question().is_some() {
        egui::Panel::top("exam-question").show(ui, |ui| {
            ui.add_space(6.0);
            body(ui, qui, out);
            ui.add_space(6.0);
        });
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            chart_question_ui(ui, state, &mut qui.question, s, out);
        });
    } else {
        column(ui, |ui| body(ui, qui, out));
    }
}

fn results_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let Some(ctx) = &state.quiz.exam else { return };
    let chart = &state.library.chart;
    column(ui, |ui| {
        let Some(result) = &ctx.result else {
            ui.heading(&ctx.exam.title);
            weak(ui, "No results.");
            if ui.button("Close").clicked() {
                out.push(Command::Quiz(QuizAction::CloseExam));
            }
            return;
        };
        ui.heading(format!("{}: {}", result.student, result.score_text()));
        weak(ui, &result.exam);
        if result.timed_out {
            ui.label("The time ran out: the answers given by then were handed in.");
        }
        match &ctx.saved {
            Saved::At(path) => {
                ui.label(RichText::new(format!("Results saved to {}", path.display())).strong());
            }
            Saved::Failed(e) => {
                error_label(ui, format!("The results could not be saved in {e}."));
            }
            Saved::Nowhere => weak(ui, "The results were not saved (no data folder)."),
            Saved::Pending => {}
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let can = matches!(ctx.saved, Saved::At(_));
            if ui
                .add_enabled(can, egui::Button::new("Export CSV"))
                .on_hover_text("A spreadsheet beside the results file")
                .clicked()
            {
                out.push(Command::Quiz(QuizAction::ExportResultCsv));
            }
            if matches!(ctx.saved, Saved::Failed(_))
                && ui.button("Try saving again").on_hover_text("Write the results file again").clicked()
            {
                out.push(Command::Quiz(QuizAction::RetrySaveResults));
            }
            if ui.button("Done").clicked() {
                out.push(Command::Quiz(QuizAction::CloseExam));
            }
        });
        match &ctx.csv {
            Some(Ok(p)) => weak(ui, format!("Exported to {}", p.display())),
            Some(Err(e)) => {
                error_label(ui, format!("Could not export: {e}"));
            }
            None => {}
        }
        ui.add_space(10.0);
        egui::Grid::new("exam-results").num_columns(4).striped(true).spacing([12.0, 6.0]).show(ui, |ui| {
            for h in ["#", "Question", "Your answer", "The answer"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, q) in result.questions.iter().enumerate() {
                ui.label(format!("{}", i + 1));
                ui.vertical(|ui| {
                    ui.set_max_width(320.0);
                    ui.label(&q.question.prompt);
                    let sources: Vec<String> =
                        q.question.about.iter().flat_map(|a| a.sources.iter().cloned()).collect();
                    if !sources.is_empty() {
                        weak(ui, crate::app::views::details::sources_text(chart, &sources));
                    }
                });
                ui.vertical(|ui| {
                    ui.set_max_width(220.0);
                    let text = format!("{} ({})", q.given, q.mark.verdict.label());
                    ui.label(RichText::new(text).color(verdict_color(q.mark.verdict)));
                });
                ui.vertical(|ui| {
                    ui.set_max_width(220.0);
                    ui.label(&q.right);
                });
                ui.end_row();
            }
        });
        let _ = score_text;
    });
}
