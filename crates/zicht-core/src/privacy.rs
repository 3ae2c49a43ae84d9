//! The privacy guard: finds what could identify a person in a free-text note.
//!
//! Observations are anonymous; the note is the one place where a name or a
//! phone number can slip in. [`scan`] looks for it with hand-written scanners
//! (no regex crate) and returns [`Finding`]s with byte offsets, so the form
//! can underline them while the user types.
//!
//! What counts, and what deliberately does not:
//! - **Blocking** (the observation cannot be saved or sent until removed):
//!   phone numbers, e-mail addresses and BSNs. These identify one person
//!   directly and are never needed to describe a situation.
//! - **Warning** (shown, the user decides): IBAN, postcode, date of birth,
//!   a name with an exact age, licence plate, social-media handle, street
//!   with house number, likely personal names.
//! - **Not flagged**: service numbers of organisations (`0800-…`, `0900-…`,
//!   `0906`, `0909`, `088-…` company numbers, `112`, `144`), because calling
//!   Veilig Thuis (0800-2000) is advice, not data about a child; bus, tram and
//!   line numbers, times, school groups and classes, amounts, counts and
//!   years; names of organisations (SHOP Jeugd, Veilig Thuis, AVIM, Politie)
//!   and of places and neighbourhoods (Den Haag, Schilderswijk, Transvaal …);
//!   a street *without* a house number (a coarse place, like the area field).
//!
//! Recall of the structured identifiers matters most and is measured on the
//! corpus in `tests/data/privacy_corpus.tsv`; `cargo test -p zicht-core
//! --test privacy_guard -- --nocapture` prints precision and recall per kind.
//! Names are a heuristic: a capitalised word that is not at the start of a
//! sentence and is not a known word, place, brand or organisation, a known
//! first name anywhere, or any word after a cue such as "genaamd", "heet",
//! "naam is", "broer van".

use serde::{Deserialize, Serialize};

use crate::i18n::{self, K};
use crate::Lang;

/// What kind of identifying detail a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Phone,
    Email,
    Bsn,
    Iban,
    Postcode,
    BirthDate,
    NameAge,
    LicencePlate,
    SocialHandle,
    Address,
    Name,
}

impl FindingKind {
    pub const ALL: [FindingKind; 11] = [
        FindingKind::Phone,
        FindingKind::Email,
        FindingKind::Bsn,
        FindingKind::Iban,
        FindingKind::Postcode,
        FindingKind::BirthDate,
        FindingKind::NameAge,
        FindingKind::LicencePlate,
        FindingKind::SocialHandle,
        FindingKind::Address,
        FindingKind::Name,
    ];

    /// Stable id, as in the corpus file and the JSON.
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::Phone => "phone",
            FindingKind::Email => "email",
            FindingKind::Bsn => "bsn",
            FindingKind::Iban => "iban",
            FindingKind::Postcode => "postcode",
            FindingKind::BirthDate => "birth_date",
            FindingKind::NameAge => "name_age",
            FindingKind::LicencePlate => "licence_plate",
            FindingKind::SocialHandle => "social_handle",
            FindingKind::Address => "address",
            FindingKind::Name => "name",
        }
    }

    pub fn from_id(id: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Phone numbers, e-mail addresses and BSNs must be removed before the
    /// observation is saved or sent.
    pub fn blocks_sending(self) -> bool {
        matches!(
            self,
            FindingKind::Phone | FindingKind::Email | FindingKind::Bsn
        )
    }

    /// Short label, e.g. next to the underline (`privacy_label_*` in
    /// `content/i18n/observation.toml`).
    pub fn label(self, lang: Lang) -> &'static str {
        let key = match self {
            FindingKind::Phone => K::PrivacyLabelPhone,
            FindingKind::Email => K::PrivacyLabelEmail,
            FindingKind::Bsn => K::PrivacyLabelBsn,
            FindingKind::Iban => K::PrivacyLabelIban,
            FindingKind::Postcode => K::PrivacyLabelPostcode,
            FindingKind::BirthDate => K::PrivacyLabelBirthDate,
            FindingKind::NameAge => K::PrivacyLabelNameAge,
            FindingKind::LicencePlate => K::PrivacyLabelLicencePlate,
            FindingKind::SocialHandle => K::PrivacyLabelSocialHandle,
            FindingKind::Address => K::PrivacyLabelAddress,
            FindingKind::Name => K::PrivacyLabelName,
        };
        i18n::t(lang, key)
    }

    /// Why it matters and what to do, in one or two sentences
    /// (`privacy_why_*` in `content/i18n/observation.toml`).
    pub fn explanation(self, lang: Lang) -> &'static str {
        let key = match self {
            FindingKind::Phone => K::PrivacyWhyPhone,
            FindingKind::Email => K::PrivacyWhyEmail,
            FindingKind::Bsn => K::PrivacyWhyBsn,
            FindingKind::Iban => K::PrivacyWhyIban,
            FindingKind::Postcode => K::PrivacyWhyPostcode,
            FindingKind::BirthDate => K::PrivacyWhyBirthDate,
            FindingKind::NameAge => K::PrivacyWhyNameAge,
            FindingKind::LicencePlate => K::PrivacyWhyLicencePlate,
            FindingKind::SocialHandle => K::PrivacyWhySocialHandle,
            FindingKind::Address => K::PrivacyWhyAddress,
            FindingKind::Name => K::PrivacyWhyName,
        };
        i18n::t(lang, key)
    }
}

/// One identifying detail in a note; `start..end` are byte offsets into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
    pub excerpt: String,
    pub blocks_sending: bool,
}

impl Finding {
    fn new(note: &str, kind: FindingKind, start: usize, end: usize) -> Option<Finding> {
        let excerpt = note.get(start..end)?.to_string();
        Some(Finding {
            kind,
            start,
            end,
            excerpt,
            blocks_sending: kind.blocks_sending(),
        })
    }
}

/// Every identifying detail found in `note`, ordered by position. A finding
/// inside a larger one is dropped (the name inside "Jan (14)"), except that a
/// blocking finding is never dropped for a warning.
pub fn scan(note: &str) -> Vec<Finding> {
    let toks = tokens(note);
    let mut raw: Vec<(FindingKind, usize, usize)> = Vec::new();
    scan_email_and_handles(note, &mut raw);
    let runs = numeric_runs(note);
    scan_phones(note, &runs, &mut raw);
    scan_bsn(note, &runs, &mut raw);
    scan_iban(note, &mut raw);
    scan_postcodes(note, &mut raw);
    scan_plates(note, &mut raw);
    scan_platform_handles(note, &toks, &mut raw);
    scan_addresses(note, &toks, &mut raw);
    scan_birth_dates(note, &toks, &mut raw);
    scan_names(note, &toks, &mut raw);

    // Digit groups inside a checksummed IBAN ("NL81 ASNB 0346 0940 55") are
    // part of the account number, not a phone number or BSN of their own.
    let ibans: Vec<(usize, usize)> = raw
        .iter()
        .filter(|f| f.0 == FindingKind::Iban)
        .map(|f| (f.1, f.2))
        .collect();
    raw.retain(|&(kind, start, end)| {
        !(matches!(kind, FindingKind::Phone | FindingKind::Bsn)
            && ibans.iter().any(|&(s, e)| s <= start && end <= e))
    });
    raw.sort_by_key(|&(kind, start, end)| (start, std::cmp::Reverse(end), kind));
    raw.dedup();
    let keep: Vec<bool> = raw
        .iter()
        .enumerate()
        .map(|(i, &(kind, start, end))| {
            !raw.iter().enumerate().any(|(j, &(other, s, e))| {
                j != i
                    && s <= start
                    && end <= e
                    && (other.blocks_sending() || !kind.blocks_sending())
                    && ((s, e) != (start, end) || j < i)
                    && !(other == kind && (s, e) == (start, end) && j > i)
            })
        })
        .collect();
    raw.iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .filter_map(|(&(kind, start, end), _)| Finding::new(note, kind, start, end))
        .collect()
}

/// Whether the note holds anything that must be removed before sending.
pub fn blocks_sending(note: &str) -> bool {
    scan(note).iter().any(|f| f.blocks_sending)
}

/// The note with every finding replaced by `[label]`, for previews and logs.
pub fn redact(note: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(note.len());
    let mut at = 0;
    for f in scan(note) {
        if f.start < at {
            continue;
        }
        out.push_str(&note[at..f.start]);
        out.push('[');
        out.push_str(f.kind.label(lang));
        out.push(']');
        at = f.end;
    }
    out.push_str(&note[at..]);
    out
}

// ---------------------------------------------------------------------------
// Shared helpers

fn is_word_byte(b: u8) -> bool {
    // Bytes of non-ASCII characters count as letters: "Chaïma", "Özil".
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn boundary_before(s: &[u8], i: usize) -> bool {
    i == 0 || !is_word_byte(s[i - 1])
}

fn boundary_after(s: &[u8], j: usize) -> bool {
    j >= s.len() || !is_word_byte(s[j])
}

/// A word or number: a maximal run of alphanumeric characters.
#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl Tok<'_> {
    fn lower(&self) -> String {
        self.text.to_lowercase()
    }
    fn is_number(&self) -> bool {
        self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(Tok {
                    start: st,
                    end: i,
                    text: &s[st..i],
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(Tok {
            start: st,
            end: s.len(),
            text: &s[st..],
        });
    }
    out
}

/// A run of digit groups joined by single separators (space, `-`, `.`, `/`,
/// brackets): the raw material of phone numbers and BSNs.
struct NumRun {
    /// Byte ranges of the digit groups.
    groups: Vec<(usize, usize)>,
    /// The separator text before each group (empty for the first).
    seps: Vec<String>,
    plus: bool,
    start: usize,
}

fn numeric_runs(s: &str) -> Vec<NumRun> {
    let b = s.as_bytes();
    let n = b.len();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        let plus = b[i] == b'+' && i + 1 < n && b[i + 1].is_ascii_digit();
        if !(plus || b[i].is_ascii_digit()) || !boundary_before(b, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if plus { i + 1 } else { i };
        let mut groups = Vec::new();
        let mut seps = Vec::new();
        let mut sep = String::new();
        loop {
            let g0 = j;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            groups.push((g0, j));
            seps.push(std::mem::take(&mut sep));
            // Separators: at most three characters, at most one of them not a space.
            // Phones autocorrect "-" to an en dash and may put in no-break spaces.
            let mut k = j;
            let mut count = 0;
            while count < 3 {
                match s[k..].chars().next() {
                    Some(c @ (' ' | '-' | '.' | '/' | '(' | ')' | '–' | '\u{a0}')) => {
                        k += c.len_utf8();
                        count += 1;
                    }
                    _ => break,
                }
            }
            let sep_text = &s[j..k];
            let non_space = sep_text
                .chars()
                .filter(|&c| c != ' ' && c != '\u{a0}')
                .count();
            let ok = k > j
                && k < n
                && b[k].is_ascii_digit()
                && (non_space <= 1 || sep_text == "(0)" || sep_text.contains('('));
            if ok {
                sep = sep_text.to_string();
                j = k;
            } else {
                break;
            }
        }
        let end = groups.last().map_or(j, |g| g.1);
        i = end.max(i + 1);
        runs.push(NumRun {
            groups,
            seps,
            plus,
            start,
        });
    }
    runs
}

fn digits_of(s: &str, groups: &[(usize, usize)]) -> String {
    groups.iter().map(|&(a, e)| &s[a..e]).collect()
}

// ---------------------------------------------------------------------------
// E-mail addresses and @handles

fn scan_email_and_handles(s: &str, out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    for (p, _) in s.match_indices('@') {
        let local_char =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
        let mut ls = p;
        while ls > 0 && local_char(b[ls - 1]) {
            ls -= 1;
        }
        while ls < p && matches!(b[ls], b'.' | b'-') {
            ls += 1;
        }
        let mut re = p + 1;
        while re < b.len() && (b[re].is_ascii_alphanumeric() || matches!(b[re], b'.' | b'-')) {
            re += 1;
        }
        while re > p + 1 && matches!(b[re - 1], b'.' | b'-') {
            re -= 1;
        }
        let domain = &s[p + 1..re];
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|l| !l.is_empty())
            && domain
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()));
        if ls < p && domain_ok && boundary_before(b, ls) {
            out.push((FindingKind::Email, ls, re));
            continue;
        }
        if ls == p && (p == 0 || !is_word_byte(b[p - 1])) {
            let mut e = p + 1;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'_' | b'.')) {
                e += 1;
            }
            while e > p + 1 && b[e - 1] == b'.' {
                e -= 1;
            }
            let handle = &s[p + 1..e];
            if (2..=30).contains(&handle.len())
                && handle.bytes().any(|c| c.is_ascii_alphabetic())
                && boundary_after(b, e)
            {
                out.push((FindingKind::SocialHandle, p, e));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Phone numbers

/// Dutch numbers that belong to organisations, not people.
fn is_service_number(national: &str) -> bool {
    ["0800", "0900", "0906", "0909", "088", "0970"]
        .iter()
        .any(|p| national.starts_with(p))
}

fn is_dutch_personal(national: &str) -> bool {
    national.len() == 10
        && national.starts_with('0')
        && !national[1..].starts_with('0')
        && !is_service_number(national)
}

/// Three groups that read as a date (12-03-2010, 1/3/09) are not a phone number.
fn is_date_groups(s: &str, run: &NumRun, k: usize) -> bool {
    if k + 2 >= run.groups.len() {
        return false;
    }
    let len = |g: (usize, usize)| g.1 - g.0;
    let (a, m, y) = (run.groups[k], run.groups[k + 1], run.groups[k + 2]);
    let date_sep = |t: &str| matches!(t, "-" | "/" | ".");
    (1..=2).contains(&len(a))
        && (1..=2).contains(&len(m))
        && (len(y) == 4 || len(y) == 2)
        && date_sep(&run.seps[k + 1])
        && run.seps[k + 1] == run.seps[k + 2]
        && s[m.0..m.1]
            .parse::<u32>()
            .is_ok_and(|v| (1..=12).contains(&v))
}

fn scan_phones(s: &str, runs: &[NumRun], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    for run in runs {
        let mut k = 0;
        while k < run.groups.len() {
            let first = &s[run.groups[k].0..run.groups[k].1];
            let plus = k == 0 && run.plus;
            let start = if plus { run.start } else { run.groups[k].0 };
            let mut matched = None;
            let international = plus || (first.starts_with("00") && first.len() >= 4);
            if international {
                let mut acc = String::new();
                for m in k..run.groups.len() {
                    acc.push_str(&s[run.groups[m].0..run.groups[m].1]);
                    let intl = if plus { acc.as_str() } else { &acc[2..] };
                    if let Some(rest) = intl.strip_prefix("31") {
                        let rest = rest.strip_prefix('0').unwrap_or(rest);
                        if rest.len() == 9 {
                            if is_dutch_personal(&format!("0{rest}")) {
                                matched = Some(m);
                            }
                            break;
                        }
                        if rest.len() > 9 {
                            break;
                        }
                    } else if intl.len() > 15 {
                        break;
                    } else if intl.len() >= 9 {
                        matched = Some(m);
                    }
                }
            } else if first.starts_with('0') {
                let mut acc = String::new();
                for m in k..run.groups.len() {
                    acc.push_str(&s[run.groups[m].0..run.groups[m].1]);
                    if acc.len() >= 10 {
                        if acc.len() == 10 && is_dutch_personal(&acc) {
                            matched = Some(m);
                        }
                        break;
                    }
                }
            }
            // A phone number wins over a date reading ("06.12.34.56.78");
            // otherwise three groups that read as a date are skipped whole.
            match matched {
                Some(m) if boundary_after(b, run.groups[m].1) => {
                    out.push((FindingKind::Phone, start, run.groups[m].1));
                    k = m + 1;
                }
                _ if is_date_groups(s, run, k) => k += 3,
                _ => k += 1,
            }
        }
    }
}

// ---------------------------------------------------------------------------
// BSN

/// The 11-proef of a 9-digit citizen service number.
pub fn is_valid_bsn(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 || digits.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| i64::from(x) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8]);
    sum % 11 == 0
}

fn scan_bsn(s: &str, runs: &[NumRun], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    for run in runs {
        let lens: Vec<usize> = run.groups.iter().map(|g| g.1 - g.0).collect();
        for k in 0..run.groups.len() {
            let shapes: [&[usize]; 4] = [&[9], &[3, 3, 3], &[4, 2, 3], &[2, 3, 4]];
            for shape in shapes {
                let e = k + shape.len();
                if e > lens.len() || lens[k..e] != *shape {
                    continue;
                }
                if shape.len() > 1 && run.seps[k + 1..e].iter().any(|x| *x != run.seps[k + 1]) {
                    continue;
                }
                let digits = digits_of(s, &run.groups[k..e]);
                if is_valid_bsn(&digits) && boundary_after(b, run.groups[e - 1].1) {
                    out.push((FindingKind::Bsn, run.groups[k].0, run.groups[e - 1].1));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// IBAN

fn iban_length(country: &str) -> Option<usize> {
    const LENGTHS: &[(&str, usize)] = &[
        ("AD", 24),
        ("AT", 20),
        ("BE", 16),
        ("BG", 22),
        ("CH", 21),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("EE", 20),
        ("ES", 24),
        ("FI", 18),
        ("FR", 27),
        ("GB", 22),
        ("GR", 27),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IS", 26),
        ("IT", 27),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("MA", 28),
        ("MT", 31),
        ("NL", 18),
        ("NO", 15),
        ("PL", 28),
        ("PT", 25),
        ("RO", 24),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("TR", 26),
    ];
    LENGTHS.iter().find(|(c, _)| *c == country).map(|&(_, l)| l)
}

/// The ISO 13616 mod-97 check on an IBAN without spaces.
pub fn is_valid_iban(iban: &str) -> bool {
    let up = iban.to_ascii_uppercase();
    let b = up.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    if iban_length(&up[..2]).is_some_and(|l| l != b.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn scan_iban(s: &str, out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i + 4 <= n {
        let head = &b[i..i + 4];
        if !(boundary_before(b, i)
            && head[0].is_ascii_alphabetic()
            && head[1].is_ascii_alphabetic()
            && head[2].is_ascii_digit()
            && head[3].is_ascii_digit())
        {
            i += 1;
            continue;
        }
        // Collect up to 34 characters, each with its byte end; single spaces
        // between groups are allowed.
        let mut chars = String::new();
        let mut ends = Vec::new();
        let mut gap_after = Vec::new();
        let mut j = i;
        while j < n && chars.len() < 34 {
            if b[j].is_ascii_alphanumeric() {
                chars.push(char::from(b[j]));
                j += 1;
                ends.push(j);
                gap_after.push(false);
            } else if b[j] == b' '
                && j + 1 < n
                && b[j + 1].is_ascii_alphanumeric()
                && !chars.is_empty()
            {
                if let Some(last) = gap_after.last_mut() {
                    *last = true;
                }
                j += 1;
            } else {
                break;
            }
        }
        let up = chars.to_ascii_uppercase();
        let lengths: Vec<usize> = match iban_length(&up[..2]) {
            Some(l) => vec![l],
            None => (15..=34).rev().collect(),
        };
        let found = lengths.into_iter().find(|&l| {
            l <= up.len()
                && (l == up.len() || gap_after[l - 1])
                && boundary_after(b, ends[l - 1])
                && is_valid_iban(&up[..l])
        });
        match found {
            Some(l) => {
                out.push((FindingKind::Iban, i, ends[l - 1]));
                i = ends[l - 1];
            }
            None => i += 1,
        }
    }
}

// ---------------------------------------------------------------------------
// Postcodes and licence plates

fn scan_postcodes(s: &str, out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    let n = b.len();
    for i in 0..n.saturating_sub(5) {
        if !boundary_before(b, i)
            || !(b'1'..=b'9').contains(&b[i])
            || !b[i..i + 4].iter().all(u8::is_ascii_digit)
        {
            continue;
        }
        // Part of a longer number ("06 1234 AB" is not a postcode context we can trust).
        if i >= 2 && b[i - 1] == b'-' && b[i - 2].is_ascii_digit() {
            continue;
        }
        let (space, l) = if b[i + 4] == b' ' {
            (true, i + 5)
        } else {
            (false, i + 4)
        };
        if l + 2 > n {
            continue;
        }
        let pair = &b[l..l + 2];
        let upper = pair.iter().all(u8::is_ascii_uppercase);
        let lower = pair.iter().all(u8::is_ascii_lowercase);
        // "2532 ek" is a postcode, "2024 en", "1500 km" are not.
        let lower_ok = lower && (!space || !NOT_POSTCODE_LETTERS.contains(&&s[l..l + 2]));
        if !(upper || lower_ok) || !boundary_after(b, l + 2) {
            continue;
        }
        let letters = pair.to_ascii_uppercase();
        if matches!(&letters[..], b"SA" | b"SD" | b"SS") {
            continue;
        }
        // "In 2023 OF 2024", "2019 EN 2020": a year followed by a shouted word.
        let year = s[i..i + 4]
            .parse::<u32>()
            .is_ok_and(|y| (1950..=2035).contains(&y));
        if year && space && upper && YEAR_WORDS.contains(&&s[l..l + 2]) {
            continue;
        }
        out.push((FindingKind::Postcode, i, l + 2));
    }
}

/// Two-letter words and units that follow a four-digit number in ordinary
/// text ("in 2024 en", "1500 km"); in lower case after a space they are not
/// postcode letters.
const NOT_POSTCODE_LETTERS: &[&str] = &[
    "af", "al", "an", "as", "at", "be", "by", "cc", "cl", "da", "de", "dl", "do", "en", "er", "gb",
    "go", "gr", "ha", "he", "ie", "if", "ik", "in", "is", "it", "ja", "je", "jr", "kb", "kg", "km",
    "kw", "me", "mb", "mg", "ml", "mm", "my", "na", "no", "nu", "of", "oh", "ok", "om", "on", "op",
    "or", "pk", "pp", "so", "st", "te", "tm", "to", "tv", "uk", "up", "us", "we", "ze", "zo",
];

/// Upper-case words that may follow a year: "2023 OF 2024", "2019 TM 2021".
const YEAR_WORDS: &[&str] = &["AL", "EN", "IN", "IS", "NA", "OF", "OM", "OP", "TE", "TM"];

/// Dutch sidecodes 1–14 (L letter, D digit).
const SIDECODES: [&str; 14] = [
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD",
    "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
];

fn scan_plates(s: &str, out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_alphanumeric() || !boundary_before(b, i) || (i > 0 && b[i - 1] == b'-') {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n
            && (b[j].is_ascii_alphanumeric()
                || (b[j] == b'-' && j + 1 < n && b[j + 1].is_ascii_alphanumeric()))
        {
            j += 1;
        }
        if boundary_after(b, j) && !(j < n && b[j] == b'-') {
            let cand = &s[i..j];
            let shape: String = cand
                .bytes()
                .map(|c| match c {
                    b'-' => '-',
                    c if c.is_ascii_digit() => 'D',
                    _ => 'L',
                })
                .collect();
            let dashed = cand.contains('-');
            let hit = if dashed {
                SIDECODES.contains(&shape.as_str())
                    && (cand.bytes().all(|c| !c.is_ascii_lowercase())
                        || cand.bytes().all(|c| !c.is_ascii_uppercase()))
            } else {
                // Without dashes only upper case, and 1234AB is a postcode.
                cand.len() == 6
                    && shape != "DDDDLL"
                    && cand.bytes().all(|c| !c.is_ascii_lowercase())
                    && SIDECODES.iter().any(|sc| sc.replace('-', "") == shape)
            };
            if hit {
                out.push((FindingKind::LicencePlate, i, j));
            }
        }
        i = j.max(i + 1);
    }
}

// ---------------------------------------------------------------------------
// Social media mentions without @

const PLATFORMS: &[&str] = &[
    "snap",
    "snapchat",
    "insta",
    "instagram",
    "ig",
    "tiktok",
    "telegram",
    "twitter",
    "facebook",
    "fb",
    "discord",
    "youtube",
    "threads",
    "signal",
    "snapnaam",
    "snapchatnaam",
    "instanaam",
    "tiktoknaam",
    "gamertag",
    "gebruikersnaam",
    "accountnaam",
    "username",
];
/// Words between a platform and a handle that name it: after these a plain
/// word ("Snap heet hij Kimmie") is taken as the handle.
const NAMING_FILLERS: &[&str] = &[
    "naam",
    "accountnaam",
    "gebruikersnaam",
    "genaamd",
    "heet",
    "heette",
    "handle",
    "username",
];
/// Words that may stand between a platform and a handle without naming it:
/// after these only a word that looks like a handle (digits, `_`, `.`) counts.
const WEAK_FILLERS: &[&str] = &[
    "account", "als", "is", "onder", "profiel", "hij", "zij", "ze", "die", "de", "het", "zijn",
    "haar", "z'n", "d'r",
];
/// How many words after a platform a handle-like word is still taken as its handle.
const HANDLE_WINDOW: usize = 5;

/// The end byte of a handle starting at `start`: letters, digits, and `_` or
/// `.` between them ("lil.daan09", "xx_fatima_xx").
fn handle_end(b: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < b.len()
        && (b[end].is_ascii_alphanumeric()
            || ((b[end] == b'_' || b[end] == b'.')
                && end + 1 < b.len()
                && (b[end + 1].is_ascii_alphanumeric() || b[end + 1] == b'_')))
    {
        end += 1;
    }
    while end < b.len() && b[end] == b'_' {
        end += 1;
    }
    end
}

fn looks_like_handle(handle: &str) -> bool {
    let letters = handle.bytes().any(|c| c.is_ascii_alphabetic());
    handle.len() >= 3
        && letters
        && (handle.contains('_')
            || handle.contains('.')
            || handle.bytes().any(|c| c.is_ascii_digit()))
}

fn scan_platform_handles(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    let quote = |c: char| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”');
    for (k, t) in toks.iter().enumerate() {
        if !PLATFORMS.contains(&t.lower().as_str()) {
            continue;
        }
        // Right after the platform, over filler words: "snap: x", "Snapchat is 'x'",
        // "op snap heet hij x".
        let mut m = k + 1;
        let mut colon = false;
        let mut naming = false;
        while m < toks.len() && m - k <= 3 {
            let gap = &s[toks[m - 1].end..toks[m].start];
            if gap.contains('@') || !gap.chars().all(|c| c == ' ' || c == ':' || quote(c)) {
                break;
            }
            colon |= gap.contains(':');
            let low = toks[m].lower();
            if NAMING_FILLERS.contains(&low.as_str()) {
                naming = true;
            } else if !WEAK_FILLERS.contains(&low.as_str()) {
                break;
            }
            m += 1;
        }
        if let Some(first) = toks.get(m) {
            let gap = &s[toks[m - 1].end..first.start];
            let plain_gap = !gap.contains('@')
                && gap
                    .chars()
                    .all(|c| matches!(c, ' ' | ':' | '(' | ')') || quote(c));
            colon |= gap.contains(':');
            let quoted = gap.chars().any(quote);
            let end = handle_end(b, first.start);
            let handle = &s[first.start..end];
            let named = (colon || naming || quoted) && !is_common(&handle.to_lowercase());
            if plain_gap && handle.len() >= 3 && (looks_like_handle(handle) || named) {
                out.push((FindingKind::SocialHandle, first.start, end));
                continue;
            }
        }
        // A little further on in the same sentence, a word that can only be a
        // handle: "Snapnaam van de ronselaar: bigboss2525", "snap de naam x_y".
        for m in k + 1..(k + 1 + HANDLE_WINDOW).min(toks.len()) {
            let gap = &s[toks[m - 1].end..toks[m].start];
            if gap.contains(['.', '!', '?', ';', '\n', '@']) {
                break;
            }
            let end = handle_end(b, toks[m].start);
            let handle = &s[toks[m].start..end];
            if looks_like_handle(handle) && !handle.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            {
                out.push((FindingKind::SocialHandle, toks[m].start, end));
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Street with house number

const STREET_SUFFIXES: &[&str] = &[
    "straat",
    "straatweg",
    "weg",
    "laan",
    "plein",
    "kade",
    "gracht",
    "singel",
    "dijk",
    "dreef",
    "hof",
    "markt",
    "pad",
    "steeg",
    "baan",
    "boulevard",
    "plantsoen",
    "allee",
    "wal",
    "haven",
    "burgwal",
    "kanaal",
    "park",
    "ring",
    "veld",
    "plaats",
    "erf",
    "hoven",
    "dwarsstraat",
];
/// Suffixes strong enough to trust in lower case ("hoefkade 12").
const STRONG_SUFFIXES: &[&str] = &[
    "straat",
    "laan",
    "plein",
    "kade",
    "gracht",
    "singel",
    "straatweg",
    "dreef",
];
/// Street words that begin a street name: "Laan van Meerdervoort", "Plein 1813".
const STREET_HEADS: &[&str] = &[
    "laan", "plein", "kade", "dreef", "singel", "weg", "straat", "gracht",
];
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "t", "ten", "ter", "el", "al", "la", "le", "da", "dos",
    "bin", "ben", "in",
];
/// Words after a number that make it a count, not a house number.
const COUNT_WORDS: &[&str] = &[
    "jongens", "meisjes", "keer", "uur", "min", "minuten", "personen", "mannen", "vrouwen",
    "jongeren", "kinderen", "man", "scooters", "auto", "autos", "jaar", "euro", "dagen", "weken",
];

fn is_house_number(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[digits..];
    (1..=4).contains(&digits)
        && !t.starts_with('0')
        && rest.len() <= 2
        && rest.bytes().all(|c| c.is_ascii_alphabetic())
        && (rest.is_empty() || rest.len() == 1 || rest.bytes().all(|c| c.is_ascii_lowercase()))
}

fn starts_upper(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

fn scan_addresses(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    for k in 1..toks.len() {
        let num = toks[k];
        let word = toks[k - 1];
        if !is_house_number(num.text) || s[word.end..num.start] != *" " || word.is_number() {
            continue;
        }
        if let Some(next) = toks.get(k + 1) {
            if COUNT_WORDS.contains(&next.lower().as_str()) && s[num.end..next.start] == *" " {
                continue;
            }
        }
        // "bus 12 … tram 9 … 23:00" never reach here: no street word before them.
        if k + 1 < toks.len() && s[num.end..toks[k + 1].start].starts_with(':') {
            continue;
        }
        let low = word.lower();
        let upper = starts_upper(word.text);
        let by_suffix = STREET_SUFFIXES.iter().any(|suf| {
            low.ends_with(suf)
                && ((upper && low.len() > suf.len() + 1)
                    || (STRONG_SUFFIXES.contains(suf) && low.len() > suf.len() + 2))
        });
        let mut start = word.start;
        let mut is_street = by_suffix || (upper && STREET_HEADS.contains(&low.as_str()));
        // Walk back over capitalised words and particles: "Laan van Meerdervoort",
        // "Prins Hendrikstraat", "Burgemeester de Monchyplein".
        let mut m = k - 1;
        let mut steps = 0;
        while m > 0 && steps < 4 && s[toks[m - 1].end..toks[m].start] == *" " {
            let prev = toks[m - 1];
            let pl = prev.lower();
            if starts_upper(prev.text) && !is_common(&pl) {
                start = prev.start;
                is_street |= STREET_HEADS.contains(&pl.as_str()) && upper;
            } else if STREET_HEADS.contains(&pl.as_str()) && starts_upper(prev.text) {
                start = prev.start;
                is_street |= upper;
            } else if !PARTICLES.contains(&pl.as_str()) || !starts_upper(toks[m].text) {
                break;
            }
            m -= 1;
            steps += 1;
        }
        if is_street {
            out.push((FindingKind::Address, start, num.end));
        }
    }
}

// ---------------------------------------------------------------------------
// Dates of birth

/// Dutch month names: month words in dates, and never a personal name.
const DUTCH_MONTHS: &[&str] = &[
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Other spellings of months in dates (abbreviations, English).
const MONTHS: &[&str] = &[
    "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec", "january",
    "february", "march", "may", "june", "july", "october",
];
const BIRTH_CUES: &[&str] = &[
    "geboren",
    "geb",
    "geboortedatum",
    "gebdatum",
    "gebdat",
    "dob",
    "born",
    "geboortejaar",
    "birth",
];

/// End byte of a numeric date starting at byte `i` (12-03-2010, 1/3/10, 12.03.2010).
fn numeric_date_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let group = |from: usize, min: usize, max: usize| -> Option<usize> {
        let len = b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (min..=max).contains(&len).then_some(from + len)
    };
    let d = group(i, 1, 2)?;
    let sep = *b.get(d)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let m = group(d + 1, 1, 2)?;
    if b.get(m) != Some(&sep) {
        return None;
    }
    let y = group(m + 1, 2, 4)?;
    (y - m - 1 != 3 && boundary_after(b, y)).then_some(y)
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1950..=2030).contains(&y))
}

fn scan_birth_dates(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    for (k, t) in toks.iter().enumerate() {
        if !BIRTH_CUES.contains(&t.lower().as_str()) {
            continue;
        }
        // Look a few words ahead: "geboren op 12-03-2010", "geb. 3 mei 2009".
        for m in k + 1..(k + 5).min(toks.len()) {
            let cand = toks[m];
            if let Some(end) = numeric_date_at(s, cand.start).filter(|_| cand.is_number()) {
                out.push((FindingKind::BirthDate, t.start, end));
                break;
            }
            if cand.is_number() && cand.text.len() <= 2 {
                if let (Some(month), Some(year)) = (toks.get(m + 1), toks.get(m + 2)) {
                    let month = month.lower();
                    if (DUTCH_MONTHS.contains(&month.as_str()) || MONTHS.contains(&month.as_str()))
                        && is_year(year.text)
                    {
                        out.push((FindingKind::BirthDate, t.start, year.end));
                        break;
                    }
                }
            }
            if is_year(cand.text) {
                out.push((FindingKind::BirthDate, t.start, cand.end));
                break;
            }
            if cand.is_number() {
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Names and names with ages

/// Words that cue a name right after them (any case).
const NAME_CUES: &[&str] = &[
    "genaamd", "heet", "heette", "bijnaam", "roepnaam", "alias", "named", "called", "noemen",
    "noemt",
];
/// Relations: "broer van Mo"; only a capitalised word after them is a name.
const RELATION_CUES: &[&str] = &[
    "broer",
    "broertje",
    "zus",
    "zusje",
    "neef",
    "nicht",
    "vriend",
    "vriendin",
    "vader",
    "moeder",
    "zoon",
    "dochter",
    "oom",
    "tante",
    "vriendje",
    "vriendinnetje",
    "brother",
    "sister",
    "friend",
    "cousin",
    "mother",
    "father",
];
/// Words before a capitalised word that make it a place, not a person.
const PLACE_CUES: &[&str] = &[
    "in",
    "uit",
    "naar",
    "richting",
    "vanuit",
    "te",
    "regio",
    "gemeente",
    "wijk",
    "station",
    "halte",
    "metrostation",
    "buurt",
    "stadsdeel",
    "from",
    "to",
    "at",
    "near",
];
const ARTICLES: &[&str] = &["de", "het", "een", "t", "the", "a", "an"];

const FIRST_NAMES: &[&str] = &[
    "Mo",
    "Mohammed",
    "Mohamed",
    "Youssef",
    "Yusuf",
    "Ayoub",
    "Bilal",
    "Ibrahim",
    "Hamza",
    "Soufiane",
    "Anouar",
    "Mehmet",
    "Emre",
    "Burak",
    "Kerem",
    "Jayden",
    "Daan",
    "Sem",
    "Noah",
    "Liam",
    "Lucas",
    "Finn",
    "Milan",
    "Thijs",
    "Luuk",
    "Stijn",
    "Jesse",
    "Dylan",
    "Kevin",
    "Ryan",
    "Jordy",
    "Romano",
    "Dwayne",
    "Shaquille",
    "Kenneth",
    "Jan",
    "Piet",
    "Kees",
    "Emma",
    "Julia",
    "Sophie",
    "Mila",
    "Sara",
    "Fatima",
    "Amira",
    "Nour",
    "Yasmina",
    "Naomi",
    "Chayenne",
    "Anouk",
    "Lisa",
    "Eva",
    "Nora",
    "Sanne",
    "Fleur",
    "Lotte",
    "Sem",
    "Jamal",
    "Rayan",
    "Amin",
    "Mustafa",
    "Ali",
    "Omar",
    "Samir",
    "Karim",
    "Redouan",
    "Tarik",
    "Ilias",
    "Adam",
    "Zakaria",
    "Ismail",
    "Younes",
    "Brian",
    "Mitchell",
    "Jermaine",
    "Gianni",
    "Dave",
    "Rick",
    "Tim",
    "Tom",
    "Bram",
    "Ruben",
    "Sven",
    "Joey",
    "Kelvin",
    "Danny",
    "Priscilla",
    "Shanice",
    "Kimberley",
    "Britney",
    "Demi",
    "Esra",
    "Elif",
    "Zeynep",
    "Aisha",
    "Malika",
    "Ilse",
    "Iris",
    "Roos",
    "Jasmijn",
    "Bo",
    "Xavi",
];

const COMMON: &[&str] = &[
    // function words and sentence words that may appear capitalised
    "de",
    "het",
    "een",
    "en",
    "of",
    "maar",
    "want",
    "dus",
    "ik",
    "jij",
    "je",
    "hij",
    "zij",
    "ze",
    "wij",
    "we",
    "jullie",
    "u",
    "hun",
    "hen",
    "zijn",
    "haar",
    "mijn",
    "ons",
    "onze",
    "die",
    "dat",
    "dit",
    "deze",
    "er",
    "hier",
    "daar",
    "toen",
    "nu",
    "ook",
    "al",
    "nog",
    "niet",
    "geen",
    "wel",
    "op",
    "in",
    "bij",
    "na",
    "voor",
    "tijdens",
    "rond",
    "om",
    "met",
    "zonder",
    "volgens",
    "over",
    "vandaag",
    "gisteren",
    "morgen",
    "gisteravond",
    "vanochtend",
    "vanmiddag",
    "vanavond",
    "vannacht",
    "daarna",
    "later",
    "eerder",
    "sinds",
    "als",
    "wanneer",
    "waar",
    "wat",
    "wie",
    "welke",
    "hoe",
    "waarom",
    "is",
    "was",
    "heeft",
    "had",
    "wordt",
    "werd",
    "kan",
    "moet",
    "volgens",
    "verder",
    "ook",
    "meerdere",
    "sommige",
    "alle",
    "iedereen",
    "niemand",
    "iemand",
    "volgende",
    "vorige",
    "laatst",
    "eerst",
    "tweede",
    "derde",
    "let",
    "let",
    "opvallend",
    "zorg",
    "zorgen",
    "twijfel",
    "acuut",
    "zorgelijk",
    "signaal",
    "signalen",
    "notitie",
    "note",
    "geen",
    "ja",
    "nee",
    "oké",
    "ok",
    "mogelijk",
    "waarschijnlijk",
    "misschien",
    "vermoedelijk",
    // people and roles
    "jongen",
    "jongens",
    "meisje",
    "meisjes",
    "jongere",
    "jongeren",
    "kind",
    "kinderen",
    "leerling",
    "leerlingen",
    "moeder",
    "vader",
    "ouders",
    "broer",
    "zus",
    "oudere",
    "man",
    "mannen",
    "vrouw",
    "collega",
    "collega's",
    "mentor",
    "docent",
    "leraar",
    "conciërge",
    "wijkagent",
    "agent",
    "agenten",
    "jongerenwerker",
    "jongerenwerkers",
    "buurtbewoner",
    "bewoner",
    "bewoners",
    "aandachtsfunctionaris",
    "coördinator",
    "zorgcoördinator",
    "boa",
    "boa's",
    "handhaver",
    "handhaving",
    "leerplichtambtenaar",
    "leerplicht",
    "klas",
    "groep",
    "school",
    "schoolplein",
    "team",
    "wijkteam",
    "buurthuis",
    "buurtcentrum",
    "bus",
    "tram",
    "metro",
    "lijn",
    "trein",
    "station",
    "halte",
    "snackbar",
    "shoarmazaak",
    "kapper",
    "supermarkt",
    "winkel",
    "winkelcentrum",
    "speeltuin",
    "park",
    "pleintje",
    "portiek",
    "scooter",
    "auto",
    "fiets",
    // organisations and services
    "shop",
    "jeugd",
    "veilig",
    "thuis",
    "avim",
    "politie",
    "gemeente",
    "jeugdzorg",
    "raad",
    "kinderbescherming",
    "halt",
    "openbaar",
    "ministerie",
    "reclassering",
    "jeugdbescherming",
    "ggd",
    "cjg",
    "sociaal",
    "sociale",
    "bureau",
    "mbo",
    "roc",
    "hbo",
    "havo",
    "vwo",
    "vmbo",
    "praktijkonderwijs",
    "centrum",
    "jeugd",
    "gezin",
    "meldcode",
    "zicht",
    "samen",
    "sterk",
    "fier",
    "jeugdformaat",
    "youz",
    "parnassia",
    "xtra",
    "stichting",
    "zorgteam",
    "kindertelefoon",
    "slachtofferhulp",
    "comensha",
    "coördinatiecentrum",
    "mensenhandel",
    "nationaal",
    "rapporteur",
    "om",
    "ind",
    "belastingdienst",
    "duo",
    "uwv",
    "svb",
    "bank",
    "ing",
    "rabobank",
    "abn",
    "amro",
    "bunq",
    "knab",
    "triodos",
    "sns",
    "asn",
    "regiobank",
    "albert",
    "heijn",
    "jumbo",
    "lidl",
    "aldi",
    "action",
    "primark",
    "kruidvat",
    "hema",
    "mcdonald's",
    "mcdonalds",
    "kfc",
    "burger",
    "king",
    "ns",
    "htm",
    "ret",
    "gvb",
    "ov",
    "ov-chipkaart",
    "snapchat",
    "snap",
    "instagram",
    "insta",
    "tiktok",
    "whatsapp",
    "telegram",
    "facebook",
    "youtube",
    "signal",
    "discord",
    "twitter",
    "google",
    "apple",
    "iphone",
    "samsung",
    "playstation",
    "nike",
    "gucci",
    "louis",
    "vuitton",
    "moncler",
    "canada",
    "goose",
    "stone",
    "island",
    "airpods",
    "tikkie",
    "paypal",
    // cars, games and chains that are written with a capital
    "audi",
    "mercedes",
    "benz",
    "volkswagen",
    "golf",
    "polo",
    "toyota",
    "opel",
    "peugeot",
    "renault",
    "citroën",
    "fiat",
    "kia",
    "tesla",
    "porsche",
    "range",
    "rover",
    "lamborghini",
    "ferrari",
    "yamaha",
    "vespa",
    "piaggio",
    "fortnite",
    "minecraft",
    "roblox",
    "fifa",
    "playstation",
    "mcdonald",
    "pro",
    // regional education and care institutions
    "mondriaan",
    "albeda",
    "zadkine",
    "davinci",
    "haaglanden",
    "bitcoin",
    "crypto",
    "marktplaats",
    // days and months
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "pasen",
    "kerst",
    "kerstmis",
    "ramadan",
    "suikerfeest",
    "offerfeest",
    "oud",
    "nieuw",
    "koningsdag",
    "herfstvakantie",
    "zomervakantie",
    "kerstvakantie",
    "voorjaarsvakantie",
    "meivakantie",
    "vakantie",
    // places
    "den",
    "haag",
    "haagse",
    "schilderswijk",
    "transvaal",
    "escamp",
    "laak",
    "moerwijk",
    "bouwlust",
    "vrederust",
    "morgenstond",
    "zuiderpark",
    "loosduinen",
    "scheveningen",
    "segbroek",
    "hout",
    "leidschenveen",
    "ypenburg",
    "mariahoeve",
    "rustenburg",
    "oostbroek",
    "spoorwijk",
    "stationsbuurt",
    "regentessekwartier",
    "duindorp",
    "zeeheldenkwartier",
    "waldeck",
    "kijkduin",
    "benoordenhout",
    "archipelbuurt",
    "bezuidenhout",
    "binnenhof",
    "hollands",
    "spoor",
    "centraal",
    "laakkwartier",
    "rotterdam",
    "amsterdam",
    "utrecht",
    "delft",
    "rijswijk",
    "zoetermeer",
    "leiden",
    "westland",
    "wassenaar",
    "voorburg",
    "leidschendam",
    "nootdorp",
    "pijnacker",
    "schiedam",
    "vlaardingen",
    "dordrecht",
    "gouda",
    "almere",
    "eindhoven",
    "tilburg",
    "breda",
    "arnhem",
    "nijmegen",
    "groningen",
    "zwolle",
    "haarlem",
    "zaandam",
    "bijlmer",
    "nieuw-west",
    "noord",
    "zuid",
    "oost",
    "west",
    "holland",
    "nederland",
    "zuid-holland",
    "noord-holland",
    "randstad",
    "europa",
    "marokko",
    "turkije",
    "suriname",
    "antillen",
    "curaçao",
    "aruba",
    "polen",
    "roemenië",
    "bulgarije",
    "syrië",
    "eritrea",
    "somalië",
    "belgië",
    "duitsland",
    "spanje",
    "frankrijk",
    "engeland",
    "brussel",
    "antwerpen",
    "marokkaans",
    "marokkaanse",
    "duits",
    "duitse",
    "frans",
    "franse",
    "spaans",
    "spaanse",
    "grieks",
    "griekse",
    "koerdisch",
    "berbers",
    "tamazight",
    "tigrinya",
    "somalisch",
    "eritrees",
    "eritrese",
    "bulgaars",
    "bulgaarse",
    "roemeens",
    "roemeense",
    "oekraïens",
    "oekraïense",
    "russisch",
    "russische",
    "turks",
    "turkse",
    "surinaams",
    "surinaamse",
    "antilliaans",
    "antilliaanse",
    "nederlands",
    "nederlandse",
    "pools",
    "poolse",
    "engels",
    "engelse",
    "arabisch",
    "hollandse",
    "zuidwest",
    "charlois",
    "feijenoord",
    "delfshaven",
    "crooswijk",
    "kralingen",
    "ijsselmonde",
    "hoogvliet",
    "zuidoost",
    "osdorp",
    "slotervaart",
    "geuzenveld",
    "kanaleneiland",
    "overvecht",
    "lombok",
    "hoograven",
    "malieveld",
    "hofvijver",
    "hoog",
    "catharijne",
    // English words a note in English may capitalise
    "i",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "boy",
    "girl",
    "boys",
    "girls",
    "police",
    "school",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "dutch",
    "the",
    "hague",
];

/// Endings of adjectives of nationality and language ("Belgisch",
/// "Papiaments", "Marokkaanse"), which Dutch capitalises and names do not have.
const ADJECTIVE_SUFFIXES: &[&str] = &["isch", "ische", "aans", "aanse", "ents", "eens", "eense"];

/// Suffixes of place words (neighbourhoods, streets, compounds) that are not names.
const PLACE_SUFFIXES: &[&str] = &[
    "wijk", "buurt", "dorp", "kwartier", "polder", "stad", "haven", "straat", "weg", "laan",
    "plein", "kade", "gracht", "singel", "dijk", "dreef", "markt", "park", "centrum", "station",
    "school", "college", "lyceum", "huis", "dam", "recht", "veen", "land", "hout",
];

fn is_common(lower: &str) -> bool {
    COMMON.contains(&lower) || DUTCH_MONTHS.contains(&lower)
}

/// A word that could be a name: capitalised, letters only, not an acronym,
/// not a known word, place, organisation or place-like compound.
fn name_like(t: &Tok<'_>) -> bool {
    let mut chars = t.text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || !t.text.chars().all(char::is_alphabetic) {
        return false;
    }
    let upper_count = t.text.chars().filter(|c| c.is_uppercase()).count();
    if t.text.chars().count() > 1 && upper_count == t.text.chars().count() {
        return false; // AVIM, SHOP, HALT, CJG
    }
    let low = t.lower();
    !is_common(&low)
        && !PLACE_SUFFIXES
            .iter()
            .chain(ADJECTIVE_SUFFIXES)
            .any(|suf| low.len() > suf.len() + 2 && low.ends_with(suf))
}

fn is_first_name(t: &Tok<'_>) -> bool {
    FIRST_NAMES.contains(&t.text)
}

fn at_sentence_start(s: &str, pos: usize) -> bool {
    match s[..pos].trim_end_matches([' ', '\t']).chars().last() {
        None => true,
        Some(c) => matches!(
            c,
            '.' | '!'
                | '?'
                | ':'
                | ';'
                | '\n'
                | '\r'
                | '"'
                | '“'
                | '‘'
                | '('
                | '['
                | '-'
                | '–'
                | '•'
                | '*'
                | '>'
        ),
    }
}

/// Extends a name over particles and further capitalised words: "Mo van Dijk".
fn name_end(s: &str, toks: &[Tok<'_>], k: usize) -> usize {
    let mut end = k;
    let mut m = k + 1;
    while m < toks.len() && s[toks[m - 1].end..toks[m].start] == *" " {
        if name_like(&toks[m]) {
            end = m;
            m += 1;
        } else if PARTICLES.contains(&toks[m].lower().as_str())
            && toks[m].text.chars().all(char::is_lowercase)
        {
            m += 1;
        } else {
            break;
        }
    }
    end
}

/// The end byte of an age right after a name: "(14)", "(14 jaar)", ", 14 jaar",
/// " is 15 jaar", " is 15.", " van 14 jaar", " 14 jaar", " (14 jr)".
fn age_after(s: &str, from: usize) -> Option<usize> {
    let rest = &s[from..];
    let age_num = |r: &str| -> Option<usize> {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2)
            .contains(&n)
            .then_some(n)
            .filter(|&n| r[..n].parse::<u32>().is_ok_and(|v| (1..=30).contains(&v)))
    };
    let unit = |r: &str| -> Option<usize> {
        for u in [" jaar", " jr.", " jr", " j.", " years", " year", "jr", "j"] {
            if let Some(after) = r.strip_prefix(u) {
                if after.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                    return Some(u.len());
                }
            }
        }
        None
    };
    if let Some(r) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix('(')) {
        let n = age_num(r)?;
        let u = unit(&r[n..]).unwrap_or(0);
        return r[n + u..]
            .starts_with(')')
            .then(|| from + (rest.len() - r.len()) + n + u + 1);
    }
    // ", ze is 13 en", " en is 14 jaar", " pas 12 jaar", ", 14, die", " van 13 over".
    const VERB_LEADS: &[&str] = &[
        " is ",
        " wordt ",
        " werd ",
        " was ",
        ", ze is ",
        ", zij is ",
        ", hij is ",
        ", die is ",
        " en is ",
        " en wordt ",
    ];
    const ADVERBS: &[&str] = &[
        "pas ",
        "net ",
        "al ",
        "bijna ",
        "ongeveer ",
        "nog maar ",
        "maar ",
    ];
    for lead in VERB_LEADS.iter().chain(&[", ", " van ", " "]) {
        let Some(r) = rest.strip_prefix(lead) else {
            continue;
        };
        let adverb = ADVERBS
            .iter()
            .find(|a| r.starts_with(*a))
            .map_or(0, |a| a.len());
        let r = &r[adverb..];
        let Some(n) = age_num(r) else { continue };
        let after = &r[n..];
        let base = from + lead.len() + adverb + n;
        if let Some(u) = unit(after) {
            return Some(base + u);
        }
        let sentence_end = after.is_empty() || after.starts_with(['.', ',', ';', '!', '?', ')']);
        // "13.30", "13:00", "13-15": a time or a range, not an age.
        let number_goes_on = after.starts_with([':', '-', '/'])
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        let verb = VERB_LEADS.contains(lead);
        let accepted = !number_goes_on
            && match *lead {
                ", " => after.starts_with(',') || after.starts_with(')'),
                " van " => {
                    sentence_end
                        || [
                            " over ", " uit ", " die ", " en ", " heeft ", " is ", " zit ",
                        ]
                        .iter()
                        .any(|w| after.starts_with(w))
                }
                _ if verb => sentence_end || after.starts_with(" en "),
                _ => false,
            };
        if accepted {
            return Some(base);
        }
    }
    None
}

/// Whether token `k` continues a street name that starts with a street word:
/// "Meerdervoort" in "Laan van Meerdervoort", "Oranje" in "Plein van Oranje".
fn in_street_name(s: &str, toks: &[Tok<'_>], k: usize) -> bool {
    let mut m = k;
    let mut particles = 0;
    while m > 0 && s[toks[m - 1].end..toks[m].start] == *" " {
        let prev = toks[m - 1];
        let low = prev.lower();
        if PARTICLES.contains(&low.as_str()) && prev.text.chars().all(char::is_lowercase) {
            particles += 1;
            m -= 1;
        } else {
            return particles > 0
                && starts_upper(prev.text)
                && STREET_HEADS.contains(&low.as_str());
        }
    }
    false
}

fn scan_names(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    let mut covered_until = 0;
    for k in 0..toks.len() {
        let t = toks[k];
        // "15-jarige Mo", "14 jarige Daan"
        if t.is_number() && t.text.len() <= 2 {
            if let (Some(j), Some(name)) = (toks.get(k + 1), toks.get(k + 2)) {
                let gap = &s[t.end..j.start];
                if j.lower() == "jarige"
                    && (gap == "-" || gap == " ")
                    && s[j.end..name.start] == *" "
                    && name_like(name)
                {
                    let e = name_end(s, toks, k + 2);
                    out.push((FindingKind::NameAge, t.start, toks[e].end));
                    covered_until = toks[e].end;
                    continue;
                }
            }
        }
        if t.start < covered_until {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| toks[p]);
        let prev_low = prev.map(|p| p.lower()).unwrap_or_default();
        let prev_gap_plain = prev.is_some_and(|p| {
            s[p.end..t.start].trim().is_empty() || s[p.end..t.start].trim() == ":"
        });
        let cue = prev_gap_plain
            && (NAME_CUES.contains(&prev_low.as_str())
                || (prev_low == "is" && k >= 2 && toks[k - 2].lower() == "naam")
                || (prev_low == "naam" && s[toks[k - 1].end..t.start].contains(':')));
        let relation = prev_gap_plain
            && prev_low == "van"
            && k >= 2
            && RELATION_CUES.contains(&toks[k - 2].lower().as_str());
        let cue_word = cue
            && t.text.chars().all(char::is_alphabetic)
            && !is_common(&t.lower())
            && t.text.chars().count() >= 2;
        let candidate = name_like(&t) || cue_word;
        if !candidate {
            continue;
        }
        let e = name_end(s, toks, k);
        let end = toks[e].end;
        if let Some(age_end) = age_after(s, end) {
            out.push((FindingKind::NameAge, t.start, age_end));
            covered_until = age_end;
            continue;
        }
        // "Mo (12-03-2010)": a date in brackets after a name is a date of birth.
        if let Some(r) = s[end..].strip_prefix(" (") {
            let open = end + 2;
            if let Some(d) = numeric_date_at(s, open).filter(|&d| s[d..].starts_with(')')) {
                let _ = r;
                out.push((FindingKind::BirthDate, open, d));
            }
        }
        let start_of_sentence = at_sentence_start(s, t.start);
        let after_article_or_place = prev_gap_plain
            && (ARTICLES.contains(&prev_low.as_str()) || PLACE_CUES.contains(&prev_low.as_str()));
        if in_street_name(s, toks, k) {
            continue;
        }
        let is_name = cue_word
            || relation && name_like(&t)
            || is_first_name(&t) && !after_article_or_place
            || (name_like(&t) && !start_of_sentence && !after_article_or_place);
        if is_name {
            out.push((FindingKind::Name, t.start, end));
            covered_until = end;
        }
    }
}
