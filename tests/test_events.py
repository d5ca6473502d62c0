import datetime as dt

import pytest

from timeline import events
from timeline.model import Article, Timex


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in events.split_sentences(text)]


def _label(sentence: str, date_text: str) -> str:
    at = sentence.index(date_text)
    return events.clause_label(sentence, at, at + len(date_text))


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
    for start, end in events.split_sentences(text):
        assert text[start:end] == text[start:end].strip() and text[start:end]


@pytest.mark.parametrize(
    ("sentence", "date", "label"),
    [
        ("In June, Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a strategic "
         "partnership pact aimed at bolstering military ties.", "In June",
         "Vladimir Putin and Kim Jong Un signed a strategic partnership pact"),
        ("On Monday, North Korea’s leader, Kim Jong Un, officially sanctioned the Treaty of Comprehensive Strategic "
         "Partnerships with Russia — an agreement that necessitates mutual military aid.", "On Monday",
         "Kim Jong Un officially sanctioned the Treaty of Comprehensive Strategic Partnerships"),
        ("Russia's parliament gave its consent to the treaty on November 6, subsequent to months of heightened "
         "security collaboration with North Korea.", "November 6", "Russia's parliament gave its consent to the treaty"),
        ("This accord was initially set in motion when Russian President Vladimir Putin visited Pyongyang on June 19, "
         "with an embracing reception.", "June 19", "Vladimir Putin visited Pyongyang"),
        ("Moscow and Pyongyang signed a treaty in June which reportedly included a mutual assistance clause, where "
         "both parties vowed to help the other.", "June", "Moscow and Pyongyang signed a treaty"),
        ("North Korean troops are said to have been deployed to Kursk, Russia, where Ukraine invaded in August.",
         "August", "Ukraine invaded Kursk"),
        ("Notably, Russian President Vladimir Putin visited North Korea in June, marking the first such visit in "
         "over two decades.", "June", "Vladimir Putin visited North Korea"),
        ("Consequently, South Korea’s President Yoon Suk-yeol issued a stern caution earlier in the month, implying "
         "that his country might provide military support.", "earlier in the month",
         "Yoon Suk-yeol issued a stern caution"),
        ("The Kremlin’s spokesperson Dmitry Peskov did nothing to dampen those fears this week when he refused to "
         "lay out the terms of their deal.", "this week", "Dmitry Peskov did nothing to dampen those fears"),
    ],
)
def test_the_label_is_the_subject_verb_and_object_of_the_clause_the_date_modifies(sentence, date, label):
    assert _label(sentence, date) == label


def test_a_date_in_a_phrase_headed_by_an_event_noun_is_labelled_by_that_phrase():
    sentence = ("In an emphatic statement during the accord's signing in June, Kim expressed that this treaty would "
                "bolster relations.")
    assert _label(sentence, "in June") == "The accord's signing"
    sentence = ("Their ties warmed, highlighted by Putin’s visit to the communist nation back in June that resulted "
                "in the military alliance.")
    assert _label(sentence, "back in June") == "Putin’s visit to the communist nation"


def test_a_caption_date_labels_the_main_clause_without_position_notes_or_titles():
    sentence = ("Russian President Vladimir Putin, left, and North Korea's leader Kim Jong Un shake hands while "
                "posing for a photo prior to their talks in Pyongyang, North Korea, Wednesday, June 19, 2024.")
    assert _label(sentence, "June 19, 2024") == "Vladimir Putin and Kim Jong Un shake hands"


def test_a_date_on_a_participle_labels_the_noun_it_modifies():
    sentence = ("In particular, referring to the Strategic Partnership Treaty signed in June, he has made it clear "
                "that he will provide military aid.")
    assert _label(sentence, "in June") == "The Strategic Partnership Treaty signed"


def test_a_verb_in_ed_after_a_name_with_of_is_the_clauses_own_verb():
    assert _label("The mayor of Springfield signed the budget on March 3, 2023.", "on March 3, 2023") == "The mayor of Springfield signed the budget"
    assert _label("Residents of Springfield voted on March 3, 2023.", "on March 3, 2023") == "Residents of Springfield voted"


def test_long_labels_are_cut_to_at_most_twelve_words():
    sentence = ("Vladimir Putin’s spokesperson had a rather cagey response to questions about Russia’s deal with "
                "North Korea on Tuesday amid rising fears the two countries could team up against Ukraine.")
    label = _label(sentence, "on Tuesday")
    assert label.startswith("Vladimir Putin’s spokesperson had a rather cagey response")
    assert len(label.split()) <= 12


def test_labels_are_deterministic():
    sentence = "According to Reuters, the minister resigned on Friday after the vote, officials said."
    assert _label(sentence, "on Friday") == _label(sentence, "on Friday") == "The minister resigned"


def test_tags_typed_into_a_text_stay_in_the_quote_but_not_in_the_label():
    text = "The <b>council</b> approved the budget on November 6. Critics objected.\n"
    [mention] = events.extract(_article(text), [_timex(text, "November 6", "2024-11-06")])
    assert mention.label == "The council approved the budget"
    assert "<b>council</b>" in mention.sentence


def _article(text: str) -> Article:
    return Article(file="a.txt", text=text, published="2024-11-12")


def _timex(text: str, date_text: str, value: str, type_: str = "DATE") -> Timex:
    at = text.index(date_text)
    return Timex(at, at + len(date_text), date_text, type_, value)


def test_extract_gives_one_mention_per_placeable_date_with_its_sentence_and_interval():
    text = "Headline\nThe council approved the budget on November 6. Critics objected.\n"
    article = _article(text)
    [mention] = events.extract(article, [_timex(text, "November 6", "2024-11-06")])
    assert mention.sentence == "The council approved the budget on November 6."
    assert text[mention.sentence_start:].startswith(mention.sentence)
    assert (mention.start, mention.end, mention.granularity) == (dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day")
    assert mention.label == "The council approved the budget"
    assert mention.article_id == article.id


def test_extract_skips_durations_unplaceable_values_furniture_and_bad_offsets():
    text = "2024.10.16 09:08\nThe talks lasted three days, officials said now.\nTeaser: storms hit on Sunday […]\n"
    timexes = [
        _timex(text, "2024.10.16", "2024-10-16"),
        _timex(text, "three days", "P3D", "DURATION"),
        _timex(text, "now", "PRESENT_REF"),
        _timex(text, "Sunday", "2024-10-20"),
        Timex(len(text) + 5, len(text) + 9, "June", "DATE", "2024-06"),
    ]
    assert events.extract(_article(text), timexes) == []
