"""reviews.domain.conflicts: conflicts of interest found by the portal, refused with the reason in Chinese,
recusal, and no access."""

import datetime

import pytest
from django.utils import timezone

from awards.domain import documents
from awards.models import Document
from reviews.domain import conflicts, panels
from reviews.models import Assignment, Recusal

from .. import factories
from ..builders.review import Job, Relation, Review, make_expert

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def review(cities):
    return Review("chenzhou", size=3)


def org_app(review, **org):
    organisation = factories.OrganisationFactory(city=review.cycle.city, **org)
    return review.application(organisation=organisation)


def kinds(expert, app):
    return {c.kind for c in conflicts.find(expert, app)}


def test_no_conflict_for_an_unrelated_expert(review):
    app = org_app(review, name="湘南精工有限公司")
    assert kinds(review.leader, app) == set()


def test_current_employer_by_name(review):
    app = org_app(review, name="湘南精工有限公司")
    expert = make_expert("chenzhou", "王工", employer="湘南精工有限公司")
    found = conflicts.find(expert, app)
    assert [c.kind for c in found] == ["employer_now"]
    assert "现就职于申报单位" in found[0].message and "湘南精工有限公司" in found[0].message


def test_past_employer_within_the_lookback_years_from_the_rules(review):
    app = org_app(review, name="湘南精工有限公司")
    years = review.cycle.rules.panel.conflict_lookback_years.value  # 3, set by the office (第三十一条 silent)
    recent = make_expert("chenzhou", "李工", past=[Job("湘南精工有限公司", 2010, THIS_YEAR - years)])
    older = make_expert("chenzhou", "赵工", past=[Job("湘南精工有限公司", 2005, THIS_YEAR - years - 1)])
    found = conflicts.find(recent, app)
    assert [c.kind for c in found] == ["employer_recent"]
    assert f"离职未满{years}年" in found[0].message and "由评审办公室设定" in found[0].message
    assert kinds(older, app) == set()


def test_declared_relation(review):
    app = org_app(review, name="湘南精工有限公司")
    expert = make_expert("chenzhou", "钱工", relations=[Relation("湘南精工有限公司", "配偶任该公司副总经理")])
    found = conflicts.find(expert, app)
    assert [c.kind for c in found] == ["declared_relation"]
    assert "配偶任该公司副总经理" in found[0].message


def test_same_credit_code_under_another_name(review):
    app = org_app(review, name="湘南精工股份有限公司")
    code = app.organisation.credit_code
    expert = make_expert("chenzhou", "孙工", employer="湘南精工有限公司（更名前）", code_of_employer=code)
    found = conflicts.find(expert, app)
    assert {c.kind for c in found} == {"employer_now", "same_credit_code"}
    assert any(code in c.message for c in found)
    related = make_expert("chenzhou", "周工", relations=[Relation("湘南精工原公司", "曾为其顾问", code)])
    assert kinds(related, app) == {"declared_relation", "same_credit_code"}


def test_expert_who_is_a_user_of_the_applicant(review):
    app = org_app(review)
    expert = make_expert("chenzhou", "吴工")
    app.organisation.group.user_set.add(expert.user)
    assert kinds(expert, app) == {"member_of_applicant"}


def test_individual_applicant_matched_through_their_employer(cities):
    review = Review("wuhan", size=3)
    kind = next(k for k in review.cycle.rules.award_kinds if k.applicant_kind == "individual")
    person = factories.IndividualFactory(city=review.cycle.city, employer="武汉钢铁有限公司")
    app = review.application(award_kind=kind.key, individual=person)
    colleague = make_expert("wuhan", "郑工", employer="武汉钢铁有限公司")
    assert kinds(colleague, app) == {"employer_now"}


def test_assignment_of_a_conflicted_panel_is_refused_with_the_reason(review):
    app = org_app(review, name="湘南精工有限公司")
    conflicted = make_expert("chenzhou", "王工", employer="湘南精工有限公司")
    panels.add_member(review.panel, conflicted, review.cast.office)
    with pytest.raises(panels.AssignmentRefused) as refused:
        review.assign(app)
    message = refused.value.message
    assert "不能分配" in message and "王工" in message and "现就职于申报单位" in message
    assert Assignment.objects.filter(application=app).count() == 0  # nothing assigned at all


def test_adding_a_conflicted_expert_to_a_panel_that_has_the_application_is_refused(review):
    app = org_app(review, name="湘南精工有限公司")
    review.assign(app)
    conflicted = make_expert("chenzhou", "王工", past=[Job("湘南精工有限公司", 2012, THIS_YEAR - 1)])
    with pytest.raises(panels.AssignmentRefused, match="离职未满3年"):
        panels.add_member(review.panel, conflicted, review.cast.office)
    assert not review.panel.members.filter(expert=conflicted).exists()


def test_expert_declaring_a_conflict_never_gets_access(review):
    app = org_app(review)
    assignments = review.assign(app)
    mine = assignments[1]
    with pytest.raises(panels.InvalidInput, match="说明"):
        panels.declare(mine, mine.expert.user, has_conflict=True, note="")
    panels.declare(mine, mine.expert.user, has_conflict=True, note="本人曾为该单位提供咨询辅导")
    mine.refresh_from_db()
    assert mine.state == Assignment.State.DECLARED_CONFLICT
    assert not mine.expert.user.has_perm("awards.view_application", app)


def test_office_records_a_recusal_and_access_is_withdrawn(review, client):
    app = org_app(review)
    assignments = review.assign(app)
    review.declare_all(assignments)
    expert = assignments[2].expert
    assert expert.user.has_perm("awards.view_confidential", app)
    with pytest.raises(panels.InvalidInput, match="回避理由"):
        panels.record_recusal(app, expert, review.cast.office, reason=" ")
    with pytest.raises(panels.TransitionDenied):
        panels.record_recusal(app, expert, review.leader.user, reason="利害关系")
    panels.record_recusal(app, expert, review.cast.office, reason="专家近亲属在申报单位任职")
    recusal = Recusal.objects.get()
    assert recusal.recorded_by == review.cast.office and recusal.recorded_at is not None
    fresh = type(expert.user).objects.get(pk=expert.user.pk)  # no cached permissions
    assert not fresh.has_perm("awards.view_application", app)
    assert not fresh.has_perm("awards.view_confidential", app)
    assert Assignment.objects.get(pk=assignments[2].pk).state == Assignment.State.RECUSED
    assert "recused" in kinds(expert, app)
    client.force_login(expert.user)
    assert client.get(f"/reviews/tasks/{assignments[2].pk}/sheet/").status_code == 404


def test_conflicted_expert_cannot_reach_the_application_or_its_files_by_guessing_urls(review, client):
    app = org_app(review, name="湘南精工有限公司")
    applicant = factories.member(app.organisation)
    secret = Document.objects.create(
        application=app, kind=Document.Kind.SELF_ASSESSMENT, secret_kind=Document.Secret.TRADE,
        file="x.pdf", original_name="工艺参数.pdf", file_type="pdf", size=10, sha256="0" * 64, uploaded_by=applicant,
    )
    plain = Document.objects.create(
        application=app, kind=Document.Kind.SELF_ASSESSMENT, file="y.pdf", original_name="自评报告.pdf",
        file_type="pdf", size=10, sha256="1" * 64, uploaded_by=applicant,
    )
    assignments = review.assign(app)
    review.declare_all(assignments)
    # A conflicted expert of another panel (site review) is refused, and guesses the first panel's URLs.
    conflicted = make_expert("chenzhou", "王工", employer="湘南精工有限公司")
    other_panel = panels.form_panel(cycle=review.cycle, stage="site_review", name="现场评审组",
                                    actor=review.cast.office, members=[(conflicted, True), *[
                                        (make_expert("chenzhou", f"现场{i}"), False) for i in range(2)]])
    with pytest.raises(panels.AssignmentRefused):
        panels.assign(other_panel, app, review.cast.office)
    client.force_login(conflicted.user)
    for pk in [a.pk for a in assignments]:
        for view in ("declare", "materials", "sheet"):
            assert client.get(f"/reviews/tasks/{pk}/{view}/").status_code == 404
        assert client.post(f"/reviews/tasks/{pk}/autosave/", {"code": "Q1", "pct-Q1": "50"}).status_code == 404
    assert client.get(f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/").status_code == 404
    for doc in (secret, plain):
        assert client.get(f"/apply/documents/{doc.pk}/").status_code in (403, 404)
    assert not documents.can_open(conflicted.user, secret)
    assert "湘南精工" not in client.get("/reviews/").content.decode()


def test_pledge_is_needed_before_first_access_and_recorded_with_time(review):
    app = org_app(review)
    first, *_rest = review.assign(app)
    with pytest.raises(panels.InvalidInput, match="保密承诺"):
        panels.declare(first, first.expert.user, has_conflict=False)
    assert not first.expert.user.has_perm("awards.view_application", app)
    before = timezone.now() - datetime.timedelta(seconds=1)
    panels.declare(first, first.expert.user, has_conflict=False, pledge=True)
    pledge = first.expert.pledges.get()
    assert pledge.cycle == review.cycle and pledge.signed_at >= before and "保密" in pledge.text
    # Someone else cannot declare or pledge for the expert.
    second = Assignment.objects.get(application=app, expert=review.experts[1])
    with pytest.raises(panels.TransitionDenied):
        panels.declare(second, first.expert.user, has_conflict=False, pledge=True)


def test_an_individual_is_matched_by_name_against_declared_relations(cities):
    review = Review("wuhan")
    kind = next(k for k in review.cycle.rules.award_kinds if k.applicant_kind == "individual")
    person = factories.IndividualFactory(city=review.cycle.city, name="李 质 量")
    app = review.application(award_kind=kind.key, individual=person)
    expert = make_expert("wuhan", "关联专家", relations=[Relation("李质量", "本人的硕士导师")])
    found = panels.conflicts.find(expert, app)
    assert [c.kind for c in found] == ["declared_relation"]
    assert "申报人“李 质 量”本人" in found[0].message and "硕士导师" in found[0].message
