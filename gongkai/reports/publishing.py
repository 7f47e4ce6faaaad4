"""Publishing a signed-off annual report to the portal's 政府信息公开年报 column, as a catalog Item moved through the catalog workflow.

The report goes out like any other disclosure item, so it is reviewed (保密审查), gets its 索引号,
is indexed for search and built into the portal by `catalog.workflow`, never written to the site
directly. The item's body is the report's HTML (sanitised like every item body: tables kept, the
SVG charts dropped) and the PDF, which carries the charts, is attached. The item's 起草人 and last
editor are the person who signed the report off (its content is the frozen report, written by nobody
else), so the workflow's four-eyes rule means a second person publishes what the leader approved.
Publishing again after a correction updates the same item (变更) instead of creating a second one.
The whole step is a transition of the kernel (org/transitions.py) on the report.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.catalog import workflow
from gongkai.catalog.attachments import inspect_attachment
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.catalog.models.category import NATIONAL_COLUMNS
from gongkai.catalog.sanitize import sanitize_body_html
from gongkai.org.audit import record
from gongkai.org.models import Unit
from gongkai.org.transitions import Transition, register
from gongkai.reports.models import AnnualReport
from gongkai.reports.renderers import render
from gongkai.reports.renderers.html import render_body

__all__ = ["ANNUAL_REPORTS_SLUG", "publish_report"]

ANNUAL_REPORTS_SLUG = "annual-reports"
OFFICE_UNIT_NAME = "办公室"

PUBLISH_REPORT = register(Transition(
    "reports.publish", "在门户发布年度报告", "reports.AnnualReport", "catalog.publish_item",
    frozenset({AnnualReport.State.SIGNED_OFF, AnnualReport.State.PUBLISHED}), unit_field=None,
    audit_action="publish"))


def annual_reports_category(agency) -> Category:
    """The agency's 政府信息公开年报 column; created as the national column when the directory lacks it."""
    name = dict(NATIONAL_COLUMNS)[ANNUAL_REPORTS_SLUG]
    order = [slug for slug, _ in NATIONAL_COLUMNS].index(ANNUAL_REPORTS_SLUG)
    category, _ = Category.objects.get_or_create(
        agency=agency, slug=ANNUAL_REPORTS_SLUG,
        defaults={"name": name, "sort_order": order, "is_national": True})
    return category


def _publishing_unit(agency, user) -> Unit:
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.agency_id == agency.pk and profile.unit_id:
        return profile.unit
    units = Unit.objects.filter(agency=agency)
    return units.filter(name=OFFICE_UNIT_NAME).first() or units.order_by("sort_order", "id").first()


def _confidentiality_review(report: AnnualReport) -> str:
    signer = (report.frozen or {}).get("signed_off_by") or str(report.signed_off_by or "")
    return (f"年度报告已经{signer}审定；经保密审查，报告只含统计数字和工作情况，"
            f"不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。")


def _attach_pdf(item: Item, pdf: bytes, title: str) -> Attachment:
    attachment = Attachment(item=item, title=f"{title}（PDF版）")
    attachment.file = ContentFile(pdf, name=f"{title}.pdf")
    inspect_attachment(attachment)
    attachment.save()
    return attachment


def publish_report(report: AnnualReport, user) -> Item:
    """Create or update the portal item for a signed-off report and publish it through the workflow."""
    PUBLISH_REPORT.check(user, report)
    PUBLISH_REPORT.check_source(report)
    if not report.frozen:
        raise ValidationError("年度报告须先审定，方可在门户发布")
    document = report.frozen
    body = sanitize_body_html(render_body(document, portal=True))
    pdf = render(document, "pdf")  # before the transaction: rendering takes seconds, holding no lock
    title = document["title"]
    signed_on = report.signed_off_at.date() if report.signed_off_at else timezone.localdate()
    with PUBLISH_REPORT.run(report, user) as step:
        locked = step.obj
        item = locked.published_item
        if item is None:
            item = Item.objects.create(
                agency=locked.agency, unit=_publishing_unit(locked.agency, user),
                category=annual_reports_category(locked.agency), title=title,
                summary=document["preamble"][:500], written_on=signed_on, topic="综合政务", genre="报告",
                keywords="政府信息公开,年度报告", disclosure=Item.Disclosure.PROACTIVE, body=body,
                created_by=locked.signed_off_by, last_edited_by=locked.signed_off_by)
            record("create", item, actor=user, summary=f"由{locked.year}年度报告生成门户条目")
        elif item.state == Item.State.WITHDRAWN:
            raise ValidationError("门户条目已撤回，请先在公开条目中处理")
        elif item.state != Item.State.PUBLISHED:
            item.title, item.body, item.last_edited_by = title, body, locked.signed_off_by
            item.save(update_fields=["title", "body", "last_edited_by", "updated_at"])
        item.attachments.all().delete()
        _attach_pdf(item, pdf, title)
        item.refresh_from_db()  # a new attachment returns an item in review to draft (Item.save)
        if item.state == Item.State.PUBLISHED:
            item = workflow.change_item(item, user, title=title, body=body)
        else:
            if item.state == Item.State.DRAFT:
                item = workflow.submit_item(item, user)
            item = workflow.publish_item(item, user, confidentiality_review=_confidentiality_review(locked))
        before = locked.state
        locked.state = AnnualReport.State.PUBLISHED
        locked.published_item = item
        locked.save(update_fields=["state", "published_item"])
        step.audit(f"在门户发布{locked.year}年度报告（{item.index_number}）",
                   before={"state": before}, after={"state": locked.state, "item": item.pk})
    report.refresh_from_db()
    return item
