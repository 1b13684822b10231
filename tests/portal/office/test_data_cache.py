"""The office's lists kept in the shared cache (portal/office/data_cache.py) show every change at the next
request: a decision over HTTP, a renamed applicant, a bulk update, a new day, another language; the cache never
lets anyone see what their roles do not (the permission check comes first)."""

import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from awards.models import Application
from awards.workflow import Status
from portal.office import data_cache

from ... import factories
from ...builders.intake import SUBMIT_DAY
from ...builders.journeys import travel
from .test_queue import KEPT_QUERIES, QUERIES
from .test_views import checklist_post

URL = "/office/ordos/queue/eligibility/"
DAY = datetime.date(2026, 9, 16)


def get(client, url=URL, day=DAY, **params):
    with travel(day):
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_decision_over_http_shows_in_the_kept_queue_at_once(client, ordos, django_assert_num_queries):
    with travel(SUBMIT_DAY):
        decided, waiting = ordos.application(), ordos.application()
    client.force_login(ordos.cast.office)
    html = get(client)
    assert decided.reference in html and waiting.reference in html
    with django_assert_num_queries(KEPT_QUERIES):  # kept: the body comes from the cache
        assert decided.reference in get(client)
    with travel(DAY):
        client.post(f"/office/applications/{decided.pk}/eligibility/", checklist_post(decided))
        assert client.post(f"/office/applications/{decided.pk}/accept/").status_code == 302
    with django_assert_num_queries(QUERIES):  # a change: built anew
        html = get(client)
    assert decided.reference not in html and waiting.reference in html and "共 1 份申报" in html
    review = get(client, f"/office/ordos/queue/{Status.DOCUMENT_REVIEW}/")
    assert decided.reference in review


def test_a_renamed_applicant_and_a_bulk_update_show_at_the_next_request(client, ordos):
    with travel(SUBMIT_DAY):
        application = ordos.application()
    client.force_login(ordos.cast.office)
    assert "剩余8个工作日" in get(client)
    organisation = application.organisation
    organisation.name = "改名后的质量有限公司"
    organisation.save()  # post_save of one of our rows
    assert "改名后的质量有限公司" in get(client)
    # QuerySet.update sends no post_save; the application rows' queryset tells awards.signals.applications_updated
    Application.objects.filter(pk=application.pk).update(stage_deadline=datetime.date(2026, 9, 15))
    html = get(client)
    assert "剩余8个工作日" not in html and "已逾期" in html


def test_a_new_day_and_another_language_are_built_for_themselves(client, ordos):
    with travel(SUBMIT_DAY):
        ordos.application()
    client.force_login(ordos.cast.office)
    assert "剩余8个工作日" in get(client)
    assert "剩余7个工作日" in get(client, day=DAY + datetime.timedelta(days=1))  # nothing changed but the date
    with travel(DAY):
        client.get("/language/en/?next=/")  # the header's language link
    english = get(client)
    assert "8 working days left" in english and "剩余8个工作日" not in english


def test_the_cache_never_answers_before_the_permission_check(client, ordos, wuhan):
    with travel(SUBMIT_DAY):
        application = ordos.application()
    client.force_login(ordos.cast.office)
    assert application.reference in get(client)  # kept now
    for outsider in (wuhan.cast.office, ordos.cast.committee, factories.UserFactory()):
        client.force_login(outsider)
        with travel(DAY):
            response = client.get(URL)
        assert response.status_code in (302, 403), outsider
        assert application.reference not in response.content.decode()


def test_an_unknown_stage_is_404_and_nothing_is_kept_for_it(client, ordos):
    client.force_login(ordos.cast.office)
    with travel(DAY):
        assert client.get("/office/ordos/queue/no-such-stage/").status_code == 404
        assert client.get("/office/ordos/queue/no-such-stage/").status_code == 404


def test_a_write_bumps_now_and_once_more_at_commit(ordos):
    """Between the write and the commit another request may build the list from the data as it was: the bump at
    commit makes that list unreachable. Several writes in one transaction ask for one bump at commit."""
    start = data_cache.version()
    with transaction.atomic():
        factories.RecommenderUnitFactory(city=ordos.cycle.city)
        factories.RecommenderUnitFactory(city=ordos.cycle.city)
        during = data_cache.version()
    assert during != start  # at once, for the writer's own next request
    ours = [entry[1] for entry in connection.run_on_commit if entry[1] is data_cache._after_commit]
    assert len(ours) == 1  # (the test's own transaction never commits: its callbacks wait here)
    ours[0]()
    assert data_cache.version() != during


def test_a_cleared_cache_starts_from_a_version_no_list_was_kept_under(ordos):
    data_cache.bump()
    before = data_cache.version()
    cache.clear()
    assert data_cache.version() != before


def test_every_app_of_ours_with_models_is_heard():
    root = Path(settings.BASE_DIR)
    ours = {config.label for config in apps.get_app_configs()
            if (root / config.name.replace(".", "/")).is_dir() and list(config.get_models())}
    assert ours == set(data_cache.OWN_APPS)
