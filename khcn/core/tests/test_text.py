from hypothesis import given
from hypothesis import strategies as st

from khcn.core.text import fold, nfc, vi_sort_key


def test_fold_drops_diacritics_and_maps_d_stroke():
    assert fold("Mê Linh") == "me linh"
    assert fold("ĐÔNG ANH") == "dong anh"
    assert fold("Hòa") == fold("Hoà") == "hoa"


def test_nfc_joins_decomposed_input():
    decomposed = "Tie\u0302\u0301n Tha\u0306\u0301ng"
    assert nfc(decomposed) == "Tiến Thắng"
    assert nfc("  Mê   Linh ") == "Mê Linh"


def test_sort_key_follows_vietnamese_alphabet():
    names = ["Đông Anh", "Ba Vì", "Ân Thi", "An Khánh", "Dương Nội", "Zeta", "Ấp Bắc", "Ba Đình"]
    ordered = sorted(names, key=vi_sort_key)
    assert ordered == ["An Khánh", "Ân Thi", "Ấp Bắc", "Ba Đình", "Ba Vì", "Dương Nội", "Đông Anh", "Zeta"]


def test_sort_key_puts_tones_after_base_letters():
    words = ["Bắc", "Ba Vì", "Bác", "Ba", "Bà"]
    assert sorted(words, key=vi_sort_key) == ["Ba", "Bà", "Ba Vì", "Bác", "Bắc"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_normalisation_form(text):
    import unicodedata

    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_nfc_keeps_paragraphs_of_a_text_box():
    typed = "Sản phẩm:  \r\n - Quy trình\t xử lý \r\n\r\n\r\n\r\n - Mô hình 5 hộ  "
    assert nfc(typed) == "Sản phẩm:\n- Quy trình xử lý\n\n- Mô hình 5 hộ"


def test_nfc_turns_control_characters_pasted_from_word_into_spaces():
    assert nfc("Kiến\x0bnghị\x0c số\x001\tmột\nhai") == "Kiến nghị số 1 một\nhai"
