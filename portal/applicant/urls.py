"""Pages of applicants: sign-up, the 申报表, status, answers to 补正, feedback reports (namespace "applicant")."""

from django.urls import path

from . import certificates, duties, feedback, organisation, ratings, self_assessment, supplement, views

app_name = "applicant"

urlpatterns = [
    path("apply/", views.home, name="home"),
    path("apply/signup/", views.signup_choice, name="signup"),
    path("apply/signup/organisation/", views.signup_organisation, name="signup_organisation"),
    path("apply/signup/individual/", views.signup_individual, name="signup_individual"),
    path("apply/members/<int:pk>/decide/", views.decide_join, name="decide_join"),
    path("apply/organisation/<int:pk>/", organisation.profile, name="organisation"),
    path("apply/cycle/<int:cycle_pk>/", views.start, name="start"),
    path("apply/<int:pk>/", views.edit, name="edit"),
    path("apply/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("apply/<int:pk>/upload/", views.upload, name="upload"),
    path("apply/<int:pk>/documents/<int:doc_pk>/remove/", views.remove_document, name="remove_document"),
    path("apply/<int:pk>/check/", views.check, name="check"),
    path("apply/<int:pk>/submit/", views.submit, name="submit"),
    path("apply/<int:pk>/status/", views.status, name="status"),
    path("apply/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("apply/<int:pk>/reviewer-ratings/", ratings.rate_reviewers, name="rate_reviewers"),
    path("apply/documents/<int:doc_pk>/", views.document, name="document"),
    # the 自评报告 written online (one section per item of the score sheet)
    path("apply/<int:pk>/self-assessment/", self_assessment.editor, name="self_assessment"),
    path("apply/<int:pk>/self-assessment/autosave/", self_assessment.autosave, name="self_assessment_autosave"),
    path("apply/<int:pk>/self-assessment/<str:key>/upload/", self_assessment.upload, name="self_assessment_upload"),
    path("apply/<int:pk>/self-assessment/report.pdf", self_assessment.pdf, name="self_assessment_pdf"),
    # the supplement round trip (补正), and the formal notices (also read by the office)
    path("supplement/<int:pk>/", supplement.answer, name="supplement"),
    path("supplement/notices/<int:pk>/pdf/", supplement.formal_notice, name="formal_notice"),
    # the feedback report (评审反馈报告)
    path("reviews/feedback/", feedback.my_reports, name="feedback_list"),
    path("reviews/feedback/<int:app_pk>/report.pdf", feedback.feedback_pdf, name="feedback_pdf"),
    # after the award: certificates, yearly reports, revisits, 复评 (honours)
    path("apply/<int:pk>/certificates/", certificates.certificate_list, name="certificates"),
    path("apply/certificates/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path("apply/<int:pk>/duties/", duties.duties, name="duties"),
    path("apply/yearly-reports/<int:pk>/upload/", duties.report_upload, name="report_upload"),
    path("apply/<int:pk>/re-evaluation/", duties.re_evaluation_request, name="re_evaluation_request"),
]
