from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("评定与申报")

    def ready(self):
        from . import tasks  # noqa: F401  (connects the receivers of awards.signals)
