"""Batch briefs: collecting articles, one brief per article, resuming after a real interruption."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import docx
import pytest

from desk.core.batch.runner import STATE_NAME, BatchOptions, collect_articles, run_batch
from desk.core.batch.work import output_name
from desk.core.errors import Cancelled, DeskError, LoadError
from desk.core.jobs import CancelToken, run_job
from desk.core.model import Article, LengthRule, Target, Translation

TODAY = dt.date(2025, 3, 1)

EN_STORIES = {
    "oil.txt": (
        "Oil prices climb after supply cut\n\n"
        "LONDON, Jan 5 (Reuters) - Oil prices rose on Monday after producers agreed to cut supply. "
        "Brent crude gained two percent in early trade.\n\n"
        "Analysts said the cut would tighten markets. Some traders expect further gains."
    ),
    "port.txt": (
        "Port reopens after storm\n\n"
        "The port reopened on Tuesday after a storm closed it for three days. "
        "Ships queued outside the harbour overnight.\n\n"
        "Officials said repairs to the main pier would take a month."
    ),
}
AR_STORY = (
    "الحكومة تعلن خطة جديدة للطاقة\n\n"
    "أعلنت الحكومة يوم الاثنين خطة جديدة للطاقة. وقال الوزير إن الخطة تبدأ العام المقبل.\n\n"
    "وأضاف أن الاستثمارات ستبلغ مليار دولار. ورحب المستثمرون بالقرار."
)

FEED = """\
Port Reopens After Storm

Cranes stand idle at the port. (File photo)
Cranes stand idle at the port. (File photo)
TT

Port Reopens After Storm

Cranes stand idle at the port. (File photo)
Cranes stand idle at the port. (File photo)

The port reopened on Tuesday after a storm closed it for three days.

Ships queued outside the harbour overnight, officials said.

Repairs to the main pier will take a month.

Farmers Expect Record Wheat Harvest

A farmer inspects wheat in a field. (Reuters photo)
A farmer inspects wheat in a field. (Reuters photo)
TT

Farmers Expect Record Wheat Harvest

A farmer inspects wheat in a field. (Reuters photo)
A farmer inspects wheat in a field. (Reuters photo)

Farmers expect a record wheat harvest this year after heavy winter rains.

The agriculture ministry raised its forecast by ten percent.

Exports could rise if prices stay firm.
"""


def finished_ids(state: Path) -> set[str]:
    """The article ids the state file (one JSON line per finished brief) lists."""
    return {json.loads(line)["id"] for line in state.read_text(encoding="utf-8").splitlines()}


def fake_translator(calls: list[str], fail_on: str | None = None):
    """Deterministic translator: every sentence becomes "EN(<id>)"; records the articles asked for."""

    def translate(article: Article, cancel: CancelToken | None) -> Translation:
        calls.append(article.id)
        if fail_on and fail_on in article.title:
            raise DeskError("the model produced nothing for this article")
        t = Translation("fake", article.lang, "en", article.id)
        t.targets = {s.id: Target(f"EN({s.id})") for s in article.all_sentences()}
        return t

    return translate


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in EN_STORIES.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "ar.txt").write_text(AR_STORY, encoding="utf-8")
    (src / "feed.txt").write_text(FEED, encoding="utf-8")  # a feed dump of 2 articles
    (src / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return src


def options(**kw) -> BatchOptions:
    return BatchOptions(**{"target_lang": "en", "length": LengthRule(sentences=2), "today": TODAY, **kw})


def test_collect_articles_from_folder_and_feed(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    articles, problems = collect_articles([folder])
    assert len(articles) == 2 + 1 + 2
    assert [p.name for p, _ in problems] == ["broken.txt"]
    assert {a.lang for a in articles} == {"ar", "en"}
    again, _ = collect_articles([folder])
    assert [a.id for a in again] == [a.id for a in articles]  # ids are stable across runs
    feed_only, _ = collect_articles([folder / "feed.txt"])
    assert [a.title for a in feed_only] == ["Port Reopens After Storm", "Farmers Expect Record Wheat Harvest"]
    with pytest.raises(LoadError):
        collect_articles([tmp_path / "missing"])


def test_shared_feed_sample_gives_one_brief_per_article(feed_sample: Path, tmp_path: Path) -> None:
    articles, problems = collect_articles([feed_sample])
    assert len(articles) >= 2 and not problems
    result = run_job(run_batch(articles, tmp_path, options(), None))
    assert len(result.done) == len(articles)
    for article, item in zip(articles, result.done):
        md = (tmp_path / item.output).read_text(encoding="utf-8")
        assert md.startswith(f"# {article.title}\n") and "Source: asharq-feed-en.txt" in md


def test_one_brief_per_article_with_state(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder])
    out = tmp_path / "out"
    calls: list[str] = []
    seen: list[int] = []
    result = run_job(run_batch(articles, out, options(), fake_translator(calls)), lambda p: seen.append(p.done))
    assert seen == list(range(1, len(articles) + 1))
    assert len(result.done) == len(articles) and not result.failed
    names = sorted(p.name for p in out.iterdir() if p.name != STATE_NAME)
    assert names == sorted(output_name(a, "md") for a in articles)
    assert finished_ids(out / STATE_NAME) == {a.id for a in articles}
    ar = next(a for a in articles if a.lang == "ar")
    assert calls == [ar.id]  # only the Arabic article needed translation into English
    brief = (out / output_name(ar, "md")).read_text(encoding="utf-8")
    assert brief.startswith("# EN(t0)\n") and "EN(p0s0)" in brief and "أعلنت" not in brief
    oil = next(a for a in articles if a.title.startswith("Oil"))
    oil_md = (out / output_name(oil, "md")).read_text(encoding="utf-8")
    assert "LONDON" in oil_md and "2025-01-05" in oil_md


def test_cancel_after_two_then_resume_processes_only_the_rest(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder])
    out = tmp_path / "out"
    token = CancelToken()
    calls: list[str] = []

    def on_progress(p) -> None:
        if p.done == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        run_job(run_batch(articles, out, options(), fake_translator(calls), cancel=token), on_progress)
    written = {p.name for p in out.iterdir() if p.name != STATE_NAME}
    assert written == {output_name(a, "md") for a in articles[:2]}
    assert finished_ids(out / STATE_NAME) == {a.id for a in articles[:2]}

    processed: list[str] = []
    result = run_job(run_batch(articles, out, options(), fake_translator(calls)),
                     lambda p: processed.append(p.payload.status))
    assert processed == ["skipped", "skipped"] + ["done"] * (len(articles) - 2)
    assert [i.article_id for i in result.done] == [a.id for a in articles[2:]]
    third = run_job(run_batch(articles, out, options(), fake_translator(calls)))
    assert len(third.skipped) == len(articles) and not third.done


def test_interrupted_while_writing_never_counts_as_done(folder: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = collect_articles([folder])
    out = tmp_path / "out"
    real_replace = os.replace
    replaced: list[str] = []

    def replace(src: str, dst: str) -> None:  # the process dies while the third brief is renamed
        if Path(dst).name != STATE_NAME:
            replaced.append(dst)
            if len(replaced) == 3:
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        run_job(run_batch(articles, out, options(), fake_translator([])))
    monkeypatch.undo()
    files = {p.name for p in out.iterdir()}
    assert files == {STATE_NAME} | {output_name(a, "md") for a in articles[:2]}  # no partial file
    result = run_job(run_batch(articles, out, options(), fake_translator([])))
    assert [i.article_id for i in result.done] == [a.id for a in articles[2:]]
    assert len(result.skipped) == 2


def test_deleted_output_or_new_format_is_redone(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder / "oil.txt", folder / "port.txt"])
    out = tmp_path / "out"
    run_job(run_batch(articles, out, options(), None))
    (out / output_name(articles[0], "md")).unlink()
    again = run_job(run_batch(articles, out, options(), None))
    assert [i.article_id for i in again.done] == [articles[0].id]
    as_docx = run_job(run_batch(articles, out, options(fmt="docx"), None))
    assert len(as_docx.done) == 2
    d = docx.Document(str(out / output_name(articles[1], "docx")))
    assert d.paragraphs[0].text == "Port reopens after storm"


def test_failed_article_is_reported_and_retried(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder / "ar.txt", folder / "oil.txt"])
    out = tmp_path / "out"
    calls: list[str] = []
    result = run_job(run_batch(articles, out, options(), fake_translator(calls, fail_on="الحكومة")))
    assert [i.status for i in result.items] == ["failed", "done"]
    assert "produced nothing" in result.failed[0].error
    retry = run_job(run_batch(articles, out, options(), fake_translator(calls)))
    assert [i.status for i in retry.items] == ["done", "skipped"]


def test_no_translate_keeps_original_and_missing_translator_is_an_error(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder / "ar.txt"])
    with pytest.raises(DeskError, match="need translation"):
        run_job(run_batch(articles, tmp_path / "a", options(), None))
    result = run_job(run_batch(articles, tmp_path / "b", options(translate=False, fmt="html"), None))
    page = (tmp_path / "b" / result.done[0].output).read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "الحكومة تعلن خطة جديدة للطاقة" in page


def test_full_translation_appended(folder: Path, tmp_path: Path) -> None:
    articles, _ = collect_articles([folder / "ar.txt"])
    result = run_job(run_batch(articles, tmp_path, options(include_translation=True), fake_translator([])))
    md = (tmp_path / result.done[0].output).read_text(encoding="utf-8")
    assert "## Full translation" in md
    assert "EN(p0s0) EN(p0s1)" in md and "EN(p1s0) EN(p1s1)" in md
