"""Errors as RFC 9457 problem details: `application/problem+json` with type, title, status, detail and a
stable `code`, in Chinese, for every refusal; field errors listed with a JSON pointer-like location.

Every 4xx the API can give goes through `problem`: refusals raised by the endpoints (`ApiProblem`),
ninja's request validation, authentication, and Django's own refusals (an oversized body). A bad
input is never a 5xx: anything the validators let through that a service refuses (Django's
ValidationError, the capture's DocumentError) becomes a 422 with the service's own words.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

CONTENT_TYPE = "application/problem+json"
DOCS_PATH = "/api/docs"

# code → (status, title): the stable codes a client may branch on. docs.py lists them.
PROBLEMS = {
    "bad_request": (400, "请求无效"),
    "bad_cursor": (400, "翻页游标无效"),
    "unauthorized": (401, "需要有效的系统令牌"),
    "token_revoked": (401, "令牌已吊销"),
    "token_expired": (401, "令牌已过期"),
    "forbidden": (403, "令牌没有此项权限"),
    "out_of_scope": (403, "超出令牌的机关或单位范围"),
    "not_found": (404, "未找到"),
    "method_not_allowed": (405, "不支持的请求方法"),
    "conflict": (409, "与已有数据冲突"),
    "too_large": (413, "请求过大"),
    "invalid": (422, "请求数据不符合要求"),
    "rejected": (422, "数据未被接受"),
    "too_many_requests": (429, "请求过于频繁"),
}


class ApiProblem(Exception):
    """Raised anywhere in an endpoint or the authentication: answered as a problem detail."""

    def __init__(self, code: str, detail: str = "", *, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail or PROBLEMS[code][1])
        self.code, self.detail, self.errors, self.headers = code, detail, errors, headers or {}


def problem(request: HttpRequest, code: str, detail: str = "", *, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    status, title = PROBLEMS[code]
    body = {"type": f"{DOCS_PATH}#problem-{code}", "title": title, "status": status,
            "detail": detail or title, "code": code, "instance": request.path}
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type=f"{CONTENT_TYPE}; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# pydantic's error types in the words a clerk reads.
_REASONS = {
    "missing": "缺少必填项",
    "string_type": "应为文字",
    "string_too_long": "文字过长",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不符",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "bool_type": "应为是或否（true/false）",
    "bool_parsing": "应为是或否（true/false）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期（YYYY-MM-DD）",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "too_long": "条数过多",
    "too_short": "不能为空",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "JSON格式错误",
    "json_type": "JSON格式错误",
    "extra_forbidden": "不认识的字段",
    "value_error": "取值无效",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "url_parsing": "应为网址",
}


def _location(loc) -> str:
    parts = [str(part) for part in loc if part not in ("body", "payload")]
    return "/" + "/".join(parts) if parts else "/"


def field_errors(errors: list[dict]) -> list[dict]:
    """ninja/pydantic's errors as [{"field": "/records/3/CF_WSH", "reason": "…"}]."""
    answer = []
    for error in errors[:100]:
        reason = _REASONS.get(error.get("type", ""), "取值无效")
        context = error.get("ctx") or {}
        if error.get("type") == "too_long" and "max_length" in context:
            reason = f"条数过多（至多{context['max_length']}条）"
        elif error.get("type") == "string_too_long" and "max_length" in context:
            reason = f"文字过长（至多{context['max_length']}字）"
        elif error.get("type") in ("enum", "literal_error") and "expected" in context:
            reason = f"取值不在允许范围内（可选：{context['expected']}）"
        answer.append({"field": _location(error.get("loc", ())), "reason": reason})
    return answer
