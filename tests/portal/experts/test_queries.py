"""The experts' pages keep the same number of queries for 1 and N rows."""

from reviews.domain import consensus
from reviews.domain.consensus import AgreedEntry

from ...builders.queries import count
from ...builders.review import Review


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
    html = client.get("/reviews/").content.decode()
    assert html.split("<table")[1].count("ORDOS-") == 5  # the task table (the to-do list above names them too)
    assert html.split('<ol class="todo-list">')[1].split("</ol>")[0].count('class="todo"') == 5
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
