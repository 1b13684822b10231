"""The ranking's detail of one application (综合评价·申报详情): its score at each stage, its combined score and
place where a list was confirmed, and its profile over the categories of its score sheet (a chart).

Who: the same readers as the ranking board, the city's office and the city's supervisors (``ranking.read``);
others 403; an application not of the cycle, or a cycle without ranking rules, 404. No form: read only.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from awards.domain import access
from awards.models import Application, Cycle
from portal.decorators import requires
from portal.shared.charts import report_profile
from reviews.domain import feedback


@requires()
def application_detail(request, cycle_pk, app_pk):
    """The city's office and supervisors: one application's scores and its profile, from the board."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, "ranking.read", cycle)
    if cycle.rules.ranking is None:
        raise Http404(_("该城市规则文件未设定综合评价规则。"))
    application = get_object_or_404(
        Application.objects.with_rules().select_related("organisation", "individual"), pk=app_pk, cycle=cycle)
    report = feedback.build(application)
    return render(request, "reviews/ranking/application.html", {
        "cycle": cycle, "app": application, "report": report,
        "profile_chart": report_profile(report) if report else None,
        "office": access.is_office(request.user, cycle.city),
    })
