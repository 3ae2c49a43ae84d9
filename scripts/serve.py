#!/usr/bin/env python3
"""Static server for the built app (dist/), with the headers Zicht relies on.

- Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'
- every path without a file extension answers index.html, so deep links work on
  a first visit (after that the service worker answers them, also offline);
- Cache-Control: no-cache, because file names carry no hash: the browser always
  revalidates and the service worker versions its cache by content.

Usage: scripts/serve.py [--dir dist] [--host 127.0.0.1] [--port 8080]
"""
import argparse
import functools
import http.server
import os
import sys

# connect-src: the referral endpoint the user configures (https, or http to
# this machine for testing; see docs/referral-protocol.md).
CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; connect-src 'self' https: http://localhost:* http://127.0.0.1:*"


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        super().end_headers()

    def send_head(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        last = path.rsplit("/", 1)[-1]
        local = self.translate_path(path)
        if "." not in last and not os.path.isfile(local):
            self.path = "/index.html"
        return super().send_head()

    def log_message(self, fmt, *args):
        if os.environ.get("ZICHT_SERVE_QUIET") != "1":
            sys.stderr.write("serve: " + (fmt % args) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="dist")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        sys.exit(f"serve: {args.dir}/index.html not found; build first (scripts/build)")
    handler = functools.partial(Handler, directory=args.dir)
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    print(f"Zicht: http://{args.host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
