import json
import re

import pytest

from timeline import engines, furniture, pipeline, resource_files
from timeline.furniture import cut_trailing_furniture, is_furniture
from timeline.ingest import read_upload

BODY = (
    "Lawmakers in Oslo ratified the North Sea fisheries treaty on Monday after a long debate.\n"
    "The treaty sets shared quotas for cod and herring and creates a joint inspection service.\n"
    "Opposition members said the quotas were too generous, but the government won the vote."
)

TREATY_ARTICLE = "\n".join(
    [
        "Lawmakers in Oslo ratified the North Sea fisheries treaty on Monday after a debate that lasted well into the night.",
        "The treaty sets shared quotas for cod, herring and mackerel and creates a joint inspection service for the fishing fleets.",
        "Opposition members said the quotas were too generous to the trawler fleets, but the government won the vote comfortably.",
        "The fisheries minister said the inspection service would begin patrols in the spring, with vessels from both coastal states.",
        "Fishing communities along the coast welcomed the treaty, saying the quotas gave the fleets certainty for the next decade.",
        "Environmental groups warned that cod stocks remain fragile and asked the minister to publish the scientific advice on quotas.",
        "Under the agreement, inspectors may board any licensed vessel, check its catch logs and seize nets that break the mesh rules.",
        "Negotiations began two years ago in Reykjavik, stalled over herring allocations last winter and resumed after a compromise in May.",
        "Parliament's fisheries committee will review the first season's catches and report whether the quota shares need adjusting.",
    ]
)


def test_menu_lines_comment_counters_and_contact_boxes_at_the_end_are_cut():
    tail = "\n\nShare this article\nPost comments (12)\n[Phone] 02-398-8585\n[Mail] desk@gazette.example\nTrending Now\nSport\n"
    assert cut_trailing_furniture(BODY + tail) == BODY


def test_a_teaser_cut_off_with_an_ellipsis_is_cut():
    teaser = "\nDanger to life is likely as the first named storm of the season arrives this weekend, with winds of up to 80mph […]"
    assert cut_trailing_furniture(BODY + teaser) == BODY


def test_a_closing_paragraph_about_another_story_is_cut_even_without_an_ellipsis():
    teaser = "\nA celebrated pastry chef opened a bakery in Lisbon selling croissants, sourdough loaves and cinnamon buns to queues of tourists every morning."
    assert cut_trailing_furniture(TREATY_ARTICLE + teaser) == TREATY_ARTICLE


def test_a_long_closing_paragraph_is_body_not_a_teaser():
    tail = "\nA celebrated pastry chef opened a bakery in Lisbon selling croissants and cinnamon buns." * 25
    text = TREATY_ARTICLE + tail.replace("\n", " ", 24)
    assert cut_trailing_furniture(text) == text


def test_a_closing_paragraph_on_the_same_story_stays():
    ending = "\nThe treaty now goes to the king, and the fisheries minister expects the quotas to apply to the fleets from January."
    assert cut_trailing_furniture(TREATY_ARTICLE + ending) == TREATY_ARTICLE + ending


def test_a_short_closing_sentence_stays():
    text = BODY + "\nHe declined to comment."
    assert cut_trailing_furniture(text) == text


def test_furniture_above_the_last_body_line_is_left_in_place_so_line_numbers_hold():
    text = "Close\nWhat's Hot\n" + BODY
    assert cut_trailing_furniture(text) == text


def test_a_text_without_furniture_is_returned_unchanged_including_trailing_newlines():
    assert cut_trailing_furniture(BODY + "\n\n") == BODY + "\n\n"


def test_a_text_that_is_all_furniture_is_kept_rather_than_emptied():
    assert cut_trailing_furniture("Close\nShare") == "Close\nShare"


def test_furniture_lines_are_told_from_prose():
    for line in ("Editor's Recommended News", "The Lastest News", "© 2024 The Harbour Gazette", "(Reporting by Jane Doe; Editing by John Roe)", "Read more…", "Tags: Russia, North Korea"):
        assert is_furniture(line), line
    for line in ("Russia denies the rumor of sending North Korean troops.", "“We will also be well-prepared for this possibility,” he noted.", "Close ties with Moscow worry Seoul."):
        assert not is_furniture(line), line


# The cut never takes a paragraph of the story.

GERMAN_ARTICLE = "\n".join(
    [
        "Die Abgeordneten in Oslo haben am Montag nach einer langen Debatte den Fischereivertrag für die Nordsee ratifiziert.",
        "Der Vertrag legt gemeinsame Fangquoten für Kabeljau, Hering und Makrele fest und schafft einen gemeinsamen Kontrolldienst.",
        "Die Opposition hielt die Quoten für zu großzügig, doch die Regierung gewann die Abstimmung mit deutlicher Mehrheit.",
        "Der Fischereiminister kündigte an, dass die Kontrollschiffe im Frühjahr mit Booten beider Küstenstaaten auslaufen werden.",
        "Die Fischergemeinden an der Küste begrüßten den Vertrag, weil die Quoten den Flotten für zehn Jahre Planungssicherheit geben.",
        "Umweltverbände warnten, dass die Kabeljaubestände weiterhin gefährdet seien, und verlangten die Veröffentlichung der Gutachten.",
        "Nach dem Abkommen dürfen Kontrolleure jedes lizenzierte Schiff betreten, die Fangbücher prüfen und unerlaubte Netze beschlagnahmen.",
    ]
)


def test_a_closing_paragraph_that_trails_off_with_an_ellipsis_stays():
    text = TREATY_ARTICLE + "\nAnd so the fleets sail out again, as they have every spring for as long as anyone in the harbour remembers…"
    assert cut_trailing_furniture(text) == text


def test_a_list_of_teasers_cut_off_with_bare_ellipses_is_cut():
    teasers = "\nStorm closes the ports along the western coast as winds reach...\nFerry fares rise for the third time this year, and the operators say…"
    assert cut_trailing_furniture(BODY + teasers) == BODY


def test_a_read_more_link_is_cut_in_any_language():
    for link in ("Read more...", "Weiterlesen …", "Lire la suite..."):
        assert cut_trailing_furniture(BODY + "\n" + link) == BODY, link


def test_a_closing_paragraph_in_a_language_the_stopword_list_is_not_for_is_never_judged_by_its_vocabulary():
    quoted = "\nAté agora tiveram atividades interrompidas, material apreendido e professores notificados pela polícia as seguintes universidades federais e estaduais do país inteiro."
    assert cut_trailing_furniture(GERMAN_ARTICLE + quoted) == GERMAN_ARTICLE + quoted
    assert cut_trailing_furniture(TREATY_ARTICLE + quoted) == TREATY_ARTICLE + quoted


def test_a_sentence_about_copyright_that_closes_the_story_stays_and_a_notice_is_cut():
    ending = "\nCopyright law protects the fishermen's logbooks for seventy years, the minister added."
    assert cut_trailing_furniture(TREATY_ARTICLE + ending) == TREATY_ARTICLE + ending
    for notice in ("Copyright 2024 The Harbour Gazette", "©2024 The Harbour Gazette", "Copyright © Gazette Media", "Copyright: AFP"):
        assert is_furniture(notice), notice


def test_a_closing_sentence_in_chinese_is_not_taken_for_a_label():
    text = BODY + "\n正是有了英勇的你们，才有这座英雄的城！（评论员 罗博）"
    assert cut_trailing_furniture(text) == text


# Furniture inside the body: blanked to spaces, so that the news beside it stays where it was.


def _blanked(text: str) -> str:
    blanked = furniture.blank_inline_furniture(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    return blanked


def _mentions(text: str, published: str = "2011-01-29"):
    line = json.dumps({"id": "live-1", "published": published, "text": text}).encode()
    articles, problems = read_upload("live.jsonl", line)
    assert not problems and len(articles) == 1
    return articles[0], engines.analyze(articles[0])


@pytest.mark.parametrize(
    "stamp",
    ["(Update Cairo, 3:47 p.m. ET)", "(Updated)", "(Updated 5:45 p.m. (0045 in Egypt))", "[Update 2:00 a.m. in Cairo]",
     "At 6:35 pm |", "January 31, 2011 at 6:35 pm | Report abuse |", "UPDATE 1-", "Thu May 14, 2009 4:16 pm EDT",
     "January 31st, 2011 5:12 am ET", "By Dan Froomkin | February 11, 2009; 12:35 PM ET"],
)
def test_a_live_blog_stamp_is_blanked_and_the_news_after_it_kept(stamp):
    news = "Protesters battle police in Cairo on Friday."
    assert _blanked(f"{stamp} {news}").strip() == news


def test_a_stamp_gives_no_event_but_the_news_after_it_does_with_its_own_date():
    article, mentions = _mentions(
        "Egypt's crisis deepened overnight as crowds grew.\n"
        "(Update Cairo, 3:47 p.m. ET) Protesters battle police in Cairo on Friday.\n"
        "(Updated) Thousands marched through the streets of Alexandria, chanting slogans."
    )
    assert [(m.timex.text, m.timex.value) for m in mentions] == [("Friday", "2011-01-28")]
    (friday,) = mentions
    assert "Update" not in friday.label and friday.label.startswith("Protesters battle police")
    assert article.text[friday.timex.start : friday.timex.end] == "Friday"


def test_transcript_headers_air_times_and_speaker_tags_are_blanked():
    text = (
        "Massive Protests in Egypt; Lebanon Political Upheaval Aired January 25, 2011 - 16:00:00 ET THIS IS A RUSH "
        "TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.\n"
        "CARL AZUZ, CNN STUDENT NEWS ANCHOR: Political protests in Egypt turned violent on Tuesday.\n"
        "BLITZER: Let's reset.\n"
        "WAEL GHONIM, EGYPTIAN ACTIVIST (via telephone): I'm proud to be Egyptian."
    )
    assert [line.strip() for line in _blanked(text).split("\n")] == [
        "", "Political protests in Egypt turned violent on Tuesday.", "Let's reset.", "I'm proud to be Egyptian."]


def test_a_transcript_speaker_keeps_his_words_in_the_label_without_his_tag():
    _, mentions = _mentions("CARL AZUZ, CNN STUDENT NEWS ANCHOR: Political protests in Egypt turned violent on Tuesday.",
                            published="2011-01-26")
    assert [(m.timex.value, m.label) for m in mentions] == [("2011-01-25", "Political protests in Egypt turned violent")]


def test_a_tweet_widget_entry_its_stamp_handle_and_link_residue_are_blanked():
    text = (
        "ly/U6vgfT 6:30 pm ET February 11, 2013 RETWEET Looking for a good car for bad winter weather?\n"
        "ie/11BX93W 7:01 pm ET February 11, 2013 RETWEET Could the next pope be from Africa or Latin America?\n"
        "Ben Wedeman (@bencnn) posted a photo of the square on Tuesday pic.twitter.com/AbC123xyz"
    )
    assert [" ".join(line.split()) for line in _blanked(text).split("\n")] == [
        "", "", "Ben Wedeman posted a photo of the square on Tuesday"]


def test_a_tweet_widget_gives_no_event():
    _, mentions = _mentions(
        "Police fired tear gas at protesters in Cairo on Friday.\n"
        "ly/U6vgfT 6:30 pm ET February 11, 2013 RETWEET Looking for a good car for bad winter weather?"
    )
    assert [m.timex.value for m in mentions] == ["2011-01-28"]


def test_photo_credits_and_captions_are_blanked_and_the_story_kept():
    cases = {
        "(AP Photo/Evan Vucci) (Evan Vucci - AP) President Bush spoke in the Rose Garden on Friday.":
            "President Bush spoke in the Rose Garden on Friday.",
        "Photograph: Dario Lopez-Mills/AP A killer virus has killed 149 people in Mexico.":
            "A killer virus has killed 149 people in Mexico.",
        "Kim Badawi/Getty Images for CNN A protester totes a hammer in Tahrir Square.":
            "A protester totes a hammer in Tahrir Square.",
        "Photo: Thomas Oronti I was intending to go back to my apartment on Tuesday.":
            "I was intending to go back to my apartment on Tuesday.",
        "Photo: A passenger walks past a temperature detection point at Beijing airport April 28, 2009.": "",
        "Click to enlarge": "",
    }
    for text, kept in cases.items():
        assert " ".join(_blanked(text).split()) == kept, text


def test_related_links_read_more_prompts_and_share_bars_are_blanked():
    text = (
        "Related: Egypt's army takes over as Mubarak resigns on Friday\n"
        "Read more about Suleiman and his gradual rise to the top.\n"
        "This Story: Read + | Watch + | Talk + | DUBAI: A sea port was closed on Monday.\n"
        "Share your iReport photos and video with CNN."
    )
    assert [line.strip() for line in _blanked(text).split("\n")] == ["", "", "DUBAI: A sea port was closed on Monday.", ""]


def test_real_sentences_near_furniture_are_left_whole():
    for sentence in (
        "Protesters battle police in Cairo on Friday.",
        "The curfew was updated at 4 p.m. to start an hour earlier.",
        "The photo, taken on Tuesday, shows soldiers at the museum.",
        "Officials at 10 a.m. said they would share information with Congress.",
        "Read the full statement, the embassy said on Monday.",
        "U.S. State Department: \"Concerned About the Potential for Violence\" was the headline on Saturday.",
        "She wrote to the ministry, which had updated its advice (in January) for travellers.",
    ):
        assert _blanked(sentence) == sentence, sentence


def _blanked_line_by_line(text: str) -> str:
    """The rule blank_inline_furniture follows, written plainly: each pattern searched in each line on its own."""
    lines = []
    for line in text.split("\n"):
        chars = list(line)
        for pattern, _ in furniture._inline_patterns() if len(line) <= furniture.MAX_INLINE_LINE_CHARS else ():
            for found in pattern.finditer(line):
                chars[found.start() : found.end()] = " " * (found.end() - found.start())
        lines.append("".join(chars))
    return "\n".join(lines)


def test_inline_furniture_is_blanked_as_if_every_pattern_were_searched_in_every_line_on_its_own():
    path = furniture.RESOURCES / "furniture_inline_en.txt"
    examples = [line.removeprefix(resource_files.EXAMPLE) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(resource_files.EXAMPLE)]
    across_lines = [
        "BLITZER:\nThe talks resumed on Monday.",  # a speaker tag needs a space after it, not a line break
        "Protesters marched (Update\n3 p.m. ET) in Cairo.",  # a stamp never spans two lines
        "Share\nthis: the vote was on Tuesday. @",
        "They met at 9:30 pm\n| Report abuse |",
        "YES | NO The president resigned on Friday.\nWould you like to make this your default edition?",
        "RELATED STORİES: the quake",  # letters that case-insensitive matching takes for others:
        "ſhare this: the vote",  # dotted capital I for i, long s for s,
        "(UPDATEſ) (\u0130 photo: Jane Doe/AFP)",  # wherever they stand
    ]
    text = "\n".join(line for example in examples for line in (example, "Lawmakers voted on Monday, the embassy said.")) + "\n" + "\n".join(across_lines)
    assert _blanked(text) == _blanked_line_by_line(text) != text
    for case in across_lines:
        assert _blanked(case) == _blanked_line_by_line(case), case


def test_the_text_every_match_of_a_pattern_requires_is_read_from_the_pattern_with_its_case_rule():
    required = furniture.required_text(re.compile(r"(?:\bjan\.? )?\bat \d+:\d\d (?-i:PM)(?=\s)\s*\|(?:report)?", re.IGNORECASE))
    assert [(piece.pattern, bool(piece.flags & re.IGNORECASE)) for piece, _, _ in required] == [("at\\ ", True), ("PM", False), (":", True), ("\\ ", True), ("\\|", True)]
    assert furniture.required_text(re.compile(r"yes|no")) == ()


def test_a_long_single_line_text_is_left_as_it_is():
    text = "(Updated) Protesters marched. " * (furniture.MAX_INLINE_LINE_CHARS // 30 + 1)
    assert furniture.blank_inline_furniture(text) == text


def test_an_inline_pattern_that_is_no_regular_expression_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "furniture_inline_xx.txt"
    path.write_text("# A stamp.\n# e.g. (Update 3 p.m.)\n\\(update[^)\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"furniture_inline_xx.txt line 3: not a valid regular expression"):
        furniture.read_inline_patterns(path)


def test_an_inline_pattern_must_match_the_example_written_above_it(tmp_path):
    path = tmp_path / "furniture_inline_xx.txt"
    path.write_text("# A stamp.\n# e.g. [Update 3 p.m.]\n\\(update[^)]*\\)\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3: the pattern does not match its example '\[Update 3 p.m.\]'"):
        furniture.read_inline_patterns(path)
    path.write_text("# A stamp without an example.\n\\(update[^)]*\\)\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2: no '# e.g.' comment"):
        furniture.read_inline_patterns(path)


def test_every_shipped_inline_pattern_loads_and_matches_its_examples():
    assert len(furniture.read_inline_patterns(furniture.RESOURCES / "furniture_inline_en.txt")) >= 20


def test_a_newspapers_print_note_gives_no_event():
    _, mentions = _mentions(
        "Protesters battle police in Cairo on Friday.\n"
        "A version appeared on p6 of the Main section section of the Guardian on Saturday 29 January 2011."
    )
    assert [m.timex.text for m in mentions] == ["Friday"]
