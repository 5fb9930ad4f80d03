"""scripts/audit.py's server, which stands in for a static host under `make audit`: text files
gzipped when the request accepts gzip, as they are sent as they are otherwise."""

from __future__ import annotations

import gzip
import importlib.util
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts/audit.py")
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

PAGE = "<!doctype html><title>t</title>" + "<p>hamstring</p>" * 200


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "index.html").write_text(PAGE, "utf-8")
    (tmp_path / "favicon.png").write_bytes(b"\x89PNG" + bytes(300))
    server = audit.serve(tmp_path)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, encoding: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request) as response:
        return dict(response.headers), response.read()


def test_text_is_gzipped_when_accepted(base: str) -> None:
    headers, body = _get(base + "exercises/?q=curl", "gzip, deflate, br")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Type"].startswith("text/html")
    assert int(headers["Content-Length"]) == len(body) < len(PAGE) / 10
    assert gzip.decompress(body).decode() == PAGE


def test_plain_when_gzip_is_not_accepted(base: str) -> None:
    headers, body = _get(base + "exercises/index.html", None)
    assert "Content-Encoding" not in headers
    assert body.decode() == PAGE


def test_images_are_sent_as_they_are(base: str) -> None:
    headers, body = _get(base + "favicon.png", "gzip")
    assert "Content-Encoding" not in headers
    assert body.startswith(b"\x89PNG")


def test_a_folder_without_its_slash_still_redirects(base: str) -> None:
    request = urllib.request.Request(base + "exercises", headers={"Accept-Encoding": "gzip"})
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request)
    assert caught.value.code == 301
    assert caught.value.headers["Location"].endswith("/exercises/")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
