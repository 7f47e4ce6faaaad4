"""Attachments: hidden content blocks publication until a reviewer clears it."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import workflow
from gongkai.catalog.attachments import clear_attachment, inspect_attachment
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.org.models import Unit

HIDDEN_SHEET_WORKBOOK = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="公开" sheetId="1" r:id="rId1"/><sheet name="名单" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    "</Relationships>",
    "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
    "xl/worksheets/sheet2.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
}


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in HIDDEN_SHEET_WORKBOOK.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def item_in_review(demo_bureau, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    category = Category.objects.create(agency=demo_bureau, slug="budgets", name="财政预决算")
    item = Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="2026年部门预算",
                               written_on=dt.date(2026, 2, 2), created_by=User.objects.get(username="xxy-jiaojing"))
    attachment = Attachment(item=item, title="预算表.xlsx",
                            file=SimpleUploadedFile("预算表.xlsx", xlsx_bytes()))
    inspect_attachment(attachment)
    attachment.save()
    return workflow.submit_item(item, User.objects.get(username="xxy-jiaojing"))


@pytest.mark.django_db
def test_hidden_sheet_blocks_until_a_reviewer_clears_it(item_in_review):
    attachment = item_in_review.attachments.get()
    assert attachment.check_status == Attachment.Check.BLOCKED
    assert any("名单" in f["detail"] for f in attachment.findings)
    reviewer = User.objects.get(username="sh-jiaojing")
    with pytest.raises(ValidationError, match="隐藏内容"):
        workflow.publish_item(item_in_review, reviewer)
    with pytest.raises(PermissionDenied):
        clear_attachment(attachment, User.objects.get(username="xxy-jiaojing"), "无敏感内容")
    with pytest.raises(ValidationError):
        clear_attachment(attachment, reviewer, "")
    clear_attachment(attachment, reviewer, "隐藏表为空表，无敏感内容")
    assert workflow.publish_item(item_in_review, reviewer).state == Item.State.PUBLISHED


def test_other_file_types_are_refused():
    attachment = Attachment(title="x", file=SimpleUploadedFile("宏.xlsm", b"PK"))
    with pytest.raises(ValidationError, match="PDF"):
        inspect_attachment(attachment)
