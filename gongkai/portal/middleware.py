"""Serving the built portal (settings.SITE_ROOT) before Django's URL routing, picking up new files at once.

WhiteNoise's WHITENOISE_ROOT indexes files at start-up, so a page built by a publish would stay
invisible until a restart. This middleware looks at the disk on each request instead (one stat):
`/a/b/` is served from `SITE_ROOT/a/b/index.html`, `/feeds/x.xml` from `SITE_ROOT/feeds/x.xml`.
When no file exists the request goes on to Django (search, forms, queries, the admin), and paths
under the registered dynamic prefixes (gongkai.publishing.sections.dynamic_prefixes, the same list
nginx's dynamic routes are generated from) always go to Django, whatever lies on disk. Only GET
and HEAD are served; paths with `..`, backslashes, NUL or dot-files never leave SITE_ROOT.
"""

from __future__ import annotations

import mimetypes
import posixpath
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotModified

from gongkai.publishing.sections import dynamic_prefixes

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HTML_MAX_AGE = 60  # pages change on publish; a minute of caching keeps spikes off the disk, never longer


def built_file_for(root: Path, url_path: str) -> Path | None:
    """The file under `root` that `url_path` names, or None (missing, a directory, or outside root)."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part.startswith(".") for part in parts):  # "..", ".build.lock", ".tmp-…"
        return None
    normalised = posixpath.normpath("/" + "/".join(parts))
    relative = normalised.lstrip("/")
    if decoded.endswith("/") or relative == "":
        relative = posixpath.join(relative, "index.html")
    candidate = root / relative
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None
    if not resolved.is_file() or not resolved.is_relative_to(root.resolve()):
        return None
    return resolved


class BuiltSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.dynamic_prefixes = dynamic_prefixes()  # the apps are ready when middleware is made

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(self.dynamic_prefixes):
            found = built_file_for(Path(settings.SITE_ROOT), request.path_info)
            if found is not None:
                return self.serve(request, found)
        return self.get_response(request)

    def serve(self, request, path: Path):
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        last_modified = formatdate(stat.st_mtime, usegmt=True)
        if self._not_modified(request, etag, stat.st_mtime):
            response = HttpResponseNotModified()
        else:
            suffix = path.suffix.lower()
            content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if request.method == "HEAD":
                response = HttpResponse(content_type=content_type)
            else:
                response = FileResponse(open(path, "rb"), content_type=content_type)
            response["Content-Length"] = str(stat.st_size)
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        is_page = path.suffix.lower() in (".html", ".xml", ".atom")
        response["Cache-Control"] = f"public, max-age={HTML_MAX_AGE}" if is_page else "public, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        response.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
        response.setdefault("Referrer-Policy", "same-origin")
        return response

    @staticmethod
    def _not_modified(request, etag: str, mtime: float) -> bool:
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False
