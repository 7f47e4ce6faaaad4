"""One list of dynamic prefixes for the middleware and nginx; every link a built page holds resolves; no domain app reaches up."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve

from gongkai.portal import nginx
from gongkai.portal.build import build_all
from gongkai.portal.middleware import BuiltSiteMiddleware
from gongkai.publishing import sections

REPOSITORY = Path(__file__).resolve().parents[2]
DOMAIN_APPS = ("catalog", "enforcement", "credit", "reports", "inforequests", "appeals", "ledger", "org", "holidays")
LINK = re.compile(r'(?:href|src|action)="([^"]*)"')


def test_the_middleware_keeps_exactly_the_registered_dynamic_prefixes():
    middleware = BuiltSiteMiddleware(lambda request: None)
    assert middleware.dynamic_prefixes == sections.dynamic_prefixes()
    registered = {prefix for section in sections.sections() for prefix in section.dynamic_prefixes}
    assert {"/zqyj/", "/xygs/", "/ysqgk/", "/search/"} <= registered  # consultations, 双公示, requests, search


def test_nginx_routes_are_the_generated_block_of_the_same_list():
    text = nginx.conf_path().read_text(encoding="utf-8")
    assert nginx.current_block(text) == nginx.dynamic_routes_block(), "run `gongkai nginx_routes --write`"
    locations = set(re.findall(r"^\s*location\s+(?:\^~\s+)?(\S+)\s*\{", text, re.MULTILINE))
    assert set(sections.dynamic_prefixes()) <= locations
    proxied = re.findall(r"location \^~ (\S+) \{ proxy_pass", nginx.current_block(text))
    assert proxied == nginx.proxied_prefixes()


@pytest.mark.django_db
def test_a_file_under_a_dynamic_prefix_is_never_served(demo_bureau, site_root):
    build_all()
    for prefix in sections.dynamic_prefixes():
        if prefix.endswith("/"):
            stray = site_root / prefix.strip("/") / "index.html"
            stray.parent.mkdir(parents=True, exist_ok=True)
            stray.write_text("stray", encoding="utf-8")
            response = Client(HTTP_HOST="127.0.0.1").get(prefix)
            assert b"stray" not in b"".join(getattr(response, "streaming_content", [response.content])), prefix


@pytest.mark.django_db
def test_every_link_in_the_built_site_resolves(demo_bureau, site_root, make_item):
    """Every internal href/src/action of every built page names a URL pattern or a static file."""
    from gongkai.catalog.models import Item

    policy = make_item("示范市户籍管理规定", column="household")
    make_item("关于示范市户籍管理规定的解读", interprets=policy, validity=Item.Validity.VALID)
    make_item("旧规定", validity=Item.Validity.AMENDED, replaced_by=policy)
    build_all()
    checked = set()
    for page in site_root.rglob("*.html"):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path in checked:
                continue
            checked.add(parts.path)
            if parts.path.startswith("/static/"):
                assert finders.find(parts.path.removeprefix("/static/")), f"{link} in {page}"
                continue
            try:
                resolve(parts.path)
            except Resolver404:
                pytest.fail(f"{link} in {page.relative_to(site_root)} resolves to no URL pattern")
    assert {"/", "/xxgk/", "/guide/", "/zfgk/", "/search/", "/sitemap.xml", "/mode.css"} <= checked


def _portal_or_search_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found += [f"{path.relative_to(REPOSITORY)}:{node.lineno} {name}" for name in names
                  if name in ("gongkai.portal", "gongkai.search") or name.startswith(("gongkai.portal.", "gongkai.search."))]
    return found


def test_no_domain_app_imports_the_portal_or_search_even_inside_a_function():
    offenders = []
    for app in DOMAIN_APPS:
        for path in sorted((REPOSITORY / "gongkai" / app).rglob("*.py")):
            offenders += _portal_or_search_imports(path)
    assert offenders == []


def test_the_publishing_package_imports_no_gongkai_app():
    for path in (REPOSITORY / "gongkai" / "publishing").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
        modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert all(not m.startswith("gongkai.") or m.startswith("gongkai.publishing") for m in modules), path
