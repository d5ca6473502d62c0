"""A user's edits of events: kept in the store apart from the analysis, applied on top of every later
one by the mentions they name, reported when those are gone, undone one by one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from timeline import edits, engines, filters, pipeline
from timeline.model import Event, MentionRef, Source
from timeline.store import Store

SAMPLE_002 = "9e46421a585b9b87"
"""The sample article reporting, "On Monday", Kim Jong Un's ratification of the treaty."""


@pytest.fixture
def store(tmp_path):
    opened = pipeline.open_store(tmp_path)
    pipeline.ensure_sample_corpus(opened)
    yield opened
    opened.close()


def event(events: list[Event], words: str) -> Event:
    (found,) = [e for e in events if words in e.label]
    return found


def reanalyse(monkeypatch) -> list[str]:
    """Make the next sync analyse and merge every article afresh, as a new release of the rules does;
    returns the files analysed, as the analysis records them."""
    analysed: list[str] = []
    analyze = engines.analyze
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "edits-test")
    monkeypatch.setattr(engines, "analyze", lambda article: analysed.append(article.file) or analyze(article))
    return analysed


def test_a_relabel_survives_a_reanalysis_and_a_restart_and_is_undone(store, tmp_path, monkeypatch):
    visit = event(pipeline.sync(store), "signed a strategic partnership pact")
    edit = store.add_edit(edits.relabel(visit, "Putin and Kim sign the partnership treaty", "ana"))
    assert edit.id == 1 and edit.author == "ana" and edit.made_at and edit.replaced == visit.label
    edited = event(pipeline.sync(store), "partnership treaty")
    assert (edited.id, edited.date, edited.sources) == (visit.id, visit.date, visit.sources)
    assert [e.kind for e in edited.edits] == ["relabel"]

    analysed = reanalyse(monkeypatch)
    applied = pipeline.edited_events(store)
    assert len(analysed) == 5 and [o.state for o in applied.outcomes] == ["applied"]
    assert event(applied.events, "partnership treaty").sources == visit.sources

    store.close()
    restarted = Store(tmp_path / pipeline.STORE_FILE)
    assert event(pipeline.sync(restarted), "partnership treaty").id == visit.id
    restarted.undo_edit(edit.id)
    assert event(pipeline.sync(restarted), "signed a strategic partnership pact") == visit
    assert restarted.edits() == [] and [e.undone != "" for e in restarted.edits(include_undone=True)] == [True]


def test_an_edit_follows_its_mention_when_the_articles_date_is_fixed(store):
    ratified = event(pipeline.sync(store), "Kim Jong Un officially sanctioned")
    assert ratified.date == "2024-11-11" and {s.article_id for s in ratified.sources} == {SAMPLE_002}
    store.add_edit(edits.relabel(ratified, "Kim ratifies the treaty"))
    store.set_published(SAMPLE_002, "2024-11-19")
    moved = event(pipeline.sync(store), "Kim ratifies the treaty")
    assert moved.date == "2024-11-18"


def test_a_redate_gives_the_event_the_values_granularity_and_interval(store):
    consent = event(pipeline.sync(store), "parliament gave its consent")
    store.add_edit(edits.redate(consent, "2024-11"))
    redated = event(pipeline.sync(store), "parliament gave its consent")
    assert (redated.date, redated.granularity, redated.start, redated.end) == ("2024-11", "month", dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert edits.date_value(dt.date(2024, 6, 19), "week") == "2024-W25" and edits.date_value(dt.date(2024, 6, 19), "quarter") == "2024-Q2"


def test_merging_two_events_makes_one_with_both_sources_and_undo_splits_them_again(store, monkeypatch):
    events = pipeline.sync(store)
    spokesman, ministry = event(events, "Putin’s spokesperson"), event(events, "foreign ministry spokesperson")
    edit = store.add_edit(edits.merge(spokesman, ministry, "ana"))
    reanalyse(monkeypatch)
    merged = pipeline.sync(store)
    assert len(merged) == len(events) - 1
    one = event(merged, "Putin’s spokesperson")
    assert one.id == spokesman.id and set(one.sources) == set(spokesman.sources) | set(ministry.sources)
    assert not [e for e in merged if "foreign ministry" in e.label]
    store.undo_edit(edit.id)
    assert pipeline.sync(store) == events


def test_a_source_split_out_becomes_an_event_of_its_own_that_keeps_its_id_across_analyses(store, tmp_path, monkeypatch):
    events = pipeline.sync(store)
    visit = event(events, "signed a strategic partnership pact")
    ytn = [s for s in visit.sources if s.outlet == "YTN"]
    store.add_edit(edits.move(visit, ytn))
    after = pipeline.sync(store)
    (own,) = [e for e in after if set(e.sources) == set(ytn)]
    assert own.date == "2024-06" and own.salience == visit.salience and [e.kind for e in own.edits] == ["move"]
    assert not set(ytn) & set(event(after, "signed a strategic partnership pact").sources)
    assert len(after) == len(events) + 1
    reanalyse(monkeypatch)
    store.close()
    again = pipeline.sync(Store(tmp_path / pipeline.STORE_FILE))
    assert [e.id for e in again if set(e.sources) == set(ytn)] == [own.id]


def test_a_source_moved_into_another_event_leaves_its_own(store):
    events = pipeline.sync(store)
    visit, consent = event(events, "signed a strategic partnership pact"), event(events, "parliament gave its consent")
    moved = visit.sources[:1]
    store.add_edit(edits.move(visit, moved, into=consent))
    after = pipeline.sync(store)
    assert set(moved) <= set(event(after, "parliament gave its consent").sources)
    assert not set(moved) & set(event(after, "signed a strategic partnership pact").sources)


def test_a_hidden_event_leaves_the_timeline_and_comes_back_when_undone(store):
    events = pipeline.sync(store)
    incursion = event(events, "invaded Kursk")
    edit = store.add_edit(edits.hide(incursion))
    assert incursion.id not in {e.id for e in pipeline.sync(store)}
    store.undo_edit(edit.id)
    assert pipeline.sync(store) == events


def test_an_event_marked_key_stays_among_the_key_events_whatever_its_salience(store):
    events = pipeline.sync(store)
    least = min(events, key=lambda e: e.salience)
    assert least not in filters.key_view(events, 3, None)
    store.add_edit(edits.mark_key(least))
    edited = pipeline.sync(store)
    shown = filters.key_view(edited, 3, None)
    assert len(shown) == 3 and least.id in {e.id for e in shown} and next(e for e in shown if e.id == least.id).key
    assert least.id in {e.id for e in filters.key_view(edited, 1, (dt.date(2030, 1, 1), dt.date(2030, 2, 1)))}


def test_an_edit_whose_mentions_are_gone_is_reported_and_applied_to_nothing(store):
    events = pipeline.sync(store)
    ratified = event(events, "Kim Jong Un officially sanctioned")
    edit = store.add_edit(edits.relabel(ratified, "Kim ratifies the treaty"))
    store.remove_article(SAMPLE_002)
    applied = pipeline.edited_events(store)
    assert [(o.edit.id, o.state) for o in applied.unapplied] == [(edit.id, "stale")]
    assert "none of its mentions" in applied.unapplied[0].note
    assert not [e for e in applied.events if e.label == "Kim ratifies the treaty"]


def test_an_edit_that_lost_some_of_its_mentions_applies_to_what_is_left_and_says_so(store):
    visit = event(pipeline.sync(store), "signed a strategic partnership pact")
    store.add_edit(edits.relabel(visit, "Putin and Kim sign the treaty"))
    store.remove_article(SAMPLE_002)
    (outcome,) = pipeline.edited_events(store).outcomes
    assert outcome.state == "partly" and "gone" in outcome.note
    assert event(pipeline.sync(store), "Putin and Kim sign the treaty")


def source(article: str, sentence_start: int, timex_start: int, sentence: str = "A sentence.") -> Source:
    return Source(article, f"{article}.txt", None, None, "2024-11-12", None, sentence, "June 19", "2024-06-19", sentence_start=sentence_start, timex_start=timex_start)


def day_event(identity: str, label: str, *sources: Source) -> Event:
    return Event(identity, "2024-06-19", dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day", label, sources)


def test_mentions_split_evenly_between_two_events_make_the_edit_ambiguous_not_a_guess():
    first, second = source("a", 0, 5), source("b", 0, 5)
    edit = edits.relabel(day_event("e", "Treaty signed", first, second), "Putin and Kim sign the treaty")
    split = [day_event("e1", "Treaty signed", first), day_event("e2", "Pact agreed", second)]
    applied = edits.apply(split, [edit])
    assert [o.state for o in applied.outcomes] == ["ambiguous"]
    assert applied.events == split


def test_a_mention_whose_date_expression_moved_is_found_by_its_sentence_when_only_one_event_quotes_it():
    ref = MentionRef("a", 100, 110, "June 19", "2024-06-19")
    widened = day_event("e", "Treaty signed", source("a", 100, 104))
    edit = dataclasses.replace(edits.hide(widened), event=(ref,))
    assert [o.state for o in edits.apply([widened], [edit]).outcomes] == ["applied"]
    twice = [widened, day_event("f", "Pact agreed", source("a", 100, 130))]
    assert [o.state for o in edits.apply(twice, [edit]).outcomes] == ["stale"]


def test_applying_edits_changes_nothing_it_was_given():
    events = [day_event("e", "Treaty signed", source("a", 0, 5), source("b", 0, 5))]
    copy = list(events)
    edits.apply(events, [edits.relabel(events[0], "New"), edits.move(events[0], events[0].sources[:1])])
    assert events == copy


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda e, f: edits.relabel(e, "   "), "cannot be empty"),
        (lambda e, f: edits.redate(e, "soon"), "not a date"),
        (lambda e, f: edits.merge(e, e), "with itself"),
        (lambda e, f: edits.move(e, e.sources), "all of the event's sources"),
        (lambda e, f: edits.move(e, f.sources), "own sources"),
    ],
)
def test_an_edit_that_cannot_be_made_says_why(make, message):
    e = day_event("e", "Treaty signed", source("a", 0, 5))
    f = day_event("f", "Pact agreed", source("b", 0, 5))
    with pytest.raises(edits.EditError, match=message):
        make(e, f)


def test_an_edits_file_carries_the_edits_to_another_corpus_of_the_same_articles(store, tmp_path):
    events = pipeline.sync(store)
    store.add_edit(edits.relabel(event(events, "signed a strategic partnership pact"), "Putin and Kim sign the treaty", "ana"))
    store.add_edit(edits.hide(event(events, "invaded Kursk"), "ana"))
    text = edits.dumps(store.edits())
    assert edits.loads(text) == store.edits()

    other = pipeline.open_store(tmp_path / "other")
    pipeline.ensure_sample_corpus(other)
    added = pipeline.import_edits(other, edits.loads(text))
    assert [(e.kind, e.author) for e in added] == [("relabel", "ana"), ("hide", "ana")]
    assert pipeline.import_edits(other, edits.loads(text)) == []
    assert [e.label for e in pipeline.sync(other)] == [e.label for e in pipeline.sync(store)]


REF = '{"article_id": "a", "sentence_start": 0, "timex_start": 5}'


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"events": []}',
        '{"format": "timeline-edits/1", "edits": [{"kind": "explode"}]}',
        '{"format": "timeline-edits/1", "edits": [{"kind": "redate", "event": [%s], "value": "soon"}]}' % REF,
        '{"format": "timeline-edits/1", "edits": [{"kind": "relabel", "event": [%s], "value": " "}]}' % REF,
        '{"format": "timeline-edits/1", "edits": [{"kind": "merge", "event": [%s]}]}' % REF,
        '{"format": "timeline-edits/1", "edits": [{"kind": "hide", "event": [{"article_id": "a"}]}]}',
    ],
)
def test_a_file_that_is_not_an_edits_file_is_refused_with_a_reason(text):
    with pytest.raises(edits.EditError):
        edits.loads(text)
