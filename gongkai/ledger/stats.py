"""The ledger's figures for one agency and year, as the annual report's narrative prints them.

`ledger_figures` returns exactly the keys the report codes against; the labels used as keys
(中央级, 政务服务中心 …) are the report's own words. A dated record counts in the calendar year of
its date; a monthly count in the year it was entered for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Sum

from gongkai.catalog.models import Item
from gongkai.ledger.models import (
    Channel,
    ChannelPosts,
    Clarification,
    MediaLevel,
    MediaOutput,
    OpenDay,
    OpinionResponse,
    PaperCopy,
    PressConference,
    TrainingSession,
)
from gongkai.org.models import Unit


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _in_year(model, date_field: str, agency, year: int):
    return model.objects.filter(agency=agency, **{f"{date_field}__range": year_range(year)})


def policy_interpretations(agency, year: int) -> int:
    """Published catalog items that interpret a policy (`interprets` set), published in the year."""
    return Item.objects.filter(agency=agency, state=Item.State.PUBLISHED, interprets__isnull=False,
                               published_on__range=year_range(year)).count()


def ledger_figures(agency, year: int) -> dict:
    """Every ledger figure of the year in one dict (keys are a contract with the report)."""
    posts_by_channel = (ChannelPosts.objects.filter(agency=agency, year=year)
                        .values("channel_id", "channel__name", "channel__kind")
                        .annotate(total=Sum("posts")).order_by("-total", "channel__name"))
    channels = [{"name": row["channel__name"], "posts": row["total"]} for row in posts_by_channel if row["total"]]
    posts_total = sum(row["total"] for row in posts_by_channel)
    new_media = sum(row["total"] for row in posts_by_channel if row["channel__kind"] != Channel.Kind.PORTAL)

    press = _in_year(PressConference, "held_on", agency, year).aggregate(n=Count("id"), live=Sum("live_media_count"))

    media = {label: 0 for label in MediaLevel.labels}
    for row in MediaOutput.objects.filter(agency=agency, year=year).values("level").annotate(total=Sum("count")):
        media[MediaLevel(row["level"]).label] += row["total"]

    paper = {label: 0 for label in PaperCopy.Recipient.labels}
    for row in _in_year(PaperCopy, "sent_on", agency, year).values("recipient").annotate(total=Sum("documents")):
        paper[PaperCopy.Recipient(row["recipient"]).label] += row["total"]

    training = _in_year(TrainingSession, "held_on", agency, year).aggregate(n=Count("id"), people=Sum("participants"))

    return {
        "channels": channels,
        "channels_count": len(channels),
        "posts_total": posts_total,
        "new_media_posts": new_media,
        "press_conferences": press["n"],
        "press_conferences_live_media": press["live"] or 0,
        "media_output": media,
        "media_output_total": sum(media.values()),
        "paper_copies": paper,
        "paper_copies_total": sum(paper.values()),
        "training_sessions": training["n"],
        "training_participants": training["people"] or 0,
        "open_days": _in_year(OpenDay, "held_on", agency, year).count(),
        "opinion_responses": _in_year(OpinionResponse, "responded_on", agency, year).count(),
        "clarifications": _in_year(Clarification, "published_on", agency, year).count(),
        "policy_interpretations": policy_interpretations(agency, year),
    }


UNIT_FIGURE_KEYS = ("posts", "press_conferences", "media_output", "paper_copies", "training_sessions",
                    "training_participants", "open_days", "opinion_responses", "clarifications")


def unit_figures(agency, year: int) -> list[dict]:
    """Per unit, the figures that add up across units (for the office's follow-up of who did what).

    Only units with at least one line in the year; each dict has "unit" (name), "unit_id" and the
    UNIT_FIGURE_KEYS. Channel counts are not per unit: a channel is shared by the units posting on it.
    """
    figures: dict[int, dict] = defaultdict(lambda: dict.fromkeys(UNIT_FIGURE_KEYS, 0))

    def add(rows, key, value="total"):
        for row in rows:
            figures[row["unit_id"]][key] += row[value] or 0

    add(ChannelPosts.objects.filter(agency=agency, year=year).values("unit_id").annotate(total=Sum("posts")), "posts")
    add(_in_year(PressConference, "held_on", agency, year).values("unit_id").annotate(total=Count("id")),
        "press_conferences")
    add(MediaOutput.objects.filter(agency=agency, year=year).values("unit_id").annotate(total=Sum("count")),
        "media_output")
    add(_in_year(PaperCopy, "sent_on", agency, year).values("unit_id").annotate(total=Sum("documents")),
        "paper_copies")
    training = _in_year(TrainingSession, "held_on", agency, year).values("unit_id").annotate(
        total=Count("id"), people=Sum("participants"))
    add(training, "training_sessions")
    add(training, "training_participants", "people")
    add(_in_year(OpenDay, "held_on", agency, year).values("unit_id").annotate(total=Count("id")), "open_days")
    add(_in_year(OpinionResponse, "responded_on", agency, year).values("unit_id").annotate(total=Count("id")),
        "opinion_responses")
    add(_in_year(Clarification, "published_on", agency, year).values("unit_id").annotate(total=Count("id")),
        "clarifications")

    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=figures)}
    ordered = sorted(figures, key=lambda pk: (units[pk].sort_order, units[pk].name))
    return [{"unit": units[pk].name, "unit_id": pk, **figures[pk]} for pk in ordered]
