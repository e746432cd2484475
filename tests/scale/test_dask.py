"""`--executor dask`: the same per-file work on a Dask cluster (two worker processes here) gives the
same outputs, row caches, exports and Parquet files, byte for byte, and the same manifest but for
its times, as the local pool; the per-file time limit holds on the cluster too."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from cchc_parse.batch import BatchOptions, check_batch
from cchc_parse.errors import CchcError
from cchc_parse.i18n import use

from .helpers import TEXTS, Parser, build, manifest, run, stable, tree_bytes

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  memory_limit=0) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, cluster: str):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("dask")
    build(base / "in")
    codes = {"local": run([base / "in"], base / "local", parquet=True),
             "dask": run([base / "in"], base / "dask", parquet=True, executor="dask", scheduler=cluster)}
    return base, codes


def test_dask_run_gives_the_local_bytes(runs) -> None:  # type: ignore[no-untyped-def]
    base, codes = runs
    assert codes == {"local": 1, "dask": 1}  # hỏng.docx fails in both
    local, dask = tree_bytes(base / "local"), tree_bytes(base / "dask")
    assert sorted(local) == sorted(dask) and len(local) > 20
    assert [p for p in local if local[p] != dask[p]] == []
    m = manifest(base / "dask")
    assert stable(m) == stable(manifest(base / "local"))
    assert m["run"]["executor"] == "dask" and m["run"]["peak_rss_mb_per_worker"] > 0
    assert any(e.get("same_as") for e in m["files"])  # copies parsed once there too


def test_local_dask_cluster_and_its_time_limit(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "hang.txt")
    shutil.copy(TEXTS[1], src / "fine.txt")
    code = run([src], tmp_path / "out", executor="dask", jobs=2, timeout=1.5,
               parser=Parser(tmp_path / "log", hang="hang"))
    files = {e["path"]: e for e in manifest(tmp_path / "out")["files"]}
    assert code == 1 and "time limit of 1.5 s" in files["hang.txt"]["reason"]
    assert files["fine.txt"]["status"] != "failed" and (tmp_path / "out" / "fine.txt.yaml").is_file()
    assert not list((tmp_path / "out").rglob("*.part"))


def test_missing_extras_name_the_pip_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("distributed", "pyarrow") else real(name, *a))
    (tmp_path / "in").mkdir()
    with use("en"), pytest.raises(CchcError, match=r"pip install 'cchc-parse\[dask\]'"):
        check_batch([tmp_path / "in"], tmp_path / "out", BatchOptions(executor="dask"))
    with use("en"), pytest.raises(CchcError, match=r"pip install 'cchc-parse\[parquet\]'"):
        check_batch([tmp_path / "in"], tmp_path / "out", BatchOptions(parquet=True))
    with use("en"), pytest.raises(CchcError, match="local or dask"):
        check_batch([tmp_path / "in"], tmp_path / "out", BatchOptions(executor="spark"))
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_parse.scale import dask_exec

    monkeypatch.setattr(dask_exec, "CONNECT_SECONDS", 1)
    shutil.copy(TEXTS[1], tmp_path / "a.txt")
    with use("en"), pytest.raises(CchcError, match=r"cannot start the Dask client \(tcp://127\.0\.0\.1:1\)"):
        run([tmp_path / "a.txt"], tmp_path / "out", executor="dask", scheduler="tcp://127.0.0.1:1")
    assert not (tmp_path / "out" / "a.txt.yaml").exists() and not (tmp_path / "out" / "index.json").exists()
