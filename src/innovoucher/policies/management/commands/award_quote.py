import json
import sys

from django.core.management.base import BaseCommand

from innovoucher.core.errors import DomainError
from innovoucher.policies.awards import award_quote_compute
from innovoucher.policies.engine.awards import codes


class Command(BaseCommand):
    help = (
        "服务机构补助/奖励测算：从标准输入读取一个测算请求（JSON），输出测算结果（JSON）。"
        "无补助也以 0 退出；输入有误以 2 退出。"
    )

    def handle(self, *args, **options):
        text = sys.stdin.read()
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            self._fail(
                codes.INVALID_JSON,
                f"输入不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
            )
        try:
            result = award_quote_compute(payload)
        except DomainError as exc:
            self._fail(exc.code, exc.message, exc.details)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _fail(self, code: str, message: str, details: dict | None = None):
        sys.stderr.write(
            json.dumps(
                {"code": code, "message": message, "details": details or {}}, ensure_ascii=False
            )
            + "\n"
        )
        sys.exit(2)
