//! The app's sealing code on the command line, for the interoperability check
//! against an independent HPKE implementation (`scripts/hpke-interop.py`):
//!
//! ```text
//! seal_tool seal <public_key base64url> <id>   < observation.json  > sealed.json
//! seal_tool open <key file>                    < sealed.json       > observation.json
//! ```
use std::io::{Read, Write};
use std::process::ExitCode;

use zicht_core::seal::{self, PrivateKey, PublicKey, SealedBody};

fn run(args: &[String]) -> Result<String, String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    match args {
        [cmd, public_key, id] if cmd == "seal" => {
            let key = PublicKey::from_base64url(public_key).map_err(|e| e.to_string())?;
            let body = seal::seal(&key, &input, id).map_err(|e| e.to_string())?;
            serde_json::to_string(&body).map_err(|e| e.to_string())
        }
        [cmd, key_file] if cmd == "open" => {
            let text = std::fs::read_to_string(key_file)
                .map_err(|e| format!("cannot read {key_file}: {e}"))?;
            let key = PrivateKey::from_key_file(&text).map_err(|e| e.to_string())?;
            let body: SealedBody =
                serde_json::from_str(&input).map_err(|e| format!("not a sealed body: {e}"))?;
            seal::open(&key, &body).map_err(|e| e.to_string())
        }
        _ => Err("usage: seal_tool seal <public_key> <id> | seal_tool open <key file>".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seal_tool: {e}");
            ExitCode::FAILURE
        }
    }
}
