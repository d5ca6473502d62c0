import datetime as dt

import pytest

from timeline import events
from timeline.model import Article, Timex


def _label(sentence: str, date_text: str) -> str:
    at = sentence.index(date_text)
    return events.clause_label(sentence, at, at + len(date_text))


@pytest.mark.parametrize(
    ("sentence", "date", "label"),
    [
        ("In June, Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a strategic "
         "partnership pact aimed at bolstering military ties.", "In June",
         "Vladimir Putin and Kim Jong Un signed a strategic partnership pact"),
        ("On Monday, North Korea’s leader, Kim Jong Un, officially sanctioned the Treaty of Comprehensive Strategic "
         "Partnerships with Russia — an agreement that necessitates mutual military aid.", "On Monday",
         "Kim Jong Un officially sanctioned the Treaty of Comprehensive Strategic Partnerships with Russia"),
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


def test_long_labels_are_cut_at_a_phrase_to_at_most_sixteen_words():
    sentence = ("Vladimir Putin’s spokesperson had a rather cagey response to questions about Russia’s deal with "
                "North Korea on Tuesday amid rising fears the two countries could team up against Ukraine.")
    label = _label(sentence, "on Tuesday")
    assert label == "Vladimir Putin’s spokesperson had a rather cagey response to questions about Russia’s deal with North Korea"
    assert len(label.split()) <= events.rules().max_label_words == 16


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


@pytest.mark.parametrize(
    ("sentence", "date", "label"),
    [
        # a wire dateline, a live page's stamp, a bullet and a headline glued to the sentence are not the news
        ("NEW YORK - Fears of a swine flu pandemic sent stocks lower on Monday as investors dumped airline shares.",
         "Monday", "Fears of a swine flu pandemic sent stocks lower as investors dumped airline shares"),
        ("CAIRO, Egypt (CNN) -- Police fired tear gas at protesters in Tahrir Square on Friday.", "Friday",
         "Police fired tear gas at protesters in Tahrir Square"),
        ("1758 European Union development ministers will hold talks in Brussels on Monday.", "Monday",
         "European Union development ministers will hold talks in Brussels"),
        ("- PASSENGERS URGED TO COME FORWARD The Mexican man arrived in Hong Kong from Mexico on Thursday.", "Thursday",
         "The Mexican man arrived in Hong Kong from Mexico"),
        # asides between dashes and scare quotes do not cut the clause
        ("Thousands joined open-air church services in Port-au-Prince, Leogane - the epicentre of the earthquake - "
         "and elsewhere on Sunday.", "Sunday", "Thousands joined open-air church services in Port-au-Prince"),
        ('After yesterday\'s " historic " meeting, bankers were told to be grateful.', "yesterday", "The historic meeting"),
        # a second verb joined by "and" takes the clause's subject
        ("An ICRC flight carrying 40 tonnes of medical supplies was diverted to the Dominican Republic, and is due "
         "to reach Port-au-Prince on Sunday.", "Sunday", "An ICRC flight carrying 40 tonnes of medical supplies is due to reach Port-au-Prince"),
        # a title before a name goes whole; an organisation keeps its name
        ("U.S. Secretary of State Hillary Clinton spoke with Egyptian Prime Minister Ahmed Shafiq on Saturday.", "Saturday",
         "Hillary Clinton spoke with Ahmed Shafiq"),
        ("The State Department ordered the evacuation of its staff on Monday.", "Monday",
         "The State Department ordered the evacuation of its staff"),
        # a date qualifying a noun gives way to the article
        ("The candidates sparred over the bailout in Tuesday's debate in Nashville.", "Tuesday",
         "The candidates sparred over the bailout in the debate in Nashville"),
        ("The singer lost relatives in the 12 January earthquake, his manager said.", "the 12 January",
         "The singer lost relatives in the earthquake"),
        # the reported clause when the date is its own, the report when the date is the report's
        ("A State Department release says Hillary Clinton spoke with Ahmed Shafiq on Saturday night.", "Saturday night",
         "Hillary Clinton spoke with Ahmed Shafiq"),
        ("Mubarak told ABC News on Thursday that he would like to step down right away.", "Thursday",
         "Mubarak told ABC News that he would like to step down right away"),
        # a phrasal verb keeps its particle; a relative clause's verb is the clause's
        ("Hosni Mubarak is expected to step down on Thursday night, a senior official told CNN.", "Thursday night",
         "Hosni Mubarak is expected to step down"),
        ("Egyptians had a few hours to shop before a curfew that started at 3:00 p.m.", "3:00 p.m.", "A curfew started"),
        ("Wael Ghonim, the Google executive who was seized January 28 and released Monday, may become the uprising's face.",
         "Monday", "The Google executive was seized January 28 and released"),
        # the date as the subject stays
        ("Sunday is expected to see a sixth day of protests against the government.", "Sunday",
         "Sunday is expected to see a sixth day of protests against the government"),
    ],
)
def test_the_label_drops_what_scraped_news_wraps_around_the_clause(sentence, date, label):
    assert _label(sentence, date) == label


def _readable(text: str, published: str = "2011-02-10") -> dict[str, bool]:
    article = Article(file="a.txt", text=text, published=published)
    from timeline import temporal

    return {m.timex.text: m.readable for m in events.extract(article, temporal.tag(text, article.dct))}


@pytest.mark.parametrize(
    ("text", "date", "readable"),
    [
        ("Police used water cannons and tear gas against protesters in Cairo on Wednesday.", "Wednesday", True),
        ("We're going to continue to cover the protests all day today for our viewers.", "today", False),
        ("I talked to Mohamed ElBaradei earlier today about the protests in Cairo.", "today", False),
        ("He swore in a new cabinet on Monday in his latest concession to the protesters.", "Monday", False),
        ("Could Hosni Mubarak step down on Thursday in front of the whole nation?", "Thursday", False),
        ("The protests grew after Mubarak's speech on Thursday in Cairo and Alexandria.", "Thursday", False),
        ("Thousands took to the streets on Friday, the biggest protests since the uprising began on January 25.",
         "January 25", False),
    ],
)
def test_a_label_names_its_event_only_when_it_stands_alone_as_news(text, date, readable):
    """The speaker's own talk, a bare pronoun, a question, an event noun with nothing said of it, or a
    clause that tells another date's event cannot name an event on a timeline."""
    assert _readable(text)[date] is readable
