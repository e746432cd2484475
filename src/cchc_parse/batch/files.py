"""Batch helpers on the file system: finding inputs, safe output paths, hashing, shards, the manifest."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from cchc_parse.emit.serialize import NAME_MAX, temp_prefix, write_atomic
from cchc_parse.errors import CchcError, InputError, OutputError

# Files in an input folder that are obviously not plans: left out silently (everything else that is
# found is accounted for in the manifest, supported or not).
IGNORED_SUFFIXES = frozenset({
    ".py", ".pyc", ".pyo", ".md", ".rst", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".ini", ".cfg",
    ".csv", ".tsv", ".log", ".sh", ".bat", ".ps1", ".part", ".lock", ".ipynb",
})
IGNORED_DIRS = frozenset({"__pycache__", "node_modules"})
MANIFEST = "index.json"
# names the run writes at the top of the output folder: an input that would land on one gets a '~'
RESERVED = frozenset({MANIFEST, "tasks.csv", "tasks.xlsx", "plans.csv", ".cchc", "cchc.sqlite", "parquet"})
LINK_OUT = "a symbolic link to outside the input folder: not followed (use --follow-links)"
HEAD_BYTES = 8192
OK, WARN, FAILED, SKIPPED = "ok", "ok-with-warnings", "failed", "skipped"
STATUSES = (OK, WARN, FAILED, SKIPPED)


@dataclass
class Item:
    """One input file: ``src`` is read, ``rel`` (POSIX, relative) names it in the output tree."""

    src: Path
    rel: str
    sha256: str | None = None
    size: int | None = None
    fmt: str | None = None  # from sniffing the first bytes
    error: CchcError | None = None  # could not even be read


def disp(s: str | Path) -> str:
    """A path as printable text: bytes that are not UTF-8 (surrogate escapes) shown as \\xNN."""
    return os.fsencode(str(s)).decode("utf-8", "backslashreplace")


def shown(s: str | Path) -> str:
    """A path for one line of a log: control characters (a newline in a name) escaped."""
    return disp(s).encode("unicode_escape").decode("ascii").replace("\\\\", "\\") if any(
        ord(c) < 32 for c in str(s)) else disp(s)


# --------------------------------------------------------------------------------------------------
def glob_match(rel: str, patterns: list[str]) -> bool:
    """Case-insensitive glob on the path relative to the input root; a pattern without '/' also
    matches the file name, and a leading '**/' also matches at the top level."""
    low = rel.lower()
    name = low.rsplit("/", 1)[-1]
    for pat in patterns:
        p = pat.lower().replace("\\", "/")
        if fnmatch.fnmatchcase(low, p) or ("/" not in p and fnmatch.fnmatchcase(name, p)):
            return True
        if p.startswith("**/") and fnmatch.fnmatchcase(low, p[3:]):
            return True
    return False


def _ignored(name: str) -> bool:
    return name.startswith(".") or Path(name).suffix.lower() in IGNORED_SUFFIXES


def _dir_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def is_output(path: Path, names: list[str]) -> bool:
    """A folder another batch run wrote (its manifest says so): not input."""
    for n in names:
        if n.startswith("index") and n.endswith(".json"):
            try:
                with (path / n).open("rb") as fh:
                    if b'"tool": "cchc"' in fh.read(200):
                        return True
            except OSError:
                pass
    return False


def _inside(path: Path, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _walk(root: Path, out_id: tuple[int, int] | None, follow_links: bool) -> list[tuple[Path, str, bool]]:
    """(path, path relative to ``root``, is a link leaving the tree) of every candidate file under
    ``root``; links to folders inside the tree are followed once (loops are cut)."""
    real_root = os.path.realpath(root)
    found: list[tuple[Path, str, bool]] = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        did = _dir_id(Path(dirpath))
        if did is None or did in seen or did == out_id or is_output(Path(dirpath), filenames):
            dirnames[:] = []
            continue
        seen.add(did)
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        keep = []
        for d in sorted(dirnames):
            if d.startswith(".") or d in IGNORED_DIRS:
                continue
            if not follow_links and os.path.islink(os.path.join(dirpath, d)) \
                    and not _inside(Path(dirpath) / d, real_root):
                found.append((Path(dirpath) / d, d if rel_dir == "." else f"{rel_dir}/{d}", True))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if _ignored(name):
                continue
            src = Path(dirpath) / name
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            outside = not follow_links and src.is_symlink() and not _inside(src, real_root)
            try:  # sockets, fifos and devices are not documents (a broken link is reported)
                if not outside and not stat.S_ISREG(src.stat().st_mode):
                    continue
            except OSError:
                pass
            found.append((src, rel, outside))
    return found


def discover(inputs: list[Path], out: Path, include: list[str] | None = None,
             exclude: list[str] | None = None, follow_links: bool = False) -> list[Item]:
    """Every input file, sorted by its output-relative path, each file once (the same file named
    twice, or reached twice, is parsed once). Folders are walked recursively; symbolic links inside
    the tree are followed once (loops are cut), links leaving it are reported, not followed, unless
    ``follow_links``; the output folder (and any other folder with a cchc manifest), hidden entries
    and obvious non-documents are left out; include/exclude globs apply to the files found in folders."""
    include, exclude = include or [], exclude or []
    out_id = _dir_id(out)
    single_dir = len(inputs) == 1 and inputs[0].is_dir()
    items: list[Item] = []
    for root in inputs:
        if not root.is_dir():  # a file named on the command line is always taken (and reported)
            items.append(Item(root, root.name))
            continue
        prefix = "" if single_dir else (root.resolve().name or "root") + "/"
        for src, rel, outside in _walk(root, out_id, follow_links):
            if (include and not glob_match(rel, include)) or (exclude and glob_match(rel, exclude)):
                continue
            items.append(Item(src, prefix + rel, error=InputError(src, LINK_OUT) if outside else None))
    items = _once(items)
    items.sort(key=lambda it: it.rel)
    seen_rel: dict[str, int] = {}
    for it in items:  # two inputs with one name: keep both
        n = seen_rel.get(it.rel, 0)
        seen_rel[it.rel] = n + 1
        if n:
            it.rel = f"{it.rel}~{n + 1}"
    return items


def _once(items: list[Item]) -> list[Item]:
    """Each file once (by its real path): the first reached by a path without a symbolic link,
    else the first; links not followed are kept (they are reported)."""
    best: dict[str, tuple[bool, int]] = {}
    for i, it in enumerate(items):
        if it.error is None:
            real, rank = os.path.realpath(it.src), (it.src.is_symlink(), i)
            best[real] = min(best.get(real, rank), rank)
    keep = {i for _, i in best.values()}
    return [it for i, it in enumerate(items) if it.error is not None or i in keep]


def hash_file(item: Item) -> None:
    """Fill sha256, size and the sniffed format; a file that cannot be read gets ``error``."""
    from cchc_parse.errors import InputError
    from cchc_parse.extract import sniff

    h = hashlib.sha256()
    head = b""
    try:
        with item.src.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                if not head:
                    head = chunk[:HEAD_BYTES]
                h.update(chunk)
                item.size = (item.size or 0) + len(chunk)
    except FileNotFoundError:
        item.error = InputError(item.src, "no such file (or a broken symbolic link)")
        return
    except OSError as e:
        item.error = InputError(item.src, f"cannot read: {e.strerror or e}")
        return
    item.size = item.size or 0
    item.sha256 = h.hexdigest()
    item.fmt = sniff(head, item.src.name)


# --------------------------------------------------------------------------------------------------
def output_path(out: Path, rel: str, fmt: str, resolved: dict[Path, Path] | None = None) -> Path:
    """``out/<rel>.<fmt>``; raises OutputError when it would land outside ``out`` (a '..' part,
    an absolute path, or a symbolic link inside ``out`` that points elsewhere). ``resolved``: the
    folders resolved so far in this run's plan (each resolved once)."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel \
            or "\x00" in rel:
        raise OutputError(out / rel, "output path escapes the output folder")
    parts = (*parts[:-1], f"{parts[-1]}.{fmt}")
    if _reserved(parts[0]):  # an input folder named index.json: out/index.json~/…
        parts = (parts[0] + "~", *parts[1:])
    cache: dict[Path, Path] = {} if resolved is None else resolved
    base = _resolved(out, cache)
    target = base.joinpath(*parts)
    try:
        link = target.is_symlink()
    except OSError:  # a name the system refuses (too long): resolved in full; it fails when written
        link = True
    real = target.resolve() if link else _resolved(target.parent, cache) / target.name
    if not real.is_relative_to(base):  # a symbolic link inside out/ pointing elsewhere
        raise OutputError(target, "output path escapes the output folder")
    return target


def _resolved(folder: Path, cache: dict[Path, Path]) -> Path:
    if folder not in cache:
        cache[folder] = folder.resolve()
    return cache[folder]


def _reserved(name: str) -> bool:
    low = name.lower()
    return low in RESERVED or (low.startswith("index.shard-") and low.endswith(".json"))


ROWS_CACHE = Path(".cchc") / "rows"  # per output: its export and store rows (rows.plan_cache_rows)


def cache_name(name: str) -> str:
    """The row cache of output ``name``: ``name.json``, or a hash when that passes NAME_MAX."""
    if len(os.fsencode(name)) + len(".json") <= NAME_MAX:
        return name + ".json"
    return hashlib.sha1(os.fsencode(name)).hexdigest() + ".json"


def remove_parts(path: Path) -> None:
    """Remove the temp files write_atomic leaves beside ``path`` when its writer was killed."""
    try:
        with os.scandir(path.parent) as it:
            for e in it:
                if e.name.startswith(temp_prefix(path.name)) and e.name.endswith(".part"):
                    with contextlib.suppress(OSError):
                        os.unlink(e.path)
    except OSError:
        pass


# --------------------------------------------------------------------------------------------------
def parse_shard(shard: str | None) -> tuple[int, int] | None:
    if not shard:
        return None
    try:
        i, n = (int(x) for x in shard.split("/"))
    except ValueError:
        i = n = 0
    if not 1 <= i <= n:
        raise CchcError(None, f"--shard must be I/N with 1 <= I <= N, not {shard!r}")
    return i, n


def in_shard(rel: str, shard: tuple[int, int] | None) -> bool:
    """Stable split: the same relative path lands in the same shard on every machine."""
    if shard is None:
        return True
    i, n = shard
    digest = hashlib.sha1(rel.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n == i - 1


def manifest_name(shard: tuple[int, int] | None) -> str:
    return MANIFEST if shard is None else f"index.shard-{shard[0]}-of-{shard[1]}.json"


def file_sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def run_key(version: str, schema: str, fmt: str, ocr: bool, password: bool, units_sha: str | None) -> str:
    """What, besides the input bytes, decides an output: a re-run with another key re-parses."""
    blob = json.dumps([version, schema, fmt, ocr, password, units_sha])
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def tools_key(key: str, fmt: str | None, ocr: bool) -> str:
    """The run key of a file of format ``fmt``, with the tools it needs (LibreOffice for .doc,
    Tesseract for --ocr PDFs) present or not: a failure for want of a tool is retried once it is there."""
    if fmt == "doc":  # the reader chosen, and LibreOffice for what the built-in reader refuses
        from cchc_parse.extract.doc.convert import choose_reader, find_soffice

        return f"{key}-{choose_reader()}-lo{int(find_soffice() is not None)}"
    if fmt == "pdf" and ocr:
        from cchc_parse.extract.ocr import tesseract_ready

        return f"{key}-ts{int(tesseract_ready())}"
    return key


def load_prior(out: Path) -> tuple[dict[str, dict[str, Any]], int]:
    """The newest entry of every path over earlier runs' manifests (index.json and every shard's),
    and their highest ``generation``. Each run writes a generation above all it read, so a shard
    manifest older than the merged index.json never overrides it (index.json wins a tie)."""
    best: dict[str, tuple[int, int, dict[str, Any]]] = {}
    top = 0
    if not out.is_dir():
        return {}, top
    for p in sorted(out.glob("index*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            files = data.get("files", [])
            gen = data.get("generation", 0)
        except (OSError, ValueError, AttributeError):
            continue
        gen = gen if isinstance(gen, int) else 0
        top = max(top, gen)
        rank = (gen, int(p.name == MANIFEST))
        for e in files if isinstance(files, list) else []:
            ok = isinstance(e, dict) and isinstance(e.get("path"), str)
            if ok and (e["path"] not in best or best[e["path"]][:2] < rank):
                best[e["path"]] = (*rank, e)
    return {k: v[2] for k, v in best.items()}, top


def write_json(path: Path, data: Any, compact: bool = False, durable: bool = True) -> None:
    """``data`` as JSON (indented, or on one line when ``compact``: a cache no one reads by eye);
    ``durable`` as serialize.write_atomic's."""
    how: dict[str, Any] = {"separators": (",", ":")} if compact else {"indent": 2}
    text = json.dumps(data, ensure_ascii=False, **how) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogate-escaped bytes): \u-escape it
        text = json.dumps(data, ensure_ascii=True, **how) + "\n"
    write_atomic(path, text, durable)
