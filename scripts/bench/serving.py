"""A static server that compresses like GitHub Pages and logs every response it sends."""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import socketserver
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest", ".ico"}


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, mtime: float) -> bytes:
    # Level 6 with a fixed timestamp: the size does not change from one run to the next.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class GzipServer:
    """A static server that compresses text like GitHub Pages does and logs every response.

    The log is kept on the server side because dedicated workers' fetches and importScripts
    calls do not all reach the page's request events.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory).resolve()
        self.log: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.do_GET(body=False)

            def do_GET(self, body=True):
                path, status = server.resolve(urlparse(self.path).path)
                if path is None:
                    self.send_response(301)
                    self.send_header("Location", urlparse(self.path).path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                raw = path.read_bytes() if path.is_file() else b"Not found"
                data, encoding = raw, None
                accepts = "gzip" in self.headers.get("Accept-Encoding", "")
                if accepts and path.suffix in COMPRESSIBLE and path.is_file():
                    data, encoding = _gzipped(str(path), path.stat().st_mtime), "gzip"
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
                    kind += "; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "max-age=600")
                self.send_header("Vary", "Accept-Encoding")
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                self.end_headers()
                if body:
                    self.wfile.write(data)
                with server._lock:
                    server.log.append({"path": urlparse(self.path).path, "status": status, "raw": len(raw),
                                       "sent": len(data), "gzip": encoding == "gzip", "at": time.perf_counter()})

        self._httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def resolve(self, url_path: str) -> tuple[Path | None, int]:
        """File for a URL path like GitHub Pages: folder -> index.html, unknown -> 404.html."""
        target = (self.directory / unquote(url_path).lstrip("/")).resolve()
        if self.directory not in target.parents and target != self.directory:
            return self.directory / "404.html", 404
        if target.is_dir():
            if not url_path.endswith("/"):
                return None, 301
            target = target / "index.html"
        if target.is_file():
            return target, 200
        return self.directory / "404.html", 404

    def mark(self) -> int:
        with self._lock:
            return len(self.log)

    def since(self, mark: int) -> list[dict]:
        with self._lock:
            return list(self.log[mark:])

    def wait_quiet(self, seconds: float = 1.0, timeout: float = 30.0) -> None:
        """Wait until no request has arrived for `seconds` (late fetches such as sitemaps count)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            with self._lock:
                last = self.log[-1]["at"] if self.log else 0
            if time.perf_counter() - last >= seconds:
                return
            time.sleep(0.1)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
