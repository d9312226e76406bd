"""NLLB-style multilingual CTranslate2 folders: the vocabulary holds language tokens (``arb_Arab``,
``eng_Latn``); every language pair among them is a direction. The source is
``[source token] pieces </s>`` and the target starts with the target token (as NLLB was trained).
The SentencePiece model may be published separately (``flores200_sacrebleu_tokenizer_spm.model``)
and placed beside ``model.bin`` by the store."""
from __future__ import annotations

from pathlib import Path

from desk.core.errors import DeskError
from desk.core.mt.packages import registry
from desk.core.mt.packages.base import PackageFormat, PackageSpec
from desk.core.mt.packages.ct2 import move_root_files, read_ct2
from desk.core.mt.packages.vocab import nllb_tokens, read_ct2_vocab

MIN_LANGUAGES = 2


class NllbFormat(PackageFormat):
    key = "nllb"
    label = "NLLB"
    order = 30
    source_eos = True

    def claims(self, root: Path, names: set[str]) -> bool:
        if "model.bin" not in names and "config.json" not in names:
            return False
        try:
            return len(nllb_tokens(read_ct2_vocab(root)[-1])) >= MIN_LANGUAGES
        except DeskError:
            return False  # no readable vocabulary: the plain CTranslate2 format says what is wrong

    def read(self, root: Path) -> PackageSpec:
        spec = read_ct2(self, root)
        spec.lang_tokens = nllb_tokens(read_ct2_vocab(root)[-1])
        return spec

    def languages(self, spec: PackageSpec, source: str | None, target: str | None) -> tuple[list[str], list[str]]:
        langs = sorted(spec.lang_tokens)
        return langs, list(langs)

    def lay_out(self, spec: PackageSpec, out: Path) -> str:
        return move_root_files(spec, out)


registry.register(NllbFormat())
