"""The ranking: folding, accented forms, syllable pairs, fields, place, track record, reasons,
who sees which candidate, and the queries it costs."""

import unicodedata
from typing import Any

import pytest

from khcn.core.text import fold
from khcn.experts import matching
from khcn.experts.matching import Query, match, query_for, terms
from khcn.experts.tests.factories import demand_make, expert_make, technology_make


def names(found: list[matching.Suggestion]) -> list[int]:
    return [s.pk for s in found]


def test_fold_maps_d_and_reads_nfd_like_nfc() -> None:
    assert fold("Đường Đê") == "duong de"
    nfd = unicodedata.normalize("NFD", "Nước thải làng nghề")
    assert terms(nfd) == terms("Nước thải làng nghề")
    counts, accented = terms("xử lý Nước thải")
    assert counts["nuoc thai"] == 1 and counts["xu"] == 1
    assert accented["nuoc thai"] == "nước thải"


def test_stop_syllables_are_dropped_and_break_pairs() -> None:
    counts, _forms = terms("nước thải của làng nghề")
    assert "cua" not in counts
    assert "thai lang" not in counts
    assert counts["lang nghe"] == 1


@pytest.mark.django_db
def test_query_without_diacritics_finds_accented_profile(dept_officer, ward_a) -> None:
    hit = expert_make(keywords="xử lý nước thải làng nghề")
    expert_make(keywords="giống lúa chịu hạn", field="agricultural")
    found = match(query=Query(text="xu ly nuoc thai lang nghe"), user=dept_officer)
    assert names(found.experts) == [hit.pk]
    # The shared terms are shown in their accented form even when typed without marks.
    labels = [r.label for r in found.experts[0].reasons if r.kind == "terms"]
    assert labels == ["xử lý nước thải làng nghề"]  # the pairs that follow each other, as one phrase


@pytest.mark.django_db
def test_matching_accented_syllable_ranks_higher(dept_officer) -> None:
    fish = expert_make(keywords="nuôi cá rô phi", full_name="Trần B")
    other = expert_make(keywords="nuôi cả rổ phi", full_name="Trần A")
    accented = match(query=Query(text="nuôi cá rô phi"), user=dept_officer)
    assert names(accented.experts) == [fish.pk, other.pk]
    assert accented.experts[0].score > accented.experts[1].score


@pytest.mark.django_db
def test_shared_pair_outranks_scattered_syllables(dept_officer) -> None:
    scattered = expert_make(keywords="nghề mộc, ô tô, làng quê, nhiễm bệnh", full_name="A")
    pair = expert_make(keywords="ô nhiễm làng nghề, môi trường", full_name="B")
    found = match(query=Query(text="ô nhiễm làng nghề"), user=dept_officer)
    assert names(found.experts)[0] == pair.pk
    assert scattered.pk in names(found.experts)


@pytest.mark.django_db
def test_a_shared_stray_syllable_is_neither_a_suggestion_nor_a_reason(dept_officer) -> None:
    strong = expert_make(keywords="xử lý chất thải chăn nuôi, đệm lót sinh học", full_name="A")
    mixed = expert_make(keywords="đệm lót sinh học, quản lý dự án", full_name="B")
    stray = expert_make(keywords="quản lý công nghiệp, kế toán", full_name="C")
    found = match(query=Query(text="xử lý chất thải chăn nuôi bằng đệm lót sinh học"), user=dept_officer)
    assert names(found.experts) == [strong.pk, mixed.pk]
    assert stray.pk not in names(found.experts)
    labels = [r.label for r in found.experts[1].reasons if r.kind == "terms"]
    assert labels == ["đệm lót sinh học"]  # and not the "lý" of "quản lý"


@pytest.mark.django_db
def test_same_field_and_commune_rank_first(dept_officer, ward_a, ward_b, province) -> None:
    far = expert_make(keywords="biogas chất thải chăn nuôi", unit=ward_b, full_name="A", subfields="101 103")
    near = expert_make(keywords="biogas chất thải chăn nuôi", unit=ward_a, full_name="B", subfields="101 103")
    fielded = expert_make(keywords="biogas chất thải chăn nuôi", unit=None, full_name="C", subfields="207 208")
    demand = demand_make(unit=ward_a, title="Biogas cho chất thải chăn nuôi")
    found = match(query=query_for(demand), user=dept_officer)
    assert names(found.experts)[0] == near.pk
    place = [r.label for r in found.experts[0].reasons if r.kind == "place"]
    assert place and "Mê Linh" in place[0]
    assert names(found.experts).index(near.pk) < names(found.experts).index(far.pk)
    demand = demand_make(unit=ward_a, title="Biogas chất thải chăn nuôi", field="engineering", subfields="207 208")
    found = match(query=query_for(demand), user=dept_officer)
    assert names(found.experts)[0] == fielded.pk
    kinds = [r.kind for r in found.experts[0].reasons]
    assert "field" in kinds and kinds.count("subfield") == 2


@pytest.mark.django_db
def test_tasks_led_raise_an_expert_and_are_shown(dept_officer, expert) -> None:
    from khcn.research.models import ResearchTask, TaskType

    user = expert
    plain = expert_make(keywords="xử lý nước thải dệt nhuộm", full_name="A")
    proven = expert_make(keywords="xử lý nước thải dệt nhuộm", full_name="B", user=user)
    title = "Nghiên cứu xử lý nước thải dệt nhuộm làng nghề Vạn Phúc"
    ResearchTask.objects.create(title=title, task_type=TaskType.TOPIC, field="engineering", pi_user=user)
    found = match(query=Query(text="xử lý nước thải dệt nhuộm"), user=dept_officer)
    assert names(found.experts) == [proven.pk, plain.pk]
    assert matching.Reason("track", title) in found.experts[0].reasons


@pytest.mark.django_db
def test_only_department_sees_non_public_experts_and_unlisted_technologies(dept_officer, officer_a) -> None:
    public = expert_make(keywords="chuyển đổi số cấp xã", full_name="A")
    private = expert_make(keywords="chuyển đổi số cấp xã", full_name="B", public=False)
    listed = technology_make(title="Phần mềm chuyển đổi số cấp xã")
    draft = technology_make(title="Cổng chuyển đổi số cấp xã", published=False)
    query = Query(text="chuyển đổi số")
    officer = match(query=query, user=officer_a)
    assert names(officer.experts) == [public.pk]
    assert names(officer.technologies) == [listed.pk]
    staff = match(query=query, user=dept_officer)
    assert set(names(staff.experts)) == {public.pk, private.pk}
    assert set(names(staff.technologies)) == {listed.pk, draft.pk}
    assert [s.public for s in staff.experts if s.pk == private.pk] == [False]


@pytest.mark.django_db
def test_a_change_in_another_process_rebuilds_the_index(dept_officer) -> None:
    first = expert_make(keywords="giống lúa chịu hạn")
    assert names(match(query=Query(text="lúa chịu hạn"), user=dept_officer).experts) == [first.pk]
    first.keywords = "nuôi cá lồng"
    first.save()
    assert names(match(query=Query(text="lúa chịu hạn"), user=dept_officer).experts) == []


@pytest.mark.django_db
def test_matching_costs_one_query_once_built_and_a_constant_to_build(dept_officer, django_assert_num_queries) -> None:
    for n in range(5):
        expert_make(keywords=f"xử lý nước thải {n}", full_name=f"E{n}")
        technology_make(title=f"Công nghệ xử lý nước thải {n}")
    match(query=Query(text="nước thải"), user=dept_officer)
    with django_assert_num_queries(1):
        match(query=Query(text="nước thải"), user=dept_officer)
    for n in range(20):
        expert_make(keywords=f"nước thải {n}", full_name=f"F{n}")
    with django_assert_num_queries(6):
        found = match(query=Query(text="nước thải"), user=dept_officer)
    assert len(found.experts) == 10


class _JoinedThread:
    """A rebuild thread that runs when joined: the test's transaction stays the only connection
    (a transactional test would flush the registry the other tests share)."""

    def __init__(self, *, target: Any, args: tuple[Any, ...], daemon: bool) -> None:
        self.target, self.args, self.done = target, args, False

    def start(self) -> None:
        pass

    def is_alive(self) -> bool:
        return not self.done

    def join(self, timeout: float | None = None) -> None:
        if not self.done:
            self.target(*self.args)
            self.done = True


@pytest.mark.django_db
def test_a_large_index_is_rebuilt_in_the_background_never_suggesting_what_was_withdrawn(
    officer_a, settings, monkeypatch
) -> None:
    index = matching._Index()
    index.thread_class = _JoinedThread
    monkeypatch.setattr(matching, "INDEX", index)
    settings.KHCN_MATCH_SYNC_REBUILD_DOCS = 1  # every index here counts as large
    a = expert_make(keywords="giống lúa chịu hạn", full_name="A")
    b = expert_make(keywords="lúa chịu hạn vùng ven biển", full_name="B")
    query = Query(text="lúa chịu hạn")
    assert set(names(match(query=query, user=officer_a).experts)) == {a.pk, b.pk}  # the first build waits
    b.public_consent = False
    b.save()
    c = expert_make(keywords="lúa chịu hạn", full_name="C")
    # The build is stale: B's withdrawn consent holds at once, C waits for the new build.
    assert names(match(query=query, user=officer_a).experts) == [a.pk]
    assert index.rebuilding is not None and index.rebuilding.is_alive()
    index.wait()
    assert set(names(match(query=query, user=officer_a).experts)) == {a.pk, c.pk}
    assert not index.rebuilding.is_alive()
