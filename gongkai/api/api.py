"""The one NinjaAPI: its routers, its error answers (RFC 9457 problem details for every refusal) and its
OpenAPI 3.1 document (`/api/v1/openapi.json`; the readable page is `/api/docs`, docs.py).

Every error path a client can reach is mapped here: ninja's request validation (422), authentication
(401), Django's refusals (a body over the API's limit: 413), and a 404 of the URL resolver inside the
API. The OpenAPI document gives every 4xx answer the media type `application/problem+json`.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.api import reads, writes  # noqa: F401  (they declare their operations on the router)
from gongkai.api.problems import CONTENT_TYPE, ApiProblem, field_errors, problem
from gongkai.api.routing import router

DESCRIPTION = """公开平台的系统接口。写入需要系统管理员签发的令牌（`Authorization: Bearer gk_…`），
按权限（推送双公示信息、推送执法决定文书、登记其他渠道的申请、读取）和机关（可限一个单位）限定；
读取公开信息可不带令牌（按来源限频），带读取权限的令牌频率更高。错误一律以 RFC 9457 problem details
（`application/problem+json`）答复，`code` 字段稳定，`detail` 为中文说明。"""


class ReadableJSON(JSONRenderer):
    """Chinese as characters, not \\u escapes: the answers are read by people debugging a hand-over too."""

    json_dumps_params = {"ensure_ascii": False}


class GongkaiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content")
                    if str(status).startswith("4") and content and "application/json" in content:
                        answer["content"] = {CONTENT_TYPE: content["application/json"]}
        return schema


api = GongkaiAPI(title="公开 Gongkai 系统接口", version="1", description=DESCRIPTION, urls_namespace="api",
                 docs_url=None, openapi_url="/openapi.json", renderer=ReadableJSON())
api.add_router("", router)


@api.exception_handler(ApiProblem)
def _api_problem(request, exc: ApiProblem):
    return problem(request, exc.code, exc.detail, errors=exc.errors, headers=exc.headers)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    return problem(request, "invalid", "请求数据不符合接口说明", errors=field_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    return problem(request, "unauthorized", "缺少或无效的系统令牌（Authorization: Bearer …）",
                   headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            413: "too_large", 429: "too_many_requests"}.get(exc.status_code, "bad_request")
    return problem(request, code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return problem(request, "too_large", "请求体过大（一批至多5000条记录）")


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return problem(request, "bad_request")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, "not_found")
