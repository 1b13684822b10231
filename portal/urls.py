"""Every page of the portal, by who is looking. Each audience keeps its own url module and namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.public.urls")),
    path("", include("portal.inbox.urls")),
    path("", include("portal.applicant.urls")),
    path("", include("portal.recommender.urls")),
    path("", include("portal.office.urls")),
    path("", include("portal.experts.urls")),
    path("", include("portal.committee.urls")),
]
