"""A deterministic corpus of realistic synthetic news articles, for measuring scale.

The generator first draws the world: story threads (a diplomatic row, a rate cycle, a bill going
through parliament...) of "true" events, each an actor doing something to something on a date,
spread over three years; some events are reactions dated the day after another. Then each article
picks a story, is published shortly after one of its events, and reports that event and a few
earlier (and sometimes one planned) events of the story, each with a date expression chosen among
those a journalist could use from that publication date ("on Tuesday", "last Monday", "in June",
"June 19, 2024", "earlier this year", "next month", "a day earlier", "three weeks ago"...), between
filler paragraphs of comment and background. Popular stories get many articles, so the merge sees
the same event reported by many outlets at several granularities.

Every date expression is recorded with the event it reports, so the same world also yields
synthetic mentions (for timing the merge alone) without running the tagger.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.model import Article, Granularity, Mention, Timex

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

OUTLETS = (
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("BBC News", "bbc.co.uk"),
    ("The Guardian", "theguardian.com"),
    ("Al Jazeera", "aljazeera.com"),
    ("Deutsche Welle", "dw.com"),
    ("Nikkei Asia", "asia.nikkei.com"),
    ("NPR", "npr.org"),
    ("France 24", "france24.com"),
    ("Yonhap", "en.yna.co.kr"),
)

COUNTRIES = (
    # name, adjective, capital, another city
    ("Brazil", "Brazilian", "Brasilia", "Sao Paulo"),
    ("Canada", "Canadian", "Ottawa", "Toronto"),
    ("Chile", "Chilean", "Santiago", "Valparaiso"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria"),
    ("Finland", "Finnish", "Helsinki", "Tampere"),
    ("France", "French", "Paris", "Marseille"),
    ("Germany", "German", "Berlin", "Hamburg"),
    ("Ghana", "Ghanaian", "Accra", "Kumasi"),
    ("India", "Indian", "New Delhi", "Mumbai"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya"),
    ("Japan", "Japanese", "Tokyo", "Osaka"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Mexico", "Mexican", "Mexico City", "Monterrey"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos"),
    ("Norway", "Norwegian", "Oslo", "Bergen"),
    ("Peru", "Peruvian", "Lima", "Arequipa"),
    ("Poland", "Polish", "Warsaw", "Krakow"),
    ("South Korea", "South Korean", "Seoul", "Busan"),
    ("Spain", "Spanish", "Madrid", "Barcelona"),
    ("Sweden", "Swedish", "Stockholm", "Gothenburg"),
    ("Thailand", "Thai", "Bangkok", "Chiang Mai"),
    ("Turkey", "Turkish", "Ankara", "Istanbul"),
    ("Vietnam", "Vietnamese", "Hanoi", "Da Nang"),
    ("Australia", "Australian", "Canberra", "Sydney"),
)

FIRST_NAMES = (
    "Ana", "Luis", "Marta", "Kenji", "Amara", "Lars", "Priya", "Omar", "Elena", "Tomas", "Grace", "Yusuf",
    "Ingrid", "Rafael", "Chen", "Leila", "Pieter", "Sofia", "Daniel", "Mei", "Kwame", "Irene", "Hugo", "Nadia",
    "Carlos", "Hanna", "Arjun", "Beatriz", "Felix", "Aiko", "Samuel", "Olga", "Mateo", "Zara", "Viktor", "Lucia",
)
LAST_NAMES = (
    "Souza", "Lindqvist", "Okafor", "Tanaka", "Moreau", "Kowalski", "Haddad", "Novak", "Mensah", "Ortega",
    "Virtanen", "Rahman", "Fischer", "Nguyen", "Castillo", "Berg", "Adeyemi", "Sato", "Dubois", "Yilmaz",
    "Kumar", "Alvarez", "Petrov", "Hansen", "Mwangi", "Silva", "Kim", "Romero", "Jensen", "Abadi",
    "Costa", "Nakamura", "Weber", "Santos", "Ivanova", "Moretti", "Quispe", "Eriksen", "Banda", "Lopez",
)
COMPANY_STEMS = ("Northwind", "Bluepeak", "Solaris", "Meridian", "Halcyon", "Ironbridge", "Corvid", "Tessera", "Aurora", "Kestrel")
COMPANY_KINDS = ("Energy", "Motors", "Telecom", "Mining", "Airlines", "Pharma", "Steel", "Foods")
STORM_NAMES = ("Ashley", "Boris", "Celia", "Dorian", "Edda", "Flint", "Greta", "Henk", "Isla", "Jonas")
TOPICS = ("energy security", "food prices", "migration", "climate finance", "cyber security", "fisheries", "critical minerals")
BILLS = ("housing", "pension reform", "data protection", "minimum wage", "forest protection", "media ownership")
ROLES = ("finance minister", "defence minister", "central bank governor", "chief executive", "party leader")

# Each action: past tense, base form, object; placeholders are filled from the story's cast.
ACTIONS = {
    "diplomacy": (
        ("signed", "sign", "a strategic partnership treaty with {other}"),
        ("ratified", "ratify", "the mutual defence pact with {other}"),
        ("held", "hold", "talks with {other_leader} in {city}"),
        ("recalled", "recall", "its ambassador to {other}"),
        ("expelled", "expel", "{small} {other_adj} diplomats"),
        ("announced", "announce", "new sanctions against {other}"),
        ("hosted", "host", "a regional summit on {topic} in {city}"),
        ("suspended", "suspend", "grain exports to {other}"),
        ("reopened", "reopen", "its embassy in {other_capital}"),
        ("proposed", "propose", "a ceasefire along the border with {other}"),
    ),
    "economy": (
        ("raised", "raise", "its benchmark interest rate to {rate} percent"),
        ("cut", "cut", "its benchmark interest rate to {rate} percent"),
        ("agreed", "agree", "to buy {company} for ${billions} billion"),
        ("announced", "announce", "{thousands} job cuts at its {city} plant"),
        ("reported", "report", "a quarterly loss of ${millions} million"),
        ("approved", "approve", "a ${billions} billion aid package for {other}"),
        ("lifted", "lift", "its ban on {other_adj} steel imports"),
        ("opened", "open", "a battery factory in {city}"),
    ),
    "politics": (
        ("passed", "pass", "the {bill} bill"),
        ("rejected", "reject", "a no-confidence motion against the government"),
        ("called", "call", "a snap parliamentary election"),
        ("named", "name", "{person} as its new {role}"),
        ("approved", "approve", "a constitutional amendment on {topic}"),
        ("blocked", "block", "the {bill} bill in a late-night vote"),
    ),
    "disaster": (
        ("made", "make", "landfall near {city}"),
        ("flooded", "flood", "large parts of {city}"),
        ("forced", "force", "the evacuation of {thousands} residents near {city}"),
        ("cut", "cut", "power to {thousands} homes around {city}"),
        ("launched", "launch", "an earth observation satellite from {city}"),
    ),
}
REACTIONS = (
    ("condemned", "condemn", "the move as a provocation"),
    ("welcomed", "welcome", "the decision"),
    ("summoned", "summon", "the {lead_adj} envoy in protest"),
    ("promised", "promise", "a response in kind"),
)
ATTRIBUTIONS = ("officials said", "state media reported", "the ministry said in a statement", "according to a government spokesperson", "sources told {outlet}")

FILLER = (
    "{Analysts} {say} the {adjective} {noun} could {effect} in the coming months.",
    "{Analysts} {say} the episode shows how {adjective} {noun} has become for {country}.",
    "The {adjective} {noun} has been a sore point between the two sides for decades.",
    "Critics argue that the government has offered few details about how the plan would be paid for.",
    "Opposition lawmakers in {city} called the decision {judgement} and demanded a full debate.",
    "The figures could not be independently verified.",
    "Trade between the two countries has grown steadily over the past decade, according to official data.",
    "Markets in {city} were little changed after the news, with traders waiting for more detail.",
    "{Person}, a researcher at the {institute} in {city}, said the {noun} was {judgement}.",
    '"We are watching the situation very closely," {person} told {outlet}.',
    '"This is {judgement}, and everyone in {city} knows it," said {person}, a {occupation}.',
    "Residents interviewed by {outlet} described long queues and rising prices.",
    "The {institute} estimates that about {thousands} people are directly affected.",
    "Neither side has published the full text of the agreement.",
    "Similar measures have been tried before, with mixed results.",
    "{Analysts} {say} any lasting change will depend on the {adjective} {noun} holding for several years.",
    "The government in {city} has faced mounting pressure over the {adjective} {noun} for three years.",
    "Officials meet every month to review progress, a practice critics describe as {judgement}.",
    "Turnout at public hearings in {city} was low, according to local media.",
    "{Person}, who has followed the {noun} for {outlet}, said few people expected a quick resolution.",
    "The proposal would need the backing of at least two thirds of lawmakers to pass.",
    "Shares of listed exporters fell as much as {percent} percent in early trading.",
    "Human rights groups have repeatedly raised concerns about the {noun}.",
    "The {institute} said in a report that the {noun} risked becoming {judgement}.",
    "Several {occupation}s in {city} said they had not been consulted.",
    "Inflation in {country} has eased but remains above the central bank's target.",
    "A spokesperson for the opposition did not respond to a request for comment.",
    "{Analysts} {say} the cost of the {noun} is likely to rise over the next decade.",
    "The talks were described by one participant as {judgement} but constructive.",
    "The government has defended the {noun} as necessary and proportionate.",
)
FILL = {
    "Analysts": ("Analysts", "Diplomats", "Economists", "Observers", "Western officials", "Industry groups"),
    "say": ("say", "warn", "note", "believe", "caution"),
    "adjective": ("fragile", "growing", "uneasy", "long-running", "costly", "unexpected", "regional"),
    "noun": ("partnership", "dispute", "recovery", "alliance", "reform", "standoff", "crisis"),
    "effect": ("unsettle neighbouring states", "push up prices", "reshape regional trade", "deepen the divide", "delay investment"),
    "judgement": ("a serious mistake", "long overdue", "a step in the right direction", "deeply worrying", "largely symbolic"),
    "institute": ("Institute for Policy Studies", "Centre for Regional Security", "National Economic Council", "University of Applied Sciences"),
    "occupation": ("shopkeeper", "teacher", "retired engineer", "nurse", "taxi driver", "student"),
}
NUMBER_WORDS = ("two", "three", "four", "five")


@dataclass(frozen=True)
class Actor:
    full: str
    """As a lede names it: "Brazilian President Ana Souza"."""
    short: str
    """As a headline or a second reference names it: "Souza"."""


@dataclass(frozen=True)
class TrueEvent:
    """Something that happened (or was planned) on one day: what every report of it refers to."""

    id: int
    story: int
    actor: Actor
    past: str
    base: str
    object: str
    date: dt.date


@dataclass(frozen=True)
class Report:
    """One date expression in one article, and the true event it dates."""

    event: TrueEvent
    timex: Timex
    sentence: str
    sentence_start: int
    granularity: Granularity
    label: str


@dataclass(frozen=True)
class SyntheticArticle:
    article: Article
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class _Story:
    id: int
    domain: str
    weight: float
    events: tuple[TrueEvent, ...]


def generate_corpus(n: int, seed: int = 0) -> list[SyntheticArticle]:
    """n articles over a world whose size grows with n (about one true event per two articles)."""
    rng = random.Random(seed)
    stories = _world(rng, n_events=max(40, n // 2))
    weights = [s.weight for s in stories]
    corpus: list[SyntheticArticle] = []
    seen: set[str] = set()
    for i in range(n):
        story = rng.choices(stories, weights)[0]
        generated = _article(rng, i, story)
        while generated.article.id in seen:
            generated = _article(rng, i, story)
        seen.add(generated.article.id)
        corpus.append(generated)
    return corpus


def synthetic_mentions(corpus: Sequence[SyntheticArticle]) -> list[Mention]:
    """The mentions a perfect tagger and extractor would find: one per reported date expression."""
    mentions = []
    for item in corpus:
        for report in item.reports:
            start, end = _interval(report.event.date, report.granularity, report.timex.value)
            mentions.append(
                Mention(
                    article_id=item.article.id,
                    timex=report.timex,
                    label=report.label,
                    sentence=report.sentence,
                    sentence_start=report.sentence_start,
                    start=start,
                    end=end,
                    granularity=report.granularity,
                )
            )
    return mentions


def manifest_rows(corpus: Sequence[SyntheticArticle]) -> list[dict[str, str]]:
    """Rows of a manifest.csv (file, title, outlet, published, url) describing the corpus."""
    return [
        {"file": a.file, "title": a.title or "", "outlet": a.outlet or "", "published": a.published or "", "url": a.url or ""}
        for a in (item.article for item in corpus)
    ]


# -- the world ------------------------------------------------------------------------------------


def _world(rng: random.Random, n_events: int) -> list[_Story]:
    """Story threads of about ten events each over up to a year; popularity falls off like Zipf's law."""
    stories: list[_Story] = []
    next_id = 0
    rank = 1
    while next_id < n_events:
        domain = rng.choice(sorted(ACTIONS))
        cast = _cast(rng, domain)
        span = rng.randint(30, 365)
        first = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days - span))
        events: list[TrueEvent] = []
        for _ in range(rng.randint(6, 14)):
            actor = rng.choice(cast["actors"])
            past, base, obj = rng.choice(ACTIONS[domain])
            day = first + dt.timedelta(days=rng.randint(0, span))
            events.append(TrueEvent(next_id, len(stories), actor, past, base, obj.format(**_slots(rng, cast)), day))
            next_id += 1
            if rng.random() < 0.3:
                past, base, obj = rng.choice(REACTIONS)
                reactor = rng.choice(cast["reactors"])
                events.append(TrueEvent(next_id, len(stories), reactor, past, base, obj.format(**cast["names"]), day + dt.timedelta(days=1)))
                next_id += 1
        events.sort(key=lambda e: (e.date, e.id))
        stories.append(_Story(len(stories), domain, 1 / rank**0.8, tuple(events)))
        rank += 1
    return stories


def _cast(rng: random.Random, domain: str) -> dict:
    lead, other = rng.sample(COUNTRIES, 2)
    name, adjective, capital, city = lead
    leader = _person(rng)
    other_leader = _person(rng)
    company = f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)}"
    actors = {
        "diplomacy": [
            Actor(f"{adjective} President {leader}", leader.split()[-1]),
            Actor(f"{name}'s foreign ministry", name),
            Actor(f"{adjective} Foreign Minister {(minister := _person(rng))}", minister.split()[-1]),
        ],
        "economy": [
            Actor(f"{name}'s central bank", f"{adjective} central bank"),
            Actor(f"{adjective} carmaker {company}", company.split()[0]),
            Actor(f"the {adjective} government", name),
        ],
        "politics": [
            Actor(f"{name}'s parliament", f"{adjective} lawmakers"),
            Actor(f"{adjective} Prime Minister {leader}", leader.split()[-1]),
            Actor(f"the upper house in {capital}", f"{adjective} senators"),
        ],
        "disaster": [
            Actor(f"Storm {(storm := rng.choice(STORM_NAMES))}", storm),
            Actor(f"{name}'s space agency", f"{adjective} space agency"),
            Actor(f"flooding in {city}", "flooding"),
        ],
    }[domain]
    other_name, other_adjective, other_capital, _ = other
    reactors = [Actor(f"{other_name}'s foreign ministry", other_name), Actor(f"{other_adjective} President {other_leader}", other_leader.split()[-1])]
    names = {
        "other": other_name,
        "other_adj": other_adjective,
        "other_capital": other_capital,
        "other_leader": f"{other_adjective} President {other_leader}",
        "lead_adj": adjective,
        "company": company,
        "city": rng.choice((capital, city)),
    }
    return {"actors": actors, "reactors": reactors, "names": names, "cities": (capital, city)}


def _slots(rng: random.Random, cast: dict) -> dict[str, str]:
    return {
        **cast["names"],
        "city": rng.choice(cast["cities"]),
        "small": rng.choice(NUMBER_WORDS),
        "topic": rng.choice(TOPICS),
        "bill": rng.choice(BILLS),
        "person": _person(rng),
        "role": rng.choice(ROLES),
        "rate": f"{rng.randint(1, 12)}.{rng.choice((0, 25, 5, 75))}",
        "billions": f"{rng.randint(1, 40)}.{rng.randint(1, 9)}",
        "millions": str(rng.randint(20, 900)),
        "thousands": f"{rng.randint(1, 90)},{rng.randint(0, 9)}00",
    }


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


# -- articles -----------------------------------------------------------------------------------


class _Text:
    """An article's text as it is assembled, remembering where each dated sentence landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.reports: list[Report] = []

    def paragraph(self, sentences: Sequence[str]) -> None:
        self._append(" ".join(sentences) + "\n\n")

    def dated(self, event: TrueEvent, sentence: str, expression: str, value: str, granularity: Granularity, label: str, rest: Sequence[str] = ()) -> None:
        """A paragraph whose first sentence dates `event` with `expression`; the timex leaves out "on"/"in"."""
        phrase = expression.removeprefix("on ").removeprefix("in ")
        offset = sentence.lower().index(phrase.lower())
        start = self.length + offset
        timex = Timex(start, start + len(phrase), sentence[offset : offset + len(phrase)], "DATE", value, rule="synthetic")
        self.reports.append(Report(event, timex, sentence, self.length, granularity, label))
        self.paragraph([sentence, *rest])

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.parts)


def _article(rng: random.Random, index: int, story: _Story) -> SyntheticArticle:
    focus = rng.choice(story.events)
    dct = focus.date + dt.timedelta(days=rng.choices((0, 1, 2, 3, 4, 5, 6), (25, 40, 10, 10, 5, 5, 5))[0])
    outlet, domain = rng.choice(OUTLETS)
    earlier = [e for e in story.events if e.date <= dct and e is not focus]
    later = [e for e in story.events if _is_next_month(e.date, dct)]
    text = _Text()
    _report(rng, text, focus, dct, outlet, lede=True)
    background = sorted(rng.sample(earlier, min(len(earlier), rng.randint(3, 9))), key=lambda e: e.date, reverse=True)
    target_words = rng.randint(400, 800)
    previous = focus
    for event in background:
        if rng.random() < 0.5:
            text.paragraph(_filler(rng, outlet, rng.randint(2, 4)))
        if previous.date - event.date == dt.timedelta(days=1) and rng.random() < 0.5:
            _report_day_earlier(rng, text, event)
        else:
            _report(rng, text, event, dct, outlet)
        previous = event
    if later and rng.random() < 0.3:
        _report_planned(rng, text, rng.choice(later))
    while text.words < target_words:
        text.paragraph(_filler(rng, outlet, rng.randint(3, 5)))
    published = dct.isoformat()
    if rng.random() < 0.2:
        published += f"T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}+{rng.choice((0, 1, 2, 9)):02d}:00"
    title = f"{focus.actor.short} {_present(focus.base)} {focus.object}"
    slug = "-".join(title.lower().replace("$", "").replace(",", "").split()[:8])
    article = Article(
        file=f"{index:06d}.txt",
        text="".join(text.parts),
        title=title[0].upper() + title[1:],
        outlet=outlet,
        url=f"https://www.{domain}/{dct.year}/{dct.month:02d}/{slug}-{index}",
        published=published,
        published_source="manifest",
    )
    return SyntheticArticle(article, tuple(text.reports))


def _report(rng: random.Random, text: _Text, event: TrueEvent, dct: dt.date, outlet: str, lede: bool = False) -> None:
    expression, value, granularity = rng.choice(_expressions(event.date, dct))
    actor = event.actor.full if lede or rng.random() < 0.5 else event.actor.short
    clause = f"{actor} {event.past} {event.object}"
    attribution = rng.choice(ATTRIBUTIONS).format(outlet=outlet)
    templates = (
        f"{_cap(expression)}, {clause}.",
        f"{_cap(clause)} {expression}, {attribution}.",
        f"{_cap(clause)} {expression}.",
        f"{_cap(attribution)} that {clause} {expression}.",
        f"It was {expression} that {clause}.",
    )
    sentence = rng.choice(templates if lede else templates[:3] + templates[4:])
    rest = _filler(rng, outlet, 1) if lede else ()
    text.dated(event, sentence, expression, value, granularity, clause, rest)


def _report_day_earlier(rng: random.Random, text: _Text, event: TrueEvent) -> None:
    clause = f"{event.actor.short} had {event.past} {event.object}"
    sentence = rng.choice((f"{_cap(clause)} a day earlier.", f"A day earlier, {clause}."))
    text.dated(event, sentence, "a day earlier", event.date.isoformat(), "day", f"{event.actor.short} {event.past} {event.object}")


def _report_planned(rng: random.Random, text: _Text, event: TrueEvent) -> None:
    verb = rng.choice(("is expected to", "plans to", "is due to", "has said it will"))
    clause = f"{event.actor.full} {verb} {event.base} {event.object}"
    sentence = f"{_cap(clause)} next month."
    text.dated(event, sentence, "next month", f"{event.date.year}-{event.date.month:02d}", "month", f"{event.actor.full} {event.base} {event.object}")


def _expressions(day: dt.date, dct: dt.date) -> list[tuple[str, str, Granularity]]:
    """Every way a reporter writing on `dct` could date `day` (which is not after dct)."""
    ago = (dct - day).days
    month = calendar.month_name[day.month]
    weekday = calendar.day_name[day.weekday()]
    forms: list[tuple[str, str, Granularity]] = [(f"on {month} {day.day}, {day.year}", day.isoformat(), "day")]
    if day.year == dct.year:
        forms.append((f"on {month} {day.day}", day.isoformat(), "day"))
        if day.month < dct.month:
            forms += [(f"in {month}", f"{day.year}-{day.month:02d}", "month"), ("earlier this year", str(day.year), "year")]
        if day.month == dct.month - 1:
            forms.append(("last month", f"{day.year}-{day.month:02d}", "month"))
    else:
        forms.append((f"in {month} {day.year}", f"{day.year}-{day.month:02d}", "month"))
        if day.year == dct.year - 1:
            forms.append(("last year", str(day.year), "year"))
    if ago == 1:
        forms.append(("yesterday", day.isoformat(), "day"))
    if 0 <= ago <= 6:
        forms += [(f"on {weekday}", day.isoformat(), "day")] * 3
    if 2 <= ago <= 6 and day.weekday() < dct.weekday():
        forms.append((f"last {weekday}", day.isoformat(), "day"))
    if ago in (14, 21, 28):
        forms.append((f"{NUMBER_WORDS[ago // 7 - 2]} weeks ago", day.isoformat(), "day"))
    return forms


def _filler(rng: random.Random, outlet: str, count: int) -> list[str]:
    country = rng.choice(COUNTRIES)
    values = {key: rng.choice(options) for key, options in FILL.items()}
    values.update(country=country[0], city=rng.choice(country[2:]), outlet=outlet, thousands=f"{rng.randint(2, 90)},000", percent=str(rng.randint(2, 9)))
    sentences = []
    for template in rng.sample(FILLER, count):
        values.update(person=_person(rng), Person=_person(rng))
        sentence = template.format(**values)
        sentences.append(sentence[0].upper() + sentence[1:])
    return sentences


def _is_next_month(day: dt.date, dct: dt.date) -> bool:
    following = dt.date(dct.year + dct.month // 12, dct.month % 12 + 1, 1)
    return (day.year, day.month) == (following.year, following.month)


def _interval(day: dt.date, granularity: Granularity, value: str) -> tuple[dt.date, dt.date]:
    if granularity == "day":
        return day, day
    if granularity == "month":
        year, month = int(value[:4]), int(value[5:7])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)


def _present(base: str) -> str:
    return base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]
