"""One article's work through the application layer: the same targets, origins and flags as the
window's path (memory pre-fill, glossary, QA), summaries by sentence id, failures kept per article."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.application import Application
from desk.core.batch.sources import open_input
from desk.core.batch.work import ArticleWorker, TaskSpec, chunks, output_name
from desk.core.errors import ModelError
from desk.core.model import Article, LengthRule
from tests.batchdata import install_model, seed_memory_and_glossary, write_archive


@pytest.fixture
def articles(tmp_path: Path) -> list[Article]:
    install_model(tmp_path)
    path = tmp_path / "wire.jsonl"
    write_archive(path, arabic=3, english=1, bad=False)
    seed_memory_and_glossary(path)
    return [a for a in open_input(path) if isinstance(a, Article)]


def test_translate_record_is_what_the_application_gives(articles: list[Article]) -> None:
    app = Application()
    worker = ArticleWorker(app, TaskSpec("translate", "en"))
    for article in [a for a in articles if a.lang == "ar"]:
        outcome = worker.run(article)
        assert not outcome.error and outcome.payload is None
        record = outcome.record
        assert record is not None
        expected = app.checked(article, app.translate(article, "en"))
        assert [s["id"] for s in record["sentences"]] == [s.id for s in article.all_sentences()]
        for row in record["sentences"]:
            target = expected.targets[row["id"]]
            assert (row["target"], row["origin"], row["flags"]) == (target.text, target.origin, target.flags)
        assert record["model"] == "opus-mt-ar-en" and outcome.sentences == len(record["sentences"])
    first = worker.run(articles[0]).record
    assert first is not None
    assert (first["sentences"][0]["target"], first["sentences"][0]["origin"]) == ("From the memory", "memory")
    records = [worker.run(a).record or {} for a in articles if a.lang == "ar"]
    assert any("Zanzibar" in s["target"] for record in records for s in record["sentences"])  # the glossary's term
    english = next(a for a in articles if a.lang == "en")
    assert worker.run(english).error == "the article is already in en"


def test_summary_of_the_translation_picks_sentence_ids(articles: list[Article]) -> None:
    app = Application()
    spec = TaskSpec("summarize", "en", algorithm="lexrank", length=LengthRule(sentences=2))
    article = next(a for a in articles if a.lang == "ar")
    record = ArticleWorker(app, spec).run(article).record
    # at most 2: the random model's noise may leave fewer whole sentences to pick from
    assert record is not None and record["summary_lang"] == "en" and 1 <= len(record["picks"]) <= 2
    translation = app.translate(article, "en")
    for pick in record["picks"]:
        assert pick["text"] == translation.targets[pick["sentence_id"]].text
    expected = app.summarize(article, translation, algorithm="lexrank", length=LengthRule(sentences=2))
    assert [p["sentence_id"] for p in record["picks"]] == [p.sentence_id for p in expected.picks]
    own = ArticleWorker(app, TaskSpec("summarize", None, algorithm="lsa", length=LengthRule(sentences=1)))
    plain = own.run(article).record
    assert plain is not None and plain["summary_lang"] == "ar" and plain["model"] == ""
    assert plain["picks"][0]["text"] == article.sentence(plain["picks"][0]["sentence_id"]).text


def test_a_bug_fails_one_article_and_a_missing_model_stops(articles: list[Article],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    app = Application()
    worker = ArticleWorker(app, TaskSpec("summarize", None, algorithm="lexrank", length=LengthRule(sentences=1)))

    def broken(*args: object, **kw: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(app, "summarize", broken)
    outcome = worker.run(articles[0])
    assert outcome.record is None and outcome.error.startswith("unexpected error (ZeroDivisionError")
    monkeypatch.undo()
    to_ar = ArticleWorker(Application(), TaskSpec("translate", "ar"))
    english = next(a for a in articles if a.lang == "en")
    with pytest.raises(ModelError, match="No installed model translates en to ar"):
        to_ar.run(english)


def test_chunks_are_sized_by_sentences() -> None:
    sizes = [3, 4, 10, 1, 1, 1, 2]
    groups = list(chunks(sizes, lambda n: n, 6))
    assert groups == [[3, 4], [10], [1, 1, 1, 2]]
    assert [x for g in groups for x in g] == sizes


def test_brief_names_are_safe_and_distinct() -> None:
    def named(aid: str, title: str = "Port reopens") -> str:
        return output_name(Article(aid, "s", title, "en"), "md")

    assert named("0123456789ab") == "port-reopens-01234567.md"  # Desk's own ids: as before
    assert named("wire-2024-17") == "port-reopens-wire-2024-17.md"
    assert named("a/b").startswith("port-reopens-a-b-") and named("a/b") != named("a-b") != named("a:b")
    assert named("../../etc", "..").startswith("article-etc-")
