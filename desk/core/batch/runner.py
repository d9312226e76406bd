"""Batch briefs: one brief per article for a folder of files and/or feed dumps, resumable.

``desk brief FOLDER_OR_FEED --to en --out DIR`` is a thin layer over::

    articles, problems = collect_articles([Path("feeds/")])
    result = run_job(run_batch(articles, Path("out"), BatchOptions(target_lang="en"),
                               translator=my_translator, cancel=token), on_progress)

The output folder holds a state file (:data:`STATE_NAME`) listing the articles already done and
the brief written for each. Briefs are written atomically and recorded only after they are
complete, so an interrupted run (Ctrl-C, a cancel, a killed process) leaves no half-written brief
counted as done; running the same command again skips what is done and processes the rest.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from desk.core.brief.compose import build_brief, export_brief
from desk.core.errors import Cancelled, DeskError, LoadError, ModelError
from desk.core.durable import atomic_write
from desk.core.brief.writers import format_for_path
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, LengthRule, Translation

log = logging.getLogger(__name__)

STATE_NAME = ".desk-brief-state.json"
STATE_VERSION = 1
Translator = Callable[[Article, "CancelToken | None"], Translation]


@dataclass
class BatchOptions:
    target_lang: str = "en"
    fmt: str = "md"  # docx | html | md | txt
    algorithm: str = "lexrank"
    length: LengthRule = field(default_factory=lambda: LengthRule(sentences=3))
    translate: bool = True  # False: briefs stay in the article's language
    include_translation: bool = False  # append the full translation to each brief
    today: dt.date | None = None  # date for briefs without a dateline (default: today)

    def needs_translation(self, article: Article) -> bool:
        return self.translate and article.lang != self.target_lang


@dataclass
class BatchItem:
    article_id: str
    title: str
    source: str
    output: str  # file name inside the output folder ("" when it failed)
    status: str  # "done" | "skipped" | "failed"
    error: str = ""


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


# --- input ---------------------------------------------------------------------------------------


def _input_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith((".part", "~"))
    )


def collect_articles(inputs: Sequence[Path]) -> tuple[list[Article], list[tuple[Path, str]]]:
    """Every article of the given files and folders (a folder's own files, sorted; a feed dump
    gives several). A path given directly that cannot be read raises ``LoadError``; unreadable
    files met inside a folder are returned as ``(path, reason)`` problems and skipped."""
    from desk.core.text.articles import load_articles

    articles: list[Article] = []
    problems: list[tuple[Path, str]] = []
    for given in inputs:
        path = Path(given).expanduser().resolve()  # absolute: article ids stay the same across runs
        if path.is_dir():
            for file in _input_files(path):
                try:
                    articles.extend(load_articles(file))
                except LoadError as err:
                    log.warning("skipping %s: %s", file, err.reason)
                    problems.append((file, err.reason))
        elif path.is_file():
            articles.extend(load_articles(path))
        else:
            raise LoadError(given, "no such file or folder")
    return articles, problems


# --- state ---------------------------------------------------------------------------------------


class BatchState:
    """The finished articles of an output folder, kept in :data:`STATE_NAME` (JSON)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / STATE_NAME
        self.done: dict[str, dict] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == STATE_VERSION and isinstance(data.get("done"), dict):
                    self.done = data["done"]
                else:
                    log.warning("ignoring %s: unknown version", self.path)
            except (OSError, ValueError) as err:
                log.warning("ignoring unreadable %s: %s", self.path, err)

    def is_done(self, article: Article, fmt: str) -> bool:
        entry = self.done.get(article.id)
        return bool(entry and entry.get("format") == fmt and (self.out_dir / entry.get("output", "")).is_file())

    def output_of(self, article: Article) -> str:
        return str(self.done.get(article.id, {}).get("output", ""))

    def mark_done(self, article: Article, output: str, fmt: str) -> None:
        self.done[article.id] = {
            "output": output, "format": fmt, "title": article.title, "source": article.source,
            "finished": dt.datetime.now().isoformat(timespec="seconds"),
        }
        data = {"version": STATE_VERSION, "done": self.done}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


# --- run -----------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def output_name(article: Article, fmt: str) -> str:
    """A readable, unique file name: slug of the headline + the article id."""
    slug = _UNSAFE.sub("-", article.title.lower()).strip("-_")[:60].strip("-_") or "article"
    return f"{slug}-{article.id[:8]}.{fmt}"


def run_batch(
    articles: Sequence[Article],
    out_dir: Path,
    options: BatchOptions,
    translator: Translator | None = None,
    *,
    cancel: CancelToken | None = None,
) -> Job[BatchResult]:
    """Write one brief per article into ``out_dir``, skipping those the state file lists as done.

    ``translator(article, cancel)`` returns the article's translation into
    ``options.target_lang``; it is needed when ``options.translate`` is set and an article is in
    another language. Yields ``Progress(done, total, title, payload=BatchItem)`` after each
    article. The cancel token is checked between articles (and passed to the translator);
    cancelling raises ``Cancelled`` with everything finished so far recorded.
    An article that fails (e.g. no text to summarize) is reported and the batch goes on.
    """
    from desk.core.summary.summarize import summarize_article

    fmt = format_for_path(Path("x"), options.fmt)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DeskError(f"Cannot create the output folder {out_dir}: {err.strerror or err}") from err
    if translator is None and any(options.needs_translation(a) for a in articles):
        raise DeskError(f"Some articles need translation into {options.target_lang} and no translator is set")
    for stale in out_dir.glob(".*.part"):  # temporary files of an earlier run that was killed
        stale.unlink(missing_ok=True)
    state = BatchState(out_dir)
    result = BatchResult()
    total = len(articles)
    for number, article in enumerate(articles, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if state.is_done(article, fmt):
            item = BatchItem(article.id, article.title, article.source, state.output_of(article), "skipped")
        else:
            try:
                translation = translator(article, cancel) if options.needs_translation(article) else None
                summary = summarize_article(article, options.algorithm, options.length)
                brief = build_brief(
                    article, summary, translation,
                    summary_lang=options.target_lang if translation is not None else None,
                    include_translation=options.include_translation and translation is not None,
                    today=options.today,
                )
                name = output_name(article, fmt)
                export_brief(brief, out_dir / name, fmt)
                state.mark_done(article, name, fmt)
                item = BatchItem(article.id, article.title, article.source, name, "done")
                log.info("brief %d/%d: %s", number, total, name)
            except (Cancelled, ModelError):
                raise  # the user stopped, or the model is unusable for every article: stop here
            except DeskError as err:
                log.warning("brief failed for %r: %s", article.title, err)
                item = BatchItem(article.id, article.title, article.source, "", "failed", str(err))
        result.items.append(item)
        yield Progress(number, total, article.title, payload=item)
    return result
