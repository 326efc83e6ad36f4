"""MkDocs hook: the `Example:` block of each command's help, which click keeps apart with `\\b`, is shown as
code on the generated command line page instead of running into one paragraph."""

from __future__ import annotations

import re
from typing import Any

EXAMPLE = re.compile(r"<p>Example:\n(.*?)</p>", re.DOTALL)


def on_page_content(html: str, page: Any, **_: Any) -> str:
    if page.file.src_uri != "cli.md":
        return html
    return EXAMPLE.sub(lambda m: f"<p>Example:</p>\n<pre><code>{m.group(1)}</code></pre>", html)
