"""执法公开's public face, as its section declares it: which documents the portal shows, their titles
and page contents, and what the search index keeps of them. The portal builds the pages (listing,
one page per document, the sitemap part) from this; search indexes through `SEARCH`.

Withdrawal (行政处罚法 第四十八条第二款 "撤回……并公开说明理由"): the document's page is REPLACED by a
notice giving the 文号, the decision date, the ground (变更/撤销/确认违法/确认无效), the withdrawal date
and the reason, without the decision's text; the listing keeps the row marked 已撤回 with the reason.
The notice stays until the document's publication period would have ended; then both leave.
"""

from __future__ import annotations

from django.urls import reverse

from gongkai.enforcement.models import DecisionDocument
from gongkai.publishing.sections import SearchEntry

SEARCH_KIND = "enforcement"
LISTING_URL_NAME = "portal:enforcement_list"
LISTING_PAGE_URL_NAME = "portal:enforcement_page"
DETAIL_URL_NAME = "portal:enforcement_document"


def listing_url(page: int = 1) -> str:
    return reverse(LISTING_URL_NAME) if page <= 1 else reverse(LISTING_PAGE_URL_NAME, kwargs={"page": page})


def document_url(document_id: int) -> str:
    return reverse(DETAIL_URL_NAME, kwargs={"pk": document_id})


def public_title(document: DecisionDocument) -> str:
    """No party name in the title: the 文号 and the kind identify the decision."""
    return f"{document.document_number}{document.get_kind_display()}"


def on_portal(agency):
    """The only documents the portal may show: published or withdrawn, not taken offline, never excluded."""
    return (DecisionDocument.objects.filter(agency=agency, offline_on__isnull=True,
                                            state__in=(DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN))
            .filter(exclusion_code=""))


def is_searchable(document: DecisionDocument) -> bool:
    """Searchable while its full text is public; a withdrawn or expired document leaves the index."""
    return document.state == DecisionDocument.State.PUBLISHED and document.offline_on is None and not document.exclusion_code


class DocumentPages:
    """The content adapter the portal's listing builder renders (gongkai.portal.section_pages)."""

    list_template = "portal/enforcement_list.html"
    detail_template = "portal/enforcement_document.html"
    page_size = 20

    def model_objects(self):
        return DecisionDocument.objects.select_related("unit")

    def public_objects(self, agency):
        return on_portal(agency).select_related("unit")

    def has_page(self, document: DecisionDocument) -> bool:
        return document.on_portal and not document.exclusion_code

    def listing_rows(self, agency) -> list[DecisionDocument]:
        """Every listed document, newest first, with only what a listing row prints."""
        return list(on_portal(agency).select_related("unit").only(
            "id", "kind", "document_number", "decided_on", "published_on", "state", "withdrawal_reason",
            "withdrawn_at", "change_ground", "unit__name", "agency_id").order_by("-published_on", "-id"))

    def title(self, document: DecisionDocument) -> str:
        return public_title(document)

    def lastmod(self, document: DecisionDocument):
        return document.published_on

    def detail_values(self, document: DecisionDocument) -> dict:
        published = document.state == DecisionDocument.State.PUBLISHED
        return {"document": document, "title": public_title(document),
                "lines": document.public_text.split("\n") if published else [],
                "withdrawn": document.state == DecisionDocument.State.WITHDRAWN}


class DocumentSearch:
    """The search adapter: a published document's public text, under its 文号 and kind."""

    kind = SEARCH_KIND

    def entry(self, document: DecisionDocument) -> SearchEntry | None:
        if not is_searchable(document):
            return None
        return SearchEntry(
            kind=SEARCH_KIND, object_id=document.pk, agency_id=document.agency_id, title=public_title(document),
            url=document_url(document.pk), published_on=document.published_on, unit_id=document.unit_id,
            unit_name=document.unit.name if document.unit_id else "", document_number=document.document_number,
            summary=document.get_kind_display(), body_text=document.public_text)

    def entries(self, agency_id: int | None):
        documents = DecisionDocument.objects.filter(state=DecisionDocument.State.PUBLISHED, offline_on__isnull=True,
                                                    exclusion_code="").select_related("unit")
        if agency_id is not None:
            documents = documents.filter(agency_id=agency_id)
        for document in documents.order_by("published_on", "id").iterator(chunk_size=500):
            yield self.entry(document)


PAGES = DocumentPages()
SEARCH = DocumentSearch()
