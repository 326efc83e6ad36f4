"""The review pack written to a file in the format its suffix names: HTML, Word or PDF.

Apart from `exports/pack.py`, which gathers what a pack holds, because the writers of each format
read that pack: the pack knows nothing of how it is written.
"""

from __future__ import annotations

from pathlib import Path

from jointchron.exports.pack import ReviewPack, pack_format, review_pack
from jointchron.projections.chronology import ChronologyQuery
from jointchron.service.review_store import Store


def write_pack(store: Store, query: ChronologyQuery, path: Path) -> ReviewPack:
    """Writes the pack in the format its suffix names (.html, .docx, .pdf); returns what it holds."""
    fmt = pack_format(path)
    pack = review_pack(store, query, with_timeline=fmt != "html")
    if fmt == "html":
        from jointchron.exports.pack_pdf import panel_sections
        from jointchron.viz.report import write_report

        write_report(store.review_data(query), path, extra=panel_sections(pack))
        return pack
    if fmt == "docx":
        from jointchron.exports.pack_word import write_pack_docx

        write_pack_docx(pack, path)
    else:
        from jointchron.exports.pack_pdf import write_pack_pdf

        write_pack_pdf(pack, path)
    return pack
