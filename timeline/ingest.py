"""Articles in, with the metadata a reader needs to cite them: the first stage of the pipeline.

Reads plain text, Markdown, saved web pages, Word and PDF files, and CSV/JSON Lines exports with
one article per row. Whatever arrives, a bad file never stops a batch: it becomes a Problem whose
message says what is wrong in words a journalist can act on. A publication date is only taken from
what someone stated (manifest, page metadata, dateline), never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

import yaml
from charset_normalizer import from_bytes
from lxml import html as lxml_html
from lxml.etree import LxmlError

from timeline.datelines import blank_datelines, find_datelines, normalize_date, publication_date
from timeline.furniture import blank_inline_furniture, cut_trailing_furniture
from timeline import temporal
from timeline.model import Article, DateSource, Problem, TitleSource
from timeline.resource_files import ResourceError
from timeline.titles import derive_title
from timeline.webpages import read_page
from timeline.workers import cores, map_batches

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_BYTES = 20_000_000
"""Largest file read (20 MB), and the most a file may expand to (the text of a .pdf, what a .docx
unpacks to): more is almost never a single article and would stall the app."""

MAX_PDF_PAGES = 1_000
"""Pages read from one PDF: an article is shorter, a book is not one article."""

MAX_PDF_DRAWING = 2_000_000
"""Bytes of drawing instructions (decoded content streams) read from one PDF, a page's and each
form's counted every time it is drawn. pypdf reads about a megabyte of them a second, and a page
of an article holds a few kilobytes; a few KB of deflate can hold megabytes of them, drawn again
on every page that shares them."""

MANIFEST = "manifest.csv"

_FIELD_ALIASES = {
    "text": ("text", "content", "body", "article", "full_text", "fulltext"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site_name", "site", "publication"),
    "url": ("url", "link", "permalink"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "datetime"),
    "language": ("language", "lang"),
}
"""Column or key names accepted for each article field, the canonical name first."""

_BINARY_SIGNATURES = (
    (b"%PDF", "looks like a PDF file, not text (save it with a .pdf extension to read it)"),
    (b"PK\x03\x04", "looks like a ZIP archive or Office file (.docx?), not text"),
    (b"\x89PNG", "looks like an image (PNG), not text"),
    (b"\xff\xd8\xff", "looks like an image (JPEG), not text"),
    (b"GIF8", "looks like an image (GIF), not text"),
)
_BINARY = "looks like a binary file (PDF/ZIP/image?), not text"
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters (category Cc) other than tab, newline, vertical tab and form feed."""
_MAX_CHAOS = 0.15
"""charset-normalizer's mess ratio above which a detected encoding is not trusted."""


@dataclass(frozen=True)
class ManifestRow:
    """What manifest.csv says about one file; None where a cell is empty (unknown)."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass
class _Draft:
    """An article as a format reader found it, before dates are settled and furniture is cut."""

    file: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    """A date string stated in metadata, not yet normalized."""
    file_date: str | None = None
    """A date weaker than a dateline, which the author wrote: a Word/PDF document's creation date, or
    the one htmldate's extensive search reads in a web page's text (see timeline.webpages)."""
    language: str | None = None
    origin: str = ""
    """The file it came from, for messages about it (a CSV row's `file` names the row)."""
    where: str = "metadata"
    """Names the metadata in messages ("front matter", "row 3")."""


_Result = tuple[list[_Draft], list[Problem]]


def read_path(path: Path, *, manifest: Mapping[str, ManifestRow] | None = None) -> tuple[list[Article], list[Problem]]:
    """The articles in one file; its manifest row, if any, overrides what the file says about itself."""
    path = Path(path)
    name = path.name
    data = read_bytes(path)
    if isinstance(data, Problem):
        return [], [data]
    return _read(name, data, (manifest or {}).get(name))


def read_upload(name: str, data: bytes) -> tuple[list[Article], list[Problem]]:
    """The articles in an uploaded file; its name (extension) decides how it is read."""
    name = PurePosixPath(str(name).replace("\\", "/")).name or "upload"
    if len(data) > MAX_BYTES:
        return [], [Problem(name, _too_big(len(data)))]
    return _read(name, bytes(data), None)


PARALLEL_MIN_FILES = 500
"""From this many files in a folder, reading them is spread over one worker process per core:
below it, their start-up (a third of a CPU second each) costs more than the second core saves."""

FILES_PER_TASK = 128
"""Files a worker reads per task: a few hundred milliseconds of work next to the cost of sending it."""


def read_directory(directory: Path, workers: int | None = None) -> tuple[list[Article], list[Problem]]:
    """Every file in a folder (not its subfolders), with metadata from manifest.csv beside them.

    A folder of PARALLEL_MIN_FILES files or more is read by `workers` processes (default: one per
    core this process may use); the articles and problems are those one process finds, in file order.
    """
    directory = Path(directory)
    if directory.is_file():
        return [], [Problem(str(directory), "is a file, not a folder")]
    if not directory.is_dir():
        return [], [Problem(str(directory), "folder not found")]
    manifest: dict[str, ManifestRow] = {}
    problems: list[Problem] = []
    if (directory / MANIFEST).is_file():
        manifest, problems = read_manifest(directory / MANIFEST)
    entries = sorted(p for p in directory.iterdir() if not p.name.startswith(".") and p.name.lower() != MANIFEST)
    files = [p for p in entries if p.is_file()]
    problems += [Problem(p.name, "not a file that can be read (a broken link?)") for p in entries if not p.is_file() and not p.is_dir()]
    names = {p.name for p in files}
    problems += [Problem(MANIFEST, f"lists {missing!r}, which is not in the folder") for missing in manifest if missing not in names]
    workers = workers or cores()
    if workers < 2 or len(files) < PARALLEL_MIN_FILES:
        read = read_files((files, manifest))
    else:
        tasks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
        done = map_batches(read_files, [(task, {p.name: manifest[p.name] for p in task if p.name in manifest}) for task in tasks], workers)
        read = [found for task in done for found in task]
    articles: list[Article] = []
    for found, trouble in read:
        articles += found
        problems += trouble
    return articles, problems


def read_files(task: tuple[Sequence[Path], Mapping[str, ManifestRow]]) -> list[tuple[list[Article], list[Problem]]]:
    """`read_path` of each file of a task (the files, and the manifest rows of them), in order:
    one task of a worker process."""
    files, manifest = task
    return [read_path(path, manifest=manifest) for path in files]


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """Rows of a manifest (columns file,title,outlet,published[,url][,language]) by file name.

    A row whose date cannot be read keeps its other cells; the article then falls back to its
    own date, and the problem is reported under the article's file name.
    """
    path = Path(path)
    data = read_bytes(path)
    if isinstance(data, Problem):
        return {}, [data]
    try:
        rows, columns = _csv_rows(_decode(data))
    except _NotText as error:
        return {}, [Problem(path.name, str(error))]
    if "file" not in columns:
        return {}, [Problem(path.name, f"manifest has no 'file' column (columns found: {_listing(columns)})")]
    manifest: dict[str, ManifestRow] = {}
    problems: list[Problem] = []
    for number, row in rows:
        if isinstance(row, str):
            problems.append(Problem(path.name, f"row {number}: {row}"))
            break
        file = PurePosixPath((row.get("file") or "").strip().replace("\\", "/")).name
        if not file:
            continue
        cells = _fields(row)
        published = _stated_date(cells["published"]) if cells.get("published") else None
        if cells.get("published") and published is None:
            problems.append(Problem(file, f"{path.name} row {number}: could not read the date {_quoted(cells['published'])}; using the date in the article, if any", fatal=False))
        manifest[file] = ManifestRow(cells.get("title"), cells.get("outlet"), published, cells.get("url"), cells.get("language"))
    return manifest, problems


class TaggingText(NamedTuple):
    """What `tag` reads of one file."""

    text: str | None
    dct: dt.date | None
    problems: list[Problem]
    datelines: list[tuple[int, int]]
    """Spans of the text that are its dateline ("2024.10.16 09:08"), which building blanks."""


def read_text_for_tagging(path: Path) -> TaggingText:
    """One file's text, with offsets into the file as written, the date to anchor it to, and
    where its datelines are.

    For plain text and Markdown the text is the decoded file, furniture and markup included, so
    that reported offsets point into the file; the date comes from the manifest beside the file,
    else from the file itself. Other formats give the article's text, datelines already blanked.
    """
    path = Path(path)
    manifest: dict[str, ManifestRow] = {}
    problems: list[Problem] = []
    if (path.parent / MANIFEST).is_file() and path.name != MANIFEST:
        manifest, manifest_problems = read_manifest(path.parent / MANIFEST)
        problems += [p for p in manifest_problems if p.file in (path.name, MANIFEST)]
    articles, trouble = read_path(path, manifest=manifest)
    problems += trouble
    if len(articles) != 1:
        if len(articles) > 1:
            problems.append(Problem(path.name, f"holds {len(articles)} articles; tag reads one (use build for a collection)"))
        return TaggingText(None, None, problems, [])
    article = articles[0]
    data = read_bytes(path) if path.suffix.lower() in _PLAIN_TEXT else None
    if isinstance(data, bytes) and not _HTML_START.match(data[:4096]):
        text = _decode(data)
        body, _ = _front_matter(text)
        shift = len(text) - len(body)
        return TaggingText(text, article.dct, problems, [(d.start + shift, d.end + shift) for d in find_datelines(body)])
    return TaggingText(article.text, article.dct, problems, [])


def _read(name: str, data: bytes, row: ManifestRow | None) -> tuple[list[Article], list[Problem]]:
    suffix = PurePosixPath(name).suffix.lower()
    reader = _READERS.get(suffix)
    if suffix in _PLAIN_TEXT and _HTML_START.match(data[:4096]):
        reader = _read_html
    if reader is None:
        kind = f"file type {suffix}" if suffix else "file without an extension"
        return [], [Problem(name, f"unsupported {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})")]
    if not data:
        return [], [Problem(name, "empty file")]
    try:
        drafts, problems = reader(name, data)
    except _Refused as error:
        return [], [Problem(name, str(error))]
    except RecursionError:
        return [], [Problem(name, f"could not read this {suffix} file: it nests too deeply to be an article")]
    except Exception as error:  # a reader library failing on a malformed file must not stop the batch
        return [], [Problem(name, f"could not read this {suffix} file; it may be damaged or not really {suffix} ({error})")]
    articles = []
    for draft in drafts:
        try:
            article, trouble = _finish(draft, row)
        except Exception as error:  # one row that breaks a rule of reading must not cost the others
            where = f"{draft.where}: " if draft.origin else ""
            article, trouble = None, [Problem(draft.origin or draft.file, f"{where}could not be read ({type(error).__name__}: {error})")]
        problems += trouble
        if article is not None:
            articles.append(article)
    return articles, problems


def _finish(draft: _Draft, row: ManifestRow | None) -> tuple[Article | None, list[Problem]]:
    """Cut furniture, read and blank the datelines, blank the furniture inside the body (after the
    datelines, which may state the publication date in a stamp), settle the date (manifest,
    metadata, dateline, document date) and build the Article."""
    text = cut_trailing_furniture(draft.text)
    datelines = find_datelines(text)
    text = blank_inline_furniture(blank_datelines(text, datelines))
    if not text.strip():
        return None, [Problem(draft.origin or draft.file, f"{draft.where}: no article text found" if draft.origin else "no article text found")]
    problems: list[Problem] = []
    published: str | None = None
    source: DateSource = "unknown"
    if draft.published:
        published = _stated_date(draft.published)
        if published is None:
            problems.append(Problem(draft.origin or draft.file, f"{draft.where}: could not read the date {_quoted(draft.published)}; using the date in the text, if any", fatal=False))
        else:
            source = "metadata"
    if published is None:
        published = publication_date(datelines)
        source = "dateline" if published else "unknown"
    if published is None and draft.file_date:
        published = _stated_date(draft.file_date)
        source = "metadata" if published else "unknown"
    row = row or ManifestRow()
    if row.published:
        published, source = row.published, "manifest"
    language = row.language or draft.language or "en"
    try:
        temporal.require(language)
    except ResourceError as error:  # its dates cannot be read: English rules would misdate it silently
        return None, [Problem(draft.origin or draft.file, f"{draft.where}: {error}; not added" if draft.origin else f"{error}; not added")]
    title, title_source = titled(row.title, draft.title, text, language)
    article = Article(
        file=draft.file,
        text=text,
        title=title,
        outlet=row.outlet or draft.outlet,
        url=row.url or draft.url,
        published=published,
        published_source=source,
        title_source=title_source,
        language=language,
    )
    return article, problems


def titled(manifest: str | None, stated: str | None, text: str, language: str) -> tuple[str | None, TitleSource]:
    """An article's title and where it came from: the manifest's, the file's own, else derived from its text."""
    if manifest and manifest.strip():
        return manifest.strip(), "manifest"
    if stated and stated.strip():
        return stated.strip(), "metadata"
    return derive_title(text, language), "derived"


MAX_DATE_CHARS = 100
"""A metadata date longer than this is not one ("Wednesday, 16 October 2024, 09:08:00 KST" is 42):
a table cell of any length is not handed to the date readers."""


def _stated_date(value: str) -> str | None:
    """The ISO date a metadata string states (see datelines.normalize_date), None when it states none."""
    return normalize_date(value) if len(value) <= MAX_DATE_CHARS else None


def _quoted(value: str, limit: int = 60) -> str:
    """A value quoted in a message, cut to `limit` characters."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def read_bytes(path: Path) -> bytes | Problem:
    """The file's bytes, or a Problem. Only a regular file is read (a link is followed to one), and
    never more than MAX_BYTES + 1 bytes: the size is checked before anything is read, but a device
    (/dev/zero) reports none and a file may grow while it is read."""
    try:
        if path.is_dir():
            return Problem(path.name, "is a folder, not a file")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a pipe would block open() until a writer came
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                return Problem(path.name, "not a regular file (a device, a pipe or a socket); only files are read")
            if info.st_size > MAX_BYTES:
                return Problem(path.name, _too_big(info.st_size))
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Problem(path.name, "file not found")
    except OSError as error:
        return Problem(path.name, f"could not open the file: {error.strerror or error}")
    if len(data) > MAX_BYTES:
        return Problem(path.name, f"file grew past the {MAX_BYTES / 1e6:g} MB limit while it was read")
    return data


def _too_big(size: int) -> str:
    return f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:g} MB limit"


class _Refused(ValueError):
    """A file that is not read; the message says why, for the user."""


class _NotText(_Refused):
    """Bytes that do not decode to text."""


def _decode(data: bytes) -> str:
    """Text from bytes: BOMs first, then UTF-8, then a detected encoding (Western cp1252 preferred
    when it fits as well), with newlines normalized to \\n."""
    if not data:
        raise _NotText("empty file")
    text = _decode_by_bom(data)
    if text is None:
        for signature, message in _BINARY_SIGNATURES:
            if data.startswith(signature):
                raise _NotText(message)
        if b"\x00" in data:
            text = _decode_bomless_utf16(data)
            if text is None:
                raise _NotText(_BINARY)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _NotText(_BINARY)
    return text


def _decode_by_bom(data: bytes) -> str | None:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _decode_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text."""
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if len(data) % 2 == 0 and zeros.count(0) > 0.4 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise _NotText("could not decode text: tried UTF-8, then no other encoding fit (is it a binary file?)")
    best = matches[0]
    if best.chaos > _MAX_CHAOS:
        raise _NotText(f"could not decode text: tried UTF-8, then detected {best.encoding} with low confidence")
    for match in matches:
        if match.chaos <= best.chaos + 0.1 and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252", errors="replace")
    return str(best)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _read_text(name: str, data: bytes) -> _Result:
    """Plain text: kept line for line, so line numbers match the file (unless front matter is cut)."""
    text, meta = _front_matter(_decode(data))
    return [_Draft(name, text, where="front matter", **meta)], []


def _read_markdown(name: str, data: bytes) -> _Result:
    """Markdown: front matter, then markup stripped line by line; the first "# " heading may title it."""
    text, meta = _front_matter(_decode(data))
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    if heading and not meta.get("title"):
        meta["title"] = _strip_markdown_line(heading.group(1))
    plain = "\n".join(_strip_markdown_line(line) for line in text.split("\n"))
    return [_Draft(name, plain, where="front matter", **meta)], []


def _front_matter(text: str) -> tuple[str, dict[str, str | None]]:
    """Metadata from a YAML block at the top, and the text without it; bad YAML is left as text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:
        loaded = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return text, {}
    if not isinstance(loaded, dict):
        return text, {}
    cells = _fields({str(k): _yaml_value(v) for k, v in loaded.items()})
    cells.pop("text", None)
    return text[match.end() :], cells


def _yaml_value(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


_MARKDOWN_RULES = (
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$"), r"\1"),
    (re.compile(r"^\s{0,3}([-*_]\s*){3,}$|^\s{0,3}(=+|-+)\s*$|^\s*\[[^\]]+\]:\s+\S.*$"), ""),
    (re.compile(r"^\s{0,3}>\s?"), ""),
    (re.compile(r"^(\s*)[-*+]\s+(?=\S)"), r"\1"),
    (re.compile(r"!\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)"), ""),
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)|\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1\2"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\*\*(?=\S)((?:(?!\*\*).)+?)(?<=\S)\*\*|__(?=\S)((?:(?!__).)+?)(?<=\S)__"), r"\1\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_]+?)(?<=\S)_(?![\w_])"), r"\1\2"),
)
"""Markdown markup and what it leaves, applied line by line. No part of a match may contain the
mark that opens the next one (a bracket, a parenthesis, an emphasis mark), so that an unclosed mark
repeated along a line is scanned once, not once per mark."""


def _strip_markdown_line(line: str) -> str:
    for pattern, replacement in _MARKDOWN_RULES:
        line = pattern.sub(replacement, line)
    return line


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_BROWSER_CODECS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc-kr": "cp949", "shift_jis": "cp932",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}
"""Charset labels browsers read otherwise (the WHATWG Encoding Standard): a page labelled ISO-8859-1
is decoded as windows-1252, whose curly quotes and dashes it almost always holds, and a UTF-16 label
on a page without a byte-order mark is ignored."""
_MAX_STRAY_NUL_SHARE = 0.001
"""NUL bytes this rare in a page are debris (some servers leave them), not a sign of a binary file."""
_UNFIT_CHARS_PER = 5_000
"""A declared charset fits a page when at most 10 bytes, plus one in this many characters, do not
decode with it (a broken byte or two in a UTF-8 page); a page that fits it worse is mislabelled."""


def _decode_page(data: bytes) -> str:
    """A saved web page's text, read as a browser reads it: a byte-order mark, else UTF-8, else the
    charset the page declares (<meta charset>, the XML declaration), the few bytes that do not fit it
    replaced; a page that declares none, or fits it badly, is decoded as any text file (_decode).
    Rare NUL bytes are dropped first, so that they do not make a page look binary."""
    if _decode_by_bom(data) is not None:
        return _decode(data)
    if 0 < data.count(b"\x00") <= _MAX_STRAY_NUL_SHARE * len(data):
        data = data.replace(b"\x00", b"")
    declared = _DECLARED_CHARSET.search(data[:8192])
    if declared:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            label = (declared.group(1) or declared.group(2)).decode("ascii").lower()
            try:
                text = data.decode(_BROWSER_CODECS.get(label, label), errors="replace")
            except LookupError:
                return _decode(data)
            if text.count("\ufffd") <= 10 + len(text) // _UNFIT_CHARS_PER:
                return _decode(text.encode("utf-8"))
    return _decode(data)


def _read_html(name: str, data: bytes) -> _Result:
    """A saved web page: its story and metadata (see timeline.webpages)."""
    html = _decode_page(data)
    if not re.search(r"<(html|body)\b", html[:4096], re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # a bare fragment, which trafilatura would reject
    page = read_page(html)
    if page is None:
        return [], [Problem(name, "no article text found in the web page")]
    return [
        _Draft(
            name,
            page.text,
            title=page.title,
            outlet=page.outlet,
            url=page.url,
            published=page.published,
            file_date=page.published_in_text,
            language=page.language,
            where="page metadata",
        )
    ], []


_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
"""A web page saved under a text extension still begins like one."""

_MARKUP = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|blockquote|figure|img|iframe|script|style)\b[^<>]*>", re.IGNORECASE)
"""A tag that marks a table cell as HTML; "turnout was <3 percent" is no markup."""
_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "tr", "section", "article")


def _markup_text(markup: str) -> str:
    """The text of an HTML fragment, as datasets store article bodies: scripts and styles dropped,
    one line per paragraph (so furniture at the end is still cut line by line)."""
    root = lxml_html.fragment_fromstring(_CONTROL.sub("", markup), create_parent="div")
    for element in root.xpath(".//script | .//style | .//noscript | .//template"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return re.sub(r"[ \t]*\n\s*", "\n", root.text_content()).strip()


def _read_docx(name: str, data: bytes) -> _Result:
    """A Word document: its paragraphs, title and creation date from the document properties.
    What it unpacks to is checked first (see `_check_unpacked`)."""
    import docx

    _check_unpacked(data, "Word document")
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs).strip()
    if not text:
        return [], [Problem(name, "the Word document has no text")]
    properties = document.core_properties
    created = properties.created.isoformat() if properties.created else None
    return [_Draft(name, text, title=properties.title or None, file_date=created, language=properties.language or None)], []


def _check_unpacked(data: bytes, kind: str) -> None:
    """Refuse a zip-based file (.docx) whose parts unpack to more than MAX_BYTES, before any part
    is parsed: first by the sizes its directory declares, then by inflating each part in pieces,
    since a part may hold more than it declares (zipfile then stops at the declared size and
    finds the checksum wrong)."""
    damaged = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # not a zip: the reader's usual "may be damaged" message
        parts = archive.infolist()
        declared = sum(part.file_size for part in parts)
        if declared > MAX_BYTES:
            largest = max(parts, key=lambda part: part.file_size)
            raise _Refused(
                f"the {kind} unpacks to {declared / 1e6:,.1f} MB ({largest.filename}: {largest.file_size / 1e6:,.1f} MB), "
                f"over the {MAX_BYTES / 1e6:g} MB an article may be"
            )
        unpacked = 0
        for part in parts:
            try:
                with archive.open(part) as stream:
                    while piece := stream.read(1 << 20):
                        unpacked += len(piece)
            except damaged as error:
                raise _Refused(f"could not read this {kind}: {part.filename} is damaged or holds more than it declares ({error})") from None
            if unpacked > MAX_BYTES:
                raise _Refused(f"the {kind} unpacks to more than {MAX_BYTES / 1e6:g} MB, the most an article may be")


def _pdf_text(reader: PdfReader) -> str:
    """The text of a PDF's pages, within MAX_PDF_PAGES, MAX_PDF_DRAWING and MAX_BYTES of text:
    the drawing instructions are counted page by page before each is read, and each form a page
    draws as it is drawn."""
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        raise _Refused(f"the PDF has {len(pages):,} pages, more than the {MAX_PDF_PAGES:,} read from one file (an article is shorter; split it)")
    left = MAX_PDF_DRAWING
    texts: list[str] = []
    length = 0
    for number, page in enumerate(pages, start=1):

        def spend(size: int) -> None:
            nonlocal left
            left -= size
            if left < 0:
                raise _Refused(
                    f"the PDF's pages draw more than {MAX_PDF_DRAWING / 1e6:g} MB of instructions by page {number:,} "
                    "(an article's pages hold a few KB each; it may be built to stall readers)"
                )

        spend(_drawing_size(page.get("/Contents")))
        forms = _form_sizes(page)

        def draw(operator: bytes, operands: list, *_: object) -> None:
            if operator == b"Do" and operands:
                spend(forms.get(str(operands[0]), 0))

        text = (page.extract_text(visitor_operand_before=draw) or "").strip()
        length += len(text) + 1
        if length > MAX_BYTES:
            raise _Refused(f"the PDF's text passes {MAX_BYTES / 1e6:g} MB by page {number:,}, more than an article")
        texts.append(text)
    return "\n".join(texts).strip()


def _drawing_size(contents: object) -> int:
    """Decoded bytes of a page's content stream(s)."""
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _form_sizes(page: object) -> dict[str, int]:
    """Name -> decoded size of every form (Form XObject) a page can draw, nested ones included
    (the largest when a name is reused), each form looked at once."""
    sizes: dict[str, int] = {}
    seen: set[int] = set()
    pending = [page.get("/Resources")]
    while pending:
        resources = pending.pop()
        resources = resources.get_object() if resources is not None else None
        if not hasattr(resources, "get") or id(resources) in seen:
            continue
        seen.add(id(resources))
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
        for name, reference in getattr(xobjects, "items", lambda: [])():
            form = reference.get_object()
            if id(form) in seen or form.get("/Subtype") != "/Form":
                continue
            seen.add(id(form))
            sizes[str(name)] = max(sizes.get(str(name), 0), len(form.get_data()))
            pending.append(form.get("/Resources"))
    return sizes


def _read_pdf(name: str, data: bytes) -> _Result:
    """A PDF: the text of its pages (within the budgets of `_pdf_text`), title and creation date from its metadata."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        return [], [Problem(name, "not a PDF file inside (no PDF header); it may be damaged or renamed")]
    with _quiet("pypdf"):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return [], [Problem(name, "the PDF is password-protected; save an unprotected copy")]
        text = _pdf_text(reader)
        if not text:
            return [], [Problem(name, "the PDF has no text layer (a scan?); run it through OCR first")]
        metadata = reader.metadata
        title = metadata.title if metadata else None
        try:
            created = metadata.creation_date if metadata else None
        except ValueError:  # a malformed date string in the PDF: the article is still worth reading
            created = None
    return [_Draft(name, text, title=title or None, file_date=created.isoformat() if created else None)], []


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Silence a library's warnings about a malformed file: the Problem we return says it better."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _read_csv(name: str, data: bytes) -> _Result:
    """A table with one article per row; a header names the columns (see _FIELD_ALIASES)."""
    rows, columns = _csv_rows(_decode(data))
    return _bulk(name, rows, columns, "CSV has no 'text' column")


def _read_jsonl(name: str, data: bytes) -> _Result:
    """JSON Lines: one JSON object per line, with the same keys as a CSV's columns; a line that
    cannot be read (not JSON, nested too deeply, a number too long, not UTF-8) is one row's problem."""
    rows: list[tuple[int, dict | str]] = []
    keys: set[str] = set()
    for number, line in enumerate(_jsonl_lines(data), start=1):
        if line is None:
            rows.append((number, "not UTF-8 text, as JSON Lines must be (the other rows are read)"))
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append((number, f"not valid JSON ({error.msg} at column {error.colno})"))
            continue
        except (RecursionError, ValueError) as error:
            rows.append((number, _unreadable_json(error)))
            continue
        if not isinstance(value, dict):
            rows.append((number, "expected a JSON object with a 'text' field"))
            continue
        rows.append((number, value))
        keys |= {_column(k) for k in value}
    return _bulk(name, rows, sorted(keys), "JSON Lines file has no 'text' field")


def _jsonl_lines(data: bytes) -> list[str | None]:
    """The lines of a JSON Lines file, None for a line that is not UTF-8. A UTF-8 file with a
    damaged line (other lines hold UTF-8 beyond ASCII) is read line by line, so that the damage
    costs that row alone; any other file is decoded whole (see `_decode`)."""
    if _decode_by_bom(data) is None and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            lines = [_utf8(line) for line in data.split(b"\n")]
            if any(line is not None and not line.isascii() for line in lines):
                return [line.rstrip("\r") if line is not None else None for line in lines]
    return _decode(data).split("\n")


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _unreadable_json(error: RecursionError | ValueError) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply to be an article"
    return f"could not be read ({error})"  # a number of more than 4,300 digits, say


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _read_json(name: str, data: bytes) -> _Result:
    """A JSON array of article objects, or one object. The array is read item by item, so that an
    item that cannot be read (nested too deeply, a number too long) is one row's problem."""
    text = _decode(data)
    at = _JSON_SPACE.match(text).end()
    if not text.startswith("[", at):
        try:
            items: Iterable[tuple[int, object]] = [(1, json.loads(text))]
        except json.JSONDecodeError as error:
            return [], [Problem(name, f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})")]
        except (RecursionError, ValueError) as error:
            return [], [Problem(name, _unreadable_json(error))]
    else:
        items = list(_json_array_items(text, at + 1))
    rows: list[tuple[int, dict | str]] = [
        (number, item if isinstance(item, (dict, _JsonRowProblem)) else "expected a JSON object with a 'text' field") for number, item in items
    ]
    keys = sorted({_column(k) for _, item in rows if isinstance(item, dict) for k in item})
    return _bulk(name, rows, keys, "JSON has no 'text' field")


class _JsonRowProblem(str):
    """A message about one item of a JSON array, told apart from an item that is a JSON string."""


def _json_array_items(text: str, at: int) -> Iterator[tuple[int, object]]:
    """(number, value) of the items of the JSON array whose "[" ends before `at`; an item that
    cannot be decoded gives (number, _JsonRowProblem) and reading goes on after it, while a break
    in the array's own syntax gives a message and ends it."""
    decoder = json.JSONDecoder()
    number = 0
    at = _JSON_SPACE.match(text, at).end()
    if text.startswith("]", at):
        return
    while True:
        number += 1
        try:
            value, at = decoder.raw_decode(text, at)
            yield number, value
        except json.JSONDecodeError as error:
            yield number, _JsonRowProblem(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); the items after it are not read")
            return
        except (RecursionError, ValueError) as error:
            yield number, _JsonRowProblem(_unreadable_json(error))
            at = _end_of_json_value(text, at)
        at = _JSON_SPACE.match(text, at).end()
        if text.startswith(",", at):
            at = _JSON_SPACE.match(text, at + 1).end()
        elif text.startswith("]", at):
            return
        else:
            yield number + 1, _JsonRowProblem("not valid JSON (expected ',' or ']' after the item before); the items after it are not read")
            return


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]|[,]')


def _end_of_json_value(text: str, at: int) -> int:
    """Where the JSON value starting at `at` ends, found by counting brackets outside strings (no
    recursion, however deep it nests); the end of the text when it never closes."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text, at):
        mark = token.group()[0]
        if mark in "[{":
            depth += 1
        elif mark in "]}":
            depth -= 1
            if depth <= 0:
                return token.end() if depth == 0 else token.start()
        elif mark == "," and depth == 0:
            return token.start()
    return len(text)


def _csv_rows(text: str) -> tuple[list[tuple[int, dict | str]], list[str]]:
    """Data rows numbered from 1 (header excluded) and the normalized column names; a row that
    breaks the CSV syntax becomes a message and ends the table."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict | str]] = []
    header: list[str] = []
    try:
        header = [_column(cell) for cell in next(reader, [])]
        for number, cells in enumerate(reader, start=1):
            if any(cell.strip() for cell in cells):
                rows.append((number, dict(zip(header, cells))))
    except csv.Error as error:
        rows.append((len(rows) + 1, f"the CSV breaks off here ({error})"))
    return rows, header


def _column(name: object) -> str:
    return str(name).strip().lstrip("\ufeff").strip().lower()


def _bulk(name: str, rows: Iterable[tuple[int, dict | str]], columns: list[str], no_text: str) -> _Result:
    """One draft per row; a row without text is reported, the others go through."""
    if not set(_FIELD_ALIASES["text"]) & {_column(c) for c in columns}:
        return [], [Problem(name, f"{no_text} (also accepted: {', '.join(_FIELD_ALIASES['text'][1:])}; found: {_listing(columns)})")]
    drafts: list[_Draft] = []
    problems: list[Problem] = []
    for number, row in rows:
        if isinstance(row, str):
            problems.append(Problem(name, f"row {number}: {row}"))
            continue
        try:
            cells = _fields({str(k): _cell(v) for k, v in row.items() if k is not None})
        except ValueError as error:  # a number too long to show, say
            problems.append(Problem(name, f"row {number}: could not be read ({error})"))
            continue
        text = (cells.pop("text", None) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if _MARKUP.search(text):
            try:
                text = _markup_text(text)
            except (ValueError, LxmlError, RecursionError) as error:
                problems.append(Problem(name, f"row {number}: could not read its HTML ({error})"))
                continue
        if not text:
            problems.append(Problem(name, f"row {number}: empty text"))
            continue
        drafts.append(_Draft(f"{name}#row{number}", text, origin=name, where=f"row {number}", **cells))
    if not drafts and not problems:
        problems.append(Problem(name, "no article rows, only the column names"))
    return drafts, problems


def _cell(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _fields(row: Mapping[str, str | None]) -> dict[str, str | None]:
    """The article fields of a row or metadata block, by canonical name; empty cells are unknown."""
    normalized = {_column(k): v.strip() if isinstance(v, str) else v for k, v in row.items()}
    found: dict[str, str | None] = {}
    for canonical, aliases in _FIELD_ALIASES.items():
        value = next((normalized[a] for a in aliases if normalized.get(a)), None)
        if value:
            found[canonical] = value
    return found


def _listing(columns: Iterable[str]) -> str:
    shown = [c for c in columns if c]
    return ", ".join(shown) if shown else "none"


_PLAIN_TEXT = {".txt": _read_text, ".text": _read_text, ".md": _read_markdown, ".markdown": _read_markdown}
_READERS: dict[str, Callable[[str, bytes], _Result]] = {
    **_PLAIN_TEXT,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".json": _read_json,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_READERS))
"""The file endings read, for file pickers and messages."""
