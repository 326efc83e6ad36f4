"""One self-contained, offline, injection-safe HTML file around one or more Vega-Lite charts.

- Vega, Vega-Lite and vega-embed are inlined from vl-convert's bundle: no CDN, no network.
- Data and specs are embedded as JSON inside `<script type="application/json">` with `<`, `>`, `&`
  and U+2028/U+2029 escaped, so no text in a record can close the element or start markup; the
  page reads them with `JSON.parse` and writes text into the page only through `textContent`.
- A Content-Security-Policy allows only the page's own scripts (by hash): no request to any
  address, no inline event handler, even if something did slip into the markup.
- vega-embed's "open in Vega editor" action (which posts the data to a public website) and the
  source/compiled views are removed; only "save as PNG/SVG" is kept.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import altair as alt

from jointchron.viz.rows import pack

EMBED_ACTIONS: dict[str, bool] = {"export": True, "source": False, "compiled": False, "editor": False}
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")
GLOBALS = (
    "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"  # the bundle's default
)


def safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML `<script>` element whatever the text in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    return _UNSAFE_PATTERN.sub(lambda m: _UNSAFE[m.group(0)], text)


def vega_lite_version() -> str:
    """The Vega-Lite version Altair writes (`6.4`), which the inlined bundle must match."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (vl-convert bundles them; ~0.9 MB)."""
    import vl_convert

    script: str = vl_convert.javascript_bundle(GLOBALS, vl_version=vega_lite_version())
    if re.search(r"</script|<!--", script, re.IGNORECASE):  # would end the inline element early
        raise RuntimeError("the bundled Vega script cannot be inlined safely")
    return script


def asset(name: str) -> str:
    return (resources.files("jointchron.viz") / "assets" / name).read_text(encoding="utf-8")


@dataclass
class Page:
    """An HTML page: a title, a body of trusted markup (text already escaped), data and scripts."""

    title: str
    body: str
    data: Mapping[str, Any] = field(default_factory=dict)
    scripts: Sequence[str] = ()

    def render(self) -> str:
        scripts = [vega_bundle(), asset("embed.js"), *self.scripts]
        hashes = " ".join(f"'sha256-{_digest(s)}'" for s in scripts)
        # 'unsafe-eval': Vega compiles its expressions with Function(); no other source is allowed.
        policy = (
            "default-src 'none'; "
            f"script-src {hashes} 'unsafe-eval'; "
            "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
            "connect-src 'none'; base-uri 'none'; form-action 'none'"
        )
        inline = "".join(f"<script>{s}</script>\n" for s in scripts)
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{html.escape(self.title)}</title>\n"
            f"<style>{asset('page.css')}</style>\n"
            "</head>\n<body>\n"
            f"{self.body}\n"
            f'<script type="application/json" id="jc-data">{safe_json(dict(self.data))}</script>\n'
            f"{inline}</body>\n</html>\n"
        )


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def chart_payload(chart: alt.VConcatChart, renderer: str = "svg", fit: int | None = None) -> dict[str, Any]:
    """A chart as the page's embed script expects it: spec without data, datasets packed apart, options.

    With `fit`, the page widens the chart's plots to fill the page, never narrower than `fit` px.
    """
    original = chart.datasets
    datasets = original if isinstance(original, dict) else {}
    chart.datasets = alt.Undefined  # the spec is validated without the rows (fast at 100,000 entries)
    try:
        spec = chart.to_dict()
    finally:
        chart.datasets = original
    payload: dict[str, Any] = {
        "spec": spec,
        "datasets": {name: pack(rows) for name, rows in datasets.items()},
        "options": {"actions": EMBED_ACTIONS, "renderer": renderer, "mode": "vega-lite"},
    }
    if fit is not None:
        payload["fit"] = fit
    return payload


def chart_div(name: str, label: str) -> str:
    """Where the chart named `name` is drawn (the page's script fills it)."""
    return f'<div class="chart" id="chart-{html.escape(name)}" role="figure" aria-label="{html.escape(label)}"></div>'


def chart_page(
    title: str, chart: alt.VConcatChart, renderer: str = "svg", intro: str = "", fit: int | None = None
) -> str:
    """A page holding just one chart (the `jointchron chart` output)."""
    body = (
        f"<header><h1>{html.escape(title)}</h1>"
        + (f'<p class="muted">{html.escape(intro)}</p>' if intro else "")
        + "</header>\n<main>"
        + chart_div("timeline", "Timeline of the joint chronology by agency")
        + "</main>"
    )
    return Page(
        title=title, body=body, data={"charts": {"timeline": chart_payload(chart, renderer, fit)}}
    ).render()
