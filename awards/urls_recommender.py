"""URLs of the recommender area (namespace "recommender")."""

from django.urls import path

from .views import recommender as views

app_name = "recommender"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/", views.act, name="act"),
    path("publicity/", views.publish, name="publish"),
    path("<int:pk>/objections/<int:objection_pk>/resolve/", views.resolve_objection, name="resolve_objection"),
]
