#!/usr/bin/env python3
"""A second referral endpoint, written only from docs/referral-protocol.md
(plaintext profile), with no code shared with crates/zicht-endpoint: the
browser tests check the app against both, so the app follows the protocol
page and not one server's habits. Python standard library only.

    python3 tests/e2e/mini-endpoint.py --origin http://127.0.0.1:8080 \
        --token SECRET [--no-expose-retry-after] [--max-body 65536]

Prints "listening on http://127.0.0.1:PORT" on stderr. Besides the protocol
it has test-only routes (never part of the protocol):
  POST /_script  {"answers": [{"status": 429, "retry_after": "20",
                  "delay_ms": 0, "store": false}, ...]}  forced answers for the
                  next POSTs to /v1/observations, in order
  GET  /_rows    the stored observations, in arrival order
  GET  /_log     every request: method, path, status, started and ended (ms)
"""

import argparse
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REQUIRED = ("id", "schema", "observed_on", "recorded_at", "signals", "content_version")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.rows = []  # arrival order
        self.by_id = {}  # id -> receipt
        self.script = []
        self.log = []


def now_ms():
    return int(time.time() * 1000)


def make_handler(state):
    args = state.args

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):  # quiet; /_log has it
            pass

        def cors(self):
            origin = self.headers.get("Origin")
            if origin and origin == args.origin:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Vary", "Origin")
                if not args.no_expose_retry_after:
                    self.send_header("Access-Control-Expose-Headers", "Retry-After")

        def answer(self, status, body=None, headers=()):
            data = b"" if body is None else json.dumps(body).encode()
            client_gone = False
            try:
                self.send_response(status)
                self.cors()
                for k, v in headers:
                    self.send_header(k, v)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                # The client went away (a killed browser); the request still
                # counts, and /_log says its answer was never read.
                client_gone = True
                self.close_connection = True
            with state.lock:
                state.log.append({"method": self.command, "path": self.path, "status": status,
                                  "started": self.started, "ended": now_ms(), "client_gone": client_gone})

        def token_status(self):
            """None when the token is fine, else 401 (missing) or 403 (wrong)."""
            if not args.token:
                return None
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return 401
            return None if auth[len("Bearer "):] == args.token else 403

        def do_OPTIONS(self):
            self.started = now_ms()
            self.send_response(204 if self.headers.get("Origin") == args.origin else 403)
            if self.headers.get("Origin") == args.origin:
                self.cors()
                self.send_header("Access-Control-Allow-Methods", "GET, POST")
                self.send_header("Access-Control-Allow-Headers", "content-type, authorization, idempotency-key")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            self.started = now_ms()
            if self.path == "/v1/health":
                # A token is checked only when one is sent (protocol page).
                if "Authorization" in self.headers:
                    refused = self.token_status()
                    if refused:
                        return self.answer(refused, {"error": "token"})
                return self.answer(200, {"protocol": 1, "name": "mini-endpoint"})
            if self.path == "/_rows":
                with state.lock:
                    rows = list(state.rows)
                return self.answer(200, rows)
            if self.path == "/_log":
                with state.lock:
                    log = list(state.log)
                return self.answer(200, log)
            return self.answer(404, {"error": "not found"})

        def read_body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_POST(self):
            self.started = now_ms()
            body = self.read_body()
            if self.path == "/_script":
                with state.lock:
                    state.script.extend(json.loads(body or b"{}").get("answers", []))
                return self.answer(200, {"ok": True})
            if self.path != "/v1/observations":
                return self.answer(404, {"error": "not found"})
            refused = self.token_status()
            if refused:
                return self.answer(refused, {"error": "token"})
            with state.lock:
                forced = state.script.pop(0) if state.script else None
            if forced:
                if forced.get("delay_ms"):
                    time.sleep(forced["delay_ms"] / 1000)
                if not forced.get("store"):
                    headers = [("Retry-After", forced["retry_after"])] if forced.get("retry_after") else []
                    return self.answer(forced["status"], {"error": forced.get("error", "forced")}, headers)
            if len(body) > args.max_body:
                return self.answer(413, {"error": "body too large"})
            if not self.headers.get("Content-Type", "").split(";")[0].strip() == "application/json":
                return self.answer(415, {"error": "content type"})
            try:
                obs = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return self.answer(400, {"error": "not JSON"})
            if not isinstance(obs, dict):
                return self.answer(400, {"error": "not an object"})
            for field in REQUIRED:
                if field not in obs:
                    return self.answer(422, {"error": f"missing {field}"})
            oid = obs["id"]
            try:
                if uuid.UUID(oid).version != 4:
                    raise ValueError
            except (ValueError, AttributeError, TypeError):
                return self.answer(422, {"error": "id is not a UUID v4"})
            if self.headers.get("Idempotency-Key") != oid:
                return self.answer(422, {"error": "Idempotency-Key must equal id"})
            # answer() takes the lock itself (to log), so it is called after
            # the lock is released: a known id must not deadlock the server.
            with state.lock:
                known = state.by_id.get(oid)
                if known is None:
                    receipt = f"mini-{len(state.rows) + 1}"
                    state.by_id[oid] = receipt
                    state.rows.append({"id": oid, "receipt": receipt, "observation": obs})
            if known is not None:
                return self.answer(200, {"id": oid, "receipt": known})
            return self.answer(201, {"id": oid, "receipt": receipt})

    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--origin", required=True)
    p.add_argument("--token", default="")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--max-body", type=int, default=65536)
    p.add_argument("--no-expose-retry-after", action="store_true")
    args = p.parse_args()
    state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
