"""`manage.py migrate`, as the owner role when MIGRATION_DATABASE_URL is set (core.db_roles)."""

from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from core import db_roles


class Command(migrate.Command):
    help = migrate.Command.help + " 设置了 MIGRATION_DATABASE_URL 时以该（表的所有者）角色执行。"

    def handle(self, *args, **options):
        if options["database"] != DEFAULT_DB_ALIAS or not db_roles.owner_url():
            return super().handle(*args, **options)
        with db_roles.as_owner():
            return super().handle(*args, **options)
