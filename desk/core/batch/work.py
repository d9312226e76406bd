"""One article's work in a batch run, the same on one machine and on every cluster worker.

A :class:`TaskSpec` says what to do (translate, summarize or brief, into which language, how);
an :class:`ArticleWorker` does it for one article through the application layer (memory pre-fill,
glossary and QA flags, the user's settings) and returns an :class:`Outcome`: the result line to
write (and, for a brief, the file's bytes), or why the article failed. Nothing here writes files:
the driver does (see :mod:`desk.core.batch.output`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from desk.core.errors import Cancelled, DeskError, ModelError
from desk.core.jobs import CancelToken
from desk.core.model import Article, LengthRule, Translation

if TYPE_CHECKING:
    from desk.core.application import Application

log = logging.getLogger(__name__)

Task = Literal["translate", "summarize", "brief"]
TASKS: tuple[Task, ...] = ("translate", "summarize", "brief")
Translator = Callable[[Article, "CancelToken | None"], Translation]
T = TypeVar("T")


@dataclass(frozen=True)
class TaskSpec:
    """What a batch does to every article. ``algorithm``/``length`` left ``None`` are taken from
    the user's settings by :meth:`resolved` (the driver resolves them once, before workers start)."""

    task: Task
    target_lang: str | None = None  # translate: required; summarize/brief: the summary's language
    model_id: str | None = None
    use_memory: bool = True
    algorithm: str | None = None
    length: LengthRule | None = None
    fmt: str = "md"  # brief file format
    translate: bool = True  # brief: False keeps each brief in its article's language
    include_translation: bool = False  # brief: append the whole translation
    today: dt.date | None = None  # brief: date for briefs without a dateline

    def resolved(self, app: Application) -> TaskSpec:
        prefs = app.settings.summary
        return dataclasses.replace(self, algorithm=self.algorithm or prefs.algorithm,
                                   length=self.length or prefs.length())

    def needs_translation(self, article: Article) -> bool:
        if self.task == "translate":
            return True
        return self.translate and self.target_lang is not None and article.lang != self.target_lang

    def options(self) -> dict:
        """The options that shape a result, recorded with every line (resuming compares them)."""
        out: dict = {"to": self.target_lang or ""}
        if self.task != "brief" or self.translate:
            out["model"] = self.model_id or ""
            out["memory"] = self.use_memory
        if self.task != "translate":
            out["algorithm"] = self.algorithm
            out["length"] = dataclasses.asdict(self.length) if self.length else None
        if self.task == "brief":
            out.update(format=self.fmt, translate=self.translate, full_translation=self.include_translation)
        return out


@dataclass
class Outcome:
    """One article done (``record`` set, ``payload`` the brief file) or failed (``error`` set)."""

    article_id: str
    title: str
    source: str
    sentences: int
    record: dict | None = None
    payload: bytes | None = None
    error: str = ""


_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def output_name(article: Article, fmt: str) -> str:
    """A readable, unique brief file name: slug of the headline + the article id (an id that is
    not safe in a file name is cleaned and followed by a short hash of itself)."""
    slug = _UNSAFE.sub("-", article.title.lower()).strip("-_")[:60].strip("-_") or "article"
    if re.fullmatch(r"[0-9a-f]{12}", article.id):  # ids Desk makes itself
        tag = article.id[:8]
    else:
        tag = _UNSAFE.sub("-", article.id).strip("-_")[:24]
        if tag != article.id:
            tag = "-".join(filter(None, (tag, hashlib.sha1(article.id.encode("utf-8")).hexdigest()[:6])))
    return f"{slug}-{tag}.{fmt}"


def sentence_count(article: Article) -> int:
    return sum(1 for _ in article.all_sentences())


class ArticleWorker:
    """Does a :class:`TaskSpec` to one article at a time through an
    :class:`~desk.core.application.Application`. ``translator`` replaces the application's
    (tests give a deterministic one)."""

    def __init__(self, app: Application, spec: TaskSpec, translator: Translator | None = None) -> None:
        self.app = app
        self.spec = spec
        self._translator = translator

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            if not self.spec.target_lang:
                raise DeskError("A translation needs a target language (--to)")
            self._translator = self.app.translator(self.spec.target_lang, use_memory=self.spec.use_memory,
                                                   model_id=self.spec.model_id or None)
        return self._translator

    def warm(self, langs: Iterable[str]) -> None:
        """Load now the models that articles in ``langs`` will need (a worker's start-up)."""
        spec = self.spec
        for lang in sorted(set(langs)):
            if spec.target_lang and lang != spec.target_lang and (spec.task != "brief" or spec.translate):
                for engine in self.app.engines(lang, spec.target_lang, spec.model_id):
                    engine.load()

    def run(self, article: Article, cancel: CancelToken | None = None) -> Outcome:
        """The article's result, or its failure. A cancel and an unusable model are raised: they
        concern every article, not this one."""
        outcome = Outcome(article.id, article.title, article.source, sentence_count(article))
        try:
            outcome.record, outcome.payload = self._do(article, cancel)
        except (Cancelled, ModelError):
            raise
        except DeskError as err:
            outcome.error = str(err)
        except Exception as err:  # a bug met by one article must not stop a night's batch
            log.exception("article %s failed", article.id)
            outcome.error = f"unexpected error ({type(err).__name__}: {err}); please report it"
        if outcome.error:
            log.info("article %s (%r) failed: %s", article.id, article.title, outcome.error)
        return outcome

    def _do(self, article: Article, cancel: CancelToken | None) -> tuple[dict, bytes | None]:
        spec = self.spec
        head = {"id": article.id, "title": article.title, "source": article.source, "lang": article.lang}
        if spec.task == "translate" and spec.target_lang == article.lang:
            raise DeskError(f"the article is already in {spec.target_lang}")
        translation = self.translator(article, cancel) if spec.needs_translation(article) else None
        if spec.task == "translate":
            assert translation is not None
            return {**head, **translation_record(article, translation)}, None
        if spec.task == "summarize":
            summary = self.app.summarize(article, translation, algorithm=spec.algorithm, length=spec.length)
            return {**head, "summary_lang": summary.lang, "model": translation.model_id if translation else "",
                    "algorithm": summary.algorithm, "length": summary.length.describe(),
                    "picks": [{"sentence_id": p.sentence_id, "score": round(p.score, 6), "text": p.text}
                              for p in summary.picks]}, None
        from desk.core.brief.compose import render_brief

        brief = self.app.brief(article, translation, algorithm=spec.algorithm, length=spec.length,
                               summary_lang=spec.target_lang if translation is not None else None,
                               include_translation=spec.include_translation, today=spec.today)
        name = output_name(article, spec.fmt)
        return ({**head, "output": name, "format": spec.fmt, "model": translation.model_id if translation else ""},
                render_brief(brief, spec.fmt))


def translation_record(article: Article, translation: Translation) -> dict:
    """Every sentence of the article with its target, origin and QA flags."""
    rows = []
    for sentence in article.all_sentences():
        target = translation.targets.get(sentence.id)
        rows.append({"id": sentence.id, "source": sentence.text, "target": target.text if target else "",
                     "origin": target.origin if target else "machine", "flags": list(target.flags) if target else []})
    return {"target_lang": translation.target_lang, "model": translation.model_id, "sentences": rows}


def chunks(items: Iterable[T], size: Callable[[T], int], max_size: int) -> Iterator[list[T]]:
    """Consecutive items grouped so each group's total ``size`` reaches about ``max_size``
    (an item bigger than that is a group of its own)."""
    group: list[T] = []
    total = 0
    for item in items:
        group.append(item)
        total += size(item)
        if total >= max_size:
            yield group
            group, total = [], 0
    if group:
        yield group
