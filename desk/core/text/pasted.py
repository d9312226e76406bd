"""Pasted articles, kept: pasted text is saved in the data folder and reopened like any file.

``save_pasted(text)`` writes ``pasted/2026-12-03-0930-first-words.txt`` under the data folder
(atomic, UTF-8) and returns its path; the window opens that path, so the article survives a
restart and appears in Open recent. ``is_pasted(source)`` tells such a file (or the bare
``"pasted"`` source of text not saved) from a file the user opened, so briefs can say
"pasted text" rather than a generated file name.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from desk.core.durable import save_file
from desk.core.errors import DeskError
from desk.core.model import Article
from desk.core.paths import data_dir

log = logging.getLogger(__name__)

PASTED = "pasted"  # the source of pasted text that is not (yet) saved
_FOLDER = "pasted"
_SLUG = re.compile(r"[^\w]+", re.UNICODE)


def pasted_dir() -> Path:
    return data_dir() / _FOLDER


def is_pasted(source: str) -> bool:
    if source == PASTED:
        return True
    try:
        return Path(source).resolve().parent == pasted_dir().resolve()
    except (OSError, ValueError):
        return False


def save_pasted(text: str, now: dt.datetime | None = None) -> Path:
    """Save pasted text under the data folder; returns the new file's path (never overwrites)."""
    if not text.strip():
        raise DeskError("There is no text to paste")
    now = now or dt.datetime.now()
    first = next((line for line in text.splitlines() if line.strip()), "")
    slug = _SLUG.sub("-", " ".join(first.split()[:6]).lower()).strip("-_")[:48].strip("-_") or "text"
    folder = pasted_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{now:%Y-%m-%d-%H%M%S}-{slug}"
    path = folder / f"{stem}.txt"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.txt"
        n += 1
    save_file(path, text.encode("utf-8"), DeskError)
    log.info("pasted text saved as %s", path)
    return path


def paste_articles(text: str) -> tuple[Path, list[Article]]:
    """Save pasted text in the data folder and read its articles from there (their source is the
    saved file, so they reopen like any file)."""
    from desk.core.text.articles import articles_from_text

    articles = articles_from_text(text)  # first: nothing is saved when the text holds no article
    path = save_pasted(text)
    return path, articles_from_text(text, source=str(path)) if articles else articles
