"""The shop's own tags -> the policy's tags, through a mapping the chain can edit.

The default ships with the package (default_tags.toml). `--tags FILE` (TOML, or JSON when the name
ends in .json) has the same layout, a table `tags` of shop tag -> policy tag, and overrides the
default entry by entry; "" leaves that shop tag out. A shop tag the mapping does not name is not a
policy tag: it is counted (the import says how many distinct ones) and left out.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storepos.domain.vocabulary import Tag
from storepos.i18n import _

DEFAULT_FILE = Path(__file__).with_name("default_tags.toml")
_SEPARATORS = re.compile(r"[\s_\-]+")


class TagMappingError(ValueError):
    """The mapping file cannot be used; the message says why in one line."""


def tag_key(text: str) -> str:
    """How a shop tag is compared: no case, spaces, hyphens and underscores alike."""
    return _SEPARATORS.sub("_", text.strip().casefold()).strip("_")


@dataclass(slots=True)
class TagMapping:
    entries: dict[str, str]  # tag_key(shop tag) -> policy tag ("" = leave out)
    unmapped: set[str] = field(default_factory=set)  # shop tags seen that map to nothing

    def policy_tags(self, shop_tags: Iterable[str]) -> list[str]:
        """The policy's tags for a product's shop tags, sorted, each once."""
        found: set[str] = set()
        for raw in shop_tags:
            key = tag_key(raw)
            if not key:
                continue
            mapped = self.entries.get(key)
            if mapped:
                found.add(mapped)
            elif mapped is None:
                self.unmapped.add(key)
        return sorted(found)


def _entries(data: Mapping[str, Any], source: str) -> dict[str, str]:
    table = data.get("tags")
    if not isinstance(table, dict):
        raise TagMappingError(_('{source} has no table of tags: write [tags] then '
                                '"Shop tag" = "final_sale" lines (JSON: {{"tags": {{...}}}}).').format(
            source=source))
    known = {t.value for t in Tag}
    out: dict[str, str] = {}
    for shop, policy in table.items():
        if not isinstance(policy, str) or (policy and policy not in known):
            raise TagMappingError(_(
                '{source}: the shop tag {shop} maps to {policy}, which is not a policy tag '
                '(one of {known}, or "" to leave it out).').format(
                source=source, shop=repr(shop), policy=repr(policy), known=", ".join(sorted(known))))
        key = tag_key(str(shop))
        if key:
            out[key] = policy
    return out


def load_mapping(path: Path | None = None) -> TagMapping:
    """The default mapping, with the chain's file (if any) over it."""
    entries = _entries(tomllib.loads(DEFAULT_FILE.read_text("utf-8")), _("the default mapping"))
    if path is None:
        return TagMapping(entries)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TagMappingError(_("The tag mapping {path} cannot be read: {problem}.").format(
            path=path, problem=exc)) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise TagMappingError(_("The tag mapping {path} is not {kind}: {problem}.").format(
            path=path, kind=kind, problem=exc)) from None
    if not isinstance(data, dict):
        raise TagMappingError(_("The tag mapping {path} is not a table of tags.").format(
            path=path))
    entries.update(_entries(data, str(path)))
    return TagMapping(entries)
