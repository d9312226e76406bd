"""``desk --self-check``: prove an installation (or a bundle) works without a window.

Imports every dependency, runs a tiny built-in segmentation, language-id and summarization test in
both languages, and reports versions. Exit status 0 when everything passed.
"""
from __future__ import annotations

import importlib
import platform
import sys
import time
from dataclasses import dataclass
from typing import Callable

# (import name, distribution shown to the user)
DEPENDENCIES: list[tuple[str, str]] = [
    ("PySide6.QtCore", "PySide6"),
    ("PySide6.QtGui", "PySide6"),
    ("PySide6.QtWidgets", "PySide6"),
    ("ctranslate2", "ctranslate2"),
    ("sentencepiece", "sentencepiece"),
    ("sumy", "sumy"),
    ("numpy", "numpy"),
    ("charset_normalizer", "charset-normalizer"),
    ("trafilatura", "trafilatura"),
    ("docx", "python-docx"),
    ("pypdf", "pypdf"),
    ("pyarabic", "pyarabic"),
    ("platformdirs", "platformdirs"),
    ("yaml", "pyyaml"),
    ("translate.storage.tmx", "translate-toolkit"),
]

EN_TEXT = (
    "Dr. Smith arrived in the U.S. on Feb. 9 with $2.5 million. "
    "The talks lasted three days. Officials said the agreement covers trade and energy."
)
AR_TEXT = (
    "وصل رئيس الوزراء إلى واشنطن، حيث التقى الرئيس الأمريكي. "
    "وقال المسؤولون إن المحادثات استمرت ثلاثة أيام؟ "
    "وشملت الاتفاقية التجارة والطاقة والأمن."
)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _version(module_name: str) -> str:
    """The module's own ``__version__`` (works inside a bundle), else the distribution's metadata."""
    from importlib.metadata import PackageNotFoundError, version

    top = sys.modules.get(module_name.split(".")[0])
    found = getattr(top, "__version__", None)
    if found:
        return str(found)
    try:
        return version(dict(DEPENDENCIES)[module_name])
    except (PackageNotFoundError, KeyError):
        return "unknown"


def _import_checks() -> list[Check]:
    checks = []
    for module_name, dist in DEPENDENCIES:
        try:
            importlib.import_module(module_name)
            checks.append(Check(f"import {module_name}", True, _version(module_name)))
        except Exception as err:  # noqa: BLE001 - any import failure is a failed check
            checks.append(Check(f"import {module_name}", False, f"{type(err).__name__}: {err}"))
    return checks


def _segmentation_check() -> Check:
    from desk.core.langid import detect_lang
    from desk.core.segment import split_sentences

    en = split_sentences(EN_TEXT, "en")
    ar = split_sentences(AR_TEXT, "ar")
    ok = len(en) == 3 and len(ar) == 3 and detect_lang(EN_TEXT) == "en" and detect_lang(AR_TEXT) == "ar"
    return Check("segmentation + language id", ok, f"en: {len(en)} sentences, ar: {len(ar)} sentences (expected 3 and 3)")


def _summary_check() -> Check:
    from desk.core.model import LengthRule, Sentence
    from desk.core.summarize import summarize_sentences
    from desk.core.segment import split_sentences

    results = []
    for lang, text in (("en", EN_TEXT), ("ar", AR_TEXT)):
        sentences = [Sentence(id=f"p0s{i}", text=t, lang=lang) for i, t in enumerate(split_sentences(text, lang))]
        summary = summarize_sentences(sentences, lang, "lexrank", LengthRule(sentences=2))
        ids = [p.sentence_id for p in summary.picks]
        results.append(len(ids) == 2 and ids == sorted(ids, key=lambda i: int(i.split("s")[1])))
    return Check("summarization (lexrank, en + ar)", all(results), "2-sentence summaries in document order" if all(results) else "unexpected summary")


def run_self_check(write: Callable[[str], None] = lambda s: print(s)) -> int:
    from desk import __version__

    started = time.perf_counter()
    write(f"Desk {__version__} self-check on Python {platform.python_version()} ({platform.system()} {platform.machine()})")
    checks = _import_checks()
    for fn in (_segmentation_check, _summary_check):
        try:
            checks.append(fn())
        except Exception as err:  # noqa: BLE001
            checks.append(Check(fn.__name__.strip("_").replace("_", " "), False, f"{type(err).__name__}: {err}"))
    for c in checks:
        write(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
    failed = [c for c in checks if not c.ok]
    write(f"{len(checks) - len(failed)}/{len(checks)} checks passed in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
