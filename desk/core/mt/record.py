"""Where an installed model came from and what its files were: ``desk-record.json`` beside the manifest.

The manifest (``desk.core.mt.manifest``) says how to run a model; the record says how it got here:
the catalog entry it was downloaded from, the publisher's scores, the licence and whether the user
accepted it, the addresses and sha256 of what was downloaded, and the sha256 of every installed file
(re-checked by ``desk models verify``). A model installed by hand has a record with only the file
checksums. A missing or unreadable record is an empty one: the model still works.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from desk.core.durable import atomic_write

log = logging.getLogger(__name__)

RECORD = "desk-record.json"
MAX_RECORD_BYTES = 4 << 20


def read_record(folder: Path) -> dict:
    path = folder / RECORD
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            log.warning("%s is too large to be a Desk record; ignored", path)
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as err:
        log.warning("cannot read %s: %s", path, err)
        return {}
    return data if isinstance(data, dict) else {}


def update_record(folder: Path, **fields: object) -> dict:
    """Add or replace fields of the record, atomically; returns the whole record."""
    data = {**read_record(folder), **fields}
    atomic_write(folder / RECORD, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return data
