"""A web map served from another origin (another loopback port) reads the feeds in Chromium, and not the REST API."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class MapPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>Carte d'un autre site</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_origin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), MapPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


FETCH = """async (url) => {
    try {
        const response = await fetch(url);
        return {status: response.status, etag: response.headers.get("ETag"), body: (await response.text()).length};
    } catch (error) {
        return {error: String(error)};
    }
}"""


def test_a_map_on_another_origin_reads_the_ogc_api_and_the_tiles_but_not_the_rest_api(
    browser, live_server, committed_territory, other_origin
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(other_origin)

    items = page.evaluate(FETCH, f"{live_server.url}/ogc/collections/communes/items?limit=2")
    tilejson = page.evaluate(FETCH, f"{live_server.url}/tiles/proposals.json")
    rest = page.evaluate(FETCH, f"{live_server.url}/api/v1/proposals/")
    context.close()

    assert items["status"] == 200 and items["etag"] and items["body"] > 0
    assert tilejson["status"] == 200
    assert "Failed to fetch" in rest["error"]
