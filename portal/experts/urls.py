"""Pages of panel experts and leaders: tasks, declarations, materials, score sheets, consensus
(namespace "experts")."""

from django.urls import path

from . import consensus, ratings, views

app_name = "experts"

urlpatterns = [
    path("reviews/", views.queue, name="queue"),
    path("reviews/profile/", views.profile, name="profile"),
    path("reviews/tasks/<int:pk>/declare/", views.declare, name="declare"),
    path("reviews/tasks/<int:pk>/materials/", views.materials, name="materials"),
    path("reviews/tasks/<int:pk>/sheet/", views.sheet, name="sheet"),
    path("reviews/tasks/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("reviews/tasks/<int:pk>/rate/", ratings.rate, name="rate"),
    path("reviews/panels/<int:panel_pk>/applications/<int:app_pk>/consensus/", consensus.consensus_page,
         name="consensus"),
]
