"""The office's review pages keep the same number of queries for 1 and N rows."""

from reviews.domain import panels

from ...builders.queries import count
from ...builders.review import Job, Relation, Review, make_expert


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
