from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("专家评审")

    def ready(self):
        # register the review's stage checks (awards.checks) and its rows in the permission table (awards.domain.access)
        from . import checks  # noqa: F401
        from .domain import feedback  # noqa: F401
