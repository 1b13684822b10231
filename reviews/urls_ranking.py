"""URLs of the ranking, the committee's vote and the feedback report (added to reviews.urls, namespace "reviews")."""

from django.urls import path

from .views import committee, ranking

urlpatterns = [
    path("ranking/", ranking.index, name="ranking_index"),
    path("ranking/<int:cycle_pk>/", ranking.board_page, name="ranking_board"),
    path("ranking/<int:cycle_pk>/confirm/", ranking.confirm, name="ranking_confirm"),
    path("ranking/<int:cycle_pk>/weights/<slug:award_kind>/", ranking.weights_page, name="ranking_weights"),
    path("committee/", committee.index, name="committee_index"),
    path("committee/<int:cycle_pk>/", committee.sitting_page, name="committee"),
    path("committee/<int:cycle_pk>/open/", committee.open_sitting, name="committee_open"),
    path("committee/<int:cycle_pk>/vote/<int:app_pk>/", committee.vote, name="committee_vote"),
    path("committee/<int:cycle_pk>/count/", committee.count, name="committee_count"),
    path("feedback/", ranking.my_reports, name="feedback_list"),
    path("feedback/<int:app_pk>/report.pdf", ranking.feedback_pdf, name="feedback_pdf"),
]
