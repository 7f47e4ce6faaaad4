"""The audit log is append-only: no ORM call, admin page or SQL statement rewrites it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from gongkai.org.audit import record
from gongkai.org.models import AuditEntry
from gongkai.org.models.audit import AuditLogIsAppendOnly


@pytest.fixture
def entry(demo_bureau):
    return record("publish", demo_bureau, summary="测试发布", before={"state": "draft"}, after={"state": "published"})


@pytest.mark.django_db
def test_entry_records_who_what_and_when(entry, demo_bureau):
    assert entry.actor_name == "系统" and entry.agency == demo_bureau
    assert entry.object_repr == demo_bureau.name and entry.at is not None


@pytest.mark.django_db
def test_orm_cannot_change_or_delete(entry):
    entry.summary = "改写"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="改写")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["summary"])
    assert AuditEntry.objects.get(pk=entry.pk).summary == "测试发布"


@pytest.mark.django_db
def test_sql_update_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE org_auditentry SET summary = %s WHERE id = %s", ["改写", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).summary == "测试发布"


@pytest.mark.django_db
def test_sql_delete_is_refused_by_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot refuse DELETE (see migration org 0002); the ORM refuses it")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM org_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_admin_browses_and_filters_but_cannot_edit(admin_client, entry):
    listing = admin_client.get(reverse("admin:org_auditentry_changelist"), {"action__exact": "publish"})
    assert listing.status_code == 200 and "测试发布" in listing.content.decode()
    empty = admin_client.get(reverse("admin:org_auditentry_changelist"), {"action__exact": "import"})
    assert "测试发布" not in empty.content.decode()
    change_url = reverse("admin:org_auditentry_change", args=[entry.pk])
    page = admin_client.get(change_url).content.decode()
    assert 'name="_save"' not in page
    admin_client.post(change_url, {"summary": "改写", "action": "withdraw"})
    delete = admin_client.post(reverse("admin:org_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert admin_client.get(reverse("admin:org_auditentry_add")).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).summary == "测试发布"
