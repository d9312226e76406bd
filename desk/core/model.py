"""The data model every feature shares (see DESIGN.md, "The one data model").

Sentence ids are assigned once, when an article is built, and every later result
(translation, summary, memory, comparison) refers to sentences by id only.
Sentence ids have the form ``"p{paragraph}s{sentence}"`` (e.g. ``"p0s2"``), unique within
an article; the headline is paragraph-independent and has id ``"t0"``, captions ``"c0"``, ``"c1"``…
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ar", "en"]
Origin = Literal["machine", "memory", "edited"]


@dataclass
class Sentence:
    id: str
    text: str
    lang: str
    start: int = 0  # offsets of the sentence in Article.text (the body text)
    end: int = 0


@dataclass
class Paragraph:
    sentences: list[Sentence] = field(default_factory=list)
    lang: str = "en"

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Article:
    id: str
    source: str  # a file path or "pasted"
    title: str
    lang: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    text: str = ""  # the body text the sentence offsets point into (paragraphs joined by "\n\n")
    # Headline and captions as sentences too, so they can be translated and linked by id.
    title_sentence: Sentence | None = None
    caption_sentences: list[Sentence] = field(default_factory=list)
    # True when the document had no headline and ``title`` was cut from its first sentence: shown
    # in lists, but not a sentence of its own (no ``title_sentence``: not translated, not briefed).
    title_derived: bool = False

    def sentences(self) -> Iterator[Sentence]:
        """Body sentences in document order."""
        for p in self.paragraphs:
            yield from p.sentences

    def all_sentences(self) -> Iterator[Sentence]:
        """Headline, captions, then body sentences: everything a translation covers."""
        if self.title_sentence is not None:
            yield self.title_sentence
        yield from self.caption_sentences
        yield from self.sentences()

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.all_sentences():
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)

    def sentence_index(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.all_sentences()}


_BODY_ID = re.compile(r"^p(\d+)s(\d+)$")
_CAPTION_ID = re.compile(r"^c(\d+)$")


def sentence_label(sentence_id: str) -> str:
    """How people name a sentence: ``"p2s0"`` → "¶3, sentence 1", ``"t0"`` → "headline",
    ``"c0"`` → "caption 1"; a merged ``"p0s1+p0s2"`` → "¶1, sentences 2–3"."""
    parts = [p for p in sentence_id.split("+") if p]
    if len(parts) > 1:
        first, last = _BODY_ID.match(parts[0]), _BODY_ID.match(parts[-1])
        if first and last and first.group(1) == last.group(1):
            return f"¶{int(first.group(1)) + 1}, sentences {int(first.group(2)) + 1}–{int(last.group(2)) + 1}"
        return " + ".join(sentence_label(p) for p in parts)
    if sentence_id == "t0":
        return "headline"
    m = _CAPTION_ID.match(sentence_id)
    if m:
        return f"caption {int(m.group(1)) + 1}"
    m = _BODY_ID.match(sentence_id)
    if m:
        return f"¶{int(m.group(1)) + 1}, sentence {int(m.group(2)) + 1}"
    return sentence_id


def article_id(source: str, index: int, title: str) -> str:
    """A stable id for an article: same file, same position, same headline → same id."""
    digest = hashlib.sha1(f"{source}\0{index}\0{title}".encode()).hexdigest()
    return digest[:12]


Span = tuple[int, int]  # [start, end) character offsets in a sentence's text


@dataclass
class WordLink:
    """One aligned word pair: a word of the source sentence and a word of its target text."""

    source: Span  # offsets in ``Sentence.text``
    target: Span  # offsets in ``Target.text``

    def to_json(self) -> dict[str, list[int]]:
        return {"source": list(self.source), "target": list(self.target)}

    @classmethod
    def from_json(cls, data: dict[str, list[int]]) -> WordLink:
        (s0, s1), (t0, t1) = data["source"], data["target"]
        return cls((int(s0), int(s1)), (int(t0), int(t1)))


@dataclass
class Target:
    """The translation of one sentence.

    ``confidence`` (0-1, machine output only) is the model's own geometric-mean token
    probability, ``exp(mean log-probability)``; ``None`` when it has none (memory, edited). An
    output cut at its length cap (a runaway decode) is scored over all it decoded.
    ``alignment`` links source words to target words (from the model's attention); it describes
    ``text`` as the model produced it and is dropped when the text is edited.
    """

    text: str
    origin: Origin = "machine"
    flags: list[str] = field(default_factory=list)  # QA flags, e.g. "number-mismatch"
    confidence: float | None = None
    alignment: list[WordLink] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """Plain JSON data (saved work, ``desk translate --json``)."""
        return {"text": self.text, "origin": self.origin, "flags": list(self.flags),
                "confidence": self.confidence, "alignment": [link.to_json() for link in self.alignment]}

    @classmethod
    def from_json(cls, data: dict) -> Target:
        confidence = data.get("confidence")
        origin = data.get("origin", "machine")
        return cls(str(data["text"]), origin if origin in ("machine", "memory", "edited") else "machine",
                   [str(f) for f in data.get("flags", [])],
                   float(confidence) if confidence is not None else None,
                   [WordLink.from_json(link) for link in data.get("alignment", [])])


@dataclass
class Translation:
    model_id: str
    source_lang: str
    target_lang: str
    article_id: str = ""
    targets: dict[str, Target] = field(default_factory=dict)  # sentence id → target

    @property
    def direction(self) -> str:
        return f"{self.source_lang}-{self.target_lang}"


@dataclass
class LengthRule:
    """How long a summary should be: exactly one of sentences, ratio or words is used."""

    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None

    def describe(self) -> str:
        if self.words is not None:
            return f"{self.words} words"
        if self.ratio is not None:
            return f"{self.ratio:.0%} of sentences"
        n = self.sentences or 3
        return f"{n} sentence{'s' if n != 1 else ''}"


@dataclass
class SummaryPick:
    sentence_id: str
    index: int  # position of the sentence in the summarized sequence (document order)
    text: str
    score: float


@dataclass
class Summary:
    algorithm: str
    lang: str
    length: LengthRule
    picks: list[SummaryPick] = field(default_factory=list)  # in document order
