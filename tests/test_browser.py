"""End to end in a real browser: the served dashboard shows the timeline with every label whole,
apart and readable, the story view steps through the events by buttons and arrow keys, hover names
the sources, clicking opens the detail panel, an event relabelled there is redrawn with its new
label, an uploaded article grows the timeline, its markup shows as text, and no label is drawn over
another.

Screenshots of the dashboard at 1366x768 and 390x844 (the timeline and the story view, on the
sample corpus) and of the hover, detail and upload steps are written to artifacts/ at the project's
root, for anyone to look at.

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

from timeline import export, ingest, pipeline
from timeline.model import CorpusInfo, Event, Source
from timeline.viz.cards import HOVER_SOURCES, sources_by_article
from timeline.viz.view import View, date_order

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "artifacts"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
RELABEL = "Putin and Kim sign the pact"
NEW_ARTICLE = b"Lawmakers in <b>Seoul</b> approved the defence budget on March 3, 2023, after a long debate.<script>window.injected = 1</script>\n"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")

POINT_COUNT = "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => gd.data || []).filter(t => t.type !== 'bar').reduce((n, t) => n + (t.customdata || []).length, 0)"

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
    const main = (element) => !element.closest('.rangeslider-container');
    const text = (label) => { const lines = [...label.querySelectorAll('tspan.line')]; return lines.length ? lines.map(l => l.textContent).join(' ') : label.textContent; };
    return {
        labels: [...gd.querySelectorAll('text.annotation-text')].filter(t => t.textContent).map(t => [text(t), ...box(t)]),
        marks: [...gd.querySelectorAll('.scatterlayer path.point, .barlayer path')].filter(main).map(box),
        chart: box(gd.querySelector('.main-svg')),
    };
}"""

CONTRAST = """() => {
    const rgba = (css) => { const v = css.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
    const over = (top, under, opacity) => { const a = top[3] * opacity; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
    const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (l1 + 0.05) / (l2 + 0.05); };
    const gd = document.querySelector('.js-plotly-plot');
    const paper = rgba(getComputedStyle(gd.querySelector('.main-svg')).backgroundColor);
    const labels = [...gd.querySelectorAll('.annotation')].map(a => {
        const bg = a.querySelector('rect.bg'), style = getComputedStyle(bg);
        const behind = over(rgba(style.fill), paper, Number(style.fillOpacity));
        const text = a.querySelector('text.annotation-text');
        return [text.textContent, ratio(over(rgba(getComputedStyle(text).fill), behind, 1), behind)];
    });
    const hover = [...document.querySelectorAll('.hoverlayer .hovertext')].flatMap(h => {
        const box = over(rgba(getComputedStyle(h.querySelector('path')).fill), paper, 1);
        return [...h.querySelectorAll('text, tspan')].filter(t => t.textContent.trim()).map(t => [t.textContent, ratio(rgba(getComputedStyle(t).fill), box)]);
    });
    return {labels, hover};
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
        assert not covered, f"{text!r} is drawn over a marker or band"


def assert_every_label_whole_apart_and_readable(page, events) -> None:
    """Every event's label drawn in full (no ellipsis), inside the chart, over no other label or
    mark, at 4.5:1 or more against what is behind it; and so is the hover text."""
    drawn = page.evaluate(DRAWN_BOXES)
    assert sorted(text for text, *_ in drawn["labels"]) == sorted(" ".join(e.label.split()) for e in events)
    left, top, right, bottom = drawn["chart"]
    for text, *box in drawn["labels"]:
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, f"{text!r} runs out of the chart"
        assert box[2] <= page.viewport_size["width"], f"{text!r} runs off the screen"
    assert_no_label_drawn_over_another(page)
    point = page.evaluate(FIRST_POINT)
    page.mouse.move(point["x"], point["y"])
    page.locator(".hoverlayer .hovertext").first.wait_for(timeout=10_000)
    contrast = page.evaluate(CONTRAST)
    assert contrast["labels"] and contrast["hover"]
    for text, ratio in contrast["labels"] + contrast["hover"]:
        assert ratio >= 4.5, f"{text!r} has a contrast of {ratio:.2f}:1"
    page.mouse.move(0, 0)


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


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def sample_events() -> list[Event]:
    articles, _ = ingest.read_directory(PROJECT / "data")
    return pipeline.build(articles)


HEADLINE = "() => (document.querySelector('.story-slide h2') || {}).textContent"

RING = """(id) => {
    const gd = document.querySelector('.st-key-story_chart .js-plotly-plot');
    const ring = gd.data.find(t => t.name === 'this event');
    const trace = gd.data.find(t => t.type !== 'bar' && (t.customdata || []).includes(id));
    const i = trace.customdata.indexOf(id);
    return ring.x[0] === trace.x[i] && ring.y[0] === trace.y[i];
}"""


SCROLL_TO_TOP = "() => document.querySelectorAll('*').forEach(element => { if (element.scrollTop) element.scrollTop = 0; })"
"""Streamlit scrolls its main section, not the window."""


def open_story(page) -> None:
    page.get_by_text("Story", exact=True).click()
    page.locator(".story-slide h2").wait_for(timeout=30_000)
    page.evaluate(SCROLL_TO_TOP)


def step(page, action, expected: str) -> None:
    action()
    page.wait_for_function(f"() => ({HEADLINE})() === {expected!r}", timeout=30_000)


def test_the_sample_reads_with_whole_labels_and_the_story_view_steps_by_buttons_and_keys_on_a_laptop_and_a_phone(server, browser):
    events = sample_events()
    story = [e.label for e in date_order(events)]
    ARTIFACTS.mkdir(exist_ok=True)

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server)
    page.wait_for_function(f"({POINT_COUNT})() >= {len(events)}", timeout=60_000)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    assert_every_label_whole_apart_and_readable(page, events)
    page.screenshot(path=str(ARTIFACTS / "dashboard-1366x768-timeline.png"))

    open_story(page)
    assert page.evaluate(HEADLINE) == story[0]
    page.screenshot(path=str(ARTIFACTS / "dashboard-1366x768-story.png"))
    next_button, previous_button = page.locator(".st-key-story_next button"), page.locator(".st-key-story_prev button")
    step(page, next_button.click, story[1])
    step(page, next_button.click, story[2])
    step(page, previous_button.click, story[1])
    page.locator(".story-slide h2").click()
    step(page, lambda: page.keyboard.press("ArrowRight"), story[2])
    step(page, lambda: page.keyboard.press("ArrowRight"), story[3])
    step(page, lambda: page.keyboard.press("ArrowLeft"), story[2])
    assert page.evaluate(RING, date_order(events)[2].id), "the overview does not mark the current event"
    page.close()

    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(server)
    phone.wait_for_function(f"({POINT_COUNT})() >= {len(events)}", timeout=60_000)
    phone.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "dashboard-390x844-timeline.png"))
    open_story(phone)
    for button in (".st-key-story_prev button", ".st-key-story_next button"):
        size = phone.locator(button).bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, f"{button} is {size}: too small for a finger"
    step(phone, phone.locator(".st-key-story_next button").tap, story[1])
    phone.evaluate(SCROLL_TO_TOP)
    phone.screenshot(path=str(ARTIFACTS / "dashboard-390x844-story.png"))
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    phone.close()


WEEKS_DRAWN = """() => {
    const gd = document.querySelector('.js-plotly-plot'), size = gd._fullLayout._size;
    const left = gd.getBoundingClientRect().left + size.l, right = left + size.w;
    return [...gd.querySelectorAll('.barlayer .point path')].filter(p => !p.closest('.rangeslider-container')).map(p => p.getBoundingClientRect())
        .filter(r => r.width > 0 && r.left >= left - 1 && r.right <= right + 1 && r.height > 20).length;
}"""
"""The day row's weekly bars drawn inside the plot (the year row's single bar is thinner than 20 px)."""


def test_a_counted_chart_prints_its_title_clear_of_its_legend_and_opens_on_the_story(browser, tmp_path):
    """The HTML export of 3,000 events over three years, a century-old one among them: counted per
    period, its title and legend apart, the axis on the story's span."""
    import datetime as dt

    base = dt.date(2022, 1, 3)
    source = Source("a", "a.txt", "A", "Outlet", "2022-01-03", None, "It happened.", "today", "2022-01-03")
    events = [Event(f"e{i}", "", base + dt.timedelta(days=i % 1000), base + dt.timedelta(days=i % 1000), "day", f"Event {i}", (source,)) for i in range(3000)]
    events.append(Event("old", "1914", dt.date(1914, 1, 1), dt.date(1914, 12, 31), "year", "A war", (source,)))
    page_file = tmp_path / "counted.html"
    page_file.write_text(export.to_html(events, CorpusInfo("Counted"), View(story=(dt.date(2023, 1, 1), dt.date(2023, 6, 30)))), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(page_file.as_uri())
    page.locator(".legend").wait_for(timeout=30_000)
    title, legend, chart, ticks = (page.locator(selector).first.bounding_box() for selector in (".gtitle", ".legend", ".main-svg", ".ytick text"))
    assert title["y"] + title["height"] <= legend["y"] or legend["y"] + legend["height"] <= title["y"], (title, legend)
    assert title["y"] >= chart["y"] and ticks["x"] >= chart["x"], "the title or a row's name is cut at the chart's edge"
    first, last = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
    assert first.startswith("2022-12") or first.startswith("2023-01")
    assert last.startswith("2023-07")
    weeks = page.evaluate(WEEKS_DRAWN)
    assert 20 <= weeks <= 30, f"{weeks} weekly bars drawn in the half year opened on"
    page.screenshot(path=str(ARTIFACTS / "html-export-counted.png"))
    page.close()


def test_hover_click_and_upload_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    sample = {event.id: event for event in sample_events()}

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
            articles = sources_by_article(sample[point["id"]])
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
