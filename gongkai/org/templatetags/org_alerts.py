"""Template tag that puts open system alerts at the top of every admin page."""

from django import template
from django.utils.html import format_html, format_html_join

from gongkai.org.models import AdminAlert

register = template.Library()


@register.simple_tag(takes_context=True)
def open_admin_alerts(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("org.view_adminalert"):
        return ""
    alerts = AdminAlert.objects.filter(resolved_at__isnull=True).order_by("-refreshed_at")[:5]
    if not alerts:
        return ""
    items = format_html_join(
        "", '<li class="{}">{}</li>', ((("warning" if a.level == "warning" else "info"), a.message) for a in alerts)
    )
    return format_html('<ul class="messagelist" id="admin-alerts">{}</ul>', items)
