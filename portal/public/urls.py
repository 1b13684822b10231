"""Pages anyone may read, signed in or not (namespace "public")."""

from django.urls import path

from . import announcements, comments, complaints, language, reviewer_notices, rules, verify, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity_detail"),
    path("publicity/<int:pk>/objection/", views.objection_form, name="objection_form"),  # its own page: CSRF
    path("winners/", views.winners, name="winners"),
    path("language/<str:code>/", language.switch_language, name="language"),  # a plain link, no form
    # complaints about the process (投诉举报) and following a complaint or an objection by its reference number
    path("complaints/", complaints.complaint_form, name="complaints"),
    path("complaints/status/", complaints.complaint_status, name="complaint_status"),
    path("objections/status/", complaints.objection_status, name="objection_status"),
    path("cities/", rules.city_list, name="city_list"),
    path("cities/<slug:code>/rules/", rules.city_rules, name="city_rules"),
    path("cities/<slug:code>/workflow.svg", rules.city_workflow_svg, name="workflow_svg"),
    path("reviews/comments/", comments.comment_periods, name="comment_periods"),
    path("reviews/comments/<int:publicity_pk>/", comments.comment_form, name="comment_form"),
    # after the award: announcements (表彰公告, revocation notices) and certificate verification (honours)
    path("announcements/", announcements.archive, name="announcements"),
    path("announcements/<int:pk>/", announcements.announcement, name="announcement"),
    path("announcements/reviewers/", reviewer_notices.reviewer_notices, name="reviewer_notices"),
    path("verify/", verify.verify, name="verify"),
    path("verify/<str:code>/", verify.verify_code, name="verify_code"),
]
