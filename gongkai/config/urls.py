"""Top-level URL map: the admin for staff, the API for other systems, the portal for the public."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "公开 · 政务公开管理平台"
admin.site.site_title = "公开管理平台"
admin.site.index_title = "工作台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("requests/", include("gongkai.inforequests.urls")),
    path("", include("gongkai.api.urls")),  # /api/v1/ and /api/docs; /api/search and /api/credit stay the portal's
    path("", include("gongkai.portal.urls")),
]
