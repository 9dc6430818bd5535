"""The search over the index: Vietnamese folding, typos, ranking and the user's scope."""

import dataclasses
import unicodedata
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from khcn.accounts.roles import Role
from khcn.accounts.scoping import forget_scope
from khcn.accounts.tests.factories import RoleGrantFactory
from khcn.core.searchable import source_get
from khcn.meetings.models import FollowUp
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.reporting.models import ReportSection
from khcn.reporting.tests.factories import ReportFactory
from khcn.search import query as search_query
from khcn.search.index import FTS_SLICES
from khcn.search.models import SearchEntry, SearchWord
from khcn.search.query import Filters, search_grouped, search_ranked
from khcn.search.tests.conftest import index_rows

pytestmark = pytest.mark.django_db


def _ids(user, query, **filters):
    ranked = search_ranked(user=user, query=query, filters=Filters(**filters))
    return [object_id for _pk, _kind, object_id in ranked.rows]


def test_the_same_hits_with_or_without_diacritics_nfc_or_nfd_and_any_case(dept_officer, ward_a, item):
    row = item(ward_a, "Xử lý ô nhiễm làng nghề tái chế nhựa")
    item(ward_a, "Tập huấn chuyển đổi số")
    typed = "ô nhiễm làng nghề"
    for query in (typed, "o nhiem lang nghe", unicodedata.normalize("NFD", typed), "Ô NHIỄM LÀNG NGHỀ"):
        assert _ids(dept_officer, query) == [row.pk], query


def test_d_and_dj_are_the_same_letter(dept_officer, ward_a, item):
    row = item(ward_a, "Nâng cấp đường giao thông nội đồng")
    assert _ids(dept_officer, "duong giao thong noi dong") == [row.pk]
    assert _ids(dept_officer, "ĐƯỜNG", kind="meetings.followup") == [row.pk]


def test_every_word_must_match_and_the_last_one_as_a_prefix(dept_officer, ward_a, item):
    row = item(ward_a, "Xử lý ô nhiễm làng nghề")
    assert _ids(dept_officer, "o nhiem lang ngh") == [row.pk]
    assert _ids(dept_officer, "o nhi lang nghe") == []  # only the last word is a prefix
    assert _ids(dept_officer, "o nhiem thuy san") == []


def test_a_typo_in_a_short_query_is_corrected_and_offered(dept_officer, ward_a, item):
    row = item(ward_a, "Xử lý ô nhiễm làng nghề")
    ranked = search_ranked(user=dept_officer, query="o nhiam lang nghe")
    assert [r[2] for r in ranked.rows] == [row.pk]
    assert ranked.suggestion == "o nhiem lang nghe"
    # Two letters wrong in a word of five: no correction (distance 1 up to 7 letters).
    assert search_ranked(user=dept_officer, query="nhoam").rows == []
    # Longer words allow two.
    item(ward_a, "Chương trình khuyến nông")
    assert search_ranked(user=dept_officer, query="khuyeen nnong").suggestion == "khuyen nong"


def test_a_typo_is_corrected_to_the_nearest_word_then_the_commonest(db):
    def word(text: str, entries: int) -> SearchWord:
        return SearchWord(word=text, length=len(text), entries=entries)

    SearchWord.objects.bulk_create(
        [word("abcdx", 2), word("abcdy", 7), word("abcdefgx", 1), word("abcdefxx", 100), word("qwerz", 0)]
    )
    assert search_query.correction(["abcde"]) == ["abcdy"]  # two at distance 1: the commoner
    assert search_query.correction(["abcdefgh"]) == ["abcdefgx"]  # the nearer, though rarer
    assert search_query.correction(["qwert"]) is None  # a word no entry holds is never offered
    assert search_query.correction(["abcdy"]) is None  # a known word is left alone


def test_exact_diacritics_rank_before_a_folded_match(dept_officer, ward_a, item):
    exact = item(ward_a, "Giảm ô nhiễm nguồn nước")
    folded = item(ward_a, "Giảm ô nhiêm nguồn nước")  # newer, so it would win a tie
    assert _ids(dept_officer, "ô nhiễm") == [exact.pk, folded.pk]
    assert _ids(dept_officer, "ô nhiêm") == [folded.pk, exact.pk]


def test_a_phrase_ranks_before_scattered_words(dept_officer, ward_a, item):
    phrase = item(ward_a, "Cấp nước sạch nông thôn")
    scattered = item(ward_a, "Nông thôn thiếu nước, cần làm sạch kênh")
    assert _ids(dept_officer, "nuoc sach") == [phrase.pk, scattered.pk]


def test_a_title_hit_ranks_before_a_text_hit(dept_officer, ward_a, item):
    in_title = item(ward_a, "Mô hình nước sạch cho xã")
    in_text = item(ward_a, "Đề nghị hỗ trợ\nXây dựng mô hình nước sạch cho xã")
    assert _ids(dept_officer, "mo hinh nuoc sach") == [in_title.pk, in_text.pk]


def test_a_commune_officer_never_sees_or_counts_another_communes_records(
    officer_a, officer_b, dept_officer, ward_a, ward_b, item
):
    mine = item(ward_a, "Kiến nghị về ô nhiễm làng nghề")
    theirs = item(ward_b, "Kiến nghị về ô nhiễm làng nghề")
    report_a, report_b = ReportFactory.create(unit=ward_a), ReportFactory.create(unit=ward_b)
    for report in (report_a, report_b):
        ReportSection.objects.create(report=report, key="difficulties", text="Ô nhiễm làng nghề chưa được xử lý")
    index_rows(report_a, report_b)

    results = search_grouped(user=officer_a, query="o nhiem lang nghe")
    counts = {g.kind: g.count for g in results.groups}
    assert counts == {"meetings.followup": 1, "reporting.report": 1}
    shown = {(h.kind, h.object_id) for g in results.groups for h in g.hits}
    assert shown == {("meetings.followup", mine.pk), ("reporting.report", report_a.pk)}
    assert theirs.pk not in _ids(officer_a, "o nhiem", kind="meetings.followup")
    assert _ids(officer_b, "o nhiem", kind="reporting.report") == [report_b.pk]

    department = {g.kind: g.count for g in search_grouped(user=dept_officer, query="o nhiem lang nghe").groups}
    assert department == {"meetings.followup": 2, "reporting.report": 2}


def test_filters_narrow_by_kind_unit_year_and_status(dept_officer, ward_a, ward_b, item):
    a = item(ward_a, "Hỗ trợ chuyển đổi số")
    b = item(ward_b, "Hỗ trợ chuyển đổi số")
    assert set(_ids(dept_officer, "chuyen doi so", kind="meetings.followup")) == {a.pk, b.pk}
    assert _ids(dept_officer, "chuyen doi so", unit_path=ward_a.path) == [a.pk]
    year = a.created_at.year
    assert set(_ids(dept_officer, "chuyen doi so", year=year)) == {a.pk, b.pk}
    assert _ids(dept_officer, "chuyen doi so", year=year - 1) == []
    assert set(_ids(dept_officer, "chuyen doi so", status="open")) == {a.pk, b.pk}
    assert _ids(dept_officer, "chuyen doi so", status="resolved") == []


def test_the_index_follows_saves_and_deletes(dept_officer, ward_a, django_capture_on_commit_callbacks):
    def entries(word: str) -> int:
        return SearchWord.objects.filter(word=word).values_list("entries", flat=True).first() or 0

    buoi = entries("buoi")  # also a ward's name
    with django_capture_on_commit_callbacks(execute=True):
        row = FollowUpFactory.create(unit=ward_a, text="Xây dựng nhãn hiệu tập thể gạo nếp")
    assert _ids(dept_officer, "nhan hieu tap the") == [row.pk]
    with django_capture_on_commit_callbacks(execute=True):
        row.text = "Xây dựng chỉ dẫn địa lý bưởi"
        row.save()
    assert _ids(dept_officer, "nhan hieu tap the") == []
    assert _ids(dept_officer, "chi dan dia ly") == [row.pk]
    assert entries("buoi") == buoi + 1
    assert entries("nep") == 0
    with django_capture_on_commit_callbacks(execute=True):
        row.delete()
    assert _ids(dept_officer, "chi dan dia ly") == []
    assert not SearchEntry.objects.filter(kind="meetings.followup", object_id=row.pk).exists()


def test_a_reports_narrative_is_indexed_with_it(dept_officer, ward_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = ReportFactory.create(unit=ward_a)
    assert _ids(dept_officer, "may say nong san") == []
    with django_capture_on_commit_callbacks(execute=True):
        ReportSection.objects.create(report=report, key="requests", text="Đề nghị hỗ trợ máy sấy nông sản")
    assert _ids(dept_officer, "may say nong san") == [report.pk]


def test_the_command_rebuilds_a_kind_and_the_vocabulary(dept_officer, ward_a):
    units = SearchEntry.objects.filter(kind="geo.unit").count()
    row = FollowUpFactory.create(unit=ward_a, text="Ứng dụng công nghệ sinh học")
    assert _ids(dept_officer, "cong nghe sinh hoc") == []  # saved inside the test's transaction
    call_command("search_rebuild", "--kind", "meetings.followup", stdout=None)
    assert _ids(dept_officer, "cong nghe sinh hoc") == [row.pk]
    assert SearchWord.objects.get(word="sinh").entries >= 1
    assert SearchEntry.objects.filter(kind="meetings.followup").count() == 1
    assert SearchEntry.objects.filter(kind="geo.unit").count() == units  # other kinds untouched


def test_a_phrase_is_found_in_every_slice_when_common_words_read_only_one(dept_officer, ward_a, item, monkeypatch):
    # A budget that lets the scattered-word scan read one slice of PostgreSQL's index, and no
    # second pass: the phrase is still looked up in every slice by its word pairs.
    monkeypatch.setattr(search_query, "SCAN_POSTINGS", 1)
    monkeypatch.setattr(search_query, "SCAN_MIN", 0)
    rows = [item(ward_a, f"Xử lý nước thải làng nghề đợt {n}") for n in range(3)]
    entries = SearchEntry.objects.filter(kind="meetings.followup", object_id__in=[r.pk for r in rows])
    assert len({e.pk % FTS_SLICES for e in entries}) == 3  # three slices, at most one of them the first
    assert set(_ids(dept_officer, "xu ly nuoc thai")) == {r.pk for r in rows}
    assert set(_ids(dept_officer, "nuoc thai lang ng")) == {r.pk for r in rows}  # the last pair a prefix


def test_the_index_holds_each_fields_word_pairs(ward_a, item):
    row = item(ward_a, "Mô hình nước sạch")
    entry = SearchEntry.objects.get(kind="meetings.followup", object_id=row.pk)
    assert "mo1hinh hinh1nuoc nuoc1sach" in entry.pairs_folded


def _counting_compiles(monkeypatch) -> list[str]:
    compiled: list[str] = []
    real = search_query._compile

    def counting(source, user):
        compiled.append(source.kind)
        return real(source, user)

    monkeypatch.setattr(search_query, "_compile", counting)
    return compiled


def test_a_users_visibility_query_is_compiled_once_and_again_for_a_new_scope(
    officer_a, ward_a, ward_b, item, monkeypatch
):
    mine = item(ward_a, "Kiến nghị về ô nhiễm làng nghề")
    theirs = item(ward_b, "Kiến nghị về ô nhiễm làng nghề")
    compiled = _counting_compiles(monkeypatch)
    assert _ids(officer_a, "o nhiem") == [mine.pk]
    assert _ids(officer_a, "o nhiem lang") == [mine.pk]
    assert compiled == ["meetings.followup"]  # the second search used the first one's query

    RoleGrantFactory.create(user=officer_a, role=Role.LOCAL_OFFICER, unit=ward_b)
    forget_scope(officer_a)
    assert set(_ids(officer_a, "o nhiem")) == {mine.pk, theirs.pk}
    assert compiled == ["meetings.followup", "meetings.followup"]


def test_a_compiled_visibility_query_serves_one_day_one_minute_and_a_bounded_number_of_users(
    officer_a, officer_b, ward_a, ward_b, item, monkeypatch
):
    mine, theirs = item(ward_a, "Máy sấy nông sản"), item(ward_b, "Máy sấy nông sản")
    compiled = _counting_compiles(monkeypatch)
    assert _ids(officer_a, "may say") == [mine.pk]
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(search_query.timezone, "localdate", lambda: tomorrow)
    assert _ids(officer_a, "may say") == [mine.pk]
    assert len(compiled) == 2

    monkeypatch.setattr(search_query._compiled, "seconds", 0.0)
    assert _ids(officer_a, "may say") == [mine.pk]
    assert len(compiled) == 3

    monkeypatch.setattr(search_query._compiled, "seconds", 60.0)
    monkeypatch.setattr(search_query._compiled, "size", 1)
    for user, row in ((officer_b, theirs), (officer_a, mine), (officer_b, theirs)):
        assert _ids(user, "may say") == [row.pk]
    assert len(compiled) == 6  # one user kept: each of the three searches compiled again
    assert len(search_query._compiled) == 1


@pytest.mark.parametrize("rule", ["its own queryset", "the queryset twice"])
def test_a_visibility_rule_may_start_afresh_or_use_the_queryset_twice(
    officer_a, ward_a, ward_b, item, monkeypatch, rule
):
    mine = item(ward_a, "Máy sấy nông sản")
    item(ward_b, "Máy sấy nông sản")
    followups = source_get("meetings.followup")

    def seen(queryset, user):
        if rule == "its own queryset":
            return FollowUp.objects.filter(unit=ward_a)
        return queryset.filter(unit=ward_a) | queryset.filter(unit=ward_a, text__contains="sấy")

    # The narrowing before ranking is left out, so that only the rule decides.
    changed = dataclasses.replace(followups, visible=seen, unit_scoped=False)
    monkeypatch.setattr(search_query, "source_get", lambda kind: changed if kind == changed.kind else source_get(kind))
    monkeypatch.setattr(search_query, "source_list", lambda: [changed])
    assert _ids(officer_a, "may say") == [mine.pk]
    (kept,) = search_query._compiled.values()
    assert len(kept["meetings.followup"].ids_at) == (1 if rule == "its own queryset" else 2)


def test_a_query_matching_more_than_it_ranks_says_so(dept_officer, ward_a, item, monkeypatch):
    """Each reading ranks its share of SCORED_MAX matches and reads one more: when that one is
    there, more matched than were ranked, and the page says "the N best" rather than "N"."""
    from khcn.search import query

    for n in range(5):
        item(ward_a, f"Máy sấy nông sản số {n}")
    monkeypatch.setattr(query, "SCORED_MAX", 12)  # two readings of 6 on PostgreSQL: all 5 fit
    assert not query.search_ranked(user=dept_officer, query="may say").truncated
    monkeypatch.setattr(query, "SCORED_MAX", 4)
    ranked = query.search_ranked(user=dept_officer, query="may say")
    assert ranked.truncated
    assert ranked.rows  # what was read is still ranked and shown


def test_a_word_no_entry_holds_reads_no_slice_and_a_new_entry_is_found_at_once(dept_officer, ward_a, item):
    """PostgreSQL: the vocabulary (kept in the indexing transaction) tells that no entry holds
    "xyzzyq", so the ranking is not run over every slice for nothing; once an entry holds it,
    the next search finds it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item(ward_a, "Máy sấy nông sản")
    with CaptureQueriesContext(connection) as ran:
        assert search_ranked(user=dept_officer, query="may xyzzyq").rows == []
    if connection.vendor == "postgresql":
        assert not [q for q in ran.captured_queries if "set_config" in q["sql"]]
    row = item(ward_a, "Máy xyzzyq thế hệ mới")
    assert [r[2] for r in search_ranked(user=dept_officer, query="may xyzzyq").rows] == [row.pk]
    assert [r[2] for r in search_ranked(user=dept_officer, query="may xyzz").rows] == [row.pk]  # a prefix
