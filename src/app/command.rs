//! Every user command with its label, tooltip and keyboard shortcut, in one list read by menus, buttons,
//! the help overlay and key handling alike.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    ShowChart,
    ShowStudy,
    ShowQuiz,
    ShowDecks,
    ShowStats,
    Open,
    OpenPath,
    Help,
    ShowAnswer,
    GradeAgain,
    GradeHard,
    GradeGood,
    GradeEasy,
    UndoGrade,
    FindInChart,
    FitChart,
    ResetChart,
    ZoomIn,
    ZoomOut,
    ExpandAll,
    CollapseAll,
    ToggleSubtree,
    SelectParent,
    SelectChild,
    SelectPrevious,
    SelectNext,
    ClearChart,
    QuizOption1,
    QuizOption2,
    QuizOption3,
    QuizOption4,
    QuizOption5,
    QuizLetterA,
    QuizLetterB,
    QuizLetterC,
    QuizLetterD,
    QuizLetterE,
    QuizTrue,
    QuizFalse,
    QuizConfirm,
    QuizNext,
    QuizPrevious,
    QuizPickNext,
    QuizPickPrevious,
    ToggleMastery,
    Settings,
    ScaleUp,
    ScaleDown,
    ResetScale,
    NewDeck,
    SaveDeck,
    SaveDeckAs,
    CloseDeck,
    ImportDeck,
    FindInDeck,
    AddCard,
    DeleteCard,
    DuplicateCard,
    UndoEdit,
    RedoEdit,
}

/// Where a command's shortcut works: everywhere, or only while its view is showing (so that Space can
/// flip a card in Study while Ctrl+F searches the chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Chart,
    Study,
    Quiz,
    Decks,
    Stats,
}

impl Scope {
    /// Whether shortcuts of the two scopes can be live at the same time.
    pub fn overlaps(self, other: Scope) -> bool {
        self == other || self == Scope::Global || other == Scope::Global
    }
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

impl UiCommand {
    pub const ALL: [UiCommand; 60] = [
        Self::ShowChart,
        Self::ShowStudy,
        Self::ShowQuiz,
        Self::ShowDecks,
        Self::ShowStats,
        Self::Open,
        Self::OpenPath,
        Self::Help,
        Self::ShowAnswer,
        Self::GradeAgain,
        Self::GradeHard,
        Self::GradeGood,
        Self::GradeEasy,
        Self::UndoGrade,
        Self::FindInChart,
        Self::FitChart,
        Self::ResetChart,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ExpandAll,
        Self::CollapseAll,
        Self::ToggleSubtree,
        Self::SelectParent,
        Self::SelectChild,
        Self::SelectPrevious,
        Self::SelectNext,
        Self::ClearChart,
        Self::QuizOption1,
        Self::QuizOption2,
        Self::QuizOption3,
        Self::QuizOption4,
        Self::QuizOption5,
        Self::QuizLetterA,
        Self::QuizLetterB,
        Self::QuizLetterC,
        Self::QuizLetterD,
        Self::QuizLetterE,
        Self::QuizTrue,
        Self::QuizFalse,
        Self::QuizConfirm,
        Self::QuizNext,
        Self::QuizPrevious,
        Self::QuizPickNext,
        Self::QuizPickPrevious,
        Self::ToggleMastery,
        Self::Settings,
        Self::ScaleUp,
        Self::ScaleDown,
        Self::ResetScale,
        Self::NewDeck,
        Self::SaveDeck,
        Self::SaveDeckAs,
        Self::CloseDeck,
        Self::ImportDeck,
        Self::FindInDeck,
        Self::AddCard,
        Self::DeleteCard,
        Self::DuplicateCard,
        Self::UndoEdit,
        Self::RedoEdit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::ShowChart => "Chart",
            Self::ShowStudy => "Study",
            Self::ShowQuiz => "Quiz",
            Self::ShowDecks => "Decks",
            Self::ShowStats => "Stats",
            Self::Open => "Open…",
            Self::OpenPath => "Open path…",
            Self::Help => "Keyboard shortcuts",
            Self::ShowAnswer => "Show answer",
            Self::GradeAgain => "Again",
            Self::GradeHard => "Hard",
            Self::GradeGood => "Good",
            Self::GradeEasy => "Easy",
            Self::UndoGrade => "Undo",
            Self::FindInChart => "Find in chart",
            Self::FitChart => "Fit to view",
            Self::ResetChart => "Reset view",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ExpandAll => "Expand all",
            Self::CollapseAll => "Collapse all",
            Self::ToggleSubtree => "Collapse or expand",
            Self::SelectParent => "Select parent",
            Self::SelectChild => "Select first child",
            Self::SelectPrevious => "Select previous sibling",
            Self::SelectNext => "Select next sibling",
            Self::ClearChart => "Clear",
            Self::QuizOption1 => "Option 1",
            Self::QuizOption2 => "Option 2",
            Self::QuizOption3 => "Option 3",
            Self::QuizOption4 => "Option 4",
            Self::QuizOption5 => "Option 5",
            Self::QuizLetterA => "Option A",
            Self::QuizLetterB => "Option B",
            Self::QuizLetterC => "Option C",
            Self::QuizLetterD => "Option D",
            Self::QuizLetterE => "Option E",
            Self::QuizTrue => "True",
            Self::QuizFalse => "False",
            Self::QuizConfirm => "Confirm",
            Self::QuizNext => "Next question",
            Self::QuizPrevious => "Previous question",
            Self::QuizPickNext => "Pick the next unit",
            Self::QuizPickPrevious => "Pick the previous unit",
            Self::ToggleMastery => "Mastery",
            Self::Settings => "Settings…",
            Self::ScaleUp => "Larger text",
            Self::ScaleDown => "Smaller text",
            Self::ResetScale => "Normal size",
            Self::NewDeck => "New deck",
            Self::SaveDeck => "Save deck",
            Self::SaveDeckAs => "Save deck as…",
            Self::CloseDeck => "Close deck",
            Self::ImportDeck => "Import…",
            Self::FindInDeck => "Search cards",
            Self::AddCard => "Add card",
            Self::DeleteCard => "Delete card",
            Self::DuplicateCard => "Duplicate card",
            Self::UndoEdit => "Undo edit",
            Self::RedoEdit => "Redo edit",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Self::ShowChart => "The organisational chart of the state",
            Self::ShowStudy => "Flashcards with spaced repetition",
            Self::ShowQuiz => "Quizzes and exams",
            Self::ShowDecks => "The loaded decks and their cards",
            Self::ShowStats => "Your progress",
            Self::Open => "Open chart or deck files (.ron)",
            Self::OpenPath => "Open a chart or deck by typing its path",
            Self::Help => "Show every command and its shortcut",
            Self::ShowAnswer => "Turn the card over",
            Self::GradeAgain => "Forgotten: see the card again in a few minutes",
            Self::GradeHard => "Recalled with serious difficulty",
            Self::GradeGood => "Recalled after a moment's thought",
            Self::GradeEasy => "Recalled at once",
            Self::UndoGrade => "Undo the last grade: the card comes back as it was",
            Self::FindInChart => "Names, other names and office holders",
            Self::FitChart => "Show the whole chart",
            Self::ResetChart => "Back to the top of the chart at the normal zoom",
            Self::ZoomIn => "Closer (the mouse wheel zooms too)",
            Self::ZoomOut => "Further (the mouse wheel zooms too)",
            Self::ExpandAll => "Show every unit",
            Self::CollapseAll => "Show only the top of each tree",
            Self::ToggleSubtree => "Hide or show what is under the selected unit",
            Self::SelectParent => "To the unit above",
            Self::SelectChild => "To the first unit below, opening it",
            Self::SelectPrevious => "To the unit on the left",
            Self::SelectNext => "To the unit on the right",
            Self::ClearChart => "Empty the search, remove the highlighted path",
            Self::QuizOption1 => "Choose the first option (in matching: the first question)",
            Self::QuizOption2 => "Choose the second option (in matching: the second question)",
            Self::QuizOption3 => "Choose the third option (in matching: the third question)",
            Self::QuizOption4 => "Choose the fourth option (in matching: the fourth question)",
            Self::QuizOption5 => "In matching: the fifth question",
            Self::QuizLetterA => "Choose option A (in matching: answer A for the selected question)",
            Self::QuizLetterB => "Choose option B (in matching: answer B)",
            Self::QuizLetterC => "Choose option C (in matching: answer C)",
            Self::QuizLetterD => "Choose option D (in matching: answer D)",
            Self::QuizLetterE => "In matching: answer E for the selected question",
            Self::QuizTrue => "Answer true",
            Self::QuizFalse => "Answer false",
            Self::QuizConfirm => "Check the answer and go on; after the last exam question, submit",
            Self::QuizNext => "In an exam: the next question (the answer given is kept)",
            Self::QuizPrevious => "In an exam: the previous question",
            Self::QuizPickNext => "In a \"Click the unit\" question: pick the next box on the chart (reading order)",
            Self::QuizPickPrevious => "In a \"Click the unit\" question: pick the previous box on the chart",
            Self::ToggleMastery => "Colour each unit by how well you know its cards",
            Self::Settings => "Study, look, data folder and scheduling settings",
            Self::ScaleUp => "Make the whole interface larger",
            Self::ScaleDown => "Make the whole interface smaller",
            Self::ResetScale => "The interface at its normal size",
            Self::NewDeck => "Start an empty deck of your own",
            Self::SaveDeck => "Save the selected deck to its file",
            Self::SaveDeckAs => "Save the selected deck to a file you choose",
            Self::CloseDeck => "Close the selected deck (asks first if it has unsaved changes)",
            Self::ImportDeck => "Make a deck from an Anki, Quizlet or CSV export",
            Self::FindInDeck => "Search every field of the deck's cards",
            Self::AddCard => "A new card at the end of the deck",
            Self::DeleteCard => "Delete the selected card (when no text field has the keyboard)",
            Self::DuplicateCard => "A copy of the selected card, after it",
            Self::UndoEdit => "Undo the last edit to the deck",
            Self::RedoEdit => "Redo the edit just undone",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Self::ShowChart => ctrl(Key::Num1),
            Self::ShowStudy => ctrl(Key::Num2),
            Self::ShowQuiz => ctrl(Key::Num3),
            Self::ShowDecks => ctrl(Key::Num4),
            Self::ShowStats => ctrl(Key::Num5),
            Self::Open => ctrl(Key::O),
            Self::OpenPath => KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O),
            Self::Help => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            Self::ShowAnswer => key(Key::Space),
            Self::GradeAgain => key(Key::Num1),
            Self::GradeHard => key(Key::Num2),
            Self::GradeGood => key(Key::Num3),
            Self::GradeEasy => key(Key::Num4),
            Self::UndoGrade => ctrl(Key::Z),
            Self::FindInChart => ctrl(Key::F),
            Self::FitChart => key(Key::F),
            Self::ResetChart => key(Key::Home),
            Self::ZoomIn => key(Key::Plus),
            Self::ZoomOut => key(Key::Minus),
            Self::ExpandAll => key(Key::E),
            Self::CollapseAll => key(Key::C),
            Self::ToggleSubtree => key(Key::Enter),
            Self::SelectParent => key(Key::ArrowUp),
            Self::SelectChild => key(Key::ArrowDown),
            Self::SelectPrevious => key(Key::ArrowLeft),
            Self::SelectNext => key(Key::ArrowRight),
            Self::ClearChart => key(Key::Escape),
            Self::QuizOption1 => key(Key::Num1),
            Self::QuizOption2 => key(Key::Num2),
            Self::QuizOption3 => key(Key::Num3),
            Self::QuizOption4 => key(Key::Num4),
            Self::QuizOption5 => key(Key::Num5),
            Self::QuizLetterA => key(Key::A),
            Self::QuizLetterB => key(Key::B),
            Self::QuizLetterC => key(Key::C),
            Self::QuizLetterD => key(Key::D),
            Self::QuizLetterE => key(Key::E),
            Self::QuizTrue => key(Key::T),
            Self::QuizFalse => key(Key::F),
            Self::QuizConfirm => key(Key::Enter),
            Self::QuizNext => key(Key::ArrowRight),
            Self::QuizPrevious => key(Key::ArrowLeft),
            Self::QuizPickNext => key(Key::ArrowDown),
            Self::QuizPickPrevious => key(Key::ArrowUp),
            Self::ToggleMastery => key(Key::M),
            Self::Settings => ctrl(Key::Comma),
            Self::ScaleUp => ctrl(Key::Equals),
            Self::ScaleDown => ctrl(Key::Minus),
            Self::ResetScale => ctrl(Key::Num0),
            Self::NewDeck => ctrl_shift(Key::N),
            Self::SaveDeck => ctrl(Key::S),
            Self::SaveDeckAs => ctrl_shift(Key::S),
            Self::CloseDeck => ctrl(Key::W),
            Self::ImportDeck => ctrl(Key::I),
            Self::FindInDeck => ctrl(Key::F),
            Self::AddCard => ctrl(Key::N),
            Self::DeleteCard => key(Key::Delete),
            Self::DuplicateCard => ctrl(Key::D),
            Self::UndoEdit => ctrl(Key::Z),
            Self::RedoEdit => ctrl_shift(Key::Z),
        })
    }

    /// A second key for the same command (Enter shows the answer, like Space).
    pub fn alternate_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::ShowAnswer => Some(key(Key::Enter)),
            // The = key is + without Shift on most keyboards.
            Self::ZoomIn => Some(key(Key::Equals)),
            // Ctrl++ (Shift and =) as browsers take it.
            Self::ScaleUp => Some(ctrl(Key::Plus)),
            Self::QuizNext => Some(key(Key::PageDown)),
            Self::QuizPrevious => Some(key(Key::PageUp)),
            Self::RedoEdit => Some(ctrl(Key::Y)),
            _ => None,
        }
    }

    /// The shortcut and its alternate, if any.
    pub fn shortcuts(self) -> impl Iterator<Item = KeyboardShortcut> {
        self.shortcut().into_iter().chain(self.alternate_shortcut())
    }

    pub fn scope(self) -> Scope {
        match self {
            Self::ShowChart
            | Self::ShowStudy
            | Self::ShowQuiz
            | Self::ShowDecks
            | Self::ShowStats
            | Self::Open
            | Self::OpenPath
            | Self::Help
            | Self::Settings
            | Self::ScaleUp
            | Self::ScaleDown
            | Self::ResetScale => Scope::Global,
            Self::ShowAnswer
            | Self::GradeAgain
            | Self::GradeHard
            | Self::GradeGood
            | Self::GradeEasy
            | Self::UndoGrade => Scope::Study,
            Self::FindInChart
            | Self::FitChart
            | Self::ResetChart
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ExpandAll
            | Self::CollapseAll
            | Self::ToggleSubtree
            | Self::SelectParent
            | Self::SelectChild
            | Self::SelectPrevious
            | Self::SelectNext
            | Self::ClearChart
            | Self::ToggleMastery => Scope::Chart,
            Self::QuizOption1
            | Self::QuizOption2
            | Self::QuizOption3
            | Self::QuizOption4
            | Self::QuizOption5
            | Self::QuizLetterA
            | Self::QuizLetterB
            | Self::QuizLetterC
            | Self::QuizLetterD
            | Self::QuizLetterE
            | Self::QuizTrue
            | Self::QuizFalse
            | Self::QuizConfirm
            | Self::QuizNext
            | Self::QuizPrevious
            | Self::QuizPickNext
            | Self::QuizPickPrevious => Scope::Quiz,
            Self::NewDeck
            | Self::SaveDeck
            | Self::SaveDeckAs
            | Self::CloseDeck
            | Self::ImportDeck
            | Self::FindInDeck
            | Self::AddCard
            | Self::DeleteCard
            | Self::DuplicateCard
            | Self::UndoEdit
            | Self::RedoEdit => Scope::Decks,
        }
    }

    /// Whether the command changes the UI scale (allowed everywhere, also during an exam).
    pub fn is_scale(self) -> bool {
        matches!(self, Self::ScaleUp | Self::ScaleDown | Self::ResetScale)
    }

    /// The shortcut as the user reads it ("Ctrl+1", "Space or Enter").
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts().map(|s| ctx.format_shortcut(&s)).collect::<Vec<_>>().join(" or ")
    }

    /// The commands whose shortcuts were pressed this frame in `active` (the showing view's scope) or
    /// globally, consuming the key presses.
    pub fn pressed(ctx: &egui::Context, active: Scope) -> Vec<UiCommand> {
        // Shortcuts with more modifiers first, so Ctrl+Shift+O is not taken as Ctrl+O.
        let mut all: Vec<UiCommand> =
            Self::ALL.into_iter().filter(|c| c.scope() == Scope::Global || c.scope() == active).collect();
        all.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers))));
        // While a text field has the keyboard, plain keys (Space, digits) are typing, not commands; while
        // any widget has keyboard focus (Tab), arrows, Enter and Space work that widget.
        let typing = ctx.egui_wants_keyboard_input();
        let focused = ctx.memory(|m| m.focused().is_some());
        let skip = |s: &KeyboardShortcut| (typing && types_text(s)) || (focused && navigates(s));
        all.into_iter()
            .filter(|c| c.shortcuts().any(|s| !skip(&s) && ctx.input_mut(|i| i.consume_shortcut(&s))))
            .collect()
    }
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

/// Whether a shortcut is a key that would type text into a focused field.
fn types_text(s: &KeyboardShortcut) -> bool {
    s.modifiers.is_none() && !matches!(s.logical_key, Key::F1 | Key::F2 | Key::F3 | Key::F4 | Key::Escape)
}

/// Whether a shortcut is a key that works a focused widget (a slider, a button).
fn navigates(s: &KeyboardShortcut) -> bool {
    s.modifiers.is_none()
        && matches!(
            s.logical_key,
            Key::ArrowUp
                | Key::ArrowDown
                | Key::ArrowLeft
                | Key::ArrowRight
                | Key::Enter
                | Key::Space
                | Key::Home
                | Key::PageUp
                | Key::PageDown
        )
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl) + u8::from(m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, UiCommand)> = Vec::new();
        for c in UiCommand::ALL {
            for s in c.shortcuts() {
                let clash = seen.iter().find(|(t, other)| *t == s && other.scope().overlaps(c.scope()));
                if let Some((_, other)) = clash {
                    panic!("{c:?} and {other:?} share the shortcut {s:?} in overlapping scopes");
                }
                seen.push((s, c));
            }
        }
    }

    #[test]
    fn every_command_has_a_label_and_tooltip() {
        for c in UiCommand::ALL {
            assert!(!c.label().is_empty() && !c.tooltip().is_empty(), "{c:?}");
        }
    }
}
