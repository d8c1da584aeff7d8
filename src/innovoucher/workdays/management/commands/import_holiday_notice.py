import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.errors import DomainError
from innovoucher.workdays.services import calendar_year_import


class Command(BaseCommand):
    help = (
        "导入国务院办公厅关于某年部分节假日安排的通知（文本文件），替换该年的节假日与调休上班日。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="通知所安排的年份，如 2027")
        parser.add_argument("file", help="通知全文的文本文件（UTF-8），“-” 表示从标准输入读取")

    def handle(self, *args, year, file, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {file}：{exc}") from None
        try:
            calendar_year = calendar_year_import(
                actor="command:import_holiday_notice", year=year, text=text
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        days = list(calendar_year.days.order_by("date"))
        holidays = sum(d.kind == "holiday" for d in days)
        self.stdout.write(
            self.style.SUCCESS(
                f"{year}年节假日安排已导入：放假 {holidays} 天，调休上班 {len(days) - holidays} 天"
            )
        )
