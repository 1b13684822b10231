"""A winner's duties after the award, as the application's pinned rules (cities.schema.PostAward) name them.

- Yearly self-assessment reports (post_award.yearly_self_assessment): `schedule` makes the rows (the years after
  the award year, each due on the rule's MM-DD; where the rule names no number of years, up to next year),
  `submit_report` takes the winner's file (PDF or Word, by content; late is allowed and marked),
  `send_due_reminders` reminds before the due date (once per report), `overdue` / `mark_overdue` are the office's
  queue of missed reports, and `record_consequence` records what the rules say follows (with its article and a
  deadline to correct) and tells the winner.
- Revisits (post_award.revisits): planned by the office, the experts' findings, a deadline to correct; an
  uncorrected decline opens a revocation case where the rules name a ground for it.
- Expiry (post_award.validity_years): `expiring` and `send_expiry_reminders` remind the winner before the live
  certificate's date, saying that 复评 can be requested where the rules provide one.

The daily beat task (honours.tasks.duties_daily) calls send_due_reminders, mark_overdue and send_expiry_reminders.
"""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import signals
from awards import tasks as award_tasks
from awards.domain import access, documents, notices
from awards.models import Application, Notice
from awards.workflow import Status
from cities.calendar import period_span
from cities.models import City
from cities.schema import Role
from core.errors import InvalidInput, TransitionDenied
from core.i18n import long_date

from ..models import Certificate, ReEvaluation, Revisit, RevocationCase, YearlyReport
from . import revocation

REPORT_TYPES = {"pdf", "doc", "docx"}
TEXT_MAX = 2000
VISITORS_MAX = 300
AHEAD_YEARS = 1  # where the rules say "every year" without an end: rows up to the current year + 1


# ---------------------------------------------------------------- shared bits
def award_year(application: Application) -> int:
    """The year of the award: the cycle's 评定年度 (as the reapply lockouts count it)."""
    return application.cycle.year


def winners(city: City | None = None):
    """Awarded applications (of one city), with their rules, applicant and city in the same query."""
    found = Application.objects.with_rules().select_related("organisation", "individual").at_stage(Status.AWARDED)
    return found.filter(cycle__city=city) if city is not None else found


def measure_name(rules) -> str:
    return _("《%(title)s》") % {"title": rules.measure.title}


def _subject(application: Application, text: str) -> str:
    rules = application.rules
    return _("【%(city)s%(award)s】%(text)s") % {"city": rules.name, "award": rules.title_of(application.award_kind),
                                                "text": text}


def _greeting(application: Application) -> str:
    return _("%(name)s：") % {"name": application.applicant_name}


def cited(article: str, rules) -> str:
    return _("依据：%(measure)s%(article)s。") % {"measure": measure_name(rules), "article": article}


def tell_winner(application: Application, event_key: str, subject: str, lines: list[str]) -> list[Notice]:
    """Notices to the winner's users (an organisation's members, or the individual), e-mailed after commit."""
    pending = notices.tell(access.applicant_users(application), event_key=event_key,
                           subject=_subject(application, subject), lines=[_greeting(application), *lines],
                           application=application)
    award_tasks.email_later(pending)
    return pending


def tell_city(city: City, role: Role, application: Application, event_key: str, subject: str,
              lines: list[str]) -> list[Notice]:
    """A to-do notice to the city's office or committee members."""
    users = access.city_group(city, role).user_set.filter(is_active=True).order_by("pk")
    pending = notices.tell(users, event_key=event_key, subject=_subject(application, subject), lines=lines,
                           application=application)
    award_tasks.email_later(pending)
    return pending


def _check_office(actor, application: Application) -> None:
    if not access.is_office(actor, application.cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以办理此事项。"))


def _check_awarded(application: Application) -> None:
    if application.status != Status.AWARDED:
        raise InvalidInput(_("该申报当前不是获奖状态（未获奖或奖项已撤销），无需办理获奖后事项。"))


def _text(value, what: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("请填写%(what)s。") % {"what": what})
    if len(text) > limit:
        raise InvalidInput(_("%(what)s不能超过%(n)s字。") % {"what": what, "n": limit})
    return text


def _already_told(event_keys: list[str]) -> set[str]:
    return set(Notice.objects.filter(event_key__in=event_keys).values_list("event_key", flat=True).distinct())


# ---------------------------------------------------------------- yearly reports
def yearly_rule(application: Application):
    """The yearly report rule that applies to this winner (None: the rules require no report of this kind)."""
    rule = application.rules.post_award.yearly_self_assessment
    if rule is None or application.applicant_kind not in rule.applies_to:
        return None
    return rule


def due_date(year: int, month_day: str) -> datetime.date:
    """That year's MM-DD (a day past the month's end, e.g. 02-29 in a common year, is the month's last day)."""
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_words(rule) -> str:
    """The rule's MM-DD as it is read: 12月31日 (June 30 in English)."""
    month, day = (int(part) for part in rule.due.value.split("-"))
    return _("%(month)s月%(day)s日") % {"month": month, "day": day}


def report_years(application: Application, today: datetime.date | None = None) -> list[int]:
    """The years a report is due for: the rule's number of years after the award year, or each year up to next
    year where the rule names no end."""
    rule = yearly_rule(application)
    if rule is None:
        return []
    first = award_year(application) + 1
    if rule.years.value is not None:
        return list(range(first, first + rule.years.value))
    today = today or timezone.localdate()
    return list(range(first, today.year + AHEAD_YEARS + 1))


def schedule(application: Application, today: datetime.date | None = None) -> list[YearlyReport]:
    """Make (once) the yearly report rows the rules require of an awarded application; returns all its rows."""
    if application.status != Status.AWARDED:
        return list(application.yearly_reports.all())
    rule = yearly_rule(application)
    years = report_years(application, today)
    if rule and years:
        YearlyReport.objects.bulk_create(
            [YearlyReport(application=application, year=year, due_on=due_date(year, rule.due.value),
                          article=rule.years.citation) for year in years],
            ignore_conflicts=True,
        )
    return list(application.yearly_reports.all())


def schedule_all(today: datetime.date) -> int:
    """Rows for every winner whose rules require reports (the daily task; the award itself schedules too)."""
    made = 0
    for application in winners():
        if yearly_rule(application):
            made += len(schedule(application, today))
    return made


@receiver(signals.transition_done, dispatch_uid="honours.duties.schedule_on_award")
def schedule_on_award(sender, entry, **kwargs):
    """When an application becomes 获奖, its yearly reports are scheduled."""
    if entry.to_state == Status.AWARDED:
        schedule(entry.application)


def is_open_for_upload(report: YearlyReport, today: datetime.date | None = None) -> bool:
    """The winner may hand in the report from the start of its year on, once."""
    today = today or timezone.localdate()
    return report.submitted_at is None and today.year >= report.year


def submit_report(report: YearlyReport, uploaded_file, actor) -> YearlyReport:
    """The winner hands in a year's report: a PDF or Word file, checked by its content. After the due date it is
    still taken, marked late."""
    application = report.application
    if not access.is_applicant_of(actor, application):
        raise TransitionDenied(_("只有获奖单位（个人）可以报送年度自评报告。"))
    _check_awarded(application)
    today = timezone.localdate()
    if report.submitted_at is not None:
        raise InvalidInput(_("%(year)s年度自评报告已于%(date)s报送，不能重复报送；如需更正，请联系评审办公室。")
                           % {"year": report.year, "date": long_date(timezone.localdate(report.submitted_at))})
    if today.year < report.year:
        raise InvalidInput(_("%(year)s年度自评报告自%(year)s年起方可报送。") % {"year": report.year})
    if uploaded_file is None:
        raise InvalidInput(_("请选择要上传的自评报告文件（PDF 或 Word）。"))
    name = (getattr(uploaded_file, "name", "") or _("自评报告"))[:255]
    size = uploaded_file.size or 0
    if size == 0:
        raise InvalidInput(_("“%(name)s”是空文件（0 字节），未上传。") % {"name": name})
    if size > documents.max_file_bytes():
        raise InvalidInput(_("“%(name)s”大小为%(size)s，超过单个文件上限%(limit)s，未上传。")
                           % {"name": name, "size": documents.megabytes(size),
                              "limit": documents.megabytes(documents.max_file_bytes())})
    try:
        kind = documents.sniff(uploaded_file)
    except documents.UploadRefused as exc:
        raise InvalidInput(_("“%(name)s”：%(error)s") % {"name": name, "error": exc.message}) from None
    if kind not in REPORT_TYPES:
        raise InvalidInput(_("“%(name)s”是%(kind)s文件；自评报告请上传 PDF 或 Word 文档。")
                           % {"name": name, "kind": documents.TYPE_LABELS.get(kind, kind)})
    with transaction.atomic():
        locked = YearlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.submitted_at is not None:
            raise InvalidInput(_("%(year)s年度自评报告已报送，不能重复报送。") % {"year": report.year})
        report.file.save(name, uploaded_file, save=False)
        report.original_name = name
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save(update_fields=["file", "original_name", "submitted_at", "submitted_by"])
    return report


def _open_reports():
    return YearlyReport.objects.filter(submitted_at__isnull=True, application__status=Status.AWARDED).select_related(
        "application__cycle__rule_set", "application__cycle__city", "application__organisation",
        "application__individual").defer("application__cycle__rule_set__content")


def send_due_reminders(today: datetime.date) -> list[YearlyReport]:
    """Remind the winner `remind_days_before` days before a report is due (once per report: reminded_at)."""
    schedule_all(today)
    reminded = []
    for report in _open_reports().filter(reminded_at__isnull=True, due_on__gte=today).order_by("due_on", "pk"):
        application = report.application
        rule = yearly_rule(application)
        if rule is None or today < report.due_on - datetime.timedelta(days=rule.remind_days_before.value):
            continue
        with transaction.atomic():
            if not YearlyReport.objects.filter(pk=report.pk, reminded_at__isnull=True).update(
                    reminded_at=timezone.now()):
                continue  # reminded meanwhile
            tell_winner(application, f"yearly-report:{report.pk}:reminder",
                        _("请于%(date)s前报送%(year)s年度自评报告") % {"date": long_date(report.due_on),
                                                              "year": report.year},
                        [_("请于%(date)s前在平台“获奖后义务”页面上传%(year)s年度自评报告（PDF 或 Word）。")
                         % {"date": long_date(report.due_on), "year": report.year},
                         cited(report.article, application.rules),
                         _("逾期未报送的：%(what)s（%(article)s）。") % {
                             "what": rule.missed_consequence.value, "article": rule.missed_consequence.citation}])
        reminded.append(report)
    return reminded


def overdue(city: City, today: datetime.date):
    """The office's queue: reports of the city's winners whose due date has passed, not handed in (oldest first)."""
    return (_open_reports().filter(application__cycle__city=city, due_on__lt=today)
            .select_related("consequence_by").order_by("due_on", "pk"))


def handed_in(city: City):
    """Reports handed in by the city's winners, the latest first."""
    return (YearlyReport.objects.filter(application__cycle__city=city, submitted_at__isnull=False)
            .select_related("application__cycle__rule_set", "application__cycle__city", "application__organisation",
                            "application__individual").defer("application__cycle__rule_set__content")
            .order_by("-submitted_at", "-pk"))


def mark_overdue(today: datetime.date) -> list[YearlyReport]:
    """Reports that became overdue: the city's office gets a to-do and the winner is told (once per report)."""
    schedule_all(today)
    missed = list(_open_reports().filter(due_on__lt=today).order_by("due_on", "pk"))
    told = _already_told([f"yearly-report:{r.pk}:overdue" for r in missed])
    marked = []
    for report in missed:
        key = f"yearly-report:{report.pk}:overdue"
        if key in told:
            continue
        application = report.application
        rule = yearly_rule(application)
        name = _("%(year)s年度自评报告逾期未报送") % {"year": report.year}
        tell_winner(application, key, name, [
            _("您的%(year)s年度自评报告应于%(date)s前报送，至今未收到。请尽快在平台上传。")
            % {"year": report.year, "date": long_date(report.due_on)},
            cited(report.article, application.rules),
            *([_("逾期未报送的：%(what)s（%(article)s）。") % {"what": rule.missed_consequence.value,
                                                      "article": rule.missed_consequence.citation}] if rule else []),
        ])
        tell_city(application.cycle.city, Role.OFFICE, application, key, _("【待办】%(name)s") % {"name": name}, [
            _("%(name)s（%(ref)s）的%(year)s年度自评报告应于%(date)s前报送，已逾期。请在“获奖者义务与复评”页面"
              "记录处理结果。") % {"name": application.applicant_name, "ref": application.reference,
                                "year": report.year, "date": long_date(report.due_on)}])
        marked.append(report)
    return marked


def record_consequence(report: YearlyReport, actor, note: str = "") -> YearlyReport:
    """The office records what the rules say follows a missed report, with its article and a deadline to correct
    (period_span of the rule's correction period); the winner is told."""
    application = report.application
    _check_office(actor, application)
    _check_awarded(application)
    rule = yearly_rule(application)
    if rule is None:
        raise InvalidInput(_("本市办法未规定年度自评报告。"))
    today = timezone.localdate()
    if report.submitted_at is not None:
        raise InvalidInput(_("该年度自评报告已报送，无需记录逾期处理。"))
    if report.due_on >= today:
        raise InvalidInput(_("该年度自评报告的报送期限（%(date)s）尚未届满。") % {"date": long_date(report.due_on)})
    note = _text(note, _("处理说明"), required=False)
    correct_by = period_span(today, rule.correction_period).end
    with transaction.atomic():
        changed = YearlyReport.objects.filter(pk=report.pk, consequence_recorded_at__isnull=True).update(
            consequence=rule.missed_consequence.value, consequence_article=rule.missed_consequence.citation,
            consequence_note=note, consequence_recorded_at=timezone.now(), consequence_by=actor,
            correct_by=correct_by)
        if not changed:
            raise InvalidInput(_("该报告的逾期处理结果已记录。"))
        report.refresh_from_db()
        lines = [
            _("您的%(year)s年度自评报告应于%(date)s前报送，逾期未报送。") % {"year": report.year,
                                                                 "date": long_date(report.due_on)},
            _("处理结果：%(what)s。") % {"what": report.consequence},
            cited(report.consequence_article, application.rules),
            _("请于%(date)s前改正并在平台上传%(year)s年度自评报告（限期%(period)s）。") % {
                "date": long_date(correct_by), "year": report.year, "period": rule.correction_period.in_words},
        ]
        if note:
            lines.append(_("说明：%(note)s") % {"note": note})
        tell_winner(application, f"yearly-report:{report.pk}:consequence",
                    _("%(year)s年度自评报告逾期处理：%(what)s") % {"year": report.year, "what": report.consequence},
                    lines)
    return report


# ---------------------------------------------------------------- revisits
def revisit_rule(application: Application):
    return application.rules.post_award.revisits


def plan_revisit(application: Application, *, on: datetime.date, visitors: str, actor) -> Revisit:
    """The office plans a visit to a winner (巡访 / 回访) on a day; the winner is told."""
    _check_office(actor, application)
    _check_awarded(application)
    rule = revisit_rule(application)
    if rule is None:
        raise InvalidInput(_("本市办法未规定对获奖者的巡访（回访）。"))
    if not isinstance(on, datetime.date):
        raise InvalidInput(_("请填写回访日期。"))
    if on < timezone.localdate():
        raise InvalidInput(_("回访日期不能早于今天。"))
    visitors = _text(visitors, _("回访专家"), required=False, limit=VISITORS_MAX)
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()  # one planner at a time
        if Revisit.objects.filter(application=application, planned_on=on, outcome=Revisit.Outcome.PLANNED).exists():
            raise InvalidInput(_("%(date)s的回访已经安排，请勿重复提交。") % {"date": long_date(on)})
        visit = Revisit.objects.create(application=application, planned_on=on, visitors=visitors,
                                       article=rule.article, planned_by=actor)
        lines = [_("评审办公室定于%(date)s对贵单位进行获奖后回访（巡访）。") % {"date": long_date(on)}]
        if visitors:
            lines.append(_("回访专家：%(names)s。") % {"names": visitors})
        lines.append(cited(rule.article, application.rules))
        tell_winner(application, f"revisit:{visit.pk}:planned", _("获奖后回访安排"), lines)
    return visit


def _locked_revisit(revisit: Revisit, expected: str) -> Revisit:
    locked = Revisit.objects.select_for_update().get(pk=revisit.pk)
    if locked.outcome != expected:
        raise InvalidInput(_("该回访的状态已变为“%(now)s”，请刷新页面。") % {"now": locked.get_outcome_display()})
    return locked


def record_findings(revisit: Revisit, *, satisfactory: bool, findings: str, actor) -> Revisit:
    """The experts' findings: satisfactory, or a decline with a deadline to correct (the rule's correction
    period from today); the winner is told."""
    application = revisit.application
    _check_office(actor, application)
    _check_awarded(application)
    rule = revisit_rule(application)
    today = timezone.localdate()
    findings = _text(findings, _("回访意见"))
    if today < revisit.planned_on:
        raise InvalidInput(_("回访定于%(date)s，回访后方可录入回访意见。") % {"date": long_date(revisit.planned_on)})
    with transaction.atomic():
        visit = _locked_revisit(revisit, Revisit.Outcome.PLANNED)
        visit.findings = findings
        visit.findings_recorded_at = timezone.now()
        lines = [_("回访意见：%(text)s") % {"text": findings}]
        if satisfactory:
            visit.outcome = Revisit.Outcome.SATISFACTORY
            subject = _("获奖后回访结果：情况良好")
        else:
            visit.outcome = Revisit.Outcome.CORRECTION
            visit.correct_by = period_span(today, rule.correction_period).end
            subject = _("获奖后回访结果：限期整改")
            lines.append(_("请按回访意见于%(date)s前完成整改（限期%(period)s，%(source)s）。") % {
                "date": long_date(visit.correct_by), "period": rule.correction_period.in_words,
                "source": rule.correction_period.citation})
            if rule.uncorrected_ground:
                ground = application.rules.post_award.ground(rule.uncorrected_ground)
                lines.append(_("逾期未整改的，将依%(article)s启动撤销程序：%(text)s。") % {
                    "article": ground.article, "text": ground.text})
        lines.append(cited(rule.article, application.rules))
        visit.save(update_fields=["findings", "findings_recorded_at", "outcome", "correct_by", "updated_at"])
        tell_winner(application, f"revisit:{visit.pk}:findings", subject, lines)
    return visit


def record_correction(revisit: Revisit, *, corrected: bool, actor, note: str):
    """After a decline: corrected, or not corrected once the deadline has passed — which opens a revocation case
    where the rules name a ground for it (revisits.uncorrected_ground). Returns (revisit, case or None)."""
    application = revisit.application
    _check_office(actor, application)
    _check_awarded(application)
    rule = revisit_rule(application)
    today = timezone.localdate()
    note = _text(note, _("整改情况"))
    if not corrected and revisit.correct_by and today <= revisit.correct_by:
        raise InvalidInput(_("整改期限至%(date)s，期满后方可记录“逾期未整改”。") % {
            "date": long_date(revisit.correct_by)})
    case = None
    with transaction.atomic():
        visit = _locked_revisit(revisit, Revisit.Outcome.CORRECTION)
        visit.outcome = Revisit.Outcome.CORRECTED if corrected else Revisit.Outcome.UNCORRECTED
        visit.correction_note = note
        visit.correction_recorded_at = timezone.now()
        visit.save(update_fields=["outcome", "correction_note", "correction_recorded_at", "updated_at"])
        lines = [_("整改情况：%(note)s") % {"note": note}, cited(rule.article, application.rules)]
        if not corrected and rule.uncorrected_ground:
            ground = application.rules.post_award.ground(rule.uncorrected_ground)
            case = RevocationCase.objects.filter(application=application, state=RevocationCase.State.OPEN).first()
            if case is not None and case.ground != rule.uncorrected_ground:
                ground = application.rules.post_award.ground(case.ground)  # the case already open is what goes on
            if case is None:
                summary = _("%(date)s回访发现问题，限期至%(deadline)s整改，逾期未整改。回访意见：%(findings)s；"
                            "整改情况：%(note)s") % {"date": long_date(visit.planned_on),
                                                  "deadline": long_date(visit.correct_by),
                                                  "findings": visit.findings, "note": note}
                case = revocation.open_case(application, ground=rule.uncorrected_ground,
                                            summary=summary[:revocation.SUMMARY_MAX], actor=actor, revisit=visit)
            lines.append(_("依%(article)s，已启动撤销程序：%(text)s。") % {"article": ground.article,
                                                                     "text": ground.text})
        tell_winner(application, f"revisit:{visit.pk}:correction",
                    _("获奖后回访整改结果：%(outcome)s") % {"outcome": visit.get_outcome_display()}, lines)
    return visit, case


def revisits_open(city: City):
    """Visits planned or awaiting correction, the soonest first."""
    return (Revisit.objects.filter(application__cycle__city=city,
                                   outcome__in=[Revisit.Outcome.PLANNED, Revisit.Outcome.CORRECTION])
            .select_related("application__cycle__rule_set", "application__cycle__city", "application__organisation",
                            "application__individual").defer("application__cycle__rule_set__content")
            .order_by("planned_on", "pk"))


# ---------------------------------------------------------------- validity and expiry
def live_certificates(city: City | None = None):
    """The certificate in force of each winner with a validity (not superseded, not revoked)."""
    found = (Certificate.objects.filter(application__status=Status.AWARDED, superseded_by__isnull=True,
                                        revoked_on__isnull=True, valid_until__isnull=False)
             .select_related("application__cycle__rule_set", "application__cycle__city", "application__organisation",
                             "application__individual").defer("application__cycle__rule_set__content"))
    return found.filter(application__cycle__city=city) if city is not None else found


def reminder_day(certificate: Certificate) -> datetime.date | None:
    """The day the winner is reminded of the expiry (None where the rules set no reminder)."""
    days = certificate.application.rules.post_award.expiry_reminder_days
    if days is None or certificate.valid_until is None:
        return None
    return certificate.valid_until - datetime.timedelta(days=days.value)


def expiring(city: City, today: datetime.date) -> list[Certificate]:
    """Live certificates of the city whose reminder day has come: expiring soon, or expired and neither
    re-evaluated nor lapsed by a 复评."""
    lapsed = ReEvaluation.objects.filter(application=OuterRef("application"), outcome=ReEvaluation.Outcome.LAPSED)
    found = live_certificates(city).exclude(Exists(lapsed), valid_until__lt=today).order_by("valid_until", "pk")
    return [c for c in found if (day := reminder_day(c)) is not None and day <= today]


def send_expiry_reminders(today: datetime.date) -> list[Certificate]:
    """Remind the winner `expiry_reminder_days` before the live certificate's valid_until (once per certificate),
    saying that 复评 can be requested where the rules provide one."""
    due = [c for c in live_certificates().filter(valid_until__gte=today).order_by("valid_until", "pk")
           if (day := reminder_day(c)) is not None and day <= today]
    told = _already_told([f"certificate:{c.pk}:expiry" for c in due])
    reminded = []
    for certificate in due:
        key = f"certificate:{certificate.pk}:expiry"
        if key in told:
            continue
        application = certificate.application
        post_award = application.rules.post_award
        lines = [
            _("您的荣誉证书（编号%(number)s）有效期至%(date)s。") % {"number": certificate.number,
                                                          "date": long_date(certificate.valid_until)},
            cited(post_award.validity_years.citation, application.rules),
        ]
        if post_award.re_evaluation:
            lines.append(_("依%(measure)s%(article)s，可申请复评；复评合格的继续有效并换发证书。请在平台“获奖后义务”"
                           "页面提交复评申请。") % {"measure": measure_name(application.rules),
                                               "article": post_award.re_evaluation.article})
        else:
            lines.append(_("有效期届满后，证书核验页面将显示“已过期”。"))
        tell_winner(application, key, _("荣誉证书将于%(date)s到期") % {"date": long_date(certificate.valid_until)},
                    lines)
        reminded.append(certificate)
    return reminded


def open_re_evaluations(city: City):
    """复评 under way in the city, the oldest first."""
    return (ReEvaluation.objects.filter(application__cycle__city=city, outcome=ReEvaluation.Outcome.OPEN)
            .select_related("application__cycle__rule_set", "application__cycle__city", "application__organisation",
                            "application__individual").defer("application__cycle__rule_set__content")
            .order_by("opened_at", "pk"))


# ---------------------------------------------------------------- who may (rows of awards.domain.access)
def _office_of(user, application) -> bool:
    return application is not None and access.is_office(user, application.cycle.city_id)


def manage_report(user, report) -> access.Verdict:
    """The office of the report's city (record a consequence); anyone else: as if there were no report."""
    if report is None or not _office_of(user, report.application):
        return access.hide(_("没有这份年度自评报告。"))
    return access.ALLOWED


def open_report_file(user, report) -> access.Verdict:
    """A report handed in: the office of its city and the winner's own users."""
    if report is not None and report.submitted_at is not None and (
            _office_of(user, report.application) or access.is_applicant_of(user, report.application)):
        return access.ALLOWED
    return access.hide(_("没有这份年度自评报告。"))


def hand_in_report(user, report) -> access.Verdict:
    """The winner's own users hand in a report."""
    if report is None or not access.is_applicant_of(user, report.application):
        return access.hide(_("没有这份年度自评报告。"))
    return access.ALLOWED


def winner_duties(user, application) -> access.Verdict:
    """The applicant of an awarded application (its duties page, the 复评 request)."""
    verdict = access.own_application(user, application)
    if verdict and application.status != Status.AWARDED:
        return access.refuse(_("该申报当前不是获奖状态，没有获奖后义务。"))
    return verdict


def office_winner(user, application) -> access.Verdict:
    """The office of an awarded application's city (plan a revisit)."""
    verdict = access.office_application(user, application)
    if verdict and application.status != Status.AWARDED:
        return access.refuse(_("只能对获奖者安排回访。"))
    return verdict


def manage_revisit(user, revisit) -> access.Verdict:
    if revisit is None or not _office_of(user, revisit.application):
        return access.hide(_("没有这次回访。"))
    return access.ALLOWED


access.register("office.yearly_report", manage_report)
access.register("honours.yearly_report_file", open_report_file)
access.register("applicant.yearly_report", hand_in_report)
access.register("applicant.duties", winner_duties)
access.register("office.winner", office_winner)
access.register("office.revisit", manage_revisit)
