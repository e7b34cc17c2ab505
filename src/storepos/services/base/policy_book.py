"""The policies this installation knows: the shipped presets plus a chain's own folder.

A chain adds a policy by dropping a TOML file into STOREPOS_POLICY_DIR (or the user data folder's
`policies/`); a file there with a preset's name replaces the preset. What tomllib made of each file
is kept in the user's cache folder between runs (domain/policy/toml_cache.py).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from storepos.domain.policy import Policy, PolicyLibrary
from storepos.domain.policy.toml_cache import ParsedToml
from storepos.paths import resources_dir, user_cache_dir, user_data_dir


def policy_folders() -> tuple[Path, ...]:
    folders = [resources_dir() / "policies", user_data_dir() / "policies"]
    extra = os.environ.get("STOREPOS_POLICY_DIR")
    if extra:
        folders.append(Path(extra))
    return tuple(folders)


@lru_cache(maxsize=1)
def library() -> PolicyLibrary:
    return PolicyLibrary(*policy_folders(), kept=ParsedToml(str(user_cache_dir() / "policy-tables.marshal")))


def get_policy(name: str) -> Policy:
    """The named policy; KeyError if unknown, PolicyFileError if its file is malformed."""
    return library().get(name)
