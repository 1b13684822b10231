from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from awards.diagram import workflow_svg
from awards.workflow import staff_label

from .models import City

PERIOD_NAMES = {
    "call_announcement": "申报公告期",
    "local_publicity": "推荐单位公示期",
    "eligibility_check": "资格审查期限",
    "review_window": "评审期限",
    "public_comment": "公开征求意见期",
    "publicity": "拟奖名单公示期",
    "supplement": "补正材料期限",
}


def city_list(request):
    """Public."""
    return render(request, "cities/list.html", {"cities": City.objects.order_by("code")})


def city_rules(request, code):
    """Public: a city's rules in force, each value with its article."""
    city = get_object_or_404(City, code=code)
    rule_set = city.current_rules()
    if rule_set is None:
        raise Http404("该城市尚未载入规则。")
    rules = rule_set.rules
    actor_names = {"recommender": "推荐单位", "office": rules.bodies.office.value, "system": "系统（期满自动处理）",
                   "committee": rules.bodies.deciding_body.value}
    stages = [
        {
            "label": staff_label(stage.kind.value, rules),
            "actor": actor_names.get(stage.actor.value, stage.actor.value),
            "period": rules.periods.get(stage.period) if stage.period else None,
            "applies": "、".join("组织" if k == "organisation" else "个人" for k in stage.applies_to),
            "article": stage.article,
        }
        for stage in rules.stages
    ]
    context = {"city": city, "rule_set": rule_set, "rules": rules, "stages": stages,
               "periods": [(PERIOD_NAMES.get(k, k), v) for k, v in rules.periods.items()]}
    return render(request, "cities/rules.html", context)


def city_workflow_svg(request, code):
    """Public: the city's state diagram, drawn from the same rule file as the state machine."""
    city = get_object_or_404(City, code=code)
    if city.current_rules() is None:
        raise Http404("该城市尚未载入规则。")
    return HttpResponse(workflow_svg(city.current_rules().rules), content_type="image/svg+xml")
