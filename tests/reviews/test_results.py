"""reviews.domain.results: the stage results and the feedback of any number of applications in two queries."""

from decimal import Decimal

from reviews.domain import consensus
from reviews.domain.consensus import AgreedEntry

from ..builders.review import Review


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
