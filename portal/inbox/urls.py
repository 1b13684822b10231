"""Every signed-in user's inbox (namespace "inbox")."""

from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("inbox/", views.inbox, name="list"),
    path("inbox/<int:pk>/", views.notice_detail, name="detail"),
    path("inbox/read-all/", views.mark_all_read, name="read_all"),
]
