"""honours.domain.announcements: the award announcement of a decision (title, winners by kind, refreshed, not for
a decision approving nobody) and the archive's filters."""

import datetime

import pytest

from honours.domain import announcements
from honours.models import Announcement

from ..builders.approval import Approvals
from ..builders.journeys import travel

TODAY = datetime.date(2026, 9, 14)
NEXT_YEAR = datetime.date(2027, 9, 13)


def revocation_notice(application, **fields):
    """A revocation notice as honours.domain.revocation publishes it (the row only)."""
    return Announcement.objects.create(
        city=application.cycle.city, cycle=application.cycle, kind=Announcement.Kind.REVOCATION,
        notice_kind="circular", title=f"关于撤销{application.applicant_name}市长质量奖的通报",
        body="经查，该单位存在弄虚作假情形。", document_number="撤字1号", published_on=TODAY, article="第二十五条",
        application=application, **fields)


def test_titles_name_units_individuals_or_both(cities):
    with travel(TODAY):
        wuhan = Approvals("wuhan")
        org, person = wuhan.at_approval(), wuhan.at_approval(award_kind="mayor_individual")
        units = wuhan.approve(org)
        people = wuhan.approve(person)
    assert announcements.title_for(units) == "关于表彰2026年度武汉市市长质量奖获奖单位的公告"
    assert announcements.title_for(people) == "关于表彰2026年度武汉市市长质量奖获奖个人的公告"
    with travel(TODAY):
        jinan = Approvals("jinan", term=3)
        both = jinan.approve(jinan.at_approval(), jinan.at_approval(award_kind="mayor_individual"))
    assert both.announcements.get().title == "关于表彰第3届济南市市长质量奖获奖单位和个人的公告"


def test_winners_come_by_award_kind_with_an_individuals_employer(cities):
    with travel(TODAY):
        wuhan = Approvals("wuhan")
        nominated, person, org = (wuhan.at_approval(award_kind="nomination_org"),
                                  wuhan.at_approval(award_kind="mayor_individual"), wuhan.at_approval())
        decision = wuhan.approve(nominated, person, org)
    groups = announcements.winners(decision.announcements.get())
    assert [(g.key, [w.name for w in g.winners]) for g in groups] == [
        ("mayor_org", [org.applicant_name]), ("mayor_individual", [person.applicant_name]),
        ("nomination_org", [nominated.applicant_name])]
    assert groups[1].winners[0].employer == person.individual.employer
    assert f"{person.applicant_name}（{person.individual.employer}）" in decision.announcements.get().body


def test_publishing_again_brings_the_one_announcement_up_to_date(cities):
    with travel(TODAY):
        scene = Approvals("chenzhou")
        decision = scene.approve(scene.at_approval())
    Announcement.objects.filter(decision=decision).update(title="旧标题", body="旧正文")
    again = announcements.publish_award(decision)
    assert Announcement.objects.count() == 1
    assert again.title == "关于表彰2026年度郴州市市长质量奖获奖单位的公告" and again.body != "旧正文"


def test_the_archive_filters_by_city_year_term_award_kind_and_kind(cities):
    with travel(TODAY):
        chenzhou = Approvals("chenzhou")
        first = chenzhou.approve(chenzhou.at_approval()).announcements.get()
        qujing = Approvals("qujing", term=4)
        winner = qujing.at_approval(award_kind="contribution_org")
        contribution = qujing.approve(winner).announcements.get()
        mayor = qujing.approve(qujing.at_approval()).announcements.get()
        revoked = revocation_notice(winner)
    with travel(NEXT_YEAR):
        later = Approvals("chenzhou")
        second = later.approve(later.at_approval()).announcements.get()

    def found(**filters):
        return list(announcements.listing(**filters))

    assert found() == [second, revoked, mayor, contribution, first]  # newest first
    assert found(city="chenzhou") == [second, first]
    assert found(city=qujing.cycle.city, kind="revocation") == [revoked]
    assert found(year=2027) == [second]
    assert found(term=4) == [revoked, mayor, contribution]
    assert found(city="qujing", award_kind="contribution_org") == [revoked, contribution]
    assert found(city="qujing", award_kind="contribution_org", kind="award") == [contribution]
    assert found(award_kind="nomination_org") == []


@pytest.mark.parametrize("n", [1, 4])
def test_latest_is_the_newest_few(cities, n):
    with travel(TODAY):
        scene = Approvals("chenzhou")
        made = [scene.approve(scene.at_approval()).announcements.get() for _ in range(n)]
    assert announcements.latest(3) == list(reversed(made))[:3]
