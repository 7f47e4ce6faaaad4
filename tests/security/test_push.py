"""Issue 14 finding 7: the credit push takes only a 2xx answer to its POST as delivery, sends ID numbers
over https only (plain http to this machine alone), and writes no credential or receiver answer down."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.credit.importing import import_file
from gongkai.credit.models import PushEntry
from gongkai.credit.push import PushConfig, PushNotConfigured, enqueue, push_once
from gongkai.credit.samples import RowFactory, rows, write_csv
from gongkai.org.models import AdminAlert, AuditEntry

ANSWER_SECRET = "RECEIVER-INTERNAL-TRACE-4711"


class Receiver:
    """A stand-in for the platform on 127.0.0.1: `mode` is "redirect" (302 to a login page that
    answers 200 to a GET), "error" (500 with a talkative body) or "ok"."""

    def __init__(self, mode: str):
        self.mode, self.seen = mode, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                receiver.seen.append(("GET", self.path, self.headers.get("Authorization")))
                self._answer(200, "<html>统一身份认证登录</html>", "text/html")

            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                receiver.seen.append(("POST", self.path, self.headers.get("Authorization")))
                if receiver.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "/login")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif receiver.mode == "error":
                    self._answer(500, f"java.lang.NullPointerException {ANSWER_SECRET}", "text/plain")
                else:
                    self._answer(200, json.dumps({"accepted": [r["idempotency_key"] for r in body["records"]]}),
                                 "application/json")

            def _answer(self, status, text, content_type):
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def queued(tmp_path, demo_bureau):
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=14)
    import_file(write_csv(tmp_path / "p.csv", "penalty", list(rows(factory, "penalty", 3))), agency=demo_bureau,
                kind="penalty")


def everything_written() -> str:
    """Every audit entry and alert as text: what leaders and auditors read."""
    audit = [json.dumps(entry, ensure_ascii=False, default=str) for entry in AuditEntry.objects.values()]
    alerts = list(AdminAlert.objects.values_list("message", flat=True))
    return "\n".join(audit + alerts)


@pytest.mark.django_db
def test_a_302_to_a_login_page_leaves_every_entry_pending(queued):
    with Receiver("redirect") as receiver:
        result = push_once(PushConfig(endpoint=f"http://{receiver.base}/credit", timeout=2))
    assert result.delivered == 0 and result.failed_batches == 1
    assert [method for method, *_ in receiver.seen] == ["POST"]  # the redirect was not followed
    assert set(PushEntry.objects.values_list("state", flat=True)) == {PushEntry.State.PENDING}
    assert "HTTP 302" in PushEntry.objects.first().last_error


def test_plain_http_to_another_machine_is_refused_at_configuration():
    for endpoint in ("http://credit.example.gov.cn/api/push", "http://10.20.30.40:8080/push", "ftp://x/y", "https://"):
        with pytest.raises(PushNotConfigured):
            PushConfig(endpoint=endpoint)
    for endpoint in ("https://credit.example.gov.cn/api/push", "http://127.0.0.1:9000/p", "http://[::1]/p",
                     "http://localhost/p"):
        assert PushConfig(endpoint=endpoint).endpoint == endpoint


@pytest.mark.django_db
def test_an_insecure_endpoint_in_the_settings_stops_the_push_before_anything_is_sent(queued, settings):
    settings.CREDIT_PUSH_ENDPOINT = "http://credit.example.gov.cn/api/push"
    with pytest.raises(PushNotConfigured):
        push_once()
    assert not PushEntry.objects.filter(attempts__gt=0).exists()


@pytest.mark.django_db
def test_credentials_in_the_endpoint_are_sent_but_never_written_down(queued):
    with Receiver("ok") as receiver:
        endpoint = f"http://pusher:pa55word@{receiver.base}/credit?token=TOPSECRET123"
        result = push_once(PushConfig(endpoint=endpoint, timeout=2))
    assert result.delivered == 3
    method, path, authorization = receiver.seen[0]
    assert path == "/credit?token=TOPSECRET123"
    assert authorization == "Basic " + base64.b64encode(b"pusher:pa55word").decode()
    written = everything_written()
    assert f"http://{receiver.base}/credit" in written
    for secret in ("pa55word", "pusher", "TOPSECRET123", "token="):
        assert secret not in written


@pytest.mark.django_db
def test_the_receivers_answer_never_reaches_the_alert(queued):
    enqueue()
    PushEntry.objects.update(attempts=10)  # long failing: the run raises the administrators' alert
    with Receiver("error") as receiver:
        push_once(PushConfig(endpoint=f"http://{receiver.base}/credit", timeout=2))
    alert = AdminAlert.objects.get(key="credit-push-failing")
    assert "HTTP 500" in alert.message
    assert ANSWER_SECRET not in everything_written() + "".join(PushEntry.objects.values_list("last_error", flat=True))
