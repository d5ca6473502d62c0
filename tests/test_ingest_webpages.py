"""Saved web pages: the story is never lost to a layout class, nor the metadata to what the text
extraction keeps, nor a table that is the story, nor a page to a broken byte; the date is htmldate's,
looked for without the page's comments and lists of other stories, and never an event the story's
sentences mention."""

from pathlib import Path

import pytest

from timeline.ingest import read_upload

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SIDEBAR_LAYOUT = (FIXTURES / "sidebar_layout_page.html").read_text(encoding="utf-8")
STORY = ("The port authority froze harbour tolls for a year on Tuesday", "from its reserves", "plan their timetables", "will be reviewed next winter.")


def _one(name: str, data: bytes):
    articles, problems = read_upload(name, data)
    assert problems == [] and len(articles) == 1, problems
    return articles[0]


@pytest.mark.parametrize(
    "container",
    ["l-sidebar-fixed l-article-body-segment", "content-with-sidebar-wrp", "mainwrap single-default sidebar", "related-layout"],
)
def test_a_story_whose_container_class_names_a_sidebar_or_related_block_keeps_its_text_and_header_date(container):
    article = _one("tolls.html", SIDEBAR_LAYOUT.replace("STORY-CONTAINER", container).encode())
    for sentence in STORY:
        assert sentence in article.text, container
    for marker in ("SIDEBAR-TEXT", "RELATED-TEXT", "COMMENT-TEXT"):
        assert marker not in article.text
    assert (article.published, article.published_source) == ("2019-01-29", "metadata"), container


def test_a_page_without_a_date_of_its_own_is_not_dated_by_its_comments_or_related_stories():
    page = SIDEBAR_LAYOUT.replace("STORY-CONTAINER", "related-layout").replace("Tuesday, 29 January 2019", "")
    # the sidebar's own dates go too: an aside is read, as it often holds the story's date box
    page = page.replace('<span class="date">14 January 2019</span>', "").replace('<span class="date">8 January 2019</span>', "")
    assert _one("tolls.html", page.encode()).published is None


def test_a_page_whose_markup_states_no_date_is_not_dated_by_an_event_its_story_mentions():
    page = SIDEBAR_LAYOUT.replace("STORY-CONTAINER", "story").replace("Tuesday, 29 January 2019", "")
    page = page.replace('<span class="date">14 January 2019</span>', "").replace('<span class="date">8 January 2019</span>', "")
    page = page.replace("for a year on Tuesday, after", "for a year on 3 March 2018, after")
    assert _one("tolls.html", page.encode()).published is None


def test_a_date_box_in_an_aside_beside_the_story_dates_it():
    page = SIDEBAR_LAYOUT.replace("STORY-CONTAINER", "story").replace('<div class="PublishDate ArticleHeaderComment_publishDate">Tuesday, 29 January 2019</div>', "")
    page = page.replace('<aside class="sidebar">', '<aside class="post-info"><span class="posted">29.01.2019</span></aside>\n<aside class="sidebar">', 1)
    page = page.replace('<span class="date">14 January 2019</span>', "").replace('<span class="date">8 January 2019</span>', "")
    assert _one("tolls.html", page.encode()).published == "2019-01-29"


def test_a_page_whose_markup_states_no_date_is_dated_by_htmldates_extensive_search_of_its_text():
    article = _one("nets.html", (FIXTURES / "blog_post_dated_in_text.html").read_bytes())
    assert (article.published, article.published_source) == ("2024-10-16", "metadata")
    assert "Posted by Maren" not in article.text.split("\n")[0]


def test_a_dateline_beats_a_date_read_only_in_the_page_text():
    page = (FIXTURES / "blog_post_dated_in_text.html").read_text(encoding="utf-8")
    page = page.replace("<p>Every morning", "<p>Published: 3 March 2024</p>\n    <p>Every morning", 1)
    article = _one("nets.html", page.encode())
    assert (article.published, article.published_source) == ("2024-03-03", "dateline")


def test_the_metadata_of_a_page_laid_out_in_a_table_is_kept_with_its_text():
    article = _one("ferry.html", (FIXTURES / "brief_page.html").read_bytes())
    assert "Ferry crews called off Wednesday's strike" in article.text
    assert (article.title, article.outlet) == ("Ferry strike called off", "Coast Courier")
    assert article.url == "https://courier.example/news/ferry-strike-called-off"
    assert (article.published, article.published_source) == ("2024-06-11", "metadata")


def test_a_table_that_is_the_story_is_kept():
    article = _one("results.html", (FIXTURES / "results_table_page.html").read_bytes())
    for cell in ("North Quay", "Maren Dahl", "Old Town", "Jonas Berg", "Ferry Point", "1,117"):
        assert cell in article.text
    assert article.text.rstrip().endswith("The new council meets for the first time on May 14 to elect its mayor.")


def test_a_page_declaring_utf8_with_one_broken_byte_keeps_its_other_characters():
    page = (
        '<html><head><meta charset="utf-8"><title>Tromsø</title></head><body><article>'
        "<p>Lawmakers in Tromsø ratified the Arctic accord on Tuesday; the vote in Bodø is next.</p>"
        "<p>Fishing crews in Ålesund welcomed it.</p></article></body></html>"
    ).encode()
    article = _one("accord.html", page.replace("Ålesund".encode(), b"\xc5lesund"))
    assert "Lawmakers in Tromsø ratified the Arctic accord" in article.text and "Bodø" in article.text


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_a_page_in_the_charset_it_declares_is_read_in_it(charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>Die Fähre nach Tromsø fährt wieder – ab Montag.</p></body></html>'
    assert "Die Fähre nach Tromsø fährt wieder – ab Montag." in _one("faehre.html", page.encode("cp1252")).text


def test_a_page_with_a_few_stray_nul_bytes_is_read_not_refused_as_binary():
    paragraph = "<p>Lawmakers ratified the Arctic shipping accord on Tuesday after a two-day debate in the chamber.</p>"
    page = ("<html><head><title>Accord</title></head><body>" + paragraph * 30 + "\x00\x00</body></html>").encode()
    assert "Lawmakers ratified the Arctic shipping accord" in _one("accord.html", page).text
