"""URLs of drafts for public comment and the comment form."""

app_name = "consultations"
urlpatterns = []
