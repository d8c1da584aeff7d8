from django.core.management.base import BaseCommand

from innovoucher.core.steps import run_steps
from innovoucher.regions.services import region_table_load


class Command(BaseCommand):
    help = (
        "载入全国行政区划代码表（GB/T 2260，省/地/县三级），可重复执行。"
        "Loads the region table; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        result = {}
        run_steps(
            [
                (
                    10,
                    "行政区划（GB/T 2260）",
                    lambda progress: result.update(region_table_load(progress=progress)),
                )
            ],
            quiet=quiet,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"行政区划已就绪：共 {result['total']} 条，新增 {result['created']} 条，"
                f"更新 {result['updated']} 条"
            )
        )
