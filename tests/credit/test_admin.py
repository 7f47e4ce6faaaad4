"""Staff pages of 双公示: upload → background import → live batch page → error reports; read-only records; scope."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gongkai.credit import import_jobs
from gongkai.credit.importing import import_file
from gongkai.credit.models import ImportBatch, PenaltyRecord, RowError
from gongkai.credit.samples import RowFactory, rows, write_csv
from gongkai.org.models import Agency, AuditEntry


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def factory(demo_bureau):
    return RowFactory(demo_bureau.name, demo_bureau.uscc, seed=7)


def csv_upload(tmp_path, factory, count=40, broken_every=10, name="处罚信息.csv"):
    path = write_csv(tmp_path / "upload.csv", "penalty", rows(factory, "penalty", count, broken_every=broken_every))
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def upload(client, file, kind="penalty", capture=None):
    with capture(execute=True):
        return client.post(reverse("admin:credit_importbatch_add"), {"kind": kind, "file": file})


@pytest.mark.django_db
def test_upload_enqueues_the_import_which_completes_and_the_batch_page_shows_counters(
        admin_client, demo_bureau, factory, tmp_path, django_capture_on_commit_callbacks):
    form = admin_client.get(reverse("admin:credit_importbatch_add")).content.decode()
    assert "上传并导入" in form and 'type="file"' in form
    response = upload(admin_client, csv_upload(tmp_path, factory), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:credit_importbatch_change", args=[batch.pk])
    assert batch.status == ImportBatch.Status.DONE  # Huey runs inline in tests
    assert (batch.rows_read, batch.rows_added, batch.rows_rejected) == (40, 36, 4)
    assert batch.file.name.startswith("credit/imports/") and batch.file.path.endswith(".csv")
    assert batch.file_name == "处罚信息.csv" and batch.agency == demo_bureau
    assert PenaltyRecord.objects.filter(batch=batch).count() == 36
    page = admin_client.get(response.url).content.decode()
    assert 'id="rows-read">40<' in page and 'id="rows-added">36<' in page and 'id="rows-rejected">4<' in page
    assert "已完成" in page and 'http-equiv="refresh"' not in page
    assert 'id="errors-xlsx"' in page and 'id="errors-csv"' in page
    audited = AuditEntry.objects.filter(object_id=str(batch.pk), action="import").values_list("summary", flat=True)
    assert any("上传" in s for s in audited) and any("新增36" in s for s in audited)


@pytest.mark.django_db
def test_batch_page_refreshes_itself_while_the_job_runs(admin_client, demo_bureau):
    batch = ImportBatch.objects.create(agency=demo_bureau, kind="penalty", file_name="x.csv",
                                       status=ImportBatch.Status.RUNNING, rows_read=4000, rows_added=3990,
                                       rows_rejected=10)
    page = admin_client.get(reverse("admin:credit_importbatch_change", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'id="rows-read">4000<' in page and "导入中" in page


@pytest.mark.django_db
def test_error_reports_as_xlsx_and_csv_have_every_rejected_row(admin_client, demo_bureau, factory, tmp_path):
    path = write_csv(tmp_path / "p.csv", "penalty", rows(factory, "penalty", 60, broken_every=6))
    batch = import_file(path, agency=demo_bureau, kind="penalty")
    expected = [(str(e.row_number), e.field_code, e.field_name, e.value, e.reason)
                for e in RowError.objects.filter(batch=batch).order_by("row_number", "id")]
    assert len(expected) >= 10

    response = admin_client.get(reverse("admin:credit_importbatch_errors_csv", args=[batch.pk]))
    assert response.status_code == 200 and "filename*=utf-8''" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["行号", "字段代码", "字段名称", "值", "原因"]
    assert [tuple(row) for row in table[1:]] == [
        (n, c, f, "'" + v if v.startswith(("=", "+", "-", "@")) else v, r) for n, c, f, v, r in expected]

    response = admin_client.get(reverse("admin:credit_importbatch_errors_xlsx", args=[batch.pk]))
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    cells = sheet.to_python()
    assert cells[0] == ["行号", "字段代码", "字段名称", "值", "原因"]
    assert [(str(int(row[0])), *row[1:]) for row in cells[1:]] == expected
    downloads = AuditEntry.objects.filter(action="export", object_id=str(batch.pk)).values_list("summary", flat=True)
    assert sorted(downloads) == ["下载错误报告（CSV）", "下载错误报告（xlsx）"]


@pytest.mark.django_db
def test_a_formula_in_a_value_stays_text_in_both_reports(demo_bureau):
    from gongkai.credit.error_reports import error_report_csv, error_report_xlsx

    batch = ImportBatch.objects.create(agency=demo_bureau, kind="penalty", file_name="x.csv")
    RowError.objects.create(batch=batch, row_number=2, field_code="CF_XDR_MC", field_name="行政相对人名称",
                            value='=HYPERLINK("http://evil.example")', reason="测试")
    assert "'=HYPERLINK" in b"".join(error_report_csv(batch)).decode("utf-8-sig")
    with zipfile.ZipFile(error_report_xlsx(batch)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


@pytest.mark.django_db
def test_uploads_are_checked_before_anything_is_saved(admin_client, demo_bureau, factory, tmp_path, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    page = upload(admin_client, SimpleUploadedFile("x.txt", b"CF_WSH\n1\n"), capture=capture).content.decode()
    assert "只能上传CSV" in page
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (2 * 1024 * 1024))
    page = upload(admin_client, SimpleUploadedFile("大.xlsx", bomb.getvalue()), capture=capture).content.decode()
    assert "压缩炸弹" in page
    page = upload(admin_client, SimpleUploadedFile("假.xlsx", b"not a zip"), capture=capture).content.decode()
    assert "不是有效的xlsx" in page
    monkeypatch.setattr(import_jobs, "MAX_UPLOAD_BYTES", 1000)
    page = upload(admin_client, csv_upload(tmp_path, factory, count=20), capture=capture).content.decode()
    assert "拆分" in page
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_file_the_importer_cannot_read_fails_the_batch_with_its_reason(
        admin_client, demo_bureau, django_capture_on_commit_callbacks):
    file = SimpleUploadedFile("缺列.csv", "CF_XDR_MC,CF_JDRQ\n张三,2026/01/01\n".encode())
    upload(admin_client, file, capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and "CF_WSH" in batch.message
    page = admin_client.get(reverse("admin:credit_importbatch_change", args=[batch.pk])).content.decode()
    assert "失败" in page and "CF_WSH" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_records_are_read_only_and_show_every_standard_field_in_order(admin_client, demo_bureau, factory, tmp_path):
    organisations = [row for row in rows(factory, "penalty", 3000) if row.get("CF_XDR_SHXYM")][:3]
    path = write_csv(tmp_path / "p.csv", "penalty", [*organisations, *rows(factory, "penalty", 5)])
    import_file(path, agency=demo_bureau, kind="penalty")
    record = PenaltyRecord.objects.filter(party_uscc__gt="").first()
    listing = admin_client.get(reverse("admin:credit_penaltyrecord_changelist"), {"q": record.party_uscc}).content.decode()
    assert record.document_number in listing
    page = admin_client.get(reverse("admin:credit_penaltyrecord_change", args=[record.pk])).content.decode()
    assert 'class="credit-fields"' in page and record.fields["CF_SY"] in page
    assert page.index("行政相对人名称") < page.index("处罚依据") < page.index("处罚决定日期")
    assert "令第58号" in page and "未能查到原文" in page  # the strict 527号 periods stand, and the page says so
    assert "<input" not in page.split('class="credit-fields"')[1].split("</table>")[0]
    assert admin_client.get(reverse("admin:credit_penaltyrecord_add")).status_code == 403
    assert admin_client.post(reverse("admin:credit_penaltyrecord_delete", args=[record.pk])).status_code == 403


@pytest.mark.django_db
def test_staff_see_only_their_agencys_batches(client, demo_bureau):
    other = Agency.objects.create(code="other-psb", name="另一市公安局", office_name="公开办", office_address="某路1号",
                                  office_phone="0371-1", office_hours="工作日")
    theirs = ImportBatch.objects.create(agency=other, kind="penalty", file_name="他人.csv")
    ours = ImportBatch.objects.create(agency=demo_bureau, kind="penalty", file_name="本局.csv")
    client.force_login(get_user_model().objects.get(username="gongkaiban"))
    assert client.get(reverse("admin:credit_importbatch_change", args=[ours.pk])).status_code == 200
    assert client.get(reverse("admin:credit_importbatch_change", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:credit_importbatch_errors_csv", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("admin:credit_importbatch_changelist")).content.decode()
    assert "本局.csv" in listing and "他人.csv" not in listing
    # An officer (credit.view_* only) may look but not upload.
    client.force_login(get_user_model().objects.get(username="xxy-jiaojing"))
    assert client.get(reverse("admin:credit_importbatch_change", args=[ours.pk])).status_code == 200
    assert client.get(reverse("admin:credit_importbatch_add")).status_code == 403


@pytest.mark.django_db
def test_a_batch_whose_worker_died_is_marked_failed_and_can_be_requeued(
        admin_client, demo_bureau, factory, tmp_path, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):  # the worker never runs it
        batch = import_jobs.start_import(demo_bureau, "penalty", csv_upload(tmp_path, factory), None)
    now = timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, progress_at=now - timedelta(minutes=20))
    alive = ImportBatch.objects.create(agency=demo_bureau, kind="penalty", file_name="y.csv",
                                       status=ImportBatch.Status.RUNNING, progress_at=now - timedelta(minutes=1))
    assert import_jobs.fail_stalled_imports(now=now) == 1
    batch.refresh_from_db()
    alive.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "重新排队" in batch.message
    assert alive.status == ImportBatch.Status.RUNNING
    page = admin_client.get(reverse("admin:credit_importbatch_change", args=[batch.pk])).content.decode()
    assert "没有进展" in page and 'http-equiv="refresh"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:credit_importbatch_changelist"),
                          {"action": "requeue_selected", "_selected_action": [batch.pk]})
    batch.refresh_from_db()
    assert (batch.status, batch.rows_added, batch.rows_rejected) == (ImportBatch.Status.DONE, 36, 4)
    assert batch.progress_at is not None and batch.progress_at >= now
