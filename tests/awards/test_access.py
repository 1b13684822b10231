"""The permission table (awards.domain.access): for each named check an allowed and a denied case, the denial's
Chinese reason and whether the row is hidden (404) or refused (403)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

import reviews.domain.feedback  # noqa: F401  (registers applicant.feedback_report)
from awards.domain import access, documents
from awards.models import (
    AuditEntry,
    Cycle,
    FormalNotice,
    MembershipRequest,
    Notice,
    Objection,
    Publicity,
    PublicityEntry,
)
from awards.workflow import Status
from cities.schema import Role

from .. import factories
from ..builders.intake import PDF, upload_file
from ..builders.review import Review, to_stage


def allowed(user, action, obj=None):
    verdict = access.check(user, action, obj)
    assert verdict.allowed and bool(verdict) and verdict.reason == "", (action, verdict)


def hidden(user, action, obj, reason):
    assert access.check(user, action, obj) == access.Verdict(False, reason, hidden=True), action


def refused(user, action, obj, reason):
    assert access.check(user, action, obj) == access.Verdict(False, reason, hidden=False), action


@pytest.fixture
def world(cities):
    """Chenzhou with its cast and a panel; an application at document review (with a trade secret and an
    ordinary file) assigned to the panel; a draft; Wuhan's office; a stranger."""
    review = Review("chenzhou")
    cast = review.cast
    app = factories.application_for(review.cycle, recommender=cast.recommender_unit)
    applicant = factories.member(app.organisation)
    secret = documents.store_upload(app, upload_file("工艺参数.pdf", PDF), "self_assessment", "trade", applicant)
    plain = documents.store_upload(app, upload_file("营业执照.pdf", PDF), "evidence", "", applicant)
    to_stage(app, cast, Status.DOCUMENT_REVIEW)
    return SimpleNamespace(
        review=review, cast=cast, cycle=review.cycle, city=review.cycle.city, app=app, applicant=applicant,
        secret=secret, plain=plain, draft=factories.application_for(review.cycle, recommender=cast.recommender_unit),
        other_unit=factories.RecommenderUnitFactory(city=review.cycle.city),
        wuhan_office=factories.city_user("wuhan", Role.OFFICE), stranger=factories.UserFactory(),
    )


def _publicity(world, *, recommender=None):
    today = timezone.localdate()
    publicity = Publicity.objects.create(
        cycle=world.cycle, stage=Status.PUBLICITY, recommender=recommender, title="公示", starts_on=today,
        ends_on=today, article="第二十条", published_by=world.cast.office,
    )
    entry = PublicityEntry.objects.create(publicity=publicity, application=world.app)
    return Objection.objects.create(entry=entry, name="异议人", contact="13800000000", text="材料不实")


def test_inbox_and_applicant_checks(world):
    notice = Notice.objects.create(recipient=world.applicant, application=world.app, event_key="t", subject="s",
                                   body="b")
    allowed(world.applicant, "inbox.notice", notice)
    hidden(world.stranger, "inbox.notice", notice, "没有这条通知。")

    allowed(world.applicant, "applicant.application", world.app)
    hidden(world.cast.office, "applicant.application", world.app, "没有这份申报。")
    hidden(world.applicant, "applicant.application", None, "没有这份申报。")

    newcomer = factories.UserFactory()
    join = MembershipRequest.objects.create(organisation=world.app.organisation, user=newcomer)
    allowed(world.applicant, "applicant.join_request", join)
    hidden(newcomer, "applicant.join_request", join, "没有这条加入申请。")

    allowed(world.applicant, "applicant.start", world.cycle)
    hidden(world.stranger, "applicant.start", world.cycle, "您没有可在该城市申报的单位或个人身份。")
    person = factories.IndividualFactory(city=factories.city("wuhan")).user  # an individual of another city
    hidden(person, "applicant.start", world.cycle, "您没有可在该城市申报的单位或个人身份。")


def test_document_checks(world):
    allowed(world.applicant, "applicant.document", world.secret)
    allowed(world.cast.office, "applicant.document", world.secret)
    allowed(world.cast.recommender, "applicant.document", world.plain)
    hidden(world.stranger, "applicant.document", world.plain, "没有这份材料。")
    refused(world.cast.recommender, "applicant.document", world.secret,
            "该材料标注为商业秘密或技术秘密，仅评审办公室和指派的评审专家可以查阅。")
    world.plain.removed_at = timezone.now()
    hidden(world.applicant, "applicant.document", world.plain, "该材料已被申报人删除。")


def test_formal_notice_and_feedback_report_checks(world):
    entry = AuditEntry.objects.create(application=world.app, action="request_supplement", actor=world.cast.office,
                                      actor_role="office", from_state="eligibility", to_state="supplement_requested",
                                      rule_version=world.cycle.rule_set.version)
    notice = FormalNotice.objects.create(
        application=world.app, audit_entry=entry, kind=FormalNotice.Kind.SUPPLEMENT, city=world.city, year=2026,
        serial=1, number="郴质补〔2026〕1号", issued_on=timezone.localdate(), article="第九条", file="x.pdf",
    )
    allowed(world.applicant, "applicant.formal_notice", notice)
    allowed(world.cast.office, "applicant.formal_notice", notice)
    hidden(world.cast.recommender, "applicant.formal_notice", notice, "没有这份文书。")
    hidden(world.wuhan_office, "applicant.formal_notice", notice, "没有这份文书。")

    allowed(world.cast.office, "applicant.feedback_report", world.app)  # the office: at any time
    hidden(world.applicant, "applicant.feedback_report", world.app, "没有这份评审反馈报告。")  # not decided yet


def test_recommender_checks(world):
    unit_user, other = world.cast.recommender, factories.member(world.other_unit)
    allowed(unit_user, "recommender.pages")
    refused(world.applicant, "recommender.pages", None, "只有推荐单位的用户可以使用此页面。")

    allowed(unit_user, "recommender.application", world.app)
    hidden(other, "recommender.application", world.app, "没有这份申报，或该申报未报送至您所在的推荐单位。")
    hidden(unit_user, "recommender.application", world.draft, "没有这份申报，或该申报未报送至您所在的推荐单位。")
    refused(world.cast.office, "recommender.application", world.app, "只有推荐单位的用户可以使用此页面。")

    local = _publicity(world, recommender=world.cast.recommender_unit)
    allowed(unit_user, "recommender.objection", local)
    hidden(other, "recommender.objection", local, "没有这条异议。")


def test_office_checks(world):
    office = world.cast.office
    allowed(office, "office.pages")
    refused(world.applicant, "office.pages", None, "仅评审办公室工作人员可以访问。")

    allowed(office, "office.city", world.city)
    refused(office, "office.city", factories.city("wuhan"), "您不是该城市评审办公室的工作人员。")
    refused(office, "office.city", None, "您不是该城市评审办公室的工作人员。")

    allowed(office, "office.application", world.app)
    hidden(office, "office.application", world.draft, "没有这份申报。")  # drafts are the applicant's business
    hidden(world.wuhan_office, "office.application", world.app, "没有这份申报。")

    notice = Notice.objects.create(recipient=world.applicant, application=world.app, event_key="t", subject="s",
                                   body="b")
    allowed(office, "office.notice", notice)
    hidden(world.wuhan_office, "office.notice", notice, "没有这条通知。")
    loose = Notice.objects.create(recipient=world.applicant, event_key="u", subject="s", body="b")
    hidden(office, "office.notice", loose, "没有这条通知。")

    objection = _publicity(world)
    allowed(office, "office.objection", objection)
    hidden(world.wuhan_office, "office.objection", objection, "没有这条异议。")

    for action, reason in (("office.experts", "只有评审办公室可以管理专家库。"),
                           ("office.panels", "只有评审办公室可以组建评审组。")):
        allowed(office, action)
        allowed(world.wuhan_office, action)  # their own city's pool and panels
        refused(world.cast.committee, action, None, reason)

    allowed(office, "office.review", world.city)
    refused(world.wuhan_office, "office.review", world.city, "只有本市评审办公室可以使用此页面。")


def test_ranking_checks(world):
    cycles = Cycle.objects.filter(pk=world.cycle.pk)
    allowed(world.cast.supervisor, "ranking.index", cycles)
    refused(world.stranger, "ranking.index", cycles.none(), "只有评审办公室和监督人员可以查看综合评价。")

    allowed(world.cast.supervisor, "ranking.read", world.cycle)
    refused(world.cast.committee, "ranking.read", world.cycle, "只有本市评审办公室和监督人员可以查看综合评价。")

    allowed(world.cast.office, "ranking.decide", world.cycle)
    refused(world.cast.supervisor, "ranking.decide", world.cycle, "只有本市评审办公室可以确认名单或调整权重。")
    refused(world.wuhan_office, "ranking.decide", world.cycle, "只有本市评审办公室和监督人员可以查看综合评价。")


def test_committee_checks(world):
    cycle, office, member, supervisor = world.cycle, world.cast.office, world.cast.committee, world.cast.supervisor
    cycles = Cycle.objects.filter(pk=cycle.pk)
    allowed(member, "committee.index", cycles)
    refused(world.stranger, "committee.index", cycles.none(), "只有评审办公室和评审委员会委员可以查看审议名单。")

    not_theirs = "只有本市评审办公室和评审委员会委员可以查看审议名单。"
    allowed(supervisor, "committee.read", cycle)
    refused(world.wuhan_office, "committee.read", cycle, not_theirs)

    allowed(member, "committee.take_part", cycle)
    allowed(office, "committee.take_part", cycle)
    refused(supervisor, "committee.take_part", cycle, not_theirs)  # supervisors read only

    allowed(office, "committee.convene", cycle)
    refused(member, "committee.convene", cycle, "只有本市评审办公室可以召集会议。")
    refused(supervisor, "committee.convene", cycle, not_theirs)

    allowed(member, "committee.vote", cycle)
    refused(office, "committee.vote", cycle, "只有评审委员会委员可以投票。")

    allowed(office, "committee.count", cycle)
    refused(member, "committee.count", cycle, "只有本市评审办公室可以计票。")


def test_expert_checks(world):
    first, second = world.review.assign(world.app)[:2]
    allowed(first.expert.user, "experts.declare", first)
    hidden(second.expert.user, "experts.declare", first, "没有这项评审任务。")

    hidden(first.expert.user, "experts.review", first, "没有这项评审任务，或您尚未作出回避声明。")  # not declared
    hidden(first.expert.user, "experts.score", first, "没有这项评审任务。")
    world.review.declare_all([first])
    first.refresh_from_db()
    allowed(first.expert.user, "experts.review", first)
    allowed(first.expert.user, "experts.score", first)
    hidden(second.expert.user, "experts.review", first, "没有这项评审任务，或您尚未作出回避声明。")
    hidden(second.expert.user, "experts.score", first, "没有这项评审任务。")

    allowed(first.expert.user, "experts.profile", [first.expert])
    hidden(world.stranger, "experts.profile", [], "您不在任何城市的评审专家库中。")

    # the viewer's role on the panel (reviews.domain.consensus.viewer_role)
    for role in ("leader", "member", "office"):
        allowed(world.stranger, "experts.consensus", role)
    hidden(world.stranger, "experts.consensus", None, "没有这项评审。")
    submit_first = "请先提交您本人的评分表，提交后才能看到其他专家的评分。"
    refused(world.stranger, "experts.consensus", "pending", submit_first)
    allowed(world.stranger, "experts.record_consensus", "leader")
    refused(world.stranger, "experts.record_consensus", "member", "只有评审组组长可以记录共识评分。")
    refused(world.stranger, "experts.record_consensus", "pending", submit_first)


def test_every_action_of_the_table_has_its_cases_here():
    """A new action in the table comes with an allowed and a denied case in this module (honours' own rows are
    covered in tests/honours, see test_permissions there; the supervisors' in tests/reviews/test_supervision.py;
    objections by the bodies and complaints in tests/awards/test_objections.py and test_complaints.py; the
    reviewers' sanctions, ratings and yearly review in tests/reviews/test_sanctions.py,
    tests/portal/*/test_ratings.py and test_conduct.py)."""
    elsewhere = ("honours.", "reviews.domain.supervision", "awards.domain.objections", "awards.domain.complaints",
                 "reviews.domain.sanctions", "reviews.domain.ratings", "reviews.domain.pool_review")
    assert {a for a, p in access.PERMISSIONS.items() if not p.__module__.startswith(elsewhere)} == {
        "inbox.notice", "applicant.application", "applicant.join_request", "applicant.start", "applicant.document",
        "applicant.formal_notice", "applicant.feedback_report", "recommender.pages", "recommender.application",
        "recommender.objection", "office.pages", "office.city", "office.application", "office.notice",
        "office.objection", "office.experts", "office.panels", "office.review", "ranking.index", "ranking.read",
        "ranking.decide", "committee.index", "committee.read", "committee.take_part", "committee.convene",
        "committee.vote", "committee.count", "experts.declare", "experts.review", "experts.score",
        "experts.profile", "experts.consensus", "experts.record_consensus", "applicant.organisation",
        "applicant.self_assessment", "committee.candidate_report",
    }


def test_profile_self_assessment_and_candidate_report_checks(world):
    allowed(world.applicant, "applicant.organisation", world.app.organisation)
    hidden(world.stranger, "applicant.organisation", world.app.organisation, "没有这个单位。")
    hidden(world.applicant, "applicant.organisation", None, "没有这个单位。")

    allowed(world.applicant, "applicant.self_assessment", world.app)
    allowed(world.cast.office, "applicant.self_assessment", world.app)
    hidden(world.stranger, "applicant.self_assessment", world.app, "没有这份申报。")
    hidden(world.wuhan_office, "applicant.self_assessment", world.app, "没有这份申报。")

    allowed(world.cast.office, "committee.candidate_report", world.app)
    # a member reads it only while the candidate is before the committee (tests/portal/committee)
    hidden(world.cast.committee, "committee.candidate_report", world.app, "没有这份评审报告。")
    hidden(world.stranger, "committee.candidate_report", world.app, "没有这份评审报告。")


def test_require_raises_404_for_hidden_rows_and_403_for_refusals(world):
    with pytest.raises(Http404, match="没有这份申报。"):
        access.require(world.wuhan_office, "office.application", world.app)
    with pytest.raises(PermissionDenied, match="仅评审办公室工作人员可以访问。"):
        access.require(world.applicant, "office.pages")
    assert access.require(world.cast.office, "office.application", world.app) is None


def test_anonymous_and_inactive_users_are_denied(world):
    world.cast.office.is_active = False
    for user in (AnonymousUser(), None, world.cast.office):
        assert not access.is_office(user, world.city) and access.office_cities(user) == []
        assert not access.check(user, "office.application", world.app)
        assert not access.check(user, "applicant.document", world.plain)


def test_role_answers_are_remembered_within_a_request(world, django_assert_num_queries):
    office = world.cast.office
    with django_assert_num_queries(2):  # outside a request: asked each time
        assert access.is_office(office, world.city) and not access.is_committee(office, world.city)
    with access.remembering(), django_assert_num_queries(1):
        assert access.is_office(office, world.city) and not access.is_committee(office, world.city)
        assert access.office_cities(office) == [world.city]
    with django_assert_num_queries(1):  # forgotten after the request
        assert access.is_office(office, world.city)


def test_within_a_request_a_role_question_keeps_its_first_answer(world):
    with access.remembering():
        assert access.office_cities(world.stranger) == []
        world.stranger.groups.add(access.city_group(world.city, Role.OFFICE))
        assert access.office_cities(world.stranger) == []
    assert access.office_cities(world.stranger) == [world.city]
