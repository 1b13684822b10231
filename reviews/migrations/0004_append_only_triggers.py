"""On PostgreSQL the database itself refuses to change or delete the ranking and committee records.

Ranking weights, confirmed shortlists and their entries, committee votes and tallies are AppendOnly in the ORM
(core.models.AppendOnly); these triggers refuse UPDATE and DELETE from raw SQL and any other client too. With
0003 (recusals, pledges, public comments) every append-only table of this app has one. TRUNCATE is refused by
privilege: the portal's database role is not granted it (see `manage.py grant_app_role`).
"""

from django.db import migrations

from core.append_only_sql import append_only_triggers

TABLES = [
    "reviews_rankingweights",
    "reviews_shortlist",
    "reviews_shortlistentry",
    "reviews_committeevote",
    "reviews_committeetally",
]

# The same function as 0003 (CREATE OR REPLACE: harmless if it is already there; 0003 drops it when reversed).
forwards, backwards = append_only_triggers("reviews_log_append_only", TABLES)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_logs_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
