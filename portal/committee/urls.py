"""Pages of the committee's sitting: open, vote, count (namespace "committee"; supervisors read)."""

from django.urls import path

from . import objections, re_evaluations, revocations, views

app_name = "committee"

urlpatterns = [
    path("reviews/committee/", views.index, name="index"),
    path("reviews/committee/<int:cycle_pk>/", views.sitting_page, name="sitting"),
    path("reviews/committee/<int:cycle_pk>/open/", views.open_sitting, name="open"),
    path("reviews/committee/<int:cycle_pk>/vote/<int:app_pk>/", views.vote, name="vote"),
    path("reviews/committee/<int:cycle_pk>/report/<int:app_pk>/", views.candidate_report, name="candidate_report"),
    path("reviews/committee/<int:cycle_pk>/count/", views.count, name="count"),
    # after the award: revocation cases and 复评 decisions the deciding body records (honours)
    path("committee/revocations/", revocations.case_list, name="revocations"),
    path("committee/revocations/<int:pk>/", revocations.case, name="revocation_case"),
    path("committee/re-evaluations/<int:pk>/", re_evaluations.re_evaluation, name="re_evaluation"),
    # objections to a 公示 whose decision (or investigation) the rules give the deciding body (awards.domain.objections)
    path("committee/objections/", objections.objection_list, name="objections"),
    path("committee/objections/<int:pk>/decide/", objections.decide, name="decide_objection"),
]
