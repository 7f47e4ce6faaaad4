"""Public pages."""

from django.shortcuts import render

from gongkai.org.models import Agency


def home(request):
    return render(request, "portal/home.html", {"agencies": Agency.objects.order_by("name")})
