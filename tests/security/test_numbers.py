"""Formal notice numbers (文号) come from a sequence per city, year and kind: decisions made at the same moment in
one city each get their own number and none fails for it (issue 10, "Numbers")."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from awards.domain import eligibility
from awards.models import Application, FormalNotice, NumberSequence
from awards.workflow import Status

from ..builders.intake import SUBMIT_DAY, World
from ..builders.journeys import travel

DAY = datetime.date(2026, 9, 16)


def all_meet(application):
    return {line.field: ("meets", "") for line in eligibility.checklist(application.rules, application.applicant_kind)}


def numbers_of(kind):
    return list(FormalNotice.objects.filter(kind=kind).order_by("serial").values_list("serial", "number"))


def test_sequential_decisions_number_one_after_another_per_kind(ordos):
    with travel(SUBMIT_DAY):
        apps = [ordos.application() for _ in range(5)]
    with travel(DAY):
        for app in apps[:3]:
            eligibility.refuse(app, ordos.cast.office, "不符合申报条件")
        for app in apps[3:]:
            eligibility.save_check(app, ordos.cast.office, all_meet(app))
            eligibility.accept(app, ordos.cast.office)
    refusals = numbers_of(FormalNotice.Kind.REFUSAL)
    assert [serial for serial, _n in refusals] == [1, 2, 3]
    assert [number for _s, number in refusals] == [f"鄂尔多斯质奖驳字〔2026〕{n}号" for n in (1, 2, 3)]
    assert [serial for serial, _n in numbers_of(FormalNotice.Kind.ACCEPTANCE)] == [1, 2]
    assert NumberSequence.objects.get(city__code="ordos", year=2026, kind=FormalNotice.Kind.REFUSAL).last == 3
    # each notice's PDF was rendered once and stored with the notice
    for notice in FormalNotice.objects.all():
        with notice.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_a_new_sequence_starts_after_the_serials_already_issued(ordos):
    """Notices issued before the sequence existed (or a lost sequence row) are never numbered twice."""
    with travel(SUBMIT_DAY):
        apps = [ordos.application() for _ in range(3)]
    with travel(DAY):
        eligibility.refuse(apps[0], ordos.cast.office, "不符合申报条件")
        eligibility.refuse(apps[1], ordos.cast.office, "不符合申报条件")
        NumberSequence.objects.all().delete()
        eligibility.refuse(apps[2], ordos.cast.office, "不符合申报条件")
    assert [serial for serial, _n in numbers_of(FormalNotice.Kind.REFUSAL)] == [1, 2, 3]


def test_a_new_year_starts_at_one(ordos):
    with travel(SUBMIT_DAY):
        apps = [ordos.application() for _ in range(2)]
    with travel(DAY):
        eligibility.refuse(apps[0], ordos.cast.office, "不符合申报条件")
    with travel(datetime.date(2027, 1, 5)):
        eligibility.refuse(apps[1], ordos.cast.office, "不符合申报条件")
    assert sorted(FormalNotice.objects.values_list("year", "serial")) == [(2026, 1), (2027, 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_refusals_at_once_in_one_city_all_succeed():
    call_command("load_cities", verbosity=0)
    with travel(SUBMIT_DAY):
        world = World("ordos")
        apps = [world.application() for _ in range(20)]
    barrier = threading.Barrier(len(apps), timeout=60)
    errors = []

    def refuse(pk):
        try:
            mine = Application.objects.get(pk=pk)  # this thread's own connection
            barrier.wait()
            eligibility.refuse(mine, world.cast.office, "不符合申报条件")
        except Exception as error:  # noqa: BLE001 — every failure is reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    with travel(DAY):
        threads = [threading.Thread(target=refuse, args=(app.pk,)) for app in apps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    assert errors == []
    assert all(not thread.is_alive() for thread in threads)
    serials = sorted(FormalNotice.objects.filter(kind=FormalNotice.Kind.REFUSAL).values_list("serial", flat=True))
    assert serials == list(range(1, 21))
    assert FormalNotice.objects.values("number").distinct().count() == 20
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("status", flat=True)) == {
        Status.INELIGIBLE
    }
    assert NumberSequence.objects.get(city__code="ordos", year=2026, kind=FormalNotice.Kind.REFUSAL).last == 20
