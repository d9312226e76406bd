"""What a batch run reads: a folder of documents, one document or feed dump, or an archive file.

``open_input(path)`` returns an :class:`InputSource`. Iterating it yields, in input order, an
:class:`~desk.core.model.Article` for every article and a :class:`BadRecord` for everything that
could not become one (an unreadable file, a line that is not JSON, an article with no text or too
long), so one bad article is reported and the run goes on. ``survey()`` counts the items and
collects the languages without keeping the articles (a batch checks its models and shows a
progress total before it starts).

Archives hold one article per record with the fields ``id``, ``title``, ``text`` or
``paragraphs`` (a list of strings), and optionally ``lang`` and ``source``:

* JSON Lines (``.jsonl``, ``.ndjson``): one JSON object per line;
* CSV (``.csv``, UTF-8): a header row naming those columns; ``paragraphs`` may be a JSON list;
* Parquet (``.parquet``): those columns (reading it needs ``pyarrow``, part of ``desk[cluster]``).

A record without ``id`` gets a stable one from the archive's name, its position and its title.
"""
from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.errors import DeskError, LoadError
from desk.core.model import Article, article_id

if TYPE_CHECKING:
    import pyarrow.parquet as pq

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 200_000  # a longer "article" is a book or a dump, not news
MAX_ARTICLE_SENTENCES = 3_000
PARQUET_BATCH_ROWS = 512


@dataclass
class BadRecord:
    """An input item that could not become an article: reported in the errors file."""

    id: str
    source: str
    reason: str
    title: str = ""


Item = Article | BadRecord


@dataclass
class Survey:
    """How many items an input holds and the languages of its articles."""

    items: int = 0
    articles: int = 0
    langs: set[str] = field(default_factory=set)


# --- records to articles ---------------------------------------------------------------------------


def _paragraphs_of(record: dict, where: str) -> list[str]:
    from desk.core.text.encoding import clean_text
    from desk.core.text.feed import text_paragraphs

    paragraphs = record.get("paragraphs")
    if paragraphs is not None and paragraphs != "":
        if isinstance(paragraphs, str):
            try:
                paragraphs = json.loads(paragraphs)
            except ValueError:
                paragraphs = text_paragraphs(clean_text(paragraphs))
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            raise DeskError(f"{where}: 'paragraphs' must be a list of strings")
        return [" ".join(clean_text(p).split()) for p in paragraphs if p and p.strip()]
    text = record.get("text")
    if text is None or text == "":
        raise DeskError(f"{where}: the article has no 'text' or 'paragraphs'")
    if not isinstance(text, str):
        raise DeskError(f"{where}: 'text' must be a string")
    return text_paragraphs(clean_text(text))


def record_article(record: object, archive: str, index: int) -> Item:
    """One archive record as an Article, or a BadRecord saying what is wrong with it."""
    from desk.core.text.articles import build_article
    from desk.core.text.feed import plain_article

    where = f"record {index + 1}"
    if not isinstance(record, dict):
        return BadRecord(f"#{index + 1}", archive, f"{where} is not an object with fields")
    title = record.get("title") or ""
    given_id = record.get("id")
    source = str(record.get("source") or archive)
    rid = str(given_id) if given_id not in (None, "") else article_id(archive, index, str(title))
    try:
        if not isinstance(title, str):
            raise DeskError(f"{where}: 'title' must be a string")
        paragraphs = _paragraphs_of(record, where)
        size = sum(len(p) for p in paragraphs)
        if size > MAX_ARTICLE_CHARS:
            raise DeskError(f"the article is too long ({size:,} characters; the limit is {MAX_ARTICLE_CHARS:,})")
        raw = plain_article(paragraphs, " ".join(title.split()) or None)
        if raw is None or not (raw.paragraphs or raw.title):
            raise DeskError("the article has no text")
        article = build_article(raw, source, index)
        if not any(True for _ in article.sentences()):
            raise DeskError("the article has no text")
        if sum(1 for _ in article.all_sentences()) > MAX_ARTICLE_SENTENCES:
            raise DeskError(f"the article is too long (more than {MAX_ARTICLE_SENTENCES:,} sentences)")
    except DeskError as err:
        return BadRecord(rid, source, str(err), str(title) if isinstance(title, str) else "")
    article.id = rid
    lang = record.get("lang")
    if isinstance(lang, str) and lang.strip():
        article.lang = lang.strip().lower()
    return article


# --- sources ---------------------------------------------------------------------------------------


class InputSource:
    """Something a batch reads; iterate it for its items (articles and bad records) in order."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[Item]:
        raise NotImplementedError

    def survey(self) -> Survey:
        survey = Survey()
        for item in self:
            survey.items += 1
            if isinstance(item, Article):
                survey.articles += 1
                survey.langs.add(item.lang)
        return survey


class ArchiveSource(InputSource):
    """An archive file: records in, articles out; its survey reads the records without
    segmenting them (the language comes from ``lang`` or from a look at the text)."""

    def records(self) -> Iterator[dict | BadRecord]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Item]:
        for index, record in enumerate(self.records()):
            yield record if isinstance(record, BadRecord) else record_article(record, str(self.path), index)

    def survey(self) -> Survey:
        survey = Survey()
        for record in self.records():
            survey.items += 1
            if isinstance(record, dict):
                survey.articles += 1
                survey.langs.add(record_lang(record))
        return survey


def record_lang(record: dict) -> str:
    """The language a record says it is in, else the one its text is written in."""
    from desk.core.text.langid import detect_lang

    lang = record.get("lang")
    if isinstance(lang, str) and lang.strip():
        return lang.strip().lower()
    text = record.get("text") or record.get("paragraphs") or ""
    sample = text[:4000] if isinstance(text, str) else " ".join(str(p) for p in text)[:4000]
    return detect_lang(f"{record.get('title') or ''} {sample}")


class JsonLinesSource(ArchiveSource):
    def records(self) -> Iterator[dict | BadRecord]:
        name = str(self.path)
        try:
            handle = self.path.open("rb")
        except OSError as err:
            raise LoadError(self.path, err.strerror or str(err)) from err
        with handle:
            index = -1
            for raw in handle:
                if not raw.strip():
                    continue
                index += 1
                if len(raw) > 4 * MAX_ARTICLE_CHARS:
                    yield BadRecord(f"#{index + 1}", name, f"line {index + 1} is too long ({len(raw):,} bytes)")
                    continue
                try:
                    yield json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError) as err:
                    yield BadRecord(f"#{index + 1}", name, f"line {index + 1} is not JSON in UTF-8 ({err})")


class CsvSource(ArchiveSource):
    def records(self) -> Iterator[dict | BadRecord]:
        csv.field_size_limit(2**31 - 1)  # a field too long for an article is reported by record_article
        try:
            handle = self.path.open("r", encoding="utf-8-sig", newline="")
        except OSError as err:
            raise LoadError(self.path, err.strerror or str(err)) from err
        with handle:
            try:
                reader = csv.DictReader(handle)
                if not reader.fieldnames or not {"text", "paragraphs"} & set(reader.fieldnames):
                    raise LoadError(self.path, "the CSV file needs a header row with a 'text' or 'paragraphs' column")
                yield from reader
            except UnicodeDecodeError as err:
                raise LoadError(self.path, f"the CSV file is not UTF-8 ({err.reason})") from err
            except csv.Error as err:
                raise LoadError(self.path, f"the CSV file is damaged ({err})") from err


class ParquetSource(ArchiveSource):
    COLUMNS = ("id", "title", "text", "paragraphs", "lang", "source")

    def _file(self) -> pq.ParquetFile:
        try:
            import pyarrow.parquet as pq
        except ImportError as err:
            raise LoadError(self.path, "reading Parquet needs pyarrow: pip install 'desk[cluster]' "
                                       "(or pip install pyarrow)") from err
        try:
            return pq.ParquetFile(self.path)
        except (OSError, ValueError) as err:  # pyarrow.ArrowInvalid is a ValueError
            raise LoadError(self.path, f"it is not a readable Parquet file ({err})") from err

    def records(self) -> Iterator[dict | BadRecord]:
        parquet = self._file()
        names = set(parquet.schema_arrow.names)
        if not {"text", "paragraphs"} & names:
            raise LoadError(self.path, "the Parquet file needs a 'text' or 'paragraphs' column")
        columns = [c for c in self.COLUMNS if c in names]
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            yield from batch.to_pylist()


class DocumentSource(InputSource):
    """One document or feed dump: its articles (a feed dump gives several)."""

    def __iter__(self) -> Iterator[Item]:
        from desk.core.text.articles import load_articles

        yield from load_articles(self.path)


class FolderSource(InputSource):
    """A folder's own files, sorted: documents, feed dumps and archives (read by their suffix).
    Its items are kept after the first reading (a folder of documents is desk-sized)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._items: list[Item] | None = None

    def files(self) -> list[Path]:
        return sorted(
            p for p in self.path.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith((".part", "~"))
        )

    def __iter__(self) -> Iterator[Item]:
        if self._items is not None:
            yield from self._items
            return
        items: list[Item] = []
        for file in self.files():
            reader = ARCHIVES.get(file.suffix.lower(), DocumentSource)(file)
            try:
                got = list(reader)
            except LoadError as err:
                log.warning("skipping %s: %s", file, err.reason)
                got = [BadRecord(str(file), str(file), err.reason)]
            items.extend(got)
            yield from got
        self._items = items


ARCHIVES: dict[str, Callable[[Path], InputSource]] = {
    ".jsonl": JsonLinesSource, ".ndjson": JsonLinesSource, ".csv": CsvSource, ".parquet": ParquetSource,
}


def open_input(path: Path | str) -> InputSource:
    """The source for a folder, an archive file (by suffix) or a document/feed dump.
    ``LoadError`` when the path does not exist."""
    path = Path(path).expanduser().resolve()  # absolute: article ids stay the same across runs
    if path.is_dir():
        return FolderSource(path)
    if not path.is_file():
        raise LoadError(path, "no such file or folder")
    return ARCHIVES.get(path.suffix.lower(), DocumentSource)(path)


class Inputs(InputSource):
    """Several inputs read one after the other."""

    def __init__(self, sources: Iterable[InputSource]) -> None:
        self.sources = list(sources)
        super().__init__(self.sources[0].path if self.sources else Path("."))

    def __iter__(self) -> Iterator[Item]:
        for source in self.sources:
            yield from source
