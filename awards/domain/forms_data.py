"""The application form (申报表): its fields, draft saving, the list of what is missing, and submitting.

Field values live in Application.form_data as the strings the applicant typed, so a draft never loses
anything (even a value that is not yet valid). Validity is checked when the missing list is shown and
again on submit. The declarations (申报承诺) are the city's exclusions from the rules, each with its article
(those for the head of an organisation only where the individual heads one), and the pledge that all is true:
the applicant signs each one on the submit page, and the signed text is stored with the application
(`Declaration`: who, when, the text, the article). The self-assessment report (自评报告) is a required document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cities.schema import ApplicantKind
from core.errors import InvalidInput
from core.i18n import join_clauses, long_date

from .. import guards
from ..models import Application, Declaration, RecommenderUnit
from ..workflow import Status
from . import documents, eligibility, lifecycle, offering, self_assessment

MAX_TEXT = 20000


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str = "text"  # text, textarea, number, date, email, phone, year, checkbox (yes/no: "on" or "")
    required: bool = True
    help: str = ""
    section: str = "basic"


SECTIONS = {
    "basic": _lazy("一、基本情况"),
    "indicators": _lazy("二、主要指标"),
    "summary": _lazy("三、质量工作概述"),
}

ORGANISATION_FIELDS = [
    Field("org_name", _lazy("单位名称")),
    Field("address", _lazy("注册地址")),
    Field("legal_representative", _lazy("法定代表人")),
    Field("contact_person", _lazy("联系人")),
    Field("contact_phone", _lazy("联系电话"), "phone"),
    Field("contact_email", _lazy("电子邮箱"), "email"),
    Field("industry", _lazy("所属行业")),
    Field("founded_on", _lazy("成立日期"), "date"),
    Field("years_operating", _lazy("连续生产经营年限（年）"), "number"),
    Field("employees", _lazy("职工人数"), "number"),
    Field("revenue_last_year", _lazy("上年度营业收入（万元）"), "number", section="indicators"),
    Field("profit_tax_last_year", _lazy("上年度利税总额（万元）"), "number", section="indicators"),
    Field("asset_contribution_rate", _lazy("上年度总资产贡献率（%）"), "number", section="indicators"),
    Field("industry_rank", _lazy("主要指标在同行业中的位次及依据"), "textarea", section="indicators"),
    Field("quality_certifications", _lazy("已获得的许可、认证（如质量管理体系认证）"), "textarea",
          required=False, section="indicators"),
    Field("excellence_model", _lazy("推行卓越绩效管理模式情况"), "textarea", section="summary"),
    Field("achievements", _lazy("质量、创新、品牌方面的主要成绩"), "textarea", section="summary"),
]

HEADS_ORGANISATION = eligibility.HEADS_ORGANISATION

INDIVIDUAL_FIELDS = [
    Field("person_name", _lazy("姓名")),
    Field("employer", _lazy("工作单位")),
    Field("position", _lazy("职务/职称")),
    Field("contact_phone", _lazy("联系电话"), "phone"),
    Field("contact_email", _lazy("电子邮箱"), "email"),
    Field("quality_work_since", _lazy("从事质量工作起始日期"), "date"),
    Field("years_quality_work", _lazy("从事质量工作年限（年）"), "number"),
    Field(HEADS_ORGANISATION, _lazy("本人为所在组织负责人（最高管理者）"), "checkbox", required=False,
          help=_lazy("勾选后，申报承诺和资格审查将包括办法对组织负责人所在组织的要求（如鄂尔多斯第十一条、武汉第十二条）")),
    Field("key_results", _lazy("主要质量工作业绩（可量化的成效）"), "textarea", section="indicators"),
    Field("methods", _lazy("推广应用的质量管理方法与经验"), "textarea", section="summary"),
    Field("honours", _lazy("曾获荣誉"), "textarea", required=False, section="summary"),
]

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class DeclarationItem:
    key: str
    text: str
    article: str


TRUTHFUL = "decl_truthful"


@dataclass
class FormSpec:
    fields: list[Field]
    declaration: list[DeclarationItem]
    measure: str
    preferences: list[DeclarationItem] = ()  # stated by the applicant (优先、倾斜条件): yes/no, never required

    @property
    def statements(self) -> list[DeclarationItem]:
        """What the applicant signs at submission: each exclusion, then the pledge that everything is true."""
        return [*self.declaration, DeclarationItem(TRUTHFUL, str(PLEDGE), "")]

    def sections(self, values: dict, errors: dict | None = None):
        errors = errors or {}
        out = []
        for key, title in SECTIONS.items():
            rows = [_row(f, values, errors) for f in self.fields if f.section == key]
            if rows:
                out.append({"key": key, "title": title, "rows": rows})
        return out


PLEDGE = _lazy("本申报人承诺所填内容和所附材料真实、准确，如有弄虚作假，愿承担相应责任。")


def _row(f: Field, values: dict, errors: dict) -> dict:
    """One field of the form with what was typed; a yes/no box shows 是/否 where the form is read, not edited."""
    value = values.get(f.key, "")
    if f.type == "checkbox":
        checked = value == "on"
        return {"field": f, "value": _("是") if checked else _("否"), "checked": checked, "error": ""}
    return {"field": f, "value": value, "error": errors.get(f.key, "")}


def spec_for(application: Application) -> FormSpec:
    rules = application.rules
    fields = ORGANISATION_FIELDS if application.applicant_kind == ApplicantKind.ORGANISATION else INDIVIDUAL_FIELDS
    exclusions = eligibility.exclusions_for(rules, application.applicant_kind,
                                            heads_organisation=eligibility.heads_organisation(application))
    declaration = [DeclarationItem(f"decl_{c.key}", c.text, c.article) for c in exclusions]
    preferences = [DeclarationItem(eligibility.preference_field(p), p.text, p.article)
                   for p in eligibility.declared_preferences(rules, application.applicant_kind)]
    return FormSpec(fields=fields, declaration=declaration, measure=f"《{rules.measure.title}》",
                    preferences=preferences)


def initial_values(application: Application) -> dict:
    """Prefill from the applicant's profile for keys not yet in the draft."""
    if application.organisation_id:
        org = application.organisation
        base = {"org_name": org.name, "industry": org.industry, "founded_on": org.founded_on.isoformat()}
    else:
        person = application.individual
        base = {"person_name": person.name, "employer": person.employer,
                "quality_work_since": person.quality_work_since.isoformat(),
                HEADS_ORGANISATION: "on" if person.heads_organisation else ""}
    return {**base, **application.form_data}


def clean_draft(application: Application, data) -> dict:
    """Keep only known keys, as strings (checkboxes as "on"), length-capped."""
    spec = spec_for(application)
    out = {}
    posted = hasattr(data, "getlist")  # a form post leaves an unticked box out; the autosave's JSON sends ""
    for f in spec.fields:
        if f.type == "checkbox" and (posted or f.key in data):
            out[f.key] = "on" if data.get(f.key) in ("on", "true", True, "1") else ""
        elif f.key in data:
            out[f.key] = str(data.get(f.key) or "")[:MAX_TEXT]
    for item in [*spec.statements, *spec.preferences]:
        if item.key in data or (posted and item in spec.preferences):
            out[item.key] = "on" if data.get(item.key) in ("on", "true", True, "1") else ""
    if "recommender" in data:
        out["recommender"] = str(data.get("recommender") or "")[:20]
    return out


def field_errors(application: Application, values: dict) -> dict[str, str]:
    """Format errors for what was typed (empty required fields are reported by `missing`)."""
    errors = {}
    for f in spec_for(application).fields:
        value = (values.get(f.key) or "").strip()
        if not value:
            continue
        if f.type == "number":
            try:
                number = float(value)
            except ValueError:
                errors[f.key] = _("请输入数字。")
                continue
            if number < 0:
                errors[f.key] = _("不能为负数。")
        elif f.type == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                errors[f.key] = _("请输入日期，格式如 2018-05-01。")
        elif f.type == "email" and not EMAIL_RE.match(value):
            errors[f.key] = _("电子邮箱格式不正确。")
        elif f.type == "phone" and not PHONE_RE.match(value):
            errors[f.key] = _("联系电话格式不正确（7–20位数字，可含“-”）。")
    return errors


MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    """A database id typed by a user: ASCII digits within the database's integer range, else None (a Unicode digit
    such as "²" passes str.isdigit() and then fails in int() or in the database)."""
    text = value if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def recommenders_for(application: Application):
    return RecommenderUnit.objects.filter(city_id=application.cycle.city_id).order_by("name")


def needs_recommender(application: Application) -> bool:
    """The route of the application's kind passes a recommender (Qujing: organisations only, 第十二条(五),
    第十八条(二))."""
    return any(s.kind == Status.RECOMMENDATION for s in application.rules.stages_for(application.applicant_kind))


def save_draft(application: Application, data, actor) -> tuple[dict, dict]:
    """Store what was typed (nothing lost, even if not yet valid). Returns (values, format errors)."""
    documents.check_editable(application, actor)
    values = {**application.form_data, **clean_draft(application, data)}
    recommender_id = values.get("recommender") or ""
    if recommender_id and application.status == Status.DRAFT:
        unit = recommenders_for(application).filter(pk=as_id(recommender_id) or 0).first()
        application.recommender = unit
        if unit is None:
            values["recommender"] = ""
    values["_saved_at"] = timezone.now().isoformat()
    application.form_data = values
    Application.objects.filter(pk=application.pk).update(
        form_data=values, recommender=application.recommender, updated_at=timezone.now()
    )
    return values, field_errors(application, values)


def missing(application: Application) -> list[str]:
    """Everything that still stops the application from being submitted, in the applicant's words."""
    spec = spec_for(application)
    values = initial_values(application)
    items = []
    for f in spec.fields:
        if f.required and not (values.get(f.key) or "").strip():
            items.append(_("申报表：“%(label)s”未填写。") % {"label": f.label})
    labels = {f.key: f.label for f in spec.fields}
    for key, message in field_errors(application, values).items():
        items.append(_("申报表：“%(label)s”%(message)s") % {"label": labels[key], "message": message})
    if needs_recommender(application) and not application.recommender_id:
        items.append(_("尚未选择推荐单位。"))
    items += self_assessment.missing(application)  # an uploaded 自评报告, or the online one filled within the limit
    if application.status == Status.DRAFT and not guards.is_returned(application):
        kwargs = ({"organisation": application.organisation} if application.organisation_id
                  else {"individual": application.individual})
        reasons = offering.may_apply(application.cycle, application.award_kind, **kwargs)
        items += [_("申报资格：%(reason)s") % {"reason": r} for r in reasons]
    elif guards.is_returned(application) and not guards.cycle_open(application):
        items.append(_("退回修改的期限（%(date)s）已过，不能再次提交。")
                     % {"date": long_date(application.stage_deadline)})
    return items


def unsigned(application: Application, signed) -> list[DeclarationItem]:
    """The statements of the submit page not confirmed in `signed` (the page's form: each box is required)."""
    return [item for item in spec_for(application).statements
            if (signed.get(item.key) if hasattr(signed, "get") else None) not in ("on", "true", True, "1")]


def submit(application: Application, actor, signed=None):
    """Submit when nothing is missing and every declaration is signed (lifecycle.perform checks role, cycle and
    award kind again). `signed`: the submit page's boxes; without it, the boxes saved in the draft (builders).
    Each signed statement is stored as a `Declaration` with its exact text and article, who signed and when."""
    documents.check_editable(application, actor)
    if application.status != Status.DRAFT:
        raise InvalidInput(_("只有草稿状态的申报可以提交。"))
    still = missing(application)
    if still:
        raise InvalidInput(_("申报尚不完整，请先补齐：") + join_clauses(still))
    statements = spec_for(application).statements
    open_items = unsigned(application, application.form_data if signed is None else signed)
    if open_items:
        raise InvalidInput(_("请逐项确认申报承诺后再提交，尚未确认：") + join_clauses(
            [_("“%(text)s”（%(article)s）") % {"text": i.text, "article": i.article} if i.article
             else _("“%(text)s”") % {"text": i.text} for i in open_items]))
    data = dict(application.form_data)
    data.update({item.key: "on" for item in statements})
    data["_submitted_snapshot"] = {k: v for k, v in data.items() if not k.startswith("_")}
    data["_submitted_documents"] = list(documents.live_documents(application).values_list("pk", flat=True))
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(form_data=data)
        application.form_data = data
        entry = lifecycle.perform(application, "submit", actor)
        record_declarations(application, actor)
        return entry


def record_declarations(application: Application, actor) -> list[Declaration]:
    """Store every statement of the submit page as signed by `actor` now: its exact text, article and rule version
    (submit calls this; so does demo.walk.walk_to, which submits without the page)."""
    now = timezone.now()
    version = application.cycle.rule_set.version
    return Declaration.objects.bulk_create([
        Declaration(application=application, key=item.key, text=item.text, article=item.article,
                    signed_by=actor, signed_at=now, rule_version=version)
        for item in spec_for(application).statements
    ])


def signed_declarations(application: Application) -> list[Declaration]:
    """The declarations of the latest submission (a returned application signs again when it is resubmitted)."""
    rows = list(Declaration.objects.filter(application=application).select_related("signed_by").order_by("-pk"))
    if not rows:
        return []
    latest = rows[0].signed_at
    return sorted((d for d in rows if d.signed_at == latest), key=lambda d: d.pk)
