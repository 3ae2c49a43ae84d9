//! The app's small UI kit: the blocks several screens share, so each looks and
//! behaves the same everywhere (roles, focus, classes).

mod choice;
// Until the screens that use them adopt the kit (see below); drop the allow then.
#[allow(dead_code)]
mod focus;
mod not_found;
#[allow(dead_code)]
mod notice;

pub use choice::{Choice, ChoiceOption};
// The focus helpers and the notice serve the observation, training and settings
// screens, which move onto the kit on their own branches.
#[allow(unused_imports)]
pub use focus::{focus_id, focus_selector};
pub use not_found::NotFoundBlock;
#[allow(unused_imports)]
pub use notice::{Notice, NoticeLine};
