"""Issue 14 finding 10: the built site and the search index are made to match the database within minutes,
whatever failed before: a rebuild that raised after a withdrawal, a row deleted behind the app's back."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from gongkai.catalog import workflow
from gongkai.catalog.models import Item
from gongkai.org.models import AdminAlert
from gongkai.portal import build, paths
from gongkai.portal.tasks import reconcile_site_job
from gongkai.publishing import sections
from gongkai.search.indexing import reindex_all
from gongkai.search.models import SearchDocument
from tests.portal.conftest import directory, make_item, site_root  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(site_root, make_item):  # noqa: F811
    """Three public traffic items, built and indexed."""
    items = [make_item(f"既有交通通告{n}", published_on=dt.date(2026, 2, 1) + dt.timedelta(days=n)) for n in range(3)]
    build.build_all()
    reindex_all()
    return items


def page_of(item) -> bool:
    return paths.file_for_url(paths.item_url(item.id)).exists()


def indexed(item) -> bool:
    return SearchDocument.objects.filter(kind=sections.get("catalog").search.kind, object_id=item.id).exists()


def mentioned_anywhere(site_root, text: str) -> list[str]:  # noqa: F811
    return [str(path) for path in site_root.rglob("*") if path.is_file() and text.encode() in path.read_bytes()]


def test_a_row_deleted_behind_the_apps_back_leaves_the_site_and_search(published, site_root):  # noqa: F811
    target = published[-1]
    with connection.cursor() as cursor:  # behind the app's back: the ORM itself refuses (publishing/never_deleted.py)
        cursor.execute(f"DELETE FROM {Item._meta.db_table} WHERE id = %s", [target.pk])
    assert page_of(target) and indexed(target)  # nothing noticed the delete
    outcome = reconcile_site_job.call_local()
    assert outcome["rebuilt"] and outcome["unindexed"] == 1
    assert not page_of(target) and not indexed(target)
    assert mentioned_anywhere(site_root, target.title) == []  # listings, feeds and sitemap too


def test_a_withdrawal_whose_rebuild_failed_is_off_the_site_after_the_job(
        published, site_root, demo_bureau, monkeypatch, django_capture_on_commit_callbacks):  # noqa: F811
    target = published[0]
    admin = get_user_model().objects.get(username="admin")

    def broken(item_id):
        raise OSError("disk full")

    monkeypatch.setattr(build, "_rebuild_for_item", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_item(target, admin, "内容已过时效")
    assert page_of(target)  # the failed rebuild left the withdrawn page public...
    assert AdminAlert.objects.filter(key=build.SITE_DIRTY_ALERT, resolved_at__isnull=True).exists()  # ...and said so
    monkeypatch.undo()
    assert reconcile_site_job.call_local()["rebuilt"]
    assert not page_of(target) and not indexed(target) and mentioned_anywhere(site_root, target.title) == []
    assert not AdminAlert.objects.filter(key=build.SITE_DIRTY_ALERT, resolved_at__isnull=True).exists()


def test_a_raw_unpublish_leaves_search_and_a_lost_page_comes_back(published, site_root, capsys):  # noqa: F811
    hidden, lost = published[0], published[1]
    Item.objects.filter(pk=hidden.pk).update(state=Item.State.WITHDRAWN)
    shutil.rmtree(paths.file_for_url(paths.item_url(lost.id)).parent)
    call_command("reconcile_site")
    assert "已全部重建" in capsys.readouterr().out
    assert not indexed(hidden) and not page_of(hidden)
    assert page_of(lost) and indexed(lost)


def test_when_everything_matches_nothing_is_rebuilt(published):
    assert reconcile_site_job.call_local() == {"stale_pages": 0, "missing_pages": 0, "rebuilt": False,
                                               "unindexed": 0, "indexed": 0}
