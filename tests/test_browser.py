"""End to end in a real browser: the served dashboard shows the timeline, hover names the sources,
clicking opens the detail panel, and an uploaded article grows the timeline.

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

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "artifacts"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
NEW_ARTICLE = b"Lawmakers in Seoul approved the defence budget on March 3, 2023, after a long debate.\n"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")

POINT_COUNT = "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => gd.data || []).reduce((n, t) => n + (t.customdata || []).length, 0)"

FIRST_POINT = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const layout = gd._fullLayout, box = gd.getBoundingClientRect();
    const traces = gd.data.map((t, i) => [t, i]).filter(([t]) => t.type !== 'bar');
    const [trace] = traces.sort(([a], [b]) => Math.max(...b.marker.size) - Math.max(...a.marker.size))[0];
    const i = trace.marker.size.indexOf(Math.max(...trace.marker.size));
    return {
        x: box.left + layout._size.l + layout.xaxis.d2p(trace.x[i]),
        y: box.top + layout._size.t + layout.yaxis.d2p(trace.y[i]),
        id: trace.customdata[i],
    };
}"""


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
            assert "source" in hover_text and ("“" in hover_text)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "browser-hover.png"))

            page.mouse.click(point["x"], point["y"])
            marked = page.locator("blockquote mark").first
            marked.wait_for(timeout=30_000)
            marked.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "browser-detail.png"))

            page.set_input_files("input[type=file]", files=[{"name": "budget.txt", "mimeType": "text/plain", "buffer": NEW_ARTICLE}])
            page.wait_for_function(f"({POINT_COUNT})() > {before}", timeout=60_000)
            page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "browser-timeline.png"))
        finally:
            browser.close()
