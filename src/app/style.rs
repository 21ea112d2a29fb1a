//! Colours and small widgets shared by the views.

use egui::{Color32, RichText, Ui};

use crate::model::Branch;

/// The colour of a branch, readable as a box fill behind dark text in both themes.
pub fn branch_color(branch: Branch) -> Color32 {
    match branch {
        Branch::Presidency => Color32::from_rgb(0xF2, 0xC1, 0x4E),
        Branch::Security => Color32::from_rgb(0xE8, 0x8A, 0x7D),
        Branch::Advisory => Color32::from_rgb(0xF5, 0xE0, 0xA3),
        Branch::Executive => Color32::from_rgb(0x8E, 0xC5, 0xE8),
        Branch::Legislative => Color32::from_rgb(0xA8, 0xD8, 0x9A),
        Branch::Judicial => Color32::from_rgb(0xC7, 0xB3, 0xE6),
        Branch::Independent => Color32::from_rgb(0xB8, 0xDE, 0xD8),
        Branch::Local => Color32::from_rgb(0xE6, 0xC9, 0xA8),
        Branch::Political => Color32::from_rgb(0xD3, 0xD3, 0xD3),
    }
}

/// Text that stays readable on [`branch_color`] fills.
pub const ON_BRANCH: Color32 = Color32::from_rgb(0x1B, 0x1B, 0x1B);

/// A heading for a section inside a panel.
pub fn section(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong());
}

/// A muted line of text (sources, dates).
pub fn weak(ui: &mut Ui, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).weak());
}

/// An error line in the theme's error colour.
pub fn error_label(ui: &mut Ui, text: impl Into<String>) -> egui::Response {
    let color = ui.visuals().error_fg_color;
    ui.label(RichText::new(text.into()).color(color))
}

/// Adjusts egui's themes where they are too faint: in the light theme, weak text (sources, hints,
/// explanations) is drawn in a grey that keeps a contrast of about 5:1 on the panel background
/// (egui's default, the text colour at 60 % opacity, gives about 3:1).
pub fn tune_themes(ctx: &egui::Context) {
    ctx.style_mut_of(egui::Theme::Light, |s| s.visuals.weak_text_color = Some(Color32::from_gray(105)));
}
