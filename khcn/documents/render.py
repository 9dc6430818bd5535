"""Filling a document: a Word template with docxtpl, or an HTML print view with WeasyPrint.

The templates belong to the apps whose documents they are; this module only knows how to fill
them, with the Decree 30 print stylesheet (`print.css`) and print base template shared by all.
"""

from io import BytesIO
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

HERE = Path(__file__).resolve().parent
PRINT_CSS = HERE / "print.css"


def render_docx(template: Path, context: dict[str, Any], *, title: str, author: str) -> bytes:
    """Fill a Word template; unknown tags fail loudly instead of printing nothing."""
    doc = DocxTemplate(str(template))
    env = Environment(autoescape=True, undefined=StrictUndefined)
    doc.render(context, jinja_env=env, autoescape=True)
    props = doc.docx.core_properties
    props.title, props.author, props.language = title[:255], author[:255], "vi-VN"
    props.created = props.modified = timezone.now()
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def render_pdf(template_name: str, context: dict[str, Any], *, title: str, author: str) -> bytes:
    """The same document as a PDF: an HTML print view in the Decree 30 layout, set by WeasyPrint."""
    from weasyprint import CSS, HTML  # loads Pango at import: only documents need it

    html = render_to_string(template_name, {**context, "title": title, "author": author})
    return HTML(string=html, base_url=str(HERE / "templates")).write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
