from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("专家评审")

    def ready(self):
        # register the review's stage checks (awards.checks) and its rows in the permission table (awards.domain.access)
        # (supervision: also dissolves a 届's group; pool_review, ratings, sanctions: reviewers' conduct)
        # (todo: its to-do sources, registered into awards.domain.todo)
        from . import checks  # noqa: F401
        from .domain import feedback, pool_review, ratings, sanctions, supervision, todo  # noqa: F401
