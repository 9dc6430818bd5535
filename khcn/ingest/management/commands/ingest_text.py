"""`manage.py ingest_text FILE --json`: the facts of a working session read from an article.

Prints the extraction (date, place, units, people, figures, products, requests, directives,
difficulties), strings as written in the text. With --registry, units are also matched to the
registry (`geo.AdminUnit`) and their full names printed beside.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from khcn.ingest.extract import extract
from khcn.ingest.readers import text_from_path


class Command(BaseCommand):
    help = "Extract a working session's facts from a .txt, .docx or .pdf article or minutes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of a .txt, .docx or .pdf file")
        parser.add_argument("--json", action="store_true", help="print JSON (the default output)")
        parser.add_argument("--registry", action="store_true", help="match units against the unit registry")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = text_from_path(options["file"])
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        directory = None
        if options["registry"]:
            from khcn.ingest.selectors import unit_directory

            directory = unit_directory(text)
        extraction = extract(text, directory=directory)
        data = extraction.as_json()
        if options["registry"]:
            data["matched_units"] = [
                {"name": u.name, "unit": u.unit.label if u.unit else None} for u in extraction.units
            ]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
