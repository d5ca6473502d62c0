import pytest

from timeline.datelines import blank_datelines, find_datelines, normalize_date, publication_date


def find_dateline(text: str) -> str | None:
    return publication_date(find_datelines(text))


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("2024.10.16 09:08\nBody.", "2024-10-16T09:08"),
        ("Title\n\n2024.10.16 오전 09:08\n[Anchor]\nBody.", "2024-10-16T09:08"),
        ("2024.10.16 오후 09:08\nBody.", "2024-10-16T21:08"),
        ("2024年10月16日\n本文。", "2024-10-16"),
        ("October 16, 2024\nBody.", "2024-10-16"),
        ("16 October 2024\nBody.", "2024-10-16"),
        ("16/10/2024 – MOSCOW (Reuters) – Russia said on Tuesday...", "2024-10-16"),
        ("2024-10-16\nBody.", "2024-10-16"),
        ("Published: Wednesday, October 16, 2024 9:08 AM\nBody.", "2024-10-16T09:08"),
        ("Updated 17 Oct 2024 14:30 GMT\nBody.", "2024-10-17T14:30+00:00"),
        ("Updated: 17 Oct 2024\nPublished: 16 Oct 2024\nBody.", "2024-10-16"),
        ("By Jane Doe | Oct. 16, 2024\nBody.", "2024-10-16"),
        ("Posted on 16 October 2024 by admin\nBody.", "2024-10-16"),
        ("WASHINGTON, Oct 16, 2024 (Reuters) - The Senate voted on Tuesday.", "2024-10-16"),
        ("SAN FRANCISCO, Calif., Oct. 16, 2024 /PRNewswire/ -- Acme said.", "2024-10-16"),
    ],
)
def test_a_dateline_near_the_top_gives_the_publication_date(text, published):
    assert find_dateline(text) == published


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on June 19, 2024.\nBody.",
        "Putin and Kim shake hands in Pyongyang, North Korea, Wednesday, June 19, 2024.",
        "Lawmakers voted on Monday.",
        "1\n2\n3\n4\n5\n6\n7\n2024-10-16",
        "Published: 3 days ago\nBody.",
        "Released prisoners returned home on October 16, 2024, officials said.",
        "Dates for the summit, 16 October 2024 and 17 October 2024, were set by the ministers.",
        "WASHINGTON, Oct. 16 (Reuters) - The Senate voted on Tuesday.",
        "I, Oct. 16, 2024 and beyond: a memoir.",
    ],
)
def test_dates_inside_sentences_far_down_or_relative_are_not_datelines(text):
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        ("Published: 16 October 2024\nThe minister resigned.", " " * 26 + "\nThe minister resigned."),
        ("By Jane Doe | Oct. 16, 2024\nBody.", "By Jane Doe | " + " " * 13 + "\nBody."),
        ("Title\n  2024.10.16 09:08\nBody.", "Title\n  " + " " * 16 + "\nBody."),
        ("WASHINGTON, Oct. 16 (Reuters) - The Senate voted.", " " * 32 + "The Senate voted."),
        ("MOSCOW, October 16 /TASS/. Russia said.", " " * 27 + "Russia said."),
        ("16/10/2024 – MOSCOW (Reuters) – Russia said.", " " * 10 + " – MOSCOW (Reuters) – Russia said."),
    ],
)
def test_datelines_are_blanked_in_place_so_their_date_is_no_event_and_offsets_hold(text, blanked):
    assert blank_datelines(text, find_datelines(text)) == blanked


def test_a_wire_dateline_without_a_year_gives_no_date_rather_than_this_years():
    (dateline,) = find_datelines("SEOUL, Oct. 16 (Yonhap) -- North Korea blew up roads.")
    assert dateline.published is None


def test_a_date_sentence_is_not_blanked():
    text = "The treaty was signed on June 19, 2024.\nBody."
    assert find_datelines(text) == []


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("2024-10-16T09:08+09:00", "2024-10-16T09:08+09:00"),
        ("2024-10-16 09:08:33Z", "2024-10-16T09:08+00:00"),
        ("2024-10-16", "2024-10-16"),
        ("Wed, 16 Oct 2024 09:08:00 GMT", "2024-10-16T09:08+00:00"),
        ("10/16/2024", "2024-10-16"),
        ("2024년 10월 16일", "2024-10-16"),
        ("le 16 octobre 2024", "2024-10-16"),
    ],
)
def test_metadata_date_strings_are_normalized_to_iso(value, published):
    assert normalize_date(value) == published


@pytest.mark.parametrize("value", ["", "soon", "yesterday", "3 days ago", "16 October", "2024", "October 2024", "2024-02-30"])
def test_incomplete_relative_or_impossible_dates_are_not_filled_in_from_today(value):
    assert normalize_date(value) is None
