"""Briefs: datelines, assembly from article + summary + translation, exports, bilingual tables."""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desk.core.brief.compose import (
    bilingual_document,
    brief_clipboard,
    brief_document,
    build_brief,
    export_bilingual,
    export_brief,
    parse_dateline,
    render_brief,
)
from desk.core.errors import DeskError
from desk.core.model import (
    Article,
    LengthRule,
    Paragraph,
    Sentence,
    Summary,
    SummaryPick,
    Target,
    Translation,
)

TODAY = dt.date(2025, 3, 1)


def make_article(
    paragraphs: list[list[str]],
    *,
    lang: str = "en",
    title: str = "Headline",
    captions: list[str] | None = None,
    source: str = "pasted",
    article_id: str = "art1",
) -> Article:
    """An Article built by hand: ids p{i}s{j}, headline t0, captions c{k}, offsets into ``text``."""
    paras, chunks, pos = [], [], 0
    for i, sents in enumerate(paragraphs):
        sentences = []
        for j, text in enumerate(sents):
            if j:
                pos += 1
            sentences.append(Sentence(f"p{i}s{j}", text, lang, pos, pos + len(text)))
            pos += len(text)
        chunks.append(" ".join(sents))
        pos += 2
        paras.append(Paragraph(sentences, lang))
    captions = captions or []
    return Article(
        id=article_id, source=source, title=title, lang=lang, paragraphs=paras, captions=list(captions),
        text="\n\n".join(chunks),
        title_sentence=Sentence("t0", title, lang) if title else None,
        caption_sentences=[Sentence(f"c{k}", c, lang) for k, c in enumerate(captions)],
    )


def make_summary(article: Article, ids: list[str], algorithm: str = "lexrank") -> Summary:
    index = {s.id: k for k, s in enumerate(article.sentences())}
    picks = [SummaryPick(i, index[i], article.sentence(i).text, 1.0 - k / 10) for k, i in enumerate(ids)]
    return Summary(algorithm, article.lang, LengthRule(sentences=len(ids)), picks)


def translate_all(article: Article, mapping: dict[str, str], target: str = "en") -> Translation:
    t = Translation("test-model", article.lang, target, article.id)
    for s in article.all_sentences():
        t.targets[s.id] = Target(mapping.get(s.id, f"<{s.id}>"))
    return t


AR_ARTICLE = [
    ["الرياض، 9 فبراير (رويترز) - أعلنت السعودية عن خطة جديدة للطاقة.", "وقال الوزير إن الخطة تبدأ العام المقبل."],
    ["وأضاف أن الاستثمارات ستبلغ مليار دولار.", "ورحب المستثمرون بالقرار."],
]
AR_EN = {
    "t0": "Saudi Arabia announces an energy plan",
    "p0s0": "RIYADH, Feb 9 (Reuters) - Saudi Arabia announced a new energy plan.",
    "p0s1": "The minister said the plan starts next year.",
    "p1s0": "He added that investments will reach one billion dollars.",
    "p1s1": "Investors welcomed the decision.",
}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict, str]] = []
        self._open: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self._open.append((tag, dict(attrs)))
        self.elements.append((tag, dict(attrs), ""))

    def handle_data(self, data):
        if self._open and data.strip():
            tag, attrs = self._open[-1]
            for k in range(len(self.elements) - 1, -1, -1):
                if self.elements[k][0] == tag:
                    self.elements[k] = (tag, attrs, self.elements[k][2] + data)
                    break

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()


def parse_html(text: str) -> list[tuple[str, dict, str]]:
    p = _Collect()
    p.feed(text)
    return p.elements


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, place, date, agency",
    [
        ("RIYADH, Feb 9 (Reuters) - Saudi Arabia said", "RIYADH", dt.date(2025, 2, 9), "Reuters"),
        ("WASHINGTON, Dec. 5, 2023 (AP) — The", "WASHINGTON", dt.date(2023, 12, 5), "AP"),
        ("NEW YORK (Reuters) - Stocks fell", "NEW YORK", None, "Reuters"),
        ("BEIRUT - Israeli strikes", "BEIRUT", None, ""),
        ("الرياض، 9 فبراير (رويترز) - قالت", "الرياض", dt.date(2025, 2, 9), "رويترز"),
        ("دمشق، ٣ شباط (سانا) - أعلنت", "دمشق", dt.date(2025, 2, 3), "سانا"),
        ("بيروت - (أ ف ب) - قال", "بيروت", None, "أ ف ب"),
        ("لندن: «الشرق الأوسط» قال مسؤول", "لندن", None, "الشرق الأوسط"),
        ("بغداد، 12 تشرين الأول 2024 (رويترز) - ", "بغداد", dt.date(2024, 10, 12), "رويترز"),
    ],
)
def test_dateline_found(text: str, place: str, date: dt.date | None, agency: str) -> None:
    line = parse_dateline(text, TODAY)
    assert line is not None
    assert (line.place, line.date, line.agency) == (place, date, agency)
    assert text.startswith(line.text)


@pytest.mark.parametrize(
    "text",
    [
        "A US-led coalition's military mission in Iraq will end - officials said.",
        "The US has approximately 2,500 troops in Iraq.",
        "قال المسؤول العراقي - في بيان - إن المهمة ستنتهي.",
        "",
    ],
)
def test_no_dateline_in_ordinary_sentences(text: str) -> None:
    assert parse_dateline(text, TODAY) is None


def test_dateline_without_year_is_in_the_recent_past() -> None:
    line = parse_dateline("LONDON, Dec 30 (Reuters) - x", dt.date(2025, 1, 2))
    assert line is not None and line.date == dt.date(2024, 12, 30)


# --- building ---------------------------------------------------------------------------------------


def test_brief_in_original_language() -> None:
    article = make_article(
        [["LONDON, Jan 5 (Reuters) - Prices rose.", "Analysts were surprised."], ["Markets fell.", "Oil gained."]],
        source="/data/feeds/morning.txt",
    )
    summary = make_summary(article, ["p0s0", "p1s1"])
    brief = build_brief(article, summary, today=TODAY)
    assert brief.title == "Headline" and brief.lang == "en"
    assert [s.text for s in brief.summary] == ["LONDON, Jan 5 (Reuters) - Prices rose.", "Oil gained."]
    assert brief.source == "morning.txt"
    assert (brief.date, brief.date_from_text, brief.place, brief.agency) == (
        dt.date(2025, 1, 5), True, "LONDON", "Reuters")
    assert brief.translation is None
    text = render_brief(brief, "txt").decode()
    assert "Oil gained." in text and "Markets fell." not in text and "2025-01-05" in text


def test_brief_without_dateline_uses_today_and_pasted() -> None:
    article = make_article([["Prices rose on Monday.", "Analysts were surprised."]])
    brief = build_brief(article, make_summary(article, ["p0s1"]), today=TODAY)
    assert brief.source == "pasted"
    assert brief.date == TODAY and not brief.date_from_text
    assert "date of the brief" in brief.source_line()


def test_brief_in_translation_quotes_targets_by_id() -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة")
    translation = translate_all(article, AR_EN)
    del translation.targets["p1s1"]  # a pick the translation lacks falls back to the original
    summary = make_summary(article, ["p0s1", "p1s1"])
    brief = build_brief(article, summary, translation, summary_lang="en", today=TODAY)
    assert brief.lang == "en"
    assert brief.title == AR_EN["t0"] and brief.original_title == "السعودية تعلن خطة للطاقة"
    assert [(s.id, s.text, s.lang) for s in brief.summary] == [
        ("p0s1", AR_EN["p0s1"], "en"),
        ("p1s1", "ورحب المستثمرون بالقرار.", "ar"),
    ]
    assert brief.date == dt.date(2025, 2, 9) and brief.agency == "رويترز"


def test_brief_with_full_translation() -> None:
    article = make_article(AR_ARTICLE, lang="ar")
    translation = translate_all(article, AR_EN)
    brief = build_brief(article, make_summary(article, ["p0s0"]), translation, include_translation=True, today=TODAY)
    assert brief.lang == "ar"  # summary stays in the original
    assert brief.translation is not None
    assert [[s.text for s in p] for p in brief.translation] == [
        [AR_EN["p0s0"], AR_EN["p0s1"]], [AR_EN["p1s0"], AR_EN["p1s1"]],
    ]
    md = render_brief(brief, "md").decode()
    assert "## Full translation" in md or "## الترجمة الكاملة" in md
    assert AR_EN["p1s0"] in md and "test-model" in md


def test_brief_errors_are_for_people() -> None:
    article = make_article(AR_ARTICLE, lang="ar")
    summary = make_summary(article, ["p0s0"])
    with pytest.raises(DeskError, match="needs a translation"):
        build_brief(article, summary, summary_lang="en")
    with pytest.raises(DeskError, match="no translation"):
        build_brief(article, summary, include_translation=True)


def test_brief_from_real_article_and_summarizer() -> None:
    from desk.core.summary.summarize import summarize_article
    from desk.core.text.articles import articles_from_text

    text = (
        "Oil prices climb after supply cut\n\n"
        "LONDON, Jan 5 (Reuters) - Oil prices rose on Monday after producers agreed to cut supply. "
        "Brent crude gained two percent in early trade.\n\n"
        "Analysts said the cut would tighten markets in the second quarter. "
        "Some traders expect further gains. Others warned demand remains weak.\n\n"
        "The producers will meet again in March to review the decision."
    )
    article = articles_from_text(text)[0]
    summary = summarize_article(article, "lexrank", LengthRule(sentences=2))
    brief = build_brief(article, summary, today=TODAY)
    assert len(brief.summary) == 2
    picked = {p.sentence_id for p in summary.picks}
    assert [s.id for s in brief.summary] == [s.id for s in article.sentences() if s.id in picked]
    assert brief.date == dt.date(2025, 1, 5)


# --- exports ----------------------------------------------------------------------------------------


def _bidi(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


def _rtl_runs(paragraph) -> bool:
    return bool(paragraph.runs) and all(r.font.rtl for r in paragraph.runs)


def test_arabic_brief_docx_is_right_to_left(tmp_path: Path) -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة")
    translation = translate_all(article, AR_EN)
    brief = build_brief(article, make_summary(article, ["p0s1", "p1s0"]), translation,
                        include_translation=True, today=TODAY)
    path = export_brief(brief, tmp_path / "brief.docx")
    d = docx.Document(str(path))
    by_text = {p.text: p for p in d.paragraphs if p.text}
    title = by_text["السعودية تعلن خطة للطاقة"]
    assert title.style.name == "Title" and _bidi(title) and _rtl_runs(title)
    for sid in ("p0s1", "p1s0"):
        p = by_text[article.sentence(sid).text]
        assert _bidi(p) and _rtl_runs(p)
        fonts = p.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:cs"))
        assert p.runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-SA"
    english = by_text[" ".join([AR_EN["p0s0"], AR_EN["p0s1"]])]
    assert not _bidi(english) and not any(r.font.rtl for r in english.runs)
    meta = next(p for text, p in by_text.items() if text.startswith("الرياض · رويترز · المصدر: نص ملصوق · \u20662025-02-09\u2069"))
    assert _bidi(meta)  # the source line of an Arabic brief is Arabic, right-to-left


def test_brief_html_markdown_text(tmp_path: Path) -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة")
    translation = translate_all(article, AR_EN)
    brief = build_brief(article, make_summary(article, ["p0s1"]), translation, summary_lang="en", today=TODAY)
    html_text = export_brief(brief, tmp_path / "b.html").read_text(encoding="utf-8")
    elements = parse_html(html_text)
    assert elements[0][0] == "html" and elements[0][1] == {"lang": "en", "dir": "ltr"}
    h1 = [e for e in elements if e[0] == "h1"]
    assert h1 and h1[0][2] == AR_EN["t0"]
    arabic = [e for e in elements if e[2] == "السعودية تعلن خطة للطاقة"]
    assert arabic and arabic[0][1]["dir"] == "rtl" and arabic[0][1]["lang"] == "ar"
    assert any(e[2] == AR_EN["p0s1"] and e[1]["dir"] == "ltr" for e in elements)
    md = export_brief(brief, tmp_path / "b.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {AR_EN['t0']}\n") and AR_EN["p0s1"] in md and AR_EN["p1s0"] not in md
    txt = export_brief(brief, tmp_path / "b.txt").read_text(encoding="utf-8")
    assert txt.splitlines()[0] == AR_EN["t0"] and "#" not in txt
    clip = brief_clipboard(brief)
    assert AR_EN["p0s1"] in clip.text and 'dir="rtl"' in clip.html and AR_EN["p0s1"] in clip.html


def test_brief_document_structure() -> None:
    article = make_article([["One.", "Two."]])
    doc = brief_document(build_brief(article, make_summary(article, ["p0s1"]), today=TODAY))
    kinds = [getattr(i, "kind", "table") for i in doc.items]
    assert kinds == ["title", "meta", "heading", "paragraph"]
    assert doc.items[-1].text == "Two."


# --- bilingual ----------------------------------------------------------------------------------------


def test_bilingual_docx_and_html(tmp_path: Path) -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة", captions=["صورة أرشيفية"])
    translation = translate_all(article, {**AR_EN, "c0": "File photo"})
    rows = [(s.text, translation.targets[s.id].text) for s in article.all_sentences()]
    d = docx.Document(str(export_bilingual(article, translation, tmp_path / "bi.docx")))
    assert len(d.tables) == 1
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Arabic", "English"]
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == rows
    for r in table.rows[1:]:
        src, tgt = r.cells[0].paragraphs[0], r.cells[1].paragraphs[0]
        assert _bidi(src) and _rtl_runs(src)
        assert not _bidi(tgt) and not any(run.font.rtl for run in tgt.runs)

    elements = parse_html(export_bilingual(article, translation, tmp_path / "bi.html").read_text(encoding="utf-8"))
    cells = [e for e in elements if e[0] == "td"]
    assert len(cells) == 2 * len(rows)
    assert [(c[2], c[1]["dir"]) for c in cells[0::2]] == [(src, "rtl") for src, _ in rows]
    assert [(c[2], c[1]["dir"]) for c in cells[1::2]] == [(tgt, "ltr") for _, tgt in rows]


def test_bilingual_missing_target_leaves_cell_empty() -> None:
    article = make_article([["One.", "Two."]], title="")
    translation = Translation("m", "en", "ar", article.id, {"p0s0": Target("واحد.")})
    table = bilingual_document(article, translation).items[-1]
    assert [[c.text for c in row] for row in table.rows] == [["One.", "واحد."], ["Two.", ""]]
    assert table.rows[0][1].lang == "ar"


# --- issue 13: brief text ----------------------------------------------------------------------------


def test_translated_brief_shows_the_original_headline_once() -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة")
    brief = build_brief(article, make_summary(article, ["p0s1"]), translate_all(article, AR_EN),
                        summary_lang="en", today=TODAY)
    for fmt in ("txt", "md", "html"):
        assert render_brief(brief, fmt).decode().count("السعودية تعلن خطة للطاقة") == 1
    doc = brief_document(brief)
    original = [i for i in doc.items if getattr(i, "text", "") == "السعودية تعلن خطة للطاقة"]
    assert len(original) == 1 and original[0].lang == "ar"  # once, in its own language and direction


def test_arabic_brief_of_pasted_text_says_so_in_arabic() -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة")
    line = build_brief(article, make_summary(article, ["p0s1"]), today=TODAY).source_line()
    assert "المصدر: نص ملصوق" in line and "pasted" not in line
    english = make_article([["One.", "Two."]])
    assert "Source: pasted text" in build_brief(english, make_summary(english, ["p0s0"]), today=TODAY).source_line()


def test_pasted_text_saved_in_the_data_folder_is_still_pasted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.core.text.pasted import save_pasted

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path))
    path = save_pasted("Headline\n\nOne. Two.")
    article = make_article([["One.", "Two."]], source=str(path))
    brief = build_brief(article, make_summary(article, ["p0s0"]), today=TODAY)
    assert brief.source == "pasted" and "Source: pasted text" in brief.source_line()


def test_summary_note_uses_the_algorithm_display_name() -> None:
    article = make_article([["One.", "Two."]])
    lexrank = build_brief(article, make_summary(article, ["p0s0"], "lexrank"), today=TODAY)
    assert lexrank.summary_note == "LexRank, 1 sentence"
    assert build_brief(article, make_summary(article, ["p0s0"], "kl"), today=TODAY).summary_note.startswith("KL-Sum,")


def test_headline_longer_than_255_characters_saves_as_docx(tmp_path: Path) -> None:
    long_title = "Ministers meet again " * 20  # 420 characters
    article = make_article([["One sentence here.", "Two."]], title=long_title.strip())
    brief = build_brief(article, make_summary(article, ["p0s0"]), today=TODAY)
    path = export_brief(brief, tmp_path / "long.docx")
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == long_title.strip()  # the headline itself is whole
    assert len(d.core_properties.title) <= 255 and d.core_properties.title.endswith("…")


def test_format_follows_the_file_name(tmp_path: Path) -> None:
    article = make_article([["One.", "Two."]])
    brief = build_brief(article, make_summary(article, ["p0s0"]), today=TODAY)
    with pytest.raises(DeskError, match="named like Word document"):
        export_brief(brief, tmp_path / "brief.docx", "txt")
    assert not (tmp_path / "brief.docx").exists()
    assert export_brief(brief, tmp_path / "brief", "docx") == tmp_path / "brief.docx"
    docx.Document(str(tmp_path / "brief.docx"))  # a real DOCX
    assert export_brief(brief, tmp_path / "b.htm", "html").read_text().startswith("<!DOCTYPE html>")


def test_derived_title_is_not_a_sentence_and_the_brief_uses_the_whole_first_sentence() -> None:
    from desk.core.text.articles import articles_from_text

    first = ("The ministry of health announced on Tuesday that the vaccination campaign will extend to every "
             "province of the country before the end of the year.")
    article = articles_from_text(first + " Officials said supplies were ready. Clinics open early.")[0]
    assert article.title_derived and article.title.endswith("…") and len(article.title) < len(first)
    assert article.title_sentence is None
    assert [s.id for s in article.all_sentences()] == ["p0s0", "p0s1", "p0s2"]  # nothing extra to translate
    translation = translate_all(article, {"p0s0": "ترجمة الجملة الأولى كاملة."}, target="ar")
    brief = build_brief(article, make_summary(article, ["p0s1"]), translation, summary_lang="ar", today=TODAY)
    assert brief.title == "ترجمة الجملة الأولى كاملة." and brief.original_title == ""
    assert build_brief(article, make_summary(article, ["p0s1"]), today=TODAY).title == first


def test_the_sentences_of_one_quotation_read_as_one_passage() -> None:
    article = make_article([['"We will not leave.', 'This is a transition," the official said.', "Later news.",
                             "More news."]])
    brief = build_brief(article, make_summary(article, ["p0s0", "p0s1", "p0s2"]), today=TODAY)
    paragraphs = [i.text for i in brief_document(brief).items if getattr(i, "kind", "") == "paragraph"]
    assert paragraphs == ['"We will not leave. This is a transition," the official said.', "Later news."]


def test_dates_and_file_names_stay_left_to_right_in_arabic_lines() -> None:
    article = make_article(AR_ARTICLE, lang="ar", title="السعودية تعلن خطة للطاقة", source="/x/day-1.txt")
    line = build_brief(article, make_summary(article, ["p0s1"]), today=TODAY).source_line()
    assert "\u2066day-1.txt\u2069" in line and "\u20662025-02-09\u2069" in line
    english = make_article([["One.", "Two."]], source="/x/day-1.txt")
    assert "\u2066" not in build_brief(english, make_summary(english, ["p0s0"]), today=TODAY).source_line()
