from django.core.management.base import BaseCommand

from innovoucher.core.steps import collect, run_steps


class Command(BaseCommand):
    help = (
        "载入基础数据：行政区划、工作日历、政策文件等（可重复执行）。Loads regions, "
        "calendar, policies; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        run_steps(collect("setup", "SETUP_STEPS"), quiet=quiet)
        self.stdout.write(self.style.SUCCESS("基础数据已就绪"))
