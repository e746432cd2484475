"""rx.lazy / rx.lazy_re: a pattern compiled on first use behaves exactly as the compiled pattern, every
method and attribute; ``.pattern`` and ``.flags`` never compile; and every lazy pattern the parse path
defines at module level does compile (a typo now shows on first use, so it is caught here instead)."""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse import rx
from cchc_parse.rx import LazyPattern

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CASES = [  # (pattern, flags, module)
    (r"(?P<num>\d{1,5})\s*/\s*(?P<sym>[\p{Lu}Đ][\p{L}\d&]*)", 0, regex),
    (r"^\s*(?P<word>Điều)\s+(?P<num>\d+)\s*[.:]\s*(?P<rest>.*)$", regex.MULTILINE, regex),
    (r"ngày\s*(\d{1,2})", regex.IGNORECASE, regex),
    (r"(?r)[\p{L}\s:]*", 0, regex),
    (r"\s+|(?<=,)", 0, regex),
    (r"(?<![\d.,])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*%", 0, re),
    (r"[^\W\d_]+", 0, re),
    (r"(a)|(b)", re.I, re),
    (r"", 0, re),
]
TEXTS = ["", "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018", "Điều 1. Phạm vi\nĐiều 2: Đối tượng", "NGÀY 5 và ngày 12",
         "đạt 95,5% và 100 %; 1.000%", "a, b,c  d", "Aba BAB", "Căn cứ: Luật số 76/2015/QH13"]


def _lazy(pattern: str, flags: int, module: object):
    return rx.lazy(pattern, flags) if module is regex else rx.lazy_re(pattern, flags)


def _same_match(a: object, b: object) -> None:
    if a is None or b is None:
        assert a is b
        return
    assert a.span() == b.span() and a.groups() == b.groups() and a.groupdict() == b.groupdict()


@pytest.mark.parametrize(("pattern", "flags", "module"), CASES)
def test_every_method_gives_what_the_compiled_pattern_gives(pattern, flags, module) -> None:
    real = module.compile(pattern, flags)
    for text in TEXTS:
        lz = _lazy(pattern, flags, module)  # a fresh one each time: the first use is the one under test
        for name in ("search", "match", "fullmatch"):
            _same_match(getattr(lz, name)(text), getattr(real, name)(text))
            _same_match(getattr(lz, name)(text, 1, max(1, len(text) - 1)), getattr(real, name)(text, 1, max(1, len(text) - 1)))
        assert lz.findall(text) == real.findall(text)
        assert [m.span() for m in lz.finditer(text, 2)] == [m.span() for m in real.finditer(text, 2)]
        assert lz.sub("<\\g<0>>", text) == real.sub("<\\g<0>>", text)
        assert lz.subn(lambda m: m.group(0).upper(), text, count=2) == real.subn(lambda m: m.group(0).upper(), text, count=2)
        assert lz.split(text) == real.split(text)
        assert lz.split(text, maxsplit=1) == real.split(text, maxsplit=1)
        sc, rc = lz.scanner(text), real.scanner(text)
        _same_match(sc.search(), rc.search())
    lz = _lazy(pattern, flags, module)
    assert (lz.groupindex, lz.groups) == (real.groupindex, real.groups)
    assert lz.compiled.flags == real.flags and lz.compiled.pattern == real.pattern


def test_pattern_and_flags_do_not_compile() -> None:
    bad = rx.lazy("(unclosed", regex.I)  # would raise on compile
    assert bad.pattern == "(unclosed" and bad.flags == regex.I
    assert "_compiled" not in vars(bad)
    composed = rx.lazy_re(rx.lazy_re(r"\d+").pattern + "%")  # composing at import compiles nothing
    assert "_compiled" not in vars(composed)
    with pytest.raises(regex.error):
        bad.search("x")
    assert "(unclosed" in repr(bad) and "_compiled" not in vars(bad)


def test_after_the_first_use_a_lookup_is_an_instance_dict_hit() -> None:
    p = rx.lazy(r"\d+")
    assert "search" not in vars(p)
    assert p.search("a12").group() == "12"
    assert vars(p)["search"] == p.compiled.search  # the bound method itself, stored: no forwarding call
    assert p.search is p.search
    assert "sub" in vars(p) and "groupindex" in vars(p) and p.groupindex == {}  # every attribute at once
    assert type(p) is LazyPattern and not hasattr(type(p), "__getattr__")  # no lookup hook any more


def test_pickle_and_copy_rebuild_from_the_arguments() -> None:
    p = rx.lazy(r"(?P<y>(?:19|20)\d{2})", regex.I)
    p.search("2024")  # bound methods in the instance dict do not pickle: __reduce__ leaves them out
    for q in (pickle.loads(pickle.dumps(p)), copy.copy(p), copy.deepcopy(p)):
        assert isinstance(q, LazyPattern) and (q.pattern, q.flags) == (p.pattern, p.flags)
        assert q.search("năm 2025")["y"] == "2025"
    r = pickle.loads(pickle.dumps(rx.lazy_re(r"\w+")))
    assert r.compiled.__class__ is re.Pattern


TEXT = st.text(alphabet=st.sampled_from(list("0123456789/-.:,; ()%aAbđĐếnNgàyQĐ-CPKHUBND\n\t")), max_size=80)


@FAST
@given(TEXT, st.integers(0, 5))
def test_property_lazy_equals_compiled(text: str, which: int) -> None:
    pattern, flags, module = CASES[which]
    lz, real = _lazy(pattern, flags, module), module.compile(pattern, flags)
    assert [(m.span(), m.groups()) for m in lz.finditer(text)] == [(m.span(), m.groups()) for m in real.finditer(text)]
    assert lz.sub("#", text) == real.sub("#", text) and lz.split(text) == real.split(text)


def _lazy_patterns_of(mod: object):
    for name, value in vars(mod).items():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            for v in item if isinstance(item, tuple) else (item,):
                if isinstance(v, LazyPattern):
                    yield name, v


def test_every_module_level_lazy_pattern_compiles() -> None:
    import cchc_parse

    found = 0
    for info in pkgutil.walk_packages(cchc_parse.__path__, "cchc_parse."):
        if not info.name.startswith(("cchc_parse.structure", "cchc_parse.normalise", "cchc_parse.extract.txt",
                                     "cchc_parse.extract.clean", "cchc_parse.validate")):
            continue
        mod = importlib.import_module(info.name)
        for name, p in _lazy_patterns_of(mod):
            real = p._module.compile(p.pattern, p.flags)
            assert p.compiled.pattern == real.pattern, f"{info.name}.{name}"
            found += 1
    assert found > 100
