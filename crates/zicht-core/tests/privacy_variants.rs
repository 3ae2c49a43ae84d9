//! Generated variants: the guard must find every shape of an identifier, not
//! the examples it was tuned on. Each property builds an identifier the way
//! people type it (every phone shape of the Dutch numbering plan and common
//! foreign mobile plans, every e-mail disguise, BSNs and IBANs in every
//! grouping, plates in every sidecode) and puts it inside random Dutch or
//! English text; the guard must report that kind, covering the identifier.

use proptest::prelude::*;
use proptest::sample::select;
use zicht_core::privacy::{scan, FindingKind};

const BEFORE: &[&str] = &[
    "",
    "Hij gaf ",
    "Volgens haar klasgenoot is het ",
    "Op het briefje stond: ",
    "Zijn moeder zei dat ",
    "He told me ",
    "The older boy gave her ",
    "Op snap werd gezegd: ",
    "Gisteravond bij de snackbar, ",
    "(zie ook ",
    "Vanochtend om 8 uur kreeg hij een bericht, ",
    "- ",
    "notitie:\n",
];
const AFTER: &[&str] = &[
    "",
    ".",
    " en daarna ging hij weg.",
    ", dat vond ik zorgelijk.",
    " (volgens hem).",
    " and then he left.",
    "!",
    "\nVerder niets bijzonders.",
    " – meer weet ik niet",
    ", zegt ze.",
];

/// `note` must hold a finding of `kind` that covers `needle`.
fn covers(note: &str, needle: &str, kind: FindingKind) -> Result<(), TestCaseError> {
    let at = note
        .find(needle)
        .ok_or_else(|| TestCaseError::fail("needle not in note"))?;
    let end = at + needle.len();
    let found = scan(note);
    let ok = found
        .iter()
        .any(|f| f.kind == kind && f.start <= at && end <= f.end);
    prop_assert!(
        ok,
        "{kind:?} {needle:?} not found in {note:?}; found {:?}",
        found
            .iter()
            .map(|f| (f.kind, f.excerpt.as_str()))
            .collect::<Vec<_>>()
    );
    Ok(())
}

/// Splits `digits` into groups of the given sizes (cycled), joined by `sep`.
fn grouped(digits: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    let mut k = 0;
    while i < digits.len() {
        let size = sizes[k % sizes.len()].max(1);
        let end = (i + size).min(digits.len());
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&digits[i..end]);
        i = end;
        k += 1;
    }
    out
}

fn digit_string(len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, len)
        .prop_map(|v| v.into_iter().map(|d| char::from(b'0' + d)).collect())
}

// ---------------------------------------------------------------------------
// Phone numbers

/// Area codes of the Dutch numbering plan (without the 0): two-digit regions,
/// three-digit regions, mobile (6), and nomadic/personal (84, 85, 87, 91).
const AREA_2: &[&str] = &[
    "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45", "46",
    "50", "53", "55", "58", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "84", "85",
    "87", "91",
];
const AREA_3: &[&str] = &[
    "111", "113", "114", "115", "117", "118", "161", "162", "164", "165", "166", "167", "168",
    "172", "174", "180", "181", "182", "183", "184", "186", "187", "222", "223", "224", "226",
    "227", "228", "229", "251", "252", "255", "294", "297", "299", "313", "314", "315", "316",
    "317", "318", "320", "321", "341", "342", "343", "344", "345", "346", "347", "348", "411",
    "412", "413", "416", "418", "475", "478", "481", "485", "486", "487", "488", "492", "493",
    "495", "497", "499", "511", "512", "513", "514", "515", "516", "517", "518", "519", "521",
    "522", "523", "524", "525", "527", "528", "529", "541", "543", "544", "545", "546", "547",
    "548", "561", "562", "566", "570", "571", "572", "573", "575", "591", "592", "593", "594",
    "595", "596", "597", "598", "599",
];
const SEPS: &[&str] = &[" ", "-", "–", ".", "/", " - ", "  ", "\n", " / ", ""];
const PREFIXES: &[&str] = &[
    "0", "+31 ", "+31", "0031 ", "+31 (0)", "0031-", "+31-", "(0",
];

/// A Dutch personal number: (area without 0, subscriber digits).
fn dutch_number() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (select(AREA_2), digit_string(7)).prop_map(|(a, d)| (a.to_string(), d)),
        (select(AREA_3), digit_string(6)).prop_map(|(a, d)| (a.to_string(), d)),
        (
            select(&["61", "62", "63", "64", "65", "68"][..]),
            digit_string(7)
        )
            .prop_map(|(a, d)| ("6".to_string(), format!("{}{d}", &a[1..]))),
    ]
}

fn spell(d: char, english: bool) -> &'static str {
    const NL: [&str; 10] = [
        "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
    ];
    const EN: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let i = d.to_digit(10).unwrap_or(0) as usize;
    if english {
        EN[i]
    } else {
        NL[i]
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn dutch_numbers_in_every_shape(
        (area, sub) in dutch_number(),
        prefix in select(PREFIXES),
        area_sep in select(SEPS),
        sep in select(SEPS),
        sizes in proptest::collection::vec(1usize..5, 1..4),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let head = if prefix == "(0" {
            format!("(0{area}){}", if area_sep.is_empty() { " " } else { area_sep })
        } else {
            format!("{prefix}{area}{area_sep}")
        };
        let number = format!("{head}{}", grouped(&sub, &sizes, sep));
        let note = format!("{before}{number}{after}");
        let needle = number.trim_start_matches('(').to_string();
        covers(&note, needle.trim(), FindingKind::Phone)?;
    }

    #[test]
    fn phone_numbers_partly_spelled_out_or_with_o_for_zero(
        (area, sub) in dutch_number(),
        spelled in 1usize..5,
        english in any::<bool>(),
        o_for_zero in any::<bool>(),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let digits = format!("0{area}{sub}");
        let number = if o_for_zero {
            // Every zero typed as the letter O.
            digits.replace('0', "O")
        } else {
            let (head, tail) = digits.split_at(spelled);
            let words: Vec<&str> = head.chars().map(|d| spell(d, english)).collect();
            format!("{} {tail}", words.join(" "))
        };
        let note = format!("{before}{number}{after}");
        covers(&note, &number, FindingKind::Phone)?;
    }

    #[test]
    fn foreign_mobile_numbers(
        plan in 0usize..12,
        d in digit_string(9),
        sep in select(&[" ", "-", "", "."][..]),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let number = match plan {
            0 => format!("+32 4{}{sep}{}{sep}{}{sep}{}", &d[..2], &d[2..4], &d[4..6], &d[6..8]),
            1 => format!("04{}{sep}{}{sep}{}{sep}{}", &d[..2], &d[2..4], &d[4..6], &d[6..8]),
            2 => format!("+49 15{}{sep}{}", &d[..2], &d[2..9]),
            3 => format!("017{}{sep}{}", &d[..1], &d[1..9]),
            4 => format!("016{}{sep}{}", &d[..1], &d[1..8]),
            5 => format!("+44 7{}{sep}{}", &d[..3], &d[3..9]),
            6 => format!("07{}{sep}{}", &d[..3], &d[3..9]),
            7 => format!("+33 6{sep}{}{sep}{}{sep}{}{sep}{}", &d[..2], &d[2..4], &d[4..6], &d[6..8]),
            8 => format!("+48 {}{sep}{}{sep}{}", &d[..3], &d[3..6], &d[6..9]),
            9 => format!("+212 6{}{sep}{}", &d[..2], &d[2..8]),
            10 => format!("+90 5{}{sep}{}{sep}{}", &d[..2], &d[2..5], &d[5..9]),
            _ => format!("0049 17{}{sep}{}", &d[..1], &d[1..8]),
        };
        let note = format!("{before}{number}{after}");
        covers(&note, &number, FindingKind::Phone)?;
    }

    #[test]
    fn whatsapp_links(d in digit_string(8), scheme in select(&["", "https://", "http://"][..])) {
        let link = format!("{scheme}wa.me/316{d}");
        let note = format!("Hij stuurde de link {link} door.");
        covers(&note, &link, FindingKind::Phone)?;
    }
}

// ---------------------------------------------------------------------------
// E-mail addresses

const LOCALS: &[&str] = &[
    "jan.jansen",
    "mo_2008",
    "x.d.a.n.x",
    "kingpin070",
    "fatima.b",
    "lil-daan",
    "s.el.amrani",
    "boss.money",
    "ayoub99",
];
const DOMAINS: &[&str] = &[
    "gmail",
    "hotmail",
    "outlook",
    "live",
    "ziggo",
    "icloud",
    "yahoo",
    "protonmail",
    "kpnmail",
    "student.roc-mondriaan",
    "quickcash",
];
const TLDS: &[&str] = &["nl", "com", "be"];
const AT_MARKERS: &[&str] = &[
    "@",
    " @ ",
    "[at]",
    " [at] ",
    "(at)",
    " (at) ",
    " at ",
    " AT ",
    " apenstaartje ",
    "{at}",
];
const DOT_MARKERS: &[&str] = &[
    ".", " punt ", "[dot]", " dot ", ",", "(punt)", " (dot) ", "[.]", " . ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn every_email_disguise(
        local in select(LOCALS),
        domain in select(DOMAINS),
        tld in select(TLDS),
        at in select(AT_MARKERS),
        dot in select(DOT_MARKERS),
        drop_tld in any::<bool>(),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let provider = !domain.contains('.') && domain != "quickcash";
        // Without a top-level domain only a known provider is an address.
        let address = if drop_tld && provider {
            format!("{local}{at}{domain}")
        } else {
            format!("{local}{at}{domain}{dot}{tld}")
        };
        let note = format!("{before}{address}{after}");
        covers(&note, address.trim(), FindingKind::Email)?;
    }
}

// ---------------------------------------------------------------------------
// BSN and IBAN

fn bsn() -> impl Strategy<Value = String> {
    digit_string(8).prop_filter_map("no check digit fits", |d| {
        let sum: i64 = d
            .bytes()
            .enumerate()
            .map(|(i, c)| i64::from(c - b'0') * (9 - i as i64))
            .sum();
        let check = sum % 11;
        (check < 10 && d.bytes().any(|c| c != b'0')).then(|| format!("{d}{check}"))
    })
}

fn nl_iban() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ", "RBRB",
            ][..],
        ),
        digit_string(10),
    )
        .prop_map(|(bank, account)| {
            let bban = format!("{bank}{account}");
            // Check digits: 98 - (BBAN + "NL00" as numbers) mod 97.
            // Written apart from the validator (ISO 7064 piece-wise: letters
            // as two digits, then mod 97 on the remainder and the next seven
            // digits), so a mistake in one is not repeated in the other.
            let digits: String = format!("{bban}NL00")
                .chars()
                .map(|c| c.to_digit(36).map_or_else(String::new, |v| v.to_string()))
                .collect();
            let rem = digits.as_bytes().chunks(7).fold(0u64, |rem, chunk| {
                let piece = format!("{rem}{}", std::str::from_utf8(chunk).unwrap_or("0"));
                piece.parse::<u64>().unwrap_or(0) % 97
            });
            format!("NL{:02}{bban}", 98 - rem)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn bsns_in_every_grouping(
        number in bsn(),
        sizes in proptest::collection::vec(1usize..10, 1..5),
        sep in select(&[" ", ".", "-", "  ", " - "][..]),
        glued in any::<bool>(),
        cue in select(&["", "BSN ", "bsn: ", "sofinummer ", "burgerservicenummer ", "het nummer "][..]),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let grouped = grouped(&number, &sizes, sep);
        let id = if glued { format!("BSN{number}") } else { format!("{cue}{grouped}") };
        let needle = if glued { number.clone() } else { grouped };
        let note = format!("{before}{id}{after}");
        covers(&note, &needle, FindingKind::Bsn)?;
    }

    #[test]
    fn sofinummers_of_eight_digits_after_a_cue(
        number in bsn().prop_filter("leading zero", |b| b.starts_with('0')),
        cue in select(&["sofinummer ", "sofi ", "BSN: ", "bsn "][..]),
    ) {
        let eight = &number[1..];
        let note = format!("Op de kopie stond {cue}{eight}.");
        covers(&note, eight, FindingKind::Bsn)?;
    }

    #[test]
    fn ibans_in_every_grouping(
        iban in nl_iban(),
        style in 0usize..6,
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let spaced = grouped(&iban, &[4], " ");
        let written = match style {
            0 => iban.clone(),
            1 => spaced,
            2 => format!("{} {}", &iban[..2], grouped(&iban[2..], &[4], " ")),
            3 => iban.to_lowercase(),
            4 => format!("{} {}", &iban[..4], &iban[4..]),
            _ => grouped(&iban, &[4], "-"),
        };
        let note = format!("{before}{written}{after}");
        covers(&note, &written, FindingKind::Iban)?;
    }
}

// ---------------------------------------------------------------------------
// Licence plates

const SIDECODES: &[&str] = &[
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD",
    "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
];

fn plate() -> impl Strategy<Value = String> {
    (
        select(SIDECODES),
        proptest::collection::vec(select(&b"BDFGHJKLNPRSTVXZ"[..]), 8),
        digit_string(8),
    )
        .prop_map(|(code, letters, digits)| {
            let (mut l, mut d) = (letters.into_iter(), digits.into_bytes().into_iter());
            code.bytes()
                .map(|c| match c {
                    b'L' => char::from(l.next().unwrap_or(b'X')),
                    b'D' => char::from(d.next().unwrap_or(b'1')),
                    _ => '-',
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn plates_in_every_sidecode(
        p in plate(),
        style in 0usize..5,
        cue in select(&["kenteken ", "een auto met ", "", "plate "][..]),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let written = match style {
            0 => p.clone(),
            1 => p.replace('-', "–"),
            2 => p.replace('-', " "),
            3 => p.to_lowercase(),
            _ => p.replace('-', ""),
        };
        // Undashed LL-DD-DD reads as a flight number ("KL1234") without a cue.
        let plain_old = style == 4 && p.len() == 8 && p.as_bytes()[0].is_ascii_alphabetic()
            && p.as_bytes()[3].is_ascii_digit() && p.as_bytes()[6].is_ascii_digit();
        // Undashed DD-DD-LL ("1234XX") is a postcode's shape; it blocks as one.
        let postcode_shape = style == 4 && p.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && p.as_bytes()[3..5].iter().all(u8::is_ascii_digit);
        prop_assume!(!postcode_shape);
        let cue = if plain_old { "kenteken " } else { cue };
        let note = format!("{before}{cue}{written}{after}");
        covers(&note, &written, FindingKind::LicencePlate)?;
    }
}

// ---------------------------------------------------------------------------
// And what must stay quiet

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn times_counts_and_service_numbers_do_not_block(
        hour in 0u32..24,
        minute in 0u32..60,
        count in 2u32..40,
        line in 1u32..60,
        service in select(&["0800-2000", "0900-8844", "0800-7000", "112", "0800 0432", "088 123 45 67", "14 070"][..]),
        (before, after) in (select(BEFORE), select(AFTER)),
    ) {
        let note = format!(
            "{before}om {hour:02}:{minute:02} met bus {line}, {count} jongens, groep 8, bel {service}{after}"
        );
        let blocking: Vec<_> = scan(&note).into_iter().filter(|f| f.blocks_sending).collect();
        prop_assert!(blocking.is_empty(), "{note:?}: {blocking:?}");
    }
}

#[test]
fn flight_numbers_are_not_plates() {
    for note in [
        "Hij vloog met vlucht KL1234 naar Casablanca.",
        "Flight HV 5131 landed late.",
        "Vlucht TB-1234 had vertraging.",
    ] {
        let plates: Vec<_> = scan(note)
            .into_iter()
            .filter(|f| f.kind == FindingKind::LicencePlate)
            .collect();
        assert!(plates.is_empty(), "{note}: {plates:?}");
    }
}
