from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("专家评审")

    def ready(self):
        from . import checks  # noqa: F401  (registers the review's stage checks into awards.checks)
