"""The header's links (portal/context_processors.py): the same for a user loaded for a session
(portal.security.SignInBackend, with the role answers on its row) as for a user loaded plainly; one query for
them all (access.memberships), none when the page asked the memberships already."""

from django.contrib.auth.models import User

from awards.domain import access
from cities.schema import Role
from portal.context_processors import nav_links
from portal.security import SignInBackend

from .. import factories
from ..builders.review import make_expert


def people() -> dict[str, User]:
    return {
        "organisation member": factories.member(factories.OrganisationFactory()),
        "individual": factories.IndividualFactory().user,
        "recommender": factories.member(factories.RecommenderUnitFactory()),
        "expert": make_expert("chenzhou", "李专家").user,
        "office": factories.city_user("ordos", Role.OFFICE),
        "nobody": factories.UserFactory(),
    }


def labels(links: list[dict]) -> list[str]:
    return [link["label"] for link in links]


def test_a_session_users_header_asks_only_its_memberships_with_the_same_links(cities, django_assert_num_queries):
    for who, person in people().items():
        plain = labels(nav_links(User.objects.get(pk=person.pk)))
        with django_assert_num_queries(1):
            user = SignInBackend().get_user(person.pk)  # the user's row, with its role answers
        with access.remembering(), django_assert_num_queries(1):  # access.memberships
            assert labels(nav_links(user)) == plain, who
        with access.remembering():
            access.memberships(user)  # the page asked already
            with django_assert_num_queries(0):
                assert labels(nav_links(user)) == plain, who


def test_each_role_has_its_link(cities):
    found = {who: labels(nav_links(SignInBackend().get_user(person.pk))) for who, person in people().items()}
    assert "我的申报" in found["organisation member"] and "我的申报" in found["individual"]
    assert "推荐审核" in found["recommender"] and "推荐审核" not in found["office"]
    assert "评审任务" in found["expert"] and "评审任务" not in found["office"]
    assert "办公室工作台" in found["office"]
    assert found["nobody"] == ["我的工作台", "我的通知"]
