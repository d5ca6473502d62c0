"""timeline: turn a pile of news articles into a sourced, interactive timeline of events.

The stages, each a module over the dataclasses of `timeline.model`: `ingest` reads articles,
`temporal` tags their dates, `events` extracts what each date anchors, `merge` and `salience` make
and rank the events, `edits` applies the user's changes, `store` keeps the corpus, `pipeline` wires
them together on an engine (`engines`, `dask_engine`), `export` writes the files other tools read
and `viz` draws the chart. The names below are the API a program uses; each is imported when it is
first used, so `import timeline` stays cheap and a Dask worker loads only what its tasks need.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "Article": "timeline.model",
    "Event": "timeline.model",
    "Source": "timeline.model",
    "Mention": "timeline.model",
    "Timex": "timeline.model",
    "Edit": "timeline.model",
    "CorpusInfo": "timeline.model",
    "Problem": "timeline.model",
    "GRANULARITIES": "timeline.model",
    "read_directory": "timeline.ingest",
    "read_path": "timeline.ingest",
    "read_upload": "timeline.ingest",
    "tag": "timeline.temporal",
    "build": "timeline.pipeline",
    "sync": "timeline.pipeline",
    "open_store": "timeline.pipeline",
    "add_articles": "timeline.pipeline",
    "Store": "timeline.store",
    "Engine": "timeline.engines",
    "LocalEngine": "timeline.engines",
    "DaskEngine": "timeline.dask_engine",
    "Document": "timeline.export",
    "FORMATS": "timeline.export",
}
"""Each public name and the module that defines it."""

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
