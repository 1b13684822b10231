"""List pages keep the same number of queries for 1 and N rows."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.domain import consensus, panels
from reviews.domain.consensus import AgreedEntry

from .helpers import Job, Relation, Review, make_expert


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def test_expert_queue_1_vs_n_assignments(cities, client):
    review = Review("ordos")
    leader = review.leader.user
    client.force_login(leader)
    first = review.application()
    review.declare_all(review.assign(first))
    one = count(client, "/reviews/")
    for _ in range(4):
        assignments = review.assign(review.application())
        review.declare_all(assignments[:1])
    review.score_all([a for a in review.panel.assignments.filter(expert=review.leader, state="active")][:2], [50, 60])
    many = count(client, "/reviews/")
    assert client.get("/reviews/").content.decode().count("ORDOS-") == 5
    assert one == many


def test_consensus_page_3_vs_5_experts(cities, client):
    small = Review("chenzhou", size=3, prefix="甲")
    big = Review("chenzhou", size=5, prefix="乙", same_cycle_as=small)
    counts = []
    for review in (small, big):
        app = review.application()
        review.ready_for_consensus(app, percents=[50, 60, 70, 80, 90][: len(review.experts)])
        comparison = consensus.compare(review.panel, app)
        consensus.record(review.panel, app, review.leader.user,
                         {r.code: AgreedEntry(r.suggested, "优势", "改进") for r in comparison.rows})
        client.force_login(review.leader.user)
        counts.append(count(client, f"/reviews/panels/{review.panel.pk}/applications/{app.pk}/consensus/"))
    assert counts[0] == counts[1]


def test_office_panel_page_and_results_1_vs_n(cities, client):
    review = Review("chenzhou")
    client.force_login(review.cast.office)
    app = review.application()
    review.ready_for_consensus(app)
    urls = [f"/reviews/office/panels/{review.panel.pk}/", f"/reviews/office/cycles/{review.cycle.pk}/results/",
            "/reviews/office/panels/", "/reviews/office/experts/"]
    one = [count(client, u) for u in urls]
    for i in range(3):
        review.ready_for_consensus(review.application())
        make_expert("chenzhou", f"新增{i}", past=[Job("某公司", 2001, 2005)], relations=[Relation("某协会", "理事")])
    panels.form_panel(cycle=review.cycle, stage="site_review", name="现场组", actor=review.cast.office,
                      members=[(e, i == 0) for i, e in enumerate(review.experts)])
    many = [count(client, u) for u in urls]
    assert one == many


def test_public_comment_pages_1_vs_n(cities, client):
    from awards.domain import publicity
    from reviews.domain import stage_inputs

    review = Review("ordos")
    office = review.cast.office

    def period(n):
        apps = [review.application(stage="public_comment") for _ in range(n)]
        notice = publicity.publish(cycle=review.cycle, stage="public_comment", applications=apps, actor=office)
        for entry in notice.entries.all():
            stage_inputs.file_comment(entry, name="市民", contact="139", text="意见")
        return notice

    small = period(1)
    client.force_login(office)
    one = [count(client, "/reviews/comments/"), count(client, f"/reviews/comments/{small.pk}/"),
           count(client, f"/reviews/office/comments/{small.pk}/")]
    big = period(3)
    many = [count(client, "/reviews/comments/"), count(client, f"/reviews/comments/{big.pk}/"),
            count(client, f"/reviews/office/comments/{big.pk}/")]
    assert one == many


def test_stage_results_is_two_queries_for_any_number_of_applications(cities, django_assert_num_queries):
    from reviews.domain import results

    review = Review("chenzhou")
    apps = []
    for _ in range(3):
        app = review.application()
        review.ready_for_consensus(app)
        comparison = consensus.compare(review.panel, app)
        consensus.record(review.panel, app, review.leader.user,
                         {r.code: AgreedEntry(r.suggested) for r in comparison.rows})
        apps.append(app)
    with django_assert_num_queries(2):
        one = results.stage_results(apps[:1])
    with django_assert_num_queries(2):
        many = results.stage_results(apps + [999999])
    assert one[apps[0].pk] == many[apps[0].pk] == {"document_review": Decimal("700.00")}
    assert many[999999] == {}
    with django_assert_num_queries(2):
        assert len(results.feedback(apps[1])) == 4
