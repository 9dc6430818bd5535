"""The router is assembled from the apps' `api` modules: none may be lost or claimed twice."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import viewsets

from khcn.api.routes import api_router
from khcn.api.urls import router

EXPECTED_PREFIXES = [
    "annual-plans",  # khcn/research
    "appraisals",  # khcn/appraisal
    "batches",
    "city-board",  # khcn/citywork
    "city-reports",  # khcn/citywork
    "conformity-announcements",  # khcn/metrology
    "connections",
    "councils",  # khcn/research
    "courses",  # khcn/quality
    "demands",
    r"demands/(?P<demand_pk>\d+)/matches",
    "enterprises/certificates",  # khcn/enterprises
    "experts",
    "followups",
    "fund/applications",  # khcn/fund
    "fund/calls",  # khcn/fund
    "fund/disbursements",  # khcn/fund
    "fund/repayments",  # khcn/fund
    "indicators",  # khcn/programs
    "initiatives",
    "inspections",  # khcn/enforcement
    "instrument-kinds",  # khcn/metrology
    "instruments",  # khcn/metrology
    "ip-assets",
    "ip-statistics",  # khcn/ipstats
    "iso-self-reports",  # khcn/quality
    "iso-systems",  # khcn/quality
    "laboratories",  # khcn/metrology
    "meetings",
    "notifications",
    "ocop-ratings",
    "organisations",
    "periods",  # khcn/programs
    "producers",
    "products",
    "programs",  # khcn/programs
    "progress-reports",
    "proposals",
    "radiation-facilities",  # khcn/radiation
    "radiation-incidents",  # khcn/radiation
    "radiation-licences",  # khcn/radiation
    "radiation-sources",  # khcn/radiation
    "recognised-initiatives",
    "reports",
    "research-calls",  # khcn/research
    "reviews",
    "sanction-decisions",  # khcn/enforcement
    "search",  # khcn/search
    "self-funded-tasks",  # khcn/research
    "task-programmes",  # khcn/research
    "tasks",
    "technologies",
    "units",
    "verifications",  # khcn/metrology
]


def test_the_served_router_has_every_apps_routes_once():
    assert sorted(prefix for prefix, _viewset, _basename in router.registry) == EXPECTED_PREFIXES


# Read without signing in (khcn/initiatives/tests/test_api.py checks what they answer).
PUBLIC_PREFIXES = {"recognised-initiatives"}


def test_every_route_answers_under_api_v1(client):
    # Each prefix resolves: an anonymous caller is refused, not answered with a 404.
    for prefix in EXPECTED_PREFIXES:
        if prefix in PUBLIC_PREFIXES:
            continue
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", prefix)  # a nested route: any id will do
        assert client.get(f"/api/v1/{path}/").status_code in (401, 403), prefix


class _Nothing(viewsets.ViewSet):
    pass


def test_two_apps_claiming_one_prefix_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'units'"):
        api_router([("units", _Nothing, "unit"), ("units", _Nothing, "other_unit")])
