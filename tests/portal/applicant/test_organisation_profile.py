"""The organisation's profile (portal.applicant.organisation): its users choose its GB/T 4754 section from the 20
(core.industry), which panels are then matched by; anyone else is told there is no such organisation."""

import pytest

from awards.models import Organisation
from reviews.domain import panels

from ... import factories

pytestmark = pytest.mark.django_db


def test_an_old_organisation_chooses_its_section_and_is_then_matched_by_it(client, cities):
    org = factories.OrganisationFactory(city=factories.city("qujing"), industry="食品制造", industry_section="")
    assert panels.section_of_organisation(org) == ("C", True)  # before: only a guess from the name
    user = factories.member(org)
    client.force_login(user)
    form = client.get(f"/apply/organisation/{org.pk}/").content.decode()
    assert 'name="industry_section"' in form and "C 制造业" in form and "T 国际组织" in form
    home = client.get("/apply/").content.decode()
    assert f"/apply/organisation/{org.pk}/" in home and "请选择行业门类" in home
    bad = client.post(f"/apply/organisation/{org.pk}/", {"industry": "食品制造", "industry_section": "Z"},
                      follow=True).content.decode()
    assert "请从列表中选择行业门类" in bad
    client.post(f"/apply/organisation/{org.pk}/", {"industry": "食品制造", "industry_section": "C"})
    org = Organisation.objects.get(pk=org.pk)
    assert org.industry_section == "C" and panels.section_of_organisation(org) == ("C", False)


def test_only_the_organisations_users_see_its_profile(client, cities):
    org = factories.OrganisationFactory(city=factories.city("qujing"))
    other = factories.OrganisationFactory(city=factories.city("qujing"))
    url = f"/apply/organisation/{org.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(factories.member(other))
    assert client.get(url).status_code == 404
    assert client.post(url, {"industry": "x", "industry_section": "A"}).status_code == 404
    assert client.get("/apply/organisation/999999/").status_code == 404
    assert Organisation.objects.get(pk=org.pk).industry_section == "C"
