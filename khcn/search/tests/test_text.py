import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from khcn.search.text import exact_forms, folded_field, highlight, pair_tokens, pairs_field, words


def test_words_are_the_same_with_or_without_diacritics_and_in_nfd():
    typed = "Ô nhiễm làng nghề"
    assert words(typed) == words("o nhiem lang nghe") == ["o", "nhiem", "lang", "nghe"]
    assert words(unicodedata.normalize("NFD", typed)) == words(typed)
    assert words("Đường Đông Anh") == ["duong", "dong", "anh"]


def test_word_pairs_are_single_tokens_and_never_span_two_fields():
    assert pair_tokens(["o", "nhiem", "lang"]) == ["o1nhiem", "nhiem1lang"]
    assert pair_tokens(["o"]) == []
    assert pairs_field(" ca phe ", " lang nghe ") == "ca1phe lang1nghe"  # no "phe1lang"
    assert pairs_field("", "") == ""


def test_the_folded_field_has_a_space_around_every_word():
    assert folded_field("Sở KH&CN, Hà Nội") == " so kh cn ha noi "
    assert folded_field("") == ""


@given(st.text(max_size=60))
def test_folding_twice_changes_nothing(text):
    once = " ".join(words(text))
    assert words(once) == once.split()


def test_exact_forms_are_the_query_as_typed_and_capitalised():
    assert exact_forms("ô NHIỄM") == ["ô nhiễm", "Ô nhiễm"]


def test_highlight_marks_the_original_words_folded_matches_and_escapes_the_rest():
    html = highlight('<b onclick="x">Ô nhiễm</b> & làng nghề', ["o", "nhiem"], prefix_last=False)
    assert html == "&lt;b onclick=&quot;x&quot;&gt;<mark>Ô</mark> <mark>nhiễm</mark>&lt;/b&gt; &amp; làng nghề"


def test_highlight_maps_positions_through_nfd_text():
    text = unicodedata.normalize("NFD", "xử lý ô nhiễm")
    html = highlight(text, ["nhie"])
    assert html.endswith("<mark>" + unicodedata.normalize("NFD", "nhiễ") + "</mark>m")


def test_highlight_marks_whole_words_except_the_last_typed_one():
    assert highlight("lang langnghe", ["lang"], prefix_last=False) == "<mark>lang</mark> langnghe"
    assert highlight("lang langnghe", ["lang"]) == "<mark>lang</mark> <mark>lang</mark>nghe"


def test_a_long_text_is_cut_around_the_first_hit():
    text = "mở đầu " * 40 + "ô nhiễm làng nghề " + "kết thúc " * 40
    html = highlight(text, ["nhiem"], width=80)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>nhiễm</mark>" in html and len(html) < 140
