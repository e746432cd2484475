"""`--lang` anywhere on the line, CCHC_LANG, the locale for the screen, Vietnamese for files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "text" / "001-kh-svhttdl.txt"


def cchc(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "CCHC_LANG")}
    return subprocess.run([sys.executable, "-m", "cchc_parse", *map(str, args)], capture_output=True, text=True,
                          env={**base, "CCHC_TODAY": "2026-11-23", "COLUMNS": "200", **env}, timeout=120,
                          cwd=ROOT)


def test_validate_speaks_vietnamese_with_lang_vi() -> None:
    r = cchc("validate", SEED, "--lang", "vi")
    assert r.returncode == 0, r.stderr
    assert "thiếu nhiệm vụ 3.3 (giữa 3.2 và 3.4; STT 3.4)" in r.stdout
    deadlines = [ln for ln in r.stdout.splitlines() if "T203" in ln]
    assert len(deadlines) == 4
    assert all("thuộc năm 2022, không phải năm kế hoạch 2023" in ln for ln in deadlines)
    assert "nhiệm vụ 1.2: thời hạn 'Tháng 01/2022'" in deadlines[0]
    assert "đã kiểm tra 1 tệp: 12 cảnh báo" in r.stdout


def test_validate_speaks_english_with_lang_en_after_the_path() -> None:
    r = cchc("validate", SEED, "--lang=en", LANG="vi_VN.UTF-8")  # --lang wins over the locale
    assert "task numbering gap: 3.3 missing between 3.2 and 3.4 (3.4)" in r.stdout
    deadlines = [ln for ln in r.stdout.splitlines() if "T203" in ln]
    assert len(deadlines) == 4 and all("is in 2022, not the plan year 2023" in ln for ln in deadlines)
    assert "1 file checked: 12 warnings" in r.stdout


def test_the_screen_follows_the_locale_and_cchc_lang() -> None:
    assert "thiếu nhiệm vụ 3.3" in cchc("validate", SEED, LANG="vi_VN.UTF-8").stdout
    assert "task numbering gap" in cchc("validate", SEED, LANG="C").stdout
    assert "task numbering gap" in cchc("validate", SEED, LANG="vi_VN.UTF-8", CCHC_LANG="en").stdout


def test_machine_reports_and_files_are_vietnamese_whatever_the_locale(tmp_path: Path) -> None:
    runs = [cchc("validate", SEED, "-f", "json", LANG=lang).stdout for lang in ("C", "en_US.UTF-8", "vi_VN.UTF-8")]
    assert runs[0] == runs[1] == runs[2]
    messages = [f["message"] for f in json.loads(runs[0])["files"][0]["findings"]]
    assert "thiếu nhiệm vụ 3.3 (giữa 3.2 và 3.4; STT 3.4)" in messages
    english = json.loads(cchc("validate", SEED, "-f", "json", "--lang", "en").stdout)
    assert "task numbering gap: 3.3 missing between 3.2 and 3.4 (3.4)" in \
        [f["message"] for f in english["files"][0]["findings"]]


def test_parse_writes_the_same_bytes_under_any_locale(tmp_path: Path) -> None:
    outs = []
    for i, lang in enumerate(("C", "vi_VN.UTF-8", "en_US.UTF-8")):
        out = tmp_path / f"{i}.yaml"
        r = cchc("parse", SEED, "-o", out, LANG=lang, LC_ALL=lang)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert "thiếu nhiệm vụ 3.3 (giữa 3.2 và 3.4; STT 3.4)" in outs[0].decode("utf-8")


def test_a_plan_parsed_in_vietnamese_validates_in_english(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    assert cchc("parse", SEED, "-o", plan).returncode == 0
    assert "giữa 3.2 và 3.4" in plan.read_text(encoding="utf-8")
    r = cchc("validate", plan, "--lang", "en", "-f", "json")
    messages = [f["message"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert "task numbering gap: 3.3 missing between 3.2 and 3.4 (3.4)" in messages
    assert not any("nhiệm vụ" in m for m in messages)


def test_help_in_the_locale_language() -> None:
    vi = cchc("--help", LANG="vi_VN.UTF-8").stdout
    assert "Cách dùng: cchc" in vi and "Chuyển kế hoạch cải cách hành chính" in vi and "Tùy chọn" in vi
    assert "Hiện hướng dẫn này và thoát." in vi
    en = cchc("--help", LANG="C").stdout
    assert "Usage: cchc" in en and "Turn Vietnamese administrative-reform plans" in en
    sub = cchc("validate", "--help", "--lang", "vi", LANG="C").stdout
    assert "Kiểm tra kế hoạch và văn bản theo lược đồ" in sub and "[mặc định: human]" in sub


def test_rules_listing_and_explanation_in_both_languages() -> None:
    vi = cchc("rules", "S101", "--lang", "vi").stdout
    assert "Số thứ tự cùng cấp bị nhảy cóc" in vi and "Báo lỗi" not in vi
    en = cchc("rules", "--lang", "en", "-f", "json").stdout
    s101 = next(r for r in json.loads(en) if r["code"] == "S101")
    assert s101["summary"].startswith("Siblings skip a number")
    p006 = cchc("rules", "P006", "--lang", "vi").stdout
    assert "Dòng bảng không có STT" in p006


def test_a_bad_lang_is_a_usage_error() -> None:
    r = cchc("rules", "--lang", "fr", LANG="C")
    assert r.returncode == 2 and "--lang must be vi or en, not 'fr'" in r.stderr
