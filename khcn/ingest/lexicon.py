"""Word lists the extraction rules share: Vietnamese family names, titles, province names.

These are general facts about Vietnamese names and public administration, not words of any
particular article.
"""

from khcn.core.text import fold


def words_of(text: str, sep: str | None = None) -> list[str]:
    """The words of a list written as one string (easier to read and edit than a literal)."""
    return [word.strip() for word in text.split(sep) if word.strip()]


# Common family names (họ), as written; a person's name starts with one of them.
SURNAMES_EXACT = frozenset(
    name
    for name in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Đào",
        "Đoàn",
        "Lâm",
        "Mai",
        "Trịnh",
        "Trương",
        "Cao",
        "Kiều",
        "Hà",
        "Tạ",
        "Tô",
        "Lưu",
        "Lương",
        "Phùng",
        "Vương",
        "Quách",
        "Thái",
        "Triệu",
        "Khổng",
        "Chu",
        "Châu",
        "Tăng",
        "Mạc",
        "Lục",
        "Nông",
        "Hứa",
        "Từ",
        "Thân",
        "Doãn",
        "Khúc",
        "Kim",
        "Lại",
        "Tôn",
        "Nghiêm",
        "Chử",
        "Chế",
        "Âu",
        "Bạch",
        "Cù",
        "Diệp",
        "Đàm",
        "Đồng",
        "Hầu",
        "Hoàng",
        "Kha",
        "Khương",
        "Lã",
        "Lò",
        "Lạc",
        "Mã",
        "Ninh",
        "Quản",
        "Sầm",
        "Tiêu",
        "Tống",
        "Trình",
        "Vi",
        "Viên",
        "Cấn",
        "Bế",
        "Lều",
        "Đường",
        "Đậu",
        "La",
        "Lương",
        "Lô",
        "Mạc",
        "Nhữ",
        "Phí",
        "Thiều",
        "Thều",
        "Tiết",
        "Bành",
        # Family names of the northern mountain peoples (H'Mông, Dao, Thái, Tày, Nùng, Lự, Hà Nhì …).
        *words_of("Vàng Giàng Sùng Lầu Thào Mùa Hờ Sình Tráng Vừ Hạng Lù Lồ Chảo Phàn Tẩn Ly Chang Cứ Lường Quàng Cầm"),
        *words_of("Điêu Lèo Khà Pờ Sần Thền Mè Hảng Chẻo Xồng Tòng Pằng"),
    ]
)
# Folded, for text typed without diacritics ("Nguyen Quoc Ha"); "Đông" is not the family "Đồng".
SURNAMES = frozenset(fold(name) for name in SURNAMES_EXACT)


def is_surname(token: str) -> bool:
    if token in SURNAMES_EXACT:
        return True
    return token.isascii() and fold(token) in SURNAMES


# Titles and positions that name a person's role, longest first, folded.
ROLE_WORDS = tuple(
    sorted(
        (
            fold(word)
            for word in (
                "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Phó Tổng Giám đốc", "Tổng Giám đốc",
                "Phó Giám đốc", "Giám đốc", "Phó Bí thư", "Bí thư", "Phó Trưởng phòng", "Trưởng phòng",
                "Phó Trưởng ban", "Trưởng ban", "Trưởng đoàn", "Phó Chánh Văn phòng", "Chánh Văn phòng",
                "Chánh Thanh tra", "Phó Chánh Thanh tra", "Thứ trưởng", "Bộ trưởng", "Phó Cục trưởng",
                "Cục trưởng", "Vụ trưởng", "Phó Vụ trưởng", "Viện trưởng", "Phó Viện trưởng", "Hiệu trưởng",
                "Phó Hiệu trưởng", "Phó Chủ nhiệm", "Chủ nhiệm", "Thành ủy viên", "Tỉnh ủy viên", "Huyện ủy viên",
                "Quận ủy viên", "Ủy viên", "Trưởng khoa", "Trưởng bộ môn", "Trưởng trạm", "Trưởng thôn",
                "Chuyên viên", "Giảng viên", "Nghiên cứu viên", "Kỹ sư", "Phó Trưởng Phòng", "Trưởng Phòng",
                "Chánh án", "Đại biểu Quốc hội", "PGS.TS", "GS.TS", "PGS. TS", "GS. TS", "TS.", "ThS.",
                "Tiến sĩ", "Thạc sĩ", "Giáo sư", "Phó Giáo sư", "Đại diện",
                "Thành viên", "Xã viên", "Hội viên", "Chủ hộ", "Chủ trang trại", "Chủ cơ sở",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip

# Words that open an organisation's name, never a unit's or a person's ("Sở Khoa học…"); exact
# spelling, since folded they would catch names ("Đồng" is not "Đông").
INSTITUTION_WORDS = frozenset(
    word
    for word in [
        "Sở",
        "Ủy",
        "Uỷ",
        "UBND",
        "HĐND",
        "Phòng",
        "Ban",
        "Trung",
        "Viện",
        "Trường",
        "Bệnh",
        "Công",
        "Đảng",
        "Thành",
        "Hội",
        "Đoàn",
        "Chi",
        "Báo",
        "Đài",
        "Bộ",
        "Cục",
        "Tổng",
        "Đ/c",
        "Ông",
        "Bà",
        "Tỉnh",
        "Huyện",
        "Quận",
        "Xã",
        "Phường",
        "Hợp",
        "Liên",
        "Tập",
        "Ngân",
        "Quỹ",
        "Khu",
        "Cụm",
        "Làng",
        "Chợ",
        "Phố",
        "Thôn",
        "Chương",
        "Kế",
        "Quyết",
        "Nghị",
        "Thông",
        "Chỉ",
        "Luật",
        "Đề",
        "Dự",
        "Nhiệm",
        "Hội",
        "Các",
        "Những",
        "Tại",
        "Theo",
        "Với",
        "Và",
        "Của",
        "Ảnh",
        "Nguồn",
        "Tin",
        "Video",
    ]
)

_INSTITUTION_FOLDED = frozenset(fold(word) for word in INSTITUTION_WORDS)


def is_institution_word(token: str, *, plain: bool = False) -> bool:
    """`token` opens an organisation's name ("Sở"; "So" in a `plain` text, typed without diacritics)."""
    return token in INSTITUTION_WORDS or (plain and fold(token) in _INSTITUTION_FOLDED)


# Province-level names (the 34 in force since 1 July 2025 and the 63 before), folded.
PROVINCES = frozenset(
    fold(name)
    for name in [
        "Hà Nội",
        "Hồ Chí Minh",
        "Hải Phòng",
        "Đà Nẵng",
        "Cần Thơ",
        "Huế",
        "Thừa Thiên Huế",
        "An Giang",
        "Bà Rịa Vũng Tàu",
        "Bắc Giang",
        "Bắc Kạn",
        "Bạc Liêu",
        "Bắc Ninh",
        "Bến Tre",
        "Bình Định",
        "Bình Dương",
        "Bình Phước",
        "Bình Thuận",
        "Cà Mau",
        "Cao Bằng",
        "Đắk Lắk",
        "Đắk Nông",
        "Điện Biên",
        "Đồng Nai",
        "Đồng Tháp",
        "Gia Lai",
        "Hà Giang",
        "Hà Nam",
        "Hà Tĩnh",
        "Hải Dương",
        "Hậu Giang",
        "Hòa Bình",
        "Hưng Yên",
        "Khánh Hòa",
        "Kiên Giang",
        "Kon Tum",
        "Lai Châu",
        "Lâm Đồng",
        "Lạng Sơn",
        "Lào Cai",
        "Long An",
        "Nam Định",
        "Nghệ An",
        "Ninh Bình",
        "Ninh Thuận",
        "Phú Thọ",
        "Phú Yên",
        "Quảng Bình",
        "Quảng Nam",
        "Quảng Ngãi",
        "Quảng Ninh",
        "Quảng Trị",
        "Sóc Trăng",
        "Sơn La",
        "Tây Ninh",
        "Thái Bình",
        "Thái Nguyên",
        "Thanh Hóa",
        "Tiền Giang",
        "Trà Vinh",
        "Tuyên Quang",
        "Vĩnh Long",
        "Vĩnh Phúc",
        "Yên Bái",
        "Thủ Đô",
    ]
)
