//! The class report: results files read from a folder or a list of files, and for each exam the
//! students' scores and the questions' facility, discrimination and wrong options, hardest first.

use egui::{RichText, Ui};

use crate::app::quiz::QuizAction;
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};
use crate::app::views::question::{RIGHT, WRONG};
use crate::app::views::quiz::{QuizUi, column};
use crate::model::quiz::exam::score_text;

pub fn report_ui(ui: &mut Ui, state: &AppState, qui: &mut QuizUi, out: &mut Vec<Command>) {
    let quiz = &state.quiz;
    column(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Class report");
            if ui.button("Back to quizzes").clicked() {
                out.push(Command::Quiz(QuizAction::CloseReport));
            }
        });
        weak(ui, "Results files (*.result.ron) from your students: a folder of them, or files separated by ;");
        // Where this machine keeps results, when there are some.
        if qui.report_path.is_empty()
            && let Some(dir) = state.data_dir.as_ref().map(|d| d.join(crate::app::quiz::EXAMS_DIR))
            && dir.is_dir()
        {
            qui.report_path = dir.display().to_string();
        }
        ui.horizontal(|ui| {
            let label = ui.label("Folder or files:");
            let edit =
                ui.add(egui::TextEdit::singleline(&mut qui.report_path).desired_width(460.0)).labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let choose =
                ui.button("Choose files…").on_hover_text("Pick results files (several at once) in a file dialog");
            if choose.clicked() {
                out.push(Command::Ui(crate::app::command::UiCommand::Open));
            }
            if ui.button("Load").clicked() || enter {
                let paths =
                    qui.report_path.split(';').map(str::trim).filter(|p| !p.is_empty()).map(Into::into).collect();
                out.push(Command::Quiz(QuizAction::Report(paths)));
            }
        });
        let Some(report) = &quiz.report else {
            weak(ui, "Load a folder to see the report. Files can also be dropped on the window.");
            return;
        };
        if !report.broken.is_empty() {
            ui.add_space(6.0);
            error_label(ui, format!("{} file(s) could not be read and were skipped:", report.broken.len()));
            for p in &report.broken {
                ui.label(RichText::new(p.to_string()).monospace().small());
            }
        }
        if report.exams.is_empty() {
            ui.add_space(6.0);
            ui.label("No results found there.");
            return;
        }
        if report.exams.len() > 1 {
            ui.add_space(6.0);
            ui.label(format!(
                "These are results of {} different exams; each is reported on its own.",
                report.exams.len()
            ));
        }
        ui.add_space(6.0);
        if ui.button("Export CSV").on_hover_text("class-report.csv beside the results").clicked() {
            out.push(Command::Quiz(QuizAction::ExportReportCsv));
        }
        match &quiz.report_csv {
            Some(Ok(p)) => weak(ui, format!("Exported to {}", p.display())),
            Some(Err(e)) => {
                error_label(ui, format!("Could not export: {e}"));
            }
            None => {}
        }
        for (n, e) in report.exams.iter().enumerate() {
            ui.add_space(12.0);
            ui.separator();
            ui.heading(format!("{} · {} students", e.title, e.students.len()));
            egui::Grid::new(("report-students", n)).num_columns(3).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                for h in ["Student", "Score", "Time"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for s in &e.students {
                    ui.label(&s.student).on_hover_text(&s.file);
                    ui.label(score_text(s.score, s.total));
                    let t = format!(
                        "{}:{:02}{}",
                        s.seconds / 60,
                        s.seconds % 60,
                        if s.timed_out { " (time ran out)" } else { "" }
                    );
                    ui.label(t);
                    ui.end_row();
                }
            });
            ui.add_space(8.0);
            ui.label(RichText::new("Questions, hardest first").strong());
            weak(
                ui,
                "Right: the share of credit earned. D: how much better the top 27% of students did than the bottom \
                 27% (−1 to 1); below 0 the question may be misleading.",
            );
            egui::Grid::new(("report-questions", n)).num_columns(4).striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
                for h in ["Right", "D", "Question", "Wrong answers chosen"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for q in &e.questions {
                    let color = if q.facility >= 0.7 {
                        RIGHT
                    } else if q.facility < 0.4 {
                        WRONG
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(RichText::new(format!("{:.0}%", q.facility * 100.0)).color(color));
                    let d = q.discrimination.map_or("–".to_owned(), |d| format!("{d:+.2}"));
                    if q.flagged() {
                        ui.label(RichText::new(format!("{d} (!)")).color(WRONG))
                            .on_hover_text("Negative: check this question");
                    } else {
                        ui.label(d);
                    }
                    ui.vertical(|ui| {
                        ui.set_max_width(380.0);
                        ui.label(&q.prompt);
                        weak(ui, format!("Answer: {}", q.right_answer.replace('\n', "; ")));
                    });
                    ui.vertical(|ui| {
                        ui.set_max_width(240.0);
                        for (o, c) in &q.wrong_options {
                            ui.label(format!("{o}: {c}"));
                        }
                        if q.unanswered > 0 {
                            weak(ui, format!("unanswered: {}", q.unanswered));
                        }
                    });
                    ui.end_row();
                }
            });
        }
    });
}
