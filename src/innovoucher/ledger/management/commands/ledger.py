"""`innovoucher ledger verify`: recompute every balance from the transfers.

Exit 0 with a summary table when every stored balance equals its recomputation and debits
equal credits; exit 1 listing every difference otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.money import fen_to_yuan_display
from innovoucher.ledger.models import Purpose
from innovoucher.ledger.selectors import ledger_totals_by_year, ledger_verify

_FIELD_LABELS = {
    "debits_pending": "借方待定",
    "debits_posted": "借方已过账",
    "credits_pending": "贷方待定",
    "credits_posted": "贷方已过账",
}


class Command(BaseCommand):
    help = "资金账本工具。ledger verify：由全部转账重算余额并核对借贷平衡。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="重算所有账户余额，核对借方=贷方（一致退出码 0，否则 1）")

    def handle(self, *args, action, **options):
        if action == "verify":
            return self._verify()
        raise CommandError(f"未知子命令：{action}")  # pragma: no cover - argparse refuses first

    def _verify(self):
        from rich.console import Console

        console = Console(file=self.stdout, width=120, force_terminal=False)
        report = ledger_verify()
        if not report.ok:
            self._print_differences(console, report)
            raise CommandError(
                f"账本核对未通过：{len(report.differences)} 处余额不符，{len(report.problems)} "
                "个问题",
                returncode=1,
            )
        console.print(_summary_table(report))
        console.print(
            f"账本核对通过：{report.accounts} 个账户，{report.transfers} 笔转账，借方合计 = "
            "贷方合计 = "
            f"{fen_to_yuan_display(report.totals['debits_posted'])}（已过账），"
            f"{fen_to_yuan_display(report.totals['debits_pending'])}（待定）"
        )

    def _print_differences(self, console, report):
        from rich.table import Table

        table = Table(title="账本核对：余额不符")
        for column in ("账户", "字段", "账面（分）", "重算（分）"):
            table.add_column(column)
        for d in report.differences:
            table.add_row(str(d.account_id), _FIELD_LABELS[d.field], str(d.stored), str(d.expected))
        console.print(table)
        for problem in report.problems:
            console.print(f"问题：{problem}")


def _summary_table(report):
    from rich.table import Table

    table = Table(title="资金账本核对（由转账重算，与账面一致）")
    for column in ("年度", "账户用途", "借方已过账", "贷方已过账", "借方待定", "贷方待定"):
        table.add_column(column, justify="right" if column not in ("年度", "账户用途") else "left")
    labels = dict(Purpose.choices)
    for (year, purpose), t in sorted(ledger_totals_by_year().items()):
        table.add_row(
            str(year),
            labels.get(purpose, purpose),
            *(
                fen_to_yuan_display(t[f])
                for f in ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
            ),
        )
    totals = report.totals
    table.add_row(
        "合计",
        "",
        *(
            fen_to_yuan_display(totals[f])
            for f in ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
        ),
    )
    return table
