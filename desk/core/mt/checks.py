"""Validation of an installed model folder, before anything else loads it.

Every check turns a broken or foreign model into a ``ModelError`` that says what is wrong:
config.json parses; model.bin has a CTranslate2 header and its variable table is whole; the
vocabulary sizes match the embedding / output rows in model.bin (CTranslate2 itself does not
check this and would index past the vocabulary later); the SentencePiece models load and belong
to the vocabulary; finally CTranslate2 loads the model and decodes two tokens.
"""
from __future__ import annotations

import logging
import re
import struct
from pathlib import Path
from typing import BinaryIO

from desk.core.errors import ModelError
from desk.core.mt.manifest import Manifest
from desk.core.mt.packages.base import read_json, require_files
from desk.core.mt.packages.vocab import read_ct2_vocab
from desk.core.text.langid import script_counts

log = logging.getLogger(__name__)

MIN_SPM_COVERAGE = 0.9  # share of SentencePiece pieces the model's vocabulary must know
MIN_SCRIPT_SHARE = 0.1  # share of letters in the language's script a SentencePiece model must have
SCRIPTS = {"ar": "Arabic", "en": "Latin"}


def validate_installed(folder: Path, manifest: Manifest, *, load: bool = True) -> None:
    """Check an installed folder thoroughly; ModelError says what is wrong."""
    ct2_dir = folder / manifest.ct2_dir
    require_files(ct2_dir, "model.bin", "config.json", what="CTranslate2 model")
    read_json(ct2_dir / "config.json", what="model configuration")
    shapes = read_model_shapes(ct2_dir / "model.bin")
    vocabs = read_ct2_vocab(ct2_dir)
    _check_rows(shapes, len(vocabs[0]), len(vocabs[-1]))
    sides = (
        (manifest.source_spm, vocabs[0], "source", manifest.source_langs),
        (manifest.target_spm, vocabs[-1], "target", manifest.target_langs),
    )
    for spm_name, vocab, side, langs in sides:
        pieces = _check_spm(folder / spm_name, vocab, side)
        if len(langs) == 1:
            _check_script(pieces, langs[0], side, spm_name)
    if load:
        _smoke_test(ct2_dir, folder / manifest.source_spm)


def read_model_shapes(path: Path) -> dict[str, tuple[int, ...]]:
    """Variable shapes from a CTranslate2 model.bin (aliases resolved), without reading the weights."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            version = _unpack(fh, "<I")
            name = _string(fh) if 1 <= version <= 64 else ""
            if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise ModelError("model.bin is not a CTranslate2 model file.")
            if version < 6:  # older layouts: leave them to CTranslate2's own loader
                log.info("model.bin binary version %d: shape check skipped", version)
                return {}
            _unpack(fh, "<I")  # spec revision
            shapes: dict[str, tuple[int, ...]] = {}
            for _ in range(_unpack(fh, "<I")):
                var = _string(fh)
                rank = _unpack(fh, "<B")
                dims = struct.unpack(f"<{rank}I", _read(fh, 4 * rank))
                _unpack(fh, "<B")  # dtype
                nbytes = _unpack(fh, "<I")
                if fh.tell() + nbytes > size:
                    raise ModelError("model.bin is truncated (a weight runs past the end of the file).")
                fh.seek(nbytes, 1)
                shapes[var] = dims
            for _ in range(_unpack(fh, "<I")):
                alias, target = _string(fh), _string(fh)
                if target in shapes:
                    shapes[alias] = shapes[target]
            return shapes
    except OSError as err:
        raise ModelError(f"model.bin cannot be read: {err}") from err
    except (struct.error, UnicodeDecodeError, EOFError) as err:
        raise ModelError("model.bin is truncated or damaged.") from err


def _read(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise EOFError
    return data


def _unpack(fh: BinaryIO, fmt: str) -> int:
    return struct.unpack(fmt, _read(fh, struct.calcsize(fmt)))[0]


def _string(fh: BinaryIO) -> str:
    n = _unpack(fh, "<H")
    return _read(fh, n).rstrip(b"\0").decode("utf-8")


def _check_rows(shapes: dict[str, tuple[int, ...]], source_size: int, target_size: int) -> None:
    def rows(*names: str) -> int | None:
        return next((shapes[n][0] for n in names if shapes.get(n)), None)

    src = rows("encoder/embeddings_0/weight", "encoder/embeddings/weight")
    tgt = rows("decoder/projection/weight", "decoder/embeddings/weight")
    for side, expected, actual in (("source", src, source_size), ("target", tgt, target_size)):
        if expected is not None and expected != actual:
            raise ModelError(
                f"The {side} vocabulary has {actual} tokens but the model's weights have {expected} rows: "
                "the vocabulary file does not belong to this model."
            )


def _check_spm(path: Path, vocab: list[str], side: str) -> list[str]:
    """Load a SentencePiece model, check it belongs to ``vocab``; returns its ordinary pieces."""
    import sentencepiece as spm

    if not path.is_file():
        raise ModelError(f"The {side} SentencePiece model {path.name} is missing.")
    try:
        sp = spm.SentencePieceProcessor(model_file=str(path))
        pieces = [
            sp.id_to_piece(i)
            for i in range(sp.get_piece_size())
            if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_byte(i))
        ]
    except Exception as err:  # sentencepiece raises RuntimeError/OSError with C++ messages
        reason = str(err).replace(str(path), path.name)
        raise ModelError(f"The {side} SentencePiece model {path.name} cannot be loaded: {reason}") from err
    known = set(vocab)
    coverage = sum(p in known for p in pieces) / max(1, len(pieces))
    if coverage < MIN_SPM_COVERAGE:
        raise ModelError(
            f"The {side} SentencePiece model {path.name} does not belong to this model: only {coverage:.0%} "
            f"of its {len(pieces)} pieces are in the model's vocabulary."
        )
    return pieces


def _check_script(pieces: list[str], lang: str, side: str, spm_name: str) -> None:
    """A package labelled Arabic (English) must have seen Arabic (Latin) script: catches a
    mislabelled package or a swapped direction before it produces nonsense.

    Only Desk's two languages are checked; a joint Arabic+English model passes both ways.
    """
    script = SCRIPTS.get(lang)
    if script is None:
        return
    counts = script_counts("".join(pieces))
    share = (counts.arabic if script == "Arabic" else counts.latin) / max(1, counts.letters)
    if share < MIN_SCRIPT_SHARE:
        raise ModelError(
            f"The package says its {side} language is {lang}, but its {side} SentencePiece model ({spm_name}) "
            f"has almost no {script}-script pieces ({share:.0%}): the package is mislabelled or its direction "
            "is swapped. Check the package, or choose the right source and target languages for packages that "
            "carry none."
        )


def _smoke_test(ct2_dir: Path, source_spm: Path) -> None:
    """Load the model and decode two tokens, so a broken model fails here and not later."""
    import ctranslate2
    import sentencepiece as spm

    try:
        tokens = spm.SentencePieceProcessor(model_file=str(source_spm)).encode("test", out_type=str) or ["<unk>"]
        translator = ctranslate2.Translator(str(ct2_dir), device="cpu", compute_type="int8", intra_threads=1)
        translator.translate_batch([tokens], max_decoding_length=2, beam_size=1)
        del translator
    except Exception as err:
        raise ModelError(f"CTranslate2 cannot run this model: {err}") from err
