"""``desk --self-check``: prove an installation (or a bundle) works without a window.

Imports every dependency, then runs tiny built-in tests of everything a packaging mistake could
break: segmentation, language id and summarization in both languages, the project's resources
and model catalog, the data files dependencies read at run time (sumy stop words, python-docx's
template, trafilatura's settings, translate-toolkit), SQLite full-text search, SentencePiece
training and CTranslate2 inference on a tiny random model built on the spot, and Qt rendering
Arabic text offscreen with the bundled font and platform plugins. Reports versions. Exit status 0
when everything passed. Needs no network, no display and no installed translation model.
"""
from __future__ import annotations

import importlib
import io
import json
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# (import name, distribution shown to the user)
DEPENDENCIES: list[tuple[str, str]] = [
    ("PySide6.QtCore", "PySide6-Essentials"),
    ("PySide6.QtGui", "PySide6-Essentials"),
    ("PySide6.QtWidgets", "PySide6-Essentials"),
    ("ctranslate2", "ctranslate2"),
    ("sentencepiece", "sentencepiece"),
    ("sumy", "sumy"),
    ("nltk.stem.snowball", "nltk"),
    ("numpy", "numpy"),
    ("charset_normalizer", "charset-normalizer"),
    ("trafilatura", "trafilatura"),
    ("lxml.etree", "lxml"),
    ("docx", "python-docx"),
    ("pypdf", "pypdf"),
    ("markdown_it", "markdown-it-py"),
    ("pyarabic", "pyarabic"),
    ("platformdirs", "platformdirs"),
    ("yaml", "pyyaml"),
    ("translate.storage.tmx", "translate-toolkit"),
    ("rapidfuzz", "rapidfuzz"),
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
    """The distribution's version from its metadata (bundled too), else the module's ``__version__``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dict(DEPENDENCIES)[module_name])
    except (PackageNotFoundError, KeyError):
        pass
    found = getattr(sys.modules.get(module_name.split(".")[0]), "__version__", None)
    return found if isinstance(found, str) else "unknown"


def _import_checks() -> list[Check]:
    checks = []
    for module_name, _dist in DEPENDENCIES:
        try:
            importlib.import_module(module_name)
            checks.append(Check(f"import {module_name}", True, _version(module_name)))
        except Exception as err:  # noqa: BLE001 - any import failure is a failed check
            checks.append(Check(f"import {module_name}", False, f"{type(err).__name__}: {err}"))
    return checks


# --- the app's own code and files ------------------------------------------------------------


def _segmentation_check() -> Check:
    from desk.core.text.langid import detect_lang
    from desk.core.text.segment import split_sentences

    en = split_sentences(EN_TEXT, "en")
    ar = split_sentences(AR_TEXT, "ar")
    ok = len(en) == 3 and len(ar) == 3 and detect_lang(EN_TEXT) == "en" and detect_lang(AR_TEXT) == "ar"
    return Check("segmentation + language id", ok,
                 f"en: {len(en)} sentences, ar: {len(ar)} sentences (expected 3 and 3)")


def _summary_check() -> Check:
    from desk.core.model import LengthRule, Sentence
    from desk.core.summary.summarize import summarize_sentences
    from desk.core.text.segment import split_sentences

    results = []
    for lang, text in (("en", EN_TEXT), ("ar", AR_TEXT)):
        sentences = [Sentence(id=f"p0s{i}", text=t, lang=lang) for i, t in enumerate(split_sentences(text, lang))]
        summary = summarize_sentences(sentences, lang, "lexrank", LengthRule(sentences=2))
        ids = [p.sentence_id for p in summary.picks]
        results.append(len(ids) == 2 and ids == sorted(ids, key=lambda i: int(i.split("s")[1])))
    return Check("summarization (lexrank, en + ar)", all(results),
                 "2-sentence summaries in document order" if all(results) else "unexpected summary")


def _resources_check() -> Check:
    """resources/ (fonts, samples, icons) and models/catalog.json are found and readable."""
    from desk.core.paths import catalog_path, resources_dir
    from desk.core.text.articles import load_articles

    res = resources_dir()
    fonts = sorted(p.name for p in (res / "fonts").glob("*.ttf"))
    samples = sorted((res / "samples").glob("*.txt"))
    icon = res / "icons" / "desk.svg"
    catalog = json.loads(catalog_path().read_text(encoding="utf-8"))
    langs = sorted({a.lang for path in samples for a in load_articles(path)})
    ok = bool(fonts) and bool(samples) and icon.is_file() and bool(catalog) and langs == ["ar", "en"]
    return Check("resources + model catalog", ok,
                 f"{res}: {len(fonts)} fonts, {len(samples)} samples ({'/'.join(langs)}), "
                 f"icon {'found' if icon.is_file() else 'MISSING'}; "
                 f"catalog {catalog_path().name} with {len(catalog)} entries")


# --- data files and native libraries of dependencies ---------------------------------------------


def _documents_check() -> Check:
    """python-docx (its template), pypdf, translate-toolkit TMX, trafilatura settings, Markdown."""
    import docx
    import trafilatura
    from markdown_it import MarkdownIt
    from pypdf import PdfReader, PdfWriter
    from translate.storage import tmx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(AR_TEXT)
    document.save(buf)
    docx_ok = docx.Document(io.BytesIO(buf.getvalue())).paragraphs[-1].text == AR_TEXT

    writer, pdf = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(pdf)
    pdf_ok = len(PdfReader(io.BytesIO(pdf.getvalue())).pages) == 1

    store = tmx.tmxfile(sourcelanguage="en", targetlanguage="ar")
    unit = store.addsourceunit("The talks lasted three days.")
    unit.target = "استمرت المحادثات ثلاثة أيام."
    units = tmx.tmxfile.parsestring(bytes(store)).units
    tmx_ok = len(units) == 1 and units[0].target == unit.target

    html = f"<html><body><article><h1>Talks</h1><p>{EN_TEXT}</p><p>{EN_TEXT}</p></article></body></html>"
    html_ok = "three days" in (trafilatura.extract(html) or "")
    md_ok = "<h1>" in MarkdownIt().render("# Talks")
    results = {"docx": docx_ok, "pdf": pdf_ok, "tmx": tmx_ok, "html": html_ok, "markdown": md_ok}
    return Check("document formats", all(results.values()),
                 ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in results.items()))


def _sqlite_check() -> Check:
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
        db.execute("INSERT INTO t(text) VALUES (?), (?)", ("trade and energy", "three days"))
        hits = db.execute("SELECT text FROM t WHERE t MATCH 'energy'").fetchall()
    finally:
        db.close()
    return Check("sqlite full-text search", hits == [("trade and energy",)],
                 f"SQLite {sqlite3.sqlite_version} with FTS5")


def _sentencepiece_check() -> Check:
    import sentencepiece as spm

    lines = [EN_TEXT, AR_TEXT] * 4
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=120, character_coverage=1.0,
        normalization_rule_name="identity", hard_vocab_limit=False, minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    ok = all(sp.decode(sp.encode(text)) == text for text in (EN_TEXT, AR_TEXT))
    return Check("sentencepiece train + round trip", ok, f"{sp.get_piece_size()} pieces")


def _tiny_ct2_model(folder: Path, vocab: list[str], d_model: int = 16, ffn: int = 32) -> None:
    """A one-layer random-weight Transformer saved in CTranslate2's own format (int8)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 2)
    rng = np.random.default_rng(0)

    def shape(name: str) -> tuple[int, ...]:
        if name.endswith(("embeddings_0/weight", "embeddings/weight", "projection/weight")):
            return (len(vocab), d_model)
        if "layer_norm" in name:
            return (d_model,)
        if "/ffn/linear_0" in name:
            return (ffn, d_model)
        if "/ffn/linear_1" in name:
            return (d_model, ffn)
        if "/self_attention/linear_0" in name:
            return (3 * d_model, d_model)
        if "/attention/linear_1" in name:  # cross-attention keys and values
            return (2 * d_model, d_model)
        return (d_model, d_model)

    for name, value in spec.variables(ordered=True):
        if value is not None:
            continue
        owner: object = spec
        *scopes, attr = name.split("/")
        for scope in scopes:  # "layer_0" is spec.layer[0] unless an attribute has that name
            indexed = re.fullmatch(r"(\w+?)_(\d+)", scope)
            if hasattr(owner, scope) or indexed is None:
                owner = getattr(owner, scope)
            else:
                owner = getattr(owner, indexed.group(1))[int(indexed.group(2))]
        if attr == "gamma":
            array = np.ones(shape(name), np.float32)
        elif attr == "beta":
            array = np.zeros(shape(name), np.float32)
        else:
            array = (rng.standard_normal(shape(name)) * 0.1).astype(np.float32)
        setattr(owner, attr, array)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(folder))


def _ctranslate2_check() -> Check:
    import ctranslate2

    vocab = ["<blank>", "<s>", "</s>", "<unk>"] + [f"w{i}" for i in range(12)]
    with tempfile.TemporaryDirectory(prefix="desk-selfcheck-") as folder:
        _tiny_ct2_model(Path(folder), vocab)
        translator = ctranslate2.Translator(folder, device="cpu", compute_type="int8", inter_threads=1, intra_threads=1)
        result = translator.translate_batch([["w1", "w2", "w3"]], beam_size=2, max_decoding_length=6)
        tokens = result[0].hypotheses[0]
        del translator
    ok = 0 < len(tokens) <= 6 and set(tokens) <= set(vocab)
    types = ", ".join(sorted(ctranslate2.get_supported_compute_types("cpu")))
    return Check("ctranslate2 inference (tiny random model)", ok,
                 f"{len(tokens)} tokens out; cpu compute types: {types}")


# --- Qt -------------------------------------------------------------------------------------------


def _qt_check() -> Check:
    """Platform plugins are present; Arabic renders offscreen with the bundled font; SVG loads."""
    from PySide6.QtCore import QLibraryInfo, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QImageReader, QPainter
    from PySide6.QtWidgets import QApplication

    from desk.core.paths import resources_dir

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(re.sub(r"^(lib)?q|\.(so|dll|dylib)$", "", p.name) for p in plugins.glob("*q*.*"))
    native = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}.get(sys.platform.rstrip("0123456789"))
    needed = {"offscreen"} | ({native} if native else set())
    if QApplication.instance() is None:
        _app = QApplication(["desk", "-platform", "offscreen"])  # noqa: F841 (kept alive for the checks)
    font_ids = [QFontDatabase.addApplicationFont(str(p)) for p in sorted((resources_dir() / "fonts").glob("*.ttf"))]
    families = sorted({f for i in font_ids if i >= 0 for f in QFontDatabase.applicationFontFamilies(i)})

    image = QImage(240, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont(families[0] if families else "", 20))
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), int(Qt.AlignmentFlag.AlignCenter), "مرحبا بالعالم")
    painter.end()
    inked = sum(1 for x in range(0, 240, 2) for y in range(0, 60, 2) if image.pixelColor(x, y).lightness() < 128)
    icon = QImage(str(resources_dir() / "icons" / "desk.svg"))
    svg = b"svg" in [bytes(f.data()) for f in QImageReader.supportedImageFormats()]
    ok = needed <= set(found) and bool(families) and inked > 20 and svg and not icon.isNull()
    return Check("Qt offscreen rendering", ok,
                 f"platform {QApplication.platformName()} (plugins: {', '.join(found) or 'NONE'}); "
                 f"fonts: {', '.join(families) or 'NONE'}; "
                 f"Arabic drew {inked} dark samples; svg icon {'ok' if svg and not icon.isNull() else 'FAILED'}")


FUNCTIONAL_CHECKS: list[Callable[[], Check]] = [
    _segmentation_check, _summary_check, _resources_check, _documents_check, _sqlite_check,
    _sentencepiece_check, _ctranslate2_check, _qt_check,
]


def run_self_check(write: Callable[[str], None] = lambda s: print(s, flush=True)) -> int:
    from desk import __version__

    started = time.perf_counter()
    write(f"Desk {__version__} self-check on Python {platform.python_version()} "
          f"({platform.system()} {platform.machine()})"
          + (" [bundle]" if getattr(sys, "frozen", False) else ""))
    checks = _import_checks()
    for fn in FUNCTIONAL_CHECKS:
        try:
            checks.append(fn())
        except Exception as err:  # noqa: BLE001
            checks.append(Check(fn.__name__.strip("_").replace("_", " "), False, f"{type(err).__name__}: {err}"))
    for c in checks:
        write(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
    failed = [c for c in checks if not c.ok]
    write(f"{len(checks) - len(failed)}/{len(checks)} checks passed in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
