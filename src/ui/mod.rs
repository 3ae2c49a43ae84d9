//! The app's small UI kit: the blocks several screens share, so each looks and
//! behaves the same everywhere (roles, focus, classes).

mod choice;
mod focus;
mod not_found;
mod notice;

pub use choice::{Choice, ChoiceOption};
pub use focus::{focus_id, focus_selector};
pub use not_found::NotFoundBlock;
pub use notice::{Notice, NoticeLine};
