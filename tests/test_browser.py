"""End to end in a real browser: the served dashboard shows the timeline, hover names the sources,
clicking opens the detail panel, an event relabelled there is redrawn with its new label, an uploaded
article grows the timeline, its markup shows as text, and no label is drawn over another.

Uses Debian's chromium (never a Playwright browser download); skipped only when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from timeline import ingest, pipeline
from timeline.viz import HOVER_SOURCES, sources_by_article

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "artifacts"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
RELABEL = "Putin and Kim sign the pact"
NEW_ARTICLE = b"Lawmakers in <b>Seoul</b> approved the defence budget on March 3, 2023, after a long debate.<script>window.injected = 1</script>\n"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")

POINT_COUNT = "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => gd.data || []).reduce((n, t) => n + (t.customdata || []).length, 0)"

FIRST_POINT = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const layout = gd._fullLayout, box = gd.getBoundingClientRect();
    const traces = gd.data.map((t, i) => [t, i]).filter(([t]) => t.type !== 'bar' && t.customdata);
    const [trace] = traces.sort(([a], [b]) => Math.max(...b.marker.size) - Math.max(...a.marker.size))[0];
    const i = trace.marker.size.indexOf(Math.max(...trace.marker.size));
    return {
        x: box.left + layout._size.l + layout.xaxis.d2p(trace.x[i]),
        y: box.top + layout._size.t + layout.yaxis.d2p(trace.y[i]),
        id: trace.customdata[i],
    };
}"""


DRAWN_BOXES = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const box = (element) => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {
        labels: [...gd.querySelectorAll('.textpoint text, text.bartext')].filter(t => t.textContent).map(t => [t.textContent, ...box(t)]),
        marks: [...gd.querySelectorAll('.scatterlayer path.point, .barlayer path')].map(box),
    };
}"""


def overlap(a, b, tolerance=1.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance


def assert_no_label_drawn_over_another(page) -> None:
    drawn = page.evaluate(DRAWN_BOXES)
    labels = drawn["labels"]
    assert labels
    for i, (text, *a) in enumerate(labels):
        for other, *b in labels[i + 1 :]:
            assert not overlap(a, b), f"{text!r} is drawn over {other!r}"
        covered = [m for m in drawn["marks"] if overlap(a, m)]
        assert not covered, f"{text!r} is drawn over a marker or bar"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "TIMELINE_DATA_DIR": str(tmp_path)}
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start:\n{process.stdout.read().decode(errors='replace')}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_hover_click_and_upload_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    articles, _ = ingest.read_directory(PROJECT / "data")
    sample_events = {event.id: event for event in pipeline.build(articles)}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server)
            page.wait_for_function(f"({POINT_COUNT})() > 0", timeout=60_000)
            before = page.evaluate(POINT_COUNT)

            point = page.evaluate(FIRST_POINT)
            page.mouse.move(point["x"], point["y"])
            hover = page.locator(".hoverlayer .hovertext").first
            hover.wait_for(timeout=10_000)
            hover_text = hover.text_content()
            articles = sources_by_article(sample_events[point["id"]])
            assert len(articles) > 1 and f"{len(articles)} sources" in hover_text
            assert not any(entity in hover_text for entity in ("&quot;", "&#", "&amp;", "&lt;")), hover_text
            for source, *_ in articles[:HOVER_SOURCES]:
                assert (source.title or source.file)[:20] in hover_text
                assert ", ".join(p for p in (source.outlet, source.published[:10]) if p) in hover_text
            assert_no_label_drawn_over_another(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "browser-hover.png"))

            page.mouse.click(point["x"], point["y"])
            marked = page.locator("blockquote mark").first
            marked.wait_for(timeout=30_000)
            marked.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "browser-detail.png"))

            page.get_by_text("Edit this event").click()
            label = page.get_by_label("Label", exact=True)
            label.fill(RELABEL)
            label.press("Enter")
            page.get_by_role("button", name="Save label").click()
            page.wait_for_function(f"({DRAWN_BOXES})().labels.some(([text]) => text.startsWith({RELABEL!r}))", timeout=60_000)
            page.get_by_text("Edit 1: relabel").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "browser-edit.png"))
            assert page.get_by_role("heading", name=RELABEL).count() == 1
            chosen = page.get_by_role("combobox", name="Event details").input_value()
            assert chosen.endswith(RELABEL), f"the event chooser shows {chosen!r}, not the new label"

            page.set_input_files("input[type=file]", files=[{"name": "budget.txt", "mimeType": "text/plain", "buffer": NEW_ARTICLE}])
            page.wait_for_function(f"({POINT_COUNT})() > {before}", timeout=60_000)
            page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
            page.mouse.move(0, 0)
            assert_no_label_drawn_over_another(page)
            labels = [text for text, *_ in page.evaluate(DRAWN_BOXES)["labels"]]
            assert any(text.startswith("Lawmakers in Seoul") for text in labels), labels
            bold = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot text, .js-plotly-plot tspan')].filter(n => /bold|[6-9]00/.test(getComputedStyle(n).fontWeight) && n.textContent.includes('Seoul')).length")
            assert bold == 0, "the article's own <b> made chart text bold"
            assert page.evaluate("() => window.injected") is None
            page.screenshot(path=str(ARTIFACTS / "browser-timeline.png"))
        finally:
            browser.close()
