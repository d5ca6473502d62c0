from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.ingest import read_upload
from timeline.model import Article, Problem

EXTENSIONS = [".txt", ".md", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".json", ".docx", ".pdf", ".xyz", ""]
NAMES = st.builds(lambda stem, ext: stem + ext, st.text(max_size=12), st.sampled_from(EXTENSIONS))


def _check(articles, problems):
    assert all(isinstance(a, Article) and a.text.strip() for a in articles)
    assert all(isinstance(p, Problem) and p.message for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, data=st.binary(max_size=2000))
def test_random_bytes_under_any_name_never_raise(name, data):
    _check(*read_upload(name, data))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, text=st.text(max_size=2000), codec=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_random_text_under_any_name_never_raises(name, text, codec):
    _check(*read_upload(name, text.encode(codec, errors="replace")))
