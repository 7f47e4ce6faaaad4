"""Fixtures for the publishing protocol: a built-site root, the directory, and a recorder of public_state_changed."""

from __future__ import annotations

import pytest

from gongkai.publishing.signals import public_state_changed
from tests.portal.conftest import directory, make_item, site_root  # noqa: F401  (the portal's fixtures, reused)


class SignalLog:
    """Every public_state_changed sent while the test runs: (model name, object ids, change)."""

    def __init__(self):
        self.calls: list[tuple[str, list[int], str]] = []

    def __call__(self, sender, instances, change, **kwargs):
        self.calls.append((sender.__name__, [instance.pk for instance in instances], str(change)))

    def take(self) -> list[tuple[str, list[int], str]]:
        calls, self.calls = self.calls, []
        return calls


@pytest.fixture
def signals():
    log = SignalLog()
    public_state_changed.connect(log, dispatch_uid="test-signal-log")
    yield log
    public_state_changed.disconnect(dispatch_uid="test-signal-log")
