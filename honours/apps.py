from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "honours"
    verbose_name = _("表彰与获奖后管理")

    def ready(self):
        # register the approval's stage check (awards.checks), its rows in the permission table and its tasks
        # (todo: its to-do sources, registered into awards.domain.todo)
        from . import checks  # noqa: F401
        from .domain import approval, certificates, duties, re_evaluation, revocation, todo  # noqa: F401
