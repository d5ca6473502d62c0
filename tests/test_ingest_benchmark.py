import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SCRIPT = TESTS.parent / "benchmarks" / "ingest_vs_libraries.py"
FIXTURES = TESTS / "fixtures" / "ingest"


def test_benchmark_scores_ingest_and_both_libraries_on_the_same_pages_and_sorts_the_errors(tmp_path):
    (tmp_path / "pages").mkdir()
    for name in ("news_page.html", "blog_post_dated_in_text.html", "results_table_page.html"):
        shutil.copy(FIXTURES / name, tmp_path / "pages" / name)
    dates = {"https://ledger.example/a": {"file": "news_page.html", "date": "2024-10-16"}, "https://notes.example/b": {"file": "blog_post_dated_in_text.html", "date": "2024-10-16"}}
    texts = {
        "https://ledger.example/a": {"file": "news_page.html", "with": ["Lawmakers ratified the Arctic shipping accord"], "without": ["COMMENT-TEXT-MUST-NOT-APPEAR"]},
        "https://courier.example/c": {"file": "results_table_page.html", "with": ["Jonas Berg", "elect its mayor"], "without": ["© 2024 Coast Courier"]},
    }
    (tmp_path / "dates.json").write_text(json.dumps(dates), encoding="utf-8")
    (tmp_path / "text.json").write_text(json.dumps(texts), encoding="utf-8")
    completed = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout
    for system in ("ingest", "htmldate extensive", "htmldate fast"):
        assert re.search(rf"^  {system} +\d\.\d{{3}}  \d\.\d{{3}} .* \d+\.\d +\d+\.\d$", output, re.MULTILINE), system
    for system in ("ingest", "trafilatura defaults", "trafilatura, its evaluation's settings", "trafilatura, ingest's settings"):
        assert re.search(rf"^  {re.escape(system)} +(\d\.\d{{3}} +){{4}}\d+\.\d +\d+\.\d$", output, re.MULTILINE), system
    assert re.search(r"^  ingest +1\.000  1\.000 +2 +0 +0 ", output, re.MULTILINE)
    assert "ingest's date errors (pages): 0" in output and "ingest's lost snippets (with): 0" in output
    assert re.search(r"^ingest: \d+\.\d ms/page CPU, \d+\.\d wall, over all 3 pages$", output, re.MULTILINE)
