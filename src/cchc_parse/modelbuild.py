"""Models built without pydantic's validation on the parse path (issue 16, start-up).

The parse stages make their models from values that are of the fields' types already (plain str, int,
bool, None, lists of those, other models). Validating them again proves nothing new, yet it needs each
class's validator, which pydantic builds from the class's core schema: about 25 ms of every ``cchc``
start, before the first line is read. The models are therefore declared ``defer_build=True`` (their
validators and serializers are made the first time something validates or dumps through pydantic:
``cchc validate``, ``--format json``, ``model_validate``), and the parse path builds them with
``build(cls, **values)``, which gives what ``cls(**values)`` gives for such values:

- the fields in the class's order, the defaults for those not given (a fresh copy of a mutable
  default, a default factory called, a model factory built the same way);
- a new list, dict or set for a container field given one (validation copies them: a later change to
  the caller's list does not reach the model), the items as they are (a model item is not validated
  again, as pydantic's ``revalidate_instances='never'`` keeps it);
- ``model_fields_set`` the names given; an unknown or missing field is an error, as it is there.

``CHECK`` (the tests turn it on: tests/test_modelbuild.py parses every sample so) also validates
``cls(**values)`` and fails when the two differ in any value or type (their ``repr``) or fields set.
"""

from __future__ import annotations

import copy
import enum
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
CHECK = False  # compare every build with the validated model (tests)

_REQUIRED = object()
_IMMUTABLE = (type(None), str, int, float, bool, tuple, frozenset, bytes, enum.Enum)
_CONTAINERS = (list, dict, set)


class _Spec:
    """What ``build`` needs of a class, read once from its fields."""

    __slots__ = ("containers", "fresh", "names", "required", "setters", "template")

    def __init__(self, cls: type[BaseModel]) -> None:
        d = cls.__pydantic_decorators__
        if any(getattr(d, k) for k in ("validators", "field_validators", "root_validators", "model_validators",
                                       "field_serializers", "model_serializers", "computed_fields")) \
                or cls.__pydantic_post_init__ is not None or cls.__private_attributes__:
            # validation would run code of the class's own: build cannot stand in for it
            raise TypeError(f"{cls.__name__} has validators, serializers or private state: build it validated")
        self.template: dict[str, Any] = {}
        self.fresh: list[tuple[str, Callable[[], Any]]] = []  # defaults made anew for each model
        self.required: frozenset[str] = frozenset(n for n, f in cls.model_fields.items() if f.is_required())
        self.containers: frozenset[str] = frozenset(n for n, f in cls.model_fields.items()
                                                    if _is_container(f.annotation))
        for name, f in cls.model_fields.items():
            if f.is_required():
                self.template[name] = _REQUIRED
            elif f.default_factory is not None:
                self.template[name] = None
                self.fresh.append((name, _factory(f.default_factory)))
            elif isinstance(f.default, _IMMUTABLE):
                self.template[name] = f.default
            else:
                self.template[name] = None
                self.fresh.append((name, _copier(f.default)))
        self.names = frozenset(self.template)
        self.setters = slot_setters(cls)


def _is_container(annotation: Any) -> bool:
    """A field validation copies when given a list, dict or set: list[…], dict[…], set[…], or one of
    them or None."""
    origin = typing.get_origin(annotation)
    if origin in _CONTAINERS or annotation in _CONTAINERS:
        return True
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        return any(_is_container(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _factory(make: Callable[..., Any]) -> Callable[[], Any]:
    if isinstance(make, type) and issubclass(make, BaseModel):
        return lambda: build(make)  # a model default: built as ``make()`` would be, without validation
    return make


def _copier(default: Any) -> Callable[[], Any]:
    if type(default) in _CONTAINERS and not default:
        return type(default)  # [] / {} / set(): pydantic copies an empty container so
    return lambda: copy.deepcopy(default)


def slot_setters(cls: type[BaseModel]) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the four instance slots of a BaseModel (``__dict__``, the fields set, extra,
    private), as ``object.__setattr__`` finds them: looked up once, called with no lookup."""
    def setter(name: str) -> Callable[[Any, Any], None]:
        owner = next(k for k in cls.__mro__ if name in vars(k))
        return typing.cast(Callable[[Any, Any], None], vars(owner)[name].__set__)

    return tuple(map(setter, ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")))


_SPECS: dict[type[BaseModel], _Spec] = {}


def build(cls: type[M], **values: Any) -> M:
    """``cls(**values)`` without validation, for values of the fields' types (see the module's doc)."""
    spec = _SPECS.get(cls)
    if spec is None:
        spec = _SPECS[cls] = _Spec(cls)
    if not spec.names.issuperset(values):
        raise TypeError(f"{cls.__name__}: unknown field(s) {sorted(set(values) - spec.names)}")
    if not spec.required.issubset(values):
        raise TypeError(f"{cls.__name__}: missing field(s) {sorted(spec.required - set(values))}")
    d = spec.template.copy()
    d.update(values)
    for name, make in spec.fresh:
        if name not in values:
            d[name] = make()
    for name in spec.containers.intersection(values):
        v = d[name]
        if type(v) in _CONTAINERS:
            d[name] = type(v)(v)
    obj = cls.__new__(cls)
    set_dict, set_fields, set_extra, set_private = spec.setters
    set_dict(obj, d)
    set_fields(obj, set(values))
    set_extra(obj, None)
    set_private(obj, None)
    if CHECK:
        _compare(obj, cls(**values))
    return obj


def _compare(got: BaseModel, want: BaseModel) -> None:
    if repr(got) != repr(want) or got.model_fields_set != want.model_fields_set:
        raise AssertionError(f"build differs from validation:\n  built:     {got!r} {got.model_fields_set}\n"
                             f"  validated: {want!r} {want.model_fields_set}")
