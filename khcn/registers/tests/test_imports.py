"""The shared import helpers: choices by label or code, organisations and units within the
write scope, the sheet and header check, and the all-or-nothing save."""

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.core.imports import ImportResult, RowError, workbook_open
from khcn.geo.models import Organisation
from khcn.geo.tests.factories import OrganisationFactory
from khcn.metrology.models import AnnouncementKind
from khcn.radiation.models import Severity
from khcn.registers.imports import (
    ORGANISATION,
    UNIT,
    Column,
    cell_date,
    choice,
    organisation_find,
    planned_save,
    sheet_check,
    template_bytes,
)
from khcn.registers.tests.workbooks import xlsx

pytestmark = pytest.mark.django_db


def test_choice_takes_the_code_the_vietnamese_label_or_its_distinctive_words() -> None:
    resolve = choice(AnnouncementKind)
    assert resolve(None, "regulation") == AnnouncementKind.REGULATION
    assert resolve(None, "CÔNG BỐ HỢP CHUẨN") == AnnouncementKind.STANDARD
    assert resolve(None, "hop quy") == AnnouncementKind.REGULATION
    with pytest.raises(ValueError, match="hợp chuẩn"):
        resolve(None, "công bố")  # words both labels share
    with pytest.raises(ValueError):
        choice(Severity)(None, "gravissimo")


def test_organisation_found_by_tax_code_or_exact_name_and_ambiguity_reported(ward_a, dept_officer) -> None:  # type: ignore[no-untyped-def]
    a = OrganisationFactory.create(unit=ward_a, name="Hợp tác xã Rau sạch", tax_code="0100000001")
    OrganisationFactory.create(unit=ward_a, name="Hợp tác xã Rau sạch", tax_code="0100000002")
    everyone = Organisation.objects.all()
    assert organisation_find(everyone, "0100000001") == [a]
    assert len(organisation_find(everyone, "hop tac xa rau sach")) == 2
    assert organisation_find(everyone, "Hợp tác xã") == []
    with pytest.raises(ValueError, match="mã số thuế"):
        ORGANISATION(dept_officer, "Hợp tác xã Rau sạch")
    assert ORGANISATION(dept_officer, "0100000001") == a.pk


def test_units_by_name_or_code_only_within_the_write_scope(ward_a, ward_b) -> None:  # type: ignore[no-untyped-def]
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    assert UNIT(officer, "mê linh") == ward_a.pk
    assert UNIT(officer, ward_a.code) == ward_a.pk
    with pytest.raises(ValueError, match="Quang Minh"):
        UNIT(officer, "Quang Minh")


def test_template_names_its_sheet_and_bolds_required_headers() -> None:
    content = template_bytes(sheet="Thử", columns=[Column("Tên", "name", required=True), Column("Ghi chú", "note")])
    ws = load_workbook(BytesIO(content))["Thử"]
    assert [c.value for c in ws[1]] == ["Tên", "Ghi chú"]
    assert [c.font.b for c in ws[1]] == [True, False]


def test_sheet_check_refuses_a_missing_sheet_or_a_changed_header() -> None:
    assert sheet_check(workbook_open(xlsx("A", [["x", "y"]])), "A", ["x", "y"]) is None
    assert sheet_check(workbook_open(xlsx("B", [["x", "y"]])), "A", ["x", "y"]).row == 0  # type: ignore[union-attr]
    assert sheet_check(workbook_open(xlsx("A", [["x", "z"]])), "A", ["x", "y"]).row == 1  # type: ignore[union-attr]


def test_planned_save_reports_each_refused_row_and_undoes_the_rest(ward_a) -> None:  # type: ignore[no-untyped-def]
    def save(name: str) -> None:
        if name == "bad":
            raise ValidationError({"name": "Tên sai."})
        if name == "forbidden":
            raise PermissionDenied
        OrganisationFactory.create(unit=ward_a, name=name)

    before = Organisation.objects.count()
    result = planned_save(
        ImportResult(),
        [(2, {"name": "Tổ chức mới"}), (3, {"name": "bad"}), (4, {"name": "forbidden"})],
        sheet="S",
        headers=["Tên"],
        save=save,
        columns={"name": "Tên"},
        denied=RowError("S", 0, "Tên", "Không được ghi."),
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "Tên", "Tên sai."),
        (4, "Tên", "Không được ghi."),
    ]
    assert result.saved == 0 and Organisation.objects.count() == before


def test_cell_date_reads_day_first_text() -> None:
    assert cell_date("02/03/2026") == date(2026, 3, 2)
    assert cell_date("2026-03-02") == date(2026, 3, 2)
    assert cell_date("31/02/2026") is None


def test_a_reference_repeated_on_many_rows_is_looked_up_once() -> None:
    from django import forms

    from khcn.registers.imports import workbook_import

    class NameForm(forms.Form):
        name = forms.CharField()

        def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    asked: list[str] = []

    def resolve(user: Any, text: str) -> str:
        asked.append(text)
        if text == "Không có":
            raise ValueError("Không tìm thấy.")
        return text.upper()

    saved: list[str] = []
    rows = [["Tên"], ["a"], ["a"], ["b"], ["Không có"], ["Không có"]]
    result = workbook_import(
        user=None,
        file=xlsx("S", rows),
        sheet="S",
        columns=[Column("Tên", "name", resolve, required=True)],
        form_class=NameForm,
        save=lambda user, fields: saved.append(fields["name"]),
    )
    assert asked == ["a", "b", "Không có"]
    assert [(e.row, e.message) for e in result.errors] == [(5, "Không tìm thấy."), (6, "Không tìm thấy.")]
    assert saved == ["A", "A", "B"] and result.saved == 0  # saved inside the transaction, then undone


def test_planned_save_saves_nothing_and_orders_problems_found_while_checking() -> None:
    result = ImportResult(errors=[RowError("S", 3, "B", "b"), RowError("S", 2, "B", "b"), RowError("S", 2, "A", "a")])
    saved: list[Any] = []
    planned_save(
        result,
        [(2, {"x": 1})],
        sheet="S",
        headers=["A", "B"],
        save=lambda **data: saved.append(data),
        columns={},
        denied=RowError("S", 0, "", ""),
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "A"), (2, "B"), (3, "B")]
    assert saved == [] and result.saved == 0


def test_example_template_shows_dates_day_first_and_keeps_the_header_in_view() -> None:
    from khcn.registers.imports import example_template

    content = example_template(sheet="Mẫu", headers=["Số", "Ngày"], example=["1", date(2026, 3, 2)], widths=[10, 12])
    ws = load_workbook(BytesIO(content))["Mẫu"]
    assert [c.value for c in ws[1]] == ["Số", "Ngày"] and ws[1][0].font.b
    assert ws["B2"].number_format == "DD/MM/YYYY" and ws.freeze_panes == "A2"
