"""Read policy files (TOML) into `Policy` objects, refusing a malformed file with file, line and field.

Whatever a file holds (another encoding, numbers of any size, tables where lists belong, nesting
thousands deep), loading it gives a `Policy` that decides every case, or a `PolicyFileError`: never
another exception, and never a number that only fails later, when a case is evaluated.
"""

from __future__ import annotations

import os
from decimal import Decimal

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
from storepos.domain.policy.shown import key_name, one_line, shown
from storepos.domain.policy.text_input import NotUtf8, decode_utf8
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag

TYPE_CHECKING = False
if TYPE_CHECKING:  # not imported at run time: `policy evaluate` is started in loops (issue 15)
    from enum import StrEnum
    from pathlib import Path
    from typing import Any, TypeVar

    from storepos.domain.policy.toml_cache import ParsedToml

    E = TypeVar("E", bound=StrEnum)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def _is_name(name: str) -> bool:
    """[a-z][a-z0-9_-]{1,39}, without importing re (`policy evaluate` is started in loops)."""
    return 2 <= len(name) <= 40 and "a" <= name[0] <= "z" and all(c in _NAME_CHARS for c in name)


MAX_POLICY_BYTES = 1024 * 1024  # a policy is a few kilobytes; this bounds what a stray file costs
MAX_DAYS = 36_525  # a hundred years: longer than any return or warranty window
MAX_MONTHS = 1_200


def _is_percent(text: str) -> bool:
    """[0-9]{1,3}(.[0-9]{1,2})?, without importing re."""
    whole, dot, decimals = text.partition(".")
    return (text.isascii() and 1 <= len(whole) <= 3 and whole.isdigit()
            and (not dot or (1 <= len(decimals) <= 2 and decimals.isdigit())))


class PolicyFileError(ValueError):
    """A policy file that cannot be used; the message names the file, the line and the field."""

    def __init__(self, path: Path | str, line: int | None, field: str, problem: str) -> None:
        from pathlib import Path  # only on a refusal: the policy evaluate path imports no pathlib

        path = Path(path)
        where = f"{path}:{line}" if line else str(path)
        super().__init__(one_line(f"{where}: {field}: {problem}"))
        self.path, self.line, self.field, self.problem = path, line, field, problem


class _Reader:
    """Walks the parsed TOML, turning each problem into a PolicyFileError at the right line."""

    def __init__(self, path: Path | str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    # --- errors, located in the source text -------------------------------------------------
    def fail(self, field_path: str, problem: str) -> PolicyFileError:
        return PolicyFileError(self.path, self._locate(field_path), field_path, problem)

    def _locate(self, field_path: str) -> int | None:
        """Best line for a path like `return.outcomes[1].windows[0].days`: its table, then its key."""
        import re  # only for a refusal

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
                raise self.fail(f"{where}{key}", f"unknown value {shown(item)} (known: {known})") from None
        return tuple(out)

    def tables(self, data: dict[str, Any], key: str, where: str, example: str) -> list[dict[str, Any]]:
        """An array of tables (each element checked), or [] when the key is absent."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", f"must be an array of tables like [{example}]")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{where}{key}[{i}]", f"must be a table like {example}, not {shown(item)}")
        return value

    def whole(self, data: dict[str, Any], key: str, where: str, limit: int) -> int:
        """A whole number from 0 to `limit` (0 when absent): larger ones are refused here, at load."""
        value = data.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
            problem = f"must be a whole number from 0 to {limit:,}, not {shown(value)}"
            raise self.fail(f"{where}{key_name(key)}", problem)
        return value

    def percent(self, data: dict[str, Any], key: str, where: str) -> Decimal:
        value = data.get(key, "0")
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not _is_percent(text) or Decimal(text) > 100:
            raise self.fail(f"{where}{key}", "must be a percentage from 0 to 100 with at most two decimals, "
                                             "e.g. \"20\"")
        return Decimal(text)

    def check_keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.fail(f"{where}{key_name(key)}", f"unknown field (expected one of: {expected})")


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
            raise r.fail(f"{where}.days", f"names no setting {shown(days)} in [settings]")
        setting, days = days, settings[days]
    else:
        days = r.whole(raw, "days", f"{where}.", MAX_DAYS)
    months = r.whole(raw, "months", f"{where}.", MAX_MONTHS)
    months += 12 * r.whole(raw, "years", f"{where}.", MAX_MONTHS // 12)
    if months > MAX_MONTHS:
        raise r.fail(f"{where}.months", f"months and years together must be at most {MAX_MONTHS // 12} years")
    after = r.whole(raw, "after_days", f"{where}.", MAX_DAYS) if "after_days" in raw else None
    if not days and not months:
        raise r.fail(f"{where}.days", "a window needs days, months or years")
    return Window(anchor=anchor, days=days, months=months, after_days=after, setting=setting)


def _section(r: _Reader, data: dict[str, Any], key: str, settings: dict[str, int]) -> Section:
    raw = r.table(data, key, "")
    r.check_keys(raw, {"clause", "outcomes", "excluded_tags", "exclusion_clause", "infer_discount",
                       "restocking_fee_percent", "fee_clause", "store_restrictions",
                       "denied_findings", "requires"}, f"{key}.")
    outcomes = []
    for i, o in enumerate(r.tables(raw, "outcomes", f"{key}.", "{ allow = [...], clause = \"...\" }")):
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
    for i, s in enumerate(r.tables(raw, "store_restrictions", f"{key}.", "{ store_kind = \"outlet\", ... }")):
        where = f"{key}.store_restrictions[{i}]."
        r.check_keys(s, {"store_kind", "fulfillments", "clause"}, where)
        try:
            kind = StoreKind(s.get("store_kind", ""))
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


def _parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """The TOML's tables; a syntax error, nesting too deep or a number too long names the line."""
    import tomllib  # with typing, a tenth of a `policy evaluate` run: only when no tables are kept

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

        at = re.search(r"line (\d+)", str(exc))
        raise PolicyFileError(path, int(at.group(1)) if at else None, "(syntax)", str(exc)) from None
    except RecursionError:
        raise PolicyFileError(path, None, "(syntax)", "arrays or tables are nested too deeply "
                                                      "(thousands inside each other)") from None
    except ValueError:  # int(): more digits than Python converts (4,300)
        import re

        long_number = re.search(r"[0-9_]{4000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise PolicyFileError(path, line, "(syntax)", "a number has thousands of digits") from None


def parse_policy(text: str, path: Path | str, kept: ParsedToml | None = None) -> Policy:
    """Parse one policy file's text; `path` is used for messages and the expected name. With
    `kept`, the TOML's tables are taken from it when it has them for this very text, and given to it
    once the policy has passed every check."""
    data = kept.get(str(path), text) if kept is not None else None
    if data is None:
        data = _parse_toml(text, path)
    else:
        kept = None  # already there
    policy = _policy(data, text, path)
    if kept is not None:
        kept.put(str(path), text, data)
    return policy


def _policy(data: dict[str, Any], text: str, path: Path | str) -> Policy:
    r = _Reader(path, text)
    r.check_keys(data, {"name", "title", "source", "settings", "notes", "return", "wrong_item",
                        "fault", "cancel", "shipping"}, "")
    name = r.text(data, "name", "")
    if not _is_name(name):
        raise r.fail("name", "must be lower-case letters, digits, - or _ (2-40 characters)")
    file_name = os.path.basename(os.fspath(path))
    if name != os.path.splitext(file_name)[0]:  # Path.stem, Path.name, without pathlib
        raise r.fail("name", f"is {shown(name)} but the file is named {shown(file_name)}; they must match")
    settings = r.table(data, "settings", "", required=False)
    for key in settings:
        r.whole(settings, key, "settings.", MAX_DAYS)
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


def read_bounded(path: Path | str, limit: int) -> bytes:
    """At most `limit` bytes of the file, or a PolicyFileError if it holds more (never reads past it)."""
    with open(path, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise PolicyFileError(path, None, "(file)", f"is over the limit of {limit:,} bytes for a policy")
    return data


def load_policy_file(path: Path | str, kept: ParsedToml | None = None) -> Policy:
    try:
        data = read_bounded(path, MAX_POLICY_BYTES)
    except OSError as exc:
        raise PolicyFileError(path, None, "(file)", exc.strerror or str(exc)) from None
    try:
        text = decode_utf8(data)
    except NotUtf8 as exc:
        raise PolicyFileError(path, exc.line, "(file)", f"{exc.problem}; save it as UTF-8") from None
    return parse_policy(text, path, kept)


class PolicyLibrary:
    """The policies in one or more folders, each file loaded on first use (start-up stays fast)."""

    def __init__(self, *folders: Path | str, kept: ParsedToml | None = None) -> None:
        self._folders = tuple(os.fspath(folder) for folder in folders)  # os.path: no pathlib to get one
        self._cache: dict[str, Policy] = {}
        self._kept = kept  # the files' TOML tables from earlier runs (toml_cache)

    def files(self) -> dict[str, Path]:
        """Every `*.toml` in the folders by name (a later folder's file wins), usable or not."""
        from pathlib import Path

        found: dict[str, Path] = {}
        for folder in map(Path, self._folders):
            if folder.is_dir():
                for path in sorted(folder.glob("*.toml")):
                    found[path.stem] = path
        return dict(sorted(found.items()))

    def names(self) -> list[str]:
        """The names a case may use: files named as a policy must be."""
        return [name for name, path in self.files().items() if _is_name(name) and path.is_file()]

    def path_of(self, name: str) -> Path | None:
        from pathlib import Path

        found = self._file_of(name)
        return None if found is None else Path(found)

    def _file_of(self, name: str) -> str | None:
        for folder in reversed(self._folders):  # later folders (a chain's own) win
            candidate = os.path.join(folder, f"{name}.toml")
            if _is_name(name) and os.path.isfile(candidate):
                return candidate
        return None

    def get(self, name: str) -> Policy:
        """The named policy; KeyError when no folder holds it, PolicyFileError when it is malformed."""
        policy = self._cache.get(name)
        if policy is None:
            path = self._file_of(name)
            if path is None:
                raise KeyError(name)
            policy = self._cache[name] = load_policy_file(path, self._kept)
        return policy

    def survey(self) -> list[tuple[str, Policy | PolicyFileError]]:
        """Every file in the folders, loaded or with the reason it cannot be: one bad file spoils no other."""
        out: list[tuple[str, Policy | PolicyFileError]] = []
        for name, path in self.files().items():
            if not _is_name(name):
                out.append((name, PolicyFileError(path, None, "(file name)", "a policy's file name must be "
                                                  "lower-case letters, digits, - or _ (2-40 characters)")))
            elif not path.is_file():
                out.append((name, PolicyFileError(path, None, "(file)", "is not a regular file")))
            else:
                try:
                    out.append((name, self.get(name)))
                except PolicyFileError as exc:
                    out.append((name, exc))
        return out
