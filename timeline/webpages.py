"""Saved web pages: the story they carry and what they say about it (title, site, URL, date).

trafilatura keeps the main text and reads the metadata; htmldate (through it) finds the date. The
HTML is parsed once and never fetched again. What is kept here is what ingestion needs before it
cuts furniture and reads datelines (see timeline.ingest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml.etree import XPath

__all__ = ["WebPage", "EXTRACTION", "read_page"]


@dataclass(frozen=True)
class WebPage:
    """What a page holds for ingestion: its story text and its metadata, each None when absent."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    """The date the page states for itself, as found (not yet normalized)."""
    language: str | None = None


EXTRACTION: dict[str, Any] = {
    "include_comments": False,
    "include_tables": False,
    "favor_precision": True,
    "with_metadata": True,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
"""The options ingestion gives trafilatura.bare_extraction (benchmarks run the library with them too)."""


def read_page(html: str) -> WebPage | None:
    """The story and metadata of a page's decoded HTML; None when it holds no text at all.

    Comments, related-news lists and sidebars are cut from the page first: they carry dates of
    their own (a comment's <time>, a teaser's date), which htmldate would otherwise take for the
    article's when the page states none in its metadata.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    for element in _OFF_STORY(tree):
        if element.getparent() is not None and not element.xpath(".//h1 | .//article | .//main"):
            element.drop_tree()
    document = trafilatura.bare_extraction(tree, **EXTRACTION)
    text = document.text if document is not None and document.text else None
    if text is None:
        text = trafilatura.html2txt(tree)
    if not text or not text.strip():
        return None
    meta = document if document is not None else None
    return WebPage(
        text.strip(),
        title=getattr(meta, "title", None),
        outlet=getattr(meta, "sitename", None),
        url=getattr(meta, "url", None),
        published=getattr(meta, "date", None),
        language=getattr(meta, "language", None),
    )


_OFF_STORY = XPath(
    "//aside | //nav | //footer[not(ancestor::article)]"
    " | //*[re:test(concat(@id, ' ', @class), 'comment(?!ary)|related|sidebar|recommend|most-?read|popular|trending', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
"""Parts of a page that are not the story: asides, menus, the site footer, comments and lists of
other stories (by the id and class names sites give them). One that holds the headline or the
<article> is kept, whatever its class says."""
