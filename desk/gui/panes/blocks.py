"""Turn articles, translations and summaries into renderable blocks of (sentence id, text).

No Qt here: the views render these; ids always come from the article (sentence identity is
what links the panes).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from desk.core.model import Article, Summary, Translation


@dataclass
class ViewBlock:
    kind: str  # "title" | "caption" | "para" | "pick"
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (sentence id, text)


def article_blocks(article: Article) -> list[ViewBlock]:
    blocks: list[ViewBlock] = []
    if article.title_sentence is not None:
        blocks.append(ViewBlock("title", [(article.title_sentence.id, article.title_sentence.text)]))
    elif article.title:
        blocks.append(ViewBlock("title", [("t0", article.title)]))
    for s in article.caption_sentences:
        blocks.append(ViewBlock("caption", [(s.id, s.text)]))
    for p in article.paragraphs:
        blocks.append(ViewBlock("para", [(s.id, s.text) for s in p.sentences]))
    return [b for b in blocks if b.sentences]


def translation_blocks(article: Article, translation: Translation) -> list[ViewBlock]:
    """The article's shape with each sentence replaced by its target (pending ones left out)."""
    out: list[ViewBlock] = []
    for block in article_blocks(article):
        done = [(sid, translation.targets[sid].text) for sid, _ in block.sentences if sid in translation.targets]
        if done:
            out.append(ViewBlock(block.kind, done))
    return out


def summary_blocks(summary: Summary) -> list[ViewBlock]:
    return [ViewBlock("pick", [(p.sentence_id, p.text)]) for p in summary.picks]


def translated_count(article: Article, translation: Translation | None) -> tuple[int, int]:
    total = sum(1 for _ in article.all_sentences())
    if translation is None:
        return 0, total
    return sum(1 for s in article.all_sentences() if s.id in translation.targets), total
