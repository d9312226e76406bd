"""desk.core.text.feed: splitting feed dumps into clean articles; paragraphs of plain text."""
from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from desk.core.paths import resources_dir
from desk.core.text.feed import (
    RawArticle,
    block_paragraphs,
    line_key,
    split_feed,
    text_paragraphs,
)


@dataclass
class Item:
    headline: str
    caption: str
    paragraphs: list[str]


def build_feed(
    items: list[Item],
    marker: str | None = "TT",
    repeats: tuple[int, ...] = (2, 3, 4),
    gap: int = 2,
    repeat_headline: bool = True,
) -> str:
    """Emit articles in the pasted-feed format: headline, caption×r, marker, headline, caption×r, body."""
    chunks = []
    for n, item in enumerate(items):
        r = repeats[n % len(repeats)]
        captions = "\n".join([item.caption] * r) if item.caption else ""
        header = [item.headline, "", captions + (f"\n{marker}" if marker else "")]
        if repeat_headline:
            header += ["", item.headline, "", captions]
        chunks.append("\n".join(header) + "\n\n" + "\n\n".join(item.paragraphs))
    return ("\n" * (gap + 1)).join(chunks) + "\n"


def sample_item(name: str, caption: str) -> Item:
    lines = (resources_dir() / "samples" / name).read_text(encoding="utf-8").split("\n\n")
    return Item(lines[0].strip(), caption, [p.strip() for p in lines[1:] if p.strip()])


EN_ITEMS = [
    sample_item("sample-en.txt", "Solar panels beside the new plant on the coast, March 2026. (Desk photo)"),
    Item(
        "Night Buses Return to the City Centre",
        "A night bus waits at the central station on Friday. (Desk photo)",
        [
            "Night bus services returned to the city centre on Friday after a two-year pause.",
            "The transport department said six routes would run every thirty minutes between midnight and five in the morning.",
            "Late-shift workers had campaigned for the service. \"We finally have a safe way home,\" one nurse said.",
        ],
    ),
    Item(
        "Library Extends Opening Hours for Exams",
        "Students read in the main hall of the public library. (Desk photo)",
        ["The public library will stay open until midnight during the exam season.", "Extra staff have been hired for the period."],
    ),
]
AR_ITEMS = [
    sample_item("sample-ar.txt", "ألواح شمسية بجانب المحطة الجديدة على الساحل. (صورة ديسك)"),
    Item(
        "عودة حافلات الليل إلى وسط المدينة",
        "حافلة ليلية تنتظر في المحطة المركزية يوم الجمعة. (صورة ديسك)",
        [
            "عادت خدمة حافلات الليل إلى وسط المدينة يوم الجمعة بعد توقف دام عامين.",
            "وقالت إدارة النقل إن ست خطوط ستعمل كل ثلاثين دقيقة بين منتصف الليل والخامسة صباحاً.",
            "وكان عمال المناوبات الليلية قد طالبوا بهذه الخدمة.",
        ],
    ),
]


def assert_matches(articles: list[RawArticle], items: list[Item]) -> None:
    assert [a.title for a in articles] == [i.headline for i in items]
    for article, item in zip(articles, items):
        assert article.captions == ([item.caption] if item.caption else [])
        assert article.paragraphs == item.paragraphs


# --- the shared real feed -------------------------------------------------------------------


def test_shared_sample_feed(feed_sample: Path) -> None:
    text = feed_sample.read_text(encoding="utf-8")
    articles = split_feed(text)
    assert [a.title for a in articles] == [
        "International Coalition to End Mission in Iraq, Keep Going in Syria",
        "Trump Opposes Israeli Annexation of West Bank",
        "Sudan Returns to East African Bloc After Two Years",
        "EU Condemns Israel's West Bank Control Measures",
    ]
    assert [len(a.captions) for a in articles] == [1, 1, 1, 1]
    assert articles[0].captions[0].startswith("Iraqi Prime Minister Mohammed Shia al-Sudani and US President Joe Biden")
    assert articles[3].captions[0].endswith("Tuesday, Dec. 17, 2024. (AP)")
    firsts = ["A US-led coalition's military mission", "A White House official on Monday", "Sudan on Monday announced", "The European Union on Monday condemned"]
    lasts = ["In a statement, it said the timing", "The West Bank is among the territories", "IGAD on Monday welcomed", "\"The European Union condemns recent decisions"]
    for article, first, last in zip(articles, firsts, lasts):
        assert article.paragraphs[0].startswith(first)
        assert article.paragraphs[-1].startswith(last)
        keys = [line_key(p) for p in article.paragraphs]
        assert "tt" not in keys
        assert line_key(article.title) not in keys
        assert not set(keys) & {line_key(c) for c in article.captions}
        assert len(keys) == len(set(keys))
    # Subheadings stay in the body, in order; every body line of the file is kept exactly once.
    assert "Not a withdrawal" in articles[0].paragraphs
    assert articles[0].paragraphs.index("Not a withdrawal") < articles[0].paragraphs.index("Sudani win")
    body_lines = {ln.strip() for ln in text.splitlines() if len(ln.strip()) > 2}
    kept = {p for a in articles for p in a.paragraphs}
    debris = {a.title for a in articles} | {c for a in articles for c in a.captions}
    assert body_lines == kept | debris
    assert [len(a.paragraphs) for a in articles] == [27, 5, 10, 2]


# --- feeds the tests build ------------------------------------------------------------------


@pytest.mark.parametrize("items", [EN_ITEMS, AR_ITEMS], ids=["en", "ar"])
@pytest.mark.parametrize("marker", ["TT", "AFP", "ش أ", None])
@pytest.mark.parametrize("repeats", [(1,), (2,), (3,), (4,), (2, 4, 3)])
def test_built_feeds(items: list[Item], marker: str | None, repeats: tuple[int, ...]) -> None:
    assert_matches(split_feed(build_feed(items, marker=marker, repeats=repeats)), items)


@pytest.mark.parametrize("items", [EN_ITEMS, AR_ITEMS], ids=["en", "ar"])
def test_feed_without_headline_repeat(items: list[Item]) -> None:
    """Headline, caption run, marker, body: the marker and the caption run carry the structure."""
    assert_matches(split_feed(build_feed(items, repeat_headline=False)), items)
    # Without the marker as well there is not enough structure: nothing is split off wrongly.
    assert len(split_feed(build_feed(items, marker=None, repeat_headline=False))) == 1


def test_feed_without_captions() -> None:
    items = [Item(i.headline, "", i.paragraphs) for i in EN_ITEMS + AR_ITEMS]
    assert_matches(split_feed(build_feed(items)), items)


@pytest.mark.parametrize("gap", [0, 1, 3])
def test_article_gap_does_not_matter(gap: int) -> None:
    assert_matches(split_feed(build_feed(EN_ITEMS + AR_ITEMS, gap=gap)), EN_ITEMS + AR_ITEMS)


def test_crlf_and_trailing_spaces() -> None:
    text = build_feed(EN_ITEMS).replace("\n", "  \r\n")
    assert_matches(split_feed(text), EN_ITEMS)


def flores_items(flores_dir: Path, lang_file: str, count: int) -> list[Item]:
    with (flores_dir / "metadata_devtest.tsv").open(encoding="utf-8") as fh:
        urls = [row[0] for row in list(csv.reader(fh, delimiter="\t"))[1:]]
    sentences = (flores_dir / lang_file).read_text(encoding="utf-8").splitlines()
    items: list[Item] = []
    for _, group in itertools.groupby(range(len(urls)), key=lambda i: urls[i]):
        idx = list(group)
        sents = [sentences[i].strip() for i in idx]
        if len(sents) >= 5 and len(set(sents)) == len(sents):
            headline = " ".join(sents[0].split()[:9]).rstrip(".،,؛:")
            body = [" ".join(sents[k : k + 2]) for k in range(2, len(sents), 2)]
            items.append(Item(headline, sents[1], body))
        if len(items) == count:
            break
    return items


@pytest.mark.parametrize("lang_file", ["eng_Latn.devtest", "arb_Arab.devtest"])
def test_flores_feed(flores_dir: Path, lang_file: str) -> None:
    items = flores_items(flores_dir, lang_file, 12)
    assert len(items) == 12
    assert_matches(split_feed(build_feed(items)), items)
    # The same articles without feed structure: one article, nothing lost.
    plain = "\n\n".join(p for item in items for p in item.paragraphs)
    single = split_feed(plain)
    assert len(single) == 1
    assert single[0].captions == []


# --- plain articles -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample-en.txt", "sample-ar.txt"])
def test_plain_article_stays_one(name: str) -> None:
    text = (resources_dir() / "samples" / name).read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    articles = split_feed(text)
    assert len(articles) == 1
    assert articles[0].title == blocks[0]
    assert articles[0].paragraphs == blocks[1:]
    assert articles[0].captions == []


def test_plain_article_without_title_line() -> None:
    first = (
        "The regional water authority said on Sunday that a second desalination plant of the same design "
        "would be built further north. It gave no date."
    )
    articles = split_feed(first + "\n\nEngineers are studying three possible sites.")
    assert len(articles) == 1
    title = articles[0].title
    assert title.endswith("…") and len(title) <= 95
    assert first.startswith(title[:-1])
    assert articles[0].paragraphs[0] == first  # nothing removed from the body


def test_short_text_is_title_and_body() -> None:
    articles = split_feed("Just one line")
    assert [(a.title, a.paragraphs) for a in articles] == [("Just one line", ["Just one line"])]
    assert split_feed(" \n\n ") == []


def test_given_title_is_used_and_not_repeated() -> None:
    articles = split_feed("Port reopens\n\nThe port reopened on Friday.", title="Port reopens")
    assert articles[0].title == "Port reopens"
    assert articles[0].paragraphs == ["The port reopened on Friday."]
    articles = split_feed("The port reopened on Friday. Ships queued.", title="Port reopens")
    assert articles[0].title == "Port reopens"
    assert articles[0].paragraphs == ["The port reopened on Friday. Ships queued."]


def test_recurring_subheading_is_not_an_article() -> None:
    text = "\n\n".join([
        "City budget approved",
        "The council approved the budget on Tuesday after a long debate.",
        "Background",
        "The budget had been delayed twice because of disagreements over transport spending.",
        "Background",
        "Spending on schools rises by four percent.",
    ])
    articles = split_feed(text)
    assert len(articles) == 1
    assert articles[0].title == "City budget approved"


def test_consecutive_duplicate_paragraphs_dropped() -> None:
    text = "Title here\n\nFirst paragraph.\n\nFirst paragraph.\n\nSecond paragraph.\n\nFirst paragraph."
    assert split_feed(text)[0].paragraphs == ["First paragraph.", "Second paragraph.", "First paragraph."]


def test_text_before_first_headline_is_kept() -> None:
    lead = "Editor's note: these stories were filed on Monday evening and may be updated."
    articles = split_feed(lead + "\n\n" + build_feed(EN_ITEMS[1:]))
    assert len(articles) == 3
    assert articles[0].paragraphs == [lead]
    assert_matches(articles[1:], EN_ITEMS[1:])


def test_stray_marker_in_body_is_dropped() -> None:
    item = EN_ITEMS[1]
    text = build_feed([item]) + "\nTT\n\nOne more paragraph at the end."
    article = split_feed(text)[0]
    assert article.paragraphs == item.paragraphs + ["One more paragraph at the end."]


# --- paragraphs -----------------------------------------------------------------------------


WRAPPED = """The council approved the budget on Tuesday after a debate that
lasted most of the night, with several members asking for more money
for schools and for the bus network that serves the outer districts.
It passed by nine votes to four.
A second paragraph follows here without a blank line and it is also
wrapped at the same width as the first one was."""


def test_hard_wrapped_lines_are_joined() -> None:
    paragraphs = block_paragraphs(WRAPPED.split("\n"))
    assert paragraphs[0] == " ".join(WRAPPED.split("\n")[:4])
    assert paragraphs[1].startswith("A second paragraph follows") and paragraphs[1].endswith("first one was.")
    assert len(paragraphs) == 2


def test_separate_items_stay_apart() -> None:
    assert block_paragraphs(["- bread", "- milk", "- eggs and a longer item that goes on"]) == [
        "- bread", "- milk", "- eggs and a longer item that goes on"
    ]
    assert block_paragraphs(["1. First point.", "2. Second point", "3) Third"]) == ["1. First point.", "2. Second point", "3) Third"]
    lines = [
        "The minister arrived in the capital on Monday.",
        "Talks with the delegation began an hour later.",
        "A statement is expected on Tuesday.",
    ]
    assert block_paragraphs(lines) == lines
    assert block_paragraphs(["Contact", "Press Office", "City Hall"]) == ["Contact", "Press Office", "City Hall"]


def test_continuation_and_hyphenation() -> None:
    assert block_paragraphs(["The report was", "published today."]) == ["The report was published today."]
    assert block_paragraphs([
        "The government announced a well-",
        "known plan to rebuild the harbour and the roads around the old market",
        "next year.",
    ]) == ["The government announced a well-known plan to rebuild the harbour and the roads around the old market next year."]


def test_text_paragraphs_keeps_everything() -> None:
    text = "Title\n\nCaption. (AFP)\nCaption. (AFP)\nTT\n\n" + WRAPPED + "\n\n\nLast."
    paragraphs = text_paragraphs(text)
    assert paragraphs[:4] == ["Title", "Caption. (AFP)", "Caption. (AFP)", "TT"]
    assert paragraphs[-1] == "Last."
    assert len(paragraphs) == 7


# --- headline-like lines at the end of a body -----------------------------------------------

ENDINGS = [
    'He added that "they should not be asked to take on obligations beyond their means."',
    "(Reporting by the Desk staff; editing by the night desk)",
    "Related coverage",
    "قال المتحدث: \"لن نتراجع عن هذا القرار.\"",
]


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("repeat_headline", [True, False], ids=["repeat", "no-repeat"])
def test_last_body_line_is_not_taken_for_the_next_headline(ending: str, repeat_headline: bool) -> None:
    """A quote, a credit line or a subheading closing one article must not become the next headline."""
    items = [Item(i.headline, i.caption, i.paragraphs + [ending]) for i in EN_ITEMS + AR_ITEMS]
    assert_matches(split_feed(build_feed(items, repeat_headline=repeat_headline)), items)


# --- feeds built from FLORES-200 (issue 13) ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_flores_feeds_with_every_headline_and_caption_variation(lang: str) -> None:
    """36 stories cover every combination of headline variant, caption repeats and caption style."""
    from tests.bench.eval_feeds import DEFAULT_FLORES, build_feed, check, read_stories

    if not (DEFAULT_FLORES / "metadata_devtest.tsv").is_file():
        pytest.skip("../shared/eval/flores200 is not beside the project")
    stories = read_stories(DEFAULT_FLORES)
    for start in (0, 120):
        text, expected = build_feed(stories[start:start + 36], lang, start)
        right, wrong = check(text, expected)
        assert (right, wrong) == (36, [])


def test_headline_with_a_final_or_inner_period_starts_its_own_article() -> None:
    items = [
        Item("Talks Resume in Geneva.", "Delegates arrive at the palace. (Desk photo)",
             ["Talks resumed on Monday.", "Both sides sent new teams."]),
        Item("U.N. Envoy Arrives. Talks Resume", "The envoy at the airport (Desk photo)",
             ["The envoy arrived on Tuesday.", "He met both delegations."]),
        Item("المبعوث يصل. والمحادثات تستأنف", "المبعوث في المطار (صورة)",
             ["وصل المبعوث يوم الثلاثاء.", "والتقى الوفدين."]),
    ]
    articles = split_feed(build_feed(items))
    assert [(a.title, a.captions, a.paragraphs) for a in articles] == [
        (i.headline, [i.caption], i.paragraphs) for i in items
    ]



def test_arabic_lines_cut_mid_sentence_are_joined_but_a_headline_is_not() -> None:
    """Arabic has no capitals to tell a continuing line from a new sentence: a line that ran to the full
    width and does not end a sentence joins the next (PDF text comes as printed lines); a short line
    (the headline) still stands alone."""
    from desk.core.text.feed import block_paragraphs

    lines = [
        "اكتشاف ريش ديناصور",
        "لا يؤكد الأمر فحسب أن بعض من الديناصورات على أقل تقدير كانت ذات ريش، وهي نظرية شائعة بالفعل، ولكنه يقدم أيضاً",
        "تفاصيل تعجز الأحفوريات عن تقديمها في العموم، كاللون والترتيب ثلاثيّ الأبعاد.",
        "يقول العلماء أن ريش هذا الحيوان كان بنياً كستنائياً من الأعلى وجانبه السفلي شاحباً أو بلون الكاروتينات.",
    ]
    assert block_paragraphs(lines) == [
        lines[0],
        lines[1] + " " + lines[2],
        lines[3],
    ]
