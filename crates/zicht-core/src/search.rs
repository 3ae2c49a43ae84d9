//! Search over the signal catalogue.
//!
//! A query is folded (case, accents) and split into words; every word must be
//! found in a signal (as a whole word, a word prefix or, from three letters on,
//! anywhere inside a word) unless the whole query matches a title or synonym as
//! one run of letters ("geld ezel" finds "geldezel"). Both languages are always
//! searched; the UI language ranks higher. The index is built once, so a query
//! only scans pre-folded strings.
//!
//! [`SearchQuery`] round-trips through URL query parameters so the UI can keep
//! the search in the address bar.

use std::sync::OnceLock;

use crate::content::signals::{Context, Form, Signal, SignalsFile};
use crate::content::Lang;

/// Longer input is cut, so a pasted essay costs no more than a sentence.
const MAX_QUERY_CHARS: usize = 200;
const MAX_QUERY_WORDS: usize = 12;
/// Shorter words only match as whole words or prefixes: "ge" inside every
/// "-ge-" would match the whole catalogue.
const MIN_INFIX_CHARS: usize = 3;

// Ranking: an exact title beats everything, then a title that starts with the
// query; one title word outweighs an exact synonym, and a synonym word outweighs
// an explanation word, whatever the language.
const SCORE_EXACT_TITLE: u32 = 100_000;
const SCORE_TITLE_PREFIX: u32 = 20_000;
const SCORE_EXACT_SYNONYM: u32 = 1_200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    Title,
    Synonym,
    Explanation,
    Why,
}

impl FieldKind {
    /// Points for a word that matches (whole word, prefix, infix).
    fn points(self) -> [u32; 3] {
        match self {
            FieldKind::Title => [4_000, 3_000, 2_000],
            FieldKind::Synonym => [300, 240, 180],
            FieldKind::Explanation => [30, 20, 12],
            FieldKind::Why => [10, 7, 4],
        }
    }
}

#[derive(Debug)]
struct Field {
    kind: FieldKind,
    /// `None` for synonyms, which are language-neutral.
    lang: Option<Lang>,
    /// Folded words joined by single spaces.
    text: String,
    /// The folded words without spaces, for "geld ezel" ~ "geldezel".
    compact: String,
}

#[derive(Debug)]
struct Entry {
    id: String,
    category: String,
    contexts: Vec<Context>,
    forms: Vec<Form>,
    fields: Vec<Field>,
    /// All field texts joined, to reject a word with one scan.
    all: String,
}

/// A scored search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    pub id: &'a str,
    pub score: u32,
}

/// The precomputed, folded catalogue. Build once; query many times.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    pub fn new(signals: &SignalsFile) -> SearchIndex {
        SearchIndex {
            entries: signals.signals.iter().map(entry).collect(),
        }
    }

    /// The index over the bundled catalogue.
    pub fn global() -> &'static SearchIndex {
        static INDEX: OnceLock<SearchIndex> = OnceLock::new();
        INDEX.get_or_init(|| SearchIndex::new(&crate::catalog().signals))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Matching signal ids, best first; catalogue order for an empty query.
    pub fn search(&self, query: &SearchQuery, lang: Lang) -> Vec<&str> {
        self.search_scored(query, lang)
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    /// Like [`SearchIndex::search`], with scores (0 for an empty query).
    pub fn search_scored(&self, query: &SearchQuery, lang: Lang) -> Vec<Hit<'_>> {
        let prepared = Prepared::new(&query.q);
        let mut hits: Vec<(usize, Hit<'_>)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| passes_filters(e, query))
            .filter_map(|(i, e)| {
                if prepared.words.is_empty() {
                    return Some((
                        i,
                        Hit {
                            id: &e.id,
                            score: 0,
                        },
                    ));
                }
                score(e, &prepared, lang).map(|score| (i, Hit { id: &e.id, score }))
            })
            .collect();
        // Stable on catalogue order for equal scores, so results do not jump.
        hits.sort_by(|(ia, a), (ib, b)| b.score.cmp(&a.score).then(ia.cmp(ib)));
        hits.into_iter().map(|(_, h)| h).collect()
    }
}

/// Searches the bundled catalogue.
pub fn search(query: &SearchQuery, lang: Lang) -> Vec<&'static str> {
    SearchIndex::global().search(query, lang)
}

fn entry(s: &Signal) -> Entry {
    let mut fields = Vec::new();
    for lang in Lang::ALL {
        fields.push(field(FieldKind::Title, Some(lang), s.title.get(lang)));
        fields.push(field(
            FieldKind::Explanation,
            Some(lang),
            s.explanation.get(lang),
        ));
        fields.push(field(FieldKind::Why, Some(lang), s.why.get(lang)));
    }
    for synonym in &s.synonyms {
        fields.push(field(FieldKind::Synonym, None, synonym));
    }
    let all = fields
        .iter()
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("|");
    Entry {
        all,
        id: s.id.clone(),
        category: s.category.clone(),
        contexts: s.contexts.clone(),
        forms: s.forms.clone(),
        fields,
    }
}

fn field(kind: FieldKind, lang: Option<Lang>, raw: &str) -> Field {
    let text = normalize(raw);
    let compact = text.replace(' ', "");
    Field {
        kind,
        lang,
        text,
        compact,
    }
}

fn passes_filters(e: &Entry, q: &SearchQuery) -> bool {
    q.context.is_none_or(|c| e.contexts.contains(&c))
        && q.form.is_none_or(|f| e.forms.contains(&f))
        && q.category.as_deref().is_none_or(|c| e.category == c)
}

struct Prepared {
    phrase: String,
    compact: String,
    words: Vec<String>,
}

impl Prepared {
    fn new(q: &str) -> Prepared {
        let cut: String = q.chars().take(MAX_QUERY_CHARS).collect();
        let phrase = normalize(&cut);
        let mut words: Vec<String> = Vec::new();
        for w in phrase.split(' ').filter(|w| !w.is_empty()) {
            if words.len() == MAX_QUERY_WORDS {
                break;
            }
            if !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        let compact = words.concat();
        Prepared {
            phrase,
            compact,
            words,
        }
    }
}

/// `None` when the entry does not match.
fn score(e: &Entry, q: &Prepared, lang: Lang) -> Option<u32> {
    let mut bonus = 0u32;
    for f in &e.fields {
        let weight = lang_weight(f.lang, lang);
        match f.kind {
            FieldKind::Title if f.text == q.phrase || f.compact == q.compact => {
                bonus = bonus.max(SCORE_EXACT_TITLE * weight / 4);
            }
            FieldKind::Title if f.text.starts_with(&q.phrase) => {
                bonus = bonus.max(SCORE_TITLE_PREFIX * weight / 4);
            }
            FieldKind::Synonym if f.compact == q.compact => {
                bonus = bonus.max(SCORE_EXACT_SYNONYM);
            }
            FieldKind::Synonym
                if q.compact.chars().count() >= MIN_INFIX_CHARS
                    && f.compact.contains(&q.compact) =>
            {
                bonus = bonus.max(FieldKind::Synonym.points()[1] * q.words.len() as u32);
            }
            _ => {}
        }
    }

    let mut total = 0u32;
    for word in &q.words {
        if !e.all.contains(word.as_str()) {
            if bonus > 0 {
                continue;
            }
            return None;
        }
        let best = e
            .fields
            .iter()
            .filter_map(|f| {
                word_match(&f.text, word)
                    .map(|m| f.kind.points()[m] * lang_weight(f.lang, lang) / 4)
            })
            .max();
        match best {
            Some(points) => total += points,
            None if bonus > 0 => {}
            None => return None,
        }
    }
    Some(total + bonus)
}

/// Other-language fields count for three quarters.
fn lang_weight(field: Option<Lang>, ui: Lang) -> u32 {
    match field {
        Some(l) if l != ui => 3,
        _ => 4,
    }
}

/// 0 = whole word, 1 = word prefix, 2 = inside a word; `None` = no match.
fn word_match(text: &str, word: &str) -> Option<usize> {
    // Cheap rejection first: most fields do not contain the word at all.
    if !text.contains(word) {
        return None;
    }
    let mut best: Option<usize> = None;
    for w in text.split(' ') {
        let m = if w == word {
            0
        } else if w.starts_with(word) {
            1
        } else if word.chars().count() >= MIN_INFIX_CHARS && w.contains(word) {
            2
        } else {
            continue;
        };
        if m == 0 {
            return Some(0);
        }
        best = Some(best.map_or(m, |b: usize| b.min(m)));
    }
    best
}

/// Lowercase, strip accents (é→e, ë→e, ï→i, ß→ss, …), and turn everything but
/// letters and digits into single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_none() && !c.is_alphanumeric() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match folded {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
    out
}

/// The accent-free form of a lowercase letter that has one.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ç' | 'ć' | 'č' => "c",
        'ñ' | 'ń' => "n",
        'ś' | 'š' | 'ş' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'ğ' => "g",
        'ĳ' => "ij",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// Search text and filters, as kept in the URL: `?q=geld%20ezel&context=straat`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub q: String,
    pub context: Option<Context>,
    pub form: Option<Form>,
    pub category: Option<String>,
}

impl SearchQuery {
    /// No words and no filter: the guide shows the whole list by category
    /// instead of search hits.
    pub fn is_browsing(&self) -> bool {
        self.q.trim().is_empty()
            && self.context.is_none()
            && self.form.is_none()
            && self.category.is_none()
    }

    pub fn text(q: impl Into<String>) -> SearchQuery {
        SearchQuery {
            q: q.into(),
            ..SearchQuery::default()
        }
    }

    /// `q=…&context=…&form=…&category=…`, leaving out empty parts; no leading `?`.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", percent_encode(&self.q)));
        }
        if let Some(c) = self.context {
            parts.push(format!("context={}", c.code()));
        }
        if let Some(f) = self.form {
            parts.push(format!("form={}", f.code()));
        }
        if let Some(c) = &self.category {
            parts.push(format!("category={}", percent_encode(c)));
        }
        parts.join("&")
    }

    /// Lenient: a leading `?` is skipped; unknown keys and unknown filter values
    /// are ignored, because a stale or hand-edited link must still open.
    pub fn from_query_string(s: &str) -> SearchQuery {
        let mut query = SearchQuery::default();
        let s = s.strip_prefix('?').unwrap_or(s);
        for pair in s.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match percent_decode(key).as_str() {
                "q" => query.q = value,
                "context" => query.context = Context::from_code(&value),
                "form" => query.form = Form::from_code(&value),
                "category" if !value.is_empty() => query.category = Some(value),
                _ => {}
            }
        }
        query
    }
}

/// RFC 3986 unreserved characters stay; everything else becomes `%XX` per UTF-8
/// byte, so spaces are `%20` and "é" is `%C3%A9`.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// Accepts `+` as a space (HTML forms); a malformed escape is kept literally.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = match bytes.get(i + 1..i + 3) {
                    Some(&[hi, lo]) => hex_value(hi).zip(hex_value(lo)).map(|(h, l)| h << 4 | l),
                    _ => None,
                };
                if let Some(b) = hex {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsing_is_no_words_and_no_filter() {
        assert!(SearchQuery::default().is_browsing());
        assert!(SearchQuery::text("  ").is_browsing());
        assert!(!SearchQuery::text("geld").is_browsing());
        let filtered = SearchQuery {
            context: Some(Context::School),
            ..SearchQuery::default()
        };
        assert!(!filtered.is_browsing());
        let by_category = SearchQuery {
            category: Some("x".into()),
            ..SearchQuery::default()
        };
        assert!(!by_category.is_browsing());
    }
}
