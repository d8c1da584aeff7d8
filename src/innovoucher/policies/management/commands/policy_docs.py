from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innovoucher.policies import docgen


class Command(BaseCommand):
    help = (
        "生成政策参数目录 docs/policy-parameters.md。Writes the generated policy parameter "
        "reference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=None, help=f"输出文件（默认 {docgen.OUTPUT}）"
        )
        parser.add_argument(
            "--check", action="store_true", help="只检查文件是否为最新，过期时以 1 退出"
        )

    def handle(self, *args, output=None, check=False, **options):
        path = output or Path(settings.PROJECT_DIR) / docgen.OUTPUT
        missing = docgen.undescribed()
        if missing:
            raise CommandError(
                f"以下代码在 docgen.py 中缺少说明，请补充后重新生成：{', '.join(missing)}"
            )
        text = docgen.render()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} 已过期，请运行 innovoucher policy_docs")
            self.stdout.write(self.style.SUCCESS(f"{path} 是最新的"))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}"))
