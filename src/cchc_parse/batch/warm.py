"""A worker's first parse, made while it waits for its first file (issue 16, start-up).

The parser keeps state it makes on first use: ~60 compiled patterns, the province, unit and area
tables, the message templates, the writers' modules. The first parse of a process pays for them
(~25 ms of a one-page parse, two thirds of it compiling patterns); later parses do not. The worker of
a one-file ``cchc parse`` (prefork.py) is ready before the main process has read its command line
and sent it the file: in that idle time it parses the short plan below and throws the result away.
The plan holds what nearly every document has (the header, a legal basis, numbered sections, the
signature and recipients) and no more: its own parse is the waste when the file arrives during it,
so it is kept to about the length of that idle time (~20 ms; the one-time costs a particular file
still needs, say its deadline patterns, it pays itself).

No output depends on it: a worker's parses are independent of the ones before (a batch worker
parses thousands in a row; tests/test_prefork.py compares an early worker's output with a fresh one's).
"""

from __future__ import annotations

import select

WARM_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 01/KH-UBND

Lào Cai, ngày 02 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính năm 2026

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;

I. MỤC ĐÍCH
1. Mục đích
a) Nâng cao chất lượng giải quyết thủ tục hành chính năm 2026.

Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


def waiting(fd: int) -> bool:
    """Nothing has been sent on ``fd`` yet."""
    try:
        return not select.select([fd], [], [], 0)[0]
    except (OSError, ValueError):
        return False


def warm_parse() -> None:
    """Parse WARM_PLAN and write it as a one-file parse writes (YAML from the models, counts), then forget it."""
    try:
        from cchc_parse.counts import counts_of_doc
        from cchc_parse.emit.serialize import dump
        from cchc_parse.pipeline import parse_text

        doc = parse_text(WARM_PLAN, "warm.txt").doc
        dump(doc, "yaml")
        counts_of_doc(doc)
    except Exception:  # only a warm-up: the real parse reports whatever goes wrong
        pass
