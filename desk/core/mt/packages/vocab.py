"""Vocabularies and SentencePiece files of CTranslate2 models, and the language tokens in them."""
from __future__ import annotations

import json
import re
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.mt.langcodes import is_canonical, try_normalize
from desk.core.mt.packages.base import MAX_VOCAB_BYTES, read_text_bounded

CT2_VOCAB_FILES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)
# SentencePiece file names seen in the wild, as (source, target) pairs; a single shared model last.
SPM_PAIRS = (
    ("src.spm.model", "tgt.spm.model"),
    ("source.spm", "target.spm"),
    ("source.model", "target.model"),
    ("spm.src.model", "spm.tgt.model"),
)
SPM_SHARED = ("sentencepiece.model", "sentencepiece.bpe.model", "spm.model", "joint.spm.model", "spm.vocab.model")
_NLLB_TOKEN = re.compile(r"^([a-z]{3})_([A-Z][a-z]{3})$")
_MARIAN_TOKEN = re.compile(r"^>>([A-Za-z_]{2,12})<<$")


def read_ct2_vocab(ct2_dir: Path) -> list[list[str]]:
    """The CTranslate2 vocabularies: [shared] or [source, target]."""
    for names in CT2_VOCAB_FILES:
        if all((ct2_dir / n).is_file() for n in names):
            return [_read_vocab_file(ct2_dir / n) for n in names]
    raise ModelError(
        "The CTranslate2 model has no vocabulary file (shared_vocabulary.json or source/target_vocabulary)."
    )


def _read_vocab_file(path: Path) -> list[str]:
    text = read_text_bounded(path, "model vocabulary", MAX_VOCAB_BYTES)
    try:
        tokens = json.loads(text) if path.suffix == ".json" else text.splitlines()
    except (json.JSONDecodeError, RecursionError) as err:
        raise ModelError(f"The model vocabulary {path.name} cannot be read: {err}") from err
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise ModelError(f"The model vocabulary {path.name} is not a list of tokens.")
    return tokens


def find_spm(root: Path) -> tuple[str, str]:
    """(source, target) SentencePiece file names in ``root``; a lone ``*.model`` is a shared one
    (NLLB's ``flores200_sacrebleu_tokenizer_spm.model`` is published beside the model)."""
    for src, tgt in SPM_PAIRS:
        if (root / src).is_file() and (root / tgt).is_file():
            return src, tgt
    for name in SPM_SHARED:
        if (root / name).is_file():
            return name, name
    others = sorted(p.name for p in root.glob("*.model") if p.is_file())
    if len(others) == 1:
        return others[0], others[0]
    raise ModelError(
        "No SentencePiece model found beside model.bin (expected src.spm.model/tgt.spm.model, "
        "source.spm/target.spm or sentencepiece.model)."
    )


def nllb_tokens(vocab: list[str]) -> dict[str, str]:
    """NLLB-style language tokens (``arb_Arab``) in a vocabulary, by normalised language code."""
    found: dict[str, str] = {}
    for token in vocab:
        if _NLLB_TOKEN.match(token):
            code = try_normalize(token)
            if code and (code not in found or is_canonical(token) and not is_canonical(found[code])):
                found[code] = token
    return found


def marian_tokens(vocab: list[str]) -> dict[str, str]:
    """Marian target-language tokens (``>>ara<<``) by normalised code; exact ISO 639-3 forms win."""
    found: dict[str, str] = {}
    for token in vocab:
        m = _MARIAN_TOKEN.match(token)
        code = try_normalize(m.group(1)) if m else None
        if code and (code not in found or is_canonical(token) and not is_canonical(found[code])):
            found[code] = token
    return found
