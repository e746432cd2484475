"""`cchc serve`: Datasette on the store, queried through its JSON API on a loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cchc_parse.store import serve
from cchc_parse.store.serve import serve_command

pytest.importorskip("datasette", reason="Datasette (the [web] extra) is not installed")

# The command as the `cchc` app runs it, without depending on where cli.py registers it.
LAUNCH = (
    "import typer, sys; from cchc_parse.store.serve import serve_command; "
    "app = typer.Typer(); app.command('serve')(serve_command); app.command('x')(lambda: None); app()"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(batch: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "serve", str(batch), "--port", str(port), "--as-of", "2023-07-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # up to 15 s for the server to listen
            if proc.poll() is not None:
                pytest.fail(f"cchc serve exited: {proc.stdout.read().decode() if proc.stdout else ''}")
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("cchc serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def test_tables_and_views_through_the_json_api(server: str) -> None:
    tasks = _get(server + "/cchc/tasks.json?_shape=array&_size=200&plan_id=a/001-kh-svhttdl.txt")
    assert isinstance(tasks, list) and len(tasks) == 56
    assert tasks[1]["task_id"] == "1.1" and tasks[1]["deadline_raw"] == "Quý II/2023"
    overdue = _get(server + "/cchc/overdue_tasks.json?_shape=array&plan_id=a/001-kh-svhttdl.txt")
    assert [t["task_id"] for t in overdue] == ["1.1", "1.2", "1.3", "2.1.a", "2.1.b", "4.3.a", "7.1", "7.2"]
    assert {t["as_of"] for t in overdue} == {"2023-07-01"}


def test_facets_and_labels_from_the_metadata(server: str) -> None:
    data = _get(server + "/cchc/task_status.json?_size=0")
    assert isinstance(data, dict)
    assert {
        "status",
        "province",
        "issuer",
        "lead_units",
        "area_label",
        "plan_year",
        "deadline_quarter",
    } <= set(data["facet_results"])
    meta = _get(server + "/-/metadata.json")
    assert isinstance(meta, dict)
    assert meta["databases"]["cchc"]["tables"]["overdue_tasks"]["title"] == "Nhiệm vụ quá hạn"


def test_canned_query_tasks_of_a_unit_due_this_quarter(server: str) -> None:
    unit = urllib.parse.quote("Văn phòng")
    rows = _get(server + f"/cchc/unit_due_this_quarter.json?_shape=array&unit={unit}")
    assert [(r["task_id"], r["done_by"]) for r in rows] == [("2.1.c", "2023-09-30")]  # Quý III of 2023-07-01
    rows = _get(server + "/cchc/unit_overdue.json?_shape=array&unit=SNV")
    assert rows == []  # the Tây Ninh plan's deadlines are in 2024


def test_without_datasette_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, batch: Path
) -> None:
    real = serve.importlib.util.find_spec
    monkeypatch.setattr(
        serve.importlib.util, "find_spec", lambda n, *a: None if n == "datasette" else real(n, *a)
    )
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("x")(lambda: None)
    r = CliRunner().invoke(app, ["serve", str(batch)])
    assert r.exit_code == 2
    assert "pip install 'cchc-parse[web]'" in r.output


def test_bad_folder_and_bad_date(tmp_path: Path, batch: Path) -> None:
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("x")(lambda: None)
    r = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert r.exit_code == 1 and "no cchc database here" in r.output
    r = CliRunner().invoke(app, ["serve", str(batch), "--as-of", "1/7/2023"])
    assert r.exit_code == 2 and "--as-of" in r.output
