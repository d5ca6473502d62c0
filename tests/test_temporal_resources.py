"""The language resources are checked when they load: each rule matches the example written above
it, names a normalization that exists and tables the file has; every normalization is used; a
language without resources, or a broken file, fails the same way whichever stage reads it."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from timeline import events, merge, temporal
from timeline.resource_files import ResourceError, read_yaml
from timeline.sentences import split_sentences
from timeline.temporal import engine
from timeline.temporal.normalizers import check, normalizer
from timeline.titles import derive_title

DCT = dt.date(2024, 6, 20)
ENGLISH = temporal.load("en")
EN_YAML = Path(engine.RESOURCES) / "en.yaml"


@pytest.mark.parametrize("rule", ENGLISH.rules, ids=lambda rule: rule.name)
def test_every_rule_wins_on_its_own_example(rule: engine.Rule) -> None:
    resolved = engine.resolve(engine.candidates(rule.example, ENGLISH, engine.twin_text(rule.example)))
    won = [c for c in resolved if c.rule.name == rule.name]
    assert won, f"{rule.name}: {rule.example!r} is taken by {[(c.rule.name, rule.example[c.start:c.end]) for c in resolved]}"
    tagged = temporal.tag(rule.example, DCT)
    if rule.type == "NONE":  # a negative rule keeps its span free of dates
        assert not [t for t in tagged if t.start < won[0].end and won[0].start < t.end]
    else:
        assert rule.name in {t.rule for t in tagged}, f"{rule.name}: {rule.example!r} gives no value"


def _language(tmp_path: Path, change) -> engine.Language:
    """English with one change made to its resource file, loaded as timeline.temporal.load loads it."""
    data = yaml.safe_load(EN_YAML.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "xx.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return check(engine.compile_resource(read_yaml(path)))


def _rule(data: dict, name: str) -> dict:
    return next(rule for rule in data["rules"] if rule["name"] == name)


def test_a_misspelled_normalization_is_an_error_when_the_file_loads_not_when_text_matches(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"xx.yaml rule 'weekday': unknown normalize 'weekdya'"):
        _language(tmp_path, lambda data: _rule(data, "weekday").update(normalize="weekdya"))


def test_a_normalization_reading_a_table_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"rule 'frequency_word': normalize 'frequency' reads table 'frequency'"):
        _language(tmp_path, lambda data: data["tables"].pop("frequency") and _rule(data, "frequency_word").update(regex="(?P<word>weekly)"))


def test_a_normalization_no_rule_uses_is_an_error(tmp_path: Path) -> None:
    def drop_year_end(data: dict) -> None:
        data["rules"] = [rule for rule in data["rules"] if rule["normalize"] != "year_end"]

    with pytest.raises(ResourceError, match=r"xx.yaml: no rule uses the normalize 'year_end'"):
        _language(tmp_path, drop_year_end)


def test_a_rule_without_an_example_or_missing_it_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"rule 'weekday': no 'example'"):
        _language(tmp_path, lambda data: _rule(data, "weekday").pop("example"))
    with pytest.raises(ResourceError, match=r"rule 'weekday': the regex does not match its example 'in June'"):
        _language(tmp_path, lambda data: _rule(data, "weekday").update(example="in June"))


def test_two_normalizations_registered_under_one_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="two normalizations named 'weekday'"):
        normalizer("weekday")(lambda expression: None)


@pytest.mark.parametrize(
    ("read", "stage"),
    [
        (lambda: temporal.tag("today", DCT, "xx"), "temporal"),
        (lambda: events.rules("xx"), "event"),
        (lambda: merge.lexicon("xx"), "merge"),
        (lambda: split_sentences("One. Two.", "xx"), "sentence"),
        (lambda: derive_title("A headline\nText.", "xx"), "title"),
    ],
    ids=["temporal", "events", "merge", "sentences", "titles"],
)
def test_every_stage_refuses_a_language_it_has_no_resources_for_the_same_way(read, stage: str) -> None:
    with pytest.raises(ResourceError, match=rf"no {stage} resources for language 'xx' \(no \S+; known: en\)"):
        read()


def test_a_regional_language_tag_reads_its_language_resources() -> None:
    assert [t.value for t in temporal.tag("It rained yesterday.", DCT, "en-GB")] == ["2024-06-19"]
    assert events.rules("en-US") is not None and merge.lexicon("EN").stopwords


def test_a_word_list_entry_yaml_reads_as_a_boolean_names_its_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "events_xx.yaml"
    path.write_text("function_words: [a, the, no]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"events_xx.yaml entry 'function_words': has entries that are not text: \[False\]"):
        read_yaml(path).words("function_words")
