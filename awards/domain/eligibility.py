"""The office's eligibility check (资格审查) and its decisions: accept, or refuse with reasons.

The checklist is the city's own: the conditions and exclusions of its rule file for the applicant's kind,
each citing its article. The officer records a finding on every line; the decision then goes through
lifecycle.perform and issues its formal notice in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.schema import ApplicantKind, Checklist, CityRules, Preference, PreferenceKind, Role
from core.errors import InvalidInput, TransitionDenied, TransitionNotAllowed

from ..models import Application, EligibilityCheck, EligibilityCheckLine, FormalNotice
from ..workflow import Status
from . import formal_notices, lifecycle

Section = EligibilityCheckLine.Section
Verdict = EligibilityCheckLine.Verdict
CHECKABLE = (Status.ELIGIBILITY, Status.SUPPLEMENT_REQUESTED)
NOTE_REQUIRED = (Verdict.NOT_MET, Verdict.NOT_APPLICABLE)


def full_years(since: date, today: date) -> int:
    """Whole calendar years from `since` to `today` (连续…满N年): the one count of years operating or in quality work.

    A year is complete on the same month and day: 2021-03-02 → 2026-03-01 is 4 years, → 2026-03-02 is 5.
    """
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


@dataclass
class Line:
    section: str
    key: str
    text: str
    article: str
    verdict: str = ""
    note: str = ""

    @property
    def field(self) -> str:
        return f"{self.section}__{self.key}"

    @property
    def failed(self) -> bool:
        return self.verdict == Verdict.NOT_MET

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.section, self.verdict)


def verdict_label(section: str, verdict: str) -> str:
    """What a finding means on this kind of line: for an exclusion, 'meets' means the case does not apply."""
    if not verdict:
        return _("未审查")
    if section == Section.EXCLUSION:
        return {Verdict.MEETS: _("无此情形"), Verdict.NOT_MET: _("存在此情形"), Verdict.NOT_APPLICABLE: _("不适用")}[
            verdict
        ]
    return str(Verdict(verdict).label)


def _rule_of(rules: CityRules, applicant_kind: str):
    eligible = rules.eligibility
    return eligible.organisation if applicant_kind == ApplicantKind.ORGANISATION else eligible.individual


def checklist(rules: CityRules, applicant_kind: str, *, heads_organisation: bool = False) -> list[Line]:
    """The lines of the city's checklist for this kind of applicant, in the rule file's order. A line the rule file
    marks for the head of an organisation (Ordos 第十一条(三), Wuhan 第十二条(五)) is there only when the individual
    heads one."""
    rule = _rule_of(rules, applicant_kind)
    if rule is None:
        return []
    holds = [c for c in rule.conditions if rules.eligibility.applies(c, heads_organisation)]
    excluded = [c for c in rule.exclusions if rules.eligibility.applies(c, heads_organisation)]
    return [Line(Section.CONDITION, c.key, c.text, c.article) for c in holds] + [
        Line(Section.EXCLUSION, c.key, c.text, c.article) for c in excluded
    ]


HEADS_ORGANISATION = "heads_organisation"  # the individual's form field (awards.domain.forms_data)


def heads_organisation(application: Application) -> bool:
    """The individual heads an organisation (组织负责人 / 最高管理者): as the application form says, else the
    profile."""
    if not application.individual_id:
        return False
    said = (application.form_data or {}).get(HEADS_ORGANISATION)
    return said == "on" if said is not None else bool(application.individual.heads_organisation)


def checklist_for(application: Application) -> list[Line]:
    """The checklist of this application: its kind's lines, those for heads of organisations only where they hold."""
    return checklist(application.rules, application.applicant_kind, heads_organisation=heads_organisation(application))


def exclusions_for(rules: CityRules, applicant_kind: str, *, heads_organisation: bool = False) -> list[Checklist]:
    """The city's exclusions (不得申报的情形) for this applicant, which the applicant declares at submission."""
    rule = _rule_of(rules, applicant_kind)
    if rule is None:
        return []
    return [c for c in rule.exclusions if rules.eligibility.applies(c, heads_organisation)]


# ------------------------------------------------------------------- what the portal computes from the profile
@dataclass
class Fact:
    """One condition the portal checks from the applicant's profile: what was found, what the rule asks, whether it
    is met (None: the rule asks nothing here), with the article."""

    label: str
    found: str
    required: str
    citation: str
    met: bool | None = None


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def facts(application: Application, today: date | None = None) -> list[Fact]:
    """The computed eligibility of an application: years operating, legal person, registered in the city (an
    organisation); years of quality work, citizenship, working in the city, heading an organisation (an individual)."""
    today = today or timezone.localdate()
    rules = application.rules
    city = rules.name
    if application.organisation_id:
        org, rule = application.organisation, rules.eligibility.organisation
        years = full_years(org.founded_on, today)
        legal = application.award.legal_person_required
        local = rule.registered_in_city
        return [
            Fact(_("注册地"), org.city.name, _("须在%(city)s登记注册") % {"city": city} if local.value else _("不限"),
                 local.citation, (org.city_id == application.cycle.city_id) if local.value else None),
            Fact(_("成立日期"), _("%(date)s（满%(years)s年）") % {"date": f"{org.founded_on:%Y-%m-%d}", "years": years},
                 _("连续经营满%(n)s年") % {"n": rule.min_years_operating.value}, rule.min_years_operating.citation,
                 years >= rule.min_years_operating.value),
            Fact(_("法人资格"), _yes(org.legal_person), _("须具有法人资格") if legal.value else _("不要求"),
                 legal.citation, org.legal_person if legal.value else None),
        ]
    person, rule = application.individual, rules.eligibility.individual
    if person is None or rule is None:
        return []
    years = full_years(person.quality_work_since, today)
    local, citizen = rule.work_in_city_required, rule.citizen_required
    out = [
        Fact(_("从事质量工作起始"),
             _("%(date)s（满%(years)s年）") % {"date": f"{person.quality_work_since:%Y-%m-%d}", "years": years},
             _("从事质量工作满%(n)s年") % {"n": rule.min_years_quality_work.value},
             rule.min_years_quality_work.citation,
             years >= rule.min_years_quality_work.value),
        Fact(_("工作所在城市"), person.city.name,
             _("须在%(city)s工作") % {"city": city} if local.value else _("不要求在本市工作"), local.citation,
             (person.city_id == application.cycle.city_id) if local.value else None),
        Fact(_("中华人民共和国公民"), _yes(person.is_citizen), _("须为中国公民") if citizen.value else _("不要求"),
             citizen.citation, person.is_citizen if citizen.value else None),
        Fact(_("工作单位"), person.employer, "", ""),
    ]
    head_lines = [c for c in rule.conditions + rule.exclusions if c.only_if_heads_organisation]
    if head_lines:
        articles = "、".join(dict.fromkeys(c.article for c in head_lines))
        out.append(Fact(_("为所在组织负责人"), _yes(person.heads_organisation),
                        _("是则审查负责人所在组织的条件") if person.heads_organisation
                        else _("否：负责人所在组织的条件不适用"), articles))
    return out


# ------------------------------------------------------------------- preferences (优先、鼓励、倾斜): never conditions
PREFERENCE_FIELD = "pref_"


def preference_field(preference: Preference) -> str:
    """The form's yes/no field where the applicant states a preference the profile does not show."""
    return f"{PREFERENCE_FIELD}{preference.key}"


def declared_preferences(rules: CityRules, applicant_kind: str) -> list[Preference]:
    """The preferences the applicant states on the form (kind `declared`), organisations only."""
    if applicant_kind != ApplicantKind.ORGANISATION:
        return []
    return [p for p in rules.eligibility.organisation.preferences if p.kind == PreferenceKind.DECLARED]


def preferences_of(application: Application) -> list[Preference]:
    """The preferences this application holds (Wuhan 第十一条(七), the favoured SMEs: Qujing 第十五条, Jinan 第十一条,
    Ordos 第六条, Wuhan 第四条): shown as badges and usable to sort a list; acceptance never reads them."""
    if not application.organisation_id:
        return []
    org = application.organisation
    data = application.form_data or {}
    held = []
    for preference in application.rules.eligibility.organisation.preferences:
        if preference.kind == PreferenceKind.SME and org.is_sme:
            held.append(preference)
        elif preference.kind == PreferenceKind.DECLARED and data.get(preference_field(preference)) == "on":
            held.append(preference)
    return held


def lines_for(application: Application) -> list[Line]:
    """The checklist with the findings saved so far (the rules decide which lines there are)."""
    lines = checklist_for(application)
    saved = {}
    record = EligibilityCheck.objects.filter(application=application).first()
    if record:
        saved = {(line.section, line.key): line for line in record.lines.all()}
    for line in lines:
        found = saved.get((line.section, line.key))
        if found:
            line.verdict, line.note = found.verdict, found.note
    return lines


def _require_office(application: Application, actor) -> None:
    if not lifecycle.may_act(application, Role.OFFICE, actor):
        raise TransitionDenied(_("您无权审查该申报。"))
    if application.status not in CHECKABLE:
        raise TransitionNotAllowed(_("该申报当前不在资格审查阶段。"))


def save_check(application: Application, actor, answers: dict[str, tuple[str, str]]) -> list[Line]:
    """Record the officer's findings. answers: {line.field: (verdict, note)}; lines left blank stay open."""
    _require_office(application, actor)
    lines = lines_for(application)
    errors = []
    for line in lines:
        verdict, note = answers.get(line.field, (line.verdict, line.note))
        verdict, note = (verdict or "").strip(), (note or "").strip()
        if verdict and verdict not in Verdict.values:
            errors.append(_("“%(text)s”：审查结论无效。") % {"text": line.text[:30]})
            continue
        if verdict in NOTE_REQUIRED and not note:
            errors.append(
                _("“%(text)s”（%(article)s）选择“%(verdict)s”时须填写说明。")
                % {"text": line.text[:30], "article": line.article, "verdict": verdict_label(line.section, verdict)}
            )
        line.verdict, line.note = verdict, note
    if errors:
        raise InvalidInput("\n".join(errors))
    with transaction.atomic():
        record, created = EligibilityCheck.objects.get_or_create(
            application=application,
            defaults={"checked_by": actor, "rule_version": application.cycle.rule_set.version},
        )
        if not created:
            record.checked_by = actor
            record.save(update_fields=["checked_by", "updated_at"])
        for line in lines:
            EligibilityCheckLine.objects.update_or_create(
                check_record=record, section=line.section, key=line.key,
                defaults={"text": line.text, "article": line.article, "verdict": line.verdict, "note": line.note},
            )
    return lines


def _stage_article(application: Application) -> str:
    return application.rules.stage(Status.ELIGIBILITY).article


def accept(application: Application, actor, note: str = "") -> FormalNotice:
    """受理: every line checked and none failed; the application moves on to the city's next stage."""
    _require_office(application, actor)
    if application.status != Status.ELIGIBILITY:
        raise TransitionNotAllowed(_("申报人尚未提交补正材料，不能受理。"))
    lines = lines_for(application)
    open_lines = [line for line in lines if not line.verdict]
    if open_lines:
        raise InvalidInput(
            _("尚有%(n)s项审查条目未填写结论，请逐项审查并保存后再受理。") % {"n": len(open_lines)}
        )
    failed = [line for line in lines if line.failed]
    if failed:
        raise InvalidInput(_("有%(n)s项条目审查结论为不符合，不能受理；请要求补正或不予受理。") % {"n": len(failed)})
    reason = (note or "").strip() or _("经资格审查，符合申报条件，予以受理。")
    with transaction.atomic():
        entry = lifecycle.perform(application, "advance", actor, reason=reason, article=_stage_article(application))
        return formal_notices.issue(entry, FormalNotice.Kind.ACCEPTANCE)


def refusal_articles(application: Application, lines: list[Line]) -> str:
    """The stage's article, then the articles of the failed lines: e.g. 第十六条、第十条、第十二条."""
    articles = [_stage_article(application)]
    for line in lines:
        if line.failed and line.article not in articles:
            articles.append(line.article)
    return "、".join(articles)[:100]


def refuse(application: Application, actor, reasons: str) -> FormalNotice:
    """不予受理, with the reasons the applicant will read (required)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput(_("请填写不予受理的理由，申报人将看到这些理由。"))
    _require_office(application, actor)
    lines = lines_for(application)
    failed = [line for line in lines if line.failed]
    article = refusal_articles(application, lines)
    with transaction.atomic():
        entry = lifecycle.perform(application, "refuse", actor, reason=reasons, article=article[:50])
        return formal_notices.issue(entry, FormalNotice.Kind.REFUSAL, findings=failed)
