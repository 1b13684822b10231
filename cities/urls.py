from django.urls import path

from . import views

app_name = "cities"
urlpatterns = [
    path("", views.city_list, name="list"),
    path("<slug:code>/rules/", views.city_rules, name="rules"),
    path("<slug:code>/workflow.svg", views.city_workflow_svg, name="workflow_svg"),
]
