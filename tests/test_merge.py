import calendar
import datetime as dt
import random
from dataclasses import replace

from timeline import merge, salience
from timeline.model import Article, Mention, Timex


def _interval(value: str) -> tuple[dt.date, dt.date, str]:
    """Fixture-only calendar interval of a day, month or year value."""
    if len(value) == 10:
        day = dt.date.fromisoformat(value)
        return day, day, "day"
    if len(value) == 7:
        year, month = map(int, value.split("-"))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31), "year"


def _article(name: str, text: str = "") -> Article:
    return Article(file=f"{name}.txt", text=text or name, title=name.title(), outlet="Wire", published="2024-10-16")


def _mention(article: Article, sentence: str, date_text: str, value: str, label: str, offset: int = 0) -> Mention:
    start, end, granularity = _interval(value)
    at = sentence.index(date_text)
    timex = Timex(offset + at, offset + at + len(date_text), date_text, "DATE", value)
    return Mention(article.id, timex, label, sentence, offset, start, end, granularity)


A, B, C = _article("alpha"), _article("beta"), _article("gamma")
ARTICLES = {a.id: a for a in (A, B, C)}

SIGNED_DAY = _mention(A, "Putin and Kim signed the defence treaty in Pyongyang on June 19.", "June 19", "2024-06-19",
                      "Putin and Kim signed the defence treaty in Pyongyang")
SIGNED_MONTH = _mention(B, "Moscow and Pyongyang signed a defence pact in June.", "June", "2024-06",
                        "Moscow and Pyongyang signed a defence pact")
PESKOV = _mention(C, "Peskov said on Tuesday the treaty wording was unambiguous.", "Tuesday", "2024-10-15",
                  "Peskov said the treaty wording was unambiguous")
DRONE = _mention(C, "A drone crashed near the border on Tuesday, injuring two farmers.", "Tuesday", "2024-10-15",
                 "A drone crashed near the border", offset=80)
HARVEST = _mention(B, "Farmers started the rice harvest on June 25 across the south.", "June 25", "2024-06-25",
                   "Farmers started the rice harvest", offset=90)


def _files(event) -> set[str]:
    return {s.file for s in event.sources}


def test_a_month_mention_joins_the_day_it_contains_and_the_event_keeps_the_day():
    [event] = merge.merge([SIGNED_DAY, SIGNED_MONTH], ARTICLES)
    assert event.date == "2024-06-19"
    assert (event.start, event.end, event.granularity) == (dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day")
    assert _files(event) == {"alpha.txt", "beta.txt"}


def test_distinct_events_on_the_same_day_stay_distinct():
    events = merge.merge([PESKOV, DRONE], ARTICLES)
    assert sorted(e.label for e in events) == sorted([PESKOV.label, DRONE.label])


def test_a_month_mention_never_fuses_two_different_days():
    events = merge.merge([SIGNED_DAY, SIGNED_MONTH, HARVEST], ARTICLES)
    by_date = {e.date: e for e in events}
    assert set(by_date) == {"2024-06-19", "2024-06-25"}
    assert _files(by_date["2024-06-19"]) == {"alpha.txt", "beta.txt"}


def test_the_same_event_reported_by_several_articles_is_one_event_citing_each():
    third = _mention(C, "Russia and North Korea signed the treaty in Pyongyang in June.", "June", "2024-06",
                     "Russia and North Korea signed the treaty in Pyongyang")
    [event] = merge.merge([SIGNED_DAY, SIGNED_MONTH, third], ARTICLES)
    assert _files(event) == {"alpha.txt", "beta.txt", "gamma.txt"}
    assert {s.title for s in event.sources} == {"Alpha", "Beta", "Gamma"}


def test_a_year_mention_with_other_wording_stays_its_own_event():
    budget = _mention(B, "The ministry raised the fuel subsidy budget earlier this year.", "earlier this year", "2024",
                      "The ministry raised the fuel subsidy budget", offset=200)
    events = merge.merge([SIGNED_DAY, budget], ARTICLES)
    assert sorted(e.date for e in events) == ["2024", "2024-06-19"]


def test_merging_does_not_depend_on_the_order_of_mentions():
    mentions = [SIGNED_DAY, SIGNED_MONTH, PESKOV, DRONE, HARVEST]
    expected = merge.merge(mentions, ARTICLES)
    for seed in range(5):
        shuffled = list(mentions)
        random.Random(seed).shuffle(shuffled)
        assert merge.merge(shuffled, ARTICLES) == expected


def test_a_sentence_repeated_in_one_article_is_quoted_once_but_different_sentences_are_kept():
    caption = "Putin and Kim signed the defence treaty in Pyongyang on June 19."
    again = _mention(A, caption, "June 19", "2024-06-19", SIGNED_DAY.label, offset=300)
    other = _mention(A, "The defence treaty Putin and Kim signed in June is public.", "June", "2024-06",
                     "The defence treaty Putin and Kim signed", offset=400)
    [event] = merge.merge([SIGNED_DAY, again, other], ARTICLES)
    assert [s.sentence for s in event.sources] == [caption, other.sentence]


def test_events_are_sorted_by_start_then_label_and_their_ids_are_stable():
    events = merge.merge([PESKOV, DRONE, HARVEST, SIGNED_DAY], ARTICLES)
    assert [(e.start, e.label) for e in events] == sorted((e.start, e.label) for e in events)
    assert [e.id for e in events] == [e.id for e in merge.merge([DRONE, SIGNED_DAY, HARVEST, PESKOV], ARTICLES)]


def test_a_mention_of_an_unknown_article_is_still_cited_by_its_id():
    orphan = _mention(_article("orphan"), SIGNED_DAY.sentence, "June 19", "2024-06-19", SIGNED_DAY.label)
    [event] = merge.merge([orphan], {})
    assert event.sources[0].file == orphan.article_id


def test_synonyms_and_aliases_make_different_wordings_match():
    words = merge.words("Pyongyang inked the accord; North Korea's leader signed the treaty", merge.lexicon())
    assert words.count("north_korea") == 2
    assert words.count("sign") == 2
    assert words.count("pact") == 2


def test_twenty_thousand_mentions_over_three_years_are_merged_by_blocking():
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(3000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    mentions = []
    for k in range(20_000):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        value = rng.choice([day.isoformat()] * 7 + [day.isoformat()[:7]] * 2 + [str(day.year)])
        start, end, granularity = _interval(value)
        text = " ".join(rng.choices(vocabulary, weights, k=14))
        sentence = f"{text} on {value}."
        at = sentence.index(f" on {value}") + 4
        timex = Timex(at, at + len(value), value, "DATE", value)
        mentions.append(Mention(f"article{k // 10}", timex, " ".join(text.split()[:6]), sentence, 0, start, end,
                                granularity))
    events = merge.merge(mentions, {})
    assert sum(len(e.sources) for e in events) == len({(m.article_id, m.sentence) for m in mentions})
    for event in events:
        for source in event.sources:
            start, end, _ = _interval(source.timex_value)
            assert start <= event.start and event.end <= end
    assert len(events) > len(mentions) // 4


def _at_three(article: Article, sentence: str, label: str) -> Mention:
    at = sentence.index("3 p.m. ET")
    day = dt.date(2011, 1, 28)
    timex = Timex(at, at + len("3 p.m. ET"), "3 p.m. ET", "TIME", "2011-01-28T15:00")
    return Mention(article.id, timex, label, sentence, 0, day, day, "time")


def test_clock_times_in_different_articles_never_merge_on_the_time_alone():
    """Labels left with no content but the clock ("It is 11:00 at night in Cairo") used to merge on "ET", "local time"."""
    now = _at_three(A, "It is now 3 p.m. ET, local time.", "It is now")
    over = _at_three(B, "By 3 p.m. ET, local time, it was all over.", "It was all over")
    assert len(merge.merge([now, over, SIGNED_DAY, PESKOV, DRONE], ARTICLES)) == 5


def test_the_same_event_at_the_same_clock_time_merges_across_articles():
    curfew = _at_three(A, "The army imposed a curfew in Suez at 3 p.m. ET.", "The army imposed a curfew in Suez")
    again = _at_three(B, "A curfew was imposed in Suez by the army at 3 p.m. ET.", "A curfew was imposed in Suez by the army")
    (event,) = merge.merge([curfew, again], ARTICLES)
    assert _files(event) == {"alpha.txt", "beta.txt"}


def test_two_events_of_one_day_do_not_chain_through_a_sentence_that_names_both():
    """Single link would join the meeting and the protests through the sentence that mentions both;
    a group joins another only when their words, taken together, are alike."""
    one, two, three, four = (_article(name) for name in ("one", "two", "three", "four"))
    articles = {a.id: a for a in (one, two, three, four)}
    mentions = [
        _mention(one, "Obama convened his national security team on Saturday to discuss the crisis.", "Saturday",
                 "2011-01-29", "Obama convened his national security team"),
        _mention(two, "Obama convened his national security team on Saturday as protesters defied the curfew in Cairo.",
                 "Saturday", "2011-01-29", "Obama convened his national security team"),
        _mention(three, "Protesters defied the curfew in Cairo and Alexandria on Saturday, as Obama met his advisers.",
                 "Saturday", "2011-01-29", "Protesters defied the curfew in Cairo and Alexandria"),
        _mention(four, "Thousands of protesters defied the curfew in Alexandria on Saturday.", "Saturday", "2011-01-29",
                 "Thousands of protesters defied the curfew in Alexandria"),
    ]
    events = merge.merge(mentions, articles)
    assert sorted(sorted(_files(e)) for e in events) == [["four.txt", "three.txt"], ["one.txt", "two.txt"]]


def _at(article: Article, sentence: str, time_text: str, value: str, label: str) -> Mention:
    at = sentence.index(time_text)
    day = dt.date.fromisoformat(value[:10])
    return Mention(article.id, Timex(at, at + len(time_text), time_text, "TIME", value), label, sentence, 0, day, day, "time")


def test_an_event_whose_sources_give_different_clock_times_is_dated_by_its_day():
    morning = _at(A, "Protesters gathered in Tahrir Square at 9 a.m. despite the curfew.", "9 a.m.", "2011-01-28T09:00",
                  "Protesters gathered in Tahrir Square despite the curfew")
    afternoon = _at(B, "Protesters gathered in Tahrir Square at 2:30 p.m. despite the curfew.", "2:30 p.m.", "2011-01-28T14:30",
                    "Protesters gathered in Tahrir Square despite the curfew")
    [event] = merge.merge([morning, afternoon], ARTICLES)
    assert (event.date, event.granularity) == ("2011-01-28", "day")
    [alone] = merge.merge([morning], ARTICLES)
    assert (alone.date, alone.granularity) == ("2011-01-28T09:00", "time")


def _on(day: str, label: str, article: Article = A, offset: int = 0) -> Mention:
    return _mention(article, f"{label} on {day}.", day, day, label, offset)


def test_each_period_is_the_calendar_year_an_interval_ends_in_and_a_new_year_crossing_goes_to_the_later_year():
    sentence = "Heating prices rose this winter."
    timex = Timex(sentence.index("this winter"), len(sentence) - 1, "this winter", "DATE", "2023-WI")
    winter = Mention(A.id, timex, "Heating prices rose", sentence, 0, dt.date(2023, 12, 1), dt.date(2024, 2, 29), "season")
    parts = merge.partitions([PESKOV, winter, _on("2023-12-30", "Putin visited Pyongyang")])
    assert [[m.start.year for m in part] for part in parts] == [[2023], [2023, 2024]]
    assert [merge.period(part[0]) for part in parts] == [2023, 2024]


def test_word_weights_summed_over_periods_are_the_corpus_weights():
    """Each period counts its own sentences; the corpus' document frequencies are their sums."""
    older = [_on("2023-03-02", "The strike ended after talks"), _on("2023-03-02", "The strike ended", B)]
    parts = [merge.parse(part, ARTICLES) for part in merge.partitions([*older, SIGNED_DAY, PESKOV])]
    idf = merge.weights(part.counts for part in parts)
    (strike,), (peskov,) = merge.words("strike", merge.lexicon()), merge.words("Peskov", merge.lexicon())
    assert idf[strike] < idf[peskov]
    whole = merge.parse(sorted([*older, SIGNED_DAY, PESKOV], key=merge._mention_key), ARTICLES)
    assert merge.weights([whole.counts]) == idf


def test_the_day_attention_of_a_period_is_the_corpus_attention_of_its_days():
    """Salience weighs a day by every article naming it; day mentions lie in their day's period, so
    counting per period loses none."""
    mentions = [SIGNED_DAY, _on("2024-06-19", "Kim hosted Putin", B), _on("2023-06-19", "A storm hit", C), SIGNED_MONTH]
    whole = salience.day_attention(mentions)
    for part in merge.partitions(mentions):
        for day, attention in salience.day_attention(part).items():
            assert whole[day] == attention


def test_many_identical_reports_of_a_day_are_one_event_citing_each_article():
    articles = [_article(f"wire{n}") for n in range(40)]
    reports = [_on("2024-03-05", "The central bank raised its interest rate", a) for a in articles]
    (event,) = merge.merge(reports, {a.id: a for a in articles})
    assert len(event.sources) == 40


def test_a_word_too_common_in_one_interval_finds_no_pairs_but_a_rarer_shared_word_still_joins(monkeypatch):
    """Blocking keeps the pairs looked at per mention bounded: a list of more than MAX_POSTINGS
    nodes under one (interval, word) is not used, whatever the corpus; the pair is still found
    through another word the two share."""
    monkeypatch.setattr(merge, "MAX_POSTINGS", 3)
    crowd = [_on("2024-03-05", f"Protesters marched in city number {word}", _article(f"c{n}"))
             for n, word in enumerate(["alpha", "bravo", "charlie", "delta", "echo"])]
    pair = [_on("2024-03-05", "Protesters marched past the Kremlin walls", _article("k1")),
            _on("2024-03-05", "Protesters marched to the Kremlin walls at dawn", _article("k2"))]
    articles = {a.id: a for a in ARTICLES.values()} | {m.article_id: _article(m.article_id) for m in crowd + pair}
    events = merge.merge(crowd + pair, articles)
    joined = [e for e in events if len(e.sources) > 1]
    assert [sorted(s.label for s in e.sources) for e in joined] == [sorted(m.label for m in pair)]


def test_an_event_reported_as_happened_is_labelled_by_a_report_not_by_the_forecast_most_like_the_others():
    def article(name: str, published: str) -> Article:
        return Article(file=f"{name}.txt", text=name, title=name.title(), outlet="Wire", published=published)

    eve, day, after = article("eve", "2024-11-05"), article("day", "2024-11-06"), article("after", "2024-11-07")
    forecast = "The Duma is expected to ratify the treaty with North Korea on November 6"
    mentions = [
        replace(_mention(eve, f"{forecast}.", "November 6", "2024-11-06", "The Duma is expected to ratify the treaty with North Korea"), status="expected"),
        replace(_mention(day, f"{forecast}, officials said.", "November 6", "2024-11-06", "The Duma is expected to ratify the treaty"), status="expected"),
        _mention(after, "The Duma ratified the treaty on November 6.", "November 6", "2024-11-06", "The Duma ratified the treaty"),
    ]
    [event] = merge.merge(mentions, {a.id: a for a in (eve, day, after)})
    assert (event.status, event.label) == ("reported", "The Duma ratified the treaty")
