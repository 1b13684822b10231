"""Header links for applicants (organisation members and individuals)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .domain.signup import is_applicant


def links(user) -> list[dict]:
    if not is_applicant(user):
        return []
    return [{"label": _("我的申报"), "url": reverse("applicant:home")}]
