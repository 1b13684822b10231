"""`manage.py verify_audit_chain`: walk the audit trail's hash chain; OK, or the first broken entry (exit code 1)."""

from django.core.management.base import BaseCommand, CommandError

from awards import audit_chain
from awards.models import AuditEntry

WHY = {
    "previous": "与上一条记录的链哈希不符（其前有记录被删除、插入或改动）",
    "content": "内容与其链哈希不符（本条记录被改动）",
}


class Command(BaseCommand):
    help = "校验审计记录的哈希链：完整时输出 OK，否则指出第一条断裂的记录（退出码 1）。"

    def handle(self, *args, **options):
        rows = AuditEntry.objects.order_by("pk").select_related("application").iterator(chunk_size=2000)
        count = AuditEntry.objects.count()
        broken = audit_chain.first_break(rows)
        if broken is None:
            # The last hash, for keeping outside the database: a later run that does not reach it shows a cut tail.
            last = AuditEntry.objects.order_by("-pk").values_list("chain_hash", flat=True).first() or "-"
            self.stdout.write(f"OK：审计链完整，共 {count} 条记录，最新链哈希 {last}。")
            return
        entry, why = broken
        raise CommandError(
            f"审计链断裂：第一条断裂的记录是 #{entry.pk}（申报 {entry.application.reference}，"
            f"{entry.created_at:%Y-%m-%d %H:%M:%S}，{entry.action}）：{WHY[why]}。",
            returncode=1,
        )
