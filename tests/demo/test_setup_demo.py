"""The demo that `scripts/run` serves (manage.py setup_demo): every demo user lands on pages that open, with no
dead ends, and every city shows every stage of its rules (issue 12). One run of setup_demo for all the checks: it
builds five cities (about a minute and a half)."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from awards.models import Application, Objection
from awards.workflow import Status
from cities.models import City
from demo import logins, stages
from honours.domain import duties
from honours.models import Announcement, Certificate, RevocationCase


@pytest.mark.django_db
def test_the_demo(client):
    call_command("setup_demo", stdout=io.StringIO())
    every_demo_user_can_open_every_link_of_their_navigation(client)
    public_pages_of_the_demo_open(client)
    the_demo_has_a_winner_and_an_application_awaiting_approval_in_every_city(client)
    every_city_has_an_application_at_every_stage_of_its_rules()
    the_stage_guide_links_open_for_the_citys_office(client)


def every_demo_user_can_open_every_link_of_their_navigation(client):
    users = list(User.objects.filter(is_active=True).order_by("username"))
    assert len(users) >= 5 * 6
    for user in users:
        client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200, user.username
        links = home.context["nav_links"]
        assert links, f"{user.username} has no navigation"
        for link in links:
            response = client.get(link["url"], follow=True)
            assert response.status_code == 200, (user.username, link)
        client.logout()


def public_pages_of_the_demo_open(client):
    for url in ["/", "/cities/", "/publicity/", "/winners/", "/reviews/comments/", "/accounts/login/",
                "/apply/signup/"]:
        assert client.get(url).status_code == 200, url


def the_demo_has_a_winner_and_an_application_awaiting_approval_in_every_city(client):
    for city in City.objects.all():
        assert Application.objects.filter(cycle__city=city, status=Status.GOVERNMENT_APPROVAL).exists(), city.code
        certificate = Certificate.objects.get(application__cycle__city=city,
                                              application__organisation__group__user__username=f"{city.code}_winner")
        assert Announcement.objects.filter(city=city, kind=Announcement.Kind.AWARD).exists()
        assert "有效" in client.get(f"/verify/{certificate.code}/").content.decode()
        client.force_login(User.objects.get(username=f"{city.code}_winner"))
        page = client.get(f"/apply/{certificate.application_id}/certificates/").content.decode()
        assert certificate.number in page, city.code
        client.force_login(User.objects.get(username=f"{city.code}_office"))
        assert client.get(f"/office/{city.code}/approval/").status_code == 200
        client.logout()


def every_city_has_an_application_at_every_stage_of_its_rules():
    for city in City.objects.all():
        rules = city.current_rules().rules
        present = set(Application.objects.filter(cycle__city=city).values_list("status", flat=True))
        assert set(stages.resting_states(rules)) <= present, (city.code, set(stages.resting_states(rules)) - present)
        assert Objection.objects.filter(entry__application__cycle__city=city, outcome=Objection.Outcome.OPEN).exists()
        assert RevocationCase.objects.filter(application__cycle__city=city, state=RevocationCase.State.OPEN).exists()
        if rules.post_award.yearly_self_assessment is not None:
            assert duties.overdue(city, timezone.localdate()).exists(), city.code


def the_stage_guide_links_open_for_the_citys_office(client):
    guide = logins.stage_guide()
    assert len(guide) == 5
    for line in guide:
        code = line.split("（", 1)[1].split("_office", 1)[0]
        client.force_login(User.objects.get(username=f"{code}_office"))
        urls = re.findall(r"(/[a-z0-9/-]+/)", line)
        assert len(urls) >= 6, line
        for url in urls:
            assert client.get(url).status_code == 200, (code, url)
    client.logout()
