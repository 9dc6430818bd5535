"""Links built with {% querystring %} carry one '?' and keep the other parameters."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_pager_links_keep_the_filters_and_change_the_page():
    request = RequestFactory().get("/research/results/?q=ga+mia&page=2")
    page = Paginator(list(range(100)), 20).get_page(2)
    html = render_to_string(
        "components/pager.html",
        {"page": page, "page_range": page.paginator.get_elided_page_range(2)},
        request=request,
    )
    assert 'href="?q=ga+mia&amp;page=3"' in html
    assert "??" not in html
