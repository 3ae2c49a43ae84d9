//! Runs of digit groups, the raw material of phone numbers, BSNs and long
//! numbers, read the way people type them: digits partly spelled out ("nul zes
//! …"), the letter O for a zero ("O6-…"), odd separators (slash, en dash, dots,
//! brackets, spaces in unusual places), a number broken over a line, and digits
//! glued to a word ("BSN123…", "tel0612…").
//!
//! The whole note is read once into three flat vectors (digits, groups, runs),
//! so a scan allocates a handful of buffers, not one per number.

use std::ops::Range;

/// One group of digits: `start..end` in the note, `digits` in [`Numbers::digits`].
#[derive(Clone, Debug)]
pub(super) struct Group {
    pub start: usize,
    pub end: usize,
    pub digits: Range<usize>,
    /// A spelled-out digit ("zes", "seven").
    pub spelled: bool,
    /// The separator text before this group (`start..start` for a run's first).
    pub sep: Range<usize>,
}

/// Groups joined by separators.
#[derive(Clone, Debug)]
pub(super) struct Run {
    /// Byte where the run starts (the `+` if there is one).
    pub start: usize,
    pub end: usize,
    pub plus: bool,
    pub groups: Range<usize>,
    /// Letters glued to the first group ("BSN" in "BSN123456782").
    pub glued: Option<Range<usize>>,
}

#[derive(Default)]
pub(super) struct Numbers {
    pub digits: Vec<u8>,
    pub groups: Vec<Group>,
    pub runs: Vec<Run>,
}

impl Numbers {
    pub fn groups_of(&self, run: &Run) -> &[Group] {
        &self.groups[run.groups.clone()]
    }

    pub fn digits_of(&self, g: &Group) -> &[u8] {
        &self.digits[g.digits.clone()]
    }

    /// Digits of groups `from..to` of the run, appended to `buf` (cleared first).
    pub fn collect(&self, groups: &[Group], buf: &mut Vec<u8>) {
        buf.clear();
        for g in groups {
            buf.extend_from_slice(self.digits_of(g));
        }
    }
}

const SPELLED: &[(&str, u8)] = &[
    ("nul", b'0'),
    ("een", b'1'),
    ("één", b'1'),
    ("eén", b'1'),
    ("twee", b'2'),
    ("drie", b'3'),
    ("vier", b'4'),
    ("vijf", b'5'),
    ("zes", b'6'),
    ("zeven", b'7'),
    ("acht", b'8'),
    ("negen", b'9'),
    ("zero", b'0'),
    ("oh", b'0'),
    ("one", b'1'),
    ("two", b'2'),
    ("three", b'3'),
    ("four", b'4'),
    ("five", b'5'),
    ("six", b'6'),
    ("seven", b'7'),
    ("eight", b'8'),
    ("nine", b'9'),
];

fn spelled_digit(word: &str) -> Option<u8> {
    SPELLED
        .iter()
        .find(|(w, _)| w.len() == word.len() && w.eq_ignore_ascii_case(word))
        .or_else(|| {
            // "Één", "ÉÉN": non-ASCII capitals.
            if word.is_ascii() {
                None
            } else {
                let low = word.to_lowercase();
                SPELLED.iter().find(|(w, _)| *w == low)
            }
        })
        .map(|&(_, d)| d)
}

/// What a word is to the number reader.
enum Atom {
    /// Digits, possibly with O for 0, possibly after glued letters.
    Number {
        glued: Option<Range<usize>>,
        from: usize,
    },
    Spelled(u8),
    /// A spelled digit, then digits from byte `.1` of the word.
    SpelledThenDigits(u8, usize),
}

/// Words people put between the parts of a number they dictate ("06 en dan
/// 3971…"); they bridge a run only after a short prefix that starts with 0.
const BRIDGE_WORDS: &[&str] = &["en", "dan", "and", "then"];

fn bridges(sep: &str) -> bool {
    let words: Vec<&str> = sep.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && words
            .iter()
            .all(|w| BRIDGE_WORDS.iter().any(|b| b.eq_ignore_ascii_case(w)))
        && sep.chars().all(|c| c.is_alphabetic() || c == ' ')
}

/// A prefix a dictated number may continue after: "06", "010", "0031".
fn bridgeable(digits: &[u8]) -> bool {
    (2..=4).contains(&digits.len()) && digits[0] == b'0'
}

fn atom(word: &str, at: usize) -> Option<Atom> {
    let b = word.as_bytes();
    let digitish = |c: u8| c.is_ascii_digit() || c == b'o' || c == b'O';
    if b.iter().all(|&c| digitish(c)) && b.iter().any(u8::is_ascii_digit) {
        // O for a zero only next to real digits: "O6", "0O6"; a lone "O" is a letter.
        return Some(Atom::Number {
            glued: None,
            from: 0,
        });
    }
    if let Some(d) = spelled_digit(word) {
        return Some(Atom::Spelled(d));
    }
    // A spelled digit glued to digits: "nul6", "nul612…".
    for &(w, d) in SPELLED.iter().filter(|(w, _)| w.is_ascii() && w.len() >= 3) {
        if b.len() > w.len()
            && b[..w.len()].eq_ignore_ascii_case(w.as_bytes())
            && b[w.len()..].iter().all(u8::is_ascii_digit)
        {
            return Some(Atom::SpelledThenDigits(d, w.len()));
        }
    }
    // Letters, then digits only: "BSN123456782", "tel0612345678",
    // "burgerservicenummer607…".
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if (1..=20).contains(&letters)
        && b.len() > letters
        && b[letters..].iter().all(u8::is_ascii_digit)
        && b.len() - letters >= 6
    {
        return Some(Atom::Number {
            glued: Some(at..at + letters),
            from: letters,
        });
    }
    None
}

/// Whether `sep` may join two groups: at most four characters, at most two of
/// them not white space, at most one line break.
fn joins(sep: &str, spelled_side: bool) -> bool {
    if sep.is_empty() || sep.chars().count() > 4 {
        return false;
    }
    let mut visible = 0;
    let mut breaks = 0;
    for c in sep.chars() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\t' => {}
            '\n' | '\r' => breaks += 1,
            '-' | '–' | '—' | '.' | '/' | '(' | ')' | '_' | '·' => visible += 1,
            ',' if spelled_side => visible += 1,
            _ => return false,
        }
    }
    // "\r\n" is one line break.
    let breaks = if sep.contains("\r\n") {
        breaks - 1
    } else {
        breaks
    };
    visible <= 2 && breaks <= 1
}

pub(super) fn read(s: &str) -> Numbers {
    let mut n = Numbers::default();
    let b = s.as_bytes();
    // The run being built: its index in n.runs, and where its last group ended.
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let starts_word = (c.is_ascii_alphanumeric()
            || (c >= 0xc0 && super::char_at(b, i).is_some_and(char::is_alphanumeric)))
            && super::boundary_before(b, i);
        if !starts_word {
            i += 1;
            continue;
        }
        let mut j = i;
        for (k, ch) in s[i..].char_indices() {
            if !ch.is_alphanumeric() {
                j = i + k;
                break;
            }
            j = i + k + ch.len_utf8();
        }
        let word = &s[i..j];
        let Some(a) = atom(word, i) else {
            let keep_open = open.is_some_and(|(_, prev_end)| {
                bridges(&s[prev_end..j])
                    && n.groups.last().is_some_and(|g| bridgeable(n.digits_of(g)))
            });
            if keep_open {
                i = j;
                continue;
            }
            open = None;
            i = j.max(i + 1);
            continue;
        };
        let spelled = matches!(a, Atom::Spelled(_));
        let glued = matches!(a, Atom::Number { glued: Some(_), .. });
        // Join the open run if the separator allows it: a comma only where
        // the number is (partly) spelled out ("nul zes, 38, 27").
        let joined = match open {
            Some((r, prev_end)) if !glued => {
                let run_spelled = n.groups[n.runs[r].groups.clone()].iter().any(|g| g.spelled);
                let sep = &s[prev_end..i];
                let bridged =
                    bridges(sep) && n.groups.last().is_some_and(|g| bridgeable(n.digits_of(g)));
                (joins(sep, spelled || run_spelled) || bridged).then_some((r, prev_end))
            }
            _ => None,
        };
        let d0 = n.digits.len();
        let (digit_start, glued_range) = match a {
            Atom::Spelled(d) => {
                n.digits.push(d);
                (i, None)
            }
            Atom::Number { glued, from } => {
                for &c in &b[i + from..j] {
                    n.digits.push(if c.is_ascii_digit() { c } else { b'0' });
                }
                (i + from, glued)
            }
            Atom::SpelledThenDigits(d, from) => {
                n.digits.push(d);
                n.digits.extend_from_slice(&b[i + from..j]);
                (i, None)
            }
        };
        let gi = n.groups.len();
        let sep = match joined {
            Some((_, prev_end)) => prev_end..i,
            None => digit_start..digit_start,
        };
        n.groups.push(Group {
            start: digit_start,
            end: j,
            digits: d0..n.digits.len(),
            spelled,
            sep,
        });
        match joined {
            Some((r, _)) => {
                n.runs[r].groups.end = gi + 1;
                n.runs[r].end = j;
                open = Some((r, j));
            }
            None => {
                let plus = glued_range.is_none() && i > 0 && b[i - 1] == b'+';
                n.runs.push(Run {
                    start: if plus { i - 1 } else { digit_start },
                    end: j,
                    plus,
                    groups: gi..gi + 1,
                    glued: glued_range,
                });
                open = Some((n.runs.len() - 1, j));
            }
        }
        i = j;
    }
    // A run of spelled words alone is ordinary text ("een of twee"), unless it
    // is long enough to be a number.
    n.runs.retain(|r| {
        let groups = &n.groups[r.groups.clone()];
        groups.iter().any(|g| !g.spelled) || groups.len() >= 8
    });
    n
}
