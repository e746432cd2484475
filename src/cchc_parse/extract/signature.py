"""The text of a digital-signature stamp (Ban Cơ yếu VGCA and others): "Ký bởi: …", "Cơ quan: …",
"Thời gian ký: …", or a box without keys (signing body, email, "18.11.2024 07:25:14", "+07:00"). The
PDF reader finds the stamps by place (pdf/clean.find_stamps, pdf/stamps.py); a text copied out of a
signed PDF keeps the box's lines at its top (txt/reader.py). Either way they become the document's
``signed_by``/``signed_at``, never body text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import regex

from cchc_parse import rx

# digital-signature stamps (Ban Cơ yếu VGCA and others)
STAMP_ALWAYS = rx.lazy(r"^(?:Ký\s+bởi|Thời\s+gian\s+ký|Cơ\s+quan\s+phát\s+hành|Ngày\s+ký)\s*:", regex.I)
STAMP_NEAR = rx.lazy(r"^(?:Cơ\s+quan|Email|Chức\s+vụ|Tổ\s+chức)\s*:", regex.I)
STAMP_KEY = rx.lazy(r"^(Ký\s+bởi|Thời\s+gian\s+ký|Cơ\s+quan(?:\s+phát\s+hành)?|Email|Ngày\s+ký)\s*:\s*(.*)$",
                    regex.I)
EMAIL = rx.lazy(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")  # ttcbth@quangngai.gov.vn
WHEN = rx.lazy(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}")  # 18.11.2024 07:25:14


def field_key(label: str) -> str:
    """A stamp field's label as the fields are keyed: "Thời  gian ký" → "thời gian ký"."""
    return regex.sub(r"\s+", " ", label).casefold()


def stamp_box_fields(texts: Sequence[str]) -> dict[str, str] | None:
    """The fields of a signature box drawn by a stamp (its lines, top to bottom), or None when the
    lines are not one. Keyed lines ("Ký bởi: …", "Cơ quan: …") as in ``find_stamps``; a box without
    keys reads: signing body (one or more lines), email, time ("18.11.2024 07:25:14" / "+07:00").
    A line without a key continues the field above it."""
    if not any(STAMP_ALWAYS.match(t) or STAMP_NEAR.match(t) or EMAIL.match(t) or WHEN.search(t)
               for t in texts):
        return None
    fields: dict[str, str] = {}
    key = "ký bởi"
    for t in texts:
        m = STAMP_KEY.match(t)
        if m:
            key = field_key(m.group(1))
            fields.setdefault(key, m.group(2).strip())
        elif EMAIL.match(t):
            key = "email"
            fields.setdefault(key, t)
        elif WHEN.search(t):
            key = "thời gian ký"
            fields.setdefault(key, t)
        else:
            fields[key] = f"{fields.get(key, '')} {t}".strip()
    return fields


def stamp_meta(fields: dict[str, str]) -> dict[str, str]:
    """Stamp fields → meta: signed_by, signed_at (ISO when readable), signed_org, signed_email."""
    meta: dict[str, str] = {}
    if fields.get("ký bởi"):
        meta["signed_by"] = fields["ký bởi"]
    elif fields.get("cơ quan phát hành"):
        meta["signed_by"] = fields["cơ quan phát hành"]
    when = fields.get("thời gian ký") or fields.get("ngày ký")
    if when:
        meta["signed_at"] = parse_stamp_time(when)
    if fields.get("cơ quan"):
        meta["signed_org"] = fields["cơ quan"]
    if fields.get("email"):
        meta["signed_email"] = fields["email"]
    return meta


def parse_stamp_time(s: str) -> str:
    """'14.07.2026 09:15:12 +07:00' / '14/07/2026 09:15' → ISO 8601; else the text as it is."""
    m = regex.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\D+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                     r"(?:\s*([+-]\d{2}):?(\d{2}))?", s)
    if not m:
        return s.strip()
    d, mo, y, hh, mm, ss, tzh, tzm = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return s.strip()
    iso = dt.isoformat() if hh else dt.date().isoformat()
    if hh and tzh:
        iso += f"{tzh}:{tzm}"
    return iso
