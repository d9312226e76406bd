"""After an install: translate a few sentences of the labelled source language and check that what
comes out is written in the labelled target language's script.

A package can carry the wrong model for its label (an Argos package labelled ar→en holding the en→ar
model, whose joint SentencePiece model passes every script check). Only a translation shows it.
Models with random weights (tests) may produce noise, and a real model may echo a name, so this
only warns; it never refuses a model. Desk checks the scripts it knows (Arabic, Latin).
"""
from __future__ import annotations

import logging

from desk.core.errors import DeskError
from desk.core.mt.engine import Engine
from desk.core.mt.info import EngineSettings, ModelInfo
from desk.core.text.langid import script_counts

log = logging.getLogger(__name__)

PROBES: dict[str, list[str]] = {
    "ar": [
        "قال الوزير إن الحكومة وافقت على الخطة الجديدة.",
        "ارتفعت أسعار النفط في الأسواق العالمية اليوم.",
        "التقى الرئيس وفدا من رجال الأعمال في القاهرة.",
    ],
    "en": [
        "The minister said the government had approved the new plan.",
        "Oil prices rose on world markets today.",
        "The president met a delegation of business leaders in Cairo.",
    ],
}
SCRIPT_OF = {"ar": "Arabic", "en": "Latin"}
MIN_SHARE = 0.5  # of the output's letters, in the target language's script
PROBE_SETTINGS = EngineSettings(device="cpu", compute_type="int8", intra_threads=1, beam_size=1)


def probe_direction(info: ModelInfo) -> str | None:
    """A warning for people when ``info`` (a pair model) does not seem to write its target language."""
    src, tgt = info.source_lang, info.target_lang
    if src not in PROBES or tgt not in SCRIPT_OF:
        return None
    engine = Engine(info, PROBE_SETTINGS).load(cache=False)
    try:
        outputs = engine.translate_strings(PROBES[src])
    except DeskError as err:
        log.warning("probe translation of %s failed: %s", info.id, err)
        return None
    counts = script_counts(" ".join(outputs))
    in_script = counts.arabic if SCRIPT_OF[tgt] == "Arabic" else counts.latin
    share = in_script / max(1, counts.letters)
    log.info("probe %s %s→%s: %.0f%% %s letters in %r", info.id, src, tgt, share * 100, SCRIPT_OF[tgt], outputs[:1])
    if share >= MIN_SHARE:
        return None
    return (
        f"This model is labelled {src}→{tgt}, but a test translation from {src} came out with only "
        f"{share:.0%} {SCRIPT_OF[tgt]}-script letters. The package may be mislabelled or hold the other "
        "direction; check its translations before relying on it."
    )
