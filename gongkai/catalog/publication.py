"""The catalog's public face, as its two sections declare it: directory items and drafts for comment.

What each section's search entry holds (the item's metadata and body; a draft's description and
text), and which drafts the sitemap lists. Services announce changes through gongkai.publishing;
the search index and the portal subscribe, so nothing here knows who builds pages or keeps the index.
"""

from __future__ import annotations

from django.urls import reverse

from gongkai.catalog.models import Category, Consultation, Item
from gongkai.org.models import Unit
from gongkai.publishing.sections import SearchEntry

ITEM_SEARCH_KIND = "item"
CONSULTATION_SEARCH_KIND = "consultation"


def item_url(item_id: int) -> str:
    return reverse("portal:item", kwargs={"item_id": item_id})


def consultation_url(consultation_id: int) -> str:
    return reverse("consultations:detail", kwargs={"pk": consultation_id})


def category_path(category_id: int, parents: dict[int, int | None]) -> tuple[int, ...]:
    """The column and all its ancestors, so a filter on a column also finds its sub-columns' items."""
    path, seen = [], set()
    current: int | None = category_id
    while current is not None and current not in seen:
        seen.add(current)
        path.append(current)
        current = parents.get(current)
    return tuple(path)


def category_parents(agency_id: int) -> dict[int, int | None]:
    return dict(Category.objects.filter(agency_id=agency_id).values_list("id", "parent_id"))


class ItemSearch:
    """Search adapter of directory items: indexed while public (published and 主动公开), absent otherwise."""

    kind = ITEM_SEARCH_KIND
    batch_size = 1000

    def entry(self, item: Item) -> SearchEntry | None:
        if not item.is_public:
            return None
        unit_names = {item.unit_id: item.unit.name} if item.unit_id else {}
        return self._entry(item, category_parents(item.agency_id), unit_names)

    def entries(self, agency_id: int | None):
        """Every public item, oldest first (ids then follow publication order in the index)."""
        items = Item.objects.filter(state=Item.State.PUBLISHED, disclosure=Item.Disclosure.PROACTIVE)
        agency_ids = [agency_id] if agency_id is not None else list(items.values_list("agency_id", flat=True).distinct())
        if agency_id is not None:
            items = items.filter(agency_id=agency_id)
        parents: dict[int, int | None] = {}
        for one in agency_ids:
            parents.update(category_parents(one))
        unit_names = dict(Unit.objects.values_list("id", "name"))
        fields = ("id", "agency_id", "unit_id", "category_id", "title", "summary", "document_number", "keywords",
                  "body", "published_on", "validity", "index_number", "state", "disclosure", "topic", "genre")
        for item in items.only(*fields).order_by("published_on", "id").iterator(chunk_size=self.batch_size):
            yield self._entry(item, parents, unit_names)

    @staticmethod
    def _entry(item: Item, parents: dict[int, int | None], unit_names: dict[int, str]) -> SearchEntry:
        return SearchEntry(
            kind=ITEM_SEARCH_KIND, object_id=item.pk, agency_id=item.agency_id, title=item.title, url=item_url(item.pk),
            published_on=item.published_on, unit_id=item.unit_id, unit_name=unit_names.get(item.unit_id, ""),
            category_ids=category_path(item.category_id, parents), validity=item.validity,
            index_number=item.index_number or "", document_number=item.document_number, summary=item.summary,
            keywords=item.keywords, body_html=item.body, topic=item.topic, genre=item.genre)


def published_consultations(agency):
    return Consultation.objects.filter(is_published=True, agency=agency)


class ConsultationSearch:
    """Search adapter of drafts for comment: findable from the day they are put out until taken down."""

    kind = CONSULTATION_SEARCH_KIND

    def entry(self, consultation: Consultation) -> SearchEntry | None:
        if not consultation.is_published:
            return None
        return SearchEntry(
            kind=CONSULTATION_SEARCH_KIND, object_id=consultation.pk, agency_id=consultation.agency_id,
            title=consultation.title, url=consultation_url(consultation.pk), published_on=consultation.opens_on,
            unit_id=consultation.unit_id, unit_name=consultation.unit.name if consultation.unit_id else "",
            summary=consultation.description, body_text="\n".join(
                part for part in (consultation.draft_text, consultation.feedback_summary) if part))

    def entries(self, agency_id: int | None):
        consultations = Consultation.objects.filter(is_published=True).select_related("unit")
        if agency_id is not None:
            consultations = consultations.filter(agency_id=agency_id)
        for consultation in consultations.order_by("opens_on", "id").iterator(chunk_size=500):
            yield self.entry(consultation)


def consultation_sitemap_entries(agency) -> list[tuple[str, object]]:
    """The consultations part of the sitemap: the list and every published draft, by its last date."""
    rows = published_consultations(agency).order_by("id").values_list("id", "opens_on", "summary_published_on")
    return [(reverse("consultations:list"), None)] + [
        (consultation_url(pk), summary_on or opens_on) for pk, opens_on, summary_on in rows]


ITEM_SEARCH = ItemSearch()
CONSULTATION_SEARCH = ConsultationSearch()
