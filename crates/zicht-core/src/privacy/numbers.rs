//! Phone numbers, BSNs, old bank account numbers and long numbers, from the
//! digit runs of [`super::digits`], with the words before a run as context:
//! "bel", "app", "nummer" make a near-miss a phone number, "bsn", "sofi" a
//! BSN; "zaaknummer", "ordernummer", "track en trace" make a number a case or
//! order number, not a BSN.

use super::digits::{Group, Numbers, Run};
use super::{FindingKind, Raw, Tok};

/// What the words just before a number say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cue {
    Phone,
    Bsn,
    /// Case, order, tracking, registration numbers …
    NotPersonal,
    Bank,
}

const PHONE_CUES: &[&str] = &[
    "bel",
    "belt",
    "belde",
    "bellen",
    "gebeld",
    "terugbellen",
    "app",
    "appen",
    "appt",
    "appte",
    "geappt",
    "whatsapp",
    "whatsappen",
    "wa",
    "tel",
    "telnr",
    "telefoon",
    "telefoonnummer",
    "telefoonnr",
    "telefoonnummers",
    "mobiel",
    "mobieltje",
    "mobielnummer",
    "mobiele",
    "gsm",
    "nummer",
    "nummertje",
    "nr",
    "nummers",
    "call",
    "called",
    "calls",
    "calling",
    "phone",
    "phoned",
    "number",
    "mobile",
    "cell",
    "text",
    "texted",
    "texts",
    "sms",
    "smst",
    "smsen",
    "sms'en",
    "sms't",
    "bereikbaar",
    "reachable",
    "contactnummer",
    "belnummer",
    "prepaid",
    "telefoontje",
    "ring",
    "signal",
    "telegram",
    "facetime",
    // A private or emergency number is a person's, not a case number.
    "privé",
    "prive",
    "privénummer",
    "privenummer",
    "privénr",
    "privenr",
    "noodnummer",
    "thuisnummer",
];
const BSN_CUES: &[&str] = &[
    "bsn",
    "bsnnummer",
    "bsn-nummer",
    "sofi",
    "sofinummer",
    "sofi-nummer",
    "sofinr",
    "burgerservicenummer",
    "burgerservicenr",
    "burgerservice",
    "ssn",
    "citizen",
    "bsn-nr",
    "bsnnr",
    // The BSN's older and school names.
    "persoonsnummer",
    "persoonsgebonden",
    "pgn",
    "onderwijsnummer",
    "burgernummer",
    "sofinummers",
    "bsn's",
    "bsns",
    "bsnr",
    "burgerservicenummers",
    // A common slip of the keys.
    "bns",
    // An identity card and a passport carry the BSN.
    "identiteitskaart",
    "idkaart",
    "paspoort",
];
const BANK_CUES: &[&str] = &[
    "rekening",
    "rekeningnummer",
    "bankrekening",
    "bankrekeningnummer",
    "reknr",
    "rek",
    "rekeningnr",
    "giro",
    "gironummer",
    "bankaccount",
    "iban",
];
const NOT_PERSONAL_CUES: &[&str] = &[
    "zaak",
    "zaaknummer",
    "zaaknr",
    "order",
    "ordernummer",
    "ordernr",
    "bestelling",
    "bestelnummer",
    "track",
    "trace",
    "tracking",
    "tracktrace",
    "trackandtrace",
    "registratie",
    "registratienummer",
    "registratienr",
    "dossier",
    "dossiernummer",
    "klant",
    "klantnummer",
    "factuur",
    "factuurnummer",
    "kenmerk",
    "referentie",
    "referentienummer",
    "ref",
    "pv",
    "pv-nummer",
    "proces-verbaal",
    "melding",
    "meldingnummer",
    "meldingsnummer",
    "ticket",
    "ticketnummer",
    "pakket",
    "pakketnummer",
    "zending",
    "zendingnummer",
    "verzendnummer",
    "artikel",
    "artikelnummer",
    "polis",
    "polisnummer",
    "lidnummer",
    "leerlingnummer",
    "studentnummer",
    "personeelsnummer",
    "kvk",
    "kvk-nummer",
    "btw",
    "rsin",
    "agb",
    "case",
    "reference",
    "invoice",
    "parcel",
    "shipment",
    "registration",
    "serial",
    "serienummer",
    "imei",
    "vin",
    "chassis",
    "chassisnummer",
    "bon",
    "bonnummer",
    "kassabon",
    "transactie",
    "transactienummer",
    "transaction",
    "batch",
    "lot",
    "product",
    "productnummer",
    "model",
    "modelnummer",
    "aanvraag",
    "aanvraagnummer",
    "vergunning",
    "vergunningnummer",
    "contract",
    "contractnummer",
    "claim",
    "claimnummer",
    "incident",
    "incidentnummer",
    "bsn-loos",
    "barcode",
    "postnl",
    "dhl",
    "ups",
    "gls",
    "dpd",
    "zaakid",
    "id",
    "nr.",
    "tracknummer",
    "volgnummer",
    "routenummer",
    "ritnummer",
    "vluchtnummer",
    "flight",
    "kamer",
    "kamernummer",
    "file",
    "bvh",
    "zaakdossier",
];

fn is_phone_cue(w: &str) -> bool {
    PHONE_CUES.contains(&w)
}

/// The cue in the word `w`, if any; compounds on "-nummer"/"-nr" that are no
/// phone, BSN or bank cue are case and order numbers.
/// Compounds on "-nummer" that say nothing about whose number it is: a
/// "pasnummer" can be the BSN on an identity card or a bank card's number,
/// so the number itself decides.
const NEUTRAL_NUMBER_WORDS: &[&str] = &["pasnummer", "pasnr", "documentnummer"];

fn cue_of(w: &str) -> Option<Cue> {
    if NEUTRAL_NUMBER_WORDS.contains(&w) {
        None
    } else if BSN_CUES.contains(&w) || misspelt_citizen_number(w) {
        Some(Cue::Bsn)
    } else if BANK_CUES.contains(&w) {
        Some(Cue::Bank)
    } else if is_phone_cue(w) {
        Some(Cue::Phone)
    } else if NOT_PERSONAL_CUES.contains(&w)
        || (w.len() > 7 && (w.ends_with("nummer") || w.ends_with("nummers")))
        || (w.len() > 8 && w.ends_with("dossier"))
        || (w.len() > 4 && w.ends_with("nr") && w.bytes().all(|c| c.is_ascii_alphabetic()))
    {
        Some(Cue::NotPersonal)
    } else {
        None
    }
}

/// "burgerserivcenummer", "burgersevicenr": a long word that starts like
/// "burgerservice" and ends in a number word is the BSN, however it is typed.
fn misspelt_citizen_number(w: &str) -> bool {
    let Some(stem) = ["nummers", "nummer", "nr"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
    else {
        return false;
    };
    if !stem.chars().all(char::is_alphabetic) {
        return false;
    }
    // "burgerserivce…", "bürgerservice…", "brgservice…", "bservice…", but
    // not "klantenservice…" (a helpdesk's number).
    let citizen = (stem.starts_with("burgers") || stem.starts_with("bürgers")) && stem.len() >= 10
        || (stem.starts_with('b') && stem.ends_with("service") && stem.len() <= 14);
    // "bsnummer", "bnsnr", "soffienummer", "sofienr": a slip in "bsn" or "sofi".
    let short = matches!(
        stem,
        "bs" | "bns" | "bsm" | "sofie" | "soffi" | "soffie" | "sofy"
    );
    citizen || short
}

/// "ID-kaart", "id kaart", "ID-bewijs": the token "id" names an identity
/// document (which carries the BSN) when "kaart" or "bewijs" follows, and a
/// case or record id otherwise.
fn id_document(s: &str, toks: &[Tok<'_>], m: usize) -> bool {
    if toks[m].lower() != "id" {
        return false;
    }
    let document_word = toks.get(m + 1).is_some_and(|next| {
        matches!(next.lower(), "kaart" | "bewijs" | "card")
            && matches!(&s[toks[m].end..next.start], "-" | " ")
    });
    // "haar ID", "een kopie van zijn ID", "national ID number": the card, not
    // a record's id ("zaak-id 4411", "ID 5512").
    let owned = m > 0
        && s[toks[m - 1].end..toks[m].start] == *" "
        && matches!(
            toks[m - 1].lower(),
            "haar"
                | "zijn"
                | "hun"
                | "mijn"
                | "je"
                | "jouw"
                | "her"
                | "his"
                | "kopie"
                | "copy"
                | "national"
                | "nationale"
                | "eigen"
        );
    document_word || owned
}

/// The nearest cue among the six words before byte `pos` (within the sentence).
pub(super) fn cue_before(s: &str, toks: &[Tok<'_>], pos: usize) -> Option<Cue> {
    // A number called a BSN is one, whatever else the sentence names ("the
    // BSN from the school file: …").
    let nearest = nearest_cue(s, toks, pos);
    let k = super::tok_at(toks, pos);
    // Eight words back: "het bsn werd door de jongen opgelezen als …". An
    // identity card named there counts too ("kopie ID van de moeder in het
    // dossier, nummer …").
    let bsn_named = (k.saturating_sub(8)..k).any(|m| {
        (BSN_CUES.contains(&toks[m].lower()) || id_document(s, toks, m))
            && !s[toks[m].end..pos].contains(". ")
            && !s[toks[m].end..pos].contains('\n')
    });
    if bsn_named {
        Some(Cue::Bsn)
    } else {
        nearest
    }
}

/// A BSN named right after the number, in the same clause: "123456782 (bsn)",
/// "… 123456782 als zijn bsn"; `across_comma`: also in the next clause
/// ("527877955, BSN van betrokkene"). Not when the cue is denied:
/// "ordernummer 123456782, bsn niet bekend" is about an unknown BSN.
pub(super) fn bsn_named_after(s: &str, toks: &[Tok<'_>], end: usize, across_comma: bool) -> bool {
    let k = super::tok_at(toks, end);
    let mut prev_end = end;
    let mut commas = 0;
    for (m, t) in toks.iter().enumerate().skip(k).take(5) {
        if t.start < end {
            continue;
        }
        let gap = &s[prev_end..t.start];
        if gap.contains([',', ';']) {
            commas += 1;
        }
        if gap.contains(['.', ':', '!', '?', '\n']) || commas > usize::from(across_comma) {
            return false;
        }
        if BSN_CUES.contains(&t.lower()) || misspelt_citizen_number(t.lower()) {
            // "bsn niet bekend", not "het bsn, niet het cliëntnummer".
            let denied = toks.get(m + 1).is_some_and(|n| {
                s[t.end..n.start] == *" "
                    && matches!(
                        n.lower(),
                        "niet" | "onbekend" | "unknown" | "nog" | "ontbreekt"
                    )
            });
            return !denied;
        }
        if t.is_number() {
            return false;
        }
        prev_end = t.end;
    }
    false
}

fn nearest_cue(s: &str, toks: &[Tok<'_>], pos: usize) -> Option<Cue> {
    let k = super::tok_at(toks, pos);
    let mut seen = 0;
    let mut m = k;
    while m > 0 && seen < 6 {
        m -= 1;
        let t = toks[m];
        if t.end > pos {
            continue;
        }
        // Stop at the end of a sentence: ". " or a line break between; the
        // dot of an abbreviated cue ("ordernr. 5933…", "tel. 06…") is none.
        let gap = &s[t.end..if m + 1 < k { toks[m + 1].start } else { pos }];
        let abbreviation =
            gap.starts_with(". ") && !gap[1..].contains(". ") && cue_of(t.lower()).is_some();
        if (gap.contains(". ") && !abbreviation)
            || gap.contains('\n')
            || gap.contains('!')
            || gap.contains('?')
        {
            return None;
        }
        if t.is_number() {
            seen += 1;
            continue;
        }
        if id_document(s, toks, m) {
            return Some(Cue::Bsn);
        }
        if let Some(c) = cue_of(t.lower()) {
            // "track en trace", "case file number", "BVH-nummer": the words
            // before a generic "nummer"/"number" say what kind of number it is.
            let generic = matches!(
                t.lower(),
                "nummer" | "number" | "nr" | "nummers" | "numbers"
            );
            // "burger service nummer", "burger-service-nr".
            if generic
                && m >= 2
                && toks[m - 1].lower() == "service"
                && toks[m - 2].lower() == "burger"
            {
                return Some(Cue::Bsn);
            }
            if c == Cue::Phone && m > 0 && generic {
                let hyphened = &s[toks[m - 1].end..t.start] == "-";
                for back in 1..=2.min(m) {
                    if id_document(s, toks, m - back) {
                        return Some(Cue::Bsn);
                    }
                    match cue_of(toks[m - back].lower()) {
                        Some(other) => return Some(other),
                        None if hyphened && back == 1 => return Some(Cue::NotPersonal),
                        None => {}
                    }
                }
            }
            return Some(c);
        }
        seen += 1;
    }
    None
}

/// Dutch numbers that belong to organisations, not people: free and paid
/// information numbers (0800, 090x) and company numbers (088). 085 and the
/// twelve-digit 097 numbers are sold to anyone, so they count as a person's.
fn is_service_number(national: &[u8]) -> bool {
    [&b"0800"[..], b"0900", b"0906", b"0909", b"088"]
        .iter()
        .any(|p| national.starts_with(p))
}

fn is_dutch_personal(national: &[u8]) -> bool {
    let twelve_digit_097 = national.len() == 12 && national.starts_with(b"097");
    (national.len() == 10 || twelve_digit_097)
        && national[0] == b'0'
        && national[1] != b'0'
        && !is_service_number(national)
}

/// A foreign mobile number written without + or 00: its country code, then
/// a mobile prefix, at the length of that plan ("32475…", "4917612…").
fn is_foreign_without_plus(d: &[u8]) -> bool {
    const PLANS: &[(&[u8], &[u8], &[usize])] = &[
        (b"31", b"6", &[11]),
        (b"32", b"4", &[11]),
        (b"33", b"67", &[11]),
        (b"34", b"67", &[11]),
        (b"40", b"7", &[11]),
        (b"44", b"7", &[12]),
        (b"48", b"5678", &[11]),
        (b"49", b"1", &[12, 13]),
        (b"90", b"5", &[12]),
        (b"212", b"67", &[12]),
        (b"351", b"9", &[12]),
        (b"359", b"89", &[12]),
        (b"597", b"78", &[10]),
        (b"599", b"9", &[10, 11]),
    ];
    PLANS.iter().any(|(code, mobile, lens)| {
        lens.contains(&d.len())
            && d.starts_with(code)
            && d.get(code.len()).is_some_and(|c| mobile.contains(c))
    })
}

/// National numbers of other plans: German mobiles (015x/016x/017x, 11–12
/// digits), UK mobiles (07…, 11 digits), Turkish mobiles (05…, 11 digits).
fn is_foreign_national(d: &[u8]) -> bool {
    match d.len() {
        11 => {
            d.starts_with(b"07")
                || d.starts_with(b"05")
                || (d.starts_with(b"01") && matches!(d[2], b'5'..=b'7'))
        }
        12 => d.starts_with(b"01") && matches!(d[2], b'5'..=b'7'),
        _ => false,
    }
}

/// Three groups that read as a date (12-03-2010, 1/3/09) are not a phone number.
fn is_date_groups(s: &str, nums: &Numbers, groups: &[Group], k: usize) -> bool {
    if k + 2 >= groups.len() {
        return false;
    }
    let (a, m, y) = (&groups[k], &groups[k + 1], &groups[k + 2]);
    let len = |g: &Group| g.digits.len();
    let sep = |g: &Group| s[g.sep.clone()].trim();
    let date_sep = |t: &str| matches!(t, "-" | "/" | ".");
    let month = nums.digits_of(m);
    let mv = month.iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    (1..=2).contains(&len(a))
        && (1..=2).contains(&len(m))
        && (len(y) == 4 || len(y) == 2)
        && date_sep(sep(m))
        && sep(m) == sep(y)
        && (1..=12).contains(&mv)
}

/// Whether the run is preceded by a WhatsApp link ("wa.me/31…").
fn after_whatsapp_link(s: &str, run: &Run) -> Option<usize> {
    let before = &s[..run.start];
    for prefix in [
        "wa.me/",
        "wa.me/+",
        "api.whatsapp.com/send?phone=",
        "whatsapp.com/send?phone=",
        "api.whatsapp.com/send/?phone=",
    ] {
        if before.len() >= prefix.len()
            && before.is_char_boundary(before.len() - prefix.len())
            && before[before.len() - prefix.len()..].eq_ignore_ascii_case(prefix)
        {
            let mut start = before.len() - prefix.len();
            for scheme in ["https://", "http://"] {
                if before[..start].ends_with(scheme) {
                    start -= scheme.len();
                }
            }
            return Some(start);
        }
    }
    None
}

/// The end group of a phone number starting at group `k`, if there is one.
fn phone_at(
    nums: &Numbers,
    groups: &[Group],
    k: usize,
    intl: bool,
    buf: &mut Vec<u8>,
) -> Option<usize> {
    buf.clear();
    let mut best = None;
    let first = nums.digits_of(&groups[k]);
    let from_00 = !intl && first.starts_with(b"00");
    for (m, g) in groups.iter().enumerate().skip(k) {
        buf.extend_from_slice(nums.digits_of(g));
        if intl || from_00 {
            let d: &[u8] = if from_00 {
                buf.get(2..).unwrap_or(&[])
            } else {
                buf
            };
            if d.is_empty() || d[0] == b'0' {
                if from_00 && d.is_empty() {
                    continue;
                }
                return None;
            }
            if let Some(rest) = d.strip_prefix(b"31") {
                let rest = rest.strip_prefix(b"0").unwrap_or(rest);
                if rest.len() == 9 {
                    let mut national = [b'0'; 10];
                    national[1..].copy_from_slice(rest);
                    return is_dutch_personal(&national).then_some(m);
                }
                if rest.len() > 9 {
                    return best;
                }
            } else if d.len() > 15 {
                return best;
            } else if d.len() >= 9 {
                best = Some(m);
            }
        } else {
            if buf.len() > 13 {
                return best;
            }
            let foreign = k == 0 && is_foreign_without_plus(buf);
            if is_dutch_personal(buf) || is_foreign_national(buf) || foreign {
                best = Some(m);
            } else if buf.len() == 10 && is_service_number(buf) {
                return None;
            }
        }
    }
    best
}

pub(super) fn scan(s: &str, toks: &[Tok<'_>], nums: &Numbers, out: &mut Raw) {
    let b = s.as_bytes();
    let mut buf = Vec::with_capacity(24);
    for run in &nums.runs {
        let groups = nums.groups_of(run);
        // Fewer than seven digits is no phone number, BSN or account (times,
        // bus lines, counts): most runs stop here, before any context lookup.
        if groups.iter().map(|g| g.digits.len()).sum::<usize>() < 7 {
            continue;
        }
        let glued_cue = run
            .glued
            .as_ref()
            .and_then(|r| cue_of(&s[r.clone()].to_ascii_lowercase()));
        let cue = glued_cue.or_else(|| {
            if bsn_named_after(s, toks, run.end, false) {
                Some(Cue::Bsn)
            } else {
                cue_before(s, toks, run.start)
            }
        });
        // Named in the next clause: a valid BSN is one whatever came before
        // ("in dossier staat 240532351; dit is het bsn"), a near-miss is not.
        let bsn_named_later = bsn_named_after(s, toks, run.end, true);
        // Letters glued to nine digits ("client778631709", "NL444641488"):
        // only the 11-proef can make it a BSN, nothing else.
        let glued_word = run.glued.is_some() && glued_cue.is_none();
        let refused = matches!(cue, Some(Cue::NotPersonal | Cue::Bank))
            && !bsn_named_later
            && !in_file_name(s, run.end);
        if glued_word {
            let g = &groups[0];
            let d = nums.digits_of(g);
            if d.len() == 9 && valid_bsn_digits(d) && !refused && super::boundary_after(b, g.end) {
                out.push((FindingKind::Bsn, g.start, g.end));
            }
            continue;
        }
        // "bsn 0355388534", "BSN 00306855227": a BSN with zeros put before it
        // reads like a landline; after a BSN cue it is the BSN.
        nums.collect(groups, &mut buf);
        if cue == Some(Cue::Bsn) || bsn_named_later {
            // The whole run, or its first group when words joined it ("bsn
            // 0814358858, tien cijfers").
            let last = if padded_bsn(&buf) {
                Some(groups.len() - 1)
            } else {
                padded_bsn(nums.digits_of(&groups[0])).then_some(0)
            };
            if let Some(last) = last {
                out.push((FindingKind::Bsn, run.start, groups[last].end));
                continue;
            }
        }
        let link = after_whatsapp_link(s, run);
        let mut found_phone = false;
        let mut k = 0;
        while k < groups.len() {
            let intl = k == 0 && (run.plus || link.is_some());
            let first = nums.digits_of(&groups[k]);
            // After "bonnummer", "ordernr", "zaaknummer" a 0 starts no phone
            // number; a + or a wa.me link still does.
            let not_personal = cue == Some(Cue::NotPersonal) || cue == Some(Cue::Bank);
            let candidate = intl
                || (!not_personal
                    && (first.first() == Some(&b'0') || (k == 0 && !groups[k].spelled)));
            let matched = if candidate && (!groups[k].spelled || k + 1 < groups.len()) {
                phone_at(nums, groups, k, intl, &mut buf)
            } else {
                None
            };
            match matched {
                Some(m) if super::boundary_after(b, groups[m].end) => {
                    let start = if k == 0 {
                        link.unwrap_or(run.start)
                    } else {
                        groups[k].start
                    };
                    out.push((FindingKind::Phone, start, groups[m].end));
                    found_phone = true;
                    k = m + 1;
                }
                _ if is_date_groups(s, nums, groups, k) => k += 3,
                _ => k += 1,
            }
        }
        // BSN: nine digits passing the 11-proef in any grouping; an old
        // eight-digit sofinummer after a cue.
        let mut found_bsn = false;
        if !refused {
            for k in 0..groups.len() {
                buf.clear();
                for g in groups.iter().skip(k) {
                    buf.extend_from_slice(nums.digits_of(g));
                    if buf.len() > 9 {
                        break;
                    }
                    let end_ok = super::boundary_after(b, g.end);
                    let ok = (buf.len() == 9 && valid_bsn_digits(&buf))
                        || (buf.len() == 8 && cue == Some(Cue::Bsn) && {
                            let mut nine = [b'0'; 9];
                            nine[1..].copy_from_slice(&buf);
                            valid_bsn_digits(&nine)
                        });
                    if ok && end_ok && !groups[k].spelled {
                        found_bsn = true;
                        out.push((FindingKind::Bsn, groups[k].start, g.end));
                    }
                }
            }
        }
        // Near-misses after a cue: a number of the right size that is not a
        // valid phone number or BSN ("bel 06-1234567", "bsn 12345678").
        nums.collect(groups, &mut buf);
        let digit_count = buf.len();
        let dates = (0..groups.len()).any(|k| is_date_groups(s, nums, groups, k));
        let year_led = groups.len() > 1
            && groups[0].digits.len() == 4
            && matches!(
                nums.digits_of(&groups[0]),
                [b'1', b'9', ..] | [b'2', b'0', ..]
            );
        // A phone near-miss still looks like one: a leading 0 or +, or a
        // mobile number without its 0 ("6 1234 5678").
        let phone_like = run.plus
            || buf.first() == Some(&b'0')
            || (buf.first() == Some(&b'6') && buf.len() == 9);
        if !found_phone && !found_bsn && !dates && !year_led && !is_service_number(&buf) {
            let start = run.start;
            let end = groups[groups.len() - 1].end;
            match cue {
                Some(Cue::Phone) if phone_like && (8..=13).contains(&digit_count) => {
                    out.push((FindingKind::Phone, start, end))
                }
                // Not a placeholder: "bsn 000000000", "999999999".
                Some(Cue::Bsn)
                    if (8..=10).contains(&digit_count) && buf.iter().any(|&c| c != buf[0]) =>
                {
                    out.push((FindingKind::Bsn, start, end))
                }
                Some(Cue::Bank) if (7..=10).contains(&digit_count) => {
                    out.push((FindingKind::Iban, start, end))
                }
                _ => {}
            }
        }
    }
}

/// A run of 8 or more digits that nothing else explains gets a warning (it
/// may be a number that identifies someone in a way the guard does not know).
pub(super) fn scan_long(s: &str, toks: &[Tok<'_>], nums: &Numbers, out: &mut Raw) {
    let mut long = Vec::new();
    for run in &nums.runs {
        let groups = nums.groups_of(run);
        let mut count = 0;
        let mut k = 0;
        while k < groups.len() {
            if is_date_groups(s, nums, groups, k) {
                k += 3;
                continue;
            }
            if !groups[k].spelled {
                count += groups[k].digits.len();
            }
            k += 1;
        }
        if count < 8 {
            continue;
        }
        let first = nums.digits_of(&groups[0]);
        let year_led = groups.len() > 1
            && first.len() == 4
            && matches!(first, [b'1', b'9', ..] | [b'2', b'0', ..]);
        let mut digits = Vec::with_capacity(16);
        nums.collect(groups, &mut digits);
        if count < 8 || year_led || is_service_number(&digits) {
            continue;
        }
        let (start, end) = (run.start, run.end);
        let covered = out.iter().any(|&(_, s0, e0)| s0 < end && start < e0);
        let cue = run
            .glued
            .as_ref()
            .and_then(|r| cue_of(&s[r.clone()].to_ascii_lowercase()))
            .or_else(|| cue_before(s, toks, run.start));
        if !covered && cue != Some(Cue::NotPersonal) {
            let glued_word = run.glued.is_some() && cue.is_none();
            if !glued_word {
                long.push((FindingKind::LongNumber, start, end));
            }
        }
    }
    out.extend(long);
}

/// Whether the number at `end` is part of a file name ("ID_881914460_voorkant.jpg",
/// "scan-123456782.pdf"): scans of a pass are often named after the BSN, so
/// a valid one counts whatever word is glued before it.
fn in_file_name(s: &str, end: usize) -> bool {
    let rest = &s[end..];
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ')')
        .unwrap_or(rest.len());
    let tail = rest[..name_end].trim_end_matches(['.', ';', ':']);
    let Some((_, ext)) = tail.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "heic" | "gif" | "pdf" | "doc" | "docx" | "xls" | "xlsx" | "txt"
    ) && tail[..tail.len() - ext.len() - 1]
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Ten to twelve digits: zeros, then a valid nine-digit BSN.
fn padded_bsn(d: &[u8]) -> bool {
    (10..=12).contains(&d.len())
        && d[..d.len() - 9].iter().all(|&c| c == b'0')
        && valid_bsn_digits(&d[d.len() - 9..])
}

fn valid_bsn_digits(d: &[u8]) -> bool {
    if d.len() != 9 || d.iter().all(|&x| x == b'0') {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| i64::from(x - b'0') * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8] - b'0');
    sum % 11 == 0
}

/// The 11-proef of a 9-digit citizen service number.
pub fn is_valid_bsn(digits: &str) -> bool {
    digits.len() == 9
        && digits.bytes().all(|c| c.is_ascii_digit())
        && valid_bsn_digits(digits.as_bytes())
}
