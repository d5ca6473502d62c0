"""timeline.temporal: one test per rule family, with small sentences and the DCTs the brief names."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.model import Timex
from timeline.temporal import tag

WED = dt.date(2024, 10, 16)  # Wednesday, ISO week 42
TUE = dt.date(2024, 11, 12)
FRI = dt.date(2024, 10, 18)


def found(text: str, dct: dt.date | None = WED) -> dict[str, Timex]:
    return {t.text: t for t in tag(text, dct)}


def values(text: str, dct: dt.date | None) -> dict[str, str]:
    return {t.text: t.value for t in tag(text, dct)}


def value_of(text: str, expression: str, dct: dt.date | None = WED) -> str:
    timexes = found(text, dct)
    assert expression in timexes, f"{expression!r} not tagged in {text!r}: {sorted(timexes)}"
    return timexes[expression].value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("They met on June 19, 2024.", "June 19, 2024", "2024-06-19"),
        ("They met on 19 June 2024.", "19 June 2024", "2024-06-19"),
        ("Pyongyang, Wednesday, June 19, 2024.", "Wednesday, June 19, 2024", "2024-06-19"),
        ("Dated 2024-06-19.", "2024-06-19", "2024-06-19"),
        ("2024.10.16 09:08", "2024.10.16", "2024-10-16"),
        ("Filed 16/10/2024.", "16/10/2024", "2024-10-16"),
        ("Filed 10/16/2024.", "10/16/2024", "2024-10-16"),
        ("It was signed in June 2024.", "June 2024", "2024-06"),
        ("It was signed in 2024.", "2024", "2024"),
        ("Sales grew in the 1990s.", "the 1990s", "199"),
        ("Sales fell through the nineties.", "the nineties", "199"),
        ("Talks resume in the first quarter of 2025.", "the first quarter of 2025", "2025-Q1"),
        ("A drought in summer 2024 hurt crops.", "summer 2024", "2024-SU"),
        ("They made the late-November 2024 trip.", "late-November 2024", "2024-11"),
        ("Elections were held in the spring of 1789.", "the spring of 1789", "1789-SP"),
        ("Prices peaked in mid-2024.", "mid-2024", "2024"),
        ("Sept. 30, 1989 was the deadline.", "Sept. 30, 1989", "1989-09-30"),
    ],
)
def test_absolute_dates_need_no_anchor(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression, dct=None) == value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Throughout 1915-17, the British suffered.", "17", "1917"),
        ("Eastern Theater 1861-1863 Because of it.", "1863", "1863"),
        ("In the 1917 Battle of Arras they broke through.", "1917", "1917"),
        ("It returned to the status quo in the 1783 peace treaty.", "1783", "1783"),
        ("In a 1908 interview he said so.", "1908", "1908"),
        ("Deaths fell in the latter half of 2008.", "the latter half of 2008", "2008-H2"),
        ("In 499 BC the tyrant of Miletus rebelled.", "499 BC", "BC0499"),
        ("The revolt lasted from 499 to 493 BC.", "499", "BC0499"),
        ("Battles of Thermopylae, August 480 BC.", "August 480 BC", "BC0480-08"),
        ("Charlemagne was crowned in AD 800.", "AD 800", "0800"),
        ("Throughout the 470s BC the League campaigned.", "the 470s BC", "BC047"),
        ("Even during the 4th century BC the treaty stood.", "the 4th century BC", "BC03"),
        ("The Third Punic War (149 B.C to 146 B.C) ended Carthage.", "149 B.C", "BC0149"),
    ],
)
def test_years_in_ranges_eras_and_before_names(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression, dct=None) == value


def test_the_second_number_of_a_range_is_a_year_only_after_the_first() -> None:
    assert "06" not in found("Figures for 2024-06 were revised.", dct=None)
    assert "1999" not in found("See pages 2001-1999.", dct=None)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The summit is on April 24 and 25.", "25", "1999-04-25"),
        ("The battle was fought between January 25-29.", "29", "1999-01-29"),
        ("The expo runs from 10-12 October.", "10", "1998-10-10"),
        ("Operation Courageous (23-28 March 1951) began.", "23", "1951-03-23"),
        ("A campaign ran from the 13th to the 19th of October 1951.", "the 13th", "1951-10-13"),
    ],
)
def test_a_day_said_alone_in_a_range_takes_the_month_of_the_other_end(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression, dct=dt.date(1999, 3, 12)) == value


def test_a_number_after_a_date_is_no_day_when_it_counts_something_else() -> None:
    assert "25" not in found("Prices rose on April 24 and 25 percent of them fell.", dct=dt.date(1999, 3, 12))


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The troops left from May 15 to August 16, 1988, in two waves.", "May 15", "1988-05-15"),
        ("They won at Tannenberg in August and September 1914.", "August", "1914-08"),
        ("The Battle of Old Baldy (26 June - 4 August 1952) was fought.", "26 June", "1952-06-26"),
        ("Offices close from December 20 to January 5, 2024.", "December 20", "2023-12-20"),
        ("Troops were requested in the spring and summer of 1979.", "the spring", "1979-SP"),
    ],
)
def test_the_first_date_of_a_range_takes_the_year_stated_with_the_second(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression, dct=dt.date(2009, 12, 19)) == value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("On May 10, 1940, it began. On that same day, Germany invaded France.", "that same day", "1940-05-10"),
        ("He returned in June 1998 and left later that year.", "later that year", "1998"),
        ("Talks stalled in 1940. In August of that year, fighting resumed.", "August of that year", "1940-08"),
        ("Minsk fell on August 8, 1919, and on the 28th of that month tanks arrived.", "the 28th of that month", "1919-08-28"),
        ("The army halted on July 3, 1863. The following day it withdrew.", "The following day", "1863-07-04"),
    ],
)
def test_that_day_and_that_year_count_from_the_date_named_last(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression) == value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Former officials said so.", "Former", "PAST_REF"),
        ("It covers future losses.", "future", "FUTURE_REF"),
        ("Under current rules, no.", "current", "PRESENT_REF"),
    ],
)
def test_time_adjectives_before_a_noun_are_references(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression) == value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Shipping losses rose from February to July.", "July", "2024-07"),
        ("The June accession was approved.", "June", "2024-06"),
        ("Tonnage fell in August and September.", "September", "2024-09"),
        ("2007 also saw a sharp increase in attacks.", "2007", "2007"),
        ("They led the 1992 protests.", "1992", "1992"),
    ],
)
def test_months_and_years_without_a_preposition(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression) == value


def test_summer_winter_and_autumn_need_no_preposition() -> None:
    assert value_of("Demand stayed weak well into the summer.", "the summer") == "2024-SU"
    assert value_of("Orders recovered from the low levels of the early summer.", "the early summer") == "2024-SU"
    assert value_of("The Kharkov attack opened their main summer offensive.", "summer") == "2024-SU"
    assert "spring" not in found("Prices spring back when demand returns.")


def test_the_past_decade_is_ten_years_up_to_now_not_the_calendar_decade() -> None:
    timex = found("Raids had become routine over the past decade.")["the past decade"]
    assert (timex.type, timex.value) == ("DURATION", "P10Y")
    assert value_of("Sales peaked in the 1990s.", "the 1990s") == "199"


def test_year_s_end_and_month_s_end_are_that_year_and_month() -> None:
    assert value_of("The rules must be in place by year's end.", "year's end") == "2024"
    history = "The war began in 1950. Seoul fell in June 1950 and was retaken on 28 September 1950. At month's end, UN forces held it."
    assert value_of(history, "month's end") == "1950-09"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Keating was convicted in nineteen ninety-one.", "nineteen ninety-one", "1991"),
        ("One person is killed. January nineteen ninety-seven. Atlanta again.", "January nineteen ninety-seven", "1997-01"),
        ("He promised to halve unemployment by the year two thousand.", "the year two thousand", "2000"),
        ("The bridge was built in nineteen oh five.", "nineteen oh five", "1905"),
    ],
)
def test_years_said_in_words(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression) == value


def test_numbers_in_words_that_count_things_are_no_years() -> None:
    assert found("It drew about twenty thirty people and cost twenty fifty dollars.") == {}


def test_a_name_or_a_march_is_no_month() -> None:
    assert "Jan" not in found("Janos Martonyi and Jan Kavan signed.")
    assert "March" not in found("The March to Versailles was one example.")


def test_weekday_and_date_are_one_span() -> None:
    timexes = tag("Pyongyang, North Korea, Wednesday, June 19, 2024.", WED)
    assert [(t.text, t.rule) for t in timexes] == [("Wednesday, June 19, 2024", "date_month_day_year")]


def test_month_and_day_take_the_nearest_year_and_future_cues_point_ahead() -> None:
    assert value_of("Putin visited Pyongyang on June 19.", "June 19", TUE) == "2024-06-19"
    assert value_of("Parliament gave its consent on November 6.", "November 6", TUE) == "2024-11-06"
    assert value_of("The vote will be held on June 3.", "June 3", TUE) == "2025-06-03"
    assert value_of("The dividend is payable Dec. 15.", "Dec. 15", WED) == "2024-12-15"


def test_without_a_future_cue_a_news_date_leans_to_the_past() -> None:
    assert value_of("In March, the company received a bid.", "March", WED) == "2024-03"
    assert value_of("Revenue for the year ended March 31 rose.", "March 31", WED) == "2024-03-31"
    assert value_of("Sales in December are key for retailers.", "December", WED) == "2024-12"


def test_month_alone_spans_exclude_the_preposition() -> None:
    timexes = tag("Moscow and Pyongyang signed a treaty in June.", WED)
    assert [(t.text, t.value) for t in timexes] == [("June", "2024-06")]
    assert value_of("An incursion in August.", "August", TUE) == "2024-08"
    assert value_of("The summit will take place in June.", "June", WED) == "2025-06"
    assert value_of("Figures for October are due.", "October", WED) == "2024-10"
    assert value_of("The pact signed in January last year.", "January last year", WED) == "2023-01"


def test_may_the_verb_is_no_month() -> None:
    assert tag("Casualties may hold merit, and May could be busy.", WED) == []
    assert value_of("Talks ended in May.", "May", WED) == "2024-05"


@pytest.mark.parametrize(
    ("text", "expression", "dct", "value"),
    [
        ("On Monday, Kim officially sanctioned the treaty.", "Monday", TUE, "2024-11-11"),
        ("The spokesperson had a cagey response on Tuesday.", "Tuesday", WED, "2024-10-15"),
        ("The storm is set to hit on Sunday.", "Sunday", FRI, "2024-10-20"),
        ("The minister will travel to Seoul on Friday.", "Friday", WED, "2024-10-18"),
        ("He resigned last Friday.", "last Friday", WED, "2024-10-11"),
        ("They meet next Tuesday.", "next Tuesday", WED, "2024-10-22"),
        ("Markets close this Sunday.", "this Sunday", WED, "2024-10-20"),
        ("He said so Wednesday.", "Wednesday", WED, "2024-10-16"),
    ],
)
def test_weekdays_follow_the_tense_of_their_sentence(text: str, expression: str, dct: dt.date, value: str) -> None:
    assert value_of(text, expression, dct) == value


def test_weekday_derivation_explains_the_choice() -> None:
    monday = found("On Monday, Kim officially sanctioned the treaty.", TUE)["Monday"]
    assert monday.rule == "weekday"
    assert "past tense" in monday.derivation and "2024-11-12" in monday.derivation and monday.derivation.endswith("2024-11-11")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("today", "2024-10-16"),
        ("yesterday", "2024-10-15"),
        ("tomorrow", "2024-10-17"),
        ("this week", "2024-W42"),
        ("last week", "2024-W41"),
        ("next week", "2024-W43"),
        ("this weekend", "2024-W42-WE"),
        ("this month", "2024-10"),
        ("last month", "2024-09"),
        ("next month", "2024-11"),
        ("this year", "2024"),
        ("last year", "2023"),
        ("next year", "2025"),
        ("earlier this year", "2024"),
        ("earlier this month", "2024-10"),
        ("earlier in the month", "2024-10"),
        ("later this month", "2024-10"),
        ("the end of the year", "2024"),
        ("the end of April", "2024-04"),
        ("two days ago", "2024-10-14"),
        ("three weeks ago", "2024-W39"),
        ("a decade ago", "201"),
        ("last summer", "2023-SU"),
        ("this spring", "2024-SP"),
    ],
)
def test_relative_expressions_anchor_to_the_dct(expression: str, value: str) -> None:
    assert value_of(f"It happened {expression}.", expression) == value


def test_anaphoric_shifts_count_from_the_last_day_named() -> None:
    assert value_of("2024.10.16 09:08\nA day earlier, a spokesperson criticized it.", "A day earlier") == "2024-10-15"
    assert value_of("A day earlier, a spokesperson criticized it.", "A day earlier") == "2024-10-15"
    timexes = found("Talks opened on May 22, 1995, and the following year he left.")
    assert timexes["the following year"].value == "1996"


def test_in_two_weeks_is_a_date_in_future_sentences_and_a_duration_otherwise() -> None:
    assert found("The troops will arrive in two weeks.")["two weeks"].value == "2024-W44"
    built = found("They built it in two weeks.")["two weeks"]
    assert (built.type, built.value) == ("DURATION", "P2W")


@pytest.mark.parametrize(
    ("expression", "value"),
    [("now", "PRESENT_REF"), ("recently", "PAST_REF"), ("currently", "PRESENT_REF"), ("the future", "FUTURE_REF")],
)
def test_vague_references(expression: str, value: str) -> None:
    timex = found(f"Talks {expression} stalled.")[expression]
    assert (timex.type, timex.value) == ("DATE", value)


def test_business_reports_name_quarters_as_periods() -> None:
    text = (
        "Net income rose in the third quarter. Sales in the latest period were $1.7 billion, against "
        "$1.5 billion in the year-ago period. In the 1988 period, the company lost money."
    )
    got = values(text, dt.date(1989, 10, 26))
    assert got["the latest period"] == "1989-Q3"
    assert got["the year-ago period"] == "1988-Q3"
    assert got["the 1988 period"] == "1988"


def test_an_article_before_a_duration_used_as_an_adjective_belongs_to_the_noun() -> None:
    timexes = found("In Singapore, stocks hit a five year low after a three hour meeting that took a day.")
    assert {"five year", "three hour", "a day"} <= set(timexes)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The war lasted three years.", "three years", "P3Y"),
        ("They waited two weeks.", "two weeks", "P2W"),
        ("He stayed for 10 days.", "10 days", "P10D"),
        ("It took six months.", "six months", "P6M"),
        ("Rain fell over the past 24 hours.", "the past 24 hours", "PT24H"),
        ("They lived there for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("A two-year plan.", "two-year", "P2Y"),
        ("Prices rose over the past few years.", "the past few years", "PXY"),
        ("It took more than four hours.", "more than four hours", "PT4H"),
        ("The first such visit in over two decades.", "over two decades", "P20Y"),
        ("The lease runs for at least 20 more years.", "at least 20 more years", "P20Y"),
        ("It may be extended for an additional year.", "an additional year", "P1Y"),
        ("They left their third day-long meeting.", "day-long", "P1D"),
        ("It is a decades-long battle.", "decades-long", "PXY"),
    ],
)
def test_durations(text: str, expression: str, value: str) -> None:
    timex = found(text)[expression]
    assert (timex.type, timex.value) == ("DURATION", value)


def test_a_time_and_its_day_without_a_preposition_are_one_expression() -> None:
    timexes = found("He was seized at 10 p.m. Wednesday; talks broke off at noon Thursday.", FRI)
    assert timexes["10 p.m. Wednesday"].value == "2024-10-16T22:00"
    assert timexes["noon Thursday"].value == "2024-10-17T12:00"
    assert found("The offer expires at 5 p.m. EST, Nov. 9.")["5 p.m. EST, Nov. 9"].value == "2024-11-09T17:00"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Gage sent 700 men on the night of April 18, 1775.", "the night of April 18, 1775", "1775-04-18TNI"),
        ("Marines left in the early morning hours of 30 April 1975.", "the early morning hours of 30 April 1975", "1975-04-30TMO"),
        ("He spoke early in the morning of 29 April 1975.", "early in the morning of 29 April 1975", "1975-04-29TMO"),
        ("He was shot on the night of Friday, Oct. 23, 1998.", "the night of Friday, Oct. 23, 1998", "1998-10-23TNI"),
    ],
)
def test_a_part_of_a_named_day_is_one_time(text: str, expression: str, value: str) -> None:
    timex = found(text)[expression]
    assert (timex.type, timex.value) == ("TIME", value)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("He arrived in the morning.", "the morning", "2024-10-16TMO"),
        ("On Friday, the gates stayed shut at night.", "night", "2024-10-11TNI"),
        ("Feels like taking leave tmr...", "tmr", "2024-10-17"),
        ("Stretching at the park tdy.", "tdy", "2024-10-16"),
        ("Catch the finals this Sat at the theatre.", "this Sat", "2024-10-19"),
        ("Driving home for xmas!", "xmas", "2024-12-25"),
        ("Take some time off this long weekend!", "weekend", "2024-W42-WE"),
        ("Made it after 2 hrs of trekking.", "2 hrs", "PT2H"),
        ("Haven't run in 16days.", "16days", "P16D"),
        ("RJ left after 50mins.", "50mins", "PT50M"),
        ("The column marched until 03:00hrs.", "03:00hrs", "2024-10-16T03:00"),
        ("Spent 15 min getting there.", "15 min", "PT15M"),
        ("Last nite at the preview show.", "Last nite", "2024-10-15TNI"),
    ],
)
def test_parts_of_the_day_and_social_media_shorthand(text: str, expression: str, value: str) -> None:
    assert value_of(text, expression) == value


def test_abbreviated_weekdays_need_a_word_that_makes_them_days() -> None:
    assert not {"sat", "sun", "wed"} & set(found("I sat in the sun while they wed."))


def test_the_previous_or_following_weekday_counts_from_the_day_named_last() -> None:
    text = "Stocks closed at 2082.1 on Oct. 27, down 4.5% from the previous Friday. On Oct. 24 they rose, and the following Monday fell."
    got = values(text, dt.date(1989, 10, 30))
    assert got["the previous Friday"] == "1989-10-20"
    assert got["the following Monday"] == "1989-10-30"


def test_an_ordinal_day_alone_is_in_the_month_named_last() -> None:
    text = "The Polish delegation made a counteroffer on 2 October 1920. On the 5th, the Soviets offered amendments."
    assert found(text, dt.date(2009, 12, 19))["the 5th"].value == "1920-10-05"
    assert "the 5th" not in found("She finished the 5th in the race on 2 October 1920.", dt.date(2009, 12, 19))


def test_a_step_later_may_open_a_clause() -> None:
    text = "In 1919 and 1920 the Centre ruled Irkutsk from 15 January 1920. Six days later this regime was replaced."
    assert found(text, dt.date(2009, 12, 19))["Six days later"].value == "1920-01-21"


def test_a_narratives_times_fall_on_the_story_day_it_named_last() -> None:
    text = (
        "The war of 1914 went on until 1918. The armistice was signed in 1918 on 11 November. "
        "The last soldier to die was shot at 10:57 and died at 10:58."
    )
    got = values(text, dt.date(2009, 12, 19))
    assert got["10:57"] == "1918-11-11T10:57"


def test_times_take_the_day_they_are_on() -> None:
    timexes = found("A warning is set to run from 9am on Sunday until midnight on the same day.", FRI)
    assert (timexes["9am"].type, timexes["9am"].value) == ("TIME", "2024-10-20T09:00")
    assert timexes["midnight"].value == "2024-10-20T24:00"
    assert found("Filed at 9:08.")["9:08"].value == "2024-10-16T09:08"
    assert found("It rained this morning.")["this morning"].value == "2024-10-16TMO"
    assert found("Rain is expected on Sunday morning.", FRI)["Sunday morning"].value == "2024-10-20TMO"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Elections are held every year.", "every year", "P1Y"),
        ("Fees are paid annually.", "annually", "P1Y"),
        ("He visits every Monday.", "every Monday", "XXXX-WXX-1"),
        ("A weekly paper.", "weekly", "P1W"),
        ("It meets twice a month.", "twice a month", "P1M"),
    ],
)
def test_sets(text: str, expression: str, value: str) -> None:
    timex = found(text)[expression]
    assert (timex.type, timex.value) == ("SET", value)


@pytest.mark.parametrize(
    ("expression", "value"),
    [("twenty-one days", "P21D"), ("one hundred years", "P100Y"), ("a dozen years", "P12Y"), ("several days", "PXD")],
)
def test_numbers_in_words(expression: str, value: str) -> None:
    assert found(f"It took {expression}.")[expression].value == value


def test_numbers_do_not_run_into_articles() -> None:
    assert found("It has 13 plants, up from seven a year ago.")["a year ago"].value == "2023"


def test_without_a_dct_relative_values_have_placeholders_or_are_left_out() -> None:
    timexes = found("In June, on Monday, they met; yesterday they left; on June 19, 2024 they signed.", None)
    assert timexes["June"].value == "XXXX-06"
    assert timexes["Monday"].value == "XXXX-WXX-1"
    assert "yesterday" not in timexes
    assert timexes["June 19, 2024"].value == "2024-06-19"


@pytest.mark.parametrize(
    "text",
    [
        "[Phone] 02-398-8585",
        "North Korea sends 3,000 troops to Ukraine.",
        "It has Article 4, which addresses mutual assistance.",
        "Approximately 11,000 North Korean troops are active.",
        "Winds of up to 80mph.",
        "An estimated 50,000 soldiers were amassed.",
        "He won a second term.",
        "About three-quarters of voters agreed.",
        "They ordered 2000 tanks.",
        "Casualties may hold merit.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert tag(text, WED) == []


def test_timexes_are_sorted_and_do_not_overlap() -> None:
    timexes = tag("On June 19, 2024, Putin visited; in June he said the pact would last 20 years from next month.", WED)
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    assert all(a.end <= b.start for a, b in zip(timexes, timexes[1:]))
    assert all(t.text == "On June 19, 2024, Putin visited; in June he said the pact would last 20 years from next month."[t.start : t.end] for t in timexes)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no temporal resources for language 'xx'"):
        tag("today", WED, language="xx")


HISTORY = (
    "The war broke out on September 1, 1939. In 1940 Germany turned west: Denmark fell in April, on "
    "June 10 Italy declared war, and by the end of the month France had fallen. The following spring "
    "brought new campaigns. In December 1941 Japan attacked; in January the Allies met in Washington. "
    "Historians still argue about it this year."
)


def test_a_narrative_places_dates_without_a_year_near_the_date_it_named_last() -> None:
    got = values(HISTORY, dt.date(2009, 12, 19))
    assert got["April"] == "1940-04"
    assert got["June 10"] == "1940-06-10"
    assert got["the end of the month"] == "1940-06"
    assert got["The following spring"] == "1941-SP"
    assert got["January"] == "1942-01"


def test_a_step_from_an_event_is_a_date_in_a_narrative_and_a_duration_in_news() -> None:
    history = (
        "The war of 1936 and 1937 was long. Barcelona fell in 1939 on 26 January and Girona on 5 February. "
        "Five days after the fall of Girona, the last resistance ended."
    )
    step = found(history, dt.date(2009, 12, 19))["Five days"]
    assert (step.type, step.value) == ("DATE", "1939-02-10")
    news = found("The firm said on Monday that five days after the merger, its shares fell.", WED)["five days"]
    assert (news.type, news.value) == ("DURATION", "P5D")


def test_a_narrative_before_christ_counts_its_years_backwards() -> None:
    text = (
        "In 499 BC Miletus rebelled, and in 494 BC it fell. The first campaign, in 492 BC, re-subjugated "
        "Thrace, Persian since 513 BC. The following year, Darius sent ambassadors. The army gathered in "
        "the summer. In mid-August it reached Thermopylae."
    )
    got = values(text, dt.date(2009, 12, 19))
    assert got["The following year"] == "BC0491"
    assert got["the summer"] == "BC0491-SU"
    assert got["mid-August"] == "BC0491-08"


def test_a_narratives_season_is_the_one_nearest_its_story() -> None:
    text = "The war of 2001 and 2002 ended. Baghdad fell on May 1, 2003. Operations went on throughout the summer."
    assert found(text, dt.date(2009, 12, 19))["the summer"].value == "2003-SU"
    assert found("Baghdad fell on May 1, 2003. Prices rose in the summer.", dt.date(2003, 5, 2))["the summer"].value == "2002-SU"


def test_deictic_words_in_a_narrative_still_count_from_the_time_of_writing() -> None:
    got = values(HISTORY, dt.date(2009, 12, 19))
    assert got["this year"] == "2009"


def test_a_year_a_narrative_names_in_passing_does_not_move_its_story() -> None:
    text = (
        "The offensive began in 1920. The army reached the river on August 14 and crossed it on August 16. "
        "Documents found in 2004 proved that its ciphers had been broken. On August 31 the cavalry withdrew, "
        "after the largest cavalry battle since 1813. On 6 September it retreated."
    )
    got = values(text, dt.date(2009, 12, 19))
    assert got["2004"] == "2004"
    assert got["August 31"] == "1920-08-31"
    assert got["6 September"] == "1920-09-06"


def test_a_date_a_narrative_gives_for_a_plan_does_not_move_its_story() -> None:
    text = (
        "In 1974 and 1975 the North rebuilt its army. A larger offensive might interfere with the big push "
        "planned for 1976. On 11 March the town fell."
    )
    got = values(text, dt.date(2009, 12, 19))
    assert got["11 March"] == "1975-03-11"
    text = "In 1973 and 1974 the North rebuilt its army, and in 1976 it attacked. On 11 March the town fell."
    assert values(text, dt.date(2009, 12, 19))["11 March"] == "1976-03-11"


def test_a_step_back_from_a_narratives_date_does_not_move_its_story() -> None:
    text = (
        "In 1941 the war spread. On December 7, 1941 Japan attacked, having seized Indochina the previous year. "
        "In January the Allies met. The armies of 1939, 1940 and 1941 were spent."
    )
    got = values(text, dt.date(2009, 12, 19))
    assert got["the previous year"] == "1940"
    assert got["January"] == "1942-01"


def test_a_news_report_with_a_historical_aside_stays_anchored_to_its_date() -> None:
    text = (
        "NATO, founded in 1949 and enlarged in 1952 and 1955, now has 19 members. On Friday its ambassadors "
        "met, this week its generals did, and today the foreign ministers said the summit opens in April."
    )
    got = values(text, dt.date(1999, 3, 12))
    assert got["April"] == "1999-04"
    assert got["Friday"] == "1999-03-12"


def test_a_value_that_would_fall_off_the_calendar_is_left_out() -> None:
    assert [t.text for t in tag("See you tomorrow, next Monday or two days later; it began in 2024.", dt.date(9999, 12, 31))] == ["2024"]
