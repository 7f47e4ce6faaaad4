"""The generated OpenAPI document, fuzzed against the live test server by schemathesis: no 5xx, no answer
outside the schema (status, media type, body, headers), no write reachable without its token
(ignored_auth), invalid input refused with a 4xx. Bounded: MAX_EXAMPLES per operation and mode
(positive: data that fits the schema; negative: data that does not).

schemathesis's own pytest plugin (`schemathesis.pytest.from_fixture`) relies on a pytest internal that
pytest 9 removed (`Function._nodeid`), so the operations are driven here with schemathesis's
strategies and Hypothesis directly; failures of every operation are gathered and reported together."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.api.models import Ability
from gongkai.portal import credit_views, request_views

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, ignored_auth]
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance, negative_data_rejection]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api_schema(live_server, issue, make_item, monkeypatch, next_year_known):
    """The schema as the live server publishes it, with a few public items behind it, and the portal's
    own per-client limits lifted (the fuzzer is one client sending hundreds of queries)."""
    monkeypatch.setattr(credit_views, "QUERY_LIMIT", 10**6)
    monkeypatch.setattr(request_views, "QUERY_LIMIT", 10**6)
    for n in range(3):
        make_item(f"公开条目{n}")
    _, secret = issue(list(Ability))
    _, reader_only = issue([Ability.READ], name="只读系统")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.update(base_url=live_server.url)
    return schema, {"Authorization": f"Bearer {secret}"}, {"Authorization": f"Bearer {reader_only}"}


def test_api_conforms_to_its_schema(api_schema, capsys):
    schema, headers, reader_headers = api_schema
    operations, examples, failures, statuses = 0, 0, [], {}
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        secured = bool(operation.definition.raw.get("security"))
        for mode, checks in ((GenerationMode.POSITIVE, CHECKS), (GenerationMode.NEGATIVE, NEGATIVE_CHECKS)):
            seen = {"n": 0}

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                seen["n"] += 1
                response = case.call_and_validate(headers=headers, checks=checks)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if secured and mode == GenerationMode.POSITIVE:  # the same call without the ability: refused
                    refused = case.call(headers=reader_headers)
                    assert refused.status_code == 403, (refused.status_code, refused.text[:300])

            try:
                run()
            except Unsatisfiable:  # an operation without parameters or body has no invalid input to send
                pass
            except Exception as exc:  # noqa: BLE001 - every operation's failure is gathered, then reported
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {exc}"[:2000])
            examples += seen["n"]
    with capsys.disabled():
        print(f"\nschemathesis: {operations} operations, {examples} examples, {len(failures)} failures, "
              f"statuses {dict(sorted(statuses.items()))}")
    assert not failures, "\n\n".join(failures)
