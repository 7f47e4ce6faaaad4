"""The one signal a public change sends: `public_state_changed`, and `announce`, the way services send it.

Sent with sender = the model class and these arguments:
  instances    the changed objects (one, or many for a batch such as the daily expiry),
  agency_ids   the agencies they belong to,
  change       Change.PUBLISHED, CHANGED or WITHDRAWN,
  rebuild_site False when the caller rebuilds the site itself (demo loaders, a full build follows).

Services send it inside the transaction that changes the public state, after the change and its
audit entry (Wagtail's actions do the same: mutate, log, signal). That is deliberate: the search
index joins that transaction, so its generation moves in the same commit as the change and a cached
search page can never outlive it (search/generation.py); a receiver that acts outside the database
(the portal writing files) defers its work with transaction.on_commit, so a rolled-back change never
reaches the site. A receiver therefore never assumes the change has committed when it is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.dispatch import Signal

public_state_changed = Signal()


class Change(StrEnum):
    PUBLISHED = "published"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"


def announce(instances: Iterable, change: Change | str, *, rebuild_site: bool = True) -> None:
    """Send `public_state_changed` once for `instances` (all of one model); nothing when there are none."""
    instances = list(instances)
    if not instances:
        return
    model = type(instances[0])
    if any(type(instance) is not model for instance in instances):
        raise TypeError("announce() takes instances of one model per call")
    agency_ids = sorted({instance.agency_id for instance in instances})
    public_state_changed.send(sender=model, instances=instances, agency_ids=agency_ids, change=Change(change),
                              rebuild_site=rebuild_site)
