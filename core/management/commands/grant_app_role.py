"""`manage.py grant_app_role`: create or update the portal's database role and grant it row privileges only.

Run as the owner of the tables (MIGRATION_DATABASE_URL, or DATABASE_URL naming the owner with `--role`), after
`migrate`. The role's name and password come from DATABASE_URL unless `--role` / `--password` say otherwise.
The role may SELECT, INSERT, UPDATE and DELETE rows (the append-only tables' triggers still refuse UPDATE and
DELETE there); it cannot TRUNCATE, ALTER, DROP, create tables or disable triggers: it owns nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql

from core import db_roles


class Command(BaseCommand):
    help = "创建或更新门户的数据库角色（DATABASE_URL 中的用户），只授予读写行的权限。须以表的所有者身份运行。"

    def add_arguments(self, parser):
        parser.add_argument("--role", help="角色名（默认取 DATABASE_URL 中的用户名）")
        parser.add_argument("--password", help="口令（默认取 DATABASE_URL 中的口令；为空则不设口令）")

    def handle(self, *args, role=None, password=None, **options):
        app = settings.DATABASES["default"]
        role = role or app.get("USER")
        password = password if password is not None else (app.get("PASSWORD") or "")
        with db_roles.as_owner() as connection:
            if connection.vendor != "postgresql":
                self.stdout.write("非 PostgreSQL 数据库：无需设置数据库角色。")
                return
            owner = connection.settings_dict.get("USER")
            if not role or role == owner:
                raise CommandError("门户的数据库角色不能是表的所有者：请设置 MIGRATION_DATABASE_URL（所有者）"
                                   "和 DATABASE_URL（门户角色），或用 --role 指定门户角色。")
            with connection.cursor() as cursor:
                ident = sql.Identifier(role)
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                verb = "ALTER" if cursor.fetchone() else "CREATE"
                limits = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
                if password:
                    statement = sql.SQL("{} ROLE {} WITH {} PASSWORD {}").format(
                        sql.SQL(verb), ident, limits, sql.Literal(password))
                else:
                    statement = sql.SQL("{} ROLE {} WITH {}").format(sql.SQL(verb), ident, limits)
                cursor.execute(statement.as_string(cursor.connection))
                quoted_role = ident.as_string(cursor.connection)
                quoted_db = sql.Identifier(connection.settings_dict["NAME"]).as_string(cursor.connection)
                for statement in db_roles.app_role_sql(quoted_role, quoted_db):
                    cursor.execute(statement)
        self.stdout.write(f"OK：角色 {role} 可读写数据行，不能 TRUNCATE、ALTER、DROP 或停用触发器。")
