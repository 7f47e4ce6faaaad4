"""Template context for every public page rendered by a view (search, forms): the frame base.html needs.

The site builder passes the same keys itself (pages.shared_context), so built and dynamic pages
share one header, navigation and footer. Lazy, so admin pages that never print them pay nothing.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from gongkai.portal import pages, paths


def site_identity(request):
    found = {}

    def agency():
        if "agency" not in found:
            found["agency"] = pages.portal_agency()
        return found["agency"]

    def navigation():
        return pages.navigation(pages.ColumnTree(agency()) if agency() is not None else None)

    def current_section():
        return pages.section_of(request.path, {"portal_nav": navigation()})

    return {
        "site_identity": settings.SITE_IDENTITY,
        "portal_agency": SimpleLazyObject(agency),
        "portal_nav": SimpleLazyObject(navigation),
        "current_section": SimpleLazyObject(current_section),
        "page_path": request.path,
        "site_urls": SimpleLazyObject(paths.site_urls),
    }
