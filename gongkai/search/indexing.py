"""Keeping the search index in step with published items (placeholder until the backends land)."""


def index_item(item) -> None:
    pass


def unindex_item(item) -> None:
    pass
