"""The unit registry imported from vietnamadminunits (Hà Nội, loaded once per test DB)."""

import io

import pytest
from django.core.management import call_command

from khcn.geo.models import AdminUnit, SuccessionKind, UnitLevel, UnitSuccession
from khcn.geo.selectors import Era, unit_current_successors, unit_history, unit_search
from khcn.geo.services import units_import_registry

pytestmark = pytest.mark.django_db


def former(name: str, level: str = UnitLevel.COMMUNE, district: str | None = None) -> AdminUnit:
    qs = AdminUnit.objects.filter(name=name, level=level, valid_to__isnull=False)
    if district:
        qs = qs.filter(parent__name=district)
    return qs.get()


def test_hanoi_has_30_former_districts_and_126_current_communes():
    hanoi = AdminUnit.objects.get(registry_key="P:01")
    districts = AdminUnit.objects.filter(parent=hanoi, level=UnitLevel.DISTRICT)
    assert districts.count() == 30
    assert set(districts.values_list("valid_to", flat=True)) == {__import__("datetime").date(2025, 6, 30)}
    current = AdminUnit.objects.current().filter(parent=hanoi, level=UnitLevel.COMMUNE)
    assert current.count() == 126
    assert current.filter(unit_type="phuong").count() == 51
    assert current.filter(unit_type="xa").count() == 75


def test_codes_and_full_names_follow_the_national_list():
    me_linh = AdminUnit.objects.get(level=UnitLevel.DISTRICT, name="Mê Linh")
    assert me_linh.code == "250"
    assert me_linh.full_name == "Huyện Mê Linh"
    assert AdminUnit.objects.get(level=UnitLevel.DISTRICT, code="269").full_name == "Thị xã Sơn Tây"
    assert AdminUnit.objects.get(registry_key="P:01").full_name == "Thành phố Hà Nội"


def test_reimport_is_idempotent_and_reports_no_change():
    report = units_import_registry(province_code="01")
    assert report.changed == 0
    assert sum(report.unchanged.values()) > 1400


def test_reimport_repairs_a_changed_unit_and_a_lost_succession():
    unit = former("Tráng Việt")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Trang Viet sai")
    UnitSuccession.objects.filter(predecessor=unit).delete()
    report = units_import_registry(province_code="01")
    assert report.updated["units (commune)"] == 1
    assert report.created["successions"] == 1
    unit.refresh_from_db()
    assert unit.name == "Tráng Việt"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tráng Việt", {"Xã Mê Linh"}),
        ("Tiến Thắng", {"Xã Tiến Thắng"}),
        ("Kim Hoa", {"Xã Quang Minh", "Xã Tiến Thắng"}),
        ("Tiến Thịnh", {"Xã Liên Minh", "Xã Yên Lãng"}),
        ("Tiền Phong", {"Xã Mê Linh", "Xã Quang Minh", "Xã Thiên Lộc"}),
    ],
)
def test_seed_communes_resolve_to_their_current_commune(name, expected):
    found = unit_current_successors(unit=former(name, district="Mê Linh"))
    assert {c.unit.full_name for c in found} == expected
    assert all(c.unit.valid_to is None for c in found)


def test_whole_and_part_successions_are_kept_apart():
    trang_viet = unit_current_successors(unit=former("Tráng Việt"))
    assert [c.kind for c in trang_viet] == [SuccessionKind.WHOLE]
    kim_hoa = unit_current_successors(unit=former("Kim Hoa"))
    assert {c.kind for c in kim_hoa} == {SuccessionKind.PART}


def test_former_district_resolves_to_its_current_communes():
    me_linh = former("Mê Linh", level=UnitLevel.DISTRICT)
    found = {c.unit.name: c for c in unit_current_successors(unit=me_linh)}
    assert set(found) == {"Mê Linh", "Quang Minh", "Tiến Thắng", "Yên Lãng", "Liên Minh", "Thiên Lộc"}
    assert former("Tráng Việt") in found["Mê Linh"].via
    for c in found.values():
        assert all(v.parent_id == me_linh.pk for v in c.via)


def test_current_unit_answers_itself():
    ward = AdminUnit.objects.current().get(level=UnitLevel.COMMUNE, name="Hoàn Kiếm")
    assert [c.unit for c in unit_current_successors(unit=ward)] == [ward]


def test_history_of_hoan_kiem_lists_whole_and_partial_predecessors():
    ward = AdminUnit.objects.current().get(level=UnitLevel.COMMUNE, name="Hoàn Kiếm")
    history = unit_history(unit=ward)
    kinds = {s.predecessor.name: s.kind for s in history.predecessors}
    assert kinds["Hàng Bạc"] == SuccessionKind.WHOLE
    assert kinds["Cửa Nam"] == SuccessionKind.PART
    assert history.label == "merge"
    assert history.predecessors[0].effective_date.isoformat() == "2025-07-01"
    assert "1656/NQ-UBTVQH15" in history.predecessors[0].legal_basis


@pytest.mark.parametrize("query", ["me linh", "Mê Linh", "ME LINH", "mê linh"])
def test_search_finds_me_linh_with_or_without_diacritics(query):
    names = [u.full_name for u in unit_search(query=query)]
    assert "Huyện Mê Linh" in names
    assert "Xã Mê Linh" in names


def test_search_ranks_exact_names_first_and_filters_by_era():
    results = unit_search(query="hoan kiem", era=Era.CURRENT)
    assert results[0].full_name == "Phường Hoàn Kiếm"
    assert all(u.valid_to is None for u in results)
    former_results = unit_search(query="hoan kiem", era=Era.FORMER)
    assert former_results[0].full_name == "Quận Hoàn Kiếm"


def test_search_ignores_empty_queries():
    assert unit_search(query="   ") == []


def test_import_command_prints_progress_while_it_runs():
    """`make run` imports the registry on a first start: the command says how far it is."""
    out = io.StringIO()
    call_command("import_units", "--province", "01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Importing administrative units (province 01)..."
    assert "Province 1 of 1: Hà Nội..." in lines
    assert "  communes since the 2025 reform..." in lines
    counted = [line for line in lines if line.endswith("units read so far...")]
    assert counted[:2] == ["  250 units read so far...", "  500 units read so far..."]
    assert any(line.startswith("Done: ") for line in lines)
    assert lines[-1] == "No change: the registry is up to date."
