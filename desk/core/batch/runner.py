"""Batch runs: every article of an input translated, summarized or briefed, resumably.

``desk batch translate|summarize|brief INPUT --to LANG --out DIR`` (and ``desk brief``) are thin
layers over::

    source = open_input(Path("archive.jsonl"))           # desk.core.batch.sources
    worker = ArticleWorker(Application(), spec)          # desk.core.batch.work
    result = run_job(run_task(source, Path("out"), spec, LocalExecutor(worker)), on_progress)

An executor turns articles into :class:`~desk.core.batch.work.Outcome` s: :class:`LocalExecutor`
one at a time in this process, :class:`desk.core.batch.cluster.RayExecutor` on Ray workers.
Either way the driver (:func:`run_task`) alone writes the output folder (see
:mod:`desk.core.batch.output`), so an article is written once, whole, whatever order results
arrive in; a rerun skips what is done. Bad input items and failed articles go to the errors file
and the run goes on.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desk.core.batch.output import BatchOutput, results_path
from desk.core.batch.sources import BadRecord, Item, open_input
from desk.core.batch.work import ArticleWorker, Outcome, TaskSpec, Translator
from desk.core.errors import DeskError, LoadError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, LengthRule

if TYPE_CHECKING:
    from desk.core.application import Application

log = logging.getLogger(__name__)

# The file listing the briefs written (one JSON line per article; see desk.core.batch.output).
STATE_NAME = results_path(Path("."), "brief").name


@dataclass
class BatchItem:
    article_id: str
    title: str
    source: str
    output: str  # brief file name inside the output folder ("" otherwise or when it failed)
    status: str  # "done" | "skipped" | "failed"
    error: str = ""
    sentences: int = 0


@dataclass
class BatchResult:
    items: list[BatchItem] = field(default_factory=list)

    def by_status(self, status: str) -> list[BatchItem]:
        return [i for i in self.items if i.status == status]

    @property
    def done(self) -> list[BatchItem]:
        return self.by_status("done")

    @property
    def skipped(self) -> list[BatchItem]:
        return self.by_status("skipped")

    @property
    def failed(self) -> list[BatchItem]:
        return self.by_status("failed")


class Executor(Protocol):
    def map(self, articles: Iterator[Article], cancel: CancelToken | None) -> Iterator[Outcome]:
        """An outcome for every article pulled from ``articles``, in any order."""
        ...

    def close(self) -> None:
        """Release the workers (models stay cached in this process)."""
        ...


class LocalExecutor:
    """In this process, one article after the other (the cancel token is checked between them)."""

    def __init__(self, worker: ArticleWorker) -> None:
        self.worker = worker

    def map(self, articles: Iterator[Article], cancel: CancelToken | None) -> Iterator[Outcome]:
        for article in articles:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield self.worker.run(article, cancel)

    def close(self) -> None:
        """Nothing to release: the models stay cached for the rest of the process."""


def run_task(
    source: Iterable[Item],
    out_dir: Path,
    spec: TaskSpec,
    executor: Executor,
    *,
    total: int = 0,
    cancel: CancelToken | None = None,
) -> Job[BatchResult]:
    """Run ``spec`` over every item of ``source`` into ``out_dir``.

    Yields ``Progress(done, total, title, payload=BatchItem)`` once per input item, finished,
    skipped (done by an earlier run) or failed. Cancelling raises ``Cancelled`` with everything
    finished so far written; an unusable model (``ModelError``) stops the run the same way.
    """
    output = BatchOutput(out_dir, spec.task, spec.options(), ("format",) if spec.task == "brief" else None)
    result = BatchResult()
    waiting: deque[BatchItem] = deque()  # skipped and bad items, reported in input order
    seen: set[str] = set()

    def fail(article_id: str, title: str, src: str, reason: str, sentences: int = 0) -> BatchItem:
        output.error(article_id, title, src, reason)
        return BatchItem(article_id, title, src, "", "failed", reason, sentences)

    def todo() -> Iterator[Article]:
        for item in source:
            if isinstance(item, BadRecord):
                waiting.append(fail(item.id, item.title, item.source, item.reason))
            elif item.id in seen:
                waiting.append(fail(item.id, item.title, item.source, "an earlier article has the same id"))
            else:
                seen.add(item.id)
                if output.is_done(item.id):
                    waiting.append(BatchItem(item.id, item.title, item.source, output.output_of(item.id), "skipped"))
                else:
                    yield item

    def report(item: BatchItem) -> Progress:
        result.items.append(item)
        done = len(result.items)
        return Progress(done, max(total, done), item.title, payload=item)

    try:
        for outcome in executor.map(todo(), cancel):
            while waiting:
                yield report(waiting.popleft())
            if output.is_done(outcome.article_id):  # a result delivered twice (a retried chunk): written once
                log.warning("a second result for article %s ignored", outcome.article_id)
                continue
            if outcome.error or outcome.record is None:
                item = fail(outcome.article_id, outcome.title, outcome.source, outcome.error or "no result",
                            outcome.sentences)
            else:
                output.write([(outcome.record, outcome.payload)])
                item = BatchItem(outcome.article_id, outcome.title, outcome.source,
                                 str(outcome.record.get("output", "")), "done", sentences=outcome.sentences)
                log.info("%s %d: %s", spec.task, len(result.items) + 1, outcome.article_id)
            yield report(item)
        while waiting:
            yield report(waiting.popleft())
    finally:
        output.close()
    return result


# --- briefs (``desk brief``) --------------------------------------------------------------------------


@dataclass
class BatchOptions:
    """What ``desk brief`` asks of a batch of briefs."""

    target_lang: str = "en"
    fmt: str = "md"  # docx | html | md | txt
    algorithm: str = "lexrank"
    length: LengthRule = field(default_factory=lambda: LengthRule(sentences=3))
    translate: bool = True  # False: briefs stay in the article's language
    include_translation: bool = False  # append the full translation to each brief
    today: dt.date | None = None  # date for briefs without a dateline (default: today)

    def spec(self) -> TaskSpec:
        from desk.core.brief.writers import format_for_path

        return TaskSpec("brief", self.target_lang, algorithm=self.algorithm, length=self.length,
                        fmt=format_for_path(Path("x"), self.fmt), translate=self.translate,
                        include_translation=self.include_translation, today=self.today)

    def needs_translation(self, article: Article) -> bool:
        return self.spec().needs_translation(article)


def collect_articles(inputs: Sequence[Path]) -> tuple[list[Article], list[tuple[Path, str]]]:
    """Every article of the given files, folders and archives. A path given directly that cannot
    be read raises ``LoadError``; what cannot be read inside is returned as ``(path, reason)``."""
    articles: list[Article] = []
    problems: list[tuple[Path, str]] = []
    for given in inputs:
        try:
            source = open_input(given)
        except LoadError as err:
            raise LoadError(given, err.reason) from None
        for item in source:
            if isinstance(item, Article):
                articles.append(item)
            else:
                where = "" if item.id == item.source else f"{item.id}: "
                problems.append((Path(item.source), where + item.reason))
    return articles, problems


def run_batch(
    articles: Sequence[Article],
    out_dir: Path,
    options: BatchOptions,
    translator: Translator | None = None,
    *,
    cancel: CancelToken | None = None,
    app: Application | None = None,
) -> Job[BatchResult]:
    """One brief per article into ``out_dir`` on this machine (see :func:`run_task`);
    ``translator`` is needed when an article is not in ``options.target_lang`` and
    ``options.translate`` is set."""
    spec = options.spec()
    if translator is None and any(spec.needs_translation(a) for a in articles):
        raise DeskError(f"Some articles need translation into {options.target_lang} and no translator is set")
    if app is None:
        from desk.core.application import Application

        app = Application()
    worker = ArticleWorker(app, spec, translator)
    return run_task(articles, out_dir, spec, LocalExecutor(worker), total=len(articles), cancel=cancel)
