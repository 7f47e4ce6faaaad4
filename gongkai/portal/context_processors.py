"""Template context for every public page: the footer identifiers of a government website."""

from django.conf import settings


def site_identity(request):
    return {"site_identity": settings.SITE_IDENTITY}
