"""The tables beside the chart, as pandas DataFrames (what Streamlit's data editor takes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from timeline.filters import source_count
from timeline.model import Article, Event


def events_table(events: Sequence[Event]) -> pd.DataFrame:
    """One row per event, in the events' order, for a table beside the chart."""
    return pd.DataFrame(
        {
            "date": [e.date for e in events],
            "granularity": [e.granularity for e in events],
            "event": [e.label for e in events],
            "status": [e.status for e in events],
            "salience": [round(e.salience, 2) for e in events],
            "sources": [source_count(e) for e in events],
            "outlets": [", ".join(e.outlets) for e in events],
            "key": [bool(e.edits) and e.key for e in events],
            "edited": [", ".join(dict.fromkeys(edit.kind for edit in e.edits)) if e.edits else "" for e in events],
            "id": [e.id for e in events],
        },
        columns=["date", "granularity", "event", "status", "salience", "sources", "outlets", "key", "edited", "id"],
    )


def articles_table(articles: Sequence[Article], events: Sequence[Event]) -> pd.DataFrame:
    """One row per article: how to cite it, where its title and date come from, how many events it
    reports. A derived title shows in square brackets, as everywhere it is cited."""
    counts = Counter(article_id for e in events for article_id in {s.article_id for s in e.sources})
    return pd.DataFrame(
        {
            "title": [a.display_name for a in articles],
            "title from": [a.title_source if a.title else "" for a in articles],
            "outlet": [a.outlet or "" for a in articles],
            "url": [a.url or "" for a in articles],
            "published": [a.published or "" for a in articles],
            "date from": [a.published_source for a in articles],
            "events": [counts.get(a.id, 0) for a in articles],
            "file": [a.file for a in articles],
            "id": [a.id for a in articles],
        },
        columns=["title", "title from", "outlet", "url", "published", "date from", "events", "file", "id"],
    )
