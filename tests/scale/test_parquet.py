"""`--parquet`: tasks, task units, plans and references as Parquet under OUT/parquet/, partitioned by
province and year (hive style), read back with DuckDB and counted against the YAML outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from cchc_parse.scale.parquet import NULL_PART, part_value

from .helpers import build, manifest, run, tree_bytes

duckdb = pytest.importorskip("duckdb", reason="the test extra (duckdb) is not installed")
pytest.importorskip("pyarrow", reason="the [parquet] extra is not installed")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("parquet")
    build(base / "in")
    run([base / "in"], base / "out", parquet=True)
    return base / "out"


def read(out: Path, table: str, what: str = "count(*)", by: str = "") -> list[tuple]:
    sql = (f"select {by}{', ' if by else ''}{what} from read_parquet('{out}/parquet/{table}/**/*.parquet', "
           f"hive_partitioning = true){' group by all order by all' if by else ''}")
    return duckdb.sql(sql).fetchall()


def outputs(out: Path) -> dict[str, dict]:
    return {e["path"]: yaml.safe_load((out / e["output"]).read_text(encoding="utf-8"))
            for e in manifest(out)["files"] if e["output"]}


def test_counts_match_the_yaml_outputs(out: Path) -> None:
    plans = outputs(out)
    tasks = [t for d in plans.values() for t in [*d["tasks"], *d["inline_tasks"]]]
    units = sum(len(t["lead"]) + len(t["support"]) for t in tasks)
    refs = sum(len(d["legal_bases"]) + len(d["references"]) for d in plans.values())
    assert tasks and units and refs
    assert read(out, "plans") == [(len(manifest(out)["files"]),)]
    assert read(out, "tasks") == [(len(tasks),)]
    assert read(out, "task_units") == [(units,)]
    assert read(out, "references") == [(refs,)]
    leads = sum(len(t["lead"]) for t in tasks)
    assert read(out, "task_units", by="role") == sorted([("lead", leads), ("support", units - leads)])


def test_partitions_are_each_plans_province_and_year(out: Path) -> None:
    plans = outputs(out)
    want: dict[tuple, int] = {}
    for d in plans.values():
        doc = d["document"]
        key = (doc["province"], doc["year"] or (doc["date"] or {}).get("year"))
        want[key] = want.get(key, 0) + len(d["tasks"]) + len(d["inline_tasks"])
    got = read(out, "tasks", by="province, year")
    assert sorted(got, key=str) == sorted(((p, y, n) for (p, y), n in want.items() if n), key=str)
    failed = duckdb.sql(f"select province, year from read_parquet('{out}/parquet/plans/**/*.parquet', "
                        "hive_partitioning = true) where status = 'failed'").fetchall()
    assert failed == [(None, None)]  # a failed file: no province, no year
    assert (out / "parquet" / "plans" / f"province={NULL_PART}" / f"year={NULL_PART}").is_dir()
    names = duckdb.sql(f"select column_name, column_type from (describe select * from read_parquet("
                       f"'{out}/parquet/task_units/**/*.parquet', hive_partitioning = true))").fetchall()
    assert ("unit_canonical", "VARCHAR") in names and ("position", "BIGINT") in names


def test_deterministic_and_rebuilt_from_caches(out: Path, tmp_path: Path) -> None:
    before = {p: b for p, b in tree_bytes(out).items() if p.startswith("parquet/")}
    work = tmp_path / "out"
    shutil.copytree(out, work)
    src = out.parent / "in"
    run([src], work, parquet=True)  # every file unchanged: the rows come from the row caches
    assert {p: b for p, b in tree_bytes(work).items() if p.startswith("parquet/")} == before
    shutil.rmtree(work / ".cchc")  # no caches: from the outputs themselves
    run([src], work, parquet=True)
    assert {p: b for p, b in tree_bytes(work).items() if p.startswith("parquet/")} == before
    run([src], tmp_path / "again", parquet=True, force=True, jobs=1)
    assert {p: b for p, b in tree_bytes(tmp_path / "again").items() if p.startswith("parquet/")} == before


def test_partition_values_are_escaped() -> None:
    assert part_value("Bà Rịa - Vũng Tàu") == "Bà Rịa - Vũng Tàu"
    assert part_value("a/b=c%") == "a%2Fb%3Dc%25"
    assert part_value(None) == part_value("") == NULL_PART
    assert part_value(2024) == "2024"
