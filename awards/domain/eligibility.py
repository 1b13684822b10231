"""The office's eligibility check (资格审查) and its decisions: accept, or refuse with reasons.

The checklist is the city's own: the conditions and exclusions of its rule file for the applicant's kind,
each citing its article. The officer records a finding on every line; the decision then goes through
lifecycle.perform and issues its formal notice in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cities.schema import CityRules, Role
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


def checklist(rules: CityRules, applicant_kind: str) -> list[Line]:
    """The lines of the city's checklist for this kind of applicant, in the rule file's order."""
    rule = rules.eligibility.organisation if applicant_kind == "organisation" else rules.eligibility.individual
    if rule is None:
        return []
    return [Line(Section.CONDITION, c.key, c.text, c.article) for c in rule.conditions] + [
        Line(Section.EXCLUSION, c.key, c.text, c.article) for c in rule.exclusions
    ]


def lines_for(application: Application) -> list[Line]:
    """The checklist with the findings saved so far (the rules decide which lines there are)."""
    lines = checklist(application.rules, application.applicant_kind)
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
