"""URLs of drafts for public comment and the comment form."""

from django.urls import path

from gongkai.portal import consultations

app_name = "consultations"
urlpatterns = [
    path("zqyj/", consultations.consultation_list, name="list"),
    path("zqyj/<int:pk>/", consultations.consultation_detail, name="detail"),
    path("zqyj/<int:pk>/thanks/", consultations.consultation_thanks, name="thanks"),
]
