"""Staff URLs of the request app outside the admin: the letters' downloads."""

from django.urls import path

from gongkai.inforequests import letter_views

app_name = "inforequests"

urlpatterns = [
    path("letter/<int:pk>/<str:kind>/<str:fmt>/", letter_views.letter, name="letter"),
]
