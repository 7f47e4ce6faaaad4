"""URLs of the search page and its JSON twin."""

app_name = "search"
urlpatterns = []
