"""Two-column blocks in layout text (``pdftotext -layout``): the header (agency | Quốc hiệu;
Số | place and date) and the end block (Nơi nhận | signer) are printed side by side with runs of
spaces between them. Such a run of lines is split into its left column, then its right column.
"""

from __future__ import annotations

from cchc_parse import rx

_GAP = rx.lazy(r"(?<=\S) {4,}(?=\S)")
_MAX_BLANKS = 4
# a line that starts the body, never a column of the header or of the end block: the type line under
# the header ("QUYẾT ĐỊNH", "KẾ HOẠCH"), a Phần/Chương/Mục/Điều, a numbered heading, the preamble
# ("Căn cứ …", "Thực hiện …") or the addressee line ("Kính gửi: …")
_BODY = rx.lazy(r"^\s*(?:(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều)\s+(?:[IVXLC]+|\d+|thứ|THỨ)\b"
                r"|(?:[IVXL]{1,6}|\d{1,2})[.)]\s+\S"
                r"|(?:Căn\s+cứ|Thực\s+hiện|Kính\s+gửi)\b"
                r"|(?:KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|BÁO\s+CÁO|THÔNG\s+BÁO|TỜ\s+TRÌNH|CHỈ\s+THỊ|HƯỚNG\s+DẪN|NGHỊ\s+QUYẾT"
                r"|CÔNG\s+ĐIỆN|CHƯƠNG\s+TRÌNH|QUY\s+CHẾ|QUY\s+ĐỊNH|ĐỀ\s+ÁN|PHƯƠNG\s+ÁN|BIÊN\s+BẢN|THÔNG\s+TƯ"
                r"|NGHỊ\s+ĐỊNH)\s*$)")


# a list label alone before a gap: Word's numbering tab ("I.     MỤC ĐÍCH", "a)   Triển khai"), no gutter
LABEL_ONLY = rx.lazy(r"^\s*(?:(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,4}|[a-zđA-Z])[.)]|\(\d{1,2}\)|[-+•*–])$")
_RECIPIENTS = rx.lazy(r"^\s*Nơi\s+nhận\s*:")


def _gap_split(line: str) -> tuple[int, int] | None:
    """(end of left text, start of right text) when the line has exactly one wide gap that is not the
    space after a list label."""
    gaps = list(_GAP.finditer(line))
    if len(gaps) != 1 or LABEL_ONLY.match(line[:gaps[0].start()]):
        return None
    return gaps[0].start(), gaps[0].end()


_ITEM = rx.lazy(r"^\s*[-+•]\s*\S")
_ITEM_GAP = rx.lazy(r"^\s*[-+•]\s*\S.*?\S(?P<gap> {2,3})(?=\S)(?!.* {2})")


def _item_split(line: str) -> tuple[int, int] | None:
    """A recipient item with the signer's text after two or three spaces ("- Lưu: VT, L.   Nguyễn Văn
    A": the copy narrows the gap when the item is long): (end of the item, start of the right text)."""
    m = _ITEM_GAP.match(line)
    return (m.start("gap"), m.end("gap")) if m else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split_columns(lines: list[str], offset: int = 0, total: int | None = None) -> list[tuple[int, str, str | None]]:
    """Reorder ``lines`` (without newlines) into (source line index, text, zone) in reading order;
    ``lines`` may be a stretch of a longer text: ``offset`` is the index of its first line there and
    ``total`` that text's length (a block in its first fifth is the header, else the end block)."""
    out: list[tuple[int, str, str | None]] = []
    n = len(lines)
    total = n if total is None else total
    i = 0
    while i < n:
        sp = _gap_split(lines[i]) if "\f" not in lines[i] else None
        if sp is None:
            out.append((i + offset, lines[i], None))
            i += 1
            continue
        right_col = sp[1]
        run = [i]
        j, blanks = i + 1, 0
        back = i + offset >= max(30, total // 5) or _RECIPIENTS.match(lines[i]) is not None
        while j < n:
            cur = lines[j]
            if "\f" in cur:
                cur = cur.replace("\f", "")
                if not (back and _ITEM.match(cur)):
                    break  # but the list of recipients goes on over a page break
            if not cur.strip():
                blanks += 1
                if blanks > _MAX_BLANKS:
                    break
                j += 1
                continue
            s = _gap_split(cur)
            ind = _indent(cur)
            if s is None and _BODY.match(cur):
                break  # the block is over, however its columns line up with this line
            if s is not None and abs(s[1] - right_col) <= 12:
                pass
            elif s is None and abs(ind - right_col) <= 8 and len(cur.rstrip()) - ind <= 60:
                pass  # right column only
            elif s is None and ind < right_col // 2 and len(cur.rstrip()) < right_col + 4:
                pass  # left column only
            else:
                break
            blanks = 0
            run.extend(range(run[-1] + 1, j + 1))
            j += 1
        gap_lines = sum(1 for k in run if _gap_split(lines[k]) is not None)
        # two lines side by side make a block; "Nơi nhận: …   GIÁM ĐỐC" opens the end block on its own
        if gap_lines < 2 and not _RECIPIENTS.match(lines[i]):
            out.append((i + offset, lines[i], None))
            i += 1
            continue
        zone = "front" if i + offset < max(30, total // 5) else "back"
        left: list[tuple[int, str, str | None]] = []
        right: list[tuple[int, str, str | None]] = []
        for k in run:
            cur = lines[k].replace("\f", "")
            if not cur.strip():
                continue
            s = _gap_split(cur) or (_item_split(cur) if back else None)
            if s is not None:
                left.append((k + offset, cur[: s[0]], zone))
                right.append((k + offset, cur[s[1]:], zone))
            elif _indent(cur) >= right_col - 8:
                right.append((k + offset, cur, zone))
            else:
                left.append((k + offset, cur, zone))
        out.extend(left)
        out.extend(right)
        i = run[-1] + 1
    return out
