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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from charset_normalizer import from_bytes
from lxml import html as lxml_html
from lxml.etree import LxmlError, XPath

from timeline.datelines import blank_datelines, find_datelines, normalize_date, publication_date
from timeline.furniture import blank_inline_furniture, cut_trailing_furniture
from timeline.model import Article, DateSource, Problem

MAX_BYTES = 20_000_000
"""Largest file read (20 MB): larger ones are almost never a single article and would stall the app."""

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
    """A document's creation date (Word/PDF): weaker than a dateline, which the author wrote."""
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


def read_directory(directory: Path) -> tuple[list[Article], list[Problem]]:
    """Every file in a folder (not its subfolders), with metadata from manifest.csv beside them."""
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
    articles: list[Article] = []
    for path in files:
        found, trouble = read_path(path, manifest=manifest)
        articles += found
        problems += trouble
    return articles, problems


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
        published = normalize_date(cells["published"]) if cells.get("published") else None
        if cells.get("published") and published is None:
            problems.append(Problem(file, f"{path.name} row {number}: could not read the date {cells['published']!r}; using the date in the article, if any", fatal=False))
        manifest[file] = ManifestRow(cells.get("title"), cells.get("outlet"), published, cells.get("url"), cells.get("language"))
    return manifest, problems


def read_text_for_tagging(path: Path) -> tuple[str | None, dt.date | None, list[Problem]]:
    """One file's text, with offsets into the file as written, and the date to anchor it to.

    For plain text and Markdown the text is the decoded file, furniture and markup included, so
    that reported offsets point into the file; the date comes from the manifest beside the file,
    else from the file itself.
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
        return None, None, problems
    article = articles[0]
    data = read_bytes(path) if path.suffix.lower() in _PLAIN_TEXT else None
    if isinstance(data, bytes) and not _HTML_START.match(data[:4096]):
        return _decode(data), article.dct, problems
    return article.text, article.dct, problems


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
    except _NotText as error:
        return [], [Problem(name, str(error))]
    except Exception as error:  # a reader library failing on a malformed file must not stop the batch
        return [], [Problem(name, f"could not read this {suffix} file; it may be damaged or not really {suffix} ({error})")]
    articles = []
    for draft in drafts:
        article, trouble = _finish(draft, row)
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
        published = normalize_date(draft.published)
        if published is None:
            problems.append(Problem(draft.origin or draft.file, f"{draft.where}: could not read the date {draft.published!r}; using the date in the text, if any", fatal=False))
        else:
            source = "metadata"
    if published is None:
        published = publication_date(datelines)
        source = "dateline" if published else "unknown"
    if published is None and draft.file_date:
        published = normalize_date(draft.file_date)
        source = "metadata" if published else "unknown"
    row = row or ManifestRow()
    if row.published:
        published, source = row.published, "manifest"
    article = Article(
        file=draft.file,
        text=text,
        title=row.title or draft.title,
        outlet=row.outlet or draft.outlet,
        url=row.url or draft.url,
        published=published,
        published_source=source,
        language=row.language or draft.language or "en",
    )
    return article, problems


def read_bytes(path: Path) -> bytes | Problem:
    """The file's bytes, or a Problem; the size is checked before anything is read, so a file
    over MAX_BYTES is refused at once whatever its size."""
    try:
        if path.is_dir():
            return Problem(path.name, "is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Problem(path.name, _too_big(size))
        return path.read_bytes()
    except FileNotFoundError:
        return Problem(path.name, "file not found")
    except OSError as error:
        return Problem(path.name, f"could not open the file: {error.strerror or error}")


def _too_big(size: int) -> str:
    return f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:g} MB limit"


class _NotText(ValueError):
    """Bytes that do not decode to text; the message says why, for the user."""


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


def _read_html(name: str, data: bytes) -> _Result:
    """A saved web page: trafilatura keeps the main text (no scripts, menus, comments, related
    links) and reads title, site name, canonical URL and date; the HTML is never fetched again.

    Comments, related-news lists and sidebars are cut from the page first: they carry dates of
    their own (a comment's <time>, a teaser's date), which htmldate would otherwise take for the
    article's when the page states none in its metadata.
    """
    import trafilatura

    html = _decode(data)
    if not re.search(r"<(html|body)\b", html[:4096], re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # a bare fragment, which trafilatura would reject
    tree = trafilatura.load_html(html)
    if tree is None:
        return [], [Problem(name, "no article text found in the web page")]
    for element in _OFF_STORY(tree):
        if element.getparent() is not None and not element.xpath(".//h1 | .//article | .//main"):
            element.drop_tree()
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = document.text if document is not None and document.text else None
    if text is None:
        text = trafilatura.html2txt(tree)
    if not text or not text.strip():
        return [], [Problem(name, "no article text found in the web page")]
    meta = document if document is not None else None
    return [
        _Draft(
            name,
            text.strip(),
            title=getattr(meta, "title", None),
            outlet=getattr(meta, "sitename", None),
            url=getattr(meta, "url", None),
            published=getattr(meta, "date", None),
            language=getattr(meta, "language", None),
            where="page metadata",
        )
    ], []


_OFF_STORY = XPath(
    "//aside | //nav | //footer[not(ancestor::article)]"
    " | //*[re:test(concat(@id, ' ', @class), 'comment(?!ary)|related|sidebar|recommend|most-?read|popular|trending', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
"""Parts of a page that are not the story: asides, menus, the site footer, comments and lists of
other stories (by the id and class names sites give them). One that holds the headline or the
<article> is kept, whatever its class says."""

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
    """A Word document: its paragraphs, title and creation date from the document properties."""
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs).strip()
    if not text:
        return [], [Problem(name, "the Word document has no text")]
    properties = document.core_properties
    created = properties.created.isoformat() if properties.created else None
    return [_Draft(name, text, title=properties.title or None, file_date=created, language=properties.language or None)], []


def _read_pdf(name: str, data: bytes) -> _Result:
    """A PDF: the text of its pages, title and creation date from its metadata."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        return [], [Problem(name, "not a PDF file inside (no PDF header); it may be damaged or renamed")]
    with _quiet("pypdf"):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return [], [Problem(name, "the PDF is password-protected; save an unprotected copy")]
        text = "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
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
    """JSON Lines: one JSON object per line, with the same keys as a CSV's columns."""
    rows: list[tuple[int, dict | str]] = []
    keys: set[str] = set()
    for number, line in enumerate(_decode(data).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append((number, f"not valid JSON ({error.msg} at column {error.colno})"))
            continue
        if not isinstance(value, dict):
            rows.append((number, "expected a JSON object with a 'text' field"))
            continue
        rows.append((number, value))
        keys |= {_column(k) for k in value}
    return _bulk(name, rows, sorted(keys), "JSON Lines file has no 'text' field")


def _read_json(name: str, data: bytes) -> _Result:
    """A JSON array of article objects, or one object."""
    try:
        value = json.loads(_decode(data))
    except json.JSONDecodeError as error:
        return [], [Problem(name, f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})")]
    items = value if isinstance(value, list) else [value]
    rows: list[tuple[int, dict | str]] = [
        (number, item if isinstance(item, dict) else "expected a JSON object with a 'text' field") for number, item in enumerate(items, start=1)
    ]
    keys = sorted({_column(k) for item in items if isinstance(item, dict) for k in item})
    return _bulk(name, rows, keys, "JSON has no 'text' field")


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
        cells = _fields({str(k): _cell(v) for k, v in row.items() if k is not None})
        text = (cells.pop("text", None) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if _MARKUP.search(text):
            try:
                text = _markup_text(text)
            except (ValueError, LxmlError) as error:
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
