"""Until the portal is built, `/` names the bureau and links to the admin."""

import pytest


@pytest.mark.django_db
def test_home_names_the_bureau_and_links_to_the_admin(client, demo_bureau):
    page = client.get("/").content.decode()
    assert "示范市公安局" in page and 'href="/admin/"' in page
    assert '<meta charset="utf-8">' in page
