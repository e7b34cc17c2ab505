"""Read policy files (TOML) into `Policy` objects, refusing a malformed file with file, line and field."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from storepos.domain.policy.rules import (
    Anchor,
    CancelRule,
    Finding,
    Outcome,
    Policy,
    Requirement,
    Section,
    StoreRestriction,
    Window,
)
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag

E = TypeVar("E", bound=StrEnum)
_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")


class PolicyFileError(ValueError):
    """A policy file that cannot be used; the message names the file, the line and the field."""

    def __init__(self, path: Path, line: int | None, field: str, problem: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {field}: {problem}")
        self.path, self.line, self.field, self.problem = path, line, field, problem


class _Reader:
    """Walks the parsed TOML, turning each problem into a PolicyFileError at the right line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    # --- errors, located in the source text -------------------------------------------------
    def fail(self, field_path: str, problem: str) -> PolicyFileError:
        return PolicyFileError(self.path, self._locate(field_path), field_path, problem)

    def _locate(self, field_path: str) -> int | None:
        """Best line for a path like `return.outcomes[1].windows[0].days`: its table, then its key."""
        steps = re.finditer(r"([A-Za-z_]\w*)(?:\[(\d+)\])?", field_path)
        names = [(m[1], int(m[2]) if m[2] else 0) for m in steps]
        start, rest = 0, names
        for depth in range(len(names), 0, -1):  # the longest prefix that is a [table] or [[array]]
            header = re.escape(".".join(name for name, _ in names[:depth]))
            pattern = re.compile(rf"^\s*\[\[?\s*{header}\s*\]\]?\s*(#.*)?$")
            hits = [i for i, line in enumerate(self.lines) if pattern.match(line)]
            if hits:
                start, rest = hits[min(names[depth - 1][1], len(hits) - 1)], names[depth:]
                break
        found = None
        for name, _ in rest:  # the key, then keys nested inline after it ({ from = ... })
            key = re.compile(rf"(^|[{{,\s]){re.escape(name)}\s*=")
            for i in range(found if found is not None else start, len(self.lines)):
                if i > start and self.lines[i].lstrip().startswith("["):
                    break
                if key.search(self.lines[i]):
                    found = i
                    break
        return (found if found is not None else start) + 1 if self.lines else None

    # --- typed getters ----------------------------------------------------------------------
    def table(self, data: dict[str, Any], key: str, where: str, required: bool = True) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{where}{key}", "missing table" if value is None else "must be a table")
        return value

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(f"{where}{key}", "must be a non-empty string")
        return value

    def enum_list(self, data: dict[str, Any], key: str, where: str, kind: type[E],
                  default: tuple[E, ...] | None = None) -> tuple[E, ...]:
        if key not in data and default is not None:
            return default
        value = data.get(key)
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", "must be a list")
        out = []
        for item in value:
            try:
                out.append(kind(item))
            except ValueError:
                known = ", ".join(m.value for m in kind)
                raise self.fail(f"{where}{key}", f"unknown value {item!r} (known: {known})") from None
        return tuple(out)

    def percent(self, data: dict[str, Any], key: str, where: str) -> Decimal:
        value = data.get(key, "0")
        try:
            number = Decimal(str(value)) if isinstance(value, (str, int)) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= 100:
            raise self.fail(f"{where}{key}", "must be a percentage from 0 to 100, e.g. \"20\"")
        return number

    def check_keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.fail(f"{where}{key}", f"unknown field (expected one of: {expected})")


def _window(r: _Reader, raw: Any, where: str, settings: dict[str, int]) -> Window:
    if not isinstance(raw, dict):
        raise r.fail(where, "a window must be a table like { from = \"purchase\", days = 75 }")
    r.check_keys(raw, {"from", "days", "months", "years", "after_days"}, f"{where}.")
    try:
        anchor = Anchor(raw.get("from", ""))
    except ValueError:
        raise r.fail(f"{where}.from", "must be \"purchase\" or \"receipt\"") from None
    setting = None
    days = raw.get("days", 0)
    if isinstance(days, str):
        if days not in settings:
            raise r.fail(f"{where}.days", f"names no setting {days!r} in [settings]")
        setting, days = days, settings[days]
    months = raw.get("months", 0) + 12 * raw.get("years", 0) if all(
        isinstance(raw.get(k, 0), int) for k in ("months", "years")) else None
    after = raw.get("after_days")
    for name, value in (("days", days), ("months", months), ("after_days", after or 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise r.fail(f"{where}.{name}", "must be a whole number of 0 or more")
    if not days and not months:
        raise r.fail(f"{where}.days", "a window needs days, months or years")
    return Window(anchor=anchor, days=days, months=months or 0, after_days=after, setting=setting)


def _section(r: _Reader, data: dict[str, Any], key: str, settings: dict[str, int]) -> Section:
    raw = r.table(data, key, "")
    r.check_keys(raw, {"clause", "outcomes", "excluded_tags", "exclusion_clause", "infer_discount",
                       "restocking_fee_percent", "fee_clause", "store_restrictions",
                       "denied_findings", "requires"}, f"{key}.")
    raw_outcomes = raw.get("outcomes", [])
    if not isinstance(raw_outcomes, list):
        raise r.fail(f"{key}.outcomes", "must be an array of tables ([[{key}.outcomes]])")
    outcomes = []
    for i, o in enumerate(raw_outcomes):
        where = f"{key}.outcomes[{i}]."
        r.check_keys(o, {"allow", "windows", "requires", "clause"}, where)
        allow = r.enum_list(o, "allow", where, Resolution)
        if not allow:
            raise r.fail(f"{where}allow", "must name at least one resolution")
        windows = o.get("windows", [])
        if not isinstance(windows, list):
            raise r.fail(f"{where}windows", "must be a list of windows")
        outcomes.append(Outcome(
            allow=allow,
            windows=tuple(_window(r, w, f"{where}windows[{j}]", settings) for j, w in enumerate(windows)),
            requires=r.enum_list(o, "requires", where, Requirement, default=()),
            clause=r.text(o, "clause", where),
        ))
    restrictions = []
    for i, s in enumerate(raw.get("store_restrictions", [])):
        where = f"{key}.store_restrictions[{i}]."
        r.check_keys(s, {"store_kind", "fulfillments", "clause"}, where)
        try:
            kind = StoreKind(s.get("store_kind"))
        except ValueError:
            raise r.fail(f"{where}store_kind", "must be \"retail\" or \"outlet\"") from None
        restrictions.append(StoreRestriction(
            kind, r.enum_list(s, "fulfillments", where, Fulfillment), r.text(s, "clause", where)))
    infer = raw.get("infer_discount", False)
    if not isinstance(infer, bool):
        raise r.fail(f"{key}.infer_discount", "must be true or false")
    fee = r.percent(raw, "restocking_fee_percent", f"{key}.")
    return Section(
        outcomes=tuple(outcomes),
        clause=r.text(raw, "clause", f"{key}.", default=""),
        excluded_tags=r.enum_list(raw, "excluded_tags", f"{key}.", Tag, default=()),
        exclusion_clause=r.text(raw, "exclusion_clause", f"{key}.", default=""),
        infer_discount=infer,
        restocking_fee_percent=fee,
        fee_clause=r.text(raw, "fee_clause", f"{key}.") if fee else "",
        store_restrictions=tuple(restrictions),
        denied_findings=r.enum_list(raw, "denied_findings", f"{key}.", Finding, default=()),
        requires=r.enum_list(raw, "requires", f"{key}.", Requirement, default=()),
    )


def parse_policy(text: str, path: Path) -> Policy:
    """Parse one policy file's text; `path` is used for messages and the expected name."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PolicyFileError(path, int(line.group(1)) if line else None, "(syntax)", str(exc)) from None
    r = _Reader(path, text)
    r.check_keys(data, {"name", "title", "source", "settings", "notes", "return", "wrong_item",
                        "fault", "cancel", "shipping"}, "")
    name = r.text(data, "name", "")
    if not _NAME.match(name):
        raise r.fail("name", "must be lower-case letters, digits, - or _ (2-40 characters)")
    if name != path.stem:
        raise r.fail("name", f"is {name!r} but the file is named {path.name!r}; they must match")
    settings = r.table(data, "settings", "", required=False)
    for key, value in settings.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise r.fail(f"settings.{key}", "must be a whole number of days")
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise r.fail("notes", "must be a list of strings")
    cancel = r.table(data, "cancel", "")
    r.check_keys(cancel, {"allow_before_dispatch", "fee_percent", "clause"}, "cancel.")
    shipping = r.table(data, "shipping", "")
    r.check_keys(shipping, {"clause"}, "shipping.")
    return Policy(
        name=name,
        title=r.text(data, "title", ""),
        source=r.text(data, "source", ""),
        returns=_section(r, data, "return", settings),
        wrong_item=_section(r, data, "wrong_item", settings),
        fault=_section(r, data, "fault", settings),
        cancel=CancelRule(
            allow_before_dispatch=r.enum_list(cancel, "allow_before_dispatch", "cancel.", Resolution),
            fee_percent=r.percent(cancel, "fee_percent", "cancel."),
            clause=r.text(cancel, "clause", "cancel."),
        ),
        shipping_clause=r.text(shipping, "clause", "shipping."),
        settings=dict(settings),
        notes=tuple(notes),
    )


def load_policy_file(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(path, None, "(file)", exc.strerror or str(exc)) from None
    return parse_policy(text, path)


class PolicyLibrary:
    """The policies in one or more folders, each file loaded on first use (start-up stays fast)."""

    def __init__(self, *folders: Path) -> None:
        self._folders = folders
        self._cache: dict[str, Policy] = {}

    def names(self) -> list[str]:
        found = {p.stem for folder in self._folders if folder.is_dir() for p in folder.glob("*.toml")}
        return sorted(found)

    def path_of(self, name: str) -> Path | None:
        for folder in reversed(self._folders):  # later folders (a chain's own) win
            candidate = folder / f"{name}.toml"
            if _NAME.match(name) and candidate.is_file():
                return candidate
        return None

    def get(self, name: str) -> Policy:
        """The named policy; KeyError when no folder holds it, PolicyFileError when it is malformed."""
        policy = self._cache.get(name)
        if policy is None:
            path = self.path_of(name)
            if path is None:
                raise KeyError(name)
            policy = self._cache[name] = load_policy_file(path)
        return policy
