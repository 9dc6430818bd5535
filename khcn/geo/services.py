"""Writes to the unit registry: the idempotent import from `vietnamadminunits`."""

import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from khcn.accounts.scoping import organisation_check_writable, unit_check_in_force, unit_check_writable
from khcn.core.concurrency import versioned_save
from khcn.core.text import nfc
from khcn.geo.models import AdminUnit, Organisation, SuccessionKind, UnitLevel, UnitSuccession, UnitType

PROVINCE_TYPES = {"Thành phố": UnitType.CITY, "Tỉnh": UnitType.PROVINCE}
DISTRICT_TYPES = {
    "Quận": UnitType.URBAN_DISTRICT,
    "Huyện": UnitType.RURAL_DISTRICT,
    "Thị xã": UnitType.TOWN,
    "Thành phố": UnitType.PROVINCIAL_CITY,
}
COMMUNE_TYPES = {
    "Phường": UnitType.WARD,
    "Xã": UnitType.COMMUNE,
    "Thị trấn": UnitType.TOWNSHIP,
    "Đặc khu": UnitType.SPECIAL_ZONE,
}
UNIT_FIELDS = ["code", "name", "unit_type", "level", "valid_from", "valid_to", "latitude", "longitude", "area_km2"]


@dataclass
class ImportReport:
    """What an import changed, per kind of row."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.deleted))
        return [
            f"{k}: {self.created[k]} created, {self.updated[k]} updated, "
            f"{self.unchanged[k]} unchanged, {self.deleted[k]} deleted"
            for k in kinds
        ]

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())


def _registry_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data"


def _rows(sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    with sqlite3.connect(_registry_dir() / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def _split_prefix(full: str, table: dict[str, UnitType]) -> UnitType:
    for prefix in sorted(table, key=len, reverse=True):
        if full.startswith(prefix + " "):
            return table[prefix]
    raise ValueError(f"Unknown unit type in {full!r}")


# A progress line every this many units written or checked (a province holds about 1 000).
PROGRESS_EVERY = 250


class _Importer:
    def __init__(self, *, province_code: str | None, reform_date: date, progress: Callable[[str], None] | None = None):
        self.progress = progress or (lambda line: None)
        self.done = 0
        self.province_code = province_code
        self.reform_date = reform_date
        self.legacy_end = reform_date - timedelta(days=1)
        self.report = ImportReport()
        conv = json.loads((_registry_dir() / "converter_2025.json").read_text())
        self.dict_province: dict[str, list[str]] = conv["DICT_PROVINCE"]
        self.whole: dict[str, dict[str, list[str]]] = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]
        self.divided: dict[str, dict[str, list[dict]]] = conv["DICT_PROVINCE_WARD_DIVIDED"]
        self.existing = {u.registry_key: u for u in AdminUnit.objects.all()}
        self.seen: set[str] = set()

    # -- units -------------------------------------------------------------------------
    def upsert(self, key: str, parent: AdminUnit | None, slug: str, **values: Any) -> AdminUnit:
        values["name"] = nfc(values["name"])
        path = (parent.path if parent else "") + slug + "/"
        unit = self.existing.get(key)
        level = values["level"]
        self.seen.add(key)
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(f"  {self.done} units read so far...")
        if unit is None:
            unit = AdminUnit(registry_key=key, parent=parent, path=path, **values)
            unit.save()
            self.existing[key] = unit
            self.report.created[f"units ({level})"] += 1
            return unit
        dirty = unit.parent_id != (parent.pk if parent else None) or unit.path != path
        for name in UNIT_FIELDS:
            if getattr(unit, name) != values.get(name):
                dirty = True
                setattr(unit, name, values.get(name))
        if dirty:
            unit.parent = parent
            unit.path = path
            unit.save()
            self.report.updated[f"units ({level})"] += 1
        else:
            self.report.unchanged[f"units ({level})"] += 1
        return unit

    def run(self) -> ImportReport:
        new_provinces = _rows(
            "SELECT DISTINCT provinceKey, province, provinceShort, provinceCode, provinceLat, "
            "provinceLon FROM admin_units ORDER BY provinceCode"
        )
        if self.province_code:
            new_provinces = [p for p in new_provinces if p["provinceCode"] == self.province_code]
            if not new_provinces:
                raise ValueError(f"No province with code {self.province_code!r} in the registry")
        for number, prov in enumerate(new_provinces, start=1):
            self.progress(f"Province {number} of {len(new_provinces)}: {prov['provinceShort']}...")
            self.import_province(prov)
        self.progress(f"Done: {self.done} units.")
        return self.report

    def import_province(self, prov: dict[str, Any]) -> None:
        new_key = prov["provinceKey"]
        old_keys = self.dict_province[new_key]
        continuing = old_keys == [new_key]
        legacy_by_key: dict[str, AdminUnit] = {}
        successions: list[tuple[AdminUnit, AdminUnit, str, str]] = []
        province_act = settings.KHCN_REFORM_PROVINCE_ACT
        commune_act = settings.KHCN_REFORM_COMMUNE_ACTS.get(
            prov["provinceCode"], settings.KHCN_REFORM_COMMUNE_ACT_DEFAULT
        )

        new_province = None
        if continuing:
            new_province = self.upsert(
                f"P:{prov['provinceCode']}",
                None,
                f"p{prov['provinceCode']}",
                code=prov["provinceCode"],
                name=prov["provinceShort"],
                unit_type=_split_prefix(prov["province"], PROVINCE_TYPES),
                level=UnitLevel.PROVINCE,
                valid_from=None,
                valid_to=None,
                latitude=prov["provinceLat"],
                longitude=prov["provinceLon"],
                area_km2=None,
            )
        else:
            new_province = self.upsert(
                f"N:{prov['provinceCode']}",
                None,
                f"n{prov['provinceCode']}",
                code=prov["provinceCode"],
                name=prov["provinceShort"],
                unit_type=_split_prefix(prov["province"], PROVINCE_TYPES),
                level=UnitLevel.PROVINCE,
                valid_from=self.reform_date,
                valid_to=None,
                latitude=prov["provinceLat"],
                longitude=prov["provinceLon"],
                area_km2=None,
            )

        for old_key in old_keys:
            self.progress(f"  units before the 2025 reform ({old_key})...")
            rows = _rows(
                "SELECT * FROM admin_units_legacy WHERE provinceKey = ? ORDER BY districtCode, wardCode", (old_key,)
            )
            first = rows[0]
            if continuing:
                old_province = new_province
            else:
                old_province = self.upsert(
                    f"L:{first['provinceCode']}",
                    None,
                    f"l{first['provinceCode']}",
                    code=first["provinceCode"],
                    name=first["provinceShort"],
                    unit_type=_split_prefix(first["province"], PROVINCE_TYPES),
                    level=UnitLevel.PROVINCE,
                    valid_from=None,
                    valid_to=self.legacy_end,
                    latitude=first["provinceLat"],
                    longitude=first["provinceLon"],
                    area_km2=None,
                )
                successions.append((old_province, new_province, SuccessionKind.WHOLE, province_act))
            districts: dict[str, AdminUnit] = {}
            for row in rows:
                dkey = f"{row['provinceKey']}_{row['districtKey']}_"
                district = districts.get(row["districtCode"])
                if district is None:
                    district = self.upsert(
                        f"L:{row['provinceCode']}:{row['districtCode']}",
                        old_province,
                        f"d{row['districtCode']}",
                        code=row["districtCode"],
                        name=row["districtShort"],
                        unit_type=DISTRICT_TYPES[row["districtType"]],
                        level=UnitLevel.DISTRICT,
                        valid_from=None,
                        valid_to=self.legacy_end,
                        latitude=row["districtLat"],
                        longitude=row["districtLon"],
                        area_km2=None,
                    )
                    districts[row["districtCode"]] = district
                    legacy_by_key[dkey] = district
                if not row["ward"]:
                    continue
                ward = self.upsert(
                    f"L:{row['provinceCode']}:{row['districtCode']}:{row['wardCode']}",
                    district,
                    f"c{row['wardCode']}",
                    code=row["wardCode"],
                    name=row["wardShort"],
                    unit_type=COMMUNE_TYPES[row["wardType"]],
                    level=UnitLevel.COMMUNE,
                    valid_from=None,
                    valid_to=self.legacy_end,
                    latitude=row["wardLat"],
                    longitude=row["wardLon"],
                    area_km2=None,
                )
                legacy_by_key[dkey + row["wardKey"]] = ward

        self.progress("  communes since the 2025 reform...")
        new_by_key: dict[str, AdminUnit] = {}
        for row in _rows("SELECT * FROM admin_units WHERE provinceKey = ? ORDER BY wardCode", (new_key,)):
            new_by_key[row["wardKey"]] = self.upsert(
                f"N:{row['provinceCode']}:{row['wardCode']}",
                new_province,
                f"x{row['wardCode']}",
                code=row["wardCode"],
                name=row["wardShort"],
                unit_type=COMMUNE_TYPES[row["wardType"]],
                level=UnitLevel.COMMUNE,
                valid_from=self.reform_date,
                valid_to=None,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                area_km2=row["wardAreaKm2"],
            )

        for new_ward_key, olds in self.whole.get(new_key, {}).items():
            for old in olds:
                if old in legacy_by_key and new_ward_key in new_by_key:
                    successions.append(
                        (legacy_by_key[old], new_by_key[new_ward_key], SuccessionKind.WHOLE, commune_act)
                    )
        for old, targets in self.divided.get(new_key, {}).items():
            for target in targets:
                if old in legacy_by_key and target["newWardKey"] in new_by_key:
                    successions.append(
                        (legacy_by_key[old], new_by_key[target["newWardKey"]], SuccessionKind.PART, commune_act)
                    )
        self.progress(f"  {len(successions)} successions...")
        self.sync_successions(successions, [u.pk for u in new_by_key.values()] + [new_province.pk])

    def sync_successions(self, wanted: list[tuple[AdminUnit, AdminUnit, str, str]], successor_ids: list[int]) -> None:
        existing = {
            (s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.filter(successor_id__in=successor_ids)
        }
        keep = set()
        to_create = []
        for pred, succ, kind, act in wanted:
            pair = (pred.pk, succ.pk)
            if pair in keep:
                continue
            keep.add(pair)
            current = existing.get(pair)
            if current is None:
                to_create.append(
                    UnitSuccession(
                        predecessor=pred,
                        successor=succ,
                        kind=kind,
                        effective_date=self.reform_date,
                        legal_basis=act,
                    )
                )
            elif (current.kind, current.legal_basis, current.effective_date) != (kind, act, self.reform_date):
                current.kind, current.legal_basis = kind, act
                current.effective_date = self.reform_date
                current.save()
                self.report.updated["successions"] += 1
            else:
                self.report.unchanged["successions"] += 1
        UnitSuccession.objects.bulk_create(to_create, batch_size=1000)
        self.report.created["successions"] += len(to_create)
        stale = [s.pk for pair, s in existing.items() if pair not in keep]
        if stale:
            UnitSuccession.objects.filter(pk__in=stale).delete()
            self.report.deleted["successions"] += len(stale)


def units_import_registry(
    *, province_code: str | None, reform_date: date | None = None, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Import (or re-import) units and successions from the `vietnamadminunits` package.

    `province_code` limits the import to one post-2025 province and the pre-2025 provinces
    that formed it (None imports the whole country). Rows are matched on `registry_key`, so
    a second run changes nothing and says so. Every old→new commune link becomes a
    succession dated on the reform day (1 July 2025), "whole" or "part" as the registry
    says (DOMAIN.md §1.1, §1.3). `progress`, when given, receives a line at each step and
    every few hundred units, for a command to print while the import runs.
    """
    reform = reform_date or date.fromisoformat(settings.KHCN_REFORM_EFFECTIVE_DATE)
    with transaction.atomic():
        report = _Importer(province_code=province_code, reform_date=reform, progress=progress).run()
    if report.changed and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, or the planner misjudges the first queries after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE geo_adminunit")
            cursor.execute("ANALYZE geo_unitsuccession")
    return report


# -- organisations ---------------------------------------------------------------------


def _check_organisation_references(*, user: Any, org: Organisation, stored: Organisation | None) -> None:
    if stored is None or stored.unit_id != org.unit_id:
        unit_check_writable(user=user, unit=org.unit, field="unit")
        unit_check_in_force(unit=org.unit, field="unit")  # an organisation sits in a unit of today
    if org.parent_id and (stored is None or stored.parent_id != org.parent_id):
        organisation_check_writable(user=user, organisation=org.parent, field="parent")


def organisation_create(*, user: Any, data: dict[str, Any]) -> Organisation:
    """Create an organisation inside the user's scope (the form limits the unit choices).

    Its unit and its parent organisation must be the user's to write for (400 on the field).
    """
    if not user.has_perm("geo.add_organisation"):
        raise PermissionDenied
    org = Organisation(**data, created_by=user, updated_by=user)
    _check_organisation_references(user=user, org=org, stored=None)
    if not user.has_perm("geo.change_organisation", org):
        raise PermissionDenied
    org.full_clean()
    org.save()
    return org


def organisation_update(*, user: Any, organisation: Organisation, expected_version: int) -> Organisation:
    """Save edits made on a copy loaded at `expected_version`; a stale copy is refused.

    The organisation as stored and as edited must both be the user's to write for.
    """
    stored = Organisation.all_objects.select_related("unit").get(pk=organisation.pk)
    if not user.has_perm("geo.change_organisation", stored):
        raise PermissionDenied
    _check_organisation_references(user=user, org=organisation, stored=stored)
    if not user.has_perm("geo.change_organisation", organisation):
        raise PermissionDenied
    return versioned_save(organisation, expected_version=expected_version, user=user)


def organisation_delete(*, user: Any, organisation: Organisation) -> None:
    """Soft-delete: the row stays for history and for records that refer to it."""
    if not user.has_perm("geo.delete_organisation", organisation):
        raise PermissionDenied
    organisation.deleted_at = timezone.now()
    organisation.updated_by = user
    organisation._change_reason = "deleted"  # type: ignore[attr-defined]
    organisation.save()
