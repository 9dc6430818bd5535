"""Bulk update of items from a workbook: 3 bad rows save nothing and are all named; a good one saves all."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khcn.meetings import services
from khcn.meetings.excel import COL, SHEET, items_import, items_workbook
from khcn.meetings.models import FollowUp, FollowUpStatus

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def items(dept_officer, ward_a, ward_b):
    meeting = services.meeting_create(
        user=dept_officer,
        title="Làm việc với cụm Mê Linh",
        starts_at=datetime(2026, 7, 19, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Mê Linh",
        units=[ward_a, ward_b],
    )
    return [
        services.item_add(user=dept_officer, meeting=meeting, unit=unit, kind="request", text=f"Kiến nghị số {n}")
        for n, unit in enumerate([ward_a, ward_a, ward_b, ward_b])
    ]


def fill(data: bytes, rows: dict[int, dict[str, str]]) -> BytesIO:
    """Fill the given workbook rows (2 = first item) by column header."""
    wb = load_workbook(BytesIO(data))
    ws = wb[SHEET]
    for row, cells in rows.items():
        for name, value in cells.items():
            ws.cell(row=row, column=COL[name] + 1, value=value)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_workbook_lists_the_items_with_a_status_list(items):
    data = items_workbook(items=FollowUp.objects.all())
    ws = load_workbook(BytesIO(data))[SHEET]
    assert [ws.cell(row=r, column=4).value for r in range(2, 6)] == [i.text for i in items]
    assert ws.data_validations.dataValidation[0].formula1.startswith('"Chưa xử lý,')


def test_three_bad_rows_save_nothing_and_are_all_named(items, dept_officer):
    data = items_workbook(items=FollowUp.objects.all())
    book = fill(
        data,
        {
            2: {"Trạng thái mới": "Đã hoàn thành", "Nội dung trả lời": "Đã tổ chức tập huấn"},  # good
            3: {"Trạng thái mới": "Xong rồi", "Nội dung trả lời": "x"},  # unknown status
            4: {"Trạng thái mới": "Không chấp thuận", "Nội dung trả lời": "Không thuộc thẩm quyền"},  # no reason
            5: {"Trạng thái mới": "Đang xử lý"},  # no response
        },
    )
    result = items_import(user=dept_officer, file=book)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Trạng thái mới"),
        (4, "Lý do (từ chối, chuyển xử lý)"),
        (5, "Nội dung trả lời"),
    ]
    assert not FollowUp.objects.exclude(status=FollowUpStatus.OPEN).exists()
    assert not items[0].responses.exists()


def test_a_good_workbook_saves_every_row(items, dept_officer):
    data = items_workbook(items=FollowUp.objects.all())
    book = fill(
        data,
        {
            2: {"Trạng thái mới": "Đã hoàn thành", "Nội dung trả lời": "Đã tổ chức tập huấn"},
            4: {
                "Trạng thái mới": "Không chấp thuận",
                "Nội dung trả lời": "Không thuộc thẩm quyền",
                "Lý do (từ chối, chuyển xử lý)": "Thuộc thẩm quyền Sở Nội vụ",
            },
        },
    )
    result = items_import(user=dept_officer, file=book)
    assert result.ok and result.saved == 2
    statuses = dict(FollowUp.objects.values_list("pk", "status"))
    assert statuses[items[0].pk] == "done" and statuses[items[2].pk] == "rejected"
    assert statuses[items[1].pk] == "open" and statuses[items[3].pk] == "open"
    assert FollowUp.objects.get(pk=items[2].pk).status_reason == "Thuộc thẩm quyền Sở Nội vụ"


def test_a_unit_cannot_update_another_units_items(client, items, officer_a):
    data = items_workbook(items=FollowUp.objects.all())  # as if it had got the Department's file
    book = fill(data, {4: {"Trạng thái mới": "Đã trả lời", "Nội dung trả lời": "Trả lời thay"}})
    client.force_login(officer_a)
    response = client.post(reverse("meetings:item_import"), {"file": book})
    assert response.status_code == 422
    assert "Không có nội dung số" in response.content.decode()
    assert not items[2].responses.exists()
    own = client.get(reverse("meetings:item_list") + "?export=update")
    ws = load_workbook(BytesIO(own.content))[SHEET]
    assert sorted(ws.cell(row=r, column=4).value for r in range(2, ws.max_row + 1)) == [
        "Kiến nghị số 0",
        "Kiến nghị số 1",
    ]
