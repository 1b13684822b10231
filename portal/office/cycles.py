"""The office opens a cycle (publishes the call for applications) under the city's current rules.

Under a draft text, or one not in force on the day the call is published (Jinan 第三十一条, Ordos 审议稿, Wuhan
征求意见稿 第三十七条), the office must confirm explicitly with a reason; the confirmation is kept append-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards.domain import access, cycles
from awards.domain import self_assessment as self_assessment_report
from awards.models import Cycle
from core.errors import TransitionError
from portal.decorators import requires


class OpenCycleForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("评定年度"), min_value=cycles.YEAR_MIN, max_value=cycles.YEAR_MAX,
                              error_messages={"invalid": gettext_lazy("请填写四位数的年度。"),
                                              "required": gettext_lazy("请填写评定年度。"),
                                              "min_value": gettext_lazy("评定年度须在2000至2100之间。"),
                                              "max_value": gettext_lazy("评定年度须在2000至2100之间。")})
    term = forms.IntegerField(label=gettext_lazy("届次"), min_value=1, max_value=cycles.TERM_MAX, initial=1,
                              error_messages={"invalid": gettext_lazy("届次须为整数。"),
                                              "required": gettext_lazy("请填写届次。"),
                                              "min_value": gettext_lazy("届次须为整数（1至100）。"),
                                              "max_value": gettext_lazy("届次须为整数（1至100）。")})
    call_published_on = forms.DateField(label=gettext_lazy("申报公告发布日期"),
                                        widget=forms.DateInput(attrs={"type": "date"}),
                                        error_messages={"invalid": gettext_lazy("请按“年-月-日”填写日期。"),
                                                        "required": gettext_lazy("请填写申报公告发布日期。")})
    confirm = forms.BooleanField(label=gettext_lazy("我确认在上述文本下开启评定周期"), required=False)
    reason = forms.CharField(label=gettext_lazy("确认理由"), required=False, max_length=cycles.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"max_length": gettext_lazy("确认理由不能超过%(limit_value)d个字。")})


def _city(request, code: str):
    city = next((c for c in access.office_cities(request.user) if c.code == code), None)
    access.require(request.user, "office.city", city)
    return city


@requires("office.pages")
def open_cycle(request, city):
    """Office staff of the city: its cycles, and the form that opens the next one (publishes the call). The page
    says which text governs and, where it is a draft or not in force, asks for the confirmation and its reason."""
    city = _city(request, city)
    rule_set = city.current_rules()
    measure = rule_set.rules.measure if rule_set else None
    today = timezone.localdate()
    form = OpenCycleForm(request.POST or None, initial={"year": today.year, "term": 1, "call_published_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        confirmation = None
        if data["confirm"]:
            confirmation = cycles.Confirmation(actor=request.user, reason=data["reason"])
        elif data["reason"].strip():
            form.add_error("confirm", _("填写了确认理由的，请同时勾选确认。"))
        if not form.errors:
            try:
                cycle = cycles.open_cycle(city, year=data["year"], term=data["term"],
                                          call_published_on=data["call_published_on"], confirmation=confirmation)
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已开启%(cycle)s，申报截止%(end)s。") % {
                    "cycle": cycle, "end": f"{cycle.applications_close_on:%Y年%m月%d日}"})
                return redirect("office:cycles", city=city.code)
    day = form.cleaned_data.get("call_published_on") if form.is_bound and hasattr(form, "cleaned_data") else None
    day = day or today
    warning = cycles.confirmation_needed(measure, day) if measure else ""
    rows = (Cycle.objects.filter(city=city).select_related("rule_set").defer("rule_set__content")
            .prefetch_related("measure_confirmations__actor").order_by("-year"))
    return render(request, "office/cycles.html", {
        "city": city, "form": form, "measure": measure, "warning": warning, "standing": (
            measure.standing_on(day) if measure else None),
        "cycles": [{"cycle": c, "governing": cycles.governing_text(c),
                    "confirmations": list(c.measure_confirmations.all())} for c in rows],
    }, status=400 if form.is_bound and form.errors else 200)


@requires("office.pages")
@require_POST
def self_assessment_limit(request, pk):
    """Office staff of the cycle's city: the total length of the online 自评报告 (set by the office: no measure
    names one)."""
    cycle = get_object_or_404(Cycle.objects.select_related("city"), pk=pk)
    access.require(request.user, "office.city", cycle.city)
    try:
        value = int(request.POST.get("max_chars", ""))
        self_assessment_report.set_limit(cycle, value, request.user)
    except ValueError:
        messages.error(request, _("请填写整数字数。"))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已将%(cycle)s自评报告字数上限设为%(n)s字。") % {"cycle": cycle, "n": value})
    return redirect("office:cycles", city=cycle.city.code)
