from django.core.management.base import BaseCommand

from innovoucher.portal import lifecycles


class Command(BaseCommand):
    help = "Rewrite docs/lifecycles.md from the transition tables in code."

    def handle(self, *args, **options):
        lifecycles.OUTPUT.write_text(lifecycles.render(), encoding="utf-8")
        self.stdout.write(f"wrote {lifecycles.OUTPUT}")
