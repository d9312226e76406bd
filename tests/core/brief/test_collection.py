"""One brief for several articles: summaries, translations by article, one file in every format."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desk.core.application import Application
from desk.core.brief.collection import (
    brief_articles,
    export_collection,
    render_collection,
)
from desk.core.brief.compose import Brief
from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, run_job
from desk.core.model import Article, LengthRule, Translation
from desk.core.settings import UserSettings
from tests.core.brief.test_compose import AR_ARTICLE, AR_EN, make_article, translate_all

TODAY = dt.date(2025, 3, 1)
EN_ARTICLE = [["LONDON, Jan 5 (Reuters) - Oil prices rose on Monday after producers cut supply.",
               "Brent crude gained two percent in early trade."],
              ["Analysts said the cut would tighten markets.", "Traders expect further gains."]]
EN_AR = {"t0": "أسعار النفط ترتفع", "p0s0": "لندن 5 يناير (رويترز) - ارتفعت أسعار النفط يوم الاثنين.",
         "p0s1": "وارتفع خام برنت اثنين في المئة.", "p1s0": "وقال محللون إن الخفض سيشد الأسواق.",
         "p1s1": "ويتوقع المتعاملون مزيدا من المكاسب."}


def articles() -> list[Article]:
    return [
        make_article(EN_ARTICLE, title="Oil prices climb", source="/feeds/day.txt", article_id="en1"),
        make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة", source="/feeds/day.txt",
                     article_id="ar1"),
    ]


def make_brief(sentences: int = 3):
    app = Application(settings=UserSettings())

    def brief(article: Article, translation: Translation | None, summary_lang: str | None) -> Brief:
        return app.brief(article, translation, length=LengthRule(sentences=sentences), summary_lang=summary_lang)
    return brief


def translator(asked: list[str]):
    def translate(article: Article, cancel: CancelToken | None) -> Translation | None:
        asked.append(article.id)
        english = article.lang == "en"
        return translate_all(article, EN_AR if english else AR_EN, target="ar" if english else "en")
    return translate


def test_arabic_brief_of_two_articles_quotes_each_translation() -> None:
    asked: list[str] = []
    collection = run_job(brief_articles(articles(), "ar", make_brief(2), translator(asked), today=TODAY))
    assert asked == ["en1"]  # the Arabic article needs no translation into Arabic
    first, second = collection.briefs
    assert first.lang == "ar" and first.title == EN_AR["t0"] and first.original_title == "Oil prices climb"
    assert all(s.lang == "ar" for s in first.summary) and len(first.summary) == 2
    assert second.title == "السعودية تعلن خطة للطاقة" and second.original_title == ""
    text = render_collection(collection, "txt").decode()
    assert text.splitlines()[0] == "موجز الأخبار · عدد المقالات: 2 · \u20662025-03-01\u2069"
    assert text.index(EN_AR["t0"]) < text.index("السعودية تعلن خطة للطاقة")
    assert "المصدر: \u2066day.txt\u2069" in text


def test_collection_in_every_format(tmp_path: Path) -> None:
    collection = run_job(brief_articles(articles(), "ar", make_brief(), translator([]), today=TODAY))
    d = docx.Document(str(export_collection(collection, tmp_path / "brief.docx")))
    heads = [p for p in d.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in heads] == [EN_AR["t0"], "السعودية تعلن خطة للطاقة"]
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in heads)
    page = export_collection(collection, tmp_path / "brief.html").read_text(encoding="utf-8")
    assert page.count("<h2 ") == 2 and '<html lang="ar" dir="rtl">' in page
    md = export_collection(collection, tmp_path / "brief.md").read_text(encoding="utf-8")
    assert md.startswith("# موجز الأخبار") and f"## {EN_AR['t0']}" in md
    assert (tmp_path / "brief.md").stat().st_size and export_collection(collection, tmp_path / "b.txt").is_file()


def test_without_translator_each_article_keeps_its_language() -> None:
    collection = run_job(brief_articles(articles(), "en", make_brief(), today=TODAY))
    assert [b.lang for b in collection.briefs] == ["en", "ar"]


def test_no_articles_and_cancel() -> None:
    with pytest.raises(DeskError, match="at least one article"):
        run_job(brief_articles([], "en", make_brief()))
    token = CancelToken()
    job = brief_articles(articles(), "en", make_brief(), translator([]), cancel=token)
    next(job)
    token.cancel()
    from desk.core.errors import Cancelled
    with pytest.raises(Cancelled):
        run_job(job)
