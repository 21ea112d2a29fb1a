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
    pub const ALL: [UiCommand; 8] = [
        Self::ShowChart,
        Self::ShowStudy,
        Self::ShowQuiz,
        Self::ShowDecks,
        Self::ShowStats,
        Self::Open,
        Self::OpenPath,
        Self::Help,
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
        })
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
        }
    }

    /// The shortcut as the user reads it ("Ctrl+1").
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut().map(|s| ctx.format_shortcut(&s)).unwrap_or_default()
    }

    /// The commands whose shortcuts were pressed this frame in `active` (the showing view's scope) or
    /// globally, consuming the key presses.
    pub fn pressed(ctx: &egui::Context, active: Scope) -> Vec<UiCommand> {
        // Shortcuts with more modifiers first, so Ctrl+Shift+O is not taken as Ctrl+O.
        let mut all: Vec<UiCommand> =
            Self::ALL.into_iter().filter(|c| c.scope() == Scope::Global || c.scope() == active).collect();
        all.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers))));
        all.into_iter().filter(|c| c.shortcut().is_some_and(|s| ctx.input_mut(|i| i.consume_shortcut(&s)))).collect()
    }
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
            if let Some(s) = c.shortcut() {
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
