//! Every route path of the app, in one place.

use crate::i18n::K;

/// The top-level screens, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Signals,
    Meldroute,
    Contacts,
    Observations,
    Training,
    Settings,
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Home,
        Page::Signals,
        Page::Meldroute,
        Page::Contacts,
        Page::Observations,
        Page::Training,
        Page::Settings,
    ];

    /// The screens in the bottom navigation; Training and Settings are reached
    /// from the header menu so the bar keeps five large targets.
    pub const BOTTOM_NAV: [Page; 5] = [
        Page::Home,
        Page::Signals,
        Page::Meldroute,
        Page::Contacts,
        Page::Observations,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Signals => "/signalen",
            Page::Meldroute => "/meldroute",
            Page::Contacts => "/contacten",
            Page::Observations => "/observaties",
            Page::Training => "/training",
            Page::Settings => "/instellingen",
        }
    }

    /// Label in the navigation.
    pub fn label(self) -> K {
        match self {
            Page::Home => K::NavHome,
            Page::Signals => K::NavSignals,
            Page::Meldroute => K::NavMeldroute,
            Page::Contacts => K::NavContacts,
            Page::Observations => K::NavObservations,
            Page::Training => K::NavTraining,
            Page::Settings => K::NavSettings,
        }
    }

    /// Heading and document title of the screen.
    pub fn title(self) -> K {
        match self {
            Page::Home => K::TitleHome,
            Page::Signals => K::TitleSignals,
            Page::Meldroute => K::TitleMeldroute,
            Page::Contacts => K::TitleContacts,
            Page::Observations => K::TitleObservations,
            Page::Training => K::TitleTraining,
            Page::Settings => K::TitleSettings,
        }
    }

    /// The page a path belongs to; sub-paths belong to their section.
    pub fn for_path(path: &str) -> Option<Page> {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() {
            return Some(Page::Home);
        }
        Page::ALL
            .into_iter()
            .filter(|p| *p != Page::Home)
            .find(|p| {
                trimmed == p.path()
                    || trimmed
                        .strip_prefix(p.path())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// Path of one signal's detail page.
pub fn signal(id: &str) -> String {
    format!("{}/{id}", Page::Signals.path())
}

/// Path of one contact's page.
pub fn contact(id: &str) -> String {
    format!("{}/{id}", Page::Contacts.path())
}

/// Path of the background page on criminal exploitation and its figures.
pub const ABOUT: &str = "/over";

/// The receiving organisation's screen: read, triage and see the picture.
/// Not in the navigation; linked from the settings.
pub const RECEIVE: &str = "/ontvangen";

/// The form for a new observation.
pub const NEW_OBSERVATION: &str = "/observaties/nieuw";
/// Query parameter of the observation form that preselects a signal.
pub const OBSERVATION_SIGNAL_PARAM: &str = "signaal";
/// Query parameter of the observation form: the sent observation to correct.
pub const OBSERVATION_CORRECTS_PARAM: &str = "corrigeer";
/// Query parameter of an observation's page right after it was stored.
pub const SAVED_PARAM: &str = "opgeslagen";

/// Path of a new observation with one signal already chosen.
pub fn new_observation_with_signal(signal_id: &str) -> String {
    format!("{NEW_OBSERVATION}?{OBSERVATION_SIGNAL_PARAM}={signal_id}")
}

/// Path of one stored observation.
pub fn observation(id: &str) -> String {
    format!("{}/{id}", Page::Observations.path())
}

/// Path of the form that edits an unsent observation.
pub fn edit_observation(id: &str) -> String {
    format!("{}/bewerken", observation(id))
}

/// The statements (stellingen) of the practice mode.
pub const TRAINING_STATEMENTS: &str = "/training/stellingen";
/// The presenter view for a projector: one case at a time, keyboard driven.
pub const TRAINING_PRESENTATION: &str = "/training/presentatie";
/// Path segment of a case under the training page.
pub const TRAINING_CASE_SEGMENT: &str = "casus";

/// Path of one practice case.
pub fn training_case(id: &str) -> String {
    format!("{}/{TRAINING_CASE_SEGMENT}/{id}", Page::Training.path())
}

/// Path of the meldroute opened at a walk ([`crate::content::meldroute::Walk::to_param`]).
pub fn meldroute_walk(param: &str) -> String {
    format!("{}?w={param}", Page::Meldroute.path())
}

/// Heading key for the document title of any path, including pages outside
/// the navigation; unknown paths get the not-found title.
pub fn title_for_path(path: &str) -> K {
    match path.trim_end_matches('/') {
        ABOUT => return K::TitleAbout,
        RECEIVE => return K::TitleReceive,
        _ => {}
    }
    Page::for_path(path).map_or(K::TitleNotFound, Page::title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_absolute() {
        let mut seen = std::collections::HashSet::new();
        for page in Page::ALL {
            assert!(page.path().starts_with('/'));
            assert!(seen.insert(page.path()), "duplicate path {}", page.path());
        }
    }

    #[test]
    fn sub_paths_belong_to_their_section() {
        assert_eq!(Page::for_path("/"), Some(Page::Home));
        assert_eq!(Page::for_path(""), Some(Page::Home));
        assert_eq!(Page::for_path("/signalen/geld"), Some(Page::Signals));
        assert_eq!(Page::for_path("/signalen/"), Some(Page::Signals));
        assert_eq!(Page::for_path("/signalenlijst"), None);
        assert_eq!(Page::for_path("/instellingen"), Some(Page::Settings));
        assert_eq!(Page::for_path("/onbekend"), None);
        assert_eq!(signal("geld"), "/signalen/geld");
        assert_eq!(
            new_observation_with_signal("geld"),
            "/observaties/nieuw?signaal=geld"
        );
        assert_eq!(title_for_path("/over"), K::TitleAbout);
        assert_eq!(title_for_path("/over/"), K::TitleAbout);
        assert_eq!(title_for_path("/ontvangen"), K::TitleReceive);
        assert_eq!(Page::for_path(RECEIVE), None);
        assert_eq!(title_for_path("/nergens"), K::TitleNotFound);
        assert_eq!(title_for_path("/signalen/x"), K::TitleSignals);
        assert_eq!(contact("shop-jeugd"), "/contacten/shop-jeugd");
        assert_eq!(
            Page::for_path("/contacten/shop-jeugd"),
            Some(Page::Contacts)
        );
        assert_eq!(training_case("x"), "/training/casus/x");
        assert_eq!(Page::for_path(&training_case("x")), Some(Page::Training));
        assert_eq!(Page::for_path(TRAINING_STATEMENTS), Some(Page::Training));
        assert_eq!(Page::for_path(TRAINING_PRESENTATION), Some(Page::Training));
        assert_eq!(meldroute_walk("politie:a.b"), "/meldroute?w=politie:a.b");
    }
}
