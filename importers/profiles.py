"""Built-in profiles: mapping files shipped for real formats (`--profile NAME`, `jointchron profiles`).

A profile is an ordinary mapping file in `importers/profiles/NAME.toml`; its name is recorded
with each extract it reads. `[profile] description` is the line `jointchron profiles` shows.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from jointchron.domain.errors import JointchronError
from jointchron.importers.errors import MappingError
from jointchron.importers.mapping import Mapping


class UnknownProfile(JointchronError):
    """A --profile name that is not one of the built-in profiles (a usage error)."""


def profile_names() -> list[str]:
    folder = resources.files("jointchron.importers") / "profiles"
    return sorted(item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml"))


def load_profile(name: str) -> Mapping:
    names = profile_names()
    if name not in names:
        raise UnknownProfile(f"unknown profile {name!r}; the built-in profiles are {', '.join(names)} "
                             "(see `jointchron profiles`)")  # fmt: skip
    text = (resources.files("jointchron.importers") / "profiles" / f"{name}.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # a packaging bug, said plainly
        raise MappingError(f"built-in profile {name} is not valid TOML ({error})") from None
    return Mapping.from_dict(data, name)


def profiles() -> list[tuple[str, str]]:
    """(name, one-line description) of every built-in profile."""
    return [(name, load_profile(name).description) for name in profile_names()]
