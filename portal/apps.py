from django.apps import AppConfig

from .office import data_cache
from .shared import page_cache


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # the public pages' cache hears of every change to what they show (portal/shared/page_cache.py)
        page_cache.connect()
        # and the office's lists of every change to our rows (portal/office/data_cache.py)
        data_cache.connect()
