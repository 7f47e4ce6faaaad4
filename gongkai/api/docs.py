"""/api/docs: the OpenAPI document rendered on the server as one plain page (no script, no CDN), with the
schema itself one link away (/api/v1/openapi.json) and the problem codes a client may branch on."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

from gongkai.api.api import api
from gongkai.api.problems import PROBLEMS

TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ info.title }}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
code,pre{background:#f4f4f4}pre{padding:.5rem;overflow:auto;font-size:.85rem}
h3{margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}</style></head>
<body>
<h1>{{ info.title }}（版本 {{ info.version }}）</h1>
<p>{{ info.description }}</p>
<p>OpenAPI {{ openapi }} 文档：<a href="{{ schema_url }}">{{ schema_url }}</a>。使用说明和示例见仓库中的 docs/API.md。</p>
<h2>接口</h2>
<ul>{% for op in operations %}<li><a href="#{{ op.id }}"><code>{{ op.method }} {{ op.path }}</code></a> {{ op.summary }}{% if op.ability %}（令牌权限：{{ op.ability }}）{% endif %}</li>{% endfor %}</ul>
{% for op in operations %}
<h3 id="{{ op.id }}"><code>{{ op.method }} {{ op.path }}</code></h3>
<p>{{ op.summary }}</p>{% if op.description %}<p>{{ op.description }}</p>{% endif %}
<p>{% if op.ability %}需要令牌，权限：{{ op.ability }}{% else %}公开，可不带令牌{% endif %}</p>
{% if op.parameters %}<table><tr><th>参数</th><th>位置</th><th>必填</th><th>说明</th></tr>
{% for p in op.parameters %}<tr><td><code>{{ p.name }}</code></td><td>{{ p.in }}</td><td>{{ p.required|yesno:"是,否" }}</td><td>{{ p.description|default:"" }}</td></tr>{% endfor %}</table>{% endif %}
{% if op.body %}<p>请求体：</p><pre>{{ op.body }}</pre>{% endif %}
<p>答复：{% for status in op.statuses %}<code>{{ status }}</code> {% endfor %}</p>
{% endfor %}
<h2>错误代码</h2>
<table><tr><th>code</th><th>HTTP</th><th>含义</th></tr>
{% for code, status, title in problems %}<tr id="problem-{{ code }}"><td><code>{{ code }}</code></td><td>{{ status }}</td><td>{{ title }}</td></tr>{% endfor %}</table>
<h2>数据结构</h2>
{% for name, body in components %}<h3 id="schema-{{ name }}">{{ name }}</h3><pre>{{ body }}</pre>{% endfor %}
</body></html>"""

ABILITY_LABELS = {"push_credit_records": "push_credit", "push_enforcement_documents": "push_documents",
                  "register_request": "register_requests"}


@require_GET
def docs_page(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            operations.append({
                "id": operation.get("operationId", ""), "method": method.upper(), "path": route,
                "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                "ability": ABILITY_LABELS.get(operation.get("operationId", ""), ""),
                "parameters": operation.get("parameters", []),
                "body": json.dumps(body, ensure_ascii=False, indent=1) if body else "",
                "statuses": sorted(operation.get("responses", {})),
            })
    components = [(name, json.dumps(body, ensure_ascii=False, indent=1))
                  for name, body in schema.get("components", {}).get("schemas", {}).items()]
    context = {"info": schema["info"], "openapi": schema["openapi"], "schema_url": "/api/v1/openapi.json",
               "operations": operations, "components": components,
               "problems": [(code, status, title) for code, (status, title) in PROBLEMS.items()]}
    page = engines["django"].from_string(TEMPLATE).render(context, request)
    return HttpResponse(page, content_type="text/html; charset=utf-8")
