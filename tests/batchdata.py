"""Archives and a model for batch tests: JSON Lines of synthetic Arabic and English articles with
a few bad records, and the tiny random-weight ar→en model installed with greedy decoding.

``write_archive(path, arabic=12, english=3, bad=True, sentences=4) -> dict`` writes the archive and
returns what it holds: ``{"ids": [good ids in order], "arabic": [...], "english": [...],
"bad": {id: reason fragment}}``.

``seed_memory_and_glossary(archive) -> (memory target, glossary term)`` fills the data folder's
translation memory and glossary from the archive (so results show origin "memory" and the
glossary's target term "Zanzibar").

``install_model(cache_dir) -> str`` installs the model (built once per ``cache_dir``) into the
current ``DESK_DATA_DIR`` and writes a ``settings.ini`` there choosing greedy decoding on one
thread (``engine/beam_size=1``, ``engine/intra_threads=1``), so results can be compared exactly.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from tests import mtfactory


def write_archive(path: Path, arabic: int = 12, english: int = 3, bad: bool = True, sentences: int = 4) -> dict:
    ar = mtfactory.synthetic_sentences("ar", n=(arabic + 1) * (sentences + 1), seed=11)
    en = mtfactory.synthetic_sentences("en", n=(english + 1) * (sentences + 1), seed=12)
    lines: list[str] = []
    info: dict = {"ids": [], "arabic": [], "english": [], "bad": {}}

    def article(aid: str, pool: list[str], k: int, lang: str) -> None:
        body = pool[k * (sentences + 1) + 1:(k + 1) * (sentences + 1)]
        half = max(1, len(body) // 2)
        record = {"id": aid, "title": pool[k * (sentences + 1)],
                  "paragraphs": [" ".join(body[:half]), " ".join(body[half:])], "lang": lang, "source": "wire"}
        lines.append(json.dumps(record, ensure_ascii=False))
        info["ids"].append(aid)
        info["arabic" if lang == "ar" else "english"].append(aid)

    for k in range(max(arabic, english)):
        if k < arabic:
            article(f"ar-{k:03d}", ar, k, "ar")
        if k < english:
            article(f"en-{k:03d}", en, k, "en")
        if bad and k == 1:
            lines.append(json.dumps({"id": "empty-text", "title": "Nothing here", "text": ""}))
            info["bad"]["empty-text"] = "no 'text' or 'paragraphs'"
            lines.append('{"id": "bad-json", "title": ')  # cut short: not JSON
            info["bad"][f"#{len(lines)}"] = "is not JSON"
            lines.append(json.dumps({"id": "too-long", "title": "Dump", "text": "word " * 60_000}))
            info["bad"]["too-long"] = "too long"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return info


def install_model(cache_dir: Path) -> str:
    from desk.core.mt.store import ModelStore
    from desk.core.paths import data_dir

    folder = cache_dir / "opus-ar-en"
    if not folder.is_dir():
        mtfactory.build_opus_mt_folder(folder, "ar", "en", eos_bias=1.0)
    info = ModelStore().install(folder)
    (data_dir() / "settings.ini").write_text("[engine]\nbeam_size=1\nintra_threads=1\n", encoding="utf-8")
    assert os.environ.get("DESK_DATA_DIR")
    return info.id


def seed_memory_and_glossary(archive: Path) -> tuple[str, str]:
    """A memory entry for the first Arabic headline and a glossary term from the second Arabic
    article's first word, in the current data folder; returns (memory target, glossary term)."""
    from desk.core.workbench.glossary import Glossary
    from desk.core.workbench.memory import TranslationMemory

    records = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()
               if line.startswith('{"id": "ar-')]
    with TranslationMemory() as memory:
        memory.add(records[0]["title"], "From the memory", "ar", "en")
    term = records[1]["paragraphs"][0].split()[0].strip(".،")
    glossary = Glossary()
    glossary.add(term, "Zanzibar", "ar", "en")
    glossary.close()
    return "From the memory", term


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
