"""Logs an operator can read: the job worker says each thing once, and a PDF made without trouble says nothing."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The worker process as `gongkai run_huey` starts it (the project's LOGGING, then huey's own logger
# set-up), with the queue in memory and the consumer's endless run replaced by one worker pass.
ONE_JOB_IN_THE_WORKER = """
import logging, django
django.setup()
import huey.contrib.djhuey as djhuey
from huey import MemoryHuey
from huey.consumer import Consumer
from django.core.management import call_command

djhuey.HUEY = queue = MemoryHuey("gongkai-test", utc=False)

@queue.task()
def rebuild_column():
    logging.getLogger("gongkai.portal.tasks").info("栏目已重建：户政管理")

def one_pass(consumer):
    consumer._create_worker().loop()

Consumer.run = one_pass
rebuild_column()
call_command("run_huey", disable_autoload=True)
"""


def test_the_job_worker_prints_each_line_once():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings", "HUEY_IMMEDIATE": "0"}
    env.pop("LOG_LEVEL", None)
    run = subprocess.run([sys.executable, "-c", ONE_JOB_IN_THE_WORKER], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert any("栏目已重建：户政管理" in line for line in lines), run.stderr
    assert any("Executing" in line and "rebuild_column" in line for line in lines), run.stderr
    messages = Counter(line.split(":")[-1] for line in lines)  # huey's format and the root's differ in prefix only
    assert [message for message, times in messages.items() if times > 1] == [], run.stderr


@pytest.fixture
def console_to_capfd(capfd):
    """The project's console handlers write to the stream pytest captures for this test, then back."""
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]  # not pytest's own
    assert handlers, "LOGGING has no console handler"
    with open(2, "w", encoding="utf-8", closefd=False) as file_descriptor_2:  # what capfd reads
        saved = [h.setStream(file_descriptor_2) for h in handlers]
        yield capfd
        for handler, stream in zip(handlers, saved):
            handler.setStream(stream)


@pytest.mark.django_db
def test_a_pdf_letter_renders_without_a_word_on_stderr(demo_bureau, console_to_capfd):
    from django.contrib.auth.models import User

    from gongkai.inforequests import services
    from gongkai.inforequests.letters import build_letter, render

    request, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=dt.date(2026, 3, 2), confirmed_on=None,
        applicant_kind="自然人", description="2025年城区道路交通事故统计数据",
        applicant={"name": "陈明", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800001111"})
    services.record_event(request, User.objects.get(username="gongkaiban"),
                          "correction_requested", dt.date(2026, 3, 4), deadline=dt.date(2026, 3, 20),
                          note="请写明所需信息的时间范围")
    console_to_capfd.readouterr()
    logging.getLogger("gongkai.inforequests").info("just before the PDF")  # the console does reach capfd
    pdf = render(build_letter(request, "correction"), "pdf")
    assert pdf.startswith(b"%PDF")
    captured = console_to_capfd.readouterr()
    assert captured.err.strip().splitlines() == [line for line in captured.err.strip().splitlines()
                                                 if "just before the PDF" in line]
    assert "just before the PDF" in captured.err
