"""timeline.sentences: the one splitter the tagger, event extraction and titles share."""

from timeline.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_end_at_periods_but_not_after_abbreviations_initials_or_decimals():
    text = "Mr. Smith met Gen. Lee in the U.S. capital. Growth was 2.5 percent. J. Doe agreed."
    assert _sentences(text) == ["Mr. Smith met Gen. Lee in the U.S. capital.", "Growth was 2.5 percent.",
                                "J. Doe agreed."]


def test_lines_are_sentence_boundaries_and_closing_quotes_stay_with_their_sentence():
    text = "Headline Without A Period\n“The treaty is signed,” Rudenko said. “It is public.”\nnext"
    assert _sentences(text) == ["Headline Without A Period", "“The treaty is signed,” Rudenko said.",
                                "“It is public.”", "next"]


def test_a_sentence_glued_to_the_next_one_is_split():
    assert _sentences("The storm hits this weekend.Storm Ashley brings rain.") == [
        "The storm hits this weekend.", "Storm Ashley brings rain."]


def test_sentence_offsets_point_into_the_text():
    text = "  First one here.  Second one there.\n\nThird."
    for start, end in split_sentences(text):
        assert text[start:end] == text[start:end].strip() and text[start:end]
