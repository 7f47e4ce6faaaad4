"""URLs of the API: /api/v1/ (the operations and openapi.json) and /api/docs (the readable page).

The API's bodies may be larger than the site's forms allow (a batch of 5,000 records is a few MB):
each API view reads its body itself up to API_MAX_BODY_BYTES, so Django's site-wide
DATA_UPLOAD_MAX_MEMORY_SIZE stays small for every other page.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from gongkai.api.api import api
from gongkai.api.docs import docs_page
from gongkai.api.problems import problem

API_MAX_BODY_BYTES = 16 * 1024 * 1024


def _body_limit(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        limit = getattr(settings, "API_MAX_BODY_BYTES", API_MAX_BODY_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem(request, "bad_request", "Content-Length 无效")
        if length > limit:
            return problem(request, "too_large", f"请求体过大（至多{limit // (1024 * 1024)}MB）")
        if request.method in ("POST", "PUT", "PATCH"):
            request._body = request.read(limit + 1)
            if len(request._body) > limit:
                return problem(request, "too_large", f"请求体过大（至多{limit // (1024 * 1024)}MB）")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _limited_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _body_limit(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("api/v1/", _limited_patterns()),
    path("api/docs", docs_page, name="api_docs"),
]
