"""Demo accounts and organisations, one per role, for `make run` and the README.

The Department and the units are real (the registry comes from `vietnamadminunits`);
people and most organisations here are invented and flagged `is_demo`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from khcn.accounts.models import RoleGrant, User
from khcn.accounts.roles import Role
from khcn.demo.clock import happened_at, moment
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.selectors import province_get

DEMO_PASSWORD = "KhcnDemo@2026"

# The demo has the Department use the platform since before the first period it holds
# ("Năm 2023"); what belongs to today's communes starts with them, on 1 July 2025.
IN_USE_SINCE = date(2023, 11, 1)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    role: str
    unit: str | None  # "province", or the name of a current commune, or "district:<name>"
    organisation: str | None  # key into the organisations below
    office: str | None = None


DEPARTMENT = "Sở Khoa học và Công nghệ Hà Nội"
OFFICES = [
    ("Văn phòng Sở", "VP"),
    ("Phòng Quản lý khoa học", "QLKH"),
    ("Phòng Quản lý công nghệ và Thị trường công nghệ", "QLCN"),
    ("Phòng Sở hữu trí tuệ", "SHTT"),
]

# (name, short name, kind, unit, is_demo)
ORGANISATIONS = [
    ("Ủy ban nhân dân xã Mê Linh", "UBND xã Mê Linh", OrganisationKind.PEOPLES_COMMITTEE, "Mê Linh", False),
    ("Ủy ban nhân dân xã Quang Minh", "UBND xã Quang Minh", OrganisationKind.PEOPLES_COMMITTEE, "Quang Minh", False),
    ("Ủy ban nhân dân xã Tiến Thắng", "UBND xã Tiến Thắng", OrganisationKind.PEOPLES_COMMITTEE, "Tiến Thắng", False),
    ("Hợp tác xã rau, củ quả Đông Cao", "HTX Đông Cao", OrganisationKind.COOPERATIVE, "Mê Linh", True),
    ("Hợp tác xã hoa đào Phù Trì", "HTX Phù Trì", OrganisationKind.COOPERATIVE, "Quang Minh", True),
    ("Hợp tác xã rau gia vị Tiến Thắng", "HTX Tiến Thắng", OrganisationKind.COOPERATIVE, "Tiến Thắng", True),
    ("Học viện Nông nghiệp Việt Nam", "VNUA", OrganisationKind.UNIVERSITY, "Gia Lâm", False),
    ("Viện Khoa học và Công nghệ Môi trường (demo)", "Viện KHCNMT", OrganisationKind.INSTITUTE, "Hai Bà Trưng", True),
]

ACCOUNTS = [
    DemoAccount("lanhdao", "Lê Minh Quân", "Phó Giám đốc Sở", Role.DEPARTMENT_LEADER, "province", DEPARTMENT),
    DemoAccount(
        "chuyenvien",
        "Phạm Thu Hà",
        "Chuyên viên Phòng Quản lý khoa học",
        Role.DEPARTMENT_OFFICER,
        "province",
        DEPARTMENT,
        "Phòng Quản lý khoa học",
    ),
    DemoAccount(
        "xamelinh",
        "Nguyễn Văn Bình",
        "Công chức Phòng Kinh tế xã Mê Linh",
        Role.LOCAL_OFFICER,
        "Mê Linh",
        "Ủy ban nhân dân xã Mê Linh",
    ),
    DemoAccount(
        "xaquangminh",
        "Trần Thị Hoa",
        "Công chức xã Quang Minh",
        Role.LOCAL_OFFICER,
        "Quang Minh",
        "Ủy ban nhân dân xã Quang Minh",
    ),
    DemoAccount(
        "huyenmelinh",
        "Đỗ Thị Lan",
        "Phòng Kinh tế huyện Mê Linh (trước 01/07/2025)",
        Role.LOCAL_OFFICER,
        "district:Mê Linh",
        None,
    ),
    DemoAccount(
        "chuyengia",
        "Vũ Đức Thành",
        "Chuyên gia nông nghiệp công nghệ cao",
        Role.EXPERT,
        None,
        "Học viện Nông nghiệp Việt Nam",
    ),
    DemoAccount(
        "hoidong",
        "Hoàng Thị Mai",
        "Ủy viên hội đồng tư vấn",
        Role.COUNCIL_MEMBER,
        None,
        "Viện Khoa học và Công nghệ Môi trường (demo)",
    ),
    DemoAccount("congdan", "Người dùng công khai", "", Role.PUBLIC, None, None),
]


def _unit(ref: str, province: AdminUnit) -> AdminUnit:
    if ref == "province":
        return province
    if ref.startswith("district:"):
        return AdminUnit.objects.get(parent=province, level=UnitLevel.DISTRICT, name=ref.split(":", 1)[1])
    # A current commune by name; for a former district's name use the district row.
    current = (
        AdminUnit.objects.current().filter(path__startswith=province.path, level=UnitLevel.COMMUNE, name=ref).first()
    )
    if current:
        return current
    return AdminUnit.objects.get(parent=province, level=UnitLevel.DISTRICT, name=ref)


def since(unit: AdminUnit | None) -> datetime:
    """When a demo organisation or account tied to `unit` was first recorded."""
    day = IN_USE_SINCE
    if unit is not None and unit.valid_from is not None and unit.valid_from > day:
        day = unit.valid_from
    return moment(day)


def _org(name: str, **values: Any) -> Organisation:
    org = Organisation.all_objects.filter(name=name).first()
    if org is None:
        with happened_at(since(values.get("unit"))):
            org = Organisation(name=name, **values)
            org.save()
    return org


@transaction.atomic
def demo_load() -> list[str]:
    """Create (or refresh) the demo organisations and accounts. Safe to run twice."""
    province = province_get()
    if province is None:
        raise RuntimeError("Import the unit registry first (manage.py import_units).")
    dept = _org(
        DEPARTMENT,
        short_name="Sở KH&CN",
        kind=OrganisationKind.DEPARTMENT,
        unit=province,
        address="185 Giảng Võ, Hà Nội",
    )
    orgs = {DEPARTMENT: dept}
    for name, short in OFFICES:
        orgs[name] = _org(name, short_name=short, kind=OrganisationKind.DEPARTMENT_OFFICE, unit=province, parent=dept)
    for name, short, kind, unit_ref, is_demo in ORGANISATIONS:
        orgs[name] = _org(name, short_name=short, kind=kind, unit=_unit(unit_ref, province), is_demo=is_demo)
    lines = []
    for acc in ACCOUNTS:
        unit = _unit(acc.unit, province) if acc.unit else None
        organisation = orgs.get(acc.organisation) if acc.organisation else None
        existing = User.objects.filter(username=acc.username).first()
        # A new account is dated from when its unit existed; a refreshed one changes now.
        with happened_at(None if existing else since(unit or (organisation.unit if organisation else None))):
            user = existing or User(username=acc.username)
            user.full_name = acc.full_name
            user.position = acc.position
            user.email = f"{acc.username}@demo.khcn.local"
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.grants.all().delete()
            RoleGrant.objects.create(
                user=user,
                role=acc.role,
                unit=unit,
                organisation=organisation,
                office=orgs.get(acc.office) if acc.office else None,
            )
        lines.append(f"{acc.username:12} {DEMO_PASSWORD}  {Role(acc.role).label}")
    existing = User.objects.filter(username="admin").first()
    with happened_at(None if existing else since(None)):
        admin = existing or User(username="admin")
        admin.full_name = "Quản trị hệ thống"
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    lines.append(f"{'admin':12} {DEMO_PASSWORD}  superuser")
    return lines
