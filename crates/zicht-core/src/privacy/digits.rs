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

/// Number words from ten to nineteen and the tens, as people dictate a phone
/// number in pairs ("nul zes, twaalf, vierendertig"): two digits each.
const SPELLED_TEENS_AND_TENS: &[(&str, u8)] = &[
    ("tien", 10),
    ("elf", 11),
    ("twaalf", 12),
    ("dertien", 13),
    ("veertien", 14),
    ("vijftien", 15),
    ("zestien", 16),
    ("zeventien", 17),
    ("achttien", 18),
    ("negentien", 19),
    ("twintig", 20),
    ("dertig", 30),
    ("veertig", 40),
    ("vijftig", 50),
    ("zestig", 60),
    ("zeventig", 70),
    ("tachtig", 80),
    ("negentig", 90),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// A spelled number from 10 to 99: "twaalf", "zesenvijftig",
/// "drieënzeventig", "achtentachtig"; English compounds with a hyphen
/// ("eighty-one") are joined by the reader.
fn spelled_pair(word: &str) -> Option<u8> {
    let low = word.to_lowercase();
    let simple = |w: &str| {
        SPELLED_TEENS_AND_TENS
            .iter()
            .find(|(t, _)| *t == w)
            .map(|&(_, v)| v)
    };
    if let Some(v) = simple(&low) {
        return Some(v);
    }
    // Dutch compounds: unit + "en"/"ën" + tens.
    for &(unit, d) in SPELLED.iter().filter(|(_, d)| *d != b'0') {
        let unit = if unit == "één" || unit == "eén" {
            continue;
        } else {
            unit
        };
        let Some(rest) = low.strip_prefix(unit) else {
            continue;
        };
        let Some(tens) = rest.strip_prefix("en").or_else(|| rest.strip_prefix("ën")) else {
            continue;
        };
        if let Some(t) = simple(tens).filter(|t| t % 10 == 0 && *t >= 20 && *t <= 90) {
            if SPELLED_TEENS_AND_TENS
                .iter()
                .any(|(w, _)| *w == tens && w.is_ascii())
            {
                return Some(t + (d - b'0'));
            }
        }
    }
    None
}

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
        /// The digits are bytes `from..to` of the word.
        from: usize,
        to: usize,
    },
    Spelled(u8),
    /// A spelled number from 10 to 99: two digits.
    SpelledPair(u8),
    /// A spelled digit, then digits from byte `.1` of the word.
    SpelledThenDigits(u8, usize),
}

/// Words people put between the parts of a number they dictate ("06 en dan
/// 3971…"); they bridge a run only after a short prefix that starts with 0.
const BRIDGE_WORDS: &[&str] = &["en", "dan", "daarna", "and", "then"];

/// Words people say for a separator when they spell a number out ("06 dash
/// 39 dash 48"); they join groups of a run that starts with 0.
const SEPARATOR_WORDS: &[&str] = &["dash", "streepje", "min", "slash", "koppelteken"];

fn separator_word(sep: &str) -> bool {
    let mut words = sep.split_whitespace();
    matches!((words.next(), words.next()), (Some(w), None)
        if SEPARATOR_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
        && sep.chars().all(|c| c.is_alphabetic() || c == ' ')
}

fn bridges(sep: &str) -> bool {
    let words: Vec<&str> = sep.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && words
            .iter()
            .all(|w| BRIDGE_WORDS.iter().any(|b| b.eq_ignore_ascii_case(w)))
        && sep.chars().all(|c| c.is_alphabetic() || c == ' ')
}

/// A prefix a dictated number may continue after: "06", "010", "0031",
/// "06263" ("nul zes twee zes drie en daarna 65420").
fn bridgeable(digits: &[u8]) -> bool {
    (2..=6).contains(&digits.len()) && digits[0] == b'0'
}

fn atom(word: &str, at: usize) -> Option<Atom> {
    let b = word.as_bytes();
    let digitish = |c: u8| c.is_ascii_digit() || c == b'o' || c == b'O';
    if b.iter().all(|&c| digitish(c)) && b.iter().any(u8::is_ascii_digit) {
        // O for a zero only next to real digits: "O6", "0O6"; a lone "O" is a letter.
        return Some(Atom::Number {
            glued: None,
            from: 0,
            to: b.len(),
        });
    }
    if one_typed_as_letter(b) {
        return Some(Atom::Number {
            glued: None,
            from: 0,
            to: b.len(),
        });
    }
    if let Some(d) = spelled_digit(word) {
        return Some(Atom::Spelled(d));
    }
    if let Some(v) = spelled_pair(word) {
        return Some(Atom::SpelledPair(v));
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
            to: b.len(),
        });
    }
    // A long number with a letter or two typed after it: "395804619a",
    // "BSN843404541NL". Seven digits at least, so "12a" stays a house number.
    let digits = b[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let tail = b.len() - letters - digits;
    if letters <= 20
        && digits >= 7
        && (1..=2).contains(&tail)
        && b[letters + digits..].iter().all(u8::is_ascii_alphabetic)
    {
        return Some(Atom::Number {
            glued: (letters > 0).then(|| at..at + letters),
            from: letters,
            to: letters + digits,
        });
    }
    None
}

/// A number typed with the letter l or I for a one (and O for a zero) among
/// real digits: "l68", "23996I481", "982lO9829". At least two real digits, and
/// no more letters than digits, so words ("lol", "I", "O2-arena") stay words.
fn one_typed_as_letter(b: &[u8]) -> bool {
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let ones = b.iter().filter(|&&c| c == b'l' || c == b'I').count();
    let letters = b.len() - digits;
    ones > 0
        && digits >= 2
        && letters <= digits
        && b.iter()
            .all(|&c| c.is_ascii_digit() || matches!(c, b'l' | b'I' | b'o' | b'O'))
}

/// The digit a character of a number word stands for (see [`atom`]).
fn digit_of(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c,
        b'l' | b'I' => b'1',
        _ => b'0',
    }
}

/// Whether `sep` may join two groups: at most four characters, at most two of
/// them not white space (dashes, dots, slashes, brackets, bars, a semicolon, an
/// ellipsis or a return sign), at most one line break. A comma joins only where the
/// number is (partly) spelled out or the run so far starts with 0 ("nul zes,
/// 38", "0612, 38, 47"): elsewhere a comma separates numbers in a list.
fn joins(sep: &str, comma_ok: bool) -> bool {
    if sep.is_empty() || (sep.chars().count() > 4 && sep.trim() != "...") {
        return false;
    }
    let mut visible = 0;
    let mut breaks = 0;
    for c in sep.chars() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\t' => {}
            '\n' | '\r' => breaks += 1,
            '-' | '–' | '—' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '.' | '/'
            | '(' | ')' | '_' | '·' | '|' | '\\' | ';' | '…' | '↵' => visible += 1,
            ',' if comma_ok => visible += 1,
            _ => return false,
        }
    }
    // "\r\n" is one line break.
    let breaks = if sep.contains("\r\n") {
        breaks - 1
    } else {
        breaks
    };
    // An ellipsis typed as three dots ("95707 ... 3057") is one break too.
    (visible <= 2 || sep.trim() == "...") && breaks <= 1
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
            let keep_open = open.is_some_and(|(r, prev_end)| {
                let sep = &s[prev_end..j];
                (bridges(sep) && bridgeable(run_digits(&n, r)))
                    || (separator_word(sep) && run_starts_with_zero(&n, r))
            });
            if keep_open {
                i = j;
                continue;
            }
            open = None;
            i = j.max(i + 1);
            continue;
        };
        let spelled = matches!(a, Atom::Spelled(_) | Atom::SpelledPair(_));
        let glued = matches!(a, Atom::Number { glued: Some(_), .. });
        // Join the open run if the separator allows it: a comma only where
        // the number is (partly) spelled out ("nul zes, 38, 27").
        let joined = match open {
            Some((r, prev_end)) if !glued => {
                let run_spelled = n.groups[n.runs[r].groups.clone()].iter().any(|g| g.spelled);
                let sep = &s[prev_end..i];
                let zero = run_starts_with_zero(&n, r);
                let bridged = (bridges(sep) && bridgeable(run_digits(&n, r)))
                    || (separator_word(sep) && zero);
                (joins(sep, spelled || run_spelled || zero) || bridged).then_some((r, prev_end))
            }
            _ => None,
        };
        let d0 = n.digits.len();
        let (digit_start, glued_range) = match a {
            Atom::Spelled(d) => {
                // "eighty-one": the unit after a hyphen takes the tens' zero.
                let tens_pending = joined.is_some()
                    && &s[joined.map_or(0, |(_, e)| e)..i] == "-"
                    && n.groups
                        .last()
                        .is_some_and(|g| g.spelled && g.digits.len() == 2)
                    && n.digits.last() == Some(&b'0');
                if tens_pending {
                    n.digits.pop();
                    n.digits.push(d);
                    if let Some(g) = n.groups.last_mut() {
                        g.end = j;
                    }
                    if let Some((r, _)) = joined {
                        n.runs[r].end = j;
                        open = Some((r, j));
                    }
                    i = j;
                    continue;
                }
                n.digits.push(d);
                (i, None)
            }
            Atom::SpelledPair(v) => {
                n.digits.push(b'0' + v / 10);
                n.digits.push(b'0' + v % 10);
                (i, None)
            }
            Atom::Number { glued, from, to } => {
                for &c in &b[i + from..i + to] {
                    n.digits.push(digit_of(c));
                }
                // "BSN\t126874967" copied with its tab written out: the
                // "t" of the escape is no word glued to the number.
                let escaped = glued
                    .as_ref()
                    .is_some_and(|g| g.len() == 1 && g.start > 0 && b[g.start - 1] == b'\\');
                (i + from, if escaped { None } else { glued })
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
        groups.iter().any(|g| !g.spelled)
            || groups.iter().map(|g| g.digits.len()).sum::<usize>() >= 8
    });
    n
}

/// The digits of run `r` so far.
fn run_digits(n: &Numbers, r: usize) -> &[u8] {
    let groups = &n.groups[n.runs[r].groups.clone()];
    match (groups.first(), groups.last()) {
        (Some(a), Some(b)) => &n.digits[a.digits.start..b.digits.end],
        _ => &[],
    }
}

/// Whether the digits of run `r` so far start with 0 (a dictated phone number).
fn run_starts_with_zero(n: &Numbers, r: usize) -> bool {
    n.groups
        .get(n.runs[r].groups.start)
        .and_then(|g| n.digits.get(g.digits.start))
        == Some(&b'0')
}
