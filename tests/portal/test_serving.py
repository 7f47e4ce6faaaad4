"""Serving the built files before Django's routing: new files at once, safe paths, dynamic pages untouched."""

from __future__ import annotations

import pytest

from gongkai.portal import paths
from gongkai.portal.build import build_all
from gongkai.portal.middleware import built_file_for

MIDDLEWARE = "gongkai.portal.middleware.BuiltSiteMiddleware"
pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(settings, site_root):
    position = settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = settings.MIDDLEWARE[:position] + [MIDDLEWARE] + settings.MIDDLEWARE[position:]
    return site_root


def test_a_file_written_after_start_up_is_served_at_once(serving, client):
    target = paths.file_for_url("/xxgk/item/999/")
    target.parent.mkdir(parents=True)
    assert client.get("/xxgk/item/999/").status_code == 404  # no file, no item: Django answers
    target.write_text("<!DOCTYPE html><title>新页面</title>", encoding="utf-8")
    response = client.get("/xxgk/item/999/")
    assert response.status_code == 200 and "新页面" in b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "max-age=60" in response["Cache-Control"] and response["ETag"]
    assert client.get("/xxgk/item/999/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    target.unlink()
    assert client.get("/xxgk/item/999/").status_code == 404  # a deleted page is gone at once too


def test_feeds_and_sitemaps_get_their_content_types(serving, client, make_item):
    make_item()
    build_all()
    assert client.get("/feeds/traffic.xml")["Content-Type"] == "application/xml; charset=utf-8"
    assert client.get("/feeds/traffic.atom")["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert client.get("/sitemap.xml")["Content-Type"] == "application/xml; charset=utf-8"
    head = client.head("/")
    assert head.status_code == 200 and head.content == b"" and int(head["Content-Length"]) > 0


def test_paths_cannot_leave_the_site_root(serving, client, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    serving.mkdir(parents=True, exist_ok=True)
    (serving / ".build.lock").write_text("")
    (serving / "link").symlink_to(tmp_path)
    for attempt in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/link/secret.txt", "/.build.lock",
                    "/%5c..%5csecret.txt", "/a%00b"):
        assert built_file_for(serving, attempt) is None, attempt
        response = client.get(attempt)
        assert response.status_code in (400, 404), attempt


def test_dynamic_paths_and_posts_go_to_django(serving, client):
    serving.mkdir(parents=True, exist_ok=True)
    (serving / "search").mkdir()
    (serving / "search" / "index.html").write_text("stale copy")
    response = client.get("/search/?q=户籍")
    assert b"stale copy" not in (response.content if not response.streaming else b"".join(response.streaming_content))
    (serving / "index.html").write_text("built home")
    assert client.post("/").status_code in (403, 405)  # not the built file


def test_elder_mode_switch_without_javascript(client, site_root, demo_bureau):
    response = client.get("/mode/elder/?next=/xxgk/traffic/")
    assert response.status_code == 302 and response["Location"] == "/xxgk/traffic/"
    assert response.cookies["gongkai_mode"].value == "elder"
    css = client.get("/mode.css")
    assert "html .to-elder { display: none; }" in css.content.decode() and "html.elder" not in css.content.decode()
    assert client.get("/mode/standard/?next=https://evil.example/")["Location"] == "/"
    client.cookies["gongkai_mode"] = "standard"
    assert "font-size" not in client.get("/mode.css").content.decode()
