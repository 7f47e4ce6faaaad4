"""The admin's first screen (/admin/): the user's workbench; Django's model list moves to /admin/models/."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

from gongkai.workbench.counts import build


def workbench(request):
    """Wrapped in `admin.site.admin_view` by the URL map: staff only, the login page otherwise."""
    context = {
        **admin.site.each_context(request),
        "title": "工作台",
        "today": timezone.localdate(),
        "workbench": build(request, timezone.localdate()),
    }
    return TemplateResponse(request, "workbench/index.html", context)


def model_list(request):
    """Django's index of every model the user may reach, one click from the workbench."""
    return admin.site.index(request, extra_context={"title": "全部功能"})
