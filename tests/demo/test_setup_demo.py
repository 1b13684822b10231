"""The demo that `scripts/run` serves (manage.py setup_demo): every demo user lands on pages that open, with no
dead ends."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from awards.models import Application
from awards.workflow import Status
from cities.models import City
from honours.models import Announcement, Certificate


@pytest.fixture
def demo(db):
    call_command("setup_demo", stdout=io.StringIO())


def test_every_demo_user_can_open_every_link_of_their_navigation(demo, client):
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


def test_public_pages_of_the_demo_open(demo, client):
    for url in ["/", "/cities/", "/publicity/", "/winners/", "/reviews/comments/", "/accounts/login/",
                "/apply/signup/"]:
        assert client.get(url).status_code == 200, url


def test_the_demo_has_a_winner_and_an_application_awaiting_approval_in_every_city(demo, client):
    for city in City.objects.all():
        assert Application.objects.filter(cycle__city=city, status=Status.GOVERNMENT_APPROVAL).exists(), city.code
        certificate = Certificate.objects.get(application__cycle__city=city)
        assert Announcement.objects.filter(city=city, kind=Announcement.Kind.AWARD).exists()
        assert "有效" in client.get(f"/verify/{certificate.code}/").content.decode()
        client.force_login(User.objects.get(username=f"{city.code}_winner"))
        page = client.get(f"/apply/{certificate.application_id}/certificates/").content.decode()
        assert certificate.number in page, city.code
        client.force_login(User.objects.get(username=f"{city.code}_office"))
        assert client.get(f"/office/{city.code}/approval/").status_code == 200
        client.logout()
