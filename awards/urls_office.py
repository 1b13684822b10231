"""URLs of the office area (namespace "office")."""

from django.urls import path

from .views import objections, office

app_name = "office"

urlpatterns = [
    path("", office.home, name="home"),
    path("<slug:city>/queue/<slug:status>/", office.queue, name="queue"),
    path("<slug:city>/queue/<slug:status>/export/", office.export_queue, name="export"),
    path("<slug:city>/failed-emails/", office.failed_emails, name="failed_emails"),
    path("applications/<int:pk>/", office.application_detail, name="application"),
    path("applications/<int:pk>/eligibility/", office.save_check, name="save_check"),
    path("applications/<int:pk>/accept/", office.accept, name="accept"),
    path("applications/<int:pk>/supplement/", office.request_supplement, name="request_supplement"),
    path("applications/<int:pk>/refuse/", office.refuse, name="refuse"),
    path("notices/<int:pk>/resend/", office.resend, name="resend"),
    path("<slug:city>/objections/", objections.objection_list, name="objections"),
    path("objections/<int:pk>/resolve/", objections.resolve, name="resolve_objection"),
]
