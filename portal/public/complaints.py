"""Public pages for complaints about the process and for following a case by its reference number.

- /complaints/: anyone (signed in or not) files a complaint about the award's process with a city
  (郴州 第三十条: 任何单位和个人……可以向评委会办公室投诉举报; 济南 第九条（三）). The body that receives it is the
  rule file's `complaints.received_by`; the complainant gets a reference number (受理编号).
- /complaints/status/?ref=…: the complaint's state and, once answered, the answer; no name, contact or text.
- /objections/status/?ref=…: an objection's state and the steps done (郴州 第三十四条: the objector is told the
  outcome); no name, contact, text or reasons.
Filing shares the objections' per-address limit (awards.domain.publicity.objection_allowed).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.domain import complaints as complaint_domain
from awards.domain import objections as objection_domain
from awards.domain import publicity as publicity_domain
from awards.domain.access import is_signed_in
from cities.models import City
from core.errors import TransitionError
from portal.decorators import public
from portal.public.contact import office_contact
from portal.public.views import _client


def _cities():
    return list(City.objects.order_by("code"))


@require_http_methods(["GET", "POST"])
@public
def complaint_form(request):
    """Public. The complaint form; for a signed-in user the same, with the name and e-mail filled in."""
    cities = _cities()
    user = request.user if is_signed_in(request.user) else None
    form = {"city": request.GET.get("city", ""), "name": "", "contact": "", "text": ""}
    if user is not None:
        form["name"] = user.get_full_name() or user.username
        form["contact"] = user.email
    if request.method == "POST":
        form = {key: str(request.POST.get(key, "")) for key in form}
        city = next((c for c in cities if c.code == form["city"]), None)
        if city is None:
            messages.error(request, _("请选择向哪个城市投诉。"))
        elif not publicity_domain.objection_allowed(_client(request)):
            messages.error(request, _("同一网络地址每小时最多提交%(n)s件异议或投诉，请稍后再试；"
                                      "情况紧急的，可直接联系评审办公室。")
                           % {"n": publicity_domain.OBJECTIONS_PER_HOUR})
        else:
            try:
                filed = complaint_domain.file_complaint(city, name=form["name"], contact=form["contact"],
                                                        text=form["text"], user=user)
            except TransitionError as exc:
                messages.error(request, exc.message)
            else:
                publicity_domain.count_objection(_client(request))
                rules = complaint_domain.rules_of(city)
                messages.success(request, _("您的投诉已提交，受理编号：%(ref)s（请妥善保存）。"
                                            "%(body)s将调查核实并答复，凭受理编号可在本页查询办理进度。") % {
                    "ref": filed.reference,
                    "body": complaint_domain.body_name(rules, complaint_domain.receiver_role(rules))})
                return redirect(f"{reverse('public:complaint_status')}?{urlencode({'ref': filed.reference})}")
    receivers = []
    for city in cities:
        rules = complaint_domain.rules_of(city)
        role = complaint_domain.receiver_role(rules)
        receivers.append({"city": city, "body": complaint_domain.body_name(rules, role),
                          "citation": complaint_domain.receiver_citation(rules), "measure": rules.measure.title,
                          "contact": office_contact(city, rules)})
    return render(request, "public/complaint_form.html", {
        "form": form, "receivers": receivers, "signed_in": user is not None,
        "limits": {"name": complaint_domain.NAME_MAX, "contact": complaint_domain.CONTACT_MAX,
                   "text": complaint_domain.TEXT_MAX},
    })


@require_GET
@public
def complaint_status(request):
    """Public. A complaint's state by its reference number; nothing personal is shown."""
    ref = str(request.GET.get("ref", ""))[:100]
    found = complaint_domain.by_reference(ref) if ref.strip() else None
    return render(request, "public/complaint_status.html", {
        "ref": ref, "searched": bool(ref.strip()), "status": found and complaint_domain.public_status(found),
    })


@require_GET
@public
def objection_status(request):
    """Public. An objection's state by its reference number (待…调查核实 / 待…决定 / 成立 / 不成立); nothing
    personal."""
    ref = str(request.GET.get("ref", ""))[:100]
    found = objection_domain.by_reference(ref) if ref.strip() else None
    return render(request, "public/objection_status.html", {
        "ref": ref, "searched": bool(ref.strip()), "status": found and objection_domain.public_status(found),
    })
