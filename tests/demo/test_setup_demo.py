"""The demo that `scripts/run` serves (manage.py setup_demo): every demo user lands on pages that open, with no
dead ends."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command


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
