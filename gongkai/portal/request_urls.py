"""URLs of the online request form, its receipt and the status query."""

from django.urls import path

from gongkai.portal import request_views

app_name = "requests_public"
urlpatterns = [
    path("ysqgk/", request_views.request_form, name="form"),
    path("ysqgk/receipt/", request_views.request_receipt, name="receipt"),
    path("ysqgk/status/", request_views.request_status, name="status"),
]
