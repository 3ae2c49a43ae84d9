//! The phase of one reading session on `/ontvangen`, and the decisions the
//! screen takes on it: whether the session shows, what the status line says,
//! which button continues, and how a `/v1/health` answer is read.

use super::paging::{self, ReadError, ReadState};
use crate::i18n::{self, K};
use crate::{Lang, Text};

/// Where a reading session is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Reading,
    CaughtUp,
    Paused(Text),
    Failed(Text),
}

/// The button that reads on from where a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// The run paused (error or run cap): continue it.
    Continue,
    /// The run caught up: ask for what arrived since.
    FetchNew,
}

impl Resume {
    pub fn label(self) -> K {
        match self {
            Resume::Continue => K::RcvContinue,
            Resume::FetchNew => K::RcvFetchNew,
        }
    }
}

/// A UI text in both languages, for messages kept in state.
pub fn text(key: K, args: &[(&str, &str)]) -> Text {
    Text {
        nl: i18n::tf(Lang::Nl, key, args),
        en: i18n::tf(Lang::En, key, args),
    }
}

impl Phase {
    /// Progress, filters, picture and inbox show once a session has started
    /// and not failed to.
    pub fn is_connected(&self) -> bool {
        !matches!(self, Phase::Idle | Phase::Failed(_))
    }

    /// The phase after a run of pages ended with the reader in `state`.
    pub fn after_run(state: Option<&ReadState>) -> Phase {
        match state {
            Some(ReadState::Paused(e)) => Phase::Paused(e.text()),
            _ => Phase::CaughtUp,
        }
    }

    /// The phase after the `/v1/health` check: `Ok` with the announced key
    /// id when reading may start, `Err` with the failed phase otherwise.
    /// `answer` is `None` when the endpoint could not be reached.
    pub fn after_health(answer: Option<(u16, &str)>) -> Result<Option<String>, Phase> {
        match answer {
            Some((200, body)) => Ok(paging::announced_key_id(body)),
            Some((status @ (401 | 403), _)) => Err(Phase::Failed(ReadError::Auth(status).text())),
            Some((status, _)) => Err(Phase::Failed(text(
                K::RcvHealthFailed,
                &[("status", &status.to_string())],
            ))),
            None => Err(Phase::Failed(ReadError::Unreachable(None).text())),
        }
    }

    /// The status line beside the counts; empty before a session.
    pub fn status(&self) -> Option<Text> {
        match self {
            Phase::Idle => None,
            Phase::Reading => Some(text(K::RcvReading, &[])),
            Phase::CaughtUp => Some(text(K::RcvCaughtUp, &[])),
            Phase::Paused(t) | Phase::Failed(t) => Some(t.clone()),
        }
    }

    /// The error shown with the connect form.
    pub fn failure(&self) -> Option<&Text> {
        match self {
            Phase::Failed(t) => Some(t),
            _ => None,
        }
    }

    pub fn resume(&self) -> Option<Resume> {
        match self {
            Phase::Paused(_) => Some(Resume::Continue),
            Phase::CaughtUp => Some(Resume::FetchNew),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Text {
        Text {
            nl: s.into(),
            en: s.into(),
        }
    }

    #[test]
    fn connected_only_between_start_and_failure() {
        assert!(!Phase::Idle.is_connected());
        assert!(!Phase::Failed(t("x")).is_connected());
        assert!(Phase::Reading.is_connected());
        assert!(Phase::CaughtUp.is_connected());
        assert!(Phase::Paused(t("x")).is_connected());
    }

    #[test]
    fn a_run_ends_paused_with_its_error_or_caught_up() {
        let paused = ReadState::Paused(ReadError::RunCap);
        assert_eq!(
            Phase::after_run(Some(&paused)),
            Phase::Paused(ReadError::RunCap.text())
        );
        assert_eq!(Phase::after_run(Some(&ReadState::Reading)), Phase::CaughtUp);
        assert_eq!(Phase::after_run(None), Phase::CaughtUp);
    }

    #[test]
    fn health_answers_start_reading_or_fail() {
        let body = r#"{"seal":{"key_id":"nope"}}"#;
        assert!(Phase::after_health(Some((200, body))).is_ok());
        assert_eq!(Phase::after_health(Some((200, "{}"))), Ok(None));
        for status in [401, 403] {
            assert_eq!(
                Phase::after_health(Some((status, ""))),
                Err(Phase::Failed(ReadError::Auth(status).text()))
            );
        }
        assert_eq!(
            Phase::after_health(Some((500, ""))),
            Err(Phase::Failed(text(
                K::RcvHealthFailed,
                &[("status", "500")]
            )))
        );
        assert_eq!(
            Phase::after_health(None),
            Err(Phase::Failed(ReadError::Unreachable(None).text()))
        );
    }

    #[test]
    fn status_failure_and_resume_follow_the_phase() {
        assert_eq!(Phase::Idle.status(), None);
        assert_eq!(Phase::Reading.status(), Some(text(K::RcvReading, &[])));
        assert_eq!(Phase::CaughtUp.status(), Some(text(K::RcvCaughtUp, &[])));
        assert_eq!(Phase::Paused(t("p")).status(), Some(t("p")));
        assert_eq!(Phase::Failed(t("f")).failure(), Some(&t("f")));
        assert_eq!(Phase::Paused(t("p")).failure(), None);
        assert_eq!(Phase::Paused(t("p")).resume(), Some(Resume::Continue));
        assert_eq!(Phase::CaughtUp.resume(), Some(Resume::FetchNew));
        assert_eq!(Phase::Reading.resume(), None);
        assert_eq!(Resume::FetchNew.label(), K::RcvFetchNew);
    }
}
