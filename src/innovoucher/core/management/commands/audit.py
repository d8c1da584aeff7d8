"""`innovoucher audit verify` / `innovoucher audit seal`: the audit log's SM3 hash chain.

`verify` recomputes the chain from the first sealed event; exit 0 with a summary when every digest
matches, exit 1 naming the first broken event (an edited or deleted row breaks the chain from
there on). `seal` chains every event older than the seal lag now (the schedule does it too).
"""

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.audit import audit_seal, audit_verify, audit_verify_anchors
from innovoucher.core.models import AuditEvent


class Command(BaseCommand):
    help = "审计日志工具。audit verify：核验 SM3 哈希链；audit seal：立即封存。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="核验审计日志哈希链（完整退出码 0，否则 1 并指出第一条被改动的事件）"
        )
        sub.add_parser("seal", help="立即将已到封存时限的审计事件链入哈希链")

    def handle(self, *args, action, **options):
        if action == "seal":
            sealed = audit_seal()
            self.stdout.write(f"已封存 {sealed} 条审计事件")
            return
        broken = audit_verify()
        sealed = AuditEvent.objects.exclude(digest="").count()
        unsealed = AuditEvent.objects.filter(digest="").count()
        if broken:
            first = AuditEvent.objects.filter(pk=broken[0]).first()
            what = (
                f"{first.at:%Y-%m-%d %H:%M:%S} {first.action}（{first.actor_label}）"
                if first
                else ""
            )
            raise CommandError(
                f"审计日志哈希链核验未通过：第一条不符的事件 #{broken[0]} {what}；"
                f"共 {len(broken)} 条事件的摘要与重算结果不符，请立即报告审计管理员",
                returncode=1,
            )
        problems = audit_verify_anchors()
        if problems:
            raise CommandError(
                "审计日志锚点核验未通过（末尾事件被删除或摘要被重算）：" + "；".join(problems[:5]),
                returncode=1,
            )
        self.stdout.write(f"审计日志哈希链完整：已封存 {sealed} 条，待封存 {unsealed} 条")
