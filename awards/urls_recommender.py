"""URLs of the recommender area (namespace "recommender")."""

app_name = "recommender"

urlpatterns = []
