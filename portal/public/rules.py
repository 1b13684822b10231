from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.diagram import workflow_svg
from awards.domain import complaints, objections
from awards.workflow import staff_label
from cities.models import City
from cities.schema import PeriodKey
from core.i18n import join_list
from portal.decorators import public
from portal.shared import page_cache
from portal.shared.page_cache import cached_page
from reviews.domain import schemes


@cached_page(page_cache.RULES)
@public
def city_list(request):
    """Public."""
    return render(request, "cities/list.html", {"cities": City.objects.order_by("code")})


@cached_page(page_cache.RULES)
@public
def city_rules(request, code):
    """Public: a city's rules in force, each value with its article."""
    city = get_object_or_404(City, code=code)
    rule_set = city.current_rules()
    if rule_set is None:
        raise Http404(_("该城市尚未载入规则。"))
    rules = rule_set.rules
    actor_names = {"recommender": _("推荐单位"), "office": rules.bodies.office.value,
                   "system": _("系统（期满自动处理）"), "committee": rules.bodies.deciding_body.value}
    stages = [
        {
            "label": staff_label(stage.kind.value, rules),
            "actor": actor_names.get(stage.actor.value, stage.actor.value),
            "period": rules.period_of(stage),
            "applies": join_list(_("组织") if k == "organisation" else _("个人") for k in stage.applies_to),
            "article": stage.article,
        }
        for stage in rules.stages
    ]
    names = {kind.key: kind.name for kind in rules.award_kinds}
    awards = [{"kind": kind, "scheme": _scheme_name(kind.scoring_scheme.value),
               "repeat_outside": rules.repeat_outside(kind.key)} for kind in rules.award_kinds]
    quotas = [{"quota": q, "awards": join_list(names.get(k, k) for k in q.award_kinds)}
              for q in rules.quotas]
    cycles = city.cycles.select_related("rule_set").defer("rule_set__content").order_by("-year")[:20]
    context = {"city": city, "rule_set": rule_set, "rules": rules, "stages": stages, "awards": awards,
               "standing_today": rules.measure.standing_on(timezone.localdate()), "cycles": cycles,
               "quotas": quotas, "periods": [(PeriodKey(k).label, v) for k, v in rules.periods.items()],
               "procedures": {g.key: rules.post_award.procedure_of(g.key) for g in rules.post_award.revocation_grounds}}
    context["objection_route"] = [{"body": objections.role_name(rules, s.role), "label": s.label,
                                   "citation": s.citation} for s in objections.route(rules)]
    context["complaint_body"] = complaints.body_name(rules, complaints.receiver_role(rules))
    context["complaint_citation"] = complaints.receiver_citation(rules)
    return render(request, "cities/rules.html", context)


def _scheme_name(key: str) -> str:
    """The score sheet's own name (cities/schemes/<key>.yaml), not its file key."""

    try:
        return schemes.load(key).name
    except KeyError:  # no such sheet file: show the key as the rule file writes it
        return key


@cached_page(page_cache.RULES)
@public
def city_workflow_svg(request, code):
    """Public: the city's state diagram, drawn from the same rule file as the state machine."""
    city = get_object_or_404(City, code=code)
    if city.current_rules() is None:
        raise Http404(_("该城市尚未载入规则。"))
    return HttpResponse(workflow_svg(city.current_rules().rules), content_type="image/svg+xml")
