"""Pages of recommender units (namespace "recommender")."""

from django.urls import path

from . import views

app_name = "recommender"

urlpatterns = [
    path("recommend/", views.queue, name="queue"),
    path("recommend/<int:pk>/", views.detail, name="detail"),
    path("recommend/<int:pk>/act/", views.act, name="act"),
    path("recommend/publicity/", views.publish, name="publish"),
    path("recommend/<int:pk>/objections/<int:objection_pk>/resolve/", views.resolve_objection,
         name="resolve_objection"),
]
