from django.apps import AppConfig

from .shared import page_cache


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # the public pages' cache hears of every change to what they show (portal/shared/page_cache.py)
        page_cache.connect()
