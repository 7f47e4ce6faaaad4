"""URLs of the search page and its JSON twin."""

from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search", views.search_api, name="search_api"),
]
