from timeline.furniture import cut_trailing_furniture, is_furniture

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
