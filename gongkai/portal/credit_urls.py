"""URLs of the public 双公示 pages: /xygs/ (query, detail, 双公示目录) and the JSON twins under /api/credit."""

from django.urls import path

from gongkai.portal import credit_views

app_name = "credit_public"
urlpatterns = [
    path("xygs/", credit_views.credit_query_page, name="query"),
    path("xygs/catalog/", credit_views.credit_catalog_page, name="catalog"),
    path("xygs/<str:kind>/<int:pk>/", credit_views.credit_detail_page, name="detail"),
    path("api/credit", credit_views.credit_query_api, name="api"),
    path("api/credit/<str:kind>/<int:pk>", credit_views.credit_detail_api, name="api_detail"),
]
