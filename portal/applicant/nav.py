"""Header links for applicants (organisation members and individuals)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.domain.access import is_applicant


def links(user) -> list[dict]:
    if not is_applicant(user):
        return []
    return [{"label": _("我的申报"), "url": reverse("applicant:home")}]


def feedback_links(user) -> list[dict]:
    if is_applicant(user):
        return [{"label": _("评审反馈报告"), "url": reverse("applicant:feedback_list")}]
    return []
