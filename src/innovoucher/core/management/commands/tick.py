import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.steps import run_tick


class Command(BaseCommand):
    help = (
        "执行到指定时刻为止到期的全部定时事项（公示结束、期限届满、券到期、审计封存等）；"
        "重复执行不会产生额外变化。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="以该日期（YYYY-MM-DD）或时刻（ISO 8601）为当前时间")

    def handle(self, *args, now=None, **options):
        moment = self._moment(now) if now else clock.now()
        for label, changed in run_tick(moment):
            self.stdout.write(f"{label}：{changed}")
        self.stdout.write(self.style.SUCCESS(f"定时事项已处理至 {moment:%Y-%m-%d %H:%M}"))

    def _moment(self, text: str) -> dt.datetime:
        try:
            if len(text) == 10:
                return timezone.make_aware(
                    dt.datetime.combine(dt.date.fromisoformat(text), dt.time(23, 59, 59))
                )
            parsed = dt.datetime.fromisoformat(text)
            return parsed if parsed.tzinfo else timezone.make_aware(parsed)
        except ValueError as exc:
            raise CommandError("--now 应为 YYYY-MM-DD 或 ISO 8601 时刻，如 2026-11-21") from exc
