"""Export of tasks and their results for the National S&T Database (CSDL quốc gia về KH&CN).

Circular 05/2021/TT-BKHCN sets the technical requirements of the database's input data, and
Circular 14/2014/TT-BKHCN the registration of results after acceptance (DOMAIN.md §3.6–3.7).
Their field-level layouts were not read, so the national field codes below are **our guess**
(snake_case, unaccented Vietnamese) and the field list is **unconfirmed**. Everything that
would change when the real list is known lives in one `NationalMapping`: `DEFAULT_MAPPING`
here, or another one named by the `KHCN_NATIONAL_DB_MAPPING` setting (a dotted path).

A mapping has record sheets (tasks, results); each sheet has fields, and each field has a
national code, its Vietnamese column label, a value kind (text, integer, number, date) and
where its value comes from: an attribute path on the task ("plan.decision_number") or a
function of the task. A sheet may keep only some tasks (results: accepted tasks only).
The values are data for a Vietnamese database, so labels and values are Vietnamese whatever
the language of the page.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khcn.core.exports import workbook_bytes, workbook_new
from khcn.research.models import FundingSource, ResearchTask, TaskStatus
from khcn.research.scales import acceptance_bands

TEXT, INTEGER, NUMBER, DATE = "text", "integer", "number", "date"
KINDS = (TEXT, INTEGER, NUMBER, DATE)

# -- Vietnamese values (data, not UI text) ---------------------------------------------------

TASK_TYPE_VI = {
    "topic": "Đề tài",
    "pilot_production": "Dự án sản xuất thử nghiệm",
    "scientific_scheme": "Đề án khoa học",
    "st_project": "Dự án khoa học và công nghệ",
}
# The six groups of the classification of S&T fields (Decision 12/2008/QĐ-BKHCN): code, name.
FIELD_VI = {
    "natural": ("1", "Khoa học tự nhiên"),
    "engineering": ("2", "Khoa học kỹ thuật và công nghệ"),
    "medical": ("3", "Khoa học y, dược"),
    "agricultural": ("4", "Khoa học nông nghiệp"),
    "social": ("5", "Khoa học xã hội"),
    "humanities": ("6", "Khoa học nhân văn"),
}
STATUS_VI = {
    "planned": "Trong kế hoạch",
    "in_progress": "Đang thực hiện",
    "in_acceptance": "Đang nghiệm thu",
    "accepted": "Đã nghiệm thu",
    "failed": "Nghiệm thu không đạt",
    "stopped": "Dừng thực hiện",
}
SELECTION_MODE_VI = {"open_selection": "Tuyển chọn", "direct": "Giao trực tiếp"}
MEMBER_ROLE_VI = {"pi": "Chủ nhiệm", "secretary": "Thư ký khoa học", "member": "Thành viên"}
GRADE_VI = {
    "excellent": "Xuất sắc",
    "good": "Khá",
    "average": "Trung bình",
    "pass": "Đạt",
    "fail": "Không đạt",
}
STATE_SOURCES = frozenset({FundingSource.STATE_ST, FundingSource.STATE_OTHER})


# -- the mapping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NationalField:
    """One national field: its code, its Vietnamese column label, its kind and its source."""

    code: str
    label: str
    source: str | Callable[[ResearchTask], Any]
    kind: str = TEXT
    width: int = 18  # column width in the .xlsx

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ImproperlyConfigured(f"National field {self.code}: unknown kind {self.kind!r}.")

    def read(self, task: ResearchTask) -> Any:
        """The field's value for `task`: None when empty, a date for dates, a Decimal or int for numbers."""
        if callable(self.source):
            value = self.source(task)
        else:
            value = task
            for name in self.source.split("."):
                value = getattr(value, name, None)
                if value is None:
                    break
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self.kind == DATE:
            return timezone.localdate(value) if isinstance(value, datetime) else value
        if self.kind == INTEGER:
            return int(value)
        if self.kind == NUMBER:
            return value if isinstance(value, (int, Decimal)) else Decimal(str(value))
        return str(value).strip()


@dataclass(frozen=True)
class RecordSheet:
    """A kind of record (one sheet of the .xlsx, one list of the JSON)."""

    code: str
    label: str  # the sheet's title: at most 31 characters, none of []:*?/\
    fields: tuple[NationalField, ...]
    include: Callable[[ResearchTask], bool] | None = None  # which tasks give a record; None: all


@dataclass(frozen=True)
class NationalMapping:
    """Our fields to the national ones, with what to load so the export costs fixed queries."""

    schema: str
    circulars: tuple[str, ...]
    sheets: tuple[RecordSheet, ...]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    notes: str = ""


# -- how values are read from a task ---------------------------------------------------------


def _people(task: ResearchTask) -> list[Any]:
    return list(task.members.all())  # prefetched


def _person(member: Any) -> str:
    return f"{member.title} {member.name}".strip()


def principal_investigator(task: ResearchTask) -> str:
    """The PI's name as typed on the task, else the member in the PI's role."""
    if task.pi_name:
        return task.pi_name
    return next((_person(m) for m in _people(task) if m.role == "pi"), "")


def members_line(task: ResearchTask) -> str:
    """Each member as "TS. Nguyễn Văn A (Chủ nhiệm, Viện X)", joined by semicolons."""
    parts = []
    for m in _people(task):
        about = ", ".join(p for p in (MEMBER_ROLE_VI.get(m.role, m.role), m.organisation) if p)
        parts.append(f"{_person(m)} ({about})")
    return "; ".join(parts)


def _lines(task: ResearchTask) -> list[Any]:
    return list(task.budget_lines.all())  # prefetched


def budget_total(task: ResearchTask) -> Decimal | None:
    """The task's budget; without one, the sum of its planned budget lines."""
    if task.budget_million is not None:
        return task.budget_million
    lines = _lines(task)
    return sum((line.planned_million for line in lines), Decimal(0)) if lines else None


def budget_state(task: ResearchTask) -> Decimal | None:
    """Planned from the state budget (sources "state budget for S&T" and "other state funds")."""
    lines = _lines(task)
    if not lines:
        return None
    return sum((line.planned_million for line in lines if line.source in STATE_SOURCES), Decimal(0))


def budget_other(task: ResearchTask) -> Decimal | None:
    """Planned from the host's own funds and other sources."""
    lines = _lines(task)
    if not lines:
        return None
    return sum((line.planned_million for line in lines if line.source not in STATE_SOURCES), Decimal(0))


def budget_disbursed(task: ResearchTask) -> Decimal | None:
    lines = _lines(task)
    return sum((line.disbursed_million for line in lines), Decimal(0)) if lines else None


def _short_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def application_places(task: ResearchTask) -> str:
    """Where the results are applied: the published text, then each recorded application."""
    parts = [task.public_application.strip()] if task.public_application.strip() else []
    for a in task.applications.all():  # prefetched, with the unit
        about = ", ".join(
            p for p in (a.unit.full_name if a.unit else "", f"từ {_short_date(a.applied_on)}", a.scale) if p
        )
        parts.append(f"{a.place} ({about})")
    return "; ".join(parts)


def application_effects(task: ResearchTask) -> str:
    return "; ".join(f"{a.place}: {a.effect.strip()}" for a in task.applications.all() if a.effect.strip())


def grade_label(task: ResearchTask) -> str:
    """The acceptance grade in Vietnamese words: the points scale's bands first (scales.py)."""
    with translation.override("vi"):
        bands = {code: str(label) for _low, code, label in acceptance_bands()}
    return bands.get(task.grade) or GRADE_VI.get(task.grade, task.grade)


def field_code(task: ResearchTask) -> str:
    return FIELD_VI.get(task.field, ("", ""))[0]


def field_name(task: ResearchTask) -> str:
    return FIELD_VI.get(task.field, ("", task.field))[1]


def objectives(task: ResearchTask) -> str:
    """The contract's objectives, else those of the proposal the task answers."""
    return task.objectives or (task.proposal.objectives if task.proposal else "")


def proposer(task: ResearchTask) -> str:
    return task.proposal.proposer_label() if task.proposal else ""


def has_accepted_results(task: ResearchTask) -> bool:
    """Only tasks accepted by their acceptance council have results to record."""
    return task.status == TaskStatus.ACCEPTED


def _department(task: ResearchTask) -> str:
    return settings.KHCN_DEPARTMENT_NAME


def _first(*sources: str) -> Callable[[ResearchTask], Any]:
    """The first non-empty of several attributes."""

    def read(task: ResearchTask) -> Any:
        return next((v for v in (getattr(task, s) for s in sources) if v), None)

    return read


def _label(table: dict[str, str], attribute: str) -> Callable[[ResearchTask], str]:
    def read(task: ResearchTask) -> str:
        value = getattr(task, attribute)
        return table.get(value, value)

    return read


CODE = NationalField("ma_nhiem_vu", "Mã nhiệm vụ", "code", width=14)
TITLE = NationalField("ten_nhiem_vu", "Tên nhiệm vụ", "title", width=60)
HOST = NationalField("to_chuc_chu_tri", "Tổ chức chủ trì", "host_label", width=36)
PI = NationalField("chu_nhiem", "Chủ nhiệm nhiệm vụ", principal_investigator, width=28)

TASK_SHEET = RecordSheet(
    code="nhiem_vu",
    label="Nhiệm vụ KH&CN",
    fields=(
        CODE,
        TITLE,
        NationalField("loai_hinh", "Loại hình nhiệm vụ", _label(TASK_TYPE_VI, "task_type"), width=26),
        NationalField("ma_linh_vuc", "Mã lĩnh vực", field_code, width=10),
        NationalField("linh_vuc", "Lĩnh vực nghiên cứu", field_name, width=28),
        NationalField("co_quan_quan_ly", "Cơ quan quản lý nhiệm vụ", _department, width=32),
        HOST,
        NationalField("ma_so_to_chuc_chu_tri", "Mã số tổ chức chủ trì", "host_organisation.tax_code", width=16),
        PI,
        NationalField("thanh_vien", "Thành viên thực hiện chính", members_line, width=60),
        NationalField("muc_tieu", "Mục tiêu", objectives, width=60),
        NationalField("don_vi_de_xuat", "Đơn vị đề xuất đặt hàng", proposer, width=30),
        NationalField(
            "phuong_thuc", "Phương thức giao nhiệm vụ", _label(SELECTION_MODE_VI, "selection_mode"), width=18
        ),
        NationalField("nam_bat_dau", "Năm bắt đầu", "start_year", INTEGER, width=10),
        NationalField("nam_ket_thuc", "Năm kết thúc", "end_year", INTEGER, width=10),
        NationalField("ngay_bat_dau", "Thời gian bắt đầu", "start_date", DATE, width=13),
        NationalField("ngay_ket_thuc", "Thời gian kết thúc", "end_date", DATE, width=13),
        NationalField("kinh_phi_tong", "Tổng kinh phí (triệu đồng)", budget_total, NUMBER, width=14),
        NationalField("kinh_phi_nsnn", "Kinh phí từ ngân sách nhà nước (triệu đồng)", budget_state, NUMBER, width=16),
        NationalField("kinh_phi_nguon_khac", "Kinh phí từ nguồn khác (triệu đồng)", budget_other, NUMBER, width=16),
        NationalField("kinh_phi_da_cap", "Kinh phí đã cấp (triệu đồng)", budget_disbursed, NUMBER, width=14),
        NationalField("so_hop_dong", "Số hợp đồng", "contract_number", width=18),
        NationalField("ngay_hop_dong", "Ngày ký hợp đồng", "contract_date", DATE, width=13),
        NationalField("ke_hoach_nam", "Kế hoạch năm", "plan.year", INTEGER, width=10),
        NationalField("so_quyet_dinh_ke_hoach", "Số quyết định phê duyệt kế hoạch", "plan.decision_number", width=18),
        NationalField("ngay_quyet_dinh_ke_hoach", "Ngày quyết định phê duyệt", "plan.decision_date", DATE, width=13),
        NationalField("tinh_trang", "Tình trạng", _label(STATUS_VI, "status"), width=20),
    ),
)

RESULT_SHEET = RecordSheet(
    code="ket_qua",
    label="Kết quả nhiệm vụ",
    include=has_accepted_results,
    fields=(
        CODE,
        TITLE,
        HOST,
        PI,
        NationalField("tom_tat_ket_qua", "Tóm tắt kết quả", _first("public_summary", "summary"), width=60),
        NationalField("san_pham", "Sản phẩm", _first("final_products", "public_products"), width=50),
        NationalField("ngay_nghiem_thu", "Ngày nghiệm thu", "accepted_on", DATE, width=13),
        NationalField("xep_loai", "Xếp loại nghiệm thu", grade_label, width=14),
        NationalField("so_giay_chung_nhan", "Số giấy chứng nhận đăng ký kết quả", "registration_number", width=20),
        NationalField("ngay_dang_ky", "Ngày đăng ký kết quả", "registered_on", DATE, width=13),
        NationalField("dia_chi_ung_dung", "Địa chỉ ứng dụng", application_places, width=50),
        NationalField("hieu_qua_ung_dung", "Hiệu quả ứng dụng", application_effects, width=50),
        NationalField("thong_tin_lien_he", "Thông tin liên hệ", "public_contact", width=30),
        NationalField("ngay_cong_bo", "Ngày công bố", "published_at", DATE, width=13),
    ),
)

DEFAULT_MAPPING = NationalMapping(
    schema="khcn.csdl-quoc-gia-khcn.nhiem-vu/1",
    circulars=("05/2021/TT-BKHCN", "14/2014/TT-BKHCN"),
    sheets=(TASK_SHEET, RESULT_SHEET),
    select_related=("plan", "host_organisation", "proposal__unit", "proposal__organisation"),
    prefetch_related=("members", "budget_lines", "applications__unit"),
    notes="Danh mục trường chưa được đối chiếu với biểu mẫu chính thức; mã trường là mã tạm của KHCN.",
)


# -- reading and writing ---------------------------------------------------------------------


def load_mapping() -> NationalMapping:
    """The mapping named by KHCN_NATIONAL_DB_MAPPING (a dotted path)."""
    mapping = import_string(settings.KHCN_NATIONAL_DB_MAPPING)
    if not isinstance(mapping, NationalMapping):
        raise ImproperlyConfigured("KHCN_NATIONAL_DB_MAPPING must name a khcn.research.national_db.NationalMapping.")
    return mapping


def _loaded(tasks: Iterable[ResearchTask], mapping: NationalMapping) -> list[ResearchTask]:
    """The tasks with what the mapping reads loaded in a fixed number of queries, capped at
    KHCN_EXPORT_MAX_ROWS."""
    if isinstance(tasks, QuerySet):
        tasks = tasks.select_related(*mapping.select_related).prefetch_related(*mapping.prefetch_related)
        return list(tasks[: settings.KHCN_EXPORT_MAX_ROWS])
    return list(tasks)[: settings.KHCN_EXPORT_MAX_ROWS]


def records(tasks: Iterable[ResearchTask], mapping: NationalMapping | None = None) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's records, by sheet code: one dict (field code → value) per task it keeps.

    Values are None when empty, `date` for dates, `Decimal`/`int` for numbers, `str` otherwise.
    """
    mapping = mapping or load_mapping()
    loaded = _loaded(tasks, mapping)
    out: dict[str, list[dict[str, Any]]] = {}
    for sheet in mapping.sheets:
        keep = sheet.include or (lambda task: True)
        out[sheet.code] = [{f.code: f.read(task) for f in sheet.fields} for task in loaded if keep(task)]
    return out


def _number(value: Decimal | int) -> int | float:
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


NUMBER_FORMATS = {INTEGER: "0", NUMBER: "#,##0.0", DATE: "DD/MM/YYYY"}


def national_xlsx(tasks: Iterable[ResearchTask], mapping: NationalMapping | None = None) -> bytes:
    """The records as a workbook: one sheet per kind of record, a bold frozen header row,
    column widths, numbers as numbers and dates as dates."""
    mapping = mapping or load_mapping()
    data = records(tasks, mapping)
    wb = workbook_new()
    wb.remove(wb.active)  # type: ignore[arg-type]  # the default empty sheet
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for sheet in mapping.sheets:
        ws = wb.create_sheet(sheet.label[:31])
        ws.append([f.label for f in sheet.fields])
        for col, f in enumerate(sheet.fields, start=1):
            cell = ws.cell(row=1, column=col)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(col)].width = f.width
        for row, record in enumerate(data[sheet.code], start=2):
            for col, f in enumerate(sheet.fields, start=1):
                value = record[f.code]
                cell = ws.cell(row=row, column=col, value=_number(value) if isinstance(value, Decimal) else value)
                if f.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[f.kind]
                cell.alignment = Alignment(wrap_text=f.width >= 40, vertical="top")
        ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _number(value)
    return value


def national_json(tasks: Iterable[ResearchTask], mapping: NationalMapping | None = None) -> bytes:
    """The records as UTF-8 JSON: a header (schema, circulars, when, the field list), then the
    records of each sheet by sheet code."""
    mapping = mapping or load_mapping()
    data = records(tasks, mapping)
    document = {
        "header": {
            "schema": mapping.schema,
            "circular": mapping.circulars[0] if mapping.circulars else "",
            "circulars": list(mapping.circulars),
            "field_list_confirmed": False,
            "notes": mapping.notes,
            "source": settings.KHCN_DEPARTMENT_NAME,
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "sheets": [
                {
                    "code": sheet.code,
                    "label": sheet.label,
                    "count": len(data[sheet.code]),
                    "fields": [{"code": f.code, "label": f.label, "type": f.kind} for f in sheet.fields],
                }
                for sheet in mapping.sheets
            ],
        },
        "records": {
            sheet.code: [{k: _json_value(v) for k, v in record.items()} for record in data[sheet.code]]
            for sheet in mapping.sheets
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
