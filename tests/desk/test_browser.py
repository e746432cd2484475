"""The report in a real browser: headless Chromium (Debian package `chromium`) loads the file, shows no
console message (the page has no script), and the figures in the rendered DOM equal those computed from
the outputs and those of the database (store/). A screenshot is kept as a test artifact."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from cchc_parse.desk.load import load_source
from cchc_parse.desk.report import build_report

from .test_report import figures_of

AS_OF = date(2023, 7, 1)
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def render_in_browser(page: Path, shot: Path) -> tuple[str, str]:
    """(the DOM after loading, the browser's log) of one headless run that also takes a screenshot."""
    assert BROWSER is not None
    cmd = [BROWSER, "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
           "--enable-logging=stderr", "--v=0", f"--user-data-dir={shot.parent / 'profile'}",
           "--window-size=1280,2000", f"--screenshot={shot}", "--dump-dom", page.as_uri()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=True)
    return run.stdout, run.stderr


@pytest.mark.skipif(BROWSER is None, reason="needs Chromium: apt-get install chromium (make system-deps)")
def test_report_in_chromium_matches_the_outputs_and_the_database(
        batch: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from cchc_parse.store import sync

    art = tmp_path_factory.mktemp("report-artifacts")
    html, f = build_report(load_source(batch), AS_OF, shown_as="out")
    page = art / "report.html"
    page.write_text(html, encoding="utf-8")
    dom, log = render_in_browser(page, art / "report.png")
    assert not [line for line in log.splitlines() if "CONSOLE" in line]  # no console message at all
    assert (art / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the artifact: report.png
    got = {(k, n): v for k, n, v in figures_of(dom)}
    computed = {"files": f.files, "plans": f.plans, "duplicates": f.duplicates, "tasks": f.tasks,
                "overdue": f.task_statuses["overdue"], "due_soon": f.task_statuses["due_soon"]}
    assert {n: int(got[(None, n)]) for n in computed} == computed
    assert computed["duplicates"] == 1 and computed["overdue"] == 8  # the copy of seed 001 counted once
    db = sqlite3.connect(sync(batch, as_of=AS_OF))
    try:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        from_db = {"files": one("SELECT count(*) FROM plans"),
                   "plans": one("SELECT count(*) FROM distinct_plans WHERE status != 'failed'"),
                   "duplicates": one("SELECT count(*) FROM plans WHERE duplicate_of IS NOT NULL"),
                   "tasks": one("SELECT count(*) FROM task_status"),
                   "overdue": one("SELECT count(*) FROM task_status WHERE status = 'overdue'"),
                   "due_soon": one("SELECT count(*) FROM task_status WHERE status = 'due_soon'")}
        assert from_db == computed
        by_status = dict(db.execute("SELECT status, count(*) FROM task_status GROUP BY status").fetchall())
        assert {s: int(got[(s, "tasks")]) for s in f.task_statuses if got[(s, "tasks")] != "0"} == by_status
        by_province = dict(db.execute(
            "SELECT province, count(*) FROM distinct_plans WHERE status != 'failed' AND province IS NOT NULL "
            "GROUP BY province").fetchall())
        assert {k: int(got[(k, "plans")]) for k in by_province} == by_province
    finally:
        db.close()
