"""The extraction rules, one field at a time, and the seeds and invented articles end to end."""

from datetime import date

import pytest

from khcn.ingest.extract import extract
from khcn.ingest.scoring import score
from khcn.ingest.sentences import split_sentences
from khcn.ingest.tests.data import INVENTED, SEED_000, SEEDS, expected_for
from khcn.ingest.units import KnownUnit, UnitDirectory


def _text(path) -> str:  # type: ignore[no-untyped-def]
    return path.read_text(encoding="utf-8")


# -- sentences --------------------------------------------------------------------------------


def test_sentences_keep_abbreviations_and_decimals_inside():
    sentences = split_sentences(
        "Đoàn làm việc tại TP. Hồ Chí Minh và Q. Bình Thạnh. Tỷ lệ đạt 12,5% với 12.422 đơn. Ý kiến TS. Lê Hà rất rõ."
    )
    assert [s.text for s in sentences] == [
        "Đoàn làm việc tại TP. Hồ Chí Minh và Q. Bình Thạnh.",
        "Tỷ lệ đạt 12,5% với 12.422 đơn.",
        "Ý kiến TS. Lê Hà rất rõ.",
    ]


def test_the_number_opening_a_line_of_minutes_stays_with_it():
    text = "II. NỘI DUNG\n2. Kết quả thực hiện năm 2025. Xã đạt 3 chỉ tiêu.\na. Về nhân lực"
    assert [s.text for s in split_sentences(text)] == [
        "II. NỘI DUNG",
        "2. Kết quả thực hiện năm 2025.",
        "Xã đạt 3 chỉ tiêu.",
        "a. Về nhân lực",
    ]


def test_sentences_stop_at_a_news_page_trailer():
    text = "Tiêu đề\n\nCâu một.\n\nCó thể bạn quan tâm\nXã Thạch Thất triển khai nhiệm vụ"
    assert [s.text for s in split_sentences(text)] == ["Tiêu đề", "Câu một."]


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng ngày 19/7/2024, tại UBND huyện Mê Linh, Sở đã làm việc với huyện.", date(2024, 7, 19)),
        ("Ngày 19-7-2024, Sở tổ chức hội nghị với các xã.", date(2024, 7, 19)),
        ("Ngày 19 tháng 7 năm 2024, Đoàn công tác làm việc tại xã.", date(2024, 7, 19)),
        # The publication line gives the year of a session written without it.
        ("Cập nhật 20/03/2025 | 08:10\nChiều 18-3, Sở làm việc với UBND phường Hà Đông.", date(2025, 3, 18)),
        ("Thời gian: 8 giờ, ngày 05/01/2026.\nCác xã gửi báo cáo trước ngày 20/01/2026.", date(2026, 1, 5)),
        # Only the publication line dates a session held "chiều nay".
        ("Thứ Hai, 02/03/2026 09:15\nChiều nay, Sở làm việc với UBND xã Hòa Bình.", date(2026, 3, 2)),
    ],
)
def test_session_date_in_its_forms(text, expected):
    assert extract(text).date == expected


def test_session_date_prefers_the_session_over_publication_and_cited_documents():
    text = (
        "19/07/2024 | 18:02\n"
        "Thực hiện Chương trình số 20-CT/TU ngày 13/2/2018 của Thành ủy.\n"
        "Sáng ngày 17/7/2024, tại trụ sở UBND huyện Sóc Sơn, Sở làm việc với các huyện."
    )
    result = extract(text)
    assert result.date == date(2024, 7, 17)
    assert result.date_sentence.startswith("Sáng ngày 17/7/2024")


def test_no_session_date_when_only_documents_are_dated():
    assert extract("Sở làm tốt vai trò của Chương trình số 20-CT/TU ngày 13/2/2018.").date is None


# -- units ------------------------------------------------------------------------------------


def test_a_list_shares_its_prefix_and_a_second_prefix_takes_over():
    result = extract("Sở làm việc với UBND các huyện Hoài Đức, Đan Phượng, Thạch Thất và thị xã Sơn Tây về kế hoạch.")
    assert [(u.name, u.prefix) for u in result.units] == [
        ("Hoài Đức", "huyện"),
        ("Đan Phượng", "huyện"),
        ("Thạch Thất", "huyện"),
        ("Sơn Tây", "thị xã"),
    ]


def test_units_typed_without_diacritics_are_found():
    result = extract("So lam viec voi cac huyen Me Linh, Dong Anh va xa Tien Thinh.")
    assert [u.name for u in result.units] == ["Me Linh", "Dong Anh", "Tien Thinh"]


def test_words_that_fold_like_a_prefix_are_not_units():
    # "cơ quan" folds to "co quan", "Huyện ủy viên" is a title, "thành phố Hà Nội" the province.
    result = extract("Sở kiến nghị với các cơ quan Thành phố; đồng chí Lê Văn A - Huyện ủy viên; thành phố Hà Nội.")
    assert result.units == []


def test_a_cooperative_and_the_national_heading_are_not_communes():
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHợp tác xã Dịch vụ Nông nghiệp Tân Tiến đặt tại xã Yên Hòa."
    assert [u.name for u in extract(text).units] == ["Yên Hòa"]


def test_a_person_named_after_the_unit_is_not_part_of_its_name():
    result = extract("Theo Phó Chủ tịch UBND huyện Phúc Thọ Kiều Trọng Sỹ, huyện đã làm tốt.")
    assert [u.name for u in result.units] == ["Phúc Thọ"]
    assert [(p.name, p.role) for p in result.people] == [("Kiều Trọng Sỹ", "Phó Chủ tịch UBND huyện Phúc Thọ")]


def test_a_name_written_with_an_apostrophe_is_one_word():
    result = extract("Đoàn đến xã Ea H'leo và phường B'Lao; bà H'Dung Niê, Phó Chủ tịch UBND xã Ea H'leo, tiếp đoàn.")
    assert [u.name for u in result.units] == ["Ea H'leo", "B'Lao"]
    assert [(p.name, p.role) for p in result.people] == [("H'Dung Niê", "Phó Chủ tịch UBND xã Ea H'leo")]


def test_a_commune_name_may_end_in_a_number_but_a_count_after_it_is_no_part_of_it():
    result = extract("Đoàn đến xã Tân Hiệp 2 và phường Long Xuyên; xã Vĩnh Thạnh 3 thôn còn khó khăn.")
    assert [u.name for u in result.units] == ["Tân Hiệp 2", "Long Xuyên", "Vĩnh Thạnh"]


def test_a_word_folding_like_a_prefix_with_other_marks_is_not_one():
    # "bình quân" folds to "binh quan", but "quân" is not "quận".
    assert extract("Năng suất bình quân 5 tấn/ha, giá bình quân 12 triệu đồng.").units == []


def test_an_item_of_a_plural_list_opening_like_an_institution_is_kept():
    result = extract("Đoàn làm việc với UBND các xã Tân Phú, Trung Sơn, Thành Lợi và Đông Hưng.")
    assert [u.name for u in result.units] == ["Tân Phú", "Trung Sơn", "Thành Lợi", "Đông Hưng"]
    # Not an institution after a single unit, nor one whose name goes on like an institution's.
    result = extract("Đoàn làm việc với xã Tân Phú, Trung tâm Y tế và các xã Vĩnh Lợi, Trường Đại học Nông Lâm.")
    assert [u.name for u in result.units] == ["Tân Phú", "Vĩnh Lợi"]


def test_with_a_registry_an_item_of_a_list_is_kept_when_it_is_a_unit_of_the_type():
    directory = UnitDirectory(
        [KnownUnit(21, "Tân Phú", "xa", "Xã Tân Phú"), KnownUnit(22, "Trung Sơn", "xa", "Xã Trung Sơn")]
    )
    result = extract("Sở làm việc với các xã Tân Phú, Trung Sơn và Thành Lợi.", directory=directory)
    assert [(u.name, u.unit.id if u.unit else None) for u in result.units] == [("Tân Phú", 21), ("Trung Sơn", 22)]


def _directory() -> UnitDirectory:
    return UnitDirectory(
        [
            KnownUnit(1, "Mê Linh", "huyen", "Huyện Mê Linh", None, date(2025, 6, 30)),
            KnownUnit(2, "Mê Linh", "xa", "Xã Mê Linh", None, date(2025, 6, 30)),
            KnownUnit(3, "Mê Linh", "xa", "Xã Mê Linh", date(2025, 7, 1), None),
            KnownUnit(4, "Tiên Phong", "xa", "Xã Tiên Phong", None, None),
            KnownUnit(5, "Ứng Hoà", "huyen", "Huyện Ứng Hoà", None, date(2025, 6, 30)),
        ]
    )


def test_registry_match_takes_the_unit_in_force_on_the_session_day():
    before = extract("Ngày 19/7/2024, Sở làm việc tại xã Mê Linh và huyện Mê Linh.", directory=_directory())
    after = extract("Ngày 19/7/2025, Sở làm việc tại xã Mê Linh.", directory=_directory())
    assert sorted(u.unit.id for u in before.units if u.unit) == [1, 2]
    assert [u.unit.id for u in after.units if u.unit] == [3]


def test_registry_match_folds_tone_placement_but_not_other_marks():
    text = "Ngày 5/7/2024, Sở làm việc với huyện Ứng Hòa, xã Tiền Phong và xã Tien Phong."
    result = extract(text, directory=_directory())
    matched = {u.name: (u.unit.id if u.unit else None) for u in result.units}
    assert matched == {"Ứng Hòa": 5, "Tiền Phong": None, "Tien Phong": 4}


# -- people -----------------------------------------------------------------------------------


def test_people_with_roles_before_and_after_their_names():
    text = (
        "Tham dự có đồng chí Nguyễn Quốc Hà - Phó Giám đốc Sở; ông Trần Văn Bình, Chủ tịch UBND xã Tân Lập. "
        "Giám đốc Sở Khoa học và Công nghệ Lê Ngọc Anh phát biểu. Bài: Nguyễn Tuyền"
    )
    assert [(p.name, p.role) for p in extract(text).people] == [
        ("Nguyễn Quốc Hà", "Phó Giám đốc Sở"),
        ("Trần Văn Bình", "Chủ tịch UBND xã Tân Lập"),
        ("Lê Ngọc Anh", "Giám đốc Sở Khoa học và Công nghệ"),
    ]


def test_a_role_in_brackets_ends_with_them():
    people = extract("Dự có bà Đinh Thị Lan (Giám đốc HTX Rau sạch Yên Mỹ) và đại diện các hộ dân.").people
    assert [(p.name, p.role) for p in people] == [("Đinh Thị Lan", "Giám đốc HTX Rau sạch Yên Mỹ")]


def test_the_words_of_a_role_are_not_read_again_as_a_person():
    text = (
        "Dự có ThS. Lê Minh Khang, Trưởng phòng Kế hoạch cùng cán bộ của Trung tâm Giống Đồng Văn; "
        "ông Tạ Quang Vinh - Giám đốc Hợp tác xã Dịch vụ Lương Sơn.\n"
        "ĐẠI DIỆN UBND PHƯỜNG LA KHÊ"
    )
    assert [(p.name, p.role) for p in extract(text).people] == [
        ("Lê Minh Khang", "Trưởng phòng Kế hoạch"),
        ("Tạ Quang Vinh", "Giám đốc Hợp tác xã Dịch vụ Lương Sơn"),
    ]


def test_a_province_name_before_a_person_is_not_part_of_the_name():
    people = extract("Bí thư Tỉnh ủy Lâm Đồng Trần Văn Hiệp kết luận buổi làm việc.").people
    assert [(p.name, p.role) for p in people] == [("Trần Văn Hiệp", "Bí thư Tỉnh ủy Lâm Đồng")]


def test_family_names_of_the_northern_mountain_peoples_are_surnames():
    text = "Về phía xã: đồng chí Giàng Seo Phử, Bí thư Đảng ủy; ông Lò Văn Pành, Chủ tịch UBND xã; Sùng A Dình dự."
    people = extract(text).people
    assert [(p.name, p.role) for p in people] == [
        ("Giàng Seo Phử", "Bí thư Đảng ủy"),
        ("Lò Văn Pành", "Chủ tịch UBND xã"),
    ]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Chị Thào Thị Mỷ, xã viên Hợp tác xã Chè Shan, vừa hái chè vừa kể.", "xã viên Hợp tác xã Chè Shan"),
        ("Anh Lê Văn Tám, thành viên tổ hợp tác Hòa Lợi, chia sẻ.", "thành viên tổ hợp tác Hòa Lợi"),
        ("Ông Hoàng Văn Tư, chủ hộ nuôi bò sữa, cho biết.", "chủ hộ nuôi bò sữa"),
    ],
)
def test_a_member_or_a_household_head_is_a_role(text, role):
    assert [p.role for p in extract(text).people] == [role]


# -- figures ----------------------------------------------------------------------------------


def test_figures_percentages_ratios_and_counts_but_not_dates_or_codes():
    text = (
        "Ngày 19/7/2024, theo Chương trình 07-CTr/TU và ISO 9001:2015, có 5/18 đài, "
        "đạt 87% và 12.422 đơn trong 6 tháng."
    )
    assert [(f.value, f.kind) for f in extract(text).figures] == [
        ("5/18", "ratio"),
        ("87%", "percent"),
        ("12.422 đơn", "count"),
    ]


def test_a_range_is_one_figure_and_the_merged_units_are_none():
    text = "Xã mới lập trên cơ sở sáp nhập 4 xã; năng suất tăng 15-20%, doanh thu đạt 3–5 tỷ đồng mỗi năm."
    assert [(f.value, f.kind) for f in extract(text).figures] == [("15-20%", "percent"), ("3–5 tỷ đồng", "count")]


def test_counts_of_measures_and_countable_nouns_but_not_years_numbers_or_ordinals():
    text = (
        "Năm 2024, theo Nghị định 13 và Đề án 2 triệu héc-ta, lần thứ 3 hội nghị ghi nhận 250 con bò, "
        "3.400 cây giống, 12 hợp tác xã, 7 tổ hợp tác, 40-60 kg/ha phân, 2,5 lít mỗi ngày, 350 m2 nhà lưới, "
        "18 km kênh, 9 cửa hàng, gấp 3 lần; liên hệ số 0912 345 678 trong 6 tháng."
    )
    assert [f.value for f in extract(text).figures] == [
        "250 con",
        "3.400 cây",
        "12 hợp tác xã",
        "7 tổ hợp tác",
        "40-60 kg/ha",
        "2,5 lít",
        "350 m2",
        "18 km",
        "9 cửa hàng",
        "3 lần",
    ]


def test_a_measure_per_another_is_one_figure():
    figures = extract("Giá bán bình quân 85.000 đồng/kg, lãi 40 triệu đồng/ha mỗi vụ.").figures
    assert [f.value for f in figures] == ["85.000 đồng/kg", "40 triệu đồng/ha"]


def test_a_figure_names_the_indicator_whose_words_its_sentence_shares():
    from khcn.ingest.figures import IndicatorRef

    indicators = [
        IndicatorRef(1, "Tỷ lệ hồ sơ trực tuyến giải quyết đúng hạn"),
        IndicatorRef(2, "Số đài truyền thanh thông minh"),
    ]
    figures = extract("Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn đạt 100%.", indicators=indicators).figures
    assert [(f.value, f.indicator.id if f.indicator else None) for f in figures] == [("100%", 1)]


# -- products ---------------------------------------------------------------------------------


def test_products_from_cue_sentences_only():
    text = (
        "Xã có 2 sản phẩm OCOP 3 sao là gạo nếp cái hoa vàng và nhãn chín muộn Đông Xuân. "
        "Huyện quan tâm đào tạo cán bộ và văn hóa truyền thống."
    )
    names = [p.name for p in extract(text).products]
    assert names == ["gạo nếp cái hoa vàng", "nhãn chín muộn Đông Xuân", "OCOP 3 sao"]


def test_goods_an_activity_works_on_are_not_a_product():
    text = "Xưởng chế biến cà phê rang xay chạy đủ công suất; sản phẩm cà phê Cầu Đất bán chạy."
    assert [p.name for p in extract(text).products] == ["cà phê Cầu Đất"]


def test_a_speciality_named_by_its_place_and_a_range_of_stars():
    text = (
        "Xã có 5 sản phẩm đạt OCOP từ 3 đến 4 sao; đặc sản hạt dẻ Trùng Khánh và miến dong Tân Hòa "
        "đã có nhãn hiệu, còn dược liệu của xã chưa có."
    )
    names = [p.name for p in extract(text).products]
    assert names == ["miến dong Tân Hòa", "hạt dẻ Trùng Khánh", "OCOP từ 3 đến 4 sao"]
    # A clause that opens on the cue before a listed noun names that product only once.
    text = "Xã trồng 200 ha cây ăn quả; sản phẩm chè Tân Cương đã có nhãn hiệu."
    assert [p.name for p in extract(text).products] == ["chè Tân Cương"]


# -- requests, directives, difficulties ------------------------------------------------------


def test_requests_directives_and_difficulties_are_told_apart():
    text = (
        "Xã còn gặp khó khăn về kinh phí và nhân lực.\n"
        "UBND xã đề nghị Sở hỗ trợ xây dựng mô hình trồng nấm; mong muốn được tập huấn về chuyển đổi số.\n"
        "Kết luận, đồng chí Phó Giám đốc Sở yêu cầu các xã hoàn thành báo cáo. Tập trung xử lý ô nhiễm làng nghề.\n"
        "Đại diện các phòng của Sở giải đáp những vướng mắc của xã."
    )
    result = extract(text)
    assert [s.text for s in result.requests] == [
        "UBND xã đề nghị Sở hỗ trợ xây dựng mô hình trồng nấm",
        "mong muốn được tập huấn về chuyển đổi số.",
    ]
    assert [s.text for s in result.directives] == [
        "Kết luận, đồng chí Phó Giám đốc Sở yêu cầu các xã hoàn thành báo cáo.",
        "Tập trung xử lý ô nhiễm làng nghề.",
    ]
    assert [s.text for s in result.difficulties] == ["Xã còn gặp khó khăn về kinh phí và nhân lực."]
    assert all(s.sentence for s in result.requests + result.directives + result.difficulties)


def test_list_items_of_minutes_take_the_kind_of_their_heading_or_lead():
    text = (
        "2. Tồn tại\n"
        "- Máy móc của hợp tác xã đã cũ.\n"
        "- Người dân ít dùng dịch vụ trực tuyến.\n"
        "3. Kiến nghị\n"
        "- Tập huấn kỹ năng số cho cán bộ thôn.\n"
        "4. Kết luận\n"
        "Chủ trì cuộc họp kết luận:\n"
        "a) Ghi nhận kết quả của xã.\n"
        "b) Đề nghị UBND xã:\n"
        "- Hoàn thiện quy chế quản lý đề tài cấp cơ sở.\n"
        "- Báo cáo kết quả trước ngày 15/10/2026.\n"
        "c) Thống nhất thời gian họp lần sau."
    )
    result = extract(text)
    assert [s.text for s in result.difficulties] == [
        "Máy móc của hợp tác xã đã cũ.",
        "Người dân ít dùng dịch vụ trực tuyến.",
    ]
    assert [s.text for s in result.requests] == ["Tập huấn kỹ năng số cho cán bộ thôn."]
    assert [s.text for s in result.directives] == [
        "Hoàn thiện quy chế quản lý đề tài cấp cơ sở.",
        "Báo cáo kết quả trước ngày 15/10/2026.",
    ]


def test_a_lead_line_naming_its_section_gives_its_kind():
    text = "Hợp tác xã nêu một số kiến nghị như sau:\n+ Cấp thêm máy đo độ ẩm.\n+ Mở lớp học về bao bì."
    assert [s.text for s in extract(text).requests] == ["Cấp thêm máy đo độ ẩm.", "Mở lớp học về bao bì."]


def test_a_short_subtitle_of_an_article_leads_no_paragraph():
    result = extract("Còn nhiều hạn chế\nXã đề nghị Sở hỗ trợ kinh phí đào tạo cán bộ.")
    assert [s.text for s in result.requests] == ["Xã đề nghị Sở hỗ trợ kinh phí đào tạo cán bộ."]
    assert result.difficulties == []


def test_an_item_opening_with_the_order_is_a_directive():
    result = extract("Giao Văn phòng Sở tổng hợp ý kiến của các xã.\nGiao thông nông thôn còn khó khăn.")
    assert [s.text for s in result.directives] == ["Giao Văn phòng Sở tổng hợp ý kiến của các xã."]
    assert [s.text for s in result.difficulties] == ["Giao thông nông thôn còn khó khăn."]


def test_a_request_answered_in_the_conclusions_is_split_at_its_colon():
    text = (
        "- Xin hỗ trợ kinh phí mua máy sấy nông sản.\n"
        "Về đề xuất mua máy sấy nông sản: Sở sẽ xem xét trong kế hoạch năm sau.\n"
        "Đối với kiến nghị về đào tạo nhân lực số: giao Trung tâm Thông tin tổ chức lớp tập huấn."
    )
    result = extract(text)
    assert [s.text for s in result.requests] == [
        "Xin hỗ trợ kinh phí mua máy sấy nông sản.",
        "Đối với kiến nghị về đào tạo nhân lực số",
    ]
    assert [s.text for s in result.directives] == ["giao Trung tâm Thông tin tổ chức lớp tập huấn."]


def test_a_shortfall_set_against_what_was_done_is_a_difficulty():
    text = (
        "Xã đã có 3 mô hình trình diễn, song người dân chưa mạnh dạn áp dụng. Những hộ chưa tham gia sẽ học ở đợt sau."
    )
    assert [s.text for s in extract(text).difficulties] == [
        "Xã đã có 3 mô hình trình diễn, song người dân chưa mạnh dạn áp dụng."
    ]


def test_a_proposal_of_tasks_is_not_a_request():
    text = "Sở hướng dẫn đề xuất kế hoạch năm 2025 và các xã đã đề xuất nhiệm vụ KH&CN."
    assert extract(text).requests == []


# -- the articles -----------------------------------------------------------------------------


def test_seed_000_gives_what_the_issue_asks():
    result = extract(_text(SEED_000))
    assert result.date == date(2024, 7, 19)
    assert {"Mê Linh", "Đông Anh", "Sóc Sơn", "Gia Lâm"} <= {u.name for u in result.units}
    ha = [p for p in result.people if p.name == "Nguyễn Quốc Hà"]
    assert ha and ha[0].role.startswith("Phó Giám đốc Sở Khoa học và Công nghệ")
    values = [(f.value, f.sentence) for f in result.figures]
    for value, words in [("100%", "hồ sơ trực tuyến"), ("87%", "lương hưu"), ("100%", "trường học"), ("5/18", "Đài")]:
        assert any(v == value and words in s for v, s in values), value
    assert [p.name for p in result.products] == [
        "Rau, củ quả Đông Cao",
        "bưởi đỏ Đông Cao",
        "hoa đào Phù Trì",
        "rau gia vị Tiến Thắng",
        "bánh đa nem và mỳ bún",
    ]
    requests = " | ".join(s.text for s in result.requests)
    for topic in ("tập huấn", "nông nghiệp ứng dụng công nghệ cao", "xử lý ô nhiễm môi trường"):
        assert topic in requests
    assert all(s.sentence.startswith("Do vậy, Huyện mong muốn") for s in result.requests)


# Misses left as they are, each with its reason: the test fails once one is fixed, to drop it here.
KNOWN_GAPS = {
    ("909_lao_cai_conclusion", "products"): (
        "a product named '<leaf> <people> <place>' ('lá tắm người Dao đỏ …'): 'lá' is no product noun, "
        "and the people's name breaks the '<words> <Place>' reading"
    ),
}


@pytest.mark.parametrize("article", SEEDS + INVENTED, ids=lambda p: p.stem)
def test_articles_score_what_the_bench_reports(article):
    """Each article's extraction against its hand-written expectation: at least 0.75 precision and
    recall on every field, and date and place right (the figures are reported by bench/ingest.py),
    but for the known gaps, which stay below."""
    counts = score(extract(_text(article)).as_json(), expected_for(article))
    for name, count in counts.items():
        gap = KNOWN_GAPS.get((article.stem, name))
        assert (count.precision >= 0.75 and count.recall >= 0.75) != bool(gap), (name, count, gap)


@pytest.mark.parametrize(
    "text",
    [
        "Dù vậy, nguồn vốn đối ứng của các hộ còn phân tán.",
        "Tuy vậy, nhiều hợp tác xã chưa có kho lạnh.",
        "Song, phần mềm quản lý đất đai chưa được kết nối.",
        "Tuy nhiên, giá vật tư tăng mạnh, thời tiết bất thường; nhiều tổ sản xuất chưa có hợp đồng tiêu thụ.",
    ],
)
def test_a_shortfall_after_a_contrast_opener_or_in_the_next_clause_is_a_difficulty(text):
    assert extract(text).as_json()["difficulties"] == [text]


def test_an_order_by_a_pronoun_refers_to_the_leader_named_just_before():
    text = (
        "Phát biểu kết luận, Giám đốc Sở Trần Văn Bình đánh giá cao kết quả của xã.\n\n"
        "Về các kiến nghị của xã, ông giao Phòng Kế hoạch - Tài chính rà soát, tham mưu bố trí kinh phí."
    )
    result = extract(text).as_json()
    assert result["directives"] == [
        "Về các kiến nghị của xã, ông giao Phòng Kế hoạch - Tài chính rà soát, tham mưu bố trí kinh phí."
    ]
    assert result["requests"] == []
    # No leader named before: the pronoun is nobody's order.
    alone = extract("Về các kiến nghị của xã, ông giao Phòng Kế hoạch rà soát, tham mưu bố trí kinh phí.")
    assert alone.directives == []


def test_an_answer_under_a_requests_heading_keeps_its_own_kind():
    text = (
        "III. KIẾN NGHỊ CỦA XÃ\n"
        "1. Xã đề nghị Sở hỗ trợ kinh phí xây dựng nhà lưới. Giám đốc Sở giao Phòng Kế hoạch - Tài chính tham mưu.\n"
        "2. Xã đề nghị Sở tập huấn chuyển đổi số. Sở ghi nhận, sẽ báo cáo UBND tỉnh xem xét.\n"
        "3. Xã đề nghị Sở chỉ đạo Trung tâm hỗ trợ giống. Giao Trung tâm Ứng dụng khoa học chủ trì thực hiện."
    )
    result = extract(text).as_json()
    assert result["requests"] == [
        "Xã đề nghị Sở hỗ trợ kinh phí xây dựng nhà lưới.",
        "Xã đề nghị Sở tập huấn chuyển đổi số.",
        "Xã đề nghị Sở chỉ đạo Trung tâm hỗ trợ giống.",
    ]
    assert result["directives"] == [
        "Giám đốc Sở giao Phòng Kế hoạch - Tài chính tham mưu.",
        "Giao Trung tâm Ứng dụng khoa học chủ trì thực hiện.",
    ]


def test_asks_enumerated_after_a_cue_are_requests_without_an_addressee():
    text = (
        "Tại buổi làm việc, UBND xã kiến nghị hai nội dung: một là, hỗ trợ xây dựng lò sấy nông sản; "
        "hai là, mở lớp tập huấn nuôi bò sinh sản."
    )
    assert extract(text).as_json()["requests"] == [
        "Tại buổi làm việc, UBND xã kiến nghị hai nội dung: một là, hỗ trợ xây dựng lò sấy nông sản",
        "hai là, mở lớp tập huấn nuôi bò sinh sản.",
    ]
    listed = extract("Hợp tác xã đề xuất như sau: thứ nhất, cấp giống cây ăn quả; thứ hai, hỗ trợ nhà sơ chế.")
    assert len(listed.requests) == 2
    # Answers to the requests, enumerated the same way, are none.
    answered = extract("Phòng chuyên môn giải đáp các kiến nghị như sau: thứ nhất, về giống cây trồng đã có hướng dẫn.")
    assert answered.requests == []
