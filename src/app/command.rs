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
    pub const ALL: [UiCommand; 14] = [
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
        })
    }

    /// A second key for the same command (Enter shows the answer, like Space).
    pub fn alternate_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::ShowAnswer => Some(key(Key::Enter)),
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
            | Self::Help => Scope::Global,
            Self::ShowAnswer
            | Self::GradeAgain
            | Self::GradeHard
            | Self::GradeGood
            | Self::GradeEasy
            | Self::UndoGrade => Scope::Study,
        }
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
        // While a text field has the keyboard, plain keys (Space, digits) are typing, not commands.
        let typing = ctx.egui_wants_keyboard_input();
        all.into_iter()
            .filter(|c| c.shortcuts().any(|s| !(typing && types_text(&s)) && ctx.input_mut(|i| i.consume_shortcut(&s))))
            .collect()
    }
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

/// Whether a shortcut is a key that would type text into a focused field.
fn types_text(s: &KeyboardShortcut) -> bool {
    s.modifiers.is_none() && !matches!(s.logical_key, Key::F1 | Key::F2 | Key::F3 | Key::F4 | Key::Escape)
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
