"""jointchron: multi-agency chronologies for child safeguarding practice reviews."""

from pathlib import Path as _Path

# In a source checkout the sub-packages sit beside this folder, at the repository root
# (domain/, projections/, importers/, viz/, as the project card lays them out). Installed, they
# are inside it. Searching the checkout's root as well lets `python -m jointchron.cli` run from
# the repository root, where Python finds this folder before the installed package.
_checkout = _Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "domain" / "__init__.py").is_file():
    __path__.append(str(_checkout))
