from django.core.management import call_command
from django.core.management.base import BaseCommand

from innovoucher.core.demo_accounts import print_accounts, reset
from innovoucher.core.steps import collect, run_steps


class Command(BaseCommand):
    help = (
        "载入演示数据（通过业务服务创建，可重复执行）。Loads demo data through the services;"
        " idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        reset()
        call_command("setup_platform", quiet=quiet)
        run_steps(collect("demo", "DEMO_STEPS"), quiet=quiet)
        print_accounts(self.stdout)
