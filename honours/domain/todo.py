"""After the award, the to-dos (awards.domain.todo): a winner's yearly reports to hand in, the office's
government decisions to record (政府审定) and missed reports to deal with. Computed: each clears when done."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.domain import access, todo
from awards.models import Application
from awards.workflow import Status
from cities.schema import Role

from ..models import YearlyReport


def _reports():
    return YearlyReport.objects.filter(submitted_at__isnull=True, application__status=Status.AWARDED).select_related(
        "application__organisation", "application__individual").order_by("due_on", "pk")


def winner_steps(user) -> list[todo.ToDo]:
    """Yearly self-assessment reports open for upload (from the start of their year) and not yet handed in."""
    today = timezone.localdate()
    mine = Application.objects.for_applicant(user).values("pk")
    return [todo.ToDo(Role.APPLICANT.value,
                      todo.step(_("报送%(year)s年度自评报告") % {"year": r.year}, r.application),
                      "applicant:duties", (r.application_id,), deadline=r.due_on, application=r.application)
            for r in _reports().filter(application__in=mine, year__lte=today.year)]


def office_steps(user) -> list[todo.ToDo]:
    """Government decisions to record for the user's cities, and missed yearly reports without a consequence."""
    cities = access.office_cities(user)
    if not cities:
        return []
    today = timezone.localdate()
    apps = (Application.objects.for_office(cities).at_stage(Status.GOVERNMENT_APPROVAL)
            .select_related("organisation", "individual", "cycle__city").order_by("stage_deadline", "pk"))
    todos = [todo.ToDo(Role.OFFICE.value, todo.step(_("录入政府审定决定"), app), "office:approval",
                       (app.cycle.city.code,), deadline=app.stage_deadline, application=app) for app in apps]
    missed = (_reports().filter(application__cycle__city__in=cities, due_on__lt=today, consequence_recorded_at=None)
              .select_related("application__cycle__city"))
    todos += [todo.ToDo(Role.OFFICE.value,
                        todo.step(_("处理逾期未报送的%(year)s年度自评报告") % {"year": r.year}, r.application),
                        "office:duties", (r.application.cycle.city.code,), deadline=r.due_on,
                        application=r.application) for r in missed]
    return todos


todo.register(Role.APPLICANT, winner_steps)
todo.register(Role.OFFICE, office_steps, claims=[Status.GOVERNMENT_APPROVAL])
