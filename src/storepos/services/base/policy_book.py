"""The policies this installation knows: the shipped presets plus a chain's own folder.

A chain adds a policy by dropping a TOML file into STOREPOS_POLICY_DIR (or the user data folder's
`policies/`); a file there with a preset's name replaces the preset. What tomllib made of each file
is kept in the user's cache folder between runs (domain/policy/toml_cache.py).
"""

from __future__ import annotations

import os
from functools import lru_cache

from storepos.domain.policy import Policy, PolicyLibrary
from storepos.domain.policy.toml_cache import ParsedToml
from storepos.paths import shipped_folder, user_cache_folder, user_data_folder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def policy_folder_names() -> tuple[str, ...]:
    """The folders as strings (no pathlib imported: `policy evaluate` is started in loops)."""
    folders = [os.path.join(shipped_folder("resources"), "policies"),
               os.path.join(user_data_folder(), "policies")]
    extra = os.environ.get("STOREPOS_POLICY_DIR")
    if extra:
        folders.append(extra)
    return tuple(folders)


def policy_folders() -> tuple[Path, ...]:
    from pathlib import Path

    return tuple(Path(folder) for folder in policy_folder_names())


@lru_cache(maxsize=1)
def library() -> PolicyLibrary:
    kept = ParsedToml(os.path.join(user_cache_folder(), "policy-tables"))
    return PolicyLibrary(*policy_folder_names(), kept=kept)


def get_policy(name: str) -> Policy:
    """The named policy; KeyError if unknown, PolicyFileError if its file is malformed."""
    return library().get(name)
