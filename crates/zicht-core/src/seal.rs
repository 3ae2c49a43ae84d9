//! Sealed observations (`docs/referral-protocol.md`, "Sealed observations").
//!
//! An observation is sealed on the device to the receiving organisation's public key, so
//! the endpoint that stores it (its hosting, its backups) holds only ciphertext. The
//! protocol names exactly one suite: RFC 9180 HPKE, mode base, `DHKEM(X25519,
//! HKDF-SHA256)` / `HKDF-SHA256` / `ChaCha20Poly1305`, single-shot, with
//! `info = "zicht.observation/1"` and `aad = <the observation's id>`.
//!
//! Only this suite is compiled (the `hpke` crate without its other KEMs and AEADs), so the
//! sending chunk of the app stays small. Randomness comes from `getrandom` (the browser's
//! `crypto.getRandomValues` on wasm); a failure to get it is an error, never a panic.

use hpke::{
    aead::ChaCha20Poly1305, kdf::HkdfSha256, kem::X25519HkdfSha256, Deserializable, Kem as _,
    OpModeR, OpModeS, Serializable,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

type Kem = X25519HkdfSha256;
type Kdf = HkdfSha256;
type Aead = ChaCha20Poly1305;

/// The suite name the endpoint announces in `GET /v1/health` → `seal.suite`.
pub const SUITE: &str = "X25519-HKDF-SHA256/HKDF-SHA256/ChaCha20Poly1305";
/// HPKE `info`: the UTF-8 bytes of the plaintext observation schema.
pub const INFO: &[u8] = b"zicht.observation/1";
/// `schema` of a sealed body.
pub const SEALED_SCHEMA: &str = "zicht.sealed/1";
/// `schema` of a plaintext observation (what a sealed body holds inside).
pub const PLAIN_SCHEMA: &str = "zicht.observation/1";
/// Length of a raw X25519 public key, private key and `enc`.
pub const KEY_LEN: usize = 32;
/// ChaCha20-Poly1305 tag length: a ciphertext is never shorter.
pub const TAG_LEN: usize = 16;

/// The receiving organisation's public key (32 raw X25519 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; KEY_LEN]);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

/// Why a public key (from health, `config.json` or the endpoint's config) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// Not base64url without padding.
    NotBase64url,
    /// Decoded, but not 32 bytes.
    WrongLength(usize),
    /// The announced `key_id` is not the one computed from the key.
    KeyIdMismatch,
    /// The announced `suite` is not the one this protocol version names.
    UnknownSuite,
    /// A key file without a key line.
    EmptyKeyFile,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::NotBase64url => write!(f, "not base64url without padding"),
            KeyError::WrongLength(n) => write!(f, "{n} bytes instead of {KEY_LEN}"),
            KeyError::KeyIdMismatch => write!(f, "key_id does not match the public key"),
            KeyError::UnknownSuite => write!(f, "unknown suite (expected {SUITE})"),
            KeyError::EmptyKeyFile => write!(f, "no key in the key file"),
        }
    }
}

impl std::error::Error for KeyError {}

impl PublicKey {
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        PublicKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Parses base64url without padding (as in health and `config.json`).
    pub fn from_base64url(text: &str) -> Result<Self, KeyError> {
        Ok(PublicKey(decode_key(text.trim())?))
    }

    /// Parses a key together with the `key_id` announced for it, and checks the id: a
    /// mismatch means a garbled or tampered announcement, so it is refused.
    pub fn announced(public_key: &str, key_id: &str) -> Result<Self, KeyError> {
        let key = Self::from_base64url(public_key)?;
        if key.key_id() != key_id.trim() {
            return Err(KeyError::KeyIdMismatch);
        }
        Ok(key)
    }

    pub fn to_base64url(&self) -> String {
        base64url_encode(&self.0)
    }

    /// `key_id`: lowercase hex of the first 8 bytes of SHA-256 over the 32 raw bytes.
    pub fn key_id(&self) -> String {
        key_id(&self.0)
    }
}

/// `key_id` of raw public-key bytes: lowercase hex of the first 8 bytes of their SHA-256.
pub fn key_id(raw_public_key: &[u8]) -> String {
    let digest = Sha256::digest(raw_public_key);
    hex_lower(&digest[..8])
}

/// A `key_id` grouped for reading aloud over the phone: `3f9a 0c1d 2e4b 5a69`.
pub fn group_key_id(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The receiving organisation's private key. Never on the endpoint, never in the app's
/// sending code; only the receiver's tools (`zicht-endpoint export --key`, the reading
/// view) load one.
#[derive(Clone)]
pub struct PrivateKey([u8; KEY_LEN]);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key itself, only which one it is.
        write!(f, "PrivateKey(for {})", self.public_key().key_id())
    }
}

/// First line of a key file, so a person who finds one knows what it is.
const KEY_FILE_HEADER: &str = "# Zicht receiver private key";

impl PrivateKey {
    /// A new random key pair (RFC 9180 `DeriveKeyPair` over 32 random bytes).
    pub fn generate() -> Result<Self, RandomError> {
        let mut ikm = [0u8; KEY_LEN];
        getrandom::fill(&mut ikm).map_err(|_| RandomError)?;
        let key = Self::derive(&ikm);
        ikm.fill(0);
        Ok(key)
    }

    /// RFC 9180 `DeriveKeyPair(ikm)` for this KEM (used by the test vectors).
    pub fn derive(ikm: &[u8]) -> Self {
        let (sk, _) = Kem::derive_keypair(ikm);
        PrivateKey(sk.to_bytes().into())
    }

    /// A serialized X25519 private key (`skRm` in RFC 9180's vectors). Clamped as the RFC
    /// requires, so `to_bytes` may differ from unclamped input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let sk = <Kem as hpke::Kem>::PrivateKey::from_bytes(bytes)
            .map_err(|_| KeyError::WrongLength(bytes.len()))?;
        Ok(PrivateKey(sk.to_bytes().into()))
    }

    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.0
    }

    pub fn public_key(&self) -> PublicKey {
        match self.hpke_key() {
            Ok(sk) => PublicKey(Kem::sk_to_pk(&sk).to_bytes().into()),
            // Unreachable: self.0 is always 32 bytes; an all-zero key is never a receiver's.
            Err(_) => PublicKey([0; KEY_LEN]),
        }
    }

    fn hpke_key(&self) -> Result<<Kem as hpke::Kem>::PrivateKey, hpke::HpkeError> {
        <Kem as hpke::Kem>::PrivateKey::from_bytes(&self.0)
    }

    /// The key file `zicht-endpoint keygen` writes: a comment line naming the suite and
    /// `key_id`, then the private key in base64url without padding.
    pub fn to_key_file(&self) -> String {
        format!(
            "{KEY_FILE_HEADER} ({SUITE}), key_id {}. Keep it secret; never put it on the endpoint.\n{}\n",
            self.public_key().key_id(),
            base64url_encode(&self.0)
        )
    }

    /// Reads a key file: `#` lines and blank lines are skipped, the first other line is the
    /// key in base64url without padding.
    pub fn from_key_file(text: &str) -> Result<Self, KeyError> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or(KeyError::EmptyKeyFile)?;
        let bytes = decode_key(line)?;
        Self::from_bytes(&bytes)
    }
}

/// `getrandom` failed: no secure randomness, so nothing is sealed (and nothing is sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomError;

impl std::fmt::Display for RandomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no secure randomness available")
    }
}

impl std::error::Error for RandomError {}

/// The body `POST /v1/observations` carries when the endpoint announces a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBody {
    /// The observation's id (also the `Idempotency-Key` and the HPKE `aad`).
    pub id: String,
    /// Always [`SEALED_SCHEMA`].
    pub schema: String,
    /// Which key it is sealed to.
    pub key_id: String,
    /// HPKE encapsulated key, base64url without padding (32 bytes).
    pub enc: String,
    /// HPKE ciphertext (observation JSON + 16-byte tag), base64url without padding.
    pub ciphertext: String,
    /// RFC 3339 UTC, copied from the observation so the endpoint can order without reading.
    pub recorded_at: String,
}

/// Why an observation could not be sealed. Nothing is sent then; the observation stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealError {
    /// No secure randomness for the ephemeral key.
    Random,
    /// The observation JSON is not an object with a `recorded_at` string.
    NotAnObservation,
    /// HPKE refused (for example a public key of low order).
    Hpke,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealError::Random => write!(f, "no secure randomness available"),
            SealError::NotAnObservation => write!(f, "not an observation with recorded_at"),
            SealError::Hpke => write!(f, "the public key cannot be sealed to"),
        }
    }
}

impl std::error::Error for SealError {}

/// Why a sealed body could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// Sealed to another key than this private key's (`key_id` differs).
    UnknownKey { key_id: String },
    /// The key matches but the ciphertext, `enc` or `id` was changed (authentication failed).
    Tampered,
    /// Not a sealed body of this schema, or a field is not base64url of the right size.
    Malformed(&'static str),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::UnknownKey { key_id } => write!(f, "sealed to another key ({key_id})"),
            OpenError::Tampered => {
                write!(f, "ciphertext or id was changed (authentication failed)")
            }
            OpenError::Malformed(what) => write!(f, "malformed sealed body: {what}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// Seals one observation (its JSON exactly as it would be sent unsealed) to `public_key`.
/// `recorded_at` is copied from the JSON into the sealed body.
pub fn seal(
    public_key: &PublicKey,
    observation_json: &str,
    id: &str,
) -> Result<SealedBody, SealError> {
    let mut ikm = [0u8; KEY_LEN];
    getrandom::fill(&mut ikm).map_err(|_| SealError::Random)?;
    let sealed = seal_with_ikm(public_key, observation_json, id, &ikm);
    ikm.fill(0);
    sealed
}

/// [`seal`] with the ephemeral key derived from `ikm_e` (RFC 9180 `DeriveKeyPair`), so the
/// RFC's test vectors can check the sealing side byte for byte. Never call it with anything
/// but fresh random bytes outside tests: reusing `ikm_e` reuses the ephemeral key.
pub fn seal_with_ikm(
    public_key: &PublicKey,
    observation_json: &str,
    id: &str,
    ikm_e: &[u8; KEY_LEN],
) -> Result<SealedBody, SealError> {
    let recorded_at = recorded_at_of(observation_json).ok_or(SealError::NotAnObservation)?;
    let (enc, ciphertext) = seal_raw(
        public_key,
        INFO,
        observation_json.as_bytes(),
        id.as_bytes(),
        ikm_e,
    )?;
    Ok(SealedBody {
        id: id.to_string(),
        schema: SEALED_SCHEMA.to_string(),
        key_id: public_key.key_id(),
        enc: base64url_encode(&enc),
        ciphertext: base64url_encode(&ciphertext),
        recorded_at,
    })
}

fn recorded_at_of(observation_json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Head {
        recorded_at: String,
    }
    serde_json::from_str::<Head>(observation_json)
        .ok()
        .map(|h| h.recorded_at)
}

/// HPKE single-shot seal, mode base, this suite: returns `(enc, ciphertext)`.
pub fn seal_raw(
    public_key: &PublicKey,
    info: &[u8],
    plaintext: &[u8],
    aad: &[u8],
    ikm_e: &[u8; KEY_LEN],
) -> Result<([u8; KEY_LEN], Vec<u8>), SealError> {
    let pk =
        <Kem as hpke::Kem>::PublicKey::from_bytes(&public_key.0).map_err(|_| SealError::Hpke)?;
    let mut rng = OneShotIkm {
        ikm: Some(*ikm_e),
        overdrawn: false,
    };
    let (enc, ct) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &pk,
        info,
        plaintext,
        aad,
        &mut rng,
    )
    .map_err(|_| SealError::Hpke)?;
    if rng.overdrawn {
        return Err(SealError::Hpke);
    }
    Ok((enc.to_bytes().into(), ct))
}

/// HPKE single-shot open, mode base, this suite.
pub fn open_raw(
    private_key: &PrivateKey,
    enc: &[u8],
    info: &[u8],
    ciphertext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, OpenError> {
    let sk = private_key
        .hpke_key()
        .map_err(|_| OpenError::Malformed("private key"))?;
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(enc)
        .map_err(|_| OpenError::Malformed("enc"))?;
    hpke::single_shot_open::<Aead, Kdf, Kem>(&OpModeR::Base, &sk, &enc, info, ciphertext, aad)
        .map_err(|_| OpenError::Tampered)
}

/// Opens a sealed body with the receiving organisation's private key and returns the
/// observation JSON exactly as the device would have sent it unsealed.
pub fn open(private_key: &PrivateKey, body: &SealedBody) -> Result<String, OpenError> {
    if body.schema != SEALED_SCHEMA {
        return Err(OpenError::Malformed("schema is not zicht.sealed/1"));
    }
    let ours = private_key.public_key().key_id();
    if body.key_id != ours {
        return Err(OpenError::UnknownKey {
            key_id: body.key_id.clone(),
        });
    }
    let enc = base64url_decode(&body.enc).ok_or(OpenError::Malformed("enc is not base64url"))?;
    if enc.len() != KEY_LEN {
        return Err(OpenError::Malformed("enc is not 32 bytes"));
    }
    let ciphertext = base64url_decode(&body.ciphertext)
        .ok_or(OpenError::Malformed("ciphertext is not base64url"))?;
    if ciphertext.len() < TAG_LEN {
        return Err(OpenError::Malformed("ciphertext shorter than its tag"));
    }
    let plain = open_raw(private_key, &enc, INFO, &ciphertext, body.id.as_bytes())?;
    String::from_utf8(plain).map_err(|_| OpenError::Malformed("plaintext is not UTF-8"))
}

/// Parses a JSON body as a sealed body, if it is one (`schema` = `zicht.sealed/1`).
pub fn parse_sealed(json: &str) -> Option<SealedBody> {
    serde_json::from_str::<SealedBody>(json)
        .ok()
        .filter(|b| b.schema == SEALED_SCHEMA)
}

/// A "random" source that yields one given 32-byte `ikm`: HPKE's base-mode encapsulation
/// draws exactly one private key's worth of randomness. Should it ever ask for more, it
/// gets zeros and the result is thrown away (`overdrawn`), so no ciphertext is ever made
/// from anything but the given fresh bytes.
struct OneShotIkm {
    ikm: Option<[u8; KEY_LEN]>,
    overdrawn: bool,
}

impl hpke::rand_core::TryRng for OneShotIkm {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        match self.ikm.take() {
            Some(ikm) if dst.len() == KEY_LEN => dst.copy_from_slice(&ikm),
            _ => {
                dst.fill(0);
                self.overdrawn = true;
            }
        }
        Ok(())
    }
}

impl hpke::rand_core::TryCryptoRng for OneShotIkm {}

fn decode_key(text: &str) -> Result<[u8; KEY_LEN], KeyError> {
    let bytes = base64url_decode(text).ok_or(KeyError::NotBase64url)?;
    <[u8; KEY_LEN]>::try_from(bytes.as_slice()).map_err(|_| KeyError::WrongLength(bytes.len()))
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url (RFC 4648 §5) without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(B64URL[idx as usize]));
        }
    }
    out
}

/// Decodes base64url without padding; `None` for padding, other alphabets, a length that
/// no encoding produces, or non-zero trailing bits (so every value has one encoding).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let input = text.as_bytes();
    if input.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    for chunk in input.chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            n |= u32::from(v) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let len = chunk.len() - 1;
        // Bits beyond the last whole byte must be zero.
        let unused = match len {
            1 => n & 0xffff,
            2 => n & 0xff,
            _ => 0,
        };
        if unused != 0 {
            return None;
        }
        out.extend_from_slice(&bytes[..len]);
    }
    Some(out)
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}
