"""Every number a user or an integrator types has bounds that fit where it is stored (issue 12).

The walk covers every Form (page forms, with the fields ModelForms generate) and every DRF
serializer of the project: a number field without a finite minimum and maximum would let a
value in that the database cannot hold (a 500 on PostgreSQL, an unreadable row on SQLite).
"""

import importlib
import math
import pkgutil
from typing import Any

import pytest
from django import forms
from rest_framework import serializers

import khcn

NUMBER_FORM_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)
NUMBER_SERIALIZER_FIELDS = (serializers.IntegerField, serializers.DecimalField, serializers.FloatField)


def _import_project() -> None:
    for module in pkgutil.walk_packages(khcn.__path__, "khcn."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith(".tests"):
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out += _subclasses(sub)
    return out


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("khcn.") and ".tests" not in cls.__module__


def _form_fields() -> list[tuple[str, Any]]:
    _import_project()
    out = []
    for cls in {c for c in _subclasses(forms.BaseForm) if _ours(c)}:
        for name, field in cls.base_fields.items():  # type: ignore[attr-defined]
            if isinstance(field, NUMBER_FORM_FIELDS):
                out.append((f"{cls.__module__}.{cls.__qualname__}.{name}", field))
    return sorted(out, key=lambda pair: pair[0])


def _serializer_fields() -> list[tuple[str, Any]]:
    _import_project()
    out = []
    for cls in {c for c in _subclasses(serializers.BaseSerializer) if _ours(c)}:
        if issubclass(cls, serializers.ListSerializer):
            continue
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # a base class (core.drf.StrictModelSerializer): its subclasses are walked
        serializer: Any = cls()
        for name, field in serializer.get_fields().items():
            children = [field] + ([field.child] if hasattr(field, "child") and field.child is not None else [])
            for f in children:
                if isinstance(f, NUMBER_SERIALIZER_FIELDS) and not f.read_only:
                    out.append((f"{cls.__module__}.{cls.__qualname__}.{name}", f))
    return sorted(out, key=lambda pair: pair[0])


def _finite(x: Any) -> bool:
    return x is not None and math.isfinite(float(x))


@pytest.mark.parametrize(("where", "field"), _form_fields(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_form_number_has_a_finite_min_and_max(where, field):
    assert _finite(field.min_value) and _finite(field.max_value), where


@pytest.mark.parametrize(("where", "field"), _serializer_fields(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_api_number_has_a_finite_min_and_max(where, field):
    assert _finite(field.min_value) and _finite(field.max_value), where


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "1999"}, "year", "Nhập số từ 2000 đến 2100."),
        ({"planned_million": "1000000000000"}, "planned_million", "Nhập số từ 0 đến 99.999.999.999,9."),
        ({"disbursed_million": "-1"}, "disbursed_million", "Nhập số từ 0 đến 99.999.999.999,9."),
    ],
)
def test_a_model_form_number_outside_its_column_is_refused_in_vietnamese(data, field, message):
    from khcn.research.forms import BudgetLineForm

    form = BudgetLineForm(data={"year": "2026", "planned_million": "1", "disbursed_million": "0", **data})
    assert not form.is_valid()
    assert message in form.errors[field]


@pytest.mark.django_db
def test_an_api_number_outside_its_bounds_is_a_400_in_vietnamese(client, officer_a):
    client.force_login(officer_a)
    body = {"call": 10**20, "title": "Đề xuất", "problem": "Vấn đề", "budget_million": "1e15", "duration_months": 0}
    response = client.post("/api/v1/proposals/", body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["duration_months"] == ["Nhập số từ 1 đến 120."]
    assert "call" in errors and "budget_million" in errors
