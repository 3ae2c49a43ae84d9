//! Sealed observations: RFC 9180 test vectors for the protocol's suite (A.2.1, mode base,
//! KEM 0x0020, KDF 0x0001, AEAD 0x0003), the protocol's own rules (key_id, info, aad, body
//! fields) and the errors a receiver must tell apart.

use zicht_core::seal::{
    self, base64url_decode, base64url_encode, group_key_id, key_id, open, open_raw, parse_sealed,
    seal_raw, seal_with_ikm, KeyError, OpenError, PrivateKey, PublicKey, SealedBody, INFO,
    SEALED_SCHEMA, SUITE,
};

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn arr32(s: &str) -> [u8; 32] {
    hex(s).try_into().expect("32 bytes")
}

// RFC 9180, Appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base.
const INFO_V: &str = "4f6465206f6e2061204772656369616e2055726e";
const IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
const PK_EM: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const IKM_R: &str = "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df";
const PK_RM: &str = "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a";
const SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";
const ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
// A.2.1.1, sequence number 0 (the only one a single-shot seal uses).
const AAD_0: &str = "436f756e742d30";
const CT_0: &str =
    "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28";

#[test]
fn rfc9180_a21_derive_keypair_gives_the_vectors_keys() {
    let receiver = PrivateKey::derive(&hex(IKM_R));
    // The RFC prints skRm unclamped; SerializePrivateKey "MUST clamp its output" (§7.1.2).
    let mut clamped = arr32(SK_RM);
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    assert_eq!(receiver.to_bytes(), clamped);
    assert_eq!(receiver.public_key().as_bytes().to_vec(), hex(PK_RM));
    let from_sk = PrivateKey::from_bytes(&hex(SK_RM)).expect("skRm");
    assert_eq!(from_sk.public_key().as_bytes().to_vec(), hex(PK_RM));
    // The ephemeral key derived from ikmE is pkEm = enc.
    let ephemeral = PrivateKey::derive(&hex(IKM_E));
    assert_eq!(ephemeral.public_key().as_bytes().to_vec(), hex(PK_EM));
}

#[test]
fn rfc9180_a21_seal_gives_the_vectors_enc_and_ciphertext() {
    let pk = PublicKey::from_bytes(arr32(PK_RM));
    let (enc, ct) =
        seal_raw(&pk, &hex(INFO_V), &hex(PT), &hex(AAD_0), &arr32(IKM_E)).expect("seal");
    assert_eq!(enc.to_vec(), hex(ENC));
    assert_eq!(ct, hex(CT_0));
}

#[test]
fn rfc9180_a21_open_gives_the_vectors_plaintext() {
    let sk = PrivateKey::from_bytes(&hex(SK_RM)).expect("skRm");
    let pt = open_raw(&sk, &hex(ENC), &hex(INFO_V), &hex(CT_0), &hex(AAD_0)).expect("open");
    assert_eq!(pt, hex(PT));
}

#[test]
fn rfc9180_a21_open_refuses_a_changed_byte_anywhere() {
    let sk = PrivateKey::from_bytes(&hex(SK_RM)).expect("skRm");
    let ct = hex(CT_0);
    for i in 0..ct.len() {
        let mut bad = ct.clone();
        bad[i] ^= 0x01;
        assert_eq!(
            open_raw(&sk, &hex(ENC), &hex(INFO_V), &bad, &hex(AAD_0)),
            Err(OpenError::Tampered),
            "byte {i}"
        );
    }
    // Other aad, other info, other enc: all refused.
    assert!(open_raw(&sk, &hex(ENC), &hex(INFO_V), &ct, b"Count-1").is_err());
    assert!(open_raw(&sk, &hex(ENC), b"zicht.observation/1", &ct, &hex(AAD_0)).is_err());
    let mut enc = hex(ENC);
    enc[0] ^= 0x80;
    assert!(open_raw(&sk, &enc, &hex(INFO_V), &ct, &hex(AAD_0)).is_err());
}

#[test]
fn key_id_is_lowercase_hex_of_the_first_8_bytes_of_sha256() {
    // FIPS 180-2 / NIST example values of SHA-256.
    // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
    assert_eq!(key_id(b""), "e3b0c44298fc1c14");
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assert_eq!(key_id(b"abc"), "ba7816bf8f01cfea");
    let pk = PublicKey::from_bytes(arr32(PK_RM));
    let id = pk.key_id();
    assert_eq!(id.len(), 16);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    assert_eq!(id, key_id(&hex(PK_RM)));
}

#[test]
fn key_id_groups_for_reading_aloud() {
    assert_eq!(group_key_id("3f9a0c1d2e4b5a69"), "3f9a 0c1d 2e4b 5a69");
    assert_eq!(group_key_id(""), "");
}

#[test]
fn base64url_without_padding_follows_rfc4648() {
    // RFC 4648 §10 vectors, padding removed (the alphabet is the same for these).
    let cases: [(&[u8], &str); 7] = [
        (b"", ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
    ];
    for (raw, text) in cases {
        assert_eq!(base64url_encode(raw), text);
        assert_eq!(base64url_decode(text).as_deref(), Some(raw));
    }
    // The URL-safe alphabet: 0xfb 0xff → "-_8" (standard base64 would be "+/8=").
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("-_8"), Some(vec![0xfb, 0xff]));
    // Refused: padding, standard alphabet, impossible length, non-zero trailing bits.
    assert_eq!(base64url_decode("Zg=="), None);
    assert_eq!(base64url_decode("+/8"), None);
    assert_eq!(base64url_decode("Zm9vY"), None);
    assert_eq!(base64url_decode("Zh"), None);
    for len in 0..70usize {
        let raw: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        assert_eq!(base64url_decode(&base64url_encode(&raw)), Some(raw));
    }
}

#[test]
fn public_key_parsing_checks_length_and_announced_key_id() {
    let pk = PublicKey::from_bytes(arr32(PK_RM));
    let text = pk.to_base64url();
    assert_eq!(text.len(), 43);
    assert_eq!(PublicKey::from_base64url(&text), Ok(pk));
    assert_eq!(PublicKey::announced(&text, &pk.key_id()), Ok(pk));
    assert_eq!(
        PublicKey::announced(&text, "0000000000000000"),
        Err(KeyError::KeyIdMismatch)
    );
    assert_eq!(
        PublicKey::from_base64url(&base64url_encode(&[1u8; 31])),
        Err(KeyError::WrongLength(31))
    );
    assert_eq!(
        PublicKey::from_base64url("not base64!"),
        Err(KeyError::NotBase64url)
    );
    assert_eq!(SUITE, "X25519-HKDF-SHA256/HKDF-SHA256/ChaCha20Poly1305");
}

const OBS_ID: &str = "0b8f3c1e-2a4d-4e6f-8a1b-3c5d7e9f1a2b";

fn observation_json() -> String {
    format!(
        r#"{{"id":"{OBS_ID}","schema":"zicht.observation/1","observed_on":"2026-11-30","recorded_at":"2026-11-30T14:05:00Z","signals":["sig-a","sig-b"],"content_version":"abc","note":"Jongen bij de bushalte, twee keer gezien"}}"#
    )
}

#[test]
fn sealed_body_has_the_protocols_fields_and_opens_to_the_exact_json() {
    let receiver = PrivateKey::derive(&[7u8; 32]);
    let pk = receiver.public_key();
    let json = observation_json();
    let body = seal::seal(&pk, &json, OBS_ID).expect("seal");
    assert_eq!(body.id, OBS_ID);
    assert_eq!(body.schema, SEALED_SCHEMA);
    assert_eq!(body.schema, "zicht.sealed/1");
    assert_eq!(body.key_id, pk.key_id());
    assert_eq!(body.recorded_at, "2026-11-30T14:05:00Z");
    assert_eq!(base64url_decode(&body.enc).map(|e| e.len()), Some(32));
    assert_eq!(
        base64url_decode(&body.ciphertext).map(|c| c.len()),
        Some(json.len() + 16)
    );
    // The wire form: exactly these six fields, and it parses back.
    let wire = serde_json::to_value(&body).expect("json");
    let mut keys: Vec<&str> = wire
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["ciphertext", "enc", "id", "key_id", "recorded_at", "schema"]
    );
    let text = serde_json::to_string(&body).expect("json");
    assert!(!text.contains("sig-a") && !text.contains("bushalte"));
    assert_eq!(parse_sealed(&text), Some(body.clone()));
    assert_eq!(open(&receiver, &body), Ok(json.clone()));
    // info and aad are as the protocol says: open_raw with them by hand works too.
    let plain = open_raw(
        &receiver,
        &base64url_decode(&body.enc).expect("enc"),
        INFO,
        &base64url_decode(&body.ciphertext).expect("ct"),
        OBS_ID.as_bytes(),
    )
    .expect("open_raw");
    assert_eq!(plain, json.as_bytes());
    assert_eq!(INFO, b"zicht.observation/1");
}

#[test]
fn every_seal_uses_a_fresh_ephemeral_key() {
    let receiver = PrivateKey::derive(&[9u8; 32]);
    let json = observation_json();
    let a = seal::seal(&receiver.public_key(), &json, OBS_ID).expect("seal");
    let b = seal::seal(&receiver.public_key(), &json, OBS_ID).expect("seal");
    assert_ne!(a.enc, b.enc);
    assert_ne!(a.ciphertext, b.ciphertext);
    assert_eq!(open(&receiver, &a), open(&receiver, &b));
}

#[test]
fn open_tells_unknown_key_from_tampered() {
    let receiver = PrivateKey::derive(&[1u8; 32]);
    let other = PrivateKey::derive(&[2u8; 32]);
    let json = observation_json();
    let body = seal_with_ikm(&receiver.public_key(), &json, OBS_ID, &[3u8; 32]).expect("seal");

    assert_eq!(
        open(&other, &body),
        Err(OpenError::UnknownKey {
            key_id: receiver.public_key().key_id()
        })
    );

    // Another id (aad): the ciphertext no longer authenticates.
    let moved = SealedBody {
        id: "11111111-2222-4333-8444-555555555555".into(),
        ..body.clone()
    };
    assert_eq!(open(&receiver, &moved), Err(OpenError::Tampered));

    // One changed ciphertext byte.
    let mut ct = base64url_decode(&body.ciphertext).expect("ct");
    ct[5] ^= 0x20;
    let flipped = SealedBody {
        ciphertext: base64url_encode(&ct),
        ..body.clone()
    };
    assert_eq!(open(&receiver, &flipped), Err(OpenError::Tampered));

    // Another enc.
    let other_enc = SealedBody {
        enc: other.public_key().to_base64url(),
        ..body.clone()
    };
    assert_eq!(open(&receiver, &other_enc), Err(OpenError::Tampered));

    // A key_id relabelled to the receiver's, sealed to another key: still refused.
    let foreign = seal_with_ikm(&other.public_key(), &json, OBS_ID, &[4u8; 32]).expect("seal");
    let relabelled = SealedBody {
        key_id: receiver.public_key().key_id(),
        ..foreign
    };
    assert_eq!(open(&receiver, &relabelled), Err(OpenError::Tampered));

    // Malformed fields are named as such.
    let bad_b64 = SealedBody {
        enc: "***".into(),
        ..body.clone()
    };
    assert!(matches!(
        open(&receiver, &bad_b64),
        Err(OpenError::Malformed(_))
    ));
    let short_enc = SealedBody {
        enc: base64url_encode(&[0u8; 31]),
        ..body.clone()
    };
    assert!(matches!(
        open(&receiver, &short_enc),
        Err(OpenError::Malformed(_))
    ));
    let plain_schema = SealedBody {
        schema: "zicht.observation/1".into(),
        ..body
    };
    assert!(matches!(
        open(&receiver, &plain_schema),
        Err(OpenError::Malformed(_))
    ));
}

#[test]
fn seal_refuses_json_without_recorded_at() {
    let pk = PrivateKey::derive(&[5u8; 32]).public_key();
    assert_eq!(
        seal::seal(&pk, r#"{"id":"x"}"#, "x"),
        Err(seal::SealError::NotAnObservation)
    );
    assert_eq!(
        seal::seal(&pk, "not json", "x"),
        Err(seal::SealError::NotAnObservation)
    );
}

#[test]
fn key_file_round_trips_and_never_shows_the_private_key_in_debug() {
    let sk = PrivateKey::generate().expect("randomness");
    let file = sk.to_key_file();
    assert!(file.starts_with('#'));
    assert!(file.contains(&sk.public_key().key_id()));
    let back = PrivateKey::from_key_file(&file).expect("parse");
    assert_eq!(back.to_bytes(), sk.to_bytes());
    assert_eq!(
        PrivateKey::from_key_file("# only a comment\n\n").err(),
        Some(KeyError::EmptyKeyFile)
    );
    assert!(PrivateKey::from_key_file("abc\n").is_err());
    let debug = format!("{sk:?}");
    assert!(!debug.contains(&base64url_encode(&sk.to_bytes())));
    assert!(debug.contains(&sk.public_key().key_id()));
    // Two generated keys differ.
    let other = PrivateKey::generate().expect("randomness");
    assert_ne!(other.to_bytes(), sk.to_bytes());
}
