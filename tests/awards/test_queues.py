"""awards.domain.queues: one office queue per stage the rules give the office."""

from awards.domain import queues


def test_office_stages_follow_the_city_rules(ordos):
    stages = [s.status for s in queues.office_stages(ordos.cycle.rules)]
    assert stages == ["eligibility", "supplement_requested", "document_review", "site_review", "ranking",
                      "committee_decision", "government_approval"]
    assert queues.office_stages(ordos.cycle.rules)[0].label == "资格初审"  # Ordos' own wording


def test_stage_counts_with_other_counts_in_one_query(ordos, django_assert_num_queries):
    """The stage counts and other one-row counts in one query; a status without applications, or no applications
    at all, counts zero (the GROUP BY gives no row for it); the same counts as stage_counts."""
    import datetime

    from django.db.models import Count

    from awards.workflow import Status
    from cities.models import City

    from ..builders.intake import SUBMIT_DAY
    from ..builders.journeys import travel

    city = ordos.cycle.city
    statuses = [Status.ELIGIBILITY.value, Status.DOCUMENT_REVIEW.value]
    others = {"cities": City.objects.filter(pk=city.pk).annotate(total=Count("code"))}
    with django_assert_num_queries(1):
        counts, found = queues.stage_counts_with(city, statuses, datetime.date(2026, 9, 16), others)
    assert counts == {s: {"total": 0, "overdue": 0} for s in statuses} and found == {"cities": 1}
    with travel(SUBMIT_DAY):
        ordos.application()
        late = ordos.application()
    queues.Application.objects.filter(pk=late.pk).update(stage_deadline=datetime.date(2026, 9, 1))
    with django_assert_num_queries(1):
        counts, found = queues.stage_counts_with(city, statuses, datetime.date(2026, 9, 16), others)
    assert counts[Status.ELIGIBILITY] == {"total": 2, "overdue": 1}
    assert counts[Status.DOCUMENT_REVIEW] == {"total": 0, "overdue": 0} and found == {"cities": 1}
    assert counts == queues.stage_counts(city, statuses, datetime.date(2026, 9, 16))
