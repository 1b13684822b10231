"""The expert's pages (portal.experts.views): the score sheet with autosave, and the profile where relations
are declared."""

import pytest

from awards.models import Notice
from reviews.domain import conflicts, panels
from reviews.models import Assignment, ItemScore

from ... import factories
from ...builders.review import Review


def test_autosave_endpoint_saves_one_item_and_answers_json(ordos_sheet, client):
    _review, _app, mine, sheet = ordos_sheet
    client.force_login(mine.expert.user)
    url = f"/reviews/tasks/{mine.pk}/autosave/"
    answer = client.post(url, {"code": "4.2.2", "pct-4.2.2": "45", "str-4.2.2": "战略部署清晰", "opp-4.2.2": ""})
    assert answer.status_code == 200
    assert answer.json()["ok"] and answer.json()["points"] == "22.50" and answer.json()["total"] == "22.50"
    bad = client.post(url, {"code": "4.2.2", "pct-4.2.2": "42"})
    assert bad.status_code == 400 and "5的整数倍" in bad.json()["error"]
    assert ItemScore.objects.get(sheet=sheet, item_code="4.2.2").percent == 45
    assert client.post(url, {"code": "opinion", "opinion": "整体较好"}).json()["ok"]
    sheet.refresh_from_db()
    assert sheet.opinion == "整体较好"


def test_sheet_page_lists_missing_items_on_submit(ordos_sheet, client):
    _review, _app, mine, _sheet = ordos_sheet
    client.force_login(mine.expert.user)
    page = client.post(f"/reviews/tasks/{mine.pk}/sheet/", {"action": "submit", "pct-4.1.1": "50"}, follow=True)
    text = page.content.decode()
    assert "以下22个条款尚未评分" in text and "4.1.2 组织治理" in text


def test_expert_declares_a_relation_on_their_profile_and_is_then_kept_away(cities, client):
    review = Review("chenzhou")
    org = factories.OrganisationFactory(city=review.cycle.city, name="郴州有色金属有限公司")
    app = review.application(organisation=org)
    expert = review.experts[1]
    client.force_login(expert.user)
    missing = client.post("/reviews/profile/", {"organisation_name": "郴州有色金属有限公司"}, follow=True)
    assert "请填写单位名称和关系说明" in missing.content.decode() and not expert.relations.exists()
    client.post("/reviews/profile/", {"organisation_name": "郴州有色金属有限公司", "relation": "兄弟任该公司总经理"})
    assert "兄弟任该公司总经理" in client.get("/reviews/profile/").content.decode()
    assert [c.kind for c in conflicts.find(expert, app)] == ["declared_relation"]
    with pytest.raises(panels.AssignmentRefused, match="兄弟任该公司总经理"):
        review.assign(app)
    client.force_login(review.cast.committee)  # not an expert
    assert client.get("/reviews/profile/").status_code == 404


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
