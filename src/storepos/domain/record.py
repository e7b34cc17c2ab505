"""Value classes for the policy engine, without dataclasses' cost.

`@dataclass` compiles each class's methods from source when its module is imported (about a
millisecond a class) and imports `inspect` and `ast`; a frozen one's `__init__` sets every field
through `object.__setattr__`. `storepos policy evaluate` is run by scripts in loops (issue 15), so
the engine's classes are written out: `__slots__` (the fields, in order) and an `__init__`, with
equality, hash, repr, `replace()` and `as_dict()` from `Record`, by those slots.

Immutability: `Frozen` classes refuse assignment at run time (the policies, shared by every case
of a run); the per-case classes declare each field `Final`, so mypy refuses any assignment outside
`__init__` (tests/unit/policy/test_records.py holds every field to that).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Self


class Record:
    """Fields are the class's `__slots__`, in order; two records are equal when of the same class
    with equal fields (as a dataclass's `__eq__`)."""

    __slots__ = ()

    @property
    def _fields(self) -> tuple[str, ...]:
        names: tuple[str, ...] = self.__slots__  # a tuple in every subclass
        return names

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes` (dataclasses.replace); an unknown field is a TypeError."""
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__qualname__} has no field {', '.join(sorted(unknown))}")
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)

    def as_dict(self) -> dict[str, Any]:
        """The fields by name (their values as they are, not converted)."""
        return {name: getattr(self, name) for name in self._fields}


class Frozen(Record):
    """A record that refuses assignment; its `__init__` sets fields with `object.__setattr__`."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of {type(self).__qualname__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of {type(self).__qualname__}")
