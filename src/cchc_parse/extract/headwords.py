"""The words of a task table's column headers ("STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"…):
read by the structure stage to give each column its role, and by the text reader to find a table laid
out with spaces (extract/txt/columns.py)."""

from __future__ import annotations

import regex

from cchc_parse import rx

# Checked in order; the first role whose words appear in the header text wins.
ROLE_WORDS: list[tuple[str, regex.Pattern[str]]] = [
    ("support", rx.lazy(r"phối\s*hợp", regex.I)),
    ("lead", rx.lazy(r"chủ\s*trì|người\s+thực\s+hiện|cơ\s+quan\s+thực\s+hiện|đơn\s+vị\s+thực\s+hiện|"
                     r"tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm\s+thực\s+hiện|phân\s+công", regex.I)),
    ("outputs", rx.lazy(r"sản\s*phẩm|kết\s*quả|hình\s+thức\s+văn\s+bản", regex.I)),
    ("deadline", rx.lazy(r"thời\s*gian|thời\s*hạn|tiến\s*độ|thời\s*điểm|hoàn\s+thành", regex.I)),
    ("note", rx.lazy(r"ghi\s*chú", regex.I)),
    # "Họ và tên", "Họ tên": a list of people (a ballot, a staff list), not a list of work
    ("person", rx.lazy(r"\bhọ\s+(?:và\s+)?tên\b", regex.I)),
    ("stt", rx.lazy(r"^\s*(stt|tt|số\s*tt|số\s+thứ\s+tự)\s*\.?\s*$", regex.I)),
    ("content", rx.lazy(r"nội\s*dung|nhiệm\s*vụ|công\s*việc|hoạt\s*động|tên\s+", regex.I)),
]

# the roles that assign work: a table with a content column and one of them is a task table
WORK_ROLES = frozenset(("lead", "support", "deadline", "outputs"))
# the words of sub-headers and of headers wrapped over several lines
HEAD_WORDS = frozenset(("đơn", "vị", "chủ", "trì", "phối", "hợp", "cơ", "quan", "thực", "hiện", "thời", "gian", "hạn",
                        "điểm", "hoàn", "thành", "sản", "phẩm", "kết", "quả", "dự", "kiến", "ghi", "chú", "người",
                        "tổ", "chức", "trách", "nhiệm", "phụ", "lãnh", "đạo", "tiến", "độ"))
# the first word of each of the content column's header words (ROLE_WORDS): a line with
# none of them is no header, whatever else it holds (a cheap test on every line with wide gaps)
CONTENT_STEMS = ("nội", "nhiệm", "công", "hoạt", "tên")


def header_role(text: str) -> str | None:
    """The role of a column whose header reads ``text`` (one of ROLE_WORDS' roles), None for none."""
    t = " ".join(text.split())
    if not t:
        return None
    for role, words in ROLE_WORDS:
        if words.search(t):
            return role
    return None
