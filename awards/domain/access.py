"""Who may do what with one application: object permissions (django-guardian), granted to groups."""

from __future__ import annotations

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from cities.models import City
from cities.schema import Role

from ..models import Application, CityRoleGroup

VIEW = "awards.view_application"
CHANGE = "awards.change_application"

APPLICANT_PERMS = [VIEW, CHANGE, "awards.act_as_applicant"]
RECOMMENDER_PERMS = [VIEW, "awards.act_as_recommender"]
OFFICE_PERMS = [VIEW, "awards.act_as_office", "awards.view_confidential"]
COMMITTEE_PERMS = [VIEW, "awards.act_as_committee"]
SUPERVISOR_PERMS = [VIEW]

CITY_ROLES = {Role.OFFICE: OFFICE_PERMS, Role.COMMITTEE: COMMITTEE_PERMS, Role.SUPERVISOR: SUPERVISOR_PERMS}


def city_group(city: City, role: Role) -> Group:
    """The group holding one role in one city, created on first use."""
    found = CityRoleGroup.objects.select_related("group").filter(city=city, role=role).first()
    if found:
        return found.group
    group, _ = Group.objects.get_or_create(name=f"{city.code}:{role.value}")
    CityRoleGroup.objects.get_or_create(city=city, role=role, defaults={"group": group})
    return group


def _grant(perms, group_or_user, application):
    for perm in perms:
        assign_perm(perm, group_or_user, application)


def grant_applicant_access(application: Application) -> None:
    if application.organisation_id:
        _grant(APPLICANT_PERMS, application.organisation.group, application)
    else:
        _grant(APPLICANT_PERMS, application.individual.user, application)


def grant_review_access(application: Application) -> None:
    """On submission: the recommender it was sent to, and the city's office, committee and supervisors.
    A recommender unit the application was sent to before (and then returned and redirected) loses access."""
    _revoke_other_recommenders(application)
    if application.recommender_id:
        _grant(RECOMMENDER_PERMS, application.recommender.group, application)
    city = application.cycle.city
    for role, perms in CITY_ROLES.items():
        _grant(perms, city_group(city, role), application)


def applicant_users(application: Application):
    if application.organisation_id:
        return list(application.organisation.group.user_set.all())
    return [application.individual.user]


def _revoke_other_recommenders(application: Application) -> None:
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermission

    stale = GroupObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_pk=str(application.pk),
        group__recommender_unit__isnull=False,
    )
    if application.recommender_id:
        stale = stale.exclude(group_id=application.recommender.group_id)
    stale.delete()
