"""Whatever a user drops in reaches ingestion and then the tagger: no exception may escape either,
however broken the bytes, the encoding, the format or the dates in the text."""

import csv
import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import temporal
from timeline.datelines import YEARS
from timeline.ingest import read_upload
from timeline.model import Article, Problem

EXTENSIONS = [".txt", ".md", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".json", ".docx", ".pdf", ".xyz", ""]
NAMES = st.builds(lambda stem, ext: stem + ext, st.text(max_size=12), st.sampled_from(EXTENSIONS))
SIGNATURES = [b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"<!DOCTYPE html><html>", b"---\n", b""]
CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis", "cp1251"]

DATE_WORDS = [
    "Published:", "Updated", "2024.10.16", "09:08", "오전", "October", "Oct.", "16,", "2024", "16/10/2024", "2024年10月16日",
    "WASHINGTON,", "(Reuters)", "-", "—", "Monday", "on", "in", "June", "19", "next", "last", "month", "year", "week",
    "ago", "earlier", "later", "a", "day", "two", "the", "of", "spring", "1990s", "century", "Q1", "weekend", "tonight",
    "since", "until", "following", "previous", "decade", "half", "quarter", "will", "was", "signed", "9999", "0", "31",
    "February", "29", "hours", "every", "fiscal", "mid-", "early", "late", "'s", ".", ",", "\n", "Post comments (0)",
    "What's Hot", "[…]", "<p>", "</p>", "<script>", "</script>", "<time datetime='2024-10-16'>", "title:", "date:", "---",
]
DATE_TEXT = st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=6), st.integers(-5, 100_000).map(str)), max_size=60).map(" ".join)
DCTS = st.one_of(st.none(), st.dates(dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)))



def fast(examples: int) -> settings:
    """Many examples, no per-example deadline (the first example pays for imports)."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(articles, problems):
    assert all(isinstance(a, Article) and a.text.strip() for a in articles)
    assert all(isinstance(p, Problem) and p.message for p in problems)


def _as_file(kind: str, text: str, meta: str) -> tuple[str, str]:
    """Random text and metadata in the shape of one supported format."""
    if kind == "csv":
        table = io.StringIO()
        csv.writer(table).writerows([["title", "text", "published"], [meta, text, meta]])
        return "batch.csv", table.getvalue()
    if kind == "jsonl":
        return "feed.jsonl", json.dumps({"title": meta, "text": text, "published": meta}) + "\n" + text
    if kind == "html":
        return "page.html", f"<html><head><title>{meta}</title><meta property='article:published_time' content='{meta}'></head><body><article><p>{text}</p></article><aside class='comments'><time datetime='{meta}'>{meta}</time></aside><script>{text}</script></body></html>"
    return f"article.{kind}", f"---\ntitle: {meta}\npublished: {meta}\n---\n{text}"


@fast(300)
@given(name=NAMES, data=st.binary(max_size=2000))
def test_random_bytes_under_any_name_never_raise(name, data):
    _check(*read_upload(name, data))


@fast(300)
@given(signature=st.sampled_from(SIGNATURES), data=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_behind_a_real_file_signature_never_raise(signature, data, extension):
    _check(*read_upload("file" + extension, signature + data))


@fast(300)
@given(kind=st.sampled_from(["txt", "md", "html", "csv", "jsonl"]), text=DATE_TEXT, meta=DATE_TEXT, codec=st.sampled_from(CODECS))
def test_random_dated_text_in_any_format_and_encoding_never_raises(kind, text, meta, codec):
    name, content = _as_file(kind, text, meta)
    _check(*read_upload(name, content.encode(codec, errors="replace")))


@fast(500)
@given(text=st.one_of(st.text(max_size=500), DATE_TEXT), dct=DCTS)
def test_random_text_never_makes_the_tagger_raise_and_every_span_is_in_the_text(text, dct):
    for timex in temporal.tag(text, dct):
        assert text[timex.start : timex.end] == timex.text
