"""Pages of the city's supervisors (namespace "supervisor"): what they watch, read only, and the written opinions of
a 届's supervisory group (Jinan 第九条, 第十六条; Qujing 第二十七条)."""

from django.urls import path

from . import views

app_name = "supervisor"

urlpatterns = [
    path("supervision/", views.index, name="index"),
    path("supervision/cycles/<int:cycle_pk>/", views.cycle_page, name="cycle"),
    path("supervision/cycles/<int:cycle_pk>/opinions/", views.opinion, name="opinion"),
    path("supervision/opinions/<int:pk>/file/", views.opinion_file, name="opinion_file"),
]
