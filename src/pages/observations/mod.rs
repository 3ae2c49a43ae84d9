//! Anonymous observations: the list, the form (with autosaved draft and
//! privacy guard), one observation with export, share and delete.

mod detail;
mod fields;
mod form;
mod list;

pub use detail::ObservationDetail;
pub use form::{EditObservation, NewObservation};
pub use list::Observations;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::use_i18n;
use crate::platform;
use crate::storage::{self, store};
use crate::ui::{focus_selector as focus, Notice, NoticeLine};
use zicht_core::i18n::K;
use zicht_core::observation::{DayPart, FinishContext};
use zicht_core::store::Bucket;

/// Real observations, or practice ones while practice mode is on.
fn current_bucket() -> Bucket {
    crate::practice::bucket()
}

/// Where a draft is stashed in localStorage while the page goes away.
fn stash_key(draft_key: &str) -> String {
    format!("zicht.draft.{}.{draft_key}", current_bucket().name())
}

/// Search results shown under the signal field.
const SIGNAL_RESULTS: usize = 8;

fn finish_context() -> FinishContext {
    let mut random = [0u8; 16];
    platform::random_bytes(&mut random);
    let mut ctx = FinishContext::new(random, &platform::local_date(), &platform::now_rfc3339());
    ctx.day_part_now = Some(DayPart::from_local_hour(platform::local_hour()));
    ctx
}

#[component]
fn StorageProblem() -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None);
    spawn_local(async move {
        store().await;
        problem.set(storage::open_problem());
    });
    move || {
        problem.get().map(|p| {
            let text = match p {
                storage::OpenProblem::Unavailable => i.t(K::StorageUnavailable).to_string(),
                storage::OpenProblem::Failed(e) => e.message(i.lang()),
            };
            view! { <p class="notice notice-error" role="alert">{text}</p> }
        })
    }
}
