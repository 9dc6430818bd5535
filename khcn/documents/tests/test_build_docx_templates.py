"""The command that builds every app's Word templates from its docx_layout.py."""

from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from khcn.documents.testing import open_docx


def test_builds_a_template_for_each_one_an_app_fills(tmp_path):
    out = StringIO()
    call_command("build_docx_templates", output=tmp_path, stdout=out)
    built = {p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("*/*.docx")}
    in_apps = {f"{app.label}/{p.name}" for app in apps.get_app_configs() for p in Path(app.path, "docx").glob("*.docx")}
    assert built == in_apps
    assert "reporting/report.docx" in built
    assert out.getvalue().count("wrote ") == len(built)
    for name in built:
        doc = open_docx((tmp_path / name).read_bytes())
        section = doc.sections[0]
        assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}, name
        assert doc.core_properties.title == Path(name).stem
