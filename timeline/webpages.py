"""Saved web pages: the story they carry and what they say about it (title, site, URL, date).

trafilatura keeps the main text and reads the metadata; htmldate, through it, finds the date. The
HTML is parsed once and never fetched again. What is kept here is what ingestion needs before it
cuts furniture and reads datelines (see timeline.ingest).

The story is extracted from the whole page, as trafilatura is built to do (it leaves comments,
menus and teasers out by its own rules). The date is looked for in the page without its comments
and lists of other stories, since those carry dates of their own (a comment's <time>, a teaser's
date) that htmldate would otherwise take for the article's when the page states none in its
metadata; a block that holds the story itself is never cut, whatever its class says. What htmldate's
fast search finds is kept apart from what only its extensive search reads in the page's text, which
ingestion trusts less than a dateline, and which is never read in the story's own sentences: the
dates they mention are those of the events it reports.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

__all__ = ["WebPage", "EXTRACTION", "MARKUP_DATE", "TEXT_DATE", "read_page"]


@dataclass(frozen=True)
class WebPage:
    """What a page holds for ingestion: its story text and its metadata, each None when absent."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    """The date htmldate's fast search finds (meta tags, JSON-LD, <time>, the URL, date elements)."""
    published_in_text: str | None = None
    """When that finds none: the date its extensive search reads in the page's text, outside the
    story's own sentences (a "Posted on" line, a date box, a footer)."""
    language: str | None = None


EXTRACTION: dict[str, Any] = {"include_comments": False, "include_tables": True}
"""The options ingestion gives trafilatura.bare_extraction for the story: the library's balanced
defaults (tables kept, as a table is often the story's content) without readers' comments."""

MARKUP_DATE: dict[str, Any] = {"extensive_search": False, "original_date": True}
TEXT_DATE: dict[str, Any] = {"extensive_search": True, "original_date": True}
"""The options htmldate's find_date gets: first its fast search (mostly the markup), then, only
when that finds nothing, its extensive search, which reads any date in the page's text; both for
the original publication date, not the last update."""

MIN_STORY_MARK_CHARS = 40
"""A story paragraph this long (its opening, this many characters) can be told on the page; shorter
lines ("Share", a byline) could occur anywhere."""

MIN_STORY_SHARE = 0.5
"""A block holds the story when it holds at least this share of the story's paragraphs: a container
holds all of them; comments that trafilatura took into the story of a forum-like page hold a few."""


def read_page(html: str) -> WebPage | None:
    """The story and metadata of a page's decoded HTML; None when it holds no text at all.

    The metadata is read apart from the story, so that it never depends on how much text the
    extraction keeps (trafilatura falls back on the page's plain text by itself when it finds no
    main text, and gives nothing only for a page without text).
    """
    import trafilatura
    from htmldate import find_date

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    document = trafilatura.bare_extraction(tree, **EXTRACTION)  # works on a copy of the tree
    story = document.text.strip() if document is not None and document.text else ""
    if not story:
        return None
    paragraphs = _story_paragraphs(tree, story)
    _cut_off_story(tree, paragraphs)
    metadata = trafilatura.extract_metadata(tree, date_config=MARKUP_DATE)
    in_text = None
    if not metadata.date:
        for paragraph in paragraphs:  # the dates the story's sentences mention are its events'
            if paragraph.getparent() is not None:
                paragraph.drop_tree()
        in_text = find_date(tree, url=metadata.url, **TEXT_DATE)
    return WebPage(
        story,
        title=metadata.title,
        outlet=metadata.sitename,
        url=metadata.url,
        published=metadata.date,
        published_in_text=in_text,
        language=metadata.language,
    )


_MENUS = XPath("//nav | //footer[not(ancestor::article)]")
_NAMED = XPath("//*[@id or @class]")
_OFF_STORY_NAME = re.compile(r"(?:^|\s)(?:comment(?!ary)|related|recommend|most-?read|popular|trending)", re.IGNORECASE)
"""Parts of a page that are not the story and carry dates of their own: menus, the site footer,
comments and lists of other stories, by an id or class name that begins with what they are
("comments", "comment-list", "related-posts", "most-read"), not one that merely contains it
("ArticleHeaderComment_publishDate", "wpcom-comments-date" hold the story's own date). Asides and
sidebars are not cut: sites put the story's own date box in them as often as other stories."""

_HEADLINE = XPath(".//h1")
_PARAGRAPHS = ("p", "li", "blockquote", "dd", "td", "pre", "h2", "h3", "h4")
_SPACE = re.compile(r"\s+")


def _story_paragraphs(tree: HtmlElement, story: str) -> list[HtmlElement]:
    """The page's paragraphs (outermost ones) that open like a story line of MIN_STORY_MARK_CHARS
    or more, spaces normalized: where the story sits in the page."""
    marks = {_SPACE.sub(" ", line).strip()[:MIN_STORY_MARK_CHARS] for line in story.split("\n")}
    marks = {mark for mark in marks if len(mark) >= MIN_STORY_MARK_CHARS}
    found: list[HtmlElement] = []
    inside: set[HtmlElement] = set()
    for element in tree.iter(*_PARAGRAPHS):
        if marks and _opening(element) in marks and not any(ancestor in inside for ancestor in element.iterancestors(*_PARAGRAPHS)):
            found.append(element)
            inside.add(element)
    return found


def _opening(element: HtmlElement) -> str:
    """The first MIN_STORY_MARK_CHARS characters of an element's text, spaces normalized."""
    pieces: list[str] = []
    size = 0
    for piece in element.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > 4 * MIN_STORY_MARK_CHARS:
            break
    return _SPACE.sub(" ", "".join(pieces)).strip()[:MIN_STORY_MARK_CHARS]


def _cut_off_story(tree: HtmlElement, paragraphs: list[HtmlElement]) -> None:
    """Drop the off-story blocks of a page in place, except any that holds the headline or the
    story (MIN_STORY_SHARE of its paragraphs)."""
    held: Counter[HtmlElement] = Counter(paragraphs)
    for paragraph in paragraphs:
        held.update(paragraph.iterancestors())
    dropped: set[HtmlElement] = set()
    named = [e for e in _NAMED(tree) if _OFF_STORY_NAME.search(f"{e.get('id', '')} {e.get('class', '')}")]
    for element in _MENUS(tree) + named:
        if element.getparent() is None or any(ancestor in dropped for ancestor in element.iterancestors()):
            continue
        if _HEADLINE(element) or (paragraphs and held[element] >= MIN_STORY_SHARE * len(paragraphs)):
            continue
        dropped.add(element)
        element.drop_tree()
