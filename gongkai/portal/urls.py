"""Public URL map: built pages, search, consultations (each part owns its own URL module)."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.portal.page_urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.portal.consultation_urls")),
    path("", include("gongkai.portal.request_urls")),
    path("", include("gongkai.portal.credit_urls")),
]
