//! E-mail addresses, also disguised: `[at]`, `(at)`, ` at `, `apenstaartje`,
//! spaces around `@`, `punt`/`dot`/`[.]` or a comma for the dot, and a missing
//! top-level domain after a known mail provider ("mo2008@hotmail").

use super::{FindingKind, Tok};

/// Mail providers that identify a mailbox even without a top-level domain.
const PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "yahoo",
    "icloud",
    "ziggo",
    "kpnmail",
    "kpnplanet",
    "xs4all",
    "protonmail",
    "proton",
    "gmx",
    "aol",
    "telenet",
    "skynet",
    "upcmail",
    "chello",
    "casema",
    "quicknet",
    "tele2",
    "hetnet",
    "zonnet",
    "yandex",
];

/// Top-level domains accepted after a disguised dot (after a real dot any
/// two or more letters count).
const TLDS: &[&str] = &[
    "nl", "com", "be", "de", "org", "net", "eu", "info", "io", "co", "uk", "fr", "es", "it", "pl",
    "tr", "ma", "sr", "cw", "me", "app", "biz", "us", "ru", "ro", "bg", "online", "email", "mail",
    "ch", "at", "dk", "se", "no", "fi", "pt", "gr", "ua", "ae", "edu", "gov",
];

fn is_provider(label: &str) -> bool {
    PROVIDERS.iter().any(|p| p.eq_ignore_ascii_case(label))
}

fn is_tld(label: &str) -> bool {
    TLDS.iter().any(|t| t.eq_ignore_ascii_case(label))
}

/// A marker standing for `@`: `(start, end, kind)`; `Word` markers need the
/// address around them to look disguised on purpose.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Sign,
    Bracketed,
    Word,
    Op,
}

/// Dot markers, longest first; `true` when written out (a disguise).
const DOTS: &[(&str, bool)] = &[
    (" [punt] ", true),
    (" (punt) ", true),
    (" [dot] ", true),
    (" (dot) ", true),
    ("[punt]", true),
    ("(punt)", true),
    ("[dot]", true),
    ("(dot)", true),
    ("{dot}", true),
    (" punt ", true),
    (" dot ", true),
    (" . ", true),
    ("[.]", true),
    ("(.)", true),
    (".", false),
    (",", true),
];

fn starts_with_ci(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay.is_char_boundary(needle.len())
        && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn ends_with_ci(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay.is_char_boundary(hay.len() - needle.len())
        && hay[hay.len() - needle.len()..].eq_ignore_ascii_case(needle)
}

fn label_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

fn local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// The domain after an `@` marker: `(end, has_tld, disguised_dot)`.
fn domain_at(s: &str, from: usize) -> Option<(usize, bool, bool)> {
    let b = s.as_bytes();
    let mut i = from;
    let label_end = |i: usize| {
        let mut j = i;
        while j < b.len() && label_char(b[j]) {
            j += 1;
        }
        j
    };
    let first_end = label_end(i);
    if first_end == i {
        return None;
    }
    i = first_end;
    let mut labels = 1;
    let mut disguised = false;
    // The end of the longest domain so far that ends in a top-level domain.
    let mut good: Option<(usize, bool)> = None;
    'labels: loop {
        for &(dot, written) in DOTS {
            if !starts_with_ci(&s[i..], dot) {
                continue;
            }
            let next = i + dot.len();
            let next_end = label_end(next);
            if next_end == next {
                continue;
            }
            let label = &s[next..next_end];
            // A comma only before a top-level domain ("gmail,com").
            if dot == "," && !is_tld(label) {
                continue;
            }
            let d = disguised || written;
            let tld_like = label.len() >= 2 && label.bytes().all(|c| c.is_ascii_alphabetic());
            // Behind a written-out dot only a real top-level domain ends it.
            if tld_like && (!d || is_tld(label)) {
                good = Some((next_end, d));
            }
            disguised = d;
            labels += 1;
            i = next_end;
            continue 'labels;
        }
        break;
    }
    if let Some((end, d)) = good {
        return Some((end, true, d));
    }
    let _ = labels;
    // "mo2008@hotmail" (no top-level domain), "mo@schoolmail" (after a cue)
    Some((first_end, false, disguised))
}

/// The local part before byte `at`: its start. Written-out dots inside it
/// ("jan punt jansen at …") are followed back as well.
fn local_before(s: &str, at: usize) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    let mut j = at;
    let mut disguised = false;
    loop {
        let mut k = j;
        while k > 0 && local_char(b[k - 1]) {
            k -= 1;
        }
        while k < j && matches!(b[k], b'.' | b'-') {
            k += 1;
        }
        if k == j {
            return (j < at).then_some((j, disguised));
        }
        j = k;
        let before = &s[..j];
        let mut stepped = false;
        for dot in [" punt ", " dot ", "[punt]", "(punt)", "[dot]", "(dot)"] {
            if ends_with_ci(before, dot) && j - dot.len() > 0 && local_char(b[j - dot.len() - 1]) {
                j -= dot.len();
                disguised = true;
                stepped = true;
                break;
            }
        }
        if !stepped {
            return Some((j, disguised));
        }
    }
}

/// Every `@` marker in the note.
fn markers(s: &str) -> Vec<(usize, usize, At)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let lower_eq = |i: usize, w: &str| starts_with_ci(&s[i..], w);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'@' {
            // "noah.dg@@gmail.com": a doubled sign is one slip, one marker.
            let run = b[i..].iter().take_while(|&&x| x == b'@').count();
            out.push((i, i + run, At::Sign));
            i += run;
            continue;
        } else if matches!(c, b'[' | b'(' | b'{' | b'<') {
            for w in [
                "[at]",
                "(at)",
                "{at}",
                "<at>",
                "[@]",
                "(@)",
                "[a]",
                "(a)",
                "[ at ]",
                "( at )",
                "[apenstaartje]",
                "(apenstaartje)",
                "[apestaartje]",
                "(apestaartje)",
                "[arroba]",
                "(arroba)",
            ] {
                if lower_eq(i, w) {
                    out.push((i, i + w.len(), At::Bracketed));
                    break;
                }
            }
        } else if (c == b'o' || c == b'O')
            && (i == 0 || !super::is_word_byte(b[i - 1]))
            && lower_eq(i, "op")
            && super::boundary_after(b, i + 2)
        {
            // "sweetgirl_15 op gmail punt com": Dutch "op" for "at", only
            // before a mail provider (checked below).
            out.push((i, i + 2, At::Op));
        } else if (c == b'a' || c == b'A') && (i == 0 || !super::is_word_byte(b[i - 1])) {
            for w in ["apenstaartje", "apestaartje", "at-teken", "arroba", "at"] {
                if lower_eq(i, w) && super::boundary_after(b, i + w.len()) {
                    out.push((i, i + w.len(), At::Word));
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

const MAIL_CUES: &[&str] = &[
    "mail",
    "mailen",
    "mailt",
    "mailde",
    "gemaild",
    "email",
    "e-mail",
    "emailadres",
    "e-mailadres",
    "mailadres",
    "mailbox",
    "emailen",
    "e-mailen",
    "emailed",
    "emails",
    "mailtje",
    "mailtjes",
];

/// Whether a mail cue stands among the four words before byte `pos`.
fn mail_cue_before(toks: &[Tok<'_>], pos: usize) -> bool {
    let k = super::tok_at(toks, pos);
    (k.saturating_sub(4)..k).any(|m| {
        let w = toks[m].lower();
        MAIL_CUES.contains(&w) || (m > 0 && w == "mail" && toks[m - 1].lower() == "e")
    })
}

pub(super) fn scan(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    scan_spaced(s, toks, out);
    for (ms, me, kind) in markers(s) {
        // Up to one space (two for a written marker) between the parts and the marker.
        let max_gap = if kind == At::Sign { 1 } else { 2 };
        let word_like = matches!(kind, At::Word | At::Op);
        let mut ls_end = ms;
        let mut gap = 0;
        while ls_end > 0 && b[ls_end - 1] == b' ' && gap < max_gap {
            ls_end -= 1;
            gap += 1;
        }
        if word_like && gap == 0 {
            continue;
        }
        let mut ds = me;
        let mut gap_after = 0;
        while ds < b.len() && b[ds] == b' ' && gap_after < max_gap {
            ds += 1;
            gap_after += 1;
        }
        if word_like && gap_after == 0 {
            continue;
        }
        // Spaces around "@" on both sides or on neither: "account @quickcash.nl"
        // is a handle, "mo @ hotmail.com" an address.
        let shaped = local_before(s, ls_end).is_some_and(|(ls, _)| {
            s[ls..ls_end]
                .bytes()
                .any(|c| matches!(c, b'.' | b'_' | b'0'..=b'9'))
        });
        if kind == At::Sign && gap != gap_after && !shaped {
            continue;
        }
        let Some((ls, local_disguised)) = local_before(s, ls_end) else {
            continue;
        };
        if !super::boundary_before(b, ls) {
            continue;
        }
        let Some((de, has_tld, dot_disguised)) = domain_at(s, ds) else {
            continue;
        };
        if !(super::boundary_after(b, de) || de < b.len() && b[de] == b'.') {
            continue;
        }
        let local = &s[ls..ls_end];
        let domain = &s[ds..de];
        let provider_domain =
            is_provider(domain.split(['.', ',', ' ', '[', '(']).next().unwrap_or(""));
        let accepted = match kind {
            // A plain "@" with spaces around it or without a top-level domain
            // still needs a real-looking domain.
            At::Sign => has_tld || provider_domain || mail_cue_before(toks, ls),
            At::Bracketed => has_tld || provider_domain,
            At::Op => {
                let shaped = local
                    .bytes()
                    .any(|c| matches!(c, b'.' | b'_' | b'-' | b'0'..=b'9'));
                provider_domain && has_tld && (shaped || mail_cue_before(toks, ls))
            }
            // "at" and "apenstaartje" are words: only an address that is
            // disguised on purpose, or at a mail provider, counts
            // ("works at google.com" does not).
            At::Word => {
                let marker = &s[ms..me];
                let spelled_marker = !marker.eq_ignore_ascii_case("at");
                let local_shaped = local
                    .bytes()
                    .any(|c| matches!(c, b'.' | b'_' | b'-' | b'0'..=b'9'));
                let word_provider =
                    provider_domain && (local_shaped || !domain.eq_ignore_ascii_case("live"));
                (has_tld || word_provider)
                    && (spelled_marker
                        || provider_domain
                        || dot_disguised
                        || local_disguised
                        || local_shaped)
                    && local.len() >= 2
            }
        };
        if accepted {
            out.push((FindingKind::Email, ls, de));
        }
    }
}

/// After a mail cue, an address with a space for the `@`: "mail naar
/// jan.jansen gmail.com".
fn scan_spaced(s: &str, toks: &[Tok<'_>], out: &mut Vec<(FindingKind, usize, usize)>) {
    let b = s.as_bytes();
    for (k, t) in toks.iter().enumerate() {
        if !MAIL_CUES.contains(&t.lower()) {
            continue;
        }
        for m in k + 1..(k + 6).min(toks.len()) {
            let d = toks[m];
            // domain label, ".", top-level domain
            let Some(tld) = toks.get(m + 1) else { break };
            if &s[d.end..tld.start] != "."
                || !is_tld(tld.text)
                || !(is_provider(d.text) || d.text.len() >= 3)
            {
                continue;
            }
            if !is_provider(d.text) {
                continue;
            }
            // The chunk before the domain, back to the previous space.
            let before = &s[..d.start];
            if !before.ends_with(' ') {
                break;
            }
            let chunk_end = d.start - 1;
            let mut cs = chunk_end;
            while cs > 0 && local_char(b[cs - 1]) {
                cs -= 1;
            }
            let chunk = &s[cs..chunk_end];
            let chunk_low = chunk.to_ascii_lowercase();
            if chunk.is_empty()
                || cs <= t.end
                || super::is_common(&chunk_low)
                || MAIL_CUES.contains(&chunk_low.as_str())
            {
                break;
            }
            out.push((FindingKind::Email, cs, tld.end));
            break;
        }
    }
}
