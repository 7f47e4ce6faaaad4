"""Rendering the public portal into var/site (placeholder until the builder lands)."""


def rebuild_for_item(item_id: int) -> None:
    pass
