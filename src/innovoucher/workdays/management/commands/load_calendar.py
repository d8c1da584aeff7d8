from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.steps import run_steps
from innovoucher.workdays.services import calendar_seed_chinesecalendar


class Command(BaseCommand):
    help = (
        "从 chinesecalendar 载入2004–2026年的节假日与调休上班日（已有年份默认保留）。"
        "Seeds the calendar; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", help="年份范围，如 2020-2026 或 2026（默认：chinesecalendar 覆盖的全部年份）"
        )
        parser.add_argument(
            "--replace", action="store_true", help="覆盖已有年份（包括管理员的修改）"
        )
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, years=None, replace=False, quiet=False, **options):
        wanted = _years(years) if years else None
        result = {}
        step = (
            20,
            "工作日历",
            lambda progress: result.update(
                calendar_seed_chinesecalendar(
                    actor="command:load_calendar", years=wanted, replace=replace, progress=progress
                )
            ),
        )
        run_steps([step], quiet=quiet)
        self.stdout.write(
            self.style.SUCCESS(
                f"工作日历已就绪：载入 {result['loaded']} 个年度，"
                f"保留已有 {result['skipped']} 个年度"
            )
        )


def _years(text: str) -> range:
    try:
        first, _, last = text.partition("-")
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise CommandError("--years 应形如 2020-2026 或 2026") from None
