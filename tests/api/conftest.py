"""API fixtures: two agencies, tokens per ability (issued the way the admin issues them), sample records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from gongkai.api import usage
from gongkai.api.models import Ability, SystemToken
from gongkai.credit.samples import RowFactory, rows

from tests.portal.conftest import directory, make_item  # noqa: F401  (fixtures)

ALL = [a.value for a in Ability]


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    """Rate counters and read tallies from another test never reach this one; limits high unless a test
    lowers them."""
    settings.API_RATE_LIMITS = {"anonymous": (10**6, 60), "read": (10**6, 60), "write": (10**6, 60)}
    caches["ratelimit"].clear()
    usage.discard()
    yield
    usage.discard()
    caches["ratelimit"].clear()


@pytest.fixture
def issue(demo_bureau):
    """issue(abilities, agency=..., unit=..., expires_in=...) → (SystemToken, secret)."""

    def make(abilities=ALL, *, agency=None, unit=None, name="警务综合平台", expires_in=dt.timedelta(days=30)):
        token = SystemToken(agency=agency or demo_bureau, unit=unit, name=name, abilities=list(abilities),
                            expires_at=timezone.now() + expires_in)
        secret = token.issue()
        token.save()
        return token, secret

    return make


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api_client():
    return Client()


@pytest.fixture
def penalty_rows(demo_bureau):
    """count → that many valid penalty records (dicts keyed by field code), decided in the last months."""
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=7, start=timezone.localdate() - dt.timedelta(days=90),
                         days=60)

    def make(count: int, first: int = 0) -> list[dict]:
        return list(rows(factory, "penalty", count, first=first))

    return make
