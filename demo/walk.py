"""Walk an application along its city's own route, as the people the rules name would act: `walk_to`.

Every step goes through `awards.domain.lifecycle.perform` or `awards.domain.publicity`; nothing here sets a
status or a deadline. `manage.py setup_demo` and the tests build their applications with it. It does not move
the clock: a caller that wants the periods to pass in real time (a test under time_machine) gives `wait`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.domain import access, forms_data, lifecycle, publicity
from awards.models import Application, Publicity, RecommenderUnit
from awards.workflow import Status
from cities.models import City
from cities.schema import Role, Stage
from honours.domain import approval
from honours.models import GovernmentDecision
from reviews.domain import stage_inputs
from reviews.models import SurveyResult

# Publicities on the way start this long ago by default: the longest period of any city (with a holiday week)
# is over by today, so the walk goes on at once.
HELD_AGO = datetime.timedelta(days=40)
PASSED = "通过"


@dataclass
class Cast:
    """Who acts for one city: a user for each role the rules name, and the recommender unit they speak for.

    A recommender's stage is passed by `recommender` when the application went to `recommender_unit`, otherwise
    by the first member of the unit it went to.
    """

    office: User | None = None
    committee: User | None = None
    supervisor: User | None = None
    recommender: User | None = None
    recommender_unit: RecommenderUnit | None = None

    @classmethod
    def of(cls, city: City) -> Cast:
        """The first active user of each of the city's role groups; a recommender's stages are then passed by the
        first member of the unit each application went to."""

        def first(role: Role) -> User | None:
            return access.city_group(city, role).user_set.filter(is_active=True).order_by("pk").first()

        return cls(office=first(Role.OFFICE), committee=first(Role.COMMITTEE), supervisor=first(Role.SUPERVISOR))

    def for_role(self, role: Role, application: Application | None = None) -> User | None:
        """The person acting as `role` (None for the scheduler)."""
        if role == Role.SYSTEM:
            return None
        if role == Role.RECOMMENDER:
            return self.recommender_for(application)
        return {Role.OFFICE: self.office, Role.COMMITTEE: self.committee, Role.SUPERVISOR: self.supervisor}[role]

    def recommender_for(self, application: Application | None) -> User | None:
        """Who speaks for the recommender unit the application went to."""
        if application is None or not application.recommender_id:
            return self.recommender
        if self.recommender is not None and application.recommender_id == getattr(self.recommender_unit, "pk", None):
            return self.recommender
        return application.recommender.group.user_set.order_by("pk").first()


def walk_to(application: Application, stage: str, *, cast: Cast | None = None, since: datetime.date | None = None,
            wait: Callable[[datetime.date], None] | None = None, reason: str = PASSED) -> list[Publicity]:
    """Submit the application if it is a draft, then pass each stage of its city's route until it is at `stage`
    (a stage of the route, or `Status.AWARDED` after the last one). Returns the publicities made on the way.

    A stage passed only after its period (公示, local publicity, comment period) is first published by its actor's
    side (the recommender unit for its own stage, else the office), starting `since` (default: `HELD_AGO` before
    today, so it is over by now); each later one starts no earlier than the day after the one before. When a
    period is not over yet, `wait(the day after its end)` is called first (tests move their time machine there).
    The scheduler's stages are passed by closing their publicity; 政府审定 by recording an approving government
    decision (`approve`); the others by the stage's actor with `reason` — the satisfaction survey once its
    result is recorded (`survey_done`, unless the caller recorded one).
    A stage reviewed by an expert panel passes only as `perform` allows it (no panel assigned: it passes).
    """
    cast = cast or Cast.of(application.cycle.city)
    _check_ahead(application, stage)
    day = since or timezone.localdate() - HELD_AGO
    made = []
    if application.status == Status.DRAFT:
        applicant = access.applicant_users(application)[0]
        lifecycle.perform(application, "submit", applicant)
        forms_data.record_declarations(application, applicant)  # as the submit page would have them signed
    while application.status != stage:
        current = application.rules.stage(application.status)
        notice = None
        if current.advance_after_period:
            notice = hold_publicity(application, current, cast, day)
            made.append(notice)
            day = max(day, _after(notice, wait))
        if notice is not None and current.actor == Role.SYSTEM:
            publicity.close(notice)
            application.refresh_from_db()
        elif current.kind == Status.GOVERNMENT_APPROVAL:
            approve(application, cast.for_role(current.actor, application))
        else:
            if current.kind == Status.SATISFACTION_SURVEY:
                survey_done(application, cast.for_role(current.actor, application))
            lifecycle.perform(application, "advance", cast.for_role(current.actor, application), reason=reason)
        if application.status == current.kind.value:
            raise ValueError(f"{application.reference} did not leave {current.kind.value}")
    return made


def survey_done(application: Application, actor: User) -> SurveyResult:
    """The survey result the office enters at 满意度测评 (reviews.domain.stage_inputs), unless there is one."""
    found = SurveyResult.objects.filter(application=application).first()
    return found or stage_inputs.record_survey(application, actor, score="90.00", agency="第三方测评机构",
                                               summary="顾客满意度测评结果良好。")


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose cross-reference table is right (readers and pdftotext accept it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def approve(application: Application, actor: User) -> GovernmentDecision:
    """Record the city government's decision approving this one application (honours.domain.approval), dated today,
    with a numbered document (e.g. 郴州政发〔2026〕1号) and a small PDF as its file."""
    cycle = application.cycle
    year = timezone.localdate().year
    n = GovernmentDecision.objects.filter(cycle__city_id=cycle.city_id, decided_on__year=year).count() + 1
    number = f"{cycle.rules.name.removesuffix('市')}政发〔{year}〕{n}号"
    upload = SimpleUploadedFile(f"decision-{cycle.city.code}-{year}-{n}.pdf",
                                _minimal_pdf(f"Government decision {cycle.city.code} {year} No. {n}"),
                                content_type="application/pdf")
    return approval.record(cycle=cycle, actor=actor, document_number=number, decided_on=timezone.localdate(),
                           uploaded_file=upload, lines=[(application, True, "")])


def hold_publicity(application: Application, stage: Stage, cast: Cast, starts_on: datetime.date) -> Publicity:
    """Publish the application for the stage's period: by its recommender unit where the rules have the
    recommender pass the stage, otherwise by the office."""
    by_recommender = stage.actor == Role.RECOMMENDER
    return publicity.publish(
        cycle=application.cycle, stage=stage.kind.value, applications=[application],
        actor=cast.for_role(Role.RECOMMENDER if by_recommender else Role.OFFICE, application),
        recommender=application.recommender if by_recommender else None, starts_on=starts_on,
    )


def _after(notice: Publicity, wait: Callable[[datetime.date], None] | None) -> datetime.date:
    """The first day after the publicity; waited for when it is still to come."""
    after = notice.ends_on + datetime.timedelta(days=1)
    if after > timezone.localdate():
        if wait is None:
            raise ValueError(f"the period of {notice} ends on {notice.ends_on}: give `wait`, or an earlier `since`")
        wait(after)
    return after


def _check_ahead(application: Application, stage: str) -> None:
    """`stage` is on the route of the application's kind, at or after where the application is."""
    route = [s.kind.value for s in application.rules.stages_for(application.applicant_kind)]
    kinds = [Status.DRAFT.value, *route, Status.AWARDED.value]
    if application.status not in kinds or stage not in kinds:
        raise ValueError(f"{application.reference}: {application.status} → {stage} is not on the route")
    if kinds.index(stage) < kinds.index(application.status):
        raise ValueError(f"{application.reference} is past {stage} already ({application.status})")
