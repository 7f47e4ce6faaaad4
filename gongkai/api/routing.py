"""The API's one router: reads and writes share paths (GET and POST /enforcement/documents), and ninja
merges the methods of one path only within one router. And the direct JSON answer of the big ones."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja import Router

router = Router()

READ_TAGS = ["读取（公开，可不带令牌）"]
WRITE_TAGS = ["写入（需令牌）"]


def json_answer(data) -> HttpResponse:
    """An answer written directly, for a listing page or a batch's 5,000 row answers: ninja would validate
    every row against the schema again (half of a page's time, 8% of a push's). The rows are built to the
    schema by the endpoint, and the schemathesis test checks every answer against it."""
    return HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
                        content_type="application/json; charset=utf-8")
