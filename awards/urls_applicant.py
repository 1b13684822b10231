"""URLs of the applicant area (namespace "applicant")."""

from django.urls import path

from .views import applicant as views

app_name = "applicant"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup_choice, name="signup"),
    path("signup/organisation/", views.signup_organisation, name="signup_organisation"),
    path("signup/individual/", views.signup_individual, name="signup_individual"),
    path("members/<int:pk>/decide/", views.decide_join, name="decide_join"),
    path("cycle/<int:cycle_pk>/", views.start, name="start"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/documents/<int:doc_pk>/remove/", views.remove_document, name="remove_document"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("documents/<int:doc_pk>/", views.document, name="document"),
]
