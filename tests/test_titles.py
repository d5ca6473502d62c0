"""An untitled article gets a derived title, marked as such wherever it is cited."""

from pathlib import Path

import pytest

from timeline import titles
from timeline.ingest import read_directory, read_upload
from timeline.model import Article, cited_title

DATA = Path(__file__).resolve().parent.parent / "data"


def test_the_three_untitled_samples_get_a_headline_from_their_text_never_a_credit_line():
    articles = {a.file[:3]: a for a in read_directory(DATA)[0]}
    assert [key for key, a in sorted(articles.items()) if a.title_source == "derived"] == ["000", "002", "003"]
    assert articles["002"].title.startswith("In a move that has evoked international apprehension, North Korea")
    assert "Image created by AI" not in articles["002"].title
    assert articles["003"].title.startswith("North Korea is reportedly sending citizens to assist")
    for key in ("000", "002", "003"):
        assert len(articles[key].title) <= titles.TITLE_CHARS


def test_a_headline_line_is_taken_whole_and_a_long_lead_sentence_is_cut_at_a_word():
    assert titles.derive_title("Parliament ratifies the treaty\n\nThe vote came on Monday. It was close.") == "Parliament ratifies the treaty"
    lead = "Lawmakers in the lower house of the national parliament approved the long-debated defence budget on Tuesday after weeks of protests."
    derived = titles.derive_title(lead)
    assert derived.endswith("…") and len(derived) <= titles.TITLE_CHARS and lead.startswith(derived[:-1])


@pytest.mark.parametrize(
    "text, title",
    [
        ("Image created by AI\nNorth Korea ratified the treaty on Monday.", "North Korea ratified the treaty on Monday"),
        ("By Maggie Fox, Health and Science Editor WASHINGTON (Reuters) - A new flu has spread. More.", "A new flu has spread"),
        ("By the CNN Wire Staff Protesters filled the square.", "Protesters filled the square"),
        ("[Anchor]\nRussia has defended North Korea day after day.", "Russia has defended North Korea day after day"),
        ("Photo: Reuters\nYou've selected the U.S. Edition.\nThe talks ended.", "The talks ended"),
    ],
)
def test_credits_bylines_datelines_and_page_chrome_are_never_the_title(text, title):
    assert titles.derive_title(text) == title


def test_a_text_without_words_has_no_title_and_a_huge_single_line_is_not_split_whole():
    assert titles.derive_title("...\n---\n") is None
    assert len(titles.derive_title("word " * 2_000_000)) <= titles.TITLE_CHARS


def test_a_stated_title_is_kept_and_a_derived_one_is_cited_in_square_brackets():
    (stated,), _ = read_upload("a.md", b"# Treaty ratified\n\nThe parliament voted on Monday.\n")
    (untitled,), _ = read_upload("b.txt", b"The parliament voted on Monday.\n")
    assert (stated.title, stated.title_source, stated.display_name) == ("Treaty ratified", "metadata", "Treaty ratified")
    assert (untitled.title_source, untitled.display_name) == ("derived", "[The parliament voted on Monday]")
    assert Article(file="c.txt", text="x").display_name == "c.txt"
    assert cited_title(None, "derived", "c.txt") == "c.txt"
