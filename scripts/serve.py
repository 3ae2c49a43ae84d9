#!/usr/bin/env python3
"""Static server for the built app (dist/), with the headers Zicht relies on.

- Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'
- every path without a file extension answers index.html, so deep links work on
  a first visit (after that the service worker answers them, also offline);
- Cache-Control: no-cache, because file names carry no hash: the browser always
  revalidates and the service worker versions its cache by content;
- text and WebAssembly are sent gzip-compressed when the browser accepts it, as
  any production host does (compressed once per file version, kept in memory).

Usage: scripts/serve.py [--dir dist] [--host 127.0.0.1] [--port 8080]
"""
import argparse
import email.utils
import functools
import gzip
import http.server
import io
import os
import sys
import threading

# connect-src: the referral endpoint the user configures (https, or http to
# this machine for testing; see docs/referral-protocol.md).
CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; connect-src 'self' https: http://localhost:* http://127.0.0.1:*"


# Types worth compressing; images (PNG) already are.
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".webmanifest")
_gzipped = {}
_gzipped_lock = threading.Lock()


def gzipped(local):
    """The gzip body of a file, computed once per (path, size, mtime)."""
    stat = os.stat(local)
    key = (local, stat.st_size, stat.st_mtime_ns)
    with _gzipped_lock:
        body = _gzipped.get(key)
    if body is None:
        with open(local, "rb") as f:
            body = gzip.compress(f.read(), compresslevel=9, mtime=0)
        with _gzipped_lock:
            _gzipped[key] = body
    return body, stat


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
            local = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and local.endswith(COMPRESSIBLE) and os.path.isfile(local)):
            return super().send_head()
        body, stat = gzipped(local)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(http.server.HTTPStatus.NOT_MODIFIED)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, OverflowError, IndexError):
                pass
        self.send_response(http.server.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(local))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, fmt, *args):
        if os.environ.get("ZICHT_SERVE_QUIET") != "1":
            sys.stderr.write("serve: " + (fmt % args) + "\n")


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that drops a request it no longer needs (a test that
        # aborts a fetch, a closed page) is no server error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="dist")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        sys.exit(f"serve: {args.dir}/index.html not found; build first (scripts/build)")
    handler = functools.partial(Handler, directory=args.dir)
    server = Server((args.host, args.port), handler)
    print(f"Zicht: http://{args.host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
