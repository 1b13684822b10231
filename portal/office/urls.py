"""Pages of the review office (评审办 / 秘书处 / 市强市办): intake queues and decisions, objections, the
expert pool and panels, stage inputs, the ranking (namespace "office")."""

from django.urls import path

from . import (
    approval,
    certificates,
    complaints,
    conduct,
    cycles,
    documents,
    duties,
    objections,
    panels,
    ranking,
    ranking_detail,
    revocations,
    supervision,
    views,
)

app_name = "office"

urlpatterns = [
    # intake
    path("office/", views.home, name="home"),
    path("office/<slug:city>/queue/<slug:status>/", views.queue, name="queue"),
    path("office/<slug:city>/queue/<slug:status>/export/", views.export_queue, name="export"),
    path("office/<slug:city>/failed-emails/", views.failed_emails, name="failed_emails"),
    path("office/<slug:city>/cycles/", cycles.open_cycle, name="cycles"),
    path("office/cycles/<int:pk>/self-assessment-limit/", cycles.self_assessment_limit, name="self_assessment_limit"),
    path("office/<slug:city>/document-access/", documents.denied_list, name="document_access"),
    path("office/applications/<int:pk>/", views.application_detail, name="application"),
    path("office/applications/<int:pk>/eligibility/", views.save_check, name="save_check"),
    path("office/applications/<int:pk>/accept/", views.accept, name="accept"),
    path("office/applications/<int:pk>/supplement/", views.request_supplement, name="request_supplement"),
    path("office/applications/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("office/notices/<int:pk>/resend/", views.resend, name="resend"),
    # objections to publicities
    path("office/<slug:city>/objections/", objections.objection_list, name="objections"),
    path("office/objections/<int:pk>/resolve/", objections.resolve, name="resolve_objection"),
    # complaints about the process (投诉举报); the city's supervisors read the list
    path("office/<slug:city>/complaints/", complaints.complaint_list, name="complaints"),
    path("office/complaints/<int:pk>/", complaints.handle, name="complaint"),
    # experts, panels and stage inputs
    path("reviews/office/experts/", panels.expert_pool, name="experts"),
    path("reviews/office/experts/<int:pk>/", conduct.expert_detail, name="expert"),
    path("reviews/office/experts/<int:pk>/disqualify/", conduct.disqualify, name="expert_disqualify"),
    path("reviews/office/<slug:city>/expert-review/<int:year>/", conduct.expert_review, name="expert_review"),
    path("reviews/office/panels/", panels.panel_list, name="panels"),
    path("reviews/office/panels/<int:pk>/", panels.panel_detail, name="panel"),
    path("reviews/office/panels/<int:pk>/assign/", panels.panel_assign, name="panel_assign"),
    path("reviews/office/panels/<int:pk>/members/", panels.panel_add_member, name="panel_add_member"),
    path("reviews/office/panels/<int:pk>/recuse/", panels.recuse, name="recuse"),
    path("reviews/office/panels/<int:pk>/leader/", panels.panel_leader, name="panel_leader"),
    path("reviews/office/panels/<int:pk>/applications/<int:app_pk>/advance/", panels.advance, name="advance"),
    path("reviews/office/cycles/<int:pk>/results/", panels.cycle_results, name="results"),
    path("reviews/office/applications/<int:app_pk>/survey/", panels.survey, name="survey"),
    path("reviews/office/applications/<int:app_pk>/survey/advance/", panels.survey_advance, name="survey_advance"),
    path("reviews/office/cycles/<int:pk>/comments/publish/", panels.publish_comments, name="publish_comments"),
    path("reviews/office/comments/<int:publicity_pk>/", panels.comments, name="comments"),
    # the ranking (supervisors read the board)
    path("reviews/ranking/", ranking.index, name="ranking_index"),
    path("reviews/ranking/<int:cycle_pk>/", ranking.board_page, name="ranking_board"),
    path("reviews/ranking/<int:cycle_pk>/confirm/", ranking.confirm, name="ranking_confirm"),
    path("reviews/ranking/<int:cycle_pk>/export.csv", ranking.export, name="ranking_export"),
    path("reviews/ranking/<int:cycle_pk>/set-aside/", ranking.set_aside, name="ranking_set_aside"),
    path("reviews/ranking/<int:cycle_pk>/bring-back/", ranking.bring_back, name="ranking_bring_back"),
    path("reviews/ranking/<int:cycle_pk>/weights/<slug:award_kind>/", ranking.weights_page, name="ranking_weights"),
    path("reviews/ranking/<int:cycle_pk>/applications/<int:app_pk>/", ranking_detail.application_detail,
         name="ranking_application"),
    # the 届's supervisory group (Jinan 第九条): appointed and dissolved by the office
    path("office/cycles/<int:cycle_pk>/supervision/", supervision.group_page, name="supervision"),
    path("office/cycles/<int:cycle_pk>/supervision/dissolve/", supervision.dissolve, name="supervision_dissolve"),
    # after the award: the government's decision, certificates and the ledger, duties, revocation (honours)
    path("office/<slug:city>/approval/", approval.queue, name="approval"),
    path("office/<slug:city>/approval/record/", approval.record, name="approval_record"),
    path("office/decisions/<int:pk>/file/", approval.decision_file, name="decision_file"),
    path("office/<slug:city>/certificates/", certificates.index, name="certificates"),
    path("office/cycles/<int:cycle_pk>/certificates/generate/", certificates.batch_start,
         name="certificate_batch_start"),
    path("office/certificate-batches/<int:pk>/", certificates.batch, name="certificate_batch"),
    path("office/certificate-batches/<int:pk>/archive.zip", certificates.archive, name="certificate_archive"),
    path("office/certificates/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path("office/<slug:city>/ledger/", certificates.ledger, name="ledger"),
    path("office/<slug:city>/duties/", duties.overview, name="duties"),
    path("office/yearly-reports/<int:pk>/consequence/", duties.report_consequence, name="report_consequence"),
    path("office/yearly-reports/<int:pk>/file/", duties.report_file, name="report_file"),
    path("office/applications/<int:pk>/revisits/", duties.revisit_plan, name="revisit_plan"),
    path("office/revisits/<int:pk>/", duties.revisit, name="revisit"),
    path("office/re-evaluations/<int:pk>/", duties.re_evaluation, name="re_evaluation"),
    path("office/<slug:city>/revocations/", revocations.case_list, name="revocations"),
    path("office/applications/<int:pk>/revocations/open/", revocations.open_case, name="revocation_open"),
    path("office/revocations/<int:pk>/", revocations.case, name="revocation_case"),
    path("office/revocation-steps/<int:pk>/evidence/", revocations.evidence, name="revocation_evidence"),
]
