"""The applicant's pages: sign-up, 我的申报, choosing an award kind, the form, uploads, the missing list,
submitting and the status page. Views are thin: the work is in awards.domain.{signup, offering,
forms_data, documents}. Every view says who may use it; someone else's application is a 404.
"""

from __future__ import annotations

import json
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from awards.credit_code import validate_credit_code
from awards.domain import access, documents, forms_data, lifecycle, offering, signup
from awards.models import Application, AuditEntry, Cycle, Document, IndustrySection, MembershipRequest, Notice
from awards.workflow import STAGE_STATES, Status, applicant_label, route, staff_label
from cities.models import City
from core.errors import TransitionError
from core.i18n import long_date
from portal.decorators import public, requires
from portal.files import gone, serve
from portal.shared.pages import ACTION_WORDS
from reviews.domain import ratings as reviewer_ratings

# Texts the form's script shows (translated here, handed to static/js/application_form.js as JSON).
JS_MESSAGES = {
    "saving": _lazy("正在保存…"), "saved": _lazy("已保存"), "dirty": _lazy("有未保存的修改…"),
    "expired": _lazy("登录已过期，内容已保存在本机浏览器中。"), "login": _lazy("重新登录"),
    "failed": _lazy("未能保存："), "server": _lazy("服务器暂时不可用"), "kept": _lazy("（内容已保存在本机浏览器中）"),
    "offline": _lazy("网络中断，未能保存（内容已保存在本机浏览器中，恢复网络后将自动保存）"),
    "restored": _lazy("已从本机浏览器恢复上次未保存的内容，正在保存…"),
    "too_big": _lazy("超过单个文件上限，将不会被接收："),
}


# ------------------------------------------------------------------------------------------- sign-up
class AccountForm(forms.Form):
    username = forms.RegexField(
        label=_lazy("登录用户名"), max_length=150, regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": _lazy("用户名只能包含字母、数字和 _ . @ + -。")},
    )
    full_name = forms.CharField(label=_lazy("您的姓名"), max_length=50)
    email = forms.EmailField(label=_lazy("电子邮箱（接收通知）"),
                             error_messages={"invalid": _lazy("电子邮箱格式不正确。")})
    password = forms.CharField(label=_lazy("密码"), widget=forms.PasswordInput(render_value=True))
    password2 = forms.CharField(label=_lazy("再次输入密码"), widget=forms.PasswordInput(render_value=True))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class OrganisationSignupForm(AccountForm):
    credit_code = forms.CharField(label=_lazy("统一社会信用代码"), max_length=18, min_length=1,
                                  help_text=_lazy("18位，见营业执照或登记证书"))
    org_name = forms.CharField(label=_lazy("单位名称"), max_length=200)
    city = forms.ModelChoiceField(label=_lazy("注册地（城市）"), queryset=City.objects.order_by("code"),
                                  empty_label=_lazy("请选择"))
    legal_person = forms.TypedChoiceField(
        label=_lazy("是否具有法人资格"),
        choices=[("1", _lazy("具有法人资格")), ("0", _lazy("不具有法人资格（其他组织）"))],
        coerce=lambda v: v == "1",
    )
    founded_on = forms.DateField(label=_lazy("成立日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"invalid": _lazy("请输入日期，格式如 2010-03-01。")})
    is_sme = forms.BooleanField(label=_lazy("中小企业"), required=False)
    industry = forms.CharField(label=_lazy("所属行业"), max_length=100, required=False)
    industry_section = forms.ChoiceField(
        label=_lazy("行业门类（GB/T 4754）"), required=False,
        choices=[("", _lazy("请选择（按营业执照的国民经济行业分类）")), *IndustrySection.choices],
        error_messages={"invalid_choice": _lazy("请从列表中选择行业门类（A–T）。")},
        help_text=_lazy("评审按一、二、三产业分组时据此确定所属产业"),
    )

    def clean_credit_code(self):
        code = signup.normalise_credit_code(self.cleaned_data["credit_code"])
        validate_credit_code(code)
        return code


class IndividualSignupForm(AccountForm):
    city = forms.ModelChoiceField(label=_lazy("工作所在城市"), queryset=City.objects.order_by("code"),
                                  empty_label=_lazy("请选择"))
    employer = forms.CharField(label=_lazy("工作单位"), max_length=200)
    is_citizen = forms.BooleanField(label=_lazy("中华人民共和国公民"), required=False, initial=True)
    quality_work_since = forms.DateField(
        label=_lazy("从事质量工作起始日期"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _lazy("请输入日期，格式如 2008-01-01。")},
    )
    heads_organisation = forms.BooleanField(label=_lazy("本人为所在组织负责人"), required=False)


@public
def signup_choice(request):
    """Public: choose organisation or individual sign-up."""
    return render(request, "applicant/signup_choice.html")


def _signup(request, form_class, template, register):
    """The same answer whether the username or the credit code is known or not: nothing on the page (nor a
    sign-in) tells a stranger which accounts or organisations exist."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register(form.cleaned_data)
        except TransitionError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "applicant/signup_done.html")
    return render(request, template, {"form": form})


@public
def signup_organisation(request):
    """Public: register a user for an organisation (new credit code: creates it; known: join request)."""
    def register(d):
        return signup.register_organisation(
            username=d["username"], password=d["password"], full_name=d["full_name"], email=d["email"],
            credit_code=d["credit_code"], name=d["org_name"], city=d["city"], legal_person=d["legal_person"],
            founded_on=d["founded_on"], is_sme=d["is_sme"], industry=d["industry"],
            industry_section=d["industry_section"],
        )
    return _signup(request, OrganisationSignupForm, "applicant/signup_organisation.html", register)


@public
def signup_individual(request):
    """Public: register an individual applicant."""
    def register(d):
        return signup.register_individual(
            username=d["username"], password=d["password"], full_name=d["full_name"], email=d["email"],
            city=d["city"], employer=d["employer"], is_citizen=d["is_citizen"],
            quality_work_since=d["quality_work_since"], heads_organisation=d["heads_organisation"],
        )
    return _signup(request, IndividualSignupForm, "applicant/signup_individual.html", register)


# ------------------------------------------------------------------------------------------- home
def _my_applications(user):
    return (
        Application.objects.for_applicant(user).with_rules().select_related("organisation", "individual")
        .order_by("-created_at", "-pk")
    )


@requires()
def home(request):
    """Signed-in users: their own organisations' and their own applications, open cycles, join requests."""
    orgs = signup.organisations_of(request.user)
    person = signup.individual_of(request.user)
    rows = []
    for app in _my_applications(request.user).distinct():
        rows.append({"app": app, "award": app.award.name, "label": applicant_label(app.status, app.rules),
                     "editable": documents.is_editable(app)})
    today = timezone.localdate()
    city_ids = {o.city_id for o in orgs} | ({person.city_id} if person else set())
    open_cycles = (Cycle.objects.filter(call_published_on__lte=today, applications_close_on__gte=today)
                   .select_related("city", "rule_set").order_by("city__code"))
    cycles = [c for c in open_cycles if c.city_id in city_ids or (person and offering.open_from_elsewhere(c))]
    waiting = MembershipRequest.objects.filter(user=request.user, outcome=MembershipRequest.Outcome.PENDING) \
        .select_related("organisation")
    return render(request, "applicant/home.html", {
        "rows": rows, "orgs": orgs, "person": person, "cycles": cycles, "waiting": waiting,
        "to_decide": signup.pending_requests_for(request.user),
    })


@requires()
@require_POST
def decide_join(request, pk):
    """Existing members of the organisation only (others: 404)."""
    join = MembershipRequest.objects.select_related("organisation").filter(pk=pk).first()
    access.require(request.user, "applicant.join_request", join)
    try:
        signup.decide_join(join, approve=request.POST.get("decision") == "approve", actor=request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已处理%(user)s的加入申请。") % {"user": join.user.get_full_name() or join.user})
    return redirect("applicant:home")


# ------------------------------------------------------------------------------------------- start
@requires()
def start(request, cycle_pk):
    """Applicant users (organisation members, individuals): the award kinds offered, and why not the others."""
    cycle = get_object_or_404(Cycle.objects.select_related("city", "rule_set"), pk=cycle_pk)
    access.require(request.user, "applicant.start", cycle)
    orgs = [o for o in signup.organisations_of(request.user) if o.city_id == cycle.city_id]
    person = signup.individual_of(request.user)
    if person and person.city_id != cycle.city_id and not offering.open_from_elsewhere(cycle):
        person = None
    options = [{"who": o, "org": True, "offering": offering.offering(cycle, organisation=o)} for o in orgs]
    if person:
        options.append({"who": person, "org": False, "offering": offering.offering(cycle, individual=person)})
    if request.method == "POST":
        kind = request.POST.get("award_kind", "")
        who = request.POST.get("who", "")
        org = next((o for o in orgs if f"org:{o.pk}" == who), None)
        try:
            if org is None and who != "person":
                raise TransitionError(_("请选择以哪个单位或以个人名义申报。"))
            app = offering.start(cycle, kind, request.user, organisation=org,
                                 individual=person if org is None else None)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已创建申报%(ref)s，请填写申报表。") % {"ref": app.reference})
            return redirect("applicant:edit", pk=app.pk)
    return render(request, "applicant/start.html", {"cycle": cycle, "options": options, "rules": cycle.rules})


# ------------------------------------------------------------------------------------------- the form
def _mine(request, pk) -> Application:
    """The application if the user is one of its applicants; anyone else gets 404 (no hint it exists)."""
    app = (Application.objects.with_rules().select_related("organisation", "individual", "recommender")
           .filter(pk=pk).first())
    access.require(request.user, "applicant.application", app)
    return app


def _form_context(app, values, errors=None):
    spec = forms_data.spec_for(app)
    return {
        "app": app, "rules": app.rules, "award": app.award, "spec": spec,
        "sections": spec.sections(values, errors), "values": values, "errors": errors or {},
        "declaration": spec.declaration,
        "preferences": [{"item": p, "checked": values.get(p.key) == "on"} for p in spec.preferences],
        "recommenders": forms_data.recommenders_for(app), "needs_recommender": forms_data.needs_recommender(app),
        "documents": documents.live_documents(app).select_related("uploaded_by"),
        "editable": documents.is_editable(app), "limits": documents.limits_text(),
        "accept": documents.ACCEPT, "max_file": documents.max_file_bytes(),
        "used": documents.megabytes(documents.used_bytes(app)),
        "kinds": [k for k in Document.Kind.choices
                  if k[0] != Document.Kind.SUPPLEMENT or app.status == Status.SUPPLEMENT_REQUESTED],
        "secrets": Document.Secret.choices, "label": applicant_label(app.status, app.rules),
        "saved_at": values.get("_saved_at", ""),
        "frozen": documents.submitted_ids(app) if app.status != Status.DRAFT else set(),
        "js_messages": JS_MESSAGES,
    }


@requires()
def edit(request, pk):
    """The application's applicants. Read-only once submitted, editable again while a supplement is asked."""
    app = _mine(request, pk)
    values = forms_data.initial_values(app)
    errors = {}
    if request.method == "POST":
        try:
            values, errors = forms_data.save_draft(app, request.POST, request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
            values = {**values, **forms_data.clean_draft(app, request.POST)}
        else:
            if errors:
                messages.error(request, _("已保存草稿，但有内容格式不正确，请按提示修改。"))
            else:
                messages.success(request, _("已保存。"))
                if request.POST.get("next") == "check":
                    return redirect("applicant:check", pk=app.pk)
                return redirect("applicant:edit", pk=app.pk)
    else:
        errors = forms_data.field_errors(app, values)
    return render(request, "applicant/edit.html", _form_context(app, values, errors))


def _session_expired(request):
    """The autosave of a page whose session ended: 401 JSON (the page keeps its local copy)."""
    return JsonResponse({"ok": False, "login": reverse("login"), "message": _("登录已过期，请重新登录；"
                         "您填写的内容已保存在本机浏览器中，登录后会自动恢复。")}, status=401)


@requires(anonymous=_session_expired)
@require_POST
def autosave(request, pk):
    """JSON for the form's autosave."""
    app = _mine(request, pk)
    if request.content_type != "application/json":  # the page's script sends JSON; a form post is not ours
        return JsonResponse({"ok": False, "message": _("数据格式不正确。")}, status=400)
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"ok": False, "message": _("数据格式不正确。")}, status=400)
    try:
        values, errors = forms_data.save_draft(app, payload, request.user)
    except TransitionError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=409)
    saved = timezone.localtime(datetime.fromisoformat(values["_saved_at"]))
    return JsonResponse({"ok": True, "saved_at": f"{saved:%H:%M}", "errors": errors})


@requires()
@require_POST
def upload(request, pk):
    """The application's applicants, while editable. Each file is checked alone; a refused one changes nothing."""
    app = _mine(request, pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("请选择要上传的文件。"))
    for uploaded in files:
        try:
            doc = documents.store_upload(app, uploaded, request.POST.get("kind", ""),
                                         request.POST.get("secret_kind", ""), request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传“%(name)s”。") % {"name": doc.original_name})
    return redirect(reverse("applicant:edit", kwargs={"pk": app.pk}) + "#documents")


@requires()
@require_POST
def remove_document(request, pk, doc_pk):
    app = _mine(request, pk)
    doc = get_object_or_404(Document, pk=doc_pk, application=app, removed_at__isnull=True)
    try:
        documents.remove(doc, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除“%(name)s”。") % {"name": doc.original_name})
    return redirect(reverse("applicant:edit", kwargs={"pk": app.pk}) + "#documents")


@requires()
def document(request, doc_pk):
    """Anyone holding the view permission on the application (confidential: view_confidential); logged, and so
    is every refusal. Always a download (portal.files.serve)."""
    doc = Document.objects.select_related("application").filter(pk=doc_pk).first()
    try:
        access.require(request.user, "applicant.document", doc)
    except (Http404, PermissionDenied):
        documents.record_denied(request.user, doc)
        raise
    try:
        handle = documents.open_for(request.user, doc)
    except FileNotFoundError:  # the opening is logged; the storage lost the file
        raise gone() from None
    content_types = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
    return serve(doc.file, handle=handle, filename=doc.original_name,
                 content_type=content_types.get(doc.file_type, "application/octet-stream"))


# ------------------------------------------------------------------------------------------- check, submit
@requires()
def check(request, pk):
    """The applicant's list of what is still missing before submitting."""
    app = _mine(request, pk)
    missing = forms_data.missing(app) if app.status == Status.DRAFT else []
    spec = forms_data.spec_for(app)
    return render(request, "applicant/check.html", {"app": app, "award": app.award, "missing": missing,
                                                    "label": applicant_label(app.status, app.rules),
                                                    "first_stage": _first_stage(app), "spec": spec,
                                                    "statements": spec.statements})


def _first_stage(app):
    stages = route(app.rules, app.applicant_kind)
    return applicant_label(stages[0].kind.value, app.rules) if stages else ""


@requires()
@require_POST
def submit(request, pk):
    app = _mine(request, pk)
    try:
        forms_data.submit(app, request.user, signed=request.POST)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect("applicant:check", pk=app.pk)
    messages.success(request, _("申报已提交。提交后申报表和材料已锁定。"))
    return redirect("applicant:status", pk=app.pk)


# ------------------------------------------------------------------------------------------- status
def _deadline_text(app) -> str:
    if not app.stage_deadline:
        if app.status in STAGE_STATES:
            return _("本阶段办法未规定办理期限，请留意通知。")
        return ""
    rules = app.rules
    stage = rules.stage(app.status)
    correcting = app.status in (Status.SUPPLEMENT_REQUESTED, Status.DRAFT)  # a supplement, or a return
    period = rules.period_of(stage) or (rules.supplement_period if correcting else None)
    text = long_date(app.stage_deadline)
    if period:
        source = (_("依据%(article)s") % {"article": period.article} if period.article
                  else _("办法未规定，由评审办公室设定"))
        text = _("%(date)s（%(n)d%(unit)s，%(source)s）") % {
            "date": text, "n": period.length, "unit": period.unit_words, "source": source}
    if app.stage_deadline_unconfirmed:
        text += _("；该年度法定节假日安排尚未公布，日期可能调整")
    return text


def _next_step(app) -> str:
    rules = app.rules
    if app.status == Status.DRAFT:
        return _("填写申报表、上传自评报告后提交。")
    if app.status == Status.SUPPLEMENT_REQUESTED:
        return _("请按补正通知修改申报表或上传补正材料，然后在补正页面提交。")
    if app.is_final:
        return ""
    kinds = [s.kind.value for s in route(rules, app.applicant_kind)]
    if app.status in kinds:
        position = kinds.index(app.status)
        if position + 1 < len(kinds):
            stage = rules.stage(kinds[position + 1])
            return _("下一步：%(label)s（%(measure)s%(article)s）。") % {
                "label": staff_label(kinds[position + 1], rules), "measure": f"《{rules.measure.title}》",
                "article": stage.article}
        return _("下一步：公布评定结果。")
    return ""


@requires()
def status(request, pk):
    """The application's applicants: where it stands, what next and by when, its history and messages."""
    app = _mine(request, pk)
    rules = app.rules
    history = [
        {"e": e, "action": ACTION_WORDS.get(e.action, e.action), "to": applicant_label(e.to_state, rules)}
        for e in AuditEntry.objects.filter(application=app).order_by("created_at", "pk")
    ]
    notices = (Notice.objects.filter(application=app, recipient=request.user)
               .select_related("audit_entry__formal_notice", "application").order_by("-created_at"))
    stage = rules.stage(app.status)
    return render(request, "applicant/status.html", {
        "app": app, "award": app.award, "rules": rules, "label": applicant_label(app.status, rules),
        "deadline": _deadline_text(app), "next_step": _next_step(app), "history": history, "notices": notices,
        "article": stage.article if stage else "", "editable": documents.is_editable(app),
        "may_withdraw": "withdraw" in lifecycle.available_actions(app, request.user),
        "rate_reviewers": reviewer_ratings.applicant_can_rate(request.user, app),  # 郴州第三十二条, 鄂尔多斯第二十五条
        "documents": documents.live_documents(app),
        "route": [{"label": applicant_label(s.kind.value, rules), "current": s.kind.value == app.status,
                   "stopped": s.kind.value == app.stopped_at_stage} for s in route(rules, app.applicant_kind)],
        "stopped_at": staff_label(app.stopped_at_stage, rules) if app.stopped_at_stage else "",
        "final_reason": history[-1]["e"].reason if history and app.is_final else "",
    })


@requires()
@require_POST
def withdraw(request, pk):
    """The application's applicants: withdraw it (撤回申报), with a reason, at any stage before the decision."""
    app = _mine(request, pk)
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, _("请填写撤回原因。"))
        return redirect("applicant:status", pk=app.pk)
    try:
        lifecycle.perform(app, "withdraw", request.user, reason=reason)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("applicant:status", pk=app.pk)
