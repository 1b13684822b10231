"""Gaps found by the audit of the expert review, each pinned by a test: quorum before consensus, remembered
declarations and withdrawn access, bad ids on office forms, append-only logs, the leader, individuals."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory

from awards import checks
from awards.domain import documents, lifecycle
from awards.models import Notice
from awards.workflow import Status
from core.errors import TransitionNotAllowed
from reviews import checks as review_checks
from reviews.domain import consensus, panels
from reviews.domain.consensus import AgreedEntry
from reviews.models import (
    Assignment,
    Consensus,
    DeclaredRelation,
    Expert,
    Panel,
    PanelMember,
    Pledge,
    PublicComment,
    Recusal,
)

from .. import factories
from ..intake.helpers import PDF, upload_file
from .helpers import Relation, Review, make_expert


def agreed(comparison, percent=60):
    return {row.code: AgreedEntry(percent, "优势", "改进", "") for row in comparison.rows}


# 1. consensus needs a full panel ------------------------------------------------------------------------------


@pytest.fixture
def half_declared(cities):
    """Ordos, 3 experts assigned; only the leader has declared and submitted."""
    review = Review("ordos")
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments[:1])
    review.score_all(assignments[:1], [60])
    return review, app, assignments


def test_leader_alone_cannot_record_while_others_have_not_declared(half_declared):
    review, app, _ = half_declared
    with pytest.raises(consensus.InvalidInput, match="尚有专家未作回避声明：专家2、专家3"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert not Consensus.objects.exists()


def test_consensus_page_tells_the_leader_why_it_cannot_record_yet(half_declared, client):
    review, app, _ = half_declared
    client.force_login(review.leader.user)
    page = client.get(f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/").content.decode()
    assert "尚有专家未作回避声明：专家2、专家3" in page and 'id="record-consensus"' not in page


def test_too_few_submitted_sheets_after_the_others_step_aside(half_declared):
    review, app, assignments = half_declared
    panels.declare(assignments[1], assignments[1].expert.user, has_conflict=True, note="曾为该单位提供咨询")
    panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    with pytest.raises(consensus.InvalidInput, match="已提交评分表的专家仅1人，评审组至少须3人"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert not Consensus.objects.exists()


def test_an_industry_expert_must_be_among_the_submitted_where_the_rules_say_so(cities):
    review = Review("wuhan")  # 第十九条: 含行业专家
    app = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    # the pool entries were corrected after the panel was formed: none of them is an industry expert after all
    Expert.objects.filter(pk__in=[e.pk for e in review.experts]).update(is_industry_expert=False)
    review.score_all(assignments, [60] * len(assignments))
    with pytest.raises(consensus.InvalidInput, match="没有行业专家（第十九条）"):
        consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))


def test_guard_refuses_to_move_on_with_a_consensus_from_a_too_small_panel(half_declared):
    review, app, assignments = half_declared
    # a consensus row written around the domain (e.g. an import) does not make the stage done
    Consensus.objects.create(panel=review.panel, application=app, stage=review.panel.stage, scheme="x",
                             total=Decimal("500"), recorded_by=review.leader.user)
    with pytest.raises(TransitionNotAllowed, match="尚有专家未作回避声明"):
        lifecycle.perform(app, "advance", review.cast.office)
    app.refresh_from_db()
    assert app.status == Status.DOCUMENT_REVIEW


def test_quorum_is_one_function_for_record_and_guard(half_declared):
    review, app, assignments = half_declared
    assert "尚有专家未作回避声明" in consensus.quorum_problem(review.panel, app)
    review.declare_all(assignments[1:])
    review.score_all(assignments[1:], [70, 80])
    assert consensus.quorum_problem(review.panel, app) is None
    consensus.record(review.panel, app, review.leader.user, agreed(consensus.compare(review.panel, app)))
    assert review_checks.expert_review_done(app, "advance") is None
    # past the expert check, the confirmed ranking list decides who leaves the document review (reviews.checks)
    assert checks.unmet(app, "advance") == ["本环节之后谁进入下一阶段由排序决定，请在“综合评价”页面确认入选名单。"]


# 2. a declared conflict is remembered, and access is taken back --------------------------------------------


@pytest.fixture
def wuhan_two_stages(cities):
    """Wuhan: the document review panel is active on an application holding a trade secret."""
    review = Review("wuhan")
    app = factories.application_for(review.cycle, recommender=review.cast.recommender_unit)
    secret = documents.store_upload(app, upload_file("核心工艺参数.pdf", PDF), "self_assessment", "trade",
                                    factories.member(app.organisation))
    from .helpers import to_stage

    to_stage(app, review.cast, "document_review")
    assignments = review.assign(app)
    review.declare_all(assignments)
    return review, app, assignments, secret


def hearing_panel(review, expert):
    others = [make_expert("wuhan", f"答辩专家{i}", industry_expert=True) for i in range(2)]
    return panels.form_panel(cycle=review.cycle, stage="hearing", name="答辩组", actor=review.cast.office,
                             members=[(expert, True), (others[0], False), (others[1], False)])


def test_declared_conflict_at_a_later_stage_takes_back_access_to_materials_and_secret_files(wuhan_two_stages,
                                                                                          client):
    review, app, assignments, secret = wuhan_two_stages
    first = assignments[0]
    client.force_login(first.expert.user)
    assert client.get(f"/reviews/tasks/{first.pk}/materials/").status_code == 200
    assert client.get(f"/apply/documents/{secret.pk}/").status_code == 200
    later = hearing_panel(review, first.expert)
    mine = next(a for a in panels.assign(later, app, review.cast.office) if a.expert_id == first.expert_id)
    panels.declare(mine, first.expert.user, has_conflict=True, note="近期受聘为该单位顾问")
    assert client.get(f"/reviews/tasks/{first.pk}/materials/").status_code == 404
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)
    assert not first.expert.user.has_perm("awards.view_application", app)
    first.refresh_from_db()  # the document review is not finished: that task closes too and does not count
    assert first.state == Assignment.State.DECLARED_CONFLICT and "近期受聘为该单位顾问" in first.declaration_note


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


def test_recusal_takes_back_access(wuhan_two_stages, client):
    review, app, assignments, secret = wuhan_two_stages
    second = assignments[1]
    panels.record_recusal(app, second.expert, review.cast.office, reason="近亲属在申报单位任职")
    client.force_login(second.expert.user)
    assert client.get(f"/reviews/tasks/{second.pk}/materials/").status_code == 404
    assert client.get(f"/apply/documents/{secret.pk}/").status_code in (403, 404)


# 3. bad ids on the office forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path, field, value", [
    ("assign", "application", "abc"),
    ("members", "expert", "1x"),
    ("leader", "expert", "1x"),
    ("recuse", "assignment", "①"),
])
def test_office_forms_answer_a_non_numeric_id_with_a_message(cities, client, path, field, value):
    review = Review("chenzhou")
    app = review.application()
    review.assign(app)
    before = (list(Assignment.objects.values_list("pk", "state")),
              list(PanelMember.objects.values_list("pk", "is_leader")), Recusal.objects.count())
    client.force_login(review.cast.office)
    data = {field: value, "reason": "理由"}
    response = client.post(f"/reviews/office/panels/{review.panel.pk}/{path}/", data, follow=True)
    assert response.status_code == 200
    assert "无效（编号须为正整数）" in response.content.decode()
    after = (list(Assignment.objects.values_list("pk", "state")),
             list(PanelMember.objects.values_list("pk", "is_leader")), Recusal.objects.count())
    assert after == before


# 4. append-only logs, read-only admin --------------------------------------------------------------------------


def test_recusal_pledge_and_public_comment_are_append_only(half_declared):
    review, app, assignments = half_declared
    recusal = panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    pledge = Pledge.objects.get(expert=review.leader)
    for model, row in ((Recusal, recusal), (Pledge, pledge)):
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).update(article="x" if model is Recusal else None)
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).delete()
        with pytest.raises(PermissionError):
            row.save()
        with pytest.raises(PermissionError):
            row.delete()
    with pytest.raises(PermissionError):
        PublicComment.objects.all().update(text="改")
    with pytest.raises(PermissionError):
        PublicComment.objects.all().delete()
    assert Recusal.objects.filter(pk=recusal.pk, reason="近亲属在申报单位任职").exists()


@pytest.mark.postgres
def test_the_database_refuses_to_change_recusals_and_pledges(half_declared):
    from django.db import DatabaseError, connection, transaction

    review, app, assignments = half_declared
    panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    for sql in ("UPDATE reviews_recusal SET reason = 'x'", "DELETE FROM reviews_pledge"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert Recusal.objects.get().reason == "近亲属在申报单位任职" and Pledge.objects.count() == 1


def test_panels_members_and_relations_are_read_only_in_the_admin(cities):
    request = RequestFactory().get("/admin/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)
    for model in (Panel, PanelMember, DeclaredRelation):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    for inline in admin.site._registry[Panel].get_inline_instances(request):
        assert not inline.has_add_permission(request, None) and not inline.has_change_permission(request)


# 5. the leader ---------------------------------------------------------------------------------------------------


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


# 6. individuals and newly declared relations ---------------------------------------------------------------------


def test_an_individual_is_matched_by_name_against_declared_relations(cities):
    review = Review("wuhan")
    kind = next(k for k in review.cycle.rules.award_kinds if k.applicant_kind == "individual")
    person = factories.IndividualFactory(city=review.cycle.city, name="李 质 量")
    app = review.application(award_kind=kind.key, individual=person)
    expert = make_expert("wuhan", "关联专家", relations=[Relation("李质量", "本人的硕士导师")])
    found = panels.conflicts.find(expert, app)
    assert [c.kind for c in found] == ["declared_relation"]
    assert "申报人“李 质 量”本人" in found[0].message and "硕士导师" in found[0].message


def test_a_new_relation_closes_current_assignments_and_tells_the_office(cities, client):
    review = Review("chenzhou")
    organisation = factories.OrganisationFactory(city=review.cycle.city, name="湘南精工有限公司")
    app = review.application(organisation=organisation)
    other = review.application()
    assignments = review.assign(app)
    review.declare_all(assignments)
    kept = review.assign(other)
    expert = assignments[1].expert
    client.force_login(expert.user)
    assert client.get(f"/reviews/tasks/{assignments[1].pk}/materials/").status_code == 200
    form = {"organisation_name": "湘南精工有限公司", "relation": "配偶新任该公司财务总监"}
    page = client.post("/reviews/profile/", form, follow=True).content.decode()
    assert "已关闭并收回查阅权限" in page
    closed = Assignment.objects.get(pk=assignments[1].pk)
    assert closed.state == Assignment.State.DECLARED_CONFLICT and "配偶新任该公司财务总监" in closed.declaration_note
    assert client.get(f"/reviews/tasks/{closed.pk}/materials/").status_code == 404
    assert not expert.user.has_perm("awards.act_as_expert", app)
    assert Assignment.objects.get(pk=kept[1].pk).state == Assignment.State.AWAITING_DECLARATION  # unrelated
    notice = Notice.objects.get(recipient=review.cast.office, event_key=f"review:conflict:{closed.pk}")
    assert "湘南精工有限公司" in notice.subject and "查阅权限已收回" in notice.body
    # declaring the same again (through the domain) closes nothing more
    panels.declare_relation(expert, expert.user, organisation_name="另一单位", relation="无关")
    assert Assignment.objects.filter(expert=expert, state=Assignment.State.DECLARED_CONFLICT).count() == 1


# 7. sectors from the GB/T 4754 section letter -------------------------------------------------------------------


@pytest.mark.parametrize("industry, section, sector", [
    ("农副食品加工业", "C", "secondary"),  # the keyword guess said 第一产业 (农)
    ("烟草制品业", "C", "secondary"),  # the guess said 第三产业
    ("石油、煤炭及其他燃料加工业", "C", "secondary"),
    ("木材加工和木、竹、藤、棕、草制品业", "C", "secondary"),
    ("电力、热力生产和供应业", "D", "secondary"),
    ("渔业", "A", "primary"),
    ("软件和信息技术服务业", "I", "tertiary"),
    ("畜牧业", "", "primary"),  # no section: the name is still guessed
    ("烟草制品业", "", "tertiary"),  # ...and guessed wrongly, which is why the section is asked for
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
    with pytest.raises(panels.InvalidInput, match="申报单位所属产业为第三产业，与评审组（第二产业）不一致"):
        review.assign(review.application(organisation=software))


def test_signup_records_the_section_and_refuses_an_unknown_one(cities, client):
    from awards.credit_code import make_credit_code
    from awards.models import Organisation

    data = {"username": "lisi", "full_name": "李四", "email": "ls@example.cn", "password": "Portal-Pass-2026",
            "password2": "Portal-Pass-2026", "credit_code": make_credit_code(778, "370100"),
            "org_name": "泉城食品有限公司",
            "city": cities["jinan"].pk, "legal_person": "1", "founded_on": "2012-04-01", "industry": "农副食品加工业",
            "industry_section": "Z"}
    page = client.post("/apply/signup/organisation/", data).content.decode()
    assert "请从列表中选择行业门类（A–T）" in page and not Organisation.objects.exists()
    data["industry_section"] = "C"
    assert client.post("/apply/signup/organisation/", data).status_code == 302
    org = Organisation.objects.get()
    assert org.industry_section == "C" and panels.sector_of_organisation(org) == "secondary"
