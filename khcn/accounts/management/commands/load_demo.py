from django.core.management import call_command
from django.core.management.base import BaseCommand

from khcn.accounts.demo import demo_load
from khcn.geo.selectors import province_get


class Command(BaseCommand):
    help = "Load the demo organisations and one account per role (imports units first if needed)."

    def handle(self, *args: object, **options: object) -> None:
        if province_get() is None:
            call_command("import_units", stdout=self.stdout)
        for line in demo_load():
            self.stdout.write(line)
