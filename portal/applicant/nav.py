"""Header links for applicants (organisation members and individuals)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain.signup import is_applicant
from awards.models import Individual


def links(user) -> list[dict]:
    if not is_applicant(user):
        return []
    return [{"label": _("我的申报"), "url": reverse("applicant:home")}]


def feedback_links(user) -> list[dict]:
    if user.groups.filter(organisation__isnull=False).exists() or Individual.objects.filter(user=user).exists():
        return [{"label": _("评审反馈报告"), "url": reverse("applicant:feedback_list")}]
    return []
