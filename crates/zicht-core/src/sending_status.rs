//! Where sending stands, computed once from the stored observations and the
//! sending conditions, so the observation cards, the navigation badge, the
//! counts and the status block in Settings and on the list can never
//! disagree (issue 15): each shows a part of one [`Overview`].
//!
//! Five states reach the user: waiting (will go by itself), sending, sent,
//! rejected (needs a correction from the user) and paused (needs the user:
//! a refused token or address, or a key to confirm). Without an endpoint a
//! waiting observation is "only on this device".

use crate::i18n::K;
use crate::outbox::{parse_rfc3339_ms, SyncState};

/// What the app knows besides each observation's own state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// An endpoint is set (by the user or by `config.json`).
    pub configured: bool,
    /// Sending is paused until the user acts: a refused token or address, or
    /// an endpoint key to confirm.
    pub paused: bool,
}

/// One observation's sending state as every screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemStatus {
    /// No endpoint is set: it stays on this device.
    OnlyHere,
    /// Goes out by itself (not tried yet, or tried and will try again).
    Waiting,
    /// A request carries it now.
    Sending,
    /// The endpoint stored it.
    Sent,
    /// The endpoint refused it: the user makes a correction.
    Rejected,
    /// Sending waits for the user (token, address or key).
    Paused,
}

impl ItemStatus {
    pub fn of(state: &SyncState, conditions: Conditions) -> ItemStatus {
        match state {
            SyncState::Sent { .. } => ItemStatus::Sent,
            SyncState::Rejected { .. } => ItemStatus::Rejected,
            _ if !conditions.configured => ItemStatus::OnlyHere,
            _ if conditions.paused => ItemStatus::Paused,
            SyncState::Sending { .. } => ItemStatus::Sending,
            SyncState::Pending | SyncState::RetryLater { .. } => ItemStatus::Waiting,
        }
    }

    /// The card's label.
    pub fn label(self) -> K {
        match self {
            ItemStatus::OnlyHere => K::ObsStateLocal,
            ItemStatus::Waiting => K::ObsStatePending,
            ItemStatus::Sending => K::ObsStateSending,
            ItemStatus::Sent => K::ObsStateSent,
            ItemStatus::Rejected => K::ObsStateRejected,
            ItemStatus::Paused => K::ObsStatePaused,
        }
    }

    /// Stable name for `data-state` (tests and styles).
    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::OnlyHere => "local",
            ItemStatus::Waiting => "waiting",
            ItemStatus::Sending => "sending",
            ItemStatus::Sent => "sent",
            ItemStatus::Rejected => "rejected",
            ItemStatus::Paused => "paused",
        }
    }

    /// Not yet stored by an endpoint, and not refused: what "waiting" counts.
    pub fn is_unsent(self) -> bool {
        matches!(
            self,
            ItemStatus::OnlyHere | ItemStatus::Waiting | ItemStatus::Sending | ItemStatus::Paused
        )
    }
}

/// One observation as the overview needs it.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub state: &'a SyncState,
    pub recorded_at: &'a str,
    /// Practice observations are never sent and never counted.
    pub practice: bool,
}

/// How long the oldest unsent observation waits before the badge shows its age.
pub const BADGE_AGE_AFTER_MS: u64 = 60_000;

/// The counts every screen shows, from one pass over the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub conditions: Conditions,
    pub only_here: usize,
    pub waiting: usize,
    pub sending: usize,
    pub paused: usize,
    pub sent: usize,
    pub rejected: usize,
    /// When the oldest unsent one was recorded (ms since the epoch).
    pub oldest_unsent_ms: Option<u64>,
}

/// The status block's first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Headline {
    /// Nothing recorded yet, or everything sent.
    AllSent,
    /// No endpoint: `n` stay on this device.
    OnlyHere(usize),
    /// `n` wait or are being sent; they go by themselves.
    Waiting(usize),
    /// `n` wait for the user to act on the pause.
    Paused(usize),
    /// Nothing waits, but `n` were refused and need a correction.
    Rejected(usize),
}

impl Overview {
    pub fn of<'a>(items: impl IntoIterator<Item = Item<'a>>, conditions: Conditions) -> Overview {
        let mut o = Overview {
            conditions,
            ..Overview::default()
        };
        for item in items.into_iter().filter(|i| !i.practice) {
            let status = ItemStatus::of(item.state, conditions);
            match status {
                ItemStatus::OnlyHere => o.only_here += 1,
                ItemStatus::Waiting => o.waiting += 1,
                ItemStatus::Sending => o.sending += 1,
                ItemStatus::Paused => o.paused += 1,
                ItemStatus::Sent => o.sent += 1,
                ItemStatus::Rejected => o.rejected += 1,
            }
            if status.is_unsent() {
                if let Some(ms) = parse_rfc3339_ms(item.recorded_at) {
                    o.oldest_unsent_ms = Some(o.oldest_unsent_ms.map_or(ms, |m| m.min(ms)));
                }
            }
        }
        o
    }

    /// Recorded and not yet stored by an endpoint, refused ones excluded: the
    /// badge's number and the "waiting" count.
    pub fn unsent(&self) -> usize {
        self.only_here + self.waiting + self.sending + self.paused
    }

    /// What needs the user: refused observations, and unsent ones while paused.
    pub fn needs_user(&self) -> usize {
        self.rejected + self.paused
    }

    /// Whether the Observations tab shows its badge: something waits or
    /// needs the user.
    pub fn shows_badge(&self) -> bool {
        self.unsent() > 0 || self.needs_user() > 0
    }

    /// When the oldest unsent observation was recorded, once it has waited
    /// [`BADGE_AGE_AFTER_MS`] (a fresh one shows no age on the badge).
    pub fn badge_since(&self, now_ms: u64) -> Option<u64> {
        self.oldest_unsent_ms
            .filter(|&oldest| now_ms.saturating_sub(oldest) >= BADGE_AGE_AFTER_MS)
    }

    pub fn headline(&self) -> Headline {
        if self.paused > 0 {
            Headline::Paused(self.paused)
        } else if self.only_here > 0 {
            Headline::OnlyHere(self.only_here)
        } else if self.waiting + self.sending > 0 {
            Headline::Waiting(self.waiting + self.sending)
        } else if self.rejected > 0 {
            Headline::Rejected(self.rejected)
        } else {
            Headline::AllSent
        }
    }
}

/// How long ago `since_ms` was at `now_ms`, as a text key and its `n`: "zojuist",
/// "12 min", "3 uur" (up to two days), then days; `short` for the nav badge
/// (which has no "zojuist": it shows "0 min").
pub fn age(since_ms: u64, now_ms: u64, short: bool) -> (K, u64) {
    let minutes = now_ms.saturating_sub(since_ms) / 60_000;
    match (minutes, short) {
        (0, false) => (K::SyncAgeNow, 0),
        (0..60, false) => (K::SyncAgeMin, minutes),
        (0..60, true) => (K::SyncAgeShortMin, minutes),
        (60..2880, false) => (K::SyncAgeHours, minutes / 60),
        (60..2880, true) => (K::SyncAgeShortHours, minutes / 60),
        (_, false) => (K::SyncAgeDays, minutes / 1440),
        (_, true) => (K::SyncAgeShortDays, minutes / 1440),
    }
}
