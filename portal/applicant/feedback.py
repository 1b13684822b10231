"""The applicant's feedback reports (评审反馈报告): the list released to them and the PDF.

Who: the applicant once the decision about them is made, and the city's office (any time); others 404.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from awards.domain import access
from awards.models import Application
from core.pdf import render_pdf
from portal.decorators import requires
from portal.shared.charts import report_profile
from reviews.domain import feedback


@requires()
def my_reports(request):
    """An applicant: the feedback reports released to them."""
    apps = get_objects_for_user(request.user, "awards.act_as_applicant", Application, accept_global_perms=False)
    apps = apps.filter(status__in=feedback.RELEASED).select_related("cycle__city", "organisation", "individual")
    return render(request, "reviews/ranking/my_reports.html", {"applications": apps.order_by("-submitted_at")})


@requires()
def feedback_pdf(request, app_pk):
    """The city's office at any time; the applicant once the decision about it is made; others 404."""
    application = (Application.objects.with_rules().select_related("organisation", "individual")
                   .filter(pk=app_pk).first())
    access.require(request.user, "applicant.feedback_report", application)
    report = feedback.build(application)
    if report is None:
        raise Http404(_("该申报尚无评审共识评分，暂不能生成评审反馈报告。"))
    pdf = render_pdf("pdf/feedback.html", {"report": report, "cycle": application.cycle,
                                           "city": application.cycle.city,
                                           "profile_chart": report_profile(report, for_print=True)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feedback-{application.reference}.pdf"'
    return response
