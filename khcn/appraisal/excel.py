"""Workbook import of technology appraisal dossiers (the register kept in Excel until now).

One dossier per row, read into the dossier's page form and recorded by `appraisal_create`,
so a row is checked with the page's rules and the caller's write scope: the project's commune
AND the investor named from the registry. If any row is wrong nothing is saved and every
wrong row is listed. The opinion is not imported: it has its own move on the dossier's page.
"""

from typing import IO, Any

from django.core.exceptions import PermissionDenied

from khcn.appraisal import services
from khcn.appraisal.forms import AppraisalForm
from khcn.appraisal.models import Sector
from khcn.core.imports import ImportResult
from khcn.registers.imports import ORGANISATION, UNIT, Column, choice, template_bytes, workbook_import

SHEET = "Hồ sơ thẩm định"
COLUMNS = [
    Column("Cơ quan gửi", "sending_body", required=True),
    Column("Số văn bản", "incoming_number", required=True),
    Column("Ngày nhận", "received_on", required=True),
    Column("Tên dự án", "project_name", required=True),
    Column("Nhà đầu tư", "investor_name", required=True),
    Column("Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)", "investor", ORGANISATION),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Địa chỉ", "address"),
    Column("Vốn đầu tư (triệu đồng)", "capital_million"),
    Column("Lĩnh vực", "sector", choice(Sector), required=True),
    Column("Công nghệ", "technology", required=True),
    Column("Xuất xứ công nghệ", "origin"),
    Column("Thiết bị chính", "equipment"),
]


def appraisals_template() -> bytes:
    """The blank workbook the import reads."""
    return template_bytes(sheet=SHEET, columns=COLUMNS)


def _create(user: Any, fields: dict[str, Any]) -> Any:
    return services.appraisal_create(user=user, **fields)


def appraisals_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Record one dossier per filled row, all or nothing."""
    if not user.has_perm("appraisal.add_appraisal"):
        raise PermissionDenied
    return workbook_import(user=user, file=file, sheet=SHEET, columns=COLUMNS, form_class=AppraisalForm, save=_create)
