"""Columnar exports for analysis engines (``cchc parse … --parquet``): OUT/parquet/<table>/, one
Parquet file per plan province and year, hive style (``province=Lào Cai/year=2024/part-0.parquet``;
an unknown value is ``__HIVE_DEFAULT_PARTITION__``), readable by DuckDB, Spark, pandas and pyarrow.

Tables: ``plans`` (one row per input file, as plans.csv), ``tasks`` (as tasks.csv), ``task_units``
(task x unit x role lead/support, the unit as written and canonical) and ``references`` (legal
bases and cited documents). The partition columns are in the paths, not in the files. The same
outputs give the same bytes: rows in path and document order, fixed file names, explicit types.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from cchc_parse.batch.rows import REFERENCE_COLUMNS
from cchc_parse.desk.columns import PLAN_COLS, TASK_COLS, UNIT_COLS, meta_of, rows_current
from cchc_parse.scale import require

FOLDER = "parquet"
NULL_PART = "__HIVE_DEFAULT_PARTITION__"
PARTITIONS = ("province", "year")
NUMBER_KINDS = {"number": "int64", "bool": "bool"}  # desk column kind → Arrow type; the rest are strings
REFERENCE_TYPES = {"citations": "int64"}


def part_value(v: Any) -> str:
    """A partition value as a path part: '/', '%', '=', '\\' and control characters %-escaped (as
    Hive, DuckDB and pyarrow read them back); None → __HIVE_DEFAULT_PARTITION__."""
    if v is None or v == "":
        return NULL_PART
    return "".join("".join(f"%{b:02X}" for b in c.encode()) if c in "/%=\\" or ord(c) < 32 else c
                   for c in str(v))


def _types(cols: list[Any]) -> dict[str, str]:
    return {c.key: NUMBER_KINDS.get(c.kind, "string") for c in cols}


def _table_rows(plans: list[tuple[dict[str, Any], dict[str, Any] | None, Any]],
                refs: dict[str, list[list[Any]]]) -> dict[str, tuple[list[str], dict[str, str], list]]:
    """(columns, types, [(partition, row)]) of each table."""
    from cchc_parse.batch.exports import plan_row

    tables: dict[str, tuple[list[str], dict[str, str], list]] = {
        "plans": ([c.key for c in PLAN_COLS], _types(PLAN_COLS), []),
        "tasks": ([c.key for c in TASK_COLS], _types(TASK_COLS), []),
        "task_units": ([c.key for c in UNIT_COLS], _types(UNIT_COLS), []),
        "references": (REFERENCE_COLUMNS, {k: REFERENCE_TYPES.get(k, "string") for k in REFERENCE_COLUMNS},
                       []),
    }
    for entry, data, rows in plans:
        meta = meta_of(data or {})
        part = (meta["province"], meta["year"])
        tables["plans"][2].append((part, plan_row(entry, data)))
        if rows_current(rows):
            tables["tasks"][2].extend((part, r) for r in rows["tasks"])
            tables["task_units"][2].extend((part, r) for r in rows["units"])
        tables["references"][2].extend((part, r) for r in refs.get(entry["path"]) or [])
    return tables


def _write_table(folder: Path, cols: list[str], types: dict[str, str], rows: list) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    keep = [i for i, c in enumerate(cols) if c not in PARTITIONS]
    arrow = {"int64": pa.int64(), "bool": pa.bool_(), "string": pa.string()}
    schema = pa.schema([(cols[i], arrow[types[cols[i]]]) for i in keep])
    parts: dict[tuple[str, str], list[list[Any]]] = {}
    for (province, year), row in rows:
        parts.setdefault((part_value(province), part_value(year)), []).append(row)
    if not parts:  # an empty table still has its schema, for the engines that read it
        parts[(NULL_PART, NULL_PART)] = []
    for (province, year), prow in sorted(parts.items()):
        where = folder / f"province={province}" / f"year={year}"
        where.mkdir(parents=True, exist_ok=True)
        arrays = [pa.array([r[i] for r in prow], type=schema.field(n).type) for n, i in
                  zip(schema.names, keep, strict=True)]
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), where / "part-0.parquet",
                       compression="zstd")


def write_parquet(out: Path, plans: list[tuple[dict[str, Any], dict[str, Any] | None, Any]],
                  refs: dict[str, list[list[Any]]]) -> Path:
    """Write OUT/parquet/ from the same rows as the other exports; replaces the folder whole (a
    partition that no longer has rows disappears). Returns the folder."""
    require("pyarrow", "parquet", "--parquet")
    final = out / FOLDER
    tmp = out / f".{FOLDER}-new"  # beside the final folder, so the swap is two renames
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()  # under the umask, as every other output
    try:
        for name, (cols, types, rows) in _table_rows(plans, refs).items():
            _write_table(tmp / name, cols, types, rows)
        old = out / f".{FOLDER}-old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.rename(final, old)
        os.rename(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
