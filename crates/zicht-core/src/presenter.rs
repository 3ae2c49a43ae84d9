//! The presenter view of practice mode (`/training/presentatie`) as a small
//! state machine: where the presentation is, how it moves, how a position is
//! kept in the URL, and which keys move it. The shell only renders a [`Slide`]
//! and navigates to [`Slide::query`].

/// Reveals per case: situation, signal question, signal answer, step
/// question, step answer, take-away.
pub const REVEALS: usize = 6;

/// Query value of `c` for the end slide after the last case.
pub const END: &str = "einde";

/// Position in the presentation: case index (== number of cases at the end)
/// and how much of it is revealed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Slide {
    pub case: usize,
    pub step: usize,
}

/// A move the keyboard asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Move {
    Forward,
    Back,
}

impl Slide {
    /// The first slide of case `case`.
    pub fn start_of(case: usize) -> Slide {
        Slide { case, step: 0 }
    }

    /// Reads the position from the query values `c` (a case id or [`END`])
    /// and `s` (the step); unknown ids start at the first case and the step
    /// is clamped to the reveals.
    pub fn from_query<'a>(
        ids: impl IntoIterator<Item = &'a str>,
        c: Option<&str>,
        s: Option<&str>,
    ) -> Slide {
        let ids: Vec<&str> = ids.into_iter().collect();
        let case = c
            .and_then(|id| ids.iter().position(|known| *known == id))
            .unwrap_or(if c == Some(END) { ids.len() } else { 0 });
        let step = s
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0)
            .min(REVEALS - 1);
        Slide { case, step }
    }

    /// The query values `(c, s)` that [`Slide::from_query`] reads back.
    pub fn query<'a>(self, ids: &[&'a str]) -> (&'a str, usize) {
        (ids.get(self.case).copied().unwrap_or(END), self.step)
    }

    pub fn is_first(self) -> bool {
        self == Slide::default()
    }

    pub fn is_end(self, cases: usize) -> bool {
        self.case >= cases
    }

    pub fn next(self, cases: usize) -> Slide {
        if self.is_end(cases) {
            self
        } else if self.step + 1 < REVEALS {
            Slide {
                case: self.case,
                step: self.step + 1,
            }
        } else {
            Slide::start_of(self.case + 1)
        }
    }

    pub fn previous(self, cases: usize) -> Slide {
        if self.is_end(cases) {
            Slide {
                case: cases.saturating_sub(1),
                step: REVEALS - 1,
            }
        } else if self.step > 0 {
            Slide {
                case: self.case,
                step: self.step - 1,
            }
        } else if self.case > 0 {
            Slide {
                case: self.case - 1,
                step: REVEALS - 1,
            }
        } else {
            self
        }
    }

    pub fn apply(self, to: Move, cases: usize) -> Slide {
        match to {
            Move::Forward => self.next(cases),
            Move::Back => self.previous(cases),
        }
    }
}

/// The move a key press asks for, or `None` when the page should handle the
/// key itself: with a modifier, in a form field, or Space on a focused button
/// or link (which activates it). `target` is the lower-case tag name of the
/// element the event came from.
pub fn key_move(key: &str, target: &str, modified: bool) -> Option<Move> {
    if modified || matches!(target, "input" | "select" | "textarea") {
        return None;
    }
    if key == " " && matches!(target, "button" | "a") {
        return None;
    }
    match key {
        "ArrowRight" | " " | "PageDown" => Some(Move::Forward),
        "ArrowLeft" | "PageUp" => Some(Move::Back),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 2] = ["a", "b"];

    #[test]
    fn next_walks_the_reveals_then_the_cases_and_stops_at_the_end() {
        let mut s = Slide::default();
        let mut seen = vec![s];
        while !s.is_end(2) {
            s = s.next(2);
            seen.push(s);
        }
        assert_eq!(seen.len(), 2 * REVEALS + 1);
        assert_eq!(seen[REVEALS], Slide::start_of(1));
        assert_eq!(s, Slide::start_of(2));
        assert_eq!(s.next(2), s);
    }

    #[test]
    fn previous_walks_back_and_stops_at_the_first_slide() {
        let end = Slide::start_of(2);
        assert_eq!(
            end.previous(2),
            Slide {
                case: 1,
                step: REVEALS - 1
            }
        );
        assert_eq!(
            Slide::start_of(1).previous(2),
            Slide {
                case: 0,
                step: REVEALS - 1
            }
        );
        assert_eq!(Slide { case: 0, step: 3 }.previous(2).step, 2);
        assert!(Slide::default().previous(2).is_first());
    }

    #[test]
    fn next_and_previous_undo_each_other_inside_the_bounds() {
        let mut s = Slide::default();
        while !s.is_end(2) {
            assert_eq!(s.next(2).previous(2), s);
            s = s.next(2);
        }
    }

    #[test]
    fn an_empty_presentation_is_at_its_end() {
        let s = Slide::from_query([], None, None);
        assert!(s.is_end(0) && s.is_first());
        assert_eq!(s.next(0), s);
        // Back from the end of nothing stays at the end.
        assert!(s.previous(0).is_end(0));
    }

    #[test]
    fn query_round_trips_and_unknown_values_fall_back() {
        for s in [
            Slide::default(),
            Slide { case: 1, step: 4 },
            Slide::start_of(2),
        ] {
            let (c, step) = s.query(&IDS);
            let step = step.to_string();
            assert_eq!(Slide::from_query(IDS, Some(c), Some(&step)), s);
        }
        assert_eq!(
            Slide::from_query(IDS, Some("x"), Some("9")).step,
            REVEALS - 1
        );
        assert_eq!(
            Slide::from_query(IDS, Some("x"), Some("no")),
            Slide::default()
        );
        assert_eq!(Slide::from_query(IDS, Some(END), None), Slide::start_of(2));
    }

    #[test]
    fn keys_map_to_moves_except_where_the_page_handles_them() {
        for key in ["ArrowRight", " ", "PageDown"] {
            assert_eq!(key_move(key, "body", false), Some(Move::Forward));
        }
        for key in ["ArrowLeft", "PageUp"] {
            assert_eq!(key_move(key, "div", false), Some(Move::Back));
        }
        assert_eq!(key_move("Enter", "body", false), None);
        assert_eq!(key_move("ArrowRight", "body", true), None);
        for field in ["input", "select", "textarea"] {
            assert_eq!(key_move("ArrowLeft", field, false), None);
        }
        assert_eq!(key_move(" ", "button", false), None);
        assert_eq!(key_move(" ", "a", false), None);
        assert_eq!(key_move("ArrowRight", "button", false), Some(Move::Forward));
    }

    #[test]
    fn apply_follows_the_move() {
        let s = Slide { case: 0, step: 2 };
        assert_eq!(s.apply(Move::Forward, 2), s.next(2));
        assert_eq!(s.apply(Move::Back, 2), s.previous(2));
    }
}
