"""The dashboard with 10,000 events: chart build, payload, drawing and filters, against plain Plotly.

    python -m benchmarks.dashboard_scale                  # 10,000 events, browser measures included
    python -m benchmarks.dashboard_scale 2000 --no-browser

The events come from the world of benchmarks/synthetic.py: every true event its articles report
becomes one event, at the finest granularity any report gives it, with every report as a source
(what the merge makes of a perfect tagger's mentions), so labels, quotes and source counts have
realistic lengths without the minutes that tagging and merging 20,000 articles take.

Measured in one run, each time the median of REPEATS:
- ours: viz.figure.timeline_figure (the dashboard's chart), Streamlit's marshalling of it (what
  st.plotly_chart does: plotly.tools.return_figure_from_figure_or_data, then plotly.io.to_json),
  the JSON payload sent to the browser, and every sidebar filter over all the events; the chart is
  also built for views a reader reaches by filtering: a month, a week, and one event a day (sparse
  enough for lanes, so its 1,000-odd points are drawn one by one, with WebGL);
- the peers, plain Plotly on the same events with the same hover text: px.scatter (WebGL above
  1,000 points, its default), go.Scatter (SVG), px.timeline (one bar per event);
- in Chromium, when found: the time Plotly.js takes to parse and draw each figure's JSON, and the
  served dashboard itself, on a store holding the events: opening the page until the chart is
  drawn, and typing a keyword until the chart is redrawn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` and `benchmarks` importable
    sys.path.insert(0, str(PROJECT))

import pandas as pd  # noqa: E402
import plotly.express as px  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import plotly.io  # noqa: E402
import plotly.offline  # noqa: E402
import plotly.tools  # noqa: E402

from benchmarks.synthetic import generate_corpus, synthetic_mentions  # noqa: E402
from timeline import filters, pipeline, salience  # noqa: E402
from timeline.model import Event, Source, scale_of  # noqa: E402
from timeline.viz.cards import hover_text  # noqa: E402
from timeline.viz.figure import timeline_figure  # noqa: E402
from timeline.viz.style import marker_size  # noqa: E402
from timeline.viz.view import View  # noqa: E402

REPEATS = 5
FIRST_RENDER_TARGET_S = 2.0
ARTICLES_PER_EVENT = 2.2
"""Synthetic articles generated per event wanted: the world has about one true event per two
articles, and not every true event gets reported."""
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard_scale", description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="?", default=10_000, help="number of events (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    events = synthetic_events(args.events, args.seed)
    print(f"{len(events):,} events ({describe(events)}) generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    first, last = min(e.start for e in events), max(e.end for e in events)
    month_start = first + (last - first) / 2
    month_end = month_start + dt.timedelta(days=30)
    month = filters.filter_events(events, start=month_start, end=month_end)
    week = filters.filter_events(events, start=month_start, end=month_start + dt.timedelta(days=6))
    daily = list({e.start: e for e in sorted(events, key=lambda e: (-filters.source_count(e), e.id)) if e.granularity == "day"}.values())
    figures = {
        "ours: timeline_figure": lambda: timeline_figure(events),
        f"ours, each day's least-reported event ({len(daily):,}: fits the lanes, one by one)": lambda: timeline_figure(daily),
        f"ours, one month zoomed in ({len(month):,} events)": lambda: timeline_figure(month, View(month_start, month_end)),
        f"ours, one week zoomed in ({len(week):,} events)": lambda: timeline_figure(week, View(month_start, month_start + dt.timedelta(days=6))),
        "px.scatter": lambda: plain_express_scatter(events),
        "go.Scatter (SVG)": lambda: plain_scatter(events),
        "px.timeline": lambda: plain_express_timeline(events),
    }
    rows = [measure_figure(name, build) for name, build in figures.items()]
    filter_rows = measure_filters(events)
    if CHROMIUM and not args.no_browser:
        measure_drawing(rows)
        served = measure_served_dashboard(events)
    else:
        served = None
    print(report(len(events), rows, filter_rows, served))
    return 0


# -- the events ------------------------------------------------------------------------------------


def synthetic_events(n: int, seed: int = 0) -> list[Event]:
    """n events, each a true event of the synthetic world with every report of it as a source."""
    corpus = generate_corpus(max(100, round(n * ARTICLES_PER_EVENT)), seed)
    reports = [(item.article, report) for item in corpus for report in item.reports]
    by_event: dict[int, list] = {}
    for (article, report), mention in zip(reports, synthetic_mentions(corpus), strict=True):
        by_event.setdefault(report.event.id, []).append((article, mention))
    events = []
    for event_id, mentions in sorted(by_event.items()):
        _, finest = min(mentions, key=lambda am: (scale_of(am[1].granularity).shortest_days, am[1].start))
        sources = tuple(
            Source(
                article_id=a.id, file=a.file, title=a.title, outlet=a.outlet, published=a.published, url=a.url,
                sentence=m.sentence, timex_text=m.timex.text, timex_value=m.timex.value, derivation=m.timex.derivation, label=m.label,
                sentence_start=m.sentence_start, timex_start=m.timex.start,
            )  # fmt: skip
            for a, m in mentions
        )
        events.append(Event(f"{event_id:016x}", finest.timex.value, finest.start, finest.end, finest.granularity, finest.label, sources))
    if len(events) < n:
        raise ValueError(f"the synthetic world reported only {len(events)} events; raise ARTICLES_PER_EVENT")
    step = len(events) / n
    return sorted((events[int(i * step)] for i in range(n)), key=lambda e: (e.start, e.label))


def describe(events: Sequence[Event]) -> str:
    granularities = Counter(e.granularity for e in events)
    span = f"{min(e.start for e in events)} to {max(e.end for e in events)}"
    return ", ".join(f"{n:,} {g}" for g, n in granularities.most_common()) + f"; {span}; {sum(len(e.sources) for e in events):,} sources"


# -- the peers: plain Plotly on the same events -------------------------------------------------------


def _frame(events: Sequence[Event]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start": [e.start for e in events],
            "end": [e.end + dt.timedelta(days=1) for e in events],
            "granularity": [e.granularity for e in events],
            "sources": [filters.source_count(e) for e in events],
            "label": [e.label for e in events],
            "hover": [hover_text(e) for e in events],
            "id": [e.id for e in events],
        }
    )


def plain_express_scatter(events: Sequence[Event]) -> go.Figure:
    frame = _frame(events)
    return px.scatter(frame, x="start", y="granularity", size="sources", color="granularity", hover_name="label", hover_data={"hover": True}, custom_data=["id"])


def plain_scatter(events: Sequence[Event]) -> go.Figure:
    frame = _frame(events)
    marker = dict(size=[marker_size(n) for n in frame["sources"]])
    return go.Figure(go.Scatter(x=frame["start"], y=frame["granularity"], mode="markers", marker=marker, hovertext=frame["hover"], customdata=frame["id"]))


def plain_express_timeline(events: Sequence[Event]) -> go.Figure:
    frame = _frame(events)
    return px.timeline(frame, x_start="start", x_end="end", y="granularity", color="granularity", hover_name="label", hover_data={"hover": True}, custom_data=["id"])


# -- measures -----------------------------------------------------------------------------------------


def _median_seconds(function: Callable[[], Any], repeats: int = REPEATS) -> tuple[Any, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def marshal(figure: go.Figure) -> str:
    """The chart as st.plotly_chart sends it: validated, then serialized."""
    return plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True), validate=False)


def measure_figure(name: str, build: Callable[[], go.Figure]) -> dict[str, Any]:
    figure, build_s = _median_seconds(build)
    spec, marshal_s = _median_seconds(lambda: marshal(figure))
    traces = Counter(type(trace).__name__ for trace in figure.data)
    return {"name": name, "build_s": build_s, "marshal_s": marshal_s, "bytes": len(spec.encode("utf-8")), "traces": dict(traces), "spec": spec}


def measure_filters(events: Sequence[Event]) -> list[tuple[str, int, float]]:
    """Each sidebar filter over all events (the dashboard filters cached events, never articles)."""
    middle = min(e.start for e in events) + (max(e.end for e in events) - min(e.start for e in events)) / 2
    outlet = filters.outlet_names(events)[0]
    keyword = common_word(events)
    cases = {
        f"keyword '{keyword}'": dict(keyword=keyword),
        "one month": dict(start=middle, end=middle + dt.timedelta(days=30)),
        f"outlet {outlet}": dict(outlets=[outlet]),
        "at least 3 sources": dict(min_sources=3),
        "day-level only": dict(granularities=["day"]),
        "all five at once": dict(keyword=keyword, start=middle - dt.timedelta(days=365), end=middle + dt.timedelta(days=365), outlets=[outlet], min_sources=2, granularities=["day"]),
    }
    rows = []
    for name, criteria in cases.items():
        kept, seconds = _median_seconds(lambda criteria=criteria: filters.filter_events(events, **criteria))
        rows.append((name, len(kept), seconds))
    return rows


def common_word(events: Sequence[Event]) -> str:
    """A word found in about a tenth of the events (label or quotes): a typical keyword search."""
    counts = Counter(word for e in events for word in set(re.findall(r"[a-z]{5,}", " ".join((e.label, *(s.sentence for s in e.sources))).casefold())))
    return min(counts, key=lambda word: (abs(counts[word] - len(events) / 10), word))


DRAW = """async ([spec, width]) => {
    const div = document.createElement('div');
    div.style.width = width + 'px';
    document.body.appendChild(div);
    const started = performance.now();
    const figure = JSON.parse(spec);
    await Plotly.newPlot(div, figure.data, figure.layout);
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const elapsed = performance.now() - started;
    const drawn = div.querySelectorAll('.point, canvas').length;
    Plotly.purge(div);
    div.remove();
    return [elapsed, drawn];
}"""


def measure_drawing(rows: list[dict[str, Any]]) -> None:
    """Plotly.js parse-and-draw time of every figure, in one Chromium page with Plotly.js inlined."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_file = Path(tmp) / "draw.html"
        page_file.write_text(f"<!doctype html><html><body><script>{plotly.offline.get_plotlyjs()}</script></body></html>", encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(page_file.as_uri())
            for row in rows:
                page.evaluate(DRAW, [row["spec"], 900])
                times = [page.evaluate(DRAW, [row["spec"], 900])[0] / 1000 for _ in range(3)]
                row["draw_s"] = statistics.median(times)
        finally:
            browser.close()


def seed_store(data_dir: Path, events: Sequence[Event]) -> None:
    """A store whose merged events are `events`: the dashboard serves them as a corpus it has analysed."""
    store = pipeline.open_store(data_dir)
    store.set_meta("sample_loaded", "1")
    store.save_events(events, pipeline.corpus_fingerprint(store))
    store.close()


CHART_SHOWS = """(expected) => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.data || !gd.data.length) return false;
    const title = ((gd.layout.title && gd.layout.title.text) || '').replace(/<[^>]*>/g, '');
    const points = gd.data.filter(t => t.type !== 'bar').reduce((n, t) => n + (t.customdata || []).length, 0);
    return title.startsWith(expected.toLocaleString('en-US') + ' events') || (!title && points === expected);
}"""


FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[1, 2], customdata=["a", "b"])))
"""
"""The least a Streamlit page with a Plotly chart costs to open: the floor under the dashboard."""


def measure_served_dashboard(events: Sequence[Event]) -> dict[str, Any]:
    """`streamlit run dashboard.py` on a store holding the events, measured in Chromium; the same
    dashboard on the bundled sample (nine events), and a Streamlit page holding nothing but a
    two-point Plotly chart, are the baselines: what our app and what Streamlit itself cost.

    The dashboard opens on the key events (the store holds no article, so no story span: the
    default count of the most salient); "All events" then draws all of them, counted per period.
    """
    from playwright.sync_api import sync_playwright

    key_shown = len(filters.key_view(events, salience.default_count(None), None))
    keyword = common_word(events)
    kept = len(filters.filter_events(events, keyword=keyword))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                (Path(tmp) / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
                with _served(Path(tmp), Path(tmp) / "floor.py") as url:
                    floor_opened = _open_times(browser, url, 2)
            with tempfile.TemporaryDirectory() as tmp:
                store = pipeline.open_store(Path(tmp))
                pipeline.ensure_sample_corpus(store)
                sample = pipeline.sync(store)
                store.close()
                with _served(Path(tmp)) as url:
                    sample_opened = _open_times(browser, url, len(sample))
            with tempfile.TemporaryDirectory() as tmp:
                seed_store(Path(tmp), events)
                with _served(Path(tmp)) as url:
                    opened = _open_times(browser, url, key_shown)
                    page = browser.new_page(viewport=VIEWPORT)
                    page.goto(url)
                    page.wait_for_function(CHART_SHOWS, arg=key_shown, timeout=120_000)
                    started = time.perf_counter()
                    page.get_by_text("All events", exact=True).click()
                    page.wait_for_function(CHART_SHOWS, arg=len(events), timeout=120_000)
                    all_s = time.perf_counter() - started
                    field = page.get_by_role("textbox", name="Keyword")
                    started = time.perf_counter()
                    field.fill(keyword)
                    field.press("Enter")
                    page.wait_for_function(CHART_SHOWS, arg=kept, timeout=120_000)
                    filtered_s = time.perf_counter() - started
                    started = time.perf_counter()
                    field.fill("")
                    field.press("Enter")
                    page.wait_for_function(CHART_SHOWS, arg=len(events), timeout=120_000)
                    cleared_s = time.perf_counter() - started
        finally:
            browser.close()
    return {
        "key_shown": key_shown,
        "all_s": all_s,
        "first_open_s": opened[0],
        "open_s": statistics.median(opened[1:]),
        "sample_events": len(sample),
        "sample_open_s": statistics.median(sample_opened[1:]),
        "floor_open_s": statistics.median(floor_opened[1:]),
        "keyword": keyword,
        "kept": kept,
        "filter_s": filtered_s,
        "clear_s": cleared_s,
    }


def _open_times(browser: Any, url: str, expected: int, repeats: int = 4) -> list[float]:
    """Seconds from opening the page to the chart drawn, a new page each time in one browser
    context (a returning reader: Streamlit's scripts come from the cache); the first is also the
    server's first run of the script, with nothing cached."""
    context = browser.new_context(viewport=VIEWPORT)
    times = []
    for _ in range(repeats):
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(CHART_SHOWS, arg=expected, timeout=120_000)
        times.append(time.perf_counter() - started)
        page.close()
    context.close()
    return times


class _served:
    """A Streamlit script (the dashboard by default) served on a free localhost port for the
    duration of a with-block, with its corpus in data_dir."""

    def __init__(self, data_dir: Path, script: Path = PROJECT / "dashboard.py") -> None:
        self.data_dir = data_dir
        self.script = script

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ]  # fmt: skip
        env = {**os.environ, "TIMELINE_DATA_DIR": str(self.data_dir)}
        self.process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                return url
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.3)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# -- report ---------------------------------------------------------------------------------------------


def report(n: int, rows: Sequence[dict[str, Any]], filter_rows: Sequence[tuple[str, int, float]], served: dict[str, Any] | None) -> str:
    drawn = any("draw_s" in row for row in rows)
    lines = [
        f"## The chart with {n:,} events (median of {REPEATS}; drawing: median of 3 in Chromium, software GL)",
        "",
        "| figure | traces | build s | marshal s | payload MB | draw s | first render s |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        traces = ", ".join(f"{k} x{v}" for k, v in row["traces"].items())
        total = row["build_s"] + row["marshal_s"] + row.get("draw_s", 0.0)
        draw = f"{row['draw_s']:.3f}" if drawn else "-"
        lines.append(f"| {row['name']} | {traces} | {row['build_s']:.3f} | {row['marshal_s']:.3f} | {row['bytes'] / 1e6:.2f} | {draw} | {total:.2f} |")
    lines += ["", "first render = build + marshal" + (" + draw" if drawn else "") + f"; target {FIRST_RENDER_TARGET_S:.0f} s.", ""]
    lines += ["## Filters over all events (no article is read again)", "", "| filter | events kept | ms |", "|---|---|---|"]
    lines += [f"| {name} | {kept:,} | {seconds * 1000:.1f} |" for name, kept, seconds in filter_rows]
    if served:
        lines += [
            "",
            "## The served dashboard in Chromium",
            "",
            f"- opening the page until the chart of its {served['key_shown']} key events is drawn: {served['open_s']:.2f} s (the server's first page: {served['first_open_s']:.2f} s)",
            f"- 'All events' clicked until the chart counts all {n:,}: {served['all_s']:.2f} s",
            f"- the same on the bundled sample ({served['sample_events']} events): {served['sample_open_s']:.2f} s",
            f"- peer floor, a Streamlit page with nothing but a two-point Plotly chart: {served['floor_open_s']:.2f} s",
            f"- keyword '{served['keyword']}' typed until the chart shows its {served['kept']:,} events: {served['filter_s']:.2f} s; cleared again: {served['clear_s']:.2f} s",
        ]
    ours = rows[0]
    total = ours["build_s"] + ours["marshal_s"] + ours.get("draw_s", 0.0)
    if total > FIRST_RENDER_TARGET_S:
        lines += ["", f"MISSED: our first render takes {total:.2f} s, over {FIRST_RENDER_TARGET_S:.0f} s"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
