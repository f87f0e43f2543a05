import http.server
import threading
import time

import pytest


class FeedServer:
    """A tiny HTTP server on 127.0.0.1 that serves what a test tells it to."""

    def __init__(self):
        self.routes = {}  # path -> (status, body bytes, delay seconds)
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                path, _sep, query = self.path.partition("?")
                status, body, delay = server.routes.get(
                    self.path, server.routes.get(path, (404, b"not found", 0))
                )
                if callable(body):
                    body = body(query)
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()
