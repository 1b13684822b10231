"""honours.domain.ledger: what each winner was granted (the rule file's grants) and what was reclaimed."""

import datetime
from decimal import Decimal

import pytest

from awards.workflow import Status
from cities.schema import GrantKind
from demo.walk import walk_to
from honours.domain import certificates, ledger
from honours.models import Certificate, LedgerEntry

from .. import factories
from ..builders.certified import Winners
from ..builders.intake import World
from ..builders.journeys import Cast, travel

TODAY = datetime.date(2026, 9, 14)


def lines(application, direction=LedgerEntry.Direction.GRANT):
    return [(e.item, e.amount, e.article) for e in application.ledger.filter(direction=direction).order_by("pk")]


@pytest.fixture
def chenzhou(cities):
    with travel(TODAY):
        return Winners("chenzhou")


def test_a_chenzhou_winner_is_granted_300000_yuan_a_plaque_and_the_certificate(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    assert lines(application) == [("money", Decimal("300000.00"), "第二十一条"), ("plaque", None, "第二十一条"),
                                  ("certificate", None, "第二十一条")]
    entries = list(application.ledger.order_by("pk"))
    assert all(e.on == TODAY and e.recorded_by == chenzhou.cast.office for e in entries)
    assert [e.certificate for e in entries] == [None, None, certificate]


def test_an_ordos_organisation_is_granted_500000_yuan(cities):
    with travel(TODAY):
        ordos = Winners("ordos")
        application, _certificate = ordos.award()
    assert lines(application) == [("certificate", None, "第二十二条"), ("plaque", None, "第二十二条"),
                                  ("money", Decimal("500000.00"), "第二十二条")]


def test_money_without_an_amount_is_a_line_without_one(cities):
    with travel(TODAY):
        qujing = Winners("qujing")
        application, _certificate = qujing.award()
    money = application.ledger.get(item=GrantKind.MONEY)
    assert money.amount is None and "第三十二条" in money.note
    assert application.ledger.get(item=GrantKind.CERTIFICATE).article == "由评审办公室设定"  # set_by_office


def test_after_re_evaluation_plaque_and_certificate_again_but_no_money(chenzhou):
    with travel(TODAY):
        application, _first = chenzhou.award()
    later = datetime.date(2029, 8, 3)
    with travel(later):
        second = certificates.reissue(application, reason=Certificate.Reason.RE_EVALUATION, actor=chenzhou.cast.office)
        again = ledger.grant_award(application, on=later, actor=chenzhou.cast.office, again_only=True)
    assert [(e.item, e.amount, e.on) for e in again] == [("plaque", None, later), ("certificate", None, later)]
    assert again[1].certificate == second
    assert application.ledger.filter(item=GrantKind.MONEY).count() == 1


def test_reclaim_points_at_the_grants_not_yet_reclaimed(chenzhou):
    with travel(TODAY):
        application, certificate = chenzhou.award()
    office = chenzhou.cast.office
    on = datetime.date(2027, 4, 1)
    taken = ledger.reclaim(application, kinds=[GrantKind.MONEY, GrantKind.CERTIFICATE], on=on, article="第二十五条",
                           actor=office, note="追回奖金，收回证书")
    grants = {e.item: e for e in application.ledger.filter(direction=LedgerEntry.Direction.GRANT)}
    assert [(e.item, e.amount, e.grant, e.on, e.article, e.recorded_by) for e in taken] == [
        ("money", Decimal("300000.00"), grants["money"], on, "第二十五条", office),
        ("certificate", None, grants["certificate"], on, "第二十五条", office),
    ]
    assert taken[1].certificate == certificate
    # again: nothing left to reclaim of those; the plaque still can be
    assert ledger.reclaim(application, kinds=["money", "certificate"], on=on, article="第二十五条", actor=office) == []
    assert [e.item for e in ledger.reclaim(application, kinds=["plaque"], on=on, article="第二十七条",
                                           actor=office)] == ["plaque"]


def test_the_city_ledger_totals_money_granted_and_reclaimed(chenzhou):
    with travel(TODAY):
        first, _c1 = chenzhou.award()
        second, _c2 = chenzhou.award()
    ledger.reclaim(first, kinds=["money"], on=TODAY, article="第二十五条", actor=chenzhou.cast.office)
    book = ledger.ledger_of(chenzhou.cycle.city)
    assert [w.application for w in book.winners] == [first, second]
    assert (book.granted, book.reclaimed, book.kept) == (Decimal(600000), Decimal(300000), Decimal(300000))
    assert (book.winners[0].kept, book.winners[1].kept) == (Decimal(0), Decimal(300000))
    assert len(book.winners[0].lines) == 4


def test_a_repeat_winner_is_given_no_money_again(cities):
    """Qujing 第三十二条: a winner who wins the same award again gets trophy, plaque and title, no money."""
    earlier_day, later_day = datetime.date(2022, 9, 14), datetime.date(2026, 9, 14)
    cast = Cast("qujing")
    with travel(earlier_day):
        earlier = factories.cycle_for("qujing", year=2022, published=datetime.date(2022, 9, 1))
        first = factories.application_for(earlier, recommender=cast.recommender_unit)
        walk_to(first, Status.AWARDED, cast=cast, since=earlier_day - datetime.timedelta(days=90))
    assert {item for item, _amount, _article in lines(first)} >= {GrantKind.MONEY.value}
    with travel(later_day):
        world = World("qujing")
        world.cast = cast
        again = world.application(status=Status.AWARDED, organisation=first.organisation)
    items = [item for item, _amount, _article in lines(again)]
    assert GrantKind.MONEY.value not in items
    assert GrantKind.TROPHY.value in items and GrantKind.PLAQUE.value in items
