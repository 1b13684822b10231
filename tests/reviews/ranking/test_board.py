"""reviews.domain.ranking.board against the database: the cut after document review, the seats of a term or a
cycle, SME seats and repeat winners on the board."""

import pytest

from awards.models import Application
from reviews.domain.ranking import board
from reviews.models import Shortlist, ShortlistEntry

from ...builders.ranking import Scene, final_group, shortlist_of

pytestmark = pytest.mark.django_db


def test_the_cut_after_document_review_is_twice_the_seats(chenzhou_ranking):
    apps = shortlist_of(chenzhou_ranking, [700, 910, 650, 820, 880])
    shown = board.read(chenzhou_ranking.cycle, board.SHORTLIST)
    [group] = shown.groups
    assert group.seats.maximum == 4  # 2 seats (第四条) × 2 (set by the office)
    assert [o.ranked.candidate.id for o in group.outcomes] == [apps[i].pk for i in (1, 4, 3, 0, 2)]
    assert group.proposed_ids == {apps[i].pk for i in (1, 4, 3, 0)}


def test_wuhan_term_quota_counts_earlier_awards_of_the_term_but_not_repeat_winners(cities):
    earlier = Scene("wuhan", year=2024)
    won = [earlier.app("awarded", document_review=700) for _ in range(3)]
    repeat = earlier.app("awarded", document_review=700)
    shortlist = Shortlist.objects.create(cycle=earlier.cycle, stage="ranking", quota_key="mayor_org",
                                         confirmed_by=earlier.cast.office)
    ShortlistEntry.objects.create(shortlist=shortlist, application=repeat, proposed=True, selected=True,
                                  outside_quota=True)
    now = Scene("wuhan", year=2026)
    seats = board.seats_for(now.cycle)
    assert (seats["mayor_org"].maximum, seats["mayor_org"].used, seats["mayor_org"].remaining) == (8, 3, 5)
    assert seats["mayor_individual"].used == 0
    # another term, or beyond the term's five years, does not count
    later = Scene("wuhan", year=2030, term=2)
    assert board.seats_for(later.cycle)["mayor_org"].used == 0
    # the organisation that won in 2024 is a repeat winner now (outside the quota, 第二十六条)
    again = now.app("ranking", organisation=won[0].organisation, document_review=650, hearing=70, site_review=650)
    candidates, _apps = board.load_candidates(now.cycle, "ranking")
    assert {c.id: c.repeat_winner for c in candidates} == {again.pk: True}


def test_candidates_are_read_in_reference_order(cities):
    """The order rank() takes them in (it then only checks the order)."""
    scene = Scene("qujing")
    apps = [scene.app("ranking", document_review=700 - i) for i in range(3)]
    Application.objects.filter(pk=apps[0].pk).update(reference="ZZ-LAST")
    candidates, _apps = board.load_candidates(scene.cycle, "ranking")
    references = [c.reference for c in candidates]
    assert references == sorted(references) and references[-1] == "ZZ-LAST"


def test_per_cycle_quota_ignores_earlier_cycles(cities):
    earlier = Scene("qujing", year=2024)
    earlier.app("awarded", document_review=700)
    assert board.seats_for(Scene("qujing", year=2026).cycle)["mayor_org"].used == 0


def test_qujing_sme_seat_on_the_board(cities):
    scene = Scene("qujing")
    big = [scene.app("ranking", hearing=90, document_review=s, site_review=s) for s in (900, 880)]
    sme = scene.app("ranking", sme=True, hearing=80, document_review=700, site_review=700)
    group = next(g for g in board.read(scene.cycle, board.FINAL).groups if g.quota_seats.key == "mayor_org")
    assert group.proposed_ids == {big[0].pk, sme.pk}


# -- repeat winners, per award kind (第二十六条 concerns the 市长质量奖 only) ---------------------------------------
def test_wuhan_board_repeat_winners_mayor_award_outside_nomination_inside(cities):
    earlier = Scene("wuhan", year=2024)
    won_mayor = earlier.app("awarded", document_review=700)
    won_nomination = earlier.app("awarded", "nomination_org", document_review=700)
    now = Scene("wuhan", year=2026)
    again = now.app("ranking", organisation=won_mayor.organisation, document_review=650, hearing=65, site_review=650)
    nominee = now.app("ranking", "nomination_org", organisation=won_nomination.organisation, document_review=650,
                      hearing=65, site_review=650)
    mayor = {o.ranked.candidate.id: o for o in final_group(now, "mayor_org").outcomes}
    nomination = {o.ranked.candidate.id: o for o in final_group(now, "nomination_org").outcomes}
    assert mayor[again.pk].ranked.candidate.repeat_winner and mayor[again.pk].outside_quota
    assert nomination[nominee.pk].ranked.candidate.repeat_winner and not nomination[nominee.pk].outside_quota
    assert nomination[nominee.pk].selected  # takes one of the twelve seats
