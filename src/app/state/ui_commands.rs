//! The menu and keyboard commands ([`UiCommand`]): what each one does to the state.

use super::{AppState, Command, PathPrompt, View};
use crate::app::chart::{CameraMove, ChartCommand, Direction};
use crate::app::command::UiCommand;
use crate::app::decks::DeckAction;
use crate::app::quiz::QuizAction;
use crate::app::settings::SettingsCommand;
use crate::model::quiz::QuizCommand;
use crate::model::scheduler::Rating;
use crate::model::study::StudyCommand;

impl AppState {
    pub(super) fn handle_ui(&mut self, command: UiCommand) {
        match command {
            UiCommand::ShowChart => self.view = View::Chart,
            UiCommand::ShowStudy => self.view = View::Study,
            UiCommand::ShowQuiz => self.view = View::Quiz,
            UiCommand::ShowDecks => self.view = View::Decks,
            UiCommand::ShowStats => self.view = View::Stats,
            UiCommand::Open => self.start_file_dialog(),
            UiCommand::OpenPath => self.path_prompt = Some(PathPrompt::default()),
            UiCommand::Help => self.help_open = !self.help_open,
            UiCommand::Settings => {
                let c = if self.settings.open { SettingsCommand::Close } else { SettingsCommand::Open };
                self.handle_settings(c);
            }
            UiCommand::ScaleUp => self.handle_settings(SettingsCommand::ScaleUp),
            UiCommand::ScaleDown => self.handle_settings(SettingsCommand::ScaleDown),
            UiCommand::ResetScale => self.handle_settings(SettingsCommand::ResetScale),
            UiCommand::ShowAnswer => self.handle(Command::Study(StudyCommand::ShowAnswer)),
            UiCommand::GradeAgain => self.handle(Command::Study(StudyCommand::Grade(Rating::Again))),
            UiCommand::GradeHard => self.handle(Command::Study(StudyCommand::Grade(Rating::Hard))),
            UiCommand::GradeGood => self.handle(Command::Study(StudyCommand::Grade(Rating::Good))),
            UiCommand::GradeEasy => self.handle(Command::Study(StudyCommand::Grade(Rating::Easy))),
            UiCommand::UndoGrade => self.handle(Command::Study(StudyCommand::Undo)),
            UiCommand::FindInChart => self.search_focus = self.search_focus.wrapping_add(1),
            UiCommand::FitChart => self.handle(Command::Chart(ChartCommand::Camera(CameraMove::Fit))),
            UiCommand::ResetChart => self.handle(Command::Chart(ChartCommand::Camera(CameraMove::Reset))),
            UiCommand::ZoomIn => self.handle(Command::Chart(ChartCommand::Camera(CameraMove::ZoomIn))),
            UiCommand::ZoomOut => self.handle(Command::Chart(ChartCommand::Camera(CameraMove::ZoomOut))),
            UiCommand::ExpandAll => self.handle(Command::Chart(ChartCommand::ExpandAll)),
            UiCommand::CollapseAll => self.handle(Command::Chart(ChartCommand::CollapseAll)),
            UiCommand::ToggleSubtree => self.handle(Command::Chart(ChartCommand::ToggleSelected)),
            UiCommand::SelectParent => self.handle(Command::Chart(ChartCommand::Move(Direction::Parent))),
            UiCommand::SelectChild => self.handle(Command::Chart(ChartCommand::Move(Direction::FirstChild))),
            UiCommand::SelectPrevious => self.handle(Command::Chart(ChartCommand::Move(Direction::Previous))),
            UiCommand::SelectNext => self.handle(Command::Chart(ChartCommand::Move(Direction::Next))),
            UiCommand::QuizOption1 => self.answer(QuizCommand::Number(0)),
            UiCommand::QuizOption2 => self.answer(QuizCommand::Number(1)),
            UiCommand::QuizOption3 => self.answer(QuizCommand::Number(2)),
            UiCommand::QuizOption4 => self.answer(QuizCommand::Number(3)),
            UiCommand::QuizOption5 => self.answer(QuizCommand::Number(4)),
            UiCommand::QuizLetterA => self.answer(QuizCommand::Letter(0)),
            UiCommand::QuizLetterB => self.answer(QuizCommand::Letter(1)),
            UiCommand::QuizLetterC => self.answer(QuizCommand::Letter(2)),
            UiCommand::QuizLetterD => self.answer(QuizCommand::Letter(3)),
            UiCommand::QuizLetterE => self.answer(QuizCommand::Letter(4)),
            UiCommand::QuizTrue => self.answer(QuizCommand::Truth(true)),
            UiCommand::QuizFalse => self.answer(QuizCommand::Truth(false)),
            UiCommand::QuizConfirm => {
                if self.quiz.session.is_some() {
                    self.answer(QuizCommand::Confirm);
                } else if let Some(p) = &self.quiz.pending {
                    if !p.student.trim().is_empty() {
                        self.handle(Command::Quiz(QuizAction::BeginExam));
                    }
                } else if self.quiz.designer.is_none() && !self.quiz.report_open {
                    self.handle(Command::Quiz(QuizAction::Start));
                }
            }
            UiCommand::ToggleMastery => {
                let on = !self.chart.mastery;
                self.handle(Command::Chart(ChartCommand::ShowMastery(on)));
            }
            UiCommand::QuizNext => self.answer(QuizCommand::Next),
            UiCommand::QuizPrevious => self.answer(QuizCommand::Previous),
            UiCommand::QuizPickNext | UiCommand::QuizPickPrevious => {
                let forward = command == UiCommand::QuizPickNext;
                if let Some(id) = self.quiz.step_pick(&self.library.chart, forward) {
                    self.answer(QuizCommand::PickUnit(id));
                }
            }
            UiCommand::NewDeck => self.deck_action(DeckAction::NewDeck),
            UiCommand::SaveDeck => self.deck_action(DeckAction::Save),
            UiCommand::SaveDeckAs => self.deck_action(DeckAction::SaveAs),
            UiCommand::CloseDeck => self.deck_action(DeckAction::Close),
            UiCommand::ImportDeck => {
                self.view = View::Decks;
                self.deck_action(DeckAction::OpenImport);
            }
            UiCommand::FindInDeck => self.decks.search_focus = self.decks.search_focus.wrapping_add(1),
            UiCommand::AddCard => self.deck_action(DeckAction::AddCard),
            UiCommand::DeleteCard => self.deck_action(DeckAction::DeleteCard),
            UiCommand::DuplicateCard => self.deck_action(DeckAction::DuplicateCard),
            UiCommand::UndoEdit => self.deck_action(DeckAction::Undo),
            UiCommand::RedoEdit => self.deck_action(DeckAction::Redo),
            UiCommand::ClearChart => {
                self.handle(Command::Chart(ChartCommand::Search(String::new())));
                self.chart.path.clear();
            }
        }
    }
}
