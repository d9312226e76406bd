"""From files and pasted text to clean, segmented :class:`~desk.core.model.Article` objects.

file → ``read_document`` → ``split_feed`` → ``build_article`` (language, sentences, ids).
Sentence ids are given here, once: body ``"p{i}s{j}"``, headline ``"t0"``, captions ``"c{k}"``.
"""
from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.model import Article, Paragraph, Sentence, article_id
from desk.core.text.bidi import neutralize
from desk.core.text.feed import RawArticle, split_feed, text_paragraphs
from desk.core.text.langid import MIN_LETTERS, detect_lang, script_counts
from desk.core.text.loaders import LoadedText, document_from_text, read_document
from desk.core.text.segment import sentence_spans, split_sentences

log = logging.getLogger(__name__)

PARAGRAPH_SEP = "\n\n"


def _paragraph_langs(texts: list[str], default: str = "en") -> tuple[str, list[str]]:
    """The article's language (the one most of its text is in) and each paragraph's.

    A paragraph with almost no letters (a dateline, "AP", a number) takes the article's language.
    """
    counts = [script_counts(text) for text in texts]
    weights: Counter[str] = Counter()
    for text, c in zip(texts, counts):
        weights[c.lang(default)] += len(text)
    lang = weights.most_common(1)[0][0] if weights else default
    return lang, [c.lang(lang) if c.letters >= MIN_LETTERS else lang for c in counts]


def build_article(raw: RawArticle, source: str, index: int) -> Article:
    """Segment a raw article into paragraphs and sentences with stable ids and offsets."""
    body = [" ".join(p.split()) for p in raw.paragraphs if p.strip()]
    if body:
        lang, langs = _paragraph_langs(body)
    else:
        lang, langs = detect_lang(raw.title or " ".join(raw.captions)), []
    paragraphs: list[Paragraph] = []
    pieces: list[str] = []
    offset = 0
    for text, plang in zip(body, langs):
        spans = sentence_spans(text, plang)
        if not spans:
            continue
        base = offset + (len(PARAGRAPH_SEP) if pieces else 0)
        pid = len(paragraphs)
        sentences = [
            Sentence(id=f"p{pid}s{j}", text=text[a:b], lang=plang, start=base + a, end=base + b)
            for j, (a, b) in enumerate(spans)
        ]
        paragraphs.append(Paragraph(sentences=sentences, lang=plang))
        pieces.append(text)
        offset = base + len(text)
    title = " ".join(neutralize(raw.title).split())  # no override makes "Cairo" show as "oriaC"
    captions = [" ".join(neutralize(c).split()) for c in raw.captions if neutralize(c).strip()]
    article = Article(
        id=article_id(source, index, title),
        source=source,
        title=title,
        lang=lang,
        paragraphs=paragraphs,
        captions=captions,
        text=PARAGRAPH_SEP.join(pieces),
        title_sentence=(
            Sentence(id="t0", text=title, lang=detect_lang(title, default=lang))
            if title and not raw.title_derived else None
        ),
        caption_sentences=[
            Sentence(id=f"c{k}", text=c, lang=detect_lang(c, default=lang)) for k, c in enumerate(captions)
        ],
        title_derived=raw.title_derived,
    )
    log.debug("article %s: %r, %s, %d paragraphs", article.id, title, lang, len(paragraphs))
    return article


def _articles(doc: LoadedText, source: str) -> list[Article]:
    raws = [r for r in split_feed(doc.text, title=doc.title) if r.paragraphs or r.title]
    return [build_article(raw, source, i) for i, raw in enumerate(raws)]


def load_articles(path: str | Path, password: str | None = None) -> list[Article]:
    """All articles of a file (one for a plain article, several for a feed dump); ``password``
    opens an encrypted document."""
    doc = read_document(path, password=password)
    articles = _articles(doc, str(path))
    if not articles:
        raise LoadError(path, "no article text was found in it")
    return articles


def articles_from_text(text: str, source: str = "pasted") -> list[Article]:
    """All articles of pasted text."""
    articles = _articles(document_from_text(text), source)
    if not articles:
        raise LoadError(source, "no article text was found in it")
    return articles


def file_sentences(path: str | Path, lang: str | None = None, password: str | None = None) -> list[str]:
    """Every sentence of a file in order; blank lines separate paragraphs; no feed splitting."""
    doc = read_document(path, password=password)
    out: list[str] = []
    for paragraph in text_paragraphs(doc.text):
        out.extend(split_sentences(paragraph, lang or detect_lang(paragraph)))
    return out
