"""awards.domain.publicity (公示): dates from the rules and calendar, objections, and a closing task that
closes once."""

import datetime
import pathlib

import pytest

from awards.domain import lifecycle, objections, publicity
from awards.models import Publicity
from awards.tasks import close_due_publicities
from awards.workflow import Status
from cities.schema import Role
from core.errors import InvalidInput, TransitionNotAllowed
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast, at, travel

MEASURES = pathlib.Path(__file__).resolve().parents[2] / "cities" / "measures"  # the five texts, as published


def test_publicity_dates_come_from_the_rules_and_calendar(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(datetime.date(2026, 9, 28)):
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
    # Jinan: 5 working days (第十七条) from Monday 9-28 across National Day: ends 10-9.
    assert (notice.starts_on, notice.ends_on) == (datetime.date(2026, 9, 28), datetime.date(2026, 10, 9))
    assert notice.article == "第十七条"
    assert notice.entries.count() == 3
    for app in apps:
        app.refresh_from_db()
        assert app.stage_deadline == datetime.date(2026, 10, 9)


def test_closing_twice_closes_once(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(datetime.date(2026, 9, 28)) as traveller:
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        assert close_due_publicities() == []  # not due yet
        traveller.move_to(at(datetime.date(2026, 10, 9), hour=23))
        assert close_due_publicities() == []  # the last day still belongs to the publicity
        traveller.move_to(at(datetime.date(2026, 10, 10), hour=0))
        assert close_due_publicities() == [notice.pk]
        assert close_due_publicities() == []
        assert publicity.close(notice) is False
    notice.refresh_from_db()
    assert notice.closed_at is not None
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.GOVERNMENT_APPROVAL
        assert app.audit_trail.filter(from_state=Status.PUBLICITY).count() == 1
        entry = app.audit_trail.get(from_state=Status.PUBLICITY)
        assert entry.actor is None and entry.actor_role == Role.SYSTEM.value


def test_objections_hold_an_application_and_a_sustained_one_stops_it(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    held, dismissed_one, clean = apps
    with travel(datetime.date(2026, 9, 28)) as traveller:
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office)
        entries = {e.application_id: e for e in notice.entries.all()}
        sustained = publicity.file_objection(
            entries[held.pk], name="王某", contact="13800000000", text="该单位近三年发生过较大质量事故。"
        )
        dismissed = publicity.file_objection(
            entries[dismissed_one.pk], name="李某", contact="li@example.com", text="怀疑数据不实。"
        )
        with pytest.raises(InvalidInput, match="请填写：异议内容"):
            publicity.file_objection(entries[clean.pk], name="赵某", contact="x", text=" ")
        traveller.move_to(at(datetime.date(2026, 10, 10)))
        with pytest.raises(InvalidInput, match="不在公示期内"):
            publicity.file_objection(entries[clean.pk], name="赵某", contact="x", text="迟到的异议")
        close_due_publicities()
        for app in apps:
            app.refresh_from_db()
        assert clean.status == Status.GOVERNMENT_APPROVAL
        assert held.status == dismissed_one.status == Status.PUBLICITY  # held by open objections
        with pytest.raises(TransitionNotAllowed, match="异议"):
            lifecycle.perform(held, "advance", None)
        publicity.resolve_objection(sustained, sustained=True, resolution="经调查属实", actor=cast.office)
        publicity.resolve_objection(dismissed, sustained=False, resolution="经核实数据真实", actor=cast.office)
        held.refresh_from_db()
        assert held.status == Status.PUBLICITY  # 济南 第十七条: the office proposed; the leading group approves
        objections.record_step(sustained, actor=cast.committee, sustain=True, text="批准")
        objections.record_step(dismissed, actor=cast.committee, sustain=False, text="批准")
    held.refresh_from_db()
    dismissed_one.refresh_from_db()
    assert held.status == Status.NOT_SELECTED and held.stopped_at_stage == Status.PUBLICITY
    assert "异议成立" in held.audit_trail.last().reason
    assert dismissed_one.status == Status.GOVERNMENT_APPROVAL


def test_only_the_office_of_the_city_may_publish(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    from core.errors import TransitionDenied

    for outsider in (
        cast.recommender,
        factories.city_user("wuhan", Role.OFFICE),
        factories.member(apps[0].organisation),
    ):
        with pytest.raises(TransitionDenied):
            publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=outsider)
    assert not Publicity.objects.exists()


def test_cannot_publish_an_application_that_is_not_at_that_stage(cities):
    with travel(datetime.date(2026, 9, 14)):
        cycle = factories.cycle_for("chenzhou", published=datetime.date(2026, 9, 1))
        cast = Cast("chenzhou")
        app = factories.application_for(cycle, recommender=cast.recommender_unit)
        walk_to(app, Status.ELIGIBILITY, cast=cast)
        with pytest.raises(InvalidInput, match="不在"):
            publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=[app], actor=cast.office)
        with pytest.raises(InvalidInput, match="没有"):
            publicity.publish(cycle=cycle, stage=Status.LOCAL_PUBLICITY, applications=[app], actor=cast.office)


# -- the office's length of a period: a minimum may be lengthened, an exact one never changed (issue 11) ----------

def test_jinan_publicity_is_exactly_5_working_days_by_article_17_and_the_office_cannot_change_it(jinan_at_publicity):
    cycle, cast, apps = jinan_at_publicity
    with travel(datetime.date(2026, 9, 28)):
        for length in (4, 6):
            with pytest.raises(InvalidInput) as refused:
                publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office,
                                  length=length)
            assert "第十七条规定拟奖名单公示期为5个工作日，不得更改" in refused.value.message
        assert not Publicity.objects.exists()
        notice = publicity.publish(cycle=cycle, stage=Status.PUBLICITY, applications=apps, actor=cast.office,
                                   length=5)
    assert notice.ends_on == datetime.date(2026, 10, 9)


def test_chenzhou_publicity_is_exactly_7_days_by_article_20_not_at_least(cities):
    period = cities["chenzhou"].current_rules().rules.periods["publicity"]
    assert (period.length, period.unit, period.minimum, period.article) == (7, "calendar_days", False, "第二十条")
    assert period.rule_in_words == "7日" and not period.allows_length(8) and period.allows_length(7)


def test_qujing_publicity_is_at_least_5_working_days_by_article_19(cities):
    period = cities["qujing"].current_rules().rules.periods["publicity"]
    assert period.minimum and period.article == "第十九条" and period.rule_in_words == "不少于5个工作日"
    assert period.allows_length(8) and not period.allows_length(4)


def test_every_period_is_exact_or_a_minimum_as_its_text_says(cities):
    """不少于 / 不得少于 in the article → a minimum; a plain length (公示7天, 公示期为5个工作日, …内完成) → exact."""
    for code, city in cities.items():
        rules = city.current_rules().rules
        text = (MEASURES / rules.measure.source_file).read_text(encoding="utf-8")
        for key, period in rules.periods.items():
            if not period.article:
                continue
            line = next(ln for ln in text.splitlines() if ln.startswith(period.article))
            at_least = f"不少于{period.length}" in line or f"不得少于{period.length}" in line
            assert str(period.length) in line, (code, key)
            assert period.minimum == at_least, (code, key, period.article)
