"""reviews.domain.panels: panels follow each city's rules (size, leader, industry expert, grouping by industry
or by the sector of the GB/T 4754 section); only the office forms them; a declared conflict is remembered."""

import pytest

from reviews.domain import panels
from reviews.domain.schemes import EXPERT_STAGES
from reviews.models import Assignment, PanelMember

from .. import factories
from ..builders.journeys import Cast
from ..builders.review import Review, hearing_panel, make_expert, open_cycle
from ..builders.review import to_stage as walk


def office(code):
    return Cast(code).office


def pool(code, n, **kwargs):
    return [make_expert(code, f"{code}专家{i}", **kwargs) for i in range(n)]


def test_chenzhou_panel_has_three_to_five_members_and_a_leader(cities):
    cycle = open_cycle("chenzhou")
    actor = office("chenzhou")
    experts = pool("chenzhou", 6)
    with pytest.raises(panels.InvalidInput, match=r"至少3人（第十四条），现有2人"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=actor,
                          members=[(experts[0], True), (experts[1], False)])
    with pytest.raises(panels.InvalidInput, match=r"至多5人（第十四条），现有6人"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=actor,
                          members=[(e, i == 0) for i, e in enumerate(experts)])
    with pytest.raises(panels.InvalidInput, match=r"须确定一名组长（第十四条）"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=actor,
                          members=[(e, False) for e in experts[:3]])
    panel = panels.form_panel(cycle=cycle, stage="document_review", name="材料评审第一组", actor=actor,
                              members=[(e, i == 0) for i, e in enumerate(experts[:5])])
    assert panels.leader_of(panel) == experts[0]
    assert panel.members.count() == 5


def test_chenzhou_has_no_hearing_stage(cities):
    cycle = open_cycle("chenzhou")
    with pytest.raises(panels.InvalidInput, match="没有“陈述答辩”环节"):
        panels.form_panel(cycle=cycle, stage="hearing", name="A", actor=office("chenzhou"),
                          members=[(e, i == 0) for i, e in enumerate(pool("chenzhou", 3))])


def test_qujing_panels_are_by_industry_and_include_an_industry_expert(cities):
    cycle = open_cycle("qujing")
    actor = office("qujing")
    generalists = pool("qujing", 3)
    with pytest.raises(panels.InvalidInput) as refused:
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=actor,
                          members=[(e, i == 0) for i, e in enumerate(generalists)])
    assert "按行业组建评审组（第十八条）" in refused.value.message
    with pytest.raises(panels.InvalidInput, match=r"须包含行业专家（第十八条）"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=actor, grouping="制造业",
                          members=[(e, i == 0) for i, e in enumerate(generalists)])
    specialist = make_expert("qujing", "行业专家甲", industry_expert=True)
    panel = panels.form_panel(cycle=cycle, stage="document_review", name="制造业评审组", actor=actor,
                              grouping="制造业", members=[(generalists[0], True), (generalists[1], False),
                                                       (specialist, False)])
    cast = Cast("qujing")
    food = walk(factories.application_for(cycle, recommender=cast.recommender_unit,
                                          organisation=factories.OrganisationFactory(city=cycle.city,
                                                                                     industry="餐饮业")),
                cast, "document_review")
    assert panel.sections == "C"  # the grouping's name, read as a section only because none was chosen
    with pytest.raises(panels.InvalidInput, match=r"门类为“H 住宿和餐饮业”（未选择门类，按所属行业“餐饮业”推断），"
                                                  r"不在评审组所评的门类（C 制造业）之内"):
        panels.assign(panel, food, cast.office)


def test_qujing_panels_match_by_section_code_not_by_text(cities):
    """食品制造 is section C: it goes to the manufacturing panel, which free-text matching refused."""
    cycle = open_cycle("qujing")
    cast = Cast("qujing")
    experts = [make_expert("qujing", f"专家{i}", industry_expert=True, industry_sections="C") for i in range(3)]
    panel = panels.form_panel(cycle=cycle, stage="document_review", name="制造业组", actor=cast.office,
                              grouping="制造业", sections=["C"], members=[(e, i == 0) for i, e in enumerate(experts)])
    food = factories.OrganisationFactory(city=cycle.city, industry="食品制造", industry_section="C")
    app = walk(factories.application_for(cycle, recommender=cast.recommender_unit, organisation=food), cast,
               "document_review")
    assert len(panels.assign(panel, app, cast.office)) == 3
    bank = factories.OrganisationFactory(city=cycle.city, industry="制造业服务", industry_section="J")
    other = walk(factories.application_for(cycle, recommender=cast.recommender_unit, organisation=bank), cast,
                 "document_review")
    with pytest.raises(panels.InvalidInput, match="“J 金融业”，不在评审组所评的门类（C 制造业）之内"):
        panels.assign(panel, other, cast.office)  # the chosen code wins over a name that looks like 制造


def test_an_industry_expert_must_know_one_of_the_panels_sections(cities):
    cycle = open_cycle("qujing")
    banker = make_expert("qujing", "金融专家", industry_expert=True, industry_sections="J")
    others = [make_expert("qujing", f"专家{i}") for i in range(2)]
    with pytest.raises(panels.InvalidInput, match=r"须包含熟悉C 制造业的行业专家（第十八条）"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=office("qujing"), sections="C",
                          members=[(banker, True), *((e, False) for e in others)])


def test_jinan_panels_are_by_sector(cities):
    review = Review("jinan")  # grouping "secondary" (第二产业)
    assert review.panel.grouping == "secondary"
    service = review.application(organisation=factories.OrganisationFactory(city=review.cycle.city,
                                                                            industry="批发和零售业"))
    with pytest.raises(panels.InvalidInput, match=r"第三产业（F 批发和零售业（未选择门类.*"
                                                  r"与评审组（第二产业）不一致"):
        review.assign(service)
    maker = review.application(organisation=factories.OrganisationFactory(city=review.cycle.city,
                                                                          industry="汽车制造业"))
    assert len(review.assign(maker)) == 3
    with pytest.raises(panels.InvalidInput, match="第一产业、第二产业或第三产业"):
        panels.form_panel(cycle=review.cycle, stage="hearing", name="B", actor=review.cast.office,
                          grouping="工业", members=[(e, i == 0) for i, e in enumerate(review.experts)])


def test_sector_of_follows_the_national_classification():
    assert panels.sector_of("畜牧业") == "primary"
    assert panels.sector_of("电力、热力生产和供应业") == "secondary"
    assert panels.sector_of("软件和信息技术服务业") == "tertiary"


def test_only_the_citys_office_forms_panels_and_assigns(cities):
    review = Review("chenzhou")
    others = [review.leader.user, office("wuhan"), review.cast.committee]
    app = review.application()
    for user in others:
        with pytest.raises(panels.TransitionDenied):
            panels.form_panel(cycle=review.cycle, stage="document_review", name="X", actor=user,
                              members=[(e, i == 0) for i, e in enumerate(review.experts)])
        with pytest.raises(panels.TransitionDenied):
            panels.assign(review.panel, app, user)


def test_experts_from_another_city_cannot_join(cities):
    cycle = open_cycle("chenzhou")
    outsiders = pool("wuhan", 3)
    with pytest.raises(panels.InvalidInput, match="不在本市在库专家中"):
        panels.form_panel(cycle=cycle, stage="document_review", name="A", actor=office("chenzhou"),
                          members=[(e, i == 0) for i, e in enumerate(outsiders)])


def test_application_gets_one_panel_per_stage(cities):
    review = Review("chenzhou")
    app = review.application()
    review.assign(app)
    second = panels.form_panel(cycle=review.cycle, stage="document_review", name="第二组", actor=review.cast.office,
                               members=[(e, i == 0) for i, e in enumerate(pool("chenzhou", 3))])
    with pytest.raises(panels.InvalidInput, match="已分配给其他评审组"):
        panels.assign(second, app, review.cast.office)


def test_every_citys_expert_stages_have_a_sheet(cities):
    from reviews.domain import schemes

    for city in cities.values():
        rules = city.current_rules().rules
        for kind in rules.award_kinds:
            for stage in rules.stages_for(kind.applicant_kind):
                if stage.kind.value in EXPERT_STAGES:
                    assert schemes.sheet_for(rules, kind.key, stage.kind.value).key


def test_assigned_experts_are_notified_once(cities):
    from awards.models import Notice

    review = Review("chenzhou")
    app = review.application()
    review.assign(app)
    review.assign(app)  # again: no new tasks, no new notices
    notices = Notice.objects.filter(event_key__startswith="review:assigned:")
    assert sorted(n.recipient_id for n in notices) == sorted(e.user_id for e in review.experts)
    notice = notices.first()
    assert "新的评审任务" in notice.subject and "回避声明" in notice.body and app.applicant_name in notice.body


def test_a_declared_conflict_is_remembered_at_the_next_stage(wuhan_two_stages):
    review, app, assignments, _secret = wuhan_two_stages
    app2 = review.application()
    second_review_assignments = review.assign(app2)
    conflicted = second_review_assignments[1]
    panels.declare(conflicted, conflicted.expert.user, has_conflict=True, note="本人曾任该单位独立董事")
    later = hearing_panel(review, conflicted.expert)
    remembered = "已在“第一评审组”中对该申报声明存在利害关系并回避：本人曾任该单位独立董事"
    with pytest.raises(panels.AssignmentRefused, match=remembered):
        panels.assign(later, app2, review.cast.office)
    assert not Assignment.objects.filter(panel=later).exists()


def test_a_recused_or_conflicted_or_undeclared_member_cannot_become_leader(half_declared):
    review, app, assignments = half_declared
    second, third = assignments[1], assignments[2]
    with pytest.raises(panels.InvalidInput, match="尚未作出回避声明"):
        panels.set_leader(review.panel, second.expert, review.cast.office)
    panels.record_recusal(app, third.expert, review.cast.office, reason="近亲属在申报单位任职")
    with pytest.raises(panels.InvalidInput, match="不能担任组长"):
        panels.set_leader(review.panel, third.expert, review.cast.office)
    panels.declare(second, second.expert.user, has_conflict=True, note="顾问")
    with pytest.raises(panels.InvalidInput, match="不能担任组长"):
        panels.set_leader(review.panel, second.expert, review.cast.office)
    assert PanelMember.objects.get(panel=review.panel, is_leader=True).expert == review.leader


def test_an_active_member_can_become_leader(half_declared):
    review, app, assignments = half_declared
    second = assignments[1]
    review.declare_all([second])
    panels.set_leader(review.panel, second.expert, review.cast.office)
    assert PanelMember.objects.get(panel=review.panel, is_leader=True).expert == second.expert


@pytest.mark.parametrize("industry, section, sector", [
    ("农副食品加工业", "C", "secondary"),  # the keyword guess said 第一产业 (农)
    ("烟草制品业", "C", "secondary"),  # the guess said 第三产业
    ("石油、煤炭及其他燃料加工业", "C", "secondary"),
    ("木材加工和木、竹、藤、棕、草制品业", "C", "secondary"),
    ("电力、热力生产和供应业", "D", "secondary"),
    ("渔业", "A", "primary"),
    ("软件和信息技术服务业", "I", "tertiary"),
    ("畜牧业", "", "primary"),  # no section: the name is still guessed
    ("烟草制品业", "", "secondary"),  # guessed from 烟草 (core.industry.guess_section)
    ("咨询", "", "tertiary"),  # nothing to guess from: 第三产业, as before
])
def test_sector_comes_from_the_section_letter_with_the_name_only_as_fallback(industry, section, sector):
    from awards.models import Organisation

    assert panels.sector_of_organisation(Organisation(industry=industry, industry_section=section)) == sector


def test_jinan_sector_panels_follow_the_section(cities):
    review = Review("jinan")  # 第八条: 一、二、三产业等专项评审组; the helper's panel is 第二产业
    food = factories.OrganisationFactory(city=review.cycle.city, industry="农副食品加工业", industry_section="C")
    assert review.assign(review.application(organisation=food))
    software = factories.OrganisationFactory(city=review.cycle.city, industry="软件和信息技术服务业",
                                             industry_section="I")
    with pytest.raises(panels.InvalidInput, match=r"第三产业（I 信息传输、软件和信息技术服务业），"
                                                  r"与评审组（第二产业）不一致"):
        review.assign(review.application(organisation=software))
