"""The audit trail becomes a hash chain (previous_hash, chain_hash); document opens record whether they were granted.

Existing audit entries are chained in insertion order (pk). On PostgreSQL the append-only trigger is switched off
for that one UPDATE inside this migration's transaction, and on again before it commits.
"""

import django.utils.timezone
from django.db import migrations, models

from awards import audit_chain

TRIGGER = "awards_auditentry_no_change"


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("awards", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE awards_auditentry DISABLE TRIGGER {TRIGGER}")
    previous = ""
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        chain_hash = audit_chain.entry_hash(audit_chain.content_of(entry), previous)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, chain_hash=chain_hash)
        previous = chain_hash
    if postgres:
        schema_editor.execute(f"ALTER TABLE awards_auditentry ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0010_number_sequence"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False,
                                       verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="上一条记录的链哈希"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain_hash",
            field=models.CharField(blank=True, editable=False,
                                   help_text="本条内容与上一条链哈希的 SHA-256（manage.py verify_audit_chain 校验）",
                                   max_length=64, verbose_name="链哈希"),
        ),
        migrations.AddField(
            model_name="documentaccess",
            name="granted",
            field=models.BooleanField(default=True, help_text="否：查阅被拒绝（同样留存记录）",
                                      verbose_name="准予查阅"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
