"""The notebook of docs/api.md, run as written against the demo review: what a reader copies works."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

from jointchron.service.demo import build_demo

PAGE = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.M | re.S)


def test_the_notebook_in_the_docs_shows_a_chronology_the_gaps_and_the_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("JOINTCHRON_EVENTS_URL", "JOINTCHRON_STORE", "JOINTCHRON_KEY", "JOINTCHRON_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    build_demo(tmp_path / "jointchron-demo")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    seen: list[dict[str, Any]] = []

    blocks = python_blocks()
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
        seen.append(dict(namespace))

    assert len(blocks) >= 6
    shown = {name: value for step in seen for name, value in step.items()}
    chronology, gaps, chart, report = (shown[n] for n in ("chronology", "gaps", "chart", "report"))
    assert isinstance(chronology, pd.DataFrame) and not chronology.empty
    assert chronology["date"].between("2019-05-01", "2019-06-30").all()
    assert all("Child Bk" in subjects for subjects in chronology["subjects"])
    assert isinstance(gaps, pd.DataFrame) and {"connected-children", "referrer-feedback"} <= set(gaps["rule"])
    assert isinstance(chart, alt.TopLevelMixin) and "Child Bk" in str(chart.to_dict())
    assert report.dry_run and report.counts.read == report.counts.unchanged > 0
    held = shown["held"]
    assert isinstance(held, pd.DataFrame) and not held.empty and (held["date"] <= "2019-05-22").all()
    assert (tmp_path / "child-bk-review" / "events.sqlite").exists()
    assert "Maggie" not in chronology.to_string() and "Darren" not in gaps.to_string()
