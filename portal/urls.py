"""The root URLconf: every page of the portal, by who is looking, plus Django's admin and login.

Each audience keeps its own url module and namespace (public, inbox, applicant, recommender, office, experts,
committee, supervisor); URL paths are those users have always seen.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.account import home as account_home
from portal.api import api as open_data_api
from portal.public import health

admin.site.site_header = _("质量奖管理平台 · 管理后台")
admin.site.site_title = _("质量奖管理平台")
admin.site.index_title = _("管理")

# Error pages in Chinese in the portal's look (portal/errors.py); DEBUG is off unless DJANGO_DEBUG=1.
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),  # the proxy's probe: database, cache, storage, broker
    path("api/v1/", open_data_api.urls()),  # the open-data API (portal/api): read-only, public
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", account_home.dispatch, name="home"),  # after login: the home of the user's role
    path("accounts/", include("portal.account.urls")),  # two-step verification, password change and reset
    path("", include("portal.public.urls")),
    path("", include("portal.inbox.urls")),
    path("", include("portal.applicant.urls")),
    path("", include("portal.recommender.urls")),
    path("", include("portal.office.urls")),
    path("", include("portal.experts.urls")),
    path("", include("portal.committee.urls")),
    path("", include("portal.supervisor.urls")),
]

if settings.PORTAL_BENCH:  # the benchmarks' baselines (bench/common.py); absent from every other process
    urlpatterns.append(path("bench/", include("portal.bench_views")))
