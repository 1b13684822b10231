"""Site name and the signed-in user's header links, from each audience's nav module, in a fixed order."""

from django.conf import settings
from django.utils.translation import gettext as _

from awards.domain import access

from .applicant import nav as applicant_nav
from .committee import nav as committee_nav
from .experts import nav as experts_nav
from .inbox import nav as inbox_nav
from .office import nav as office_nav
from .recommender import nav as recommender_nav
from .supervisor import nav as supervisor_nav


def nav_links(user) -> list[dict]:
    roles = {m.role for m in access.memberships(user)}  # asked once per request (access.remembering)
    return [
        *inbox_nav.links(user),
        *applicant_nav.links(user),
        *recommender_nav.links(user),
        *office_nav.links(user),
        *experts_nav.links(user, roles),
        *office_nav.review_links(roles),
        *office_nav.ranking_links(roles),
        *committee_nav.links(roles),
        *supervisor_nav.links(roles),
        *applicant_nav.feedback_links(user),
    ]


def portal(request):
    user = getattr(request, "user", None)
    links = nav_links(user) if user is not None and user.is_authenticated else []
    # the links a nav module marks "more" go into the header's 「更多」 menu (base.html), the rest in its top line
    return {"PORTAL_NAME": _("质量奖管理平台"), "DEBUG": settings.DEBUG, "nav_links": links,
            "nav_top": [link for link in links if not link.get("more")],
            "nav_more": [link for link in links if link.get("more")]}
