//! Platform corners the windowing layer leaves open.

use raw_window_handle::RawWindowHandle;

/// Under an X server without a window manager (a kiosk, a test display), nobody gives the window the
/// keyboard focus, and winit drops key events for unfocused windows: no shortcut or typing would
/// work. Takes the focus, but only when no window holds it (focus on nothing, the pointer root or the root window),
/// so it never steals focus on a desktop. Returns whether it took the focus.
#[cfg(target_os = "linux")]
pub fn take_unclaimed_keyboard_focus(handle: RawWindowHandle) -> bool {
    use std::os::raw::{c_int, c_ulong};
    use x11_dl::xlib;

    let window: c_ulong = match handle {
        RawWindowHandle::Xlib(h) => h.window,
        RawWindowHandle::Xcb(h) => c_ulong::from(h.window.get()),
        _ => return false,
    };
    let Ok(x) = xlib::Xlib::open() else { return false };
    extern "C" fn ignore_errors(_: *mut xlib::Display, _: *mut xlib::XErrorEvent) -> c_int {
        0
    }
    // SAFETY: a private display connection, opened and closed here; the error handler is swapped
    // only around our own calls on this thread (the UI thread, where winit also runs), so a failed
    // request (a window not yet viewable) cannot end the process.
    unsafe {
        let display = (x.XOpenDisplay)(std::ptr::null());
        if display.is_null() {
            return false;
        }
        let mut focus: c_ulong = 0;
        let mut revert: c_int = 0;
        (x.XGetInputFocus)(display, &mut focus, &mut revert);
        // None, PointerRoot, or the root window (where the focus reverts when its window closes).
        let root = (x.XDefaultRootWindow)(display);
        let unclaimed = focus == 0 || focus == 1 || focus == root;
        if unclaimed {
            let previous = (x.XSetErrorHandler)(Some(ignore_errors));
            (x.XSetInputFocus)(display, window, xlib::RevertToParent, xlib::CurrentTime);
            (x.XSync)(display, xlib::False);
            (x.XSetErrorHandler)(previous);
        }
        (x.XCloseDisplay)(display);
        unclaimed
    }
}

#[cfg(not(target_os = "linux"))]
pub fn take_unclaimed_keyboard_focus(_handle: RawWindowHandle) -> bool {
    false
}
