"""No template carries what the Content Security Policy refuses to run.

config/settings.py allows scripts and styles from 'self' only, with no nonce and no
'unsafe-inline': an inline handler (`onchange=`), a `style=` attribute, a `<style>` block,
an inline `<script>`, a `javascript:` link or an `hx-on` attribute is blocked in the browser and
silently breaks the page (issue 13, defect 5). Behaviour lives in static/js, styles in
static/css/khcn.css.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("khcn/*/templates/**/*.html")])

FORBIDDEN = {
    "inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on attribute": re.compile(r"\shx-on[:\-]", re.IGNORECASE),
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# Data blocks (json_script) are not run, so the policy does not apply to them.
DATA_TYPE = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)


def _problems(text: str) -> list[str]:
    problems = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        if "src=" not in attrs and "nonce=" not in attrs and not DATA_TYPE.search(attrs):
            problems.append("inline script")
    return problems


def test_the_policy_allows_no_inline_script_or_style():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives.get(directive, directives["default-src"])


def test_templates_are_found():
    assert len(TEMPLATES) > 50
    assert ROOT / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize(
    "snippet",
    [
        '<select onchange="this.form.submit()">',
        '<form method="post"\n   onsubmit="return confirm(1)">',
        '<table class="x" style="min-width: 48rem">',
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
        '<a href="javascript:void(0)">',
        '<button hx-on:click="x()">',
    ],
)
def test_the_scan_catches_what_the_policy_blocks(snippet):
    assert _problems(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/khcn.js" defer></script>',
        '<script type="application/json" id="data">{}</script>',
        '<select data-autosubmit class="form-select">',
        '<p class="stylish" data-confirm="Xóa?">',
    ],
)
def test_the_scan_lets_allowed_markup_through(snippet):
    assert not _problems(snippet)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_nothing_the_csp_blocks(path):
    assert _problems(path.read_text(encoding="utf-8")) == []
