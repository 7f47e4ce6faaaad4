"""URLs of the pages the site builder renders (home, directory, items, guide, feeds)."""

from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
]
