"""Saved post-editing work on disk: one JSON file per article in ``data_dir()/work/``.

:class:`WorkState` is everything saved for one article (sources, targets with their origin,
flags, confidence and word alignment, the machine text before edits, confirmations, work set
aside on sentences that changed); :func:`list_work` lists saved work for the "saved work" list.
The post-editing session (``desk.core.workbench.postedit``) reads and writes these files.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from desk.core.errors import DeskError
from desk.core.model import Target
from desk.core.paths import data_dir

log = logging.getLogger(__name__)

FORMAT = "desk-postedit"
FORMAT_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class WorkStateError(DeskError):
    """Saved post-editing work cannot be read or written."""


def work_dir() -> Path:
    path = data_dir() / "work"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a read-only data folder: saved work still reads; saving says why not
        log.debug("cannot create %s: %s", path, err)
    return path


def work_path(article_id: str, folder: Path | None = None) -> Path:
    return (folder or work_dir()) / f"{_UNSAFE.sub('_', article_id)}.json"


@dataclass
class WorkState:
    """Everything saved for one article (plain data; serialised as JSON)."""

    article_id: str
    source: str
    title: str
    source_lang: str
    target_lang: str
    model_id: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # sentence id → source text, document order
    targets: dict[str, Target] = field(default_factory=dict)
    machine: dict[str, Target] = field(default_factory=dict)  # the machine/memory target before edits
    confirmed: list[str] = field(default_factory=list)
    stale: list[dict[str, str]] = field(default_factory=list)  # work on sentences that no longer exist
    created: str = ""
    updated: str = ""
    revision: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("targets", "machine"):
            data[name] = {sid: t.to_json() for sid, t in data[name].items()}
        return {"format": FORMAT, "version": FORMAT_VERSION, **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkState:
        if data.get("format") != FORMAT:
            raise ValueError("not a Desk post-editing file")
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise ValueError(f"written by a newer Desk (format version {data.get('version')})")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("targets", "machine"):
            values[name] = {str(k): Target.from_json(t) for k, t in data.get(name, {}).items()}
        return cls(**values)


@dataclass
class WorkSummary:
    """One line of the "saved work" list."""

    article_id: str
    title: str
    source: str
    direction: str
    sentences: int
    translated: int
    edited: int
    confirmed: int
    updated: str
    path: Path


def read_state(path: Path) -> WorkState:
    try:
        return WorkState.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise WorkStateError(f"The saved post-editing work in {path} cannot be read: {err}") from err


def list_work(folder: Path | None = None) -> list[WorkSummary]:
    """Saved post-editing work, most recently changed first (unreadable files are skipped)."""
    out: list[WorkSummary] = []
    for path in (folder or work_dir()).glob("*.json"):
        try:
            st = read_state(path)
        except WorkStateError as err:
            log.warning("%s", err)
            continue
        edited = sum(1 for t in st.targets.values() if t.origin == "edited")
        translated = sum(1 for t in st.targets.values() if t.text.strip())
        out.append(WorkSummary(st.article_id, st.title, st.source, f"{st.source_lang}-{st.target_lang}",
                               len(st.sources), translated, edited, len(st.confirmed), st.updated, path))
    out.sort(key=lambda w: w.updated, reverse=True)
    return out


def rebase(state: WorkState, sources: dict[str, str]) -> bool:
    """Align saved work with the article's current sentences; set aside work on changed ones."""
    changed = False
    for sid, old_text in list(state.sources.items()):
        if sources.get(sid) == old_text:
            continue
        target = state.targets.pop(sid, None)
        state.machine.pop(sid, None)
        if sid in state.confirmed:
            state.confirmed.remove(sid)
        if target is not None and target.origin == "edited":
            state.stale.append({"id": sid, "source": old_text, "target": target.text})
        changed = True
    if list(state.sources.items()) != list(sources.items()):
        state.sources = dict(sources)
        changed = True
    return changed
