"""URLs of the office area (namespace "office")."""

app_name = "office"

urlpatterns = []
