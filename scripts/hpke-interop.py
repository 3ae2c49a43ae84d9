#!/usr/bin/env python3
"""Sealed observations against an independent HPKE implementation (PyPI pyhpke).

The app's sealing code (zicht_core::seal, via its example `seal_tool`) and the
reference endpoint's `keygen` on one side, pyhpke on the other, following
docs/referral-protocol.md, "Sealed observations":

1. Rust keygen + Rust seal -> pyhpke opens the exact observation JSON.
2. A changed ciphertext byte or another id (aad) -> pyhpke refuses.
3. pyhpke seals (its own key pair, key_id computed here) -> Rust opens it.
4. Rust refuses pyhpke's body with a changed id, and one sealed to another key.

Prints one line per check and a closing "N passed, N failed"; exits 1 on a failure.
Usage: python3 scripts/hpke-interop.py   (from the repository root; builds with cargo)
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import uuid

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pyhpke import AEADId, CipherSuite, KDFId, KEMId

SUITE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.CHACHA20_POLY1305)
INFO = b"zicht.observation/1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SEAL_TOOL = os.path.join(TARGET, "debug", "examples", "seal_tool")
ENDPOINT = os.path.join(TARGET, "debug", "zicht-endpoint")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    if "=" in text:
        raise ValueError("padding")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(raw_public_key):
    return hashlib.sha256(raw_public_key).digest()[:8].hex()


def observation(note):
    oid = str(uuid.uuid4())
    obs = {
        "id": oid,
        "schema": "zicht.observation/1",
        "observed_on": "2026-11-30",
        "day_part": "middag",
        "recorded_at": "2026-11-30T14:05:00Z",
        "signals": ["sig-nieuwe-spullen", "sig-veel-geld"],
        "content_version": "0123456789ab",
        "note": note,
    }
    # Compact, as the app's serde_json writes it; non-ASCII kept as UTF-8.
    return oid, json.dumps(obs, ensure_ascii=False, separators=(",", ":"))


def run(args, stdin_text):
    p = subprocess.run(args, input=stdin_text.encode("utf-8"), capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def pyhpke_open(private_raw, body):
    sk = SUITE.kem.deserialize_private_key(private_raw)
    ctx = SUITE.create_recipient_context(unb64url(body["enc"]), sk, info=INFO)
    return ctx.open(unb64url(body["ciphertext"]), aad=body["id"].encode("utf-8")).decode("utf-8")


def read_key_file(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                return unb64url(line)
    raise ValueError("no key line")


def main():
    build = subprocess.run(
        ["cargo", "build", "-q", "-p", "zicht-core", "--example", "seal_tool", "-p", "zicht-endpoint"],
        cwd=ROOT,
    )
    if build.returncode != 0:
        print("FAIL cargo build")
        print("0 passed, 1 failed")
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        # 1. Rust keygen and Rust seal; pyhpke opens.
        key_path = os.path.join(tmp, "receiver.key")
        rc, out, err = run([ENDPOINT, "keygen", "--out", key_path], "")
        check("zicht-endpoint keygen", rc == 0, err)
        # The summary lines ("public_key <b64>"), not the [seal] snippet below them.
        printed = dict(
            line.split(None, 1)
            for line in out.splitlines()
            if line.startswith(("public_key ", "key_id ")) and " = " not in line
        )
        public_raw = unb64url(printed.get("public_key", "").strip())
        check("keygen's key_id is SHA-256(public key)[:8] in lowercase hex",
              printed.get("key_id", "").strip() == key_id(public_raw), str(printed))
        check("key file is mode 0600", (os.stat(key_path).st_mode & 0o777) == 0o600,
              oct(os.stat(key_path).st_mode))
        private_raw = read_key_file(key_path)
        derived_pub = X25519PrivateKey.from_private_bytes(private_raw).public_key().public_bytes_raw()
        check("the key file's private key belongs to the printed public key", derived_pub == public_raw)

        oid, obs_json = observation("Jongen bij de bushalte, café ‘De Hoek’ – twee keer gezien")
        rc, sealed_text, err = run([SEAL_TOOL, "seal", b64url(public_raw), oid], obs_json)
        check("Rust seals", rc == 0, err)
        body = json.loads(sealed_text) if rc == 0 else {}
        check("sealed body has exactly the protocol's fields",
              sorted(body) == ["ciphertext", "enc", "id", "key_id", "recorded_at", "schema"], str(sorted(body)))
        check("schema, id, key_id, recorded_at as the protocol says",
              body.get("schema") == "zicht.sealed/1" and body.get("id") == oid
              and body.get("key_id") == key_id(public_raw) and body.get("recorded_at") == "2026-11-30T14:05:00Z",
              sealed_text[:200])
        check("enc is 32 bytes of base64url without padding",
              "=" not in body.get("enc", "=") and len(unb64url(body.get("enc", ""))) == 32)
        check("no plaintext field in the sealed body",
              all(s not in sealed_text for s in ["bushalte", "sig-nieuwe-spullen", "middag"]))
        try:
            opened = pyhpke_open(private_raw, body)
            check("pyhpke opens the exact observation JSON", opened == obs_json, opened[:200])
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            check("pyhpke opens the exact observation JSON", False, repr(e))

        # 2. Tampering is refused by pyhpke too.
        ct = bytearray(unb64url(body["ciphertext"]))
        ct[3] ^= 0x01
        for name, changed in [
            ("a changed ciphertext byte", dict(body, ciphertext=b64url(bytes(ct)))),
            ("another id (aad)", dict(body, id=str(uuid.uuid4()))),
        ]:
            try:
                pyhpke_open(private_raw, changed)
                check(f"pyhpke refuses {name}", False, "opened")
            except Exception:  # noqa: BLE001
                check(f"pyhpke refuses {name}", True)

        # 3. pyhpke seals to its own key pair; Rust opens.
        pair = SUITE.kem.derive_key_pair(os.urandom(32))
        py_private = pair.private_key.to_private_bytes()
        py_public = pair.public_key.to_public_bytes()
        py_key_path = os.path.join(tmp, "python.key")
        with open(py_key_path, "w", encoding="utf-8") as f:
            f.write(f"# Zicht receiver private key (made by pyhpke for the interop test)\n{b64url(py_private)}\n")
        oid2, obs_json2 = observation("Geld en een nieuwe telefoon, zegt ‘werk’ te hebben")
        enc, ctx = SUITE.create_sender_context(SUITE.kem.deserialize_public_key(py_public), info=INFO)
        ciphertext = ctx.seal(obs_json2.encode("utf-8"), aad=oid2.encode("utf-8"))
        py_body = {
            "id": oid2,
            "schema": "zicht.sealed/1",
            "key_id": key_id(py_public),
            "enc": b64url(enc),
            "ciphertext": b64url(ciphertext),
            "recorded_at": "2026-11-30T14:05:00Z",
        }
        rc, opened, err = run([SEAL_TOOL, "open", py_key_path], json.dumps(py_body))
        check("Rust opens what pyhpke sealed, exactly", rc == 0 and opened == obs_json2, err or opened[:200])

        # 4. Rust refuses a changed id and a body sealed to another key.
        rc, _, err = run([SEAL_TOOL, "open", py_key_path], json.dumps(dict(py_body, id=str(uuid.uuid4()))))
        check("Rust refuses pyhpke's body under another id", rc != 0 and "changed" in err, err)
        rc, _, err = run([SEAL_TOOL, "open", key_path], json.dumps(py_body))
        check("Rust names a body sealed to another key", rc != 0 and "another key" in err, err)

    passed = sum(1 for r in results if r)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
