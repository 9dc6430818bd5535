"""Build the Word templates every app lays out in its `docx_layout.py`."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Build the Word templates laid out in each app's docx_layout.py into the app's docx/ folder, "
        "overwriting any edits made to them in Word."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="Write into OUTPUT/<app label>/ instead, to compare or try out."
        )

    def handle(self, *args: object, **options: object) -> None:
        output = options["output"]
        # Each app names its templates in docx_layout.DOCX_TEMPLATES (file name -> builder);
        # looking them up by convention keeps documents free of imports of the domain apps.
        for app in apps.get_app_configs():
            if not module_has_submodule(app.module, "docx_layout"):
                continue
            folder = output / app.label if isinstance(output, Path) else Path(app.path) / "docx"
            folder.mkdir(parents=True, exist_ok=True)
            for name, build in import_module(f"{app.name}.docx_layout").DOCX_TEMPLATES.items():
                doc = build()
                doc.core_properties.author = "KHCN"
                doc.core_properties.title = name.removesuffix(".docx")
                doc.core_properties.language = "vi-VN"
                doc.save(str(folder / name))
                self.stdout.write(f"wrote {folder / name}")
