//! The endpoint runs the app's privacy guard on the note: a payload whose
//! free text holds a phone number, e-mail address, BSN, IBAN, postcode, plate,
//! address, date of birth or handle is refused with 422 and a Dutch message,
//! and nothing is stored.
mod common;
use common::*;
use zicht_endpoint::Config;

#[test]
fn a_note_with_an_identifier_is_refused_with_422_in_dutch() {
    let srv = TestServer::start(Config::default_checked());
    let notes = [
        "Hij gaf zijn nummer 06-12345678.",
        "Mail jan.jansen [at] gmail punt com.",
        "BSN 111 222 333 stond op een kopie.",
        "Geld naar NL91 ABNA 0417 1643 00.",
        "Woont in 2525 AB.",
        "Auto met kenteken XK-12-DB.",
        "Op de Hoefkade 12 gezien.",
        "Geboren op 12-03-2010.",
        "Snap: lil.daan09",
    ];
    for (n, note) in notes.iter().enumerate() {
        let id = uuid(100 + n as u64);
        let mut obs = observation(&id);
        obs["note"] = serde_json::json!(note);
        let r = post_json(srv.addr, &id, &obs.to_string(), &[]).expect("post");
        assert_eq!(r.status, 422, "{note}: {:?}", r.json());
        assert_eq!(r.json()["field"], "note", "{note}");
        let error = r.json()["error"].as_str().unwrap_or("").to_string();
        assert!(
            error.contains("herkenbaar") && error.contains("anoniem"),
            "{error}"
        );
    }
    assert_eq!(srv.rows(), 0, "nothing with an identifier is stored");

    // A note with nothing identifying, or only a suspected name the user
    // confirmed in the app, is stored.
    for (n, note) in [
        "Twee jongens bij de snackbar om 23:00.",
        "Youssef zat achterop.",
    ]
    .iter()
    .enumerate()
    {
        let id = uuid(200 + n as u64);
        let mut obs = observation(&id);
        obs["note"] = serde_json::json!(note);
        let r = post_json(srv.addr, &id, &obs.to_string(), &[]).expect("post");
        assert_eq!(r.status, 201, "{note}: {:?}", r.json());
    }
    assert_eq!(srv.rows(), 2);
}
