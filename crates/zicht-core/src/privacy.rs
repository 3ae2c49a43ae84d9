//! The privacy guard: finds what could identify a person in a free-text note.
//!
//! Observations are anonymous; the note is the one place where a name or a
//! phone number can slip in. [`scan`] looks for it with hand-written scanners
//! (no regex crate) and returns [`Finding`]s with byte offsets, so the form
//! can underline them while the user types. It runs on every keystroke (in
//! wasm), so it reads the note a few times over flat buffers and allocates a
//! handful of vectors per scan, not one per word.
//!
//! What counts, and what deliberately does not:
//! - **Blocking** (the observation cannot be saved or sent until removed):
//!   every structured kind: phone numbers, e-mail addresses, BSNs, IBANs,
//!   postcodes, licence plates, streets with a house number, dates of birth and
//!   social-media handles. The protocol says no field may hold one.
//! - **Confirmation**: a likely personal name, or a name with an exact age.
//!   Names are a heuristic, so the user is asked ("Dit lijkt een naam.") and
//!   the form never saves one silently.
//! - **Warning**: a long digit run (8 or more digits) the guard cannot
//!   classify.
//! - **Not flagged**: service numbers of organisations (`0800-…`, `0900-…`,
//!   `0906`, `0909`, `088-…` company numbers, `112`, `144`), because calling
//!   Veilig Thuis (0800-2000) is advice, not data about a child; bus, tram and
//!   line numbers, times, school groups and classes, amounts, counts and
//!   years; case, order and tracking numbers after a cue ("zaaknummer",
//!   "track en trace"); names of organisations, apps, brands, places and
//!   neighbourhoods (the word list in `content/privacy_words.toml`); a street
//!   *without* a house number (a coarse place, like the area field).
//!
//! Variants are generated, not listed: `tests/privacy_guard.rs` produces every
//! phone shape of the Dutch numbering plan and common foreign mobile plans,
//! every e-mail disguise, BSNs and IBANs in every grouping and plates in every
//! sidecode inside random text. Precision and recall per kind are measured on
//! the tuned corpus (`tests/data/privacy_corpus.tsv`) and on a held-out set
//! the guard was never tuned on (`tests/data/privacy_heldout.tsv`):
//! `cargo test -p zicht-core --test privacy_guard -- --nocapture`.

mod digits;
mod email;
mod numbers;
mod words;

pub use numbers::is_valid_bsn;
pub use words::list_sizes;

use serde::{Deserialize, Serialize};

use crate::i18n::{self, K};
use crate::Lang;
use words::NameWord;

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
    LongNumber,
}

/// How the form treats a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Must be removed before the observation can be saved or sent.
    Blocks,
    /// A suspected name: saved only after the user confirmed it is none.
    Confirm,
    /// Shown; the user decides.
    Warns,
}

impl FindingKind {
    pub const ALL: [FindingKind; 12] = [
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
        FindingKind::LongNumber,
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
            FindingKind::LongNumber => "long_number",
        }
    }

    pub fn from_id(id: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn severity(self) -> Severity {
        match self {
            FindingKind::Name | FindingKind::NameAge => Severity::Confirm,
            FindingKind::LongNumber => Severity::Warns,
            _ => Severity::Blocks,
        }
    }

    /// Every structured kind must be removed before the observation is saved
    /// or sent: no field may hold one (referral protocol).
    pub fn blocks_sending(self) -> bool {
        self.severity() == Severity::Blocks
    }

    /// A suspected name: the user must confirm it is none before saving.
    pub fn needs_confirmation(self) -> bool {
        self.severity() == Severity::Confirm
    }

    /// Kinds whose owner a professional may want to report elsewhere (the
    /// police, Meld Misdaad Anoniem): a suspect's plate or name.
    pub fn may_belong_to_a_suspect(self) -> bool {
        matches!(
            self,
            FindingKind::LicencePlate | FindingKind::Name | FindingKind::NameAge
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
            FindingKind::LongNumber => K::PrivacyLabelLongNumber,
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
            FindingKind::LongNumber => K::PrivacyWhyLongNumber,
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

type Raw = Vec<(FindingKind, usize, usize)>;

/// Every identifying detail found in `note`, ordered by position. A finding
/// inside a larger one is dropped (the name inside "Jan (14)"), except that a
/// blocking finding is never dropped for one that does not block.
pub fn scan(note: &str) -> Vec<Finding> {
    let lower = lower_same_len(note);
    let toks = tokens(note, &lower);
    let nums = digits::read(note);
    let mut raw: Raw = Vec::new();
    email::scan(note, &toks, &mut raw);
    scan_at_handles(note, &toks, &mut raw);
    scan_url_handles(note, &lower, &mut raw);
    numbers::scan(note, &toks, &nums, &mut raw);
    scan_iban(note, &toks, &mut raw);
    scan_postcodes(note, &toks, &mut raw);
    scan_plates(note, &toks, &mut raw);
    scan_platform_handles(note, &toks, &mut raw);
    scan_addresses(note, &toks, &mut raw);
    scan_birth_dates(note, &toks, &mut raw);
    scan_names(note, &toks, &mut raw);
    numbers::scan_long(note, &toks, &nums, &mut raw);

    // Digit groups inside an IBAN or an e-mail address ("NL81 ASNB 0346 0940 55",
    // "mo0612345678@gmail.com") are part of it, not a number of their own.
    let containers: Vec<(usize, usize)> = raw
        .iter()
        .filter(|f| matches!(f.0, FindingKind::Iban | FindingKind::Email))
        .map(|f| (f.1, f.2))
        .collect();
    raw.retain(|&(kind, start, end)| {
        !(matches!(
            kind,
            FindingKind::Phone | FindingKind::Bsn | FindingKind::LongNumber
        ) && containers.iter().any(|&(s, e)| s <= start && end <= e))
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

/// `note` without `start..end`, and without the double space or the space
/// before punctuation that the cut leaves.
pub fn remove_span(note: &str, start: usize, end: usize) -> String {
    let (Some(before), Some(after)) = (note.get(..start), note.get(end..)) else {
        return note.to_string();
    };
    let before = before.trim_end_matches([' ', '\t']);
    let after_trimmed = after.trim_start_matches([' ', '\t']);
    let glue = if before.is_empty()
        || after_trimmed.is_empty()
        || after_trimmed.starts_with([',', '.', ';', ':', '!', '?', ')'])
        || before.ends_with(['(', '\n'])
    {
        ""
    } else {
        " "
    };
    format!("{before}{glue}{after_trimmed}")
}

/// The note cut into plain and found parts, for underlining: each part is
/// `(text, finding index)`; overlapping findings are merged into the first.
pub fn marked_parts<'a>(note: &'a str, findings: &[Finding]) -> Vec<(&'a str, Option<usize>)> {
    let mut parts = Vec::new();
    let mut at = 0;
    for (i, f) in findings.iter().enumerate() {
        if f.start < at
            || f.end > note.len()
            || !note.is_char_boundary(f.start)
            || !note.is_char_boundary(f.end)
        {
            continue;
        }
        if f.start > at {
            parts.push((&note[at..f.start], None));
        }
        parts.push((&note[f.start..f.end], Some(i)));
        at = f.end;
    }
    if at < note.len() {
        parts.push((&note[at..], None));
    }
    parts
}

// ---------------------------------------------------------------------------
// Shared helpers

fn is_word_byte(b: u8) -> bool {
    // Bytes of non-ASCII characters count as letters: "Chaïma", "Özil".
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The character that ends at byte `i` (exclusive), decoded from the bytes.
fn char_before(s: &[u8], i: usize) -> Option<char> {
    let mut k = i.checked_sub(1)?;
    while k > 0 && (0x80..0xc0).contains(&s[k]) && i - k < 4 {
        k -= 1;
    }
    std::str::from_utf8(s.get(k..i)?).ok()?.chars().next()
}

fn char_at(s: &[u8], j: usize) -> Option<char> {
    let end = (j + 4).min(s.len());
    let slice = s.get(j..end)?;
    match std::str::from_utf8(slice) {
        Ok(t) => t.chars().next(),
        Err(e) => std::str::from_utf8(&slice[..e.valid_up_to()])
            .ok()?
            .chars()
            .next(),
    }
}

/// No letter or digit right before byte `i`. Non-ASCII letters ("Chaïma")
/// count as letters; dashes, quotes and no-break spaces do not.
fn boundary_before(s: &[u8], i: usize) -> bool {
    i == 0
        || (!s[i - 1].is_ascii_alphanumeric()
            && (s[i - 1] < 0x80 || !char_before(s, i).is_some_and(char::is_alphanumeric)))
}

fn boundary_after(s: &[u8], j: usize) -> bool {
    j >= s.len()
        || (!s[j].is_ascii_alphanumeric()
            && (s[j] < 0x80 || !char_at(s, j).is_some_and(char::is_alphanumeric)))
}

/// The note in lower case with every character at the same byte offset (a
/// character whose lower case is longer or shorter stays as it is), so tokens
/// of the note and of its lower-case copy share their offsets.
fn lower_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut low = c.to_lowercase();
        match (low.next(), low.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// A word or number: a maximal run of alphanumeric characters.
#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    low: &'a str,
    /// What the word lists say about it (looked up once per scan).
    class: NameWord,
}

impl<'a> Tok<'a> {
    fn lower(&self) -> &'a str {
        self.low
    }
    fn is_number(&self) -> bool {
        self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

fn tokens<'a>(s: &'a str, lower: &'a str) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut start = None;
    let mut push = |st: usize, e: usize| {
        let low = &lower[st..e];
        let class = if low.as_bytes()[0].is_ascii_digit() {
            NameWord::Unknown
        } else {
            words::classify(low)
        };
        out.push(Tok {
            start: st,
            end: e,
            text: &s[st..e],
            low,
            class,
        })
    };
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                push(st, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        push(st, s.len());
    }
    out
}

/// Index of the first token that starts at or after byte `pos`.
fn tok_at(toks: &[Tok<'_>], pos: usize) -> usize {
    toks.partition_point(|t| t.start < pos)
}

// ---------------------------------------------------------------------------
// @handles and profile links

/// `@name` not preceded by a local part. A plain word after `@` that is an
/// ordinary word ("@school", "@home", "@ het station") is shorthand for "at",
/// not a handle.
fn scan_at_handles(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
    let b = s.as_bytes();
    for (p, _) in s.match_indices('@') {
        if p > 0 && is_word_byte(b[p - 1]) {
            continue;
        }
        // Part of an e-mail address with spaces around the @ is the e-mail scanner's.
        if p > 1 && b[p - 1] == b' ' && is_word_byte(b[p - 2]) && b.get(p + 1) == Some(&b' ') {
            continue;
        }
        let e = handle_end(b, p + 1);
        let handle = &s[p + 1..e];
        if !(2..=30).contains(&handle.len())
            || !handle.bytes().any(|c| c.is_ascii_alphabetic())
            || !boundary_after(b, e)
        {
            continue;
        }
        let plain_word = handle.bytes().all(|c| c.is_ascii_alphabetic());
        if plain_word {
            let k = tok_at(toks, p + 1);
            let low = toks.get(k).map(|t| t.lower()).unwrap_or("");
            if words::is_not_name(low) || AT_WORDS.contains(&low) {
                continue;
            }
        }
        out.push((FindingKind::SocialHandle, p, e));
    }
}

/// Ordinary words written after "@" for "at" ("@school", "@work").
const AT_WORDS: &[&str] = &[
    "school",
    "home",
    "work",
    "werk",
    "thuis",
    "huis",
    "station",
    "park",
    "plein",
    "night",
    "nacht",
    "gym",
    "sportschool",
    "kantoor",
    "office",
    "training",
    "stage",
    "buurthuis",
];

/// Profile links: `instagram.com/x`, `tiktok.com/@x`, `snapchat.com/add/x`, `t.me/x` …
fn scan_url_handles(s: &str, lower: &str, out: &mut Raw) {
    const HOSTS: &[&str] = &[
        "instagram.com/",
        "instagr.am/",
        "tiktok.com/@",
        "tiktok.com/",
        "snapchat.com/add/",
        "snapchat.com/",
        "facebook.com/",
        "fb.com/",
        "m.facebook.com/",
        "twitter.com/",
        "x.com/",
        "t.me/",
        "telegram.me/",
        "youtube.com/@",
        "youtube.com/",
        "linkedin.com/in/",
        "threads.net/@",
        "onlyfans.com/",
        "discord.gg/",
        "twitch.tv/",
    ];
    if !lower.contains('/') {
        return;
    }
    let b = s.as_bytes();
    for host in HOSTS {
        for (p, _) in lower.match_indices(host) {
            // "x.com/" must not be the tail of another host ("box.com/").
            if p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'-') {
                continue;
            }
            let from = p + host.len();
            let e = handle_end(b, from);
            if e > from && s[from..e].bytes().any(|c| c.is_ascii_alphanumeric()) {
                // From the scheme or "www." if present.
                let mut start = p;
                for prefix in ["https://www.", "http://www.", "https://", "http://", "www."] {
                    if lower[..start].ends_with(prefix) {
                        start -= prefix.len();
                        break;
                    }
                }
                out.push((FindingKind::SocialHandle, start, e));
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

fn scan_iban(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
    let b = s.as_bytes();
    let n = b.len();
    let mut chars: Vec<u8> = Vec::with_capacity(34);
    let mut ends: Vec<usize> = Vec::with_capacity(34);
    let mut gap_after: Vec<bool> = Vec::with_capacity(34);
    let mut i = 0;
    while i + 4 <= n {
        if !(boundary_before(b, i) && b[i].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic())
        {
            i += 1;
            continue;
        }
        // Collect up to 34 characters, each with its byte end; a single space,
        // dash or dot between groups is allowed, also right after the country
        // code ("NL 91 ABNA …").
        chars.clear();
        ends.clear();
        gap_after.clear();
        let mut j = i;
        while j < n && chars.len() < 34 {
            if b[j].is_ascii_alphanumeric() {
                chars.push(b[j].to_ascii_uppercase());
                j += 1;
                ends.push(j);
                gap_after.push(false);
            } else if matches!(b[j], b' ' | b'-' | b'.')
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
        if chars.len() < 15 || !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() {
            i += 1;
            continue;
        }
        let up = std::str::from_utf8(&chars).unwrap_or("");
        // A country the table knows, written in one case ("NL", "nl"): "op 06…" is no IBAN.
        let country_case_ok = b[i].is_ascii_uppercase() == b[i + 1].is_ascii_uppercase();
        if iban_length(&up[..2]).is_none() || !country_case_ok {
            i += 1;
            continue;
        }
        let ok_at = |l: usize| {
            l <= up.len() && (l == up.len() || gap_after[l - 1]) && boundary_after(b, ends[l - 1])
        };
        // Words after a short number are no account, even when the letters
        // happen to pass mod 97 ("DK-46-74 en daarna ging"): at most one
        // group of letters only (the bank code) after the country code.
        let letter_groups_ok = |l: usize| {
            let mut letter_groups = 0;
            let mut start = 0;
            for k in 0..l {
                if gap_after[k] || k + 1 == l {
                    let group = &chars[start..=k];
                    if start >= 2 && group.iter().all(u8::is_ascii_alphabetic) {
                        letter_groups += 1;
                    }
                    start = k + 1;
                }
            }
            letter_groups <= 1
        };
        let found = iban_length(&up[..2]).filter(|&l| {
            ok_at(l) && letter_groups_ok(l) && (is_valid_iban(&up[..l]) || dutch_shape(&up[..l]))
        });
        match found {
            Some(l) => {
                out.push((FindingKind::Iban, i, ends[l - 1]));
                i = ends[l - 1];
            }
            None => i += 1,
        }
    }
    // A bank account written without its country code after a cue:
    // "rekeningnummer ABNA 0417 1643 00".
    for (k, t) in toks.iter().enumerate() {
        if !matches!(
            t.lower(),
            "rekening" | "rekeningnummer" | "iban" | "bankrekening" | "reknr"
        ) {
            continue;
        }
        if let (Some(bank), Some(first)) = (toks.get(k + 1), toks.get(k + 2)) {
            let bank_ok = bank.text.len() == 4 && bank.text.bytes().all(|c| c.is_ascii_uppercase());
            if bank_ok && first.is_number() {
                let mut digits = 0;
                let mut end = bank.end;
                for next in &toks[k + 2..] {
                    if !next.is_number() || digits >= 10 {
                        break;
                    }
                    digits += next.text.len();
                    end = next.end;
                }
                if digits == 10 {
                    out.push((FindingKind::Iban, bank.start, end));
                }
            }
        }
    }
}

/// A Dutch account number shape (NL, two digits, a four-letter bank code, ten
/// digits) counts even with a typo in its check digits: it still points to
/// one account.
fn dutch_shape(up: &str) -> bool {
    let b = up.as_bytes();
    b.len() == 18
        && &b[..2] == b"NL"
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..8].iter().all(u8::is_ascii_uppercase)
        && b[8..].iter().all(u8::is_ascii_digit)
}

// ---------------------------------------------------------------------------
// Postcodes and licence plates

fn scan_postcodes(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
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
        if i >= 2 && matches!(b[i - 1], b'-' | b'.' | b'/') && b[i - 2].is_ascii_digit() {
            continue;
        }
        let (space, l) = match b[i + 4] {
            b' ' => (true, i + 5),
            b'-' => (true, i + 5),
            _ => (false, i + 4),
        };
        if l + 2 > n {
            continue;
        }
        let pair = &b[l..l + 2];
        let upper = pair.iter().all(u8::is_ascii_uppercase);
        let lower = pair.iter().all(u8::is_ascii_lowercase);
        // A house number may follow right away ("2525AB12", "2525 AB 12").
        let end_ok = boundary_after(b, l + 2) || (l + 2 < n && b[l + 2].is_ascii_digit());
        if !(upper || lower) || !end_ok {
            continue;
        }
        let letters = pair.to_ascii_uppercase();
        if matches!(&letters[..], b"SA" | b"SD" | b"SS") {
            continue;
        }
        // "2532 ek" is a postcode, "2024 en", "1500 km" are not, unless a place
        // name or a postcode cue makes it one ("2515 ha Den Haag").
        if lower && space && NOT_POSTCODE_LETTERS.contains(&&s[l..l + 2]) {
            let k = tok_at(toks, l + 2);
            let next_is_place = toks
                .get(k)
                .is_some_and(|t| starts_upper(t.text) && s[l + 2..t.start].trim().is_empty());
            let before = tok_at(toks, i);
            let cue = before > 0 && matches!(toks[before - 1].lower(), "postcode" | "pc" | "zip");
            let year = s[i..i + 4]
                .parse::<u32>()
                .is_ok_and(|y| (1950..=2035).contains(&y));
            // "5135 to Istanbul": a word of the sentence, not postcode letters.
            let function_word = matches!(
                &s[l..l + 2],
                "to" | "in"
                    | "op"
                    | "en"
                    | "at"
                    | "of"
                    | "is"
                    | "on"
                    | "as"
                    | "by"
                    | "de"
                    | "je"
                    | "ik"
                    | "we"
                    | "ze"
                    | "om"
                    | "te"
                    | "na"
                    | "zo"
                    | "al"
                    | "nu"
                    | "me"
                    | "he"
            );
            if (function_word || year || !next_is_place) && !cue {
                continue;
            }
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

/// Dutch sidecodes 1–14 (L letter, D digit), and the Belgian D-LLL-DDD.
const SIDECODES: [&str; 15] = [
    "LL-DD-DD",
    "DD-DD-LL",
    "DD-LL-DD",
    "LL-DD-LL",
    "LL-LL-DD",
    "DD-LL-LL",
    "DD-LLL-D",
    "D-LLL-DD",
    "LL-DDD-L",
    "L-DDD-LL",
    "LLL-DD-L",
    "L-DD-LLL",
    "D-LL-DDD",
    "DDD-LL-D",
    "D-LLL-DDD",
];

/// Letters of Dutch plates since 1978 (no vowels, no C, Q, W, Y … ), used for
/// plates written without dashes, where ordinary words could look alike.
fn plate_letter(c: u8) -> bool {
    b"BDFGHJKLMNPRSTVXZ".contains(&c.to_ascii_uppercase())
}

const PLATE_CUES: &[&str] = &[
    "kenteken",
    "kentekens",
    "kentekenplaat",
    "nummerplaat",
    "plaat",
    "plate",
    "registration",
    "auto",
    "car",
    "scooter",
    "busje",
    "wagen",
    "bmw",
    "audi",
    "mercedes",
    "golf",
];

const FLIGHT_CUES: &[&str] = &[
    "vlucht",
    "vluchtnummer",
    "flight",
    "vliegtuig",
    "gate",
    "schiphol",
    "landde",
    "vloog",
    "vliegen",
    "vliegt",
    "flew",
    "airport",
    "vliegveld",
    "boarding",
];

/// Licence plates in every sidecode, with dashes, en dashes, spaces or nothing
/// between the groups.
fn scan_plates(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
    let b = s.as_bytes();
    let n = b.len();
    let mut chars: Vec<u8> = Vec::with_capacity(8);
    let mut seps: Vec<usize> = Vec::with_capacity(3);
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_alphanumeric() || !boundary_before(b, i) || (i > 0 && b[i - 1] == b'-') {
            i += 1;
            continue;
        }
        chars.clear();
        seps.clear();
        let mut j = i;
        let mut sep_kind = 0u8;
        let mut best: Option<usize> = None;
        while j < n && chars.len() < 8 {
            if b[j].is_ascii_alphanumeric() {
                chars.push(b[j]);
                j += 1;
                if chars.len() >= 6 && boundary_after(b, j) {
                    best = (chars.len() <= 7).then_some(j).or(best);
                    if plate_shape(&chars, &seps, sep_kind).is_some() {
                        let cand_end = j;
                        if accept_plate(s, toks, i, cand_end, &chars, &seps, sep_kind) {
                            out.push((FindingKind::LicencePlate, i, cand_end));
                            break;
                        }
                    }
                }
                continue;
            }
            // One separator between groups: '-', '–', '—' or a single space.
            let (kind, len) = if b[j] == b'-' {
                (1, 1)
            } else if s[j..].starts_with('–') || s[j..].starts_with('—') {
                (1, 3)
            } else if b[j] == b' ' {
                (2, 1)
            } else {
                break;
            };
            if chars.is_empty() || seps.len() == 2 || (sep_kind != 0 && sep_kind != kind) {
                break;
            }
            if !(j + len < n && b[j + len].is_ascii_alphanumeric()) {
                break;
            }
            sep_kind = kind;
            seps.push(chars.len());
            j += len;
        }
        let _ = best;
        if !out
            .last()
            .is_some_and(|f| f.0 == FindingKind::LicencePlate && f.1 == i)
        {
            if let Some(end) = foreign_plate(s, toks, i) {
                out.push((FindingKind::LicencePlate, i, end));
            }
        }
        // Skip the rest of this word.
        let mut k = i;
        while k < n && b[k].is_ascii_alphanumeric() {
            k += 1;
        }
        i = k.max(i + 1);
    }
}

/// After a plate cue, a plate of another country's shape: two or three groups
/// of capitals and digits, 5 to 8 characters ("DU-KR 4821", "WX 48213").
fn foreign_plate(s: &str, toks: &[Tok<'_>], start: usize) -> Option<usize> {
    let k = tok_at(toks, start);
    let cue = (k.saturating_sub(3)..k).any(|m| {
        matches!(
            toks[m].lower(),
            "kenteken" | "nummerplaat" | "plate" | "plates" | "kentekenplaat" | "registration"
        )
    });
    if !cue {
        return None;
    }
    let (mut chars, mut letters, mut digits) = (0, 0, 0);
    let mut end = start;
    let mut m = k;
    while m < toks.len() && m < k + 3 {
        let t = toks[m];
        if m > k && !matches!(&s[toks[m - 1].end..t.start], " " | "-" | "–") {
            break;
        }
        if !t
            .text
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            break;
        }
        chars += t.text.len();
        letters += t.text.bytes().filter(u8::is_ascii_alphabetic).count();
        digits += t.text.bytes().filter(u8::is_ascii_digit).count();
        end = t.end;
        m += 1;
    }
    ((5..=8).contains(&chars) && letters >= 1 && digits >= 2 && m - k >= 2).then_some(end)
}

/// The sidecode a candidate matches: six characters whose letter/digit shape
/// is a sidecode, with separators (if any) exactly at the sidecode's dashes.
fn plate_shape(chars: &[u8], seps: &[usize], sep_kind: u8) -> Option<&'static str> {
    if chars.len() != 6 && chars.len() != 7 {
        return None;
    }
    SIDECODES.iter().copied().find(|sc| {
        let mut dashes = [0usize; 2];
        let mut count = 0;
        let mut pos = 0;
        for c in sc.bytes() {
            match c {
                b'-' => {
                    if count < 2 {
                        dashes[count] = pos;
                    }
                    count += 1;
                }
                b'D' if pos < chars.len() && chars[pos].is_ascii_digit() => pos += 1,
                b'L' if pos < chars.len() && chars[pos].is_ascii_alphabetic() => pos += 1,
                _ => return false,
            }
        }
        pos == chars.len() && (sep_kind == 0 && seps.is_empty() || seps == &dashes[..count.min(2)])
    })
}

#[allow(clippy::too_many_arguments)]
fn accept_plate(
    s: &str,
    toks: &[Tok<'_>],
    start: usize,
    end: usize,
    chars: &[u8],
    seps: &[usize],
    sep_kind: u8,
) -> bool {
    let Some(sidecode) = plate_shape(chars, seps, sep_kind) else {
        return false;
    };
    let all_upper = chars.iter().all(|c| !c.is_ascii_lowercase());
    let all_lower = chars.iter().all(|c| !c.is_ascii_uppercase());
    let k = tok_at(toks, start);
    let near = |list: &[&str]| (k.saturating_sub(4)..k).any(|m| list.contains(&toks[m].lower()));
    if near(FLIGHT_CUES) {
        return false;
    }
    let cue = near(PLATE_CUES);
    let letters_ok = chars
        .iter()
        .filter(|c| c.is_ascii_alphabetic())
        .all(|&c| plate_letter(c));
    let _ = (s, end);
    match sep_kind {
        // Dashes: upper or lower case throughout ("tx-823-h").
        1 => all_upper || all_lower,
        // Spaces: upper case with plate letters, or after a cue.
        2 => all_upper && (letters_ok || cue) || all_lower && cue,
        // Nothing between: upper case, not a postcode (1234AB), and the old
        // LL-DD-DD shape ("KL1234", a flight number) only after a cue.
        _ => {
            let postcode = chars[..4].iter().all(u8::is_ascii_digit);
            (all_upper || all_lower && cue)
                && !postcode
                && (letters_ok || cue)
                && (sidecode != "LL-DD-DD" || cue)
                && chars.len() == 6
        }
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
    "sc",
    "tt",
    "snapcode",
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

/// Whether a phone number, BSN, e-mail address or IBAN was already found in
/// `start..end`: "snap: BSN123456782" is a BSN, not a handle.
fn number_found(out: &Raw, start: usize, end: usize) -> bool {
    out.iter().any(|&(kind, s0, e0)| {
        matches!(
            kind,
            FindingKind::Phone | FindingKind::Bsn | FindingKind::Email | FindingKind::Iban
        ) && s0 < end
            && start < e0
    })
}

fn scan_platform_handles(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    let quote = |c: char| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”');
    for (k, t) in toks.iter().enumerate() {
        if !PLATFORMS.contains(&t.lower()) {
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
            if NAMING_FILLERS.contains(&low) {
                naming = true;
            } else if !WEAK_FILLERS.contains(&low) {
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
            if plain_gap
                && handle.len() >= 3
                && (looks_like_handle(handle) || named)
                && !number_found(out, first.start, end)
            {
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
            if looks_like_handle(handle)
                && !handle.bytes().all(|c| c.is_ascii_digit() || c == b'.')
                && !number_found(out, toks[m].start, end)
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
            if COUNT_WORDS.contains(&next.lower()) && s[num.end..next.start] == *" " {
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
        let mut is_street = by_suffix || (upper && STREET_HEADS.contains(&low));
        // Walk back over capitalised words and particles: "Laan van Meerdervoort",
        // "Prins Hendrikstraat", "Burgemeester de Monchyplein".
        let mut m = k - 1;
        let mut steps = 0;
        while m > 0 && steps < 4 && s[toks[m - 1].end..toks[m].start] == *" " {
            let prev = toks[m - 1];
            let pl = prev.lower();
            if starts_upper(prev.text)
                && prev.class != NameWord::NotName
                && !DUTCH_MONTHS.contains(&pl)
            {
                start = prev.start;
                is_street |= STREET_HEADS.contains(&pl) && upper;
            } else if STREET_HEADS.contains(&pl) && starts_upper(prev.text) {
                start = prev.start;
                is_street |= upper;
            } else if !PARTICLES.contains(&pl) || !starts_upper(toks[m].text) {
                break;
            }
            m -= 1;
            steps += 1;
        }
        // "laan van meerdervoort 412": a street head and particles in lower case.
        if !is_street && k >= 3 {
            let mut m = k - 1;
            let mut particles = 0;
            while m > 0
                && PARTICLES.contains(&toks[m - 1].lower())
                && s[toks[m - 1].end..toks[m].start] == *" "
            {
                m -= 1;
                particles += 1;
            }
            if particles > 0
                && m > 0
                && STREET_HEADS.contains(&toks[m - 1].lower())
                && s[toks[m - 1].end..toks[m].start] == *" "
            {
                is_street = true;
                start = toks[m - 1].start;
            }
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
    "jan",
    "feb",
    "mrt",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "october",
    "april",
    "august",
    "september",
    "november",
    "december",
    "maa",
    "febr",
    "okt",
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
    "birthday",
    "geboortedag",
    "geboorte",
    "gebd",
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
    // A short year may carry its apostrophe: "7-1-'10", "7-1-’10".
    let apostrophe = if b.get(m + 1) == Some(&b'\'') {
        1
    } else if s.get(m + 1..).is_some_and(|r| r.starts_with('’')) {
        '’'.len_utf8()
    } else {
        0
    };
    let y = group(m + 1 + apostrophe, 2, 4)?;
    let year_len = y - m - 1 - apostrophe;
    (year_len != 3 && (apostrophe == 0 || year_len == 2) && boundary_after(b, y)).then_some(y)
}

/// A year written "'09" or "’09".
fn is_short_year(s: &str, t: &Tok<'_>) -> bool {
    t.text.len() == 2
        && t.is_number()
        && (s[..t.start].ends_with('\'') || s[..t.start].ends_with('’'))
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1950..=2030).contains(&y))
}

/// End byte of an ISO date starting at byte `i` (2010-03-12).
fn iso_date_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let d = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let ok = d(i..i + 4)
        && b.get(i + 4) == Some(&b'-')
        && d(i + 5..i + 7)
        && b.get(i + 7) == Some(&b'-')
        && d(i + 8..i + 10)
        && boundary_after(b, i + 10);
    ok.then_some(i + 10)
}

fn is_month(low: &str) -> bool {
    DUTCH_MONTHS.contains(&low) || MONTHS.contains(&low)
}

/// A day number, also with an ordinal ending ("4", "4th", "4e", "1st").
fn is_day(t: &Tok<'_>) -> bool {
    let digits = t.text.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(
            &t.low[digits..],
            "" | "st" | "nd" | "rd" | "th" | "e" | "ste" | "de"
        )
}

/// The end of a date starting at token `m`: numeric (12-03-2010, 2010-03-12),
/// "3 mei 2009", "4th of March 2010", "March 4, 2010".
fn date_at(s: &str, toks: &[Tok<'_>], m: usize) -> Option<usize> {
    let cand = toks[m];
    if cand.is_number() {
        if let Some(end) = numeric_date_at(s, cand.start).or_else(|| iso_date_at(s, cand.start)) {
            return Some(end);
        }
    }
    if is_day(&cand) {
        let mut j = m + 1;
        if toks.get(j).is_some_and(|t| t.low == "of") {
            j += 1;
        }
        if let (Some(month), Some(year)) = (toks.get(j), toks.get(j + 1)) {
            if is_month(month.low) && (is_year(year.text) || is_short_year(s, year)) {
                return Some(year.end);
            }
        }
    }
    if is_month(cand.low) {
        if let (Some(day), Some(year)) = (toks.get(m + 1), toks.get(m + 2)) {
            if is_day(day) && is_year(year.text) {
                return Some(year.end);
            }
        }
    }
    None
}

fn scan_birth_dates(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
    for (k, t) in toks.iter().enumerate() {
        // "d.o.b." is three tokens.
        let dob = t.low == "d"
            && toks.get(k + 1).is_some_and(|x| x.low == "o")
            && toks.get(k + 2).is_some_and(|x| x.low == "b");
        // "b. 26/07/2008": the English abbreviation, right before a date.
        let b_dot = t.low == "b"
            && s[t.end..].starts_with(". ")
            && toks
                .get(k + 1)
                .is_some_and(|n| n.start == t.end + 2 && date_at(s, toks, k + 1).is_some());
        if !BIRTH_CUES.contains(&t.lower()) && !dob && !b_dot {
            continue;
        }
        // "Ze is op 5 juni 2009 geboren": the date may come first.
        if matches!(t.low, "geboren" | "born") {
            let before = (k.saturating_sub(6)..k)
                .rev()
                .find_map(|m| date_at(s, toks, m).filter(|&e| e <= t.start).map(|_| m));
            if let Some(m) = before {
                out.push((FindingKind::BirthDate, toks[m].start, t.end));
                continue;
            }
        }
        // Look a few words ahead: "geboren op 12-03-2010", "geb. 3 mei 2009".
        for m in k + 1..(k + 7).min(toks.len()) {
            let cand = toks[m];
            if let Some(end) = date_at(s, toks, m) {
                out.push((FindingKind::BirthDate, t.start, end));
                break;
            }
            if is_year(cand.text) {
                out.push((FindingKind::BirthDate, t.start, cand.end));
                break;
            }
            if cand.is_number() && !(dob && m <= k + 2) {
                break;
            }
        }
    }
    // "° 12-03-2010": the genealogical sign for born.
    for (p, _) in s.match_indices('°') {
        let k = tok_at(toks, p);
        if let Some(t) = toks.get(k) {
            if s[p + '°'.len_utf8()..t.start].trim().is_empty()
                && p > 0
                && !s.as_bytes()[p - 1].is_ascii_digit()
            {
                if let Some(end) = date_at(s, toks, k) {
                    out.push((FindingKind::BirthDate, p, end));
                }
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
/// Words that end the name of a school or institute ("Da Vinci College").
const INSTITUTION_WORDS: &[&str] = &[
    "college",
    "lyceum",
    "gymnasium",
    "academie",
    "atheneum",
    "instituut",
    "school",
    "scholengemeenschap",
    "campus",
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
/// Titles before a name.
const HONORIFICS: &[&str] = &[
    "mevr", "mevrouw", "mw", "dhr", "meneer", "heer", "juf", "juffrouw", "meester", "mr", "mrs",
    "ms", "miss", "dr", "mister",
];

/// Endings of adjectives of nationality and language ("Belgisch",
/// "Papiaments", "Marokkaanse"), which Dutch capitalises and names do not have.
const ADJECTIVE_SUFFIXES: &[&str] = &["isch", "ische", "aans", "aanse", "ents", "eens", "eense"];

/// Suffixes of place words (neighbourhoods, streets, compounds) that are not names.
const PLACE_SUFFIXES: &[&str] = &[
    "wijk", "buurt", "dorp", "kwartier", "polder", "stad", "haven", "straat", "weg", "laan",
    "plein", "kade", "gracht", "singel", "dijk", "dreef", "markt", "park", "centrum", "station",
    "school", "college", "lyceum", "huis", "dam", "recht", "veen", "land", "hout", "wet", "sluis",
    "horst", "hoven", "burg", "broek", "meer", "waard", "kerk", "brug", "drecht",
];

fn is_common(lower: &str) -> bool {
    words::is_not_name(lower) || DUTCH_MONTHS.contains(&lower)
}

fn has_place_suffix(low: &str) -> bool {
    PLACE_SUFFIXES
        .iter()
        .chain(ADJECTIVE_SUFFIXES)
        .any(|suf| low.len() > suf.len() + 2 && low.ends_with(suf))
}

/// A word that could be a name: capitalised, letters only, not an acronym,
/// not a known word, place, organisation or place-like compound.
fn name_like(t: &Tok<'_>) -> bool {
    let mut chars = t.text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || !t.text.chars().all(|c| c.is_alphabetic() || c == '\'') {
        return false;
    }
    let upper_count = t.text.chars().filter(|c| c.is_uppercase()).count();
    if t.text.chars().count() > 1 && upper_count == t.text.chars().count() {
        return false; // AVIM, SHOP, HALT, CJG
    }
    // "iPhone", "McDonald": inner capitals belong to brands; "McKenzie" is rare.
    if upper_count > 1 && !t.text.contains('\'') {
        return false;
    }
    let low = t.lower();
    match t.class {
        NameWord::FirstName | NameWord::WordName => true,
        NameWord::NotName => false,
        NameWord::Unknown => !DUTCH_MONTHS.contains(&low) && !has_place_suffix(low),
    }
}

/// A first name the list knows, in any case; names that are also ordinary
/// words only when capitalised.
/// "JIP", "HALT": a short word in capitals, in a note that is not written in
/// capitals, is an acronym.
fn acronym(s: &str, t: &Tok<'_>) -> bool {
    (2..=4).contains(&t.text.chars().count())
        && t.text.chars().all(char::is_uppercase)
        && s.chars().any(char::is_lowercase)
}

fn is_first_name(t: &Tok<'_>) -> bool {
    match t.class {
        NameWord::FirstName => true,
        NameWord::WordName => starts_upper(t.text),
        _ => false,
    }
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
        } else if PARTICLES.contains(&toks[m].lower())
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
        for u in [
            " jaar oud",
            "-jarige",
            "-jarig",
            " jarig",
            " jaar",
            " jr. oud",
            " jr oud",
            " jr.",
            " jr",
            " j.",
            " years old",
            " year old",
            "-year-old",
            "-years-old",
            " years",
            " year",
            " yrs",
            " yo",
            " y/o",
            "yo",
            "jr",
            "j",
        ] {
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
        ", age ",
        " age ",
        ", aged ",
        " aged ",
        ", leeftijd ",
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
    // "Aisha - 14 -": an age between dashes.
    for lead in VERB_LEADS.iter().chain(&[", ", " van ", " - ", " – ", " "]) {
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
                " - " | " – " => after.starts_with(" - ") || after.starts_with(" – "),
                " van " => {
                    sentence_end
                        || [
                            " over ", " uit ", " die ", " en ", " heeft ", " is ", " zit ",
                        ]
                        .iter()
                        .any(|w| after.starts_with(w))
                }
                _ if verb => {
                    sentence_end
                        || [
                            " en ", " maar ", " of ", " dus ", " want ", " and ", " but ",
                        ]
                        .iter()
                        .any(|w| after.starts_with(w))
                }
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
        if PARTICLES.contains(&low) && prev.text.chars().all(char::is_lowercase) {
            particles += 1;
            m -= 1;
        } else {
            return particles > 0 && starts_upper(prev.text) && STREET_HEADS.contains(&low);
        }
    }
    false
}

fn scan_names(s: &str, toks: &[Tok<'_>], out: &mut Raw) {
    let mut covered_until = 0;
    for k in 0..toks.len() {
        let t = toks[k];
        // "15-jarige Mo", "14 jarige Daan"
        if t.is_number() && t.text.len() <= 2 {
            // "the 15-year-old Priscilla": the name comes after "old".
            let old = toks.get(k + 1).is_some_and(|j| j.low == "year")
                && toks.get(k + 2).is_some_and(|o| o.low == "old");
            let (ni, j_end) = match (old, toks.get(k + 1), toks.get(k + 2)) {
                (true, _, Some(o)) => (k + 3, o.end),
                (false, Some(j), _) => (k + 2, j.end),
                _ => (k + 2, t.end),
            };
            if let (Some(j), Some(name)) = (toks.get(k + 1), toks.get(ni)) {
                let gap = &s[t.end..j.start];
                if matches!(j.lower(), "jarige" | "jarig" | "year")
                    && (gap == "-" || gap == " ")
                    && s[j_end..name.start] == *" "
                    && (name_like(name) || is_first_name(name))
                    && name.class != NameWord::NotName
                {
                    let e = name_end(s, toks, ni);
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
            let g = s[p.end..t.start].trim();
            g.is_empty() || g == ":" || g == "'" || g == "\"" || g == ": '" || g == ": \""
        });
        // "mevr. Yilmaz", "Mr. de Groot", "juf Sanne": a title before a name.
        let honorific = |m: usize| HONORIFICS.contains(&toks[m].lower());
        let titled = k >= 1
            && (honorific(k - 1) && matches!(s[toks[k - 1].end..t.start].trim(), "" | "."))
            || k >= 2
                && PARTICLES.contains(&prev_low)
                && honorific(k - 2)
                && matches!(s[toks[k - 2].end..toks[k - 1].start].trim(), "" | ".");
        let cue = titled
            || prev_gap_plain
                && (NAME_CUES.contains(&prev_low)
                    || (prev_low == "is" && k >= 2 && toks[k - 2].lower() == "naam")
                    || (prev_low == "was" && k >= 2 && toks[k - 2].lower() == "naam")
                    || (prev_low == "naam" && s[toks[k - 1].end..t.start].contains(':'))
                    || (prev_low == "is" && k >= 2 && toks[k - 2].lower() == "name"));
        let relation = prev_gap_plain
            && prev_low == "van"
            && k >= 2
            && RELATION_CUES.contains(&toks[k - 2].lower());
        let class = t.class;
        let cue_word = cue
            && t.text.chars().all(char::is_alphabetic)
            && class != NameWord::NotName
            && !DUTCH_MONTHS.contains(&t.lower())
            && t.text.chars().count() >= 2;
        let known = is_first_name(&t) && !acronym(s, &t);
        let candidate = name_like(&t) || cue_word || known;
        // "sofie nummer 3771…": a slip in "sofinummer", not Sofie.
        let number_word_after = toks
            .get(k + 1)
            .is_some_and(|n| matches!(n.lower(), "nummer" | "nr") && s[t.end..n.start] == *" ")
            && t.text.chars().all(char::is_lowercase);
        if !candidate || number_word_after {
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
        if s[end..].starts_with(" (") {
            let open = end + 2;
            if let Some(d) = numeric_date_at(s, open).filter(|&d| s[d..].starts_with(')')) {
                out.push((FindingKind::BirthDate, open, d));
            }
        }
        let start_of_sentence = at_sentence_start(s, t.start);
        let after_article_or_place =
            prev_gap_plain && (ARTICLES.contains(&prev_low) || PLACE_CUES.contains(&prev_low));
        if in_street_name(s, toks, k) {
            continue;
        }
        // A capitalised word right before a number is a model or a line
        // ("Golf 7", "Lijn 9"), before a street word a street.
        let next = toks.get(k + 1);
        let before_number = next.is_some_and(|n| n.is_number() && s[t.end..n.start] == *" ");
        let unknown = class == NameWord::Unknown;
        // A capitalised word right after a brand or place is part of its name
        // ("Airpods Pro", "Samsung Galaxy", "Scheveningen Haven").
        // Not after a relation at the start of a sentence: "Zus Kiara" is a name.
        let after_brand = prev.is_some_and(|p| {
            p.class == NameWord::NotName
                && starts_upper(p.text)
                && s[p.end..t.start] == *" "
                && !RELATION_CUES.contains(&p.lower())
        });
        // A capitalised word right before "College", "Lyceum" … names the school.
        let before_institution = next.is_some_and(|n| {
            starts_upper(n.text)
                && INSTITUTION_WORDS.contains(&n.lower())
                && s[t.end..n.start] == *" "
        });
        // "Stephanie de Wit": a first word, a particle and a surname.
        let full_name = e > k
            && toks[k + 1..=e]
                .iter()
                .any(|x| PARTICLES.contains(&x.lower()));
        let short = t.text.chars().count() <= 2;
        let after_article = prev_gap_plain && ARTICLES.contains(&prev_low);
        let is_name = cue_word
            || relation && (name_like(&t) || known)
            // A known first name after "to", "in", "naar" is still a name.
            || known && class == NameWord::FirstName && !after_article
            || (unknown && name_like(&t) && full_name && !after_article_or_place && !short)
            || known && !start_of_sentence && !after_article_or_place
            || (unknown
                && name_like(&t)
                && !start_of_sentence
                && !after_article_or_place
                && !before_number
                && !after_brand
                && !before_institution
                && !short);
        if is_name {
            out.push((FindingKind::Name, t.start, end));
            covered_until = end;
        }
    }
}
