"""The office's work queues: one per stage the city's rules give the office, with deadlines and filters.

An office user belongs to the office group of one (or more) cities (access.office_cities) and sees only
those cities' applications (Application.objects.for_office). Stage deadlines were stamped on entry by
lifecycle from the pinned rules; here they are measured in working days so the page can warn as a deadline
nears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Value
from django.utils.translation import gettext as _

from cities.calendar import WorkingDayCalendar
from cities.models import City
from cities.schema import CityRules, Period, Role

from ..models import Application
from ..workflow import Status, staff_label
from . import eligibility

# A deadline this many working days away (or fewer) is highlighted as near. A display convention of the
# portal, not a value of any measure.
DUE_SOON_WORKING_DAYS = 3


# -- the stages of a city's office -------------------------------------------------------------
@dataclass(frozen=True)
class QueueStage:
    status: str
    label: str
    article: str
    period: Period | None


def office_stages(rules: CityRules) -> list[QueueStage]:
    """The stages the city's rules give the office, in the city's order; the supplement loop follows eligibility."""
    stages = []
    for stage in rules.stages:
        if stage.actor != Role.OFFICE:
            continue
        period = rules.period_of(stage)
        stages.append(QueueStage(stage.kind.value, staff_label(stage.kind.value, rules), stage.article, period))
        if stage.kind == Status.ELIGIBILITY:
            stages.append(
                QueueStage(
                    Status.SUPPLEMENT_REQUESTED.value,
                    staff_label(Status.SUPPLEMENT_REQUESTED),
                    stage.article,
                    rules.supplement_period,
                )
            )
    return stages


def deadline_period(rules: CityRules, status: str) -> Period | None:
    """The period whose end is the stage deadline of this status (for the citation next to the date)."""
    if status == Status.SUPPLEMENT_REQUESTED:
        return rules.supplement_period
    return rules.period_of(status)


# -- filters -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    award_kind: str = ""
    applicant_kind: str = ""
    recommender: int | None = None
    overdue: bool = False
    q: str = ""
    preferred_first: bool = False  # the preferences the rules give (优先、倾斜) first; never a filter

    @property
    def narrows(self) -> bool:
        """Some rows of the stage are left out (a sort alone leaves the stage's count as it is)."""
        return bool(self.award_kind or self.applicant_kind or self.recommender or self.overdue or self.q.strip())


def queue(city: City, status: str, filters: Filters, today: date) -> QuerySet | list[Application]:
    qs = Application.objects.for_office(city).at_stage(status)
    if filters.award_kind:
        qs = qs.filter(award_kind=filters.award_kind)
    if filters.applicant_kind:
        qs = qs.filter(applicant_kind=filters.applicant_kind)
    if filters.recommender:
        qs = qs.filter(recommender_id=filters.recommender)
    if filters.overdue:
        qs = qs.filter(stage_deadline__lt=today)
    term = filters.q.strip()
    if term:
        qs = qs.filter(
            Q(reference__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(individual__name__icontains=term)
            | Q(organisation__credit_code__icontains=term)
        )
    qs = qs.with_rules().select_related("organisation", "individual", "recommender").order_by(
        "stage_deadline", "submitted_at", "pk"
    )
    if filters.preferred_first:  # a preference sorts the list (Wuhan 第十一条(七), favoured SMEs); it keeps no one out
        return sorted(qs, key=lambda a: -len(eligibility.preferences_of(a)))
    return qs


def stage_counts(city: City, statuses: list[str], today: date) -> dict[str, dict[str, int]]:
    """Per status: how many applications, and how many past their deadline. One query."""
    return stage_counts_with(city, statuses, today, {})[0]


def stage_counts_with(city: City, statuses: list[str], today: date, others: dict[str, QuerySet]) -> tuple[
        dict[str, dict[str, int]], dict[str, int]]:
    """stage_counts, and other counts of the same page in the same query: `others` maps a key to a query of one
    row with one column `total` (e.g. a COUNT subquery on the city); each is a branch of a UNION ALL with the
    stage counts' GROUP BY (which gives no row for a status without applications: zero). One query."""
    stages = (
        Application.objects.for_office(city).at_stage(*statuses).order_by()
        .values("status").annotate(total=Count("pk"), overdue=Count("pk", filter=Q(stage_deadline__lt=today)))
    )
    branches = [query.order_by().annotate(key=Value(f"+{key}"), zero=Value(0)).values("key", "total", "zero")
                for key, query in others.items()]  # "+": no status begins so
    counts = {s: {"total": 0, "overdue": 0} for s in statuses}
    found = {key: 0 for key in others}
    for row in stages.union(*branches, all=True) if branches else stages:
        if row["status"].startswith("+"):
            found[row["status"][1:]] = row["total"]
        else:
            counts[row["status"]] = {"total": row["total"], "overdue": row["overdue"]}
    return counts, found


# -- deadlines ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    due: date | None
    state: str  # "overdue", "due_soon", "ok" or "" (no deadline)
    working_days_left: int | None
    citation: str
    note: str
    unconfirmed: bool

    @property
    def text(self) -> str:
        if self.due is None:
            return ""
        if self.state == "overdue":
            return _("已逾期")
        return _("剩余%(n)s个工作日") % {"n": self.working_days_left}


def working_days_between(start: date, end: date, calendar: WorkingDayCalendar) -> int:
    """Working days from start to end, both included (0 if end is before start)."""
    days, day = 0, start
    while day <= end:
        if calendar.is_workday(day):
            days += 1
        day += timedelta(days=1)
    return days


def deadline_of(application: Application, rules: CityRules, today: date, calendar: WorkingDayCalendar) -> Deadline:
    period = deadline_period(rules, application.status)
    citation = period.citation if period else ""
    note = period.note if period else ""
    due = application.stage_deadline
    if due is None:
        return Deadline(None, "", None, citation, note, False)
    if due < today:
        return Deadline(due, "overdue", 0, citation, note, application.stage_deadline_unconfirmed)
    left = working_days_between(today, due, calendar)
    state = "due_soon" if left <= DUE_SOON_WORKING_DAYS else "ok"
    return Deadline(due, state, left, citation, note, application.stage_deadline_unconfirmed)


@dataclass(frozen=True)
class Row:
    application: Application
    rules: CityRules
    award_name: str
    deadline: Deadline
    preferences: list = ()  # the rules' preferences the application holds: badges, never conditions


def rows(applications, today: date) -> list[Row]:
    """Decorate a page of applications with award names and deadlines: one calendar query for all rows."""
    applications = list(applications)
    last = max((a.stage_deadline for a in applications if a.stage_deadline), default=today)
    calendar = WorkingDayCalendar.for_range(today, max(last, today))
    out = []
    for app in applications:
        rules = app.rules  # parsed once per rule-set version (cities.models.parsed_rules)
        try:
            award_name = rules.award_kind(app.award_kind).name
        except KeyError:
            award_name = app.award_kind
        out.append(Row(app, rules, award_name, deadline_of(app, rules, today, calendar),
                       eligibility.preferences_of(app)))
    return out
