"""What the store knows about an installed model, and how the engine should run it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ModelInfo:
    id: str  # unique within the store, e.g. "opus-mt-ar-en"
    source_lang: str  # "ar" | "en" | ... ; "multi" for multilingual models
    target_lang: str
    format: str  # "argos" | "opus-mt" | "ctranslate2" | "nllb"
    path: Path  # the installed folder in the store
    ct2_dir: Path  # folder holding model.bin (CTranslate2 format)
    source_spm: Path  # SentencePiece model for the source side
    target_spm: Path  # SentencePiece model for the target side (may equal source_spm)
    size_bytes: int = 0
    name: str = ""
    license: str = ""
    # Multilingual models: languages they cover and how to address them.
    languages: list[str] = field(default_factory=list)
    source_prefix: str = ""  # token prepended to the source, e.g. NLLB "arb_Arab" or Marian ">>ara<<"
    target_prefix: str = ""  # token forced at the start of the target, e.g. NLLB "eng_Latn"
    # Multilingual models not set up for one direction: the token forcing each target language.
    target_tokens: dict[str, str] = field(default_factory=dict)
    source_eos: bool = False  # the source must end with </s> (added when the model does not add it)
    warnings: list[str] = field(default_factory=list)  # what the post-install probe noticed

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name or self.id,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "format": self.format,
            "path": str(self.path),
            "size_bytes": self.size_bytes,
            "license": self.license,
            "languages": list(self.languages),
            "warnings": list(self.warnings),
        }


@dataclass
class EngineSettings:
    """How to run CTranslate2; the GUI persists these, the CLI takes them from flags."""

    device: str = "auto"  # "auto" (the GPU when CTranslate2 sees one, else the CPU) | "cpu" | "cuda"
    compute_type: str = "int8"  # on a GPU, CPU-only types become their GPU equivalent (int8 -> int8_float16)
    inter_threads: int = 1
    intra_threads: int = 0  # 0 = let CTranslate2 pick (all cores)
    beam_size: int = 2
    max_batch_tokens: int = 2048


def display_names(infos: list[ModelInfo]) -> dict[str, str]:
    """What to call each model in a list people choose from: its name, or "name (id)" where two
    models share a name (two installs of one release, a package re-labelled), so no two look alike."""
    names = [info.name or info.id for info in infos]
    return {info.id: name if names.count(name) == 1 or name == info.id else f"{name} ({info.id})"
            for info, name in zip(infos, names)}
