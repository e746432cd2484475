"""Every regular expression of the structure stage, named, each with a real example."""

from __future__ import annotations

import regex

from cchc_parse import rx

# regex's \s and \S (Unicode White_Space) written for ``re``, whose \s also matches \x1c-\x1f
# (str.isspace): a pattern moved from ``regex`` to ``re`` with these in place of \s, \S matches the same
# (tests/test_speed_docx_first_parse.py checks every code point)
RE_SPACE = r"[^\S\x1c-\x1f]"
RE_NONSPACE = r"[\S\x1c-\x1f]"

# "Số: 123/KH-UBND", "Số: /KH-SVHTTDL" (blank number), "Số: 07/2024/QĐ-UBND", "Số 2463 /QĐ - UBND",
# dotted and compound numbers kept whole: "Số: 66.19/2026/NQ-CP", "Số: 30.6/GĐN-ĐQ&V", "Số: 01.6/GĐN/KSYB";
# "SỐ: 12/KH-UBND", OCR's "số: … /QĐ-UBND" with their colon (without it, "SỐ 1050/QĐ-SCT" ends an
# issuer line "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH" and "số 12/KH-UBND" a wrapped body line)
DOC_NUMBER = rx.lazy(
    r"^\s*(?:Số|(?:SỐ|số)(?=\s*:))\s*:?\s*(?P<num>\d+(?:\.\d+)*[a-zA-Z]?)?\s*(?:\.{2,}|…+|_+)?\s*/\s*"
    r"(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<sym>[\p{Lu}Đ][\p{L}\d&.]*(?:\s*-\s*[\p{L}\d&.]+|/[\p{Lu}Đ][\p{L}\d&.]*)*)",
)
# Party form "Số 15-HD/BTGTU"
DOC_NUMBER_PARTY = rx.lazy(
    r"^\s*Số\s*:?\s*(?P<num>\d+[a-z]?)?\s*-\s*(?P<sym>[\p{Lu}][\p{L}]*\s*/\s*[\p{Lu}][\p{L}\d]*)")

# "Bình Dương, ngày   tháng 01 năm 2023", "Lào Cai, ngày 10 tháng 01năm 2026"
PLACE_DATE = rx.lazy(
    r"^\s*(?P<place>[\p{L}][\p{L}\s.\-–]{1,60}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?"
    r"[\s.…_]*năm\s*(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)

QUOC_HIEU = rx.lazy(r"^\s*C[ỘO]NG\s+H[ÒOÀ]+A?\s+X[ÃA]\s+H[ỘO]I", regex.IGNORECASE)
TIEU_NGU = rx.lazy(r"^\s*Độc\s+lập\s*[-–—]\s*Tự\s+do", regex.IGNORECASE)
PARTY_HEADER = rx.lazy(r"^\s*ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM\s*$", regex.IGNORECASE)
# "-------", "*", and both columns' rules on one line: "-------          ---------------"
_S = RE_SPACE
RULE_LINE = rx.lazy_re(rf"^{_S}*[-_=–—*.]{{3,}}(?:{_S}+[-_=–—*.]{{3,}})*{_S}*$|^{_S}*\*{_S}*$")  # re: see RE_SPACE

# "Căn cứ Kế hoạch số 6991/KH-UBND …", "Thực hiện Công văn …", "Theo đề nghị của …"
PREAMBLE = rx.lazy(r"^\s*(Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị)\b", regex.IGNORECASE)
LEGAL_BASIS = rx.lazy(r"^\s*Căn\s+cứ\b", regex.IGNORECASE)

# section markers --------------------------------------------------------------------------
# "PHẦN I", "Phần thứ nhất", "Chương II", "Mục 1", "Điều 3."
PART = rx.lazy(r"^\s*(?P<word>Phần|PHẦN|Chương|CHƯƠNG)\s+(?P<num>[IVXLC]+|\d+|thứ\s+\p{L}+|THỨ\s+\p{L}+)"
               r"\s*[.:\-–]?\s*(?P<rest>.*)$")
# "Điều 1. Phạm vi", "Điều 1: …", "Điều 5- Chánh Văn phòng …" (not "Điều 5 Nghị định …", a citation)
ARTICLE = rx.lazy(r"^\s*(?P<word>Điều)\s+(?P<num>\d+)\s*(?:[.:]|[\-–](?!\d))\s*(?P<rest>.*)$")
# "II. NỘI DUNG TRIỂN KHAI", "IV- KINH PHÍ" (not "V/v xin chủ trương …", the trích yếu's "về việc", nor
# "III/2029;", the end of "Quý III/2029" wrapped onto its own line)
ROMAN = rx.lazy(r"^\s*(?P<num>[IVXL]{1,6})\s*(?!/[vV]\b|/\s*\d)[.)/:\-–]\s*(?P<rest>\S.*)$")
# "1. Mục đích", "1.1. …", "2.1 …" (a single number needs "." or ")"), "3.3- …"
DECIMAL = rx.lazy(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2}){1,4})\.?\s*[)\-–:]?\s+(?P<rest>\S.*)$"
                  r"|^\s*(?P<num1>\d{1,2})\s*[.)]\s*(?:[\-–]\s*)?(?P<rest1>\S.*)$")
# "(1) …", "(1). …"
PAREN_NUM = rx.lazy(r"^\s*\((?P<num>\d{1,2})\)\s*[.:]?\s*(?P<rest>\S.*)$")
# lower-case Roman numerals in parentheses: "(i). Chỉ đạo …", "(ii) Sớm …", "(iv) …"
PAREN_ROMAN = rx.lazy(r"^\s*\((?P<num>i{1,3}|iv|vi{0,3}|ix|xi{0,3})\)\s*[.:]?\s*(?P<rest>\S.*)$")
# "a) …", "đ) …", "a. …"  (the Vietnamese letter order is checked elsewhere)
LETTER = rx.lazy(r"^\s*(?P<num>[a-zđ])\s*[).]\s*(?P<rest>\S.*)$")
UPPER_LETTER = rx.lazy(r"^\s*(?P<num>[A-HK-UĐ])\s*[.)]\s+(?P<rest>\S.*)$")
# "- …", "+ …", "• …", "– …"
BULLET = rx.lazy(r"^\s*(?P<num>[-+•*▪◦●–—‐‑−])\s*(?P<rest>\S.*)$")

# Vietnamese letters used for điểm, in order (no f, j, w, z; đ after d)
VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Back matter --------------------------------------------------------------------------------
RECIPIENTS_HEAD = rx.lazy(r"^\s*Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", regex.IGNORECASE)
KINH_GUI = rx.lazy(r"^\s*Kính\s+gửi\s*:?\s*(?P<rest>.*)$", regex.IGNORECASE)
# "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC", "T/M. ĐOÀN KIỂM TRA", "Q. CHÁNH VĂN PHÒNG";
# Party documents write the slashed prefix with no dot: "K/T CHÁNH VĂN PHÒNG", "T/M BAN THƯỜNG VỤ"
AUTHORITY = rx.lazy(
    r"^\s*(?:(?P<auth>TM|KT|TL|TUQ|Q)\s*[.:]|(?P<auth>T/M|K/T|T/L)\s*[.:]?)\s*(?P<rest>\p{Lu}.*)$")
SIGNED_MARK = rx.lazy(r"^\s*\(?\s*(đã\s+ký|ký\s+tên|ký,\s*ghi\s+rõ\s+họ\s+tên|đã\s+ký\s+và\s+đóng\s+dấu)"
                      r"[^)]*\)?\s*$",
                      regex.IGNORECASE)
END_OF_BODY = rx.lazy(r"\./\.\s*$")
CLOSING = rx.lazy(r"^\s*Trên\s+đây\s+là\b", regex.IGNORECASE)

# "năm 2023", "năm 2025"
YEAR_WORD = rx.lazy(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", regex.IGNORECASE)
# an end date, not the year a plan is for: "đến hết năm 2027", "đến năm 2030", "giai đoạn 2026-2030"
YEAR_END = rx.lazy(
    r"\b(?:đến|tới|trước)\s+(?:hết\s+|cuối\s+)?năm\s+(?:19|20)\d{2}\b"
    r"|\bgiai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?(?:19|20)\d{2}\s*(?:[-–—]|đến)\s*(?:năm\s+)?(?:19|20)\d{2}\b",
    regex.IGNORECASE)

# The line after the trích yếu naming who decides: "BỘ TRƯỞNG BỘ XÂY DỰNG", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
# "CHÍNH PHỦ", "GIÁM ĐỐC SỞ CÔNG THƯƠNG LÀO CAI", "TỔ TRƯỞNG TỔ GIÚP VIỆC …"; old decrees: "CỦA CHÍNH PHỦ"
AUTHORITY_LINE = rx.lazy(
    r"^\s*(?:CỦA\s+)?(?P<auth>(?:ỦY|UỶ)\s+BAN\b|HỘI\s+ĐỒNG\b|CHÍNH\s+PHỦ\b|QUỐC\s+HỘI\b|THỦ\s+TƯỚNG\b|"
    r"BỘ\s+TRƯỞNG\b|THỨ\s+TRƯỞNG\b|CHỦ\s+TỊCH\b|GIÁM\s+ĐỐC\b|TỔNG\s+GIÁM\s+ĐỐC\b|CỤC\s+TRƯỞNG\b|"
    r"TỔNG\s+CỤC\s+TRƯỞNG\b|CHI\s+CỤC\s+TRƯỞNG\b|VỤ\s+TRƯỞNG\b|VIỆN\s+TRƯỞNG\b|HIỆU\s+TRƯỞNG\b|"
    r"CHÁNH\s+(?:VĂN\s+PHÒNG|THANH\s+TRA|ÁN)\b|THỐNG\s+ĐỐC\b|TỔNG\s+KIỂM\s+TOÁN\b|"
    r"TỔ\s+TRƯỞNG\b|TRƯỞNG\s+(?:BAN|ĐOÀN|TIỂU\s+BAN)\b|"
    r"BAN\s+(?:CHẤP\s+HÀNH|THƯỜNG\s+VỤ|THƯỜNG\s+TRỰC|BÍ\s+THƯ|CHỈ\s+ĐẠO)\b|ĐOÀN\s+CHỦ\s+TỊCH\b)"
    r"[^\p{Ll}]*$")
# "DỰ THẢO", "Dự thảo", "DỰ THẢO 2", "(Dự thảo lần 3)": a floating draft mark in the header
DRAFT_MARK = rx.lazy(r"^\s*\(?\s*(?:DỰ\s+THẢO|Dự\s+thảo)(?:\s+(?:lần\s+|LẦN\s+)?\d+)?\s*\)?\s*$")


def opens_with(text: str, firsts: str) -> bool:
    """Whether a pattern that opens "^\\s*" and a letter can match ``text``: ``firsts`` is every character regex
    takes for that letter (CLOSING's T: "Tt"; RECIPIENTS_HEAD's N: "Nn"); the text's first character is one,
    or white space (regex's \\s is within str.isspace), or there is none. Most lines open with another letter,
    told without the regex (tests/test_speed_docx6_structure.py checks the letters)."""
    first = text[:1]
    return first in firsts or first.isspace()


def is_upper_line(text: str) -> bool:
    """At least 85% of the letters (two or more) are upper case: a heading or an issuer line."""
    # read in pieces of 32, 32, 64, 128 … characters: once the letters read that are not upper case are
    # more than 15% of what the letters can be at most (those read and every character not read yet), the
    # answer is no and the rest is not read (integer test, margin past rounding). A body sentence is told
    # from its first fifth or so (tests/test_speed_docx6_structure.py compares it with reading it whole).
    n = len(text)
    letters = upper = 0
    start, end = 0, 32
    while True:
        piece = "".join(filter(str.isalpha, text[start:end]))
        letters += len(piece)
        upper += sum(map(str.isupper, piece))
        if end >= n:
            break
        if 20 * (letters - upper) > 3 * (letters + n - end) + 1:
            return False
        start, end = end, 2 * end
    return letters >= 2 and upper >= 0.85 * letters
