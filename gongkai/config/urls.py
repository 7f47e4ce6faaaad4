"""Top-level URL map: the admin for staff, the API for other systems, the portal for the public."""

from django.contrib import admin
from django.urls import include, path

from gongkai.workbench.views import model_list, workbench

admin.site.site_header = "公开 · 政务公开管理平台"
admin.site.site_title = "公开管理平台"
admin.site.index_title = "工作台"

urlpatterns = [
    path("admin/", admin.site.admin_view(workbench), name="workbench"),  # the first screen; before the admin's index
    path("admin/models/", admin.site.admin_view(model_list), name="workbench_models"),
    path("admin/", admin.site.urls),
    path("requests/", include("gongkai.inforequests.urls")),
    path("", include("gongkai.api.urls")),  # /api/v1/ and /api/docs; /api/search and /api/credit stay the portal's
    path("", include("gongkai.portal.urls")),
]
