"""Security answers the framework does not give: the Content-Security-Policy header and the login lockout page.

Django 5.2 has no CSP of its own. The policy allows our own scripts only; the two small inline scripts
of the portal's base page (the 长辈版 switch, which must run before first paint) are allowed by their
SHA-256, computed from the template itself at start-up, so editing them cannot silently break the
policy. Styles may be inline: the admin and several report pages use style blocks and attributes.
The lockout page is what django-axes shows after too many failed logins (settings AXES_*).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils.html import escape

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# Templates whose attribute-less <script> blocks are static text the policy allows by hash.
INLINE_SCRIPT_TEMPLATES = ("portal/base.html",)


@lru_cache(maxsize=1)
def inline_script_hashes() -> tuple[str, ...]:
    hashes = []
    for name in INLINE_SCRIPT_TEMPLATES:
        source = get_template(name).template.source
        for script in INLINE_SCRIPT.findall(source):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return tuple(hashes)


def content_security_policy() -> str:
    """CONTENT_SECURITY_POLICY from settings, with {inline_script_hashes} filled in."""
    return settings.CONTENT_SECURITY_POLICY.format(inline_script_hashes=" ".join(inline_script_hashes()))


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header to every response that has none (empty setting: off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy()
        return response


def login_locked_out(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """django-axes' answer once an account is locked for this address: a plain page in Chinese, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    body = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录已暂停</title></head>'
            f'<body><h1>登录已暂停</h1><p>登录失败次数过多，该账户在此地址的登录已暂停{minutes}分钟。'
            f'请稍后再试；如忘记密码，请联系本单位系统管理员。</p>'
            f'<p><a href="{escape(request.path)}">返回登录页</a></p></body></html>')
    return HttpResponse(body, status=429)
