"""desk.core.text.articles: clean, segmented articles with stable sentence ids and offsets."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.model import Article, article_id
from desk.core.paths import resources_dir
from desk.core.text.articles import articles_from_text, build_article, file_sentences, load_articles
from desk.core.text.feed import RawArticle
from desk.core.text.segment import split_sentences

SAMPLES = resources_dir() / "samples"


def check_consistent(article: Article) -> None:
    """Offsets point into Article.text, ids are p{i}s{j} in order, paragraphs join with blank lines."""
    for i, paragraph in enumerate(article.paragraphs):
        assert paragraph.sentences, "no empty paragraphs"
        for j, sentence in enumerate(paragraph.sentences):
            assert sentence.id == f"p{i}s{j}"
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text
    assert article.text == "\n\n".join(p.text for p in article.paragraphs)
    ids = [s.id for s in article.all_sentences()]
    assert len(ids) == len(set(ids))
    if article.title:
        assert article.title_sentence is not None and article.title_sentence.id == "t0"
        assert article.title_sentence.text == article.title
    assert [s.id for s in article.caption_sentences] == [f"c{k}" for k in range(len(article.captions))]
    assert [s.text for s in article.caption_sentences] == article.captions


def test_build_article_ids_offsets_and_language() -> None:
    raw = RawArticle(
        title="Port reopens after storm",
        captions=["Ships wait outside the harbour. (Desk photo)", "The harbour master speaks to reporters."],
        paragraphs=[
            "The port reopened on Friday. Dozens of ships had waited offshore for three days.",
            "Fishermen asked for compensation.   The council will meet on Monday!",
            "Officials said the backlog would take a week to clear.",
        ],
    )
    article = build_article(raw, "story.txt", 3)
    check_consistent(article)
    assert article.id == article_id("story.txt", 3, "Port reopens after storm")
    assert article.source == "story.txt"
    assert article.lang == "en"
    assert [len(p.sentences) for p in article.paragraphs] == [2, 2, 1]
    assert article.sentence("p1s1").text == "The council will meet on Monday!"
    assert article.sentence("c1").text == "The harbour master speaks to reporters."
    assert article.text.split("\n\n")[1] == "Fishermen asked for compensation. The council will meet on Monday!"


def test_language_per_article_and_per_paragraph() -> None:
    arabic = [
        "قال مسؤولون إن الميناء أعيد فتحه يوم الجمعة بعد عاصفة استمرت ثلاثة أيام.",
        "وطالب الصيادون بتعويضات عن الأيام التي خسروها.",
    ]
    raw = RawArticle(title="إعادة فتح الميناء", captions=["Ships at anchor. (Desk photo)"], paragraphs=[arabic[0], "Quote in English: we lost three days.", arabic[1]])
    article = build_article(raw, "pasted", 0)
    check_consistent(article)
    assert article.lang == "ar"
    assert [p.lang for p in article.paragraphs] == ["ar", "en", "ar"]
    assert article.paragraphs[1].sentences[0].lang == "en"
    assert article.title_sentence is not None and article.title_sentence.lang == "ar"
    assert article.caption_sentences[0].lang == "en"


def test_id_depends_on_source_index_and_title() -> None:
    raw = RawArticle(title="Same title", paragraphs=["Body."])
    a, b = build_article(raw, "a.txt", 0), build_article(raw, "a.txt", 0)
    assert a.id == b.id
    assert build_article(raw, "a.txt", 1).id != a.id
    assert build_article(raw, "b.txt", 0).id != a.id


@pytest.mark.parametrize("name, lang", [("sample-en.txt", "en"), ("sample-ar.txt", "ar")])
def test_load_sample_articles(name: str, lang: str) -> None:
    path = SAMPLES / name
    articles = load_articles(path)
    assert len(articles) == 1
    article = articles[0]
    check_consistent(article)
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    assert article.title == blocks[0]
    assert article.lang == lang
    assert article.text == "\n\n".join(blocks[1:])
    assert [s.text for s in article.sentences()] == [s for b in blocks[1:] for s in split_sentences(b, lang)]
    assert article.source == str(path)


def test_load_feed(feed_sample: Path) -> None:
    articles = load_articles(feed_sample)
    assert len(articles) == 4
    for article in articles:
        check_consistent(article)
        assert article.lang == "en"
        assert len(article.captions) == 1
        assert all(s.text != "TT" for s in article.sentences())
    assert len({a.id for a in articles}) == 4
    assert [a.id for a in load_articles(feed_sample)] == [a.id for a in articles]


def test_pasted_text_and_html() -> None:
    text = (SAMPLES / "sample-en.txt").read_text(encoding="utf-8")
    [article] = articles_from_text(text)
    assert article.source == "pasted"
    assert article.title.startswith("Solar-Powered Desalination Plant")
    check_consistent(article)
    html = (
        "<html><head><title>Site | Night buses</title></head><body><nav>Home | News | Sport</nav>"
        "<h1>Night Buses Return</h1><p>Night bus services returned to the city centre on Friday after a pause.</p>"
        "<p>Six routes will run every thirty minutes.</p><footer>Privacy policy</footer></body></html>"
    )
    [article] = articles_from_text(html, source="clipboard")
    assert article.title == "Night Buses Return"
    assert article.source == "clipboard"
    assert [p.text for p in article.paragraphs] == [
        "Night bus services returned to the city centre on Friday after a pause.",
        "Six routes will run every thirty minutes.",
    ]
    with pytest.raises(LoadError):
        articles_from_text("   ")


def test_docx_title_not_repeated_in_body(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Library extends hours", level=1)
    document.add_paragraph("The public library will stay open until midnight during exams.")
    document.save(str(tmp_path / "lib.docx"))
    [article] = load_articles(tmp_path / "lib.docx")
    assert article.title == "Library extends hours"
    assert article.text == "The public library will stay open until midnight during exams."


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found"):
        load_articles(tmp_path / "missing.txt")
    (tmp_path / "blank.txt").write_text("\n \n")
    with pytest.raises(LoadError, match="no text"):
        load_articles(tmp_path / "blank.txt")


def test_file_sentences_no_feed_splitting(tmp_path: Path, feed_sample: Path) -> None:
    sentences = file_sentences(feed_sample)
    assert sentences.count("TT") == 4
    assert sentences.count("Trump Opposes Israeli Annexation of West Bank") == 2
    assert sentences[0] == "International Coalition to End Mission in Iraq, Keep Going in Syria"


def test_file_sentences_joins_wrapped_lines(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Budget approved\n\n"
        "The council approved the budget on Tuesday after a debate that\n"
        "lasted most of the night. Several members asked for more money\n"
        "for schools and for the bus network in the outer districts.\n\n"
        "- Schools: up four percent\n- Buses: unchanged\n",
        encoding="utf-8",
    )
    assert file_sentences(path) == [
        "Budget approved",
        "The council approved the budget on Tuesday after a debate that lasted most of the night.",
        "Several members asked for more money for schools and for the bus network in the outer districts.",
        "- Schools: up four percent",
        "- Buses: unchanged",
    ]


def test_file_sentences_arabic_and_forced_lang() -> None:
    path = SAMPLES / "sample-ar.txt"
    auto = file_sentences(path)
    forced = file_sentences(path, lang="ar")
    assert auto == forced
    assert len(auto) >= 10
    assert all(re.search(r"[\u0600-\u06ff]", s) for s in auto)
    assert "".join(auto).replace(" ", "") == "".join(path.read_text(encoding="utf-8").split())


def test_letterless_or_tiny_paragraph_takes_the_article_language() -> None:
    """A dateline or agency code ("AP", "2026") must not flip a paragraph of an Arabic article to English."""
    body = [
        "قال مسؤولون إن الميناء أعيد فتحه يوم الجمعة بعد عاصفة استمرت ثلاثة أيام.",
        "AP",
        "2026",
        "وطالب الصيادون بتعويضات عن الأيام التي خسروها.",
    ]
    article = build_article(RawArticle(title="إعادة فتح الميناء", paragraphs=body), "pasted", 0)
    check_consistent(article)
    assert [p.lang for p in article.paragraphs] == ["ar", "ar", "ar", "ar"]
    assert {s.lang for s in article.sentences()} == {"ar"}
