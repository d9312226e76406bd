"""Tiny, deterministic, random-weight translation models in the REAL package formats.

Real weights cannot be downloaded here, so tests build models that go through exactly the code
paths real downloads take (CTranslate2's own OPUS-MT converter, SentencePiece, Argos zips).
Everything is seeded: the same arguments give the same SentencePiece models and the same weights.

Public functions (all return the path they wrote):

``synthetic_sentences(lang, n=300, seed=0) -> list[str]``
    Sentences from the built-in English ("en") / Arabic ("ar") / French ("fr") word lists.

``train_spm(dest_prefix, lang, vocab_size=400, *, seed=0, sentences=None) -> Path``
    Trains a SentencePiece unigram model on synthetic sentences of ``lang`` ("ar", "en", or
    "ar+en" for a joint model) plus ``sentences`` if given; writes ``<dest_prefix>.model`` (and
    ``.vocab``) and returns the ``.model`` path. Trained models are cached per process.

``build_opus_mt_folder(dest, src="ar", tgt="en", *, layers=1, d_model=32, heads=2, ffn=64,
        seed=0, readme=True, vocab_size=400, joint=False, vocab_rows=None, eos_bias=0.0,
        scale=None, activation="swish", model_name=OPUS_MODEL_NAME, train_sentences=None) -> Path``
    An OPUS-MT / Tatoeba-MT download folder: ``<model_name>`` (Marian ``.npz`` with
    ``special:model.yml``), ``decoder.yml`` (relative-paths, models, vocabs),
    ``opus.spm32k-spm32k.vocab.yml`` (token → id; ``</s>`` 0, ``<unk>`` 1, ``<pad>`` last),
    ``source.spm``, ``target.spm`` and, when ``readme``, a ``README.md`` with the lines
    ``* source language(s): ara`` / ``* target language(s): eng``. ``joint=True`` trains one
    SentencePiece model on both languages (source.spm == target.spm, as Argos needs);
    ``vocab_rows`` pads the Marian vocabulary / embedding matrix to that many rows;
    ``eos_bias`` is added to the ``</s>`` output logit (large → the model stops at once,
    0 → random weights that usually run to the length cap); ``scale`` is the weights' standard
    deviation (default 0.02 from d_model 256 up, else 1/sqrt(d_model) so that tiny models'
    outputs depend on their input).

``zip_folder(folder, dest_zip, *, top=None) -> Path``
    Zips a folder (optionally under a top-level directory ``top``), e.g. an OPUS-MT download zip.

``convert_opus_mt(folder, out, quantization="int8") -> Path``
    ``ctranslate2.converters.OpusMTConverter(folder).convert(out, quantization=...)``.

``build_ct2_folder(dest, src="ar", tgt="en", *, quantization="int8",
        spm_names=("source.spm", "target.spm"), **opus_kwargs) -> Path``
    A plain CTranslate2 model folder (model.bin, config.json, shared_vocabulary.json or
    source/target vocabularies) with the SentencePiece models copied in under ``spm_names``.

``build_argos_package(dest_file, src="ar", tgt="en", *, package_version="1.0", **opus_kwargs)
        -> Path``
    An ``.argosmodel`` zip: top folder ``translate-{src}_{tgt}-1_0/`` holding ``metadata.json``
    (package_version, argos_version, from_code, from_name, to_code, to_name, package_type,
    links, …), ``model/`` (CTranslate2 files), ``sentencepiece.model`` (joint) and ``README.md``.

``build_base_shaped_opus_mt(dest, src="ar", tgt="en", *, vocab_rows=62_000, spm_vocab=8000,
        seed=0, train_sentences=None) -> Path``
    OPUS-MT folder of the published ara-eng shape: 6+6 layers, d_model 512, 8 heads, FFN 2048,
    a 62k-row vocabulary/embedding (the SentencePiece model is smaller, the vocab is padded), random
    normal(0, 0.02) weights. Convert with ``convert_opus_mt(..., quantization="int8")``.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import yaml

OPUS_MODEL_NAME = "opus.spm32k-spm32k.transformer-align.model1.npz.best-perplexity.npz"
OPUS_VOCAB_NAME = "opus.spm32k-spm32k.vocab.yml"

ISO3 = {"ar": "ara", "en": "eng", "fr": "fra", "de": "deu", "es": "spa", "tr": "tur", "fa": "fas"}
NAMES = {"ar": "Arabic", "en": "English", "fr": "French", "de": "German", "es": "Spanish"}

EN_WORDS = """
the a an of to in on for with from by at about after before over under against between during
government minister president city country people police army talks peace war election vote
news report official agency statement meeting council court trade market oil price bank economy
said says told announced added reported confirmed denied warned called urged agreed rejected
new old big small first last early late high low many several some other same local foreign
Monday Tuesday Wednesday Thursday Friday Saturday Sunday year month week day today yesterday
Saudi Arabia Egypt Lebanon Syria Iraq Jordan Gaza Riyadh Cairo Beirut Damascus Baghdad Amman
water food school hospital health children women workers students families villages roads
security forces ceasefire aid crisis plan project deal law power energy climate summit border
will would could should must may might has have had is are was were been being
""".split()

AR_WORDS = """
في من إلى على عن مع بعد قبل خلال بين حول ضد منذ حتى أن إن لا لم لن قد كان كانت يكون
الحكومة الوزير الرئيس المدينة البلاد الناس الشرطة الجيش المحادثات السلام الحرب الانتخابات
الأخبار التقرير المسؤول الوكالة البيان الاجتماع المجلس المحكمة التجارة السوق النفط البنك
الاقتصاد قال يقول أعلن أضاف أكد نفى حذر دعا وافق رفض جديد قديم كبير صغير أول آخر
الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد العام الشهر الأسبوع اليوم أمس
السعودية مصر لبنان سوريا العراق الأردن غزة الرياض القاهرة بيروت دمشق بغداد عمان
الماء الغذاء المدرسة المستشفى الصحة الأطفال النساء العمال الطلاب الأسر القرى الطرق
الأمن القوات وقف المساعدات الأزمة الخطة المشروع الاتفاق القانون الطاقة المناخ القمة الحدود
سوف يمكن يجب وزارة مجلس رئيس دولة مدينة شركة منطقة عدد كبيرة عربية دولية
""".split()

FR_WORDS = """
le la les un une des de du à au dans sur pour avec par après avant contre entre pendant
gouvernement ministre président ville pays police armée paix guerre élection nouvelles rapport
agence réunion conseil tribunal marché pétrole banque économie a dit annoncé ajouté confirmé
nouveau grand petit premier dernier lundi mardi mercredi jeudi vendredi année mois semaine
eau école hôpital santé enfants femmes travailleurs sécurité forces aide crise plan accord loi
""".split()

_WORDS = {"en": EN_WORDS, "ar": AR_WORDS, "fr": FR_WORDS}
FAVOUR_BIAS = 12.0  # added to the output logits of the favoured script's tokens
_SCRIPT_LETTERS = {"ar": re.compile("[\u0621-\u064A]"), "en": re.compile("[A-Za-z]")}
_SPM_CACHE: dict[tuple, bytes] = {}


# --- SentencePiece ------------------------------------------------------------------------------


def synthetic_sentences(lang: str, n: int = 300, seed: int = 0) -> list[str]:
    """``n`` sentences of 4-18 words from the built-in word list of ``lang`` ("ar", "en", "fr")."""
    words = _WORDS[lang]
    rng = random.Random(f"{lang}:{seed}")
    end = "."
    out = []
    for i in range(n):
        k = rng.randint(4, 18)
        sent = " ".join(rng.choice(words) for _ in range(k))
        if lang == "en":
            sent = sent[0].upper() + sent[1:]
        if i % 7 == 3:
            sent += f" {rng.randint(1, 2025)}"
        out.append(sent + ("?" if i % 11 == 5 and lang == "en" else "؟" if i % 11 == 5 else end))
    return out


def train_spm(
    dest_prefix: str | Path,
    lang: str,
    vocab_size: int = 400,
    *,
    seed: int = 0,
    sentences: Iterable[str] | None = None,
) -> Path:
    """Train a SentencePiece model on synthetic ``lang`` text ("ar", "en", "ar+en"); returns ``.model``."""
    import sentencepiece as spm

    extra = list(sentences or [])
    key = (lang, vocab_size, seed, tuple(extra))
    dest_prefix = Path(dest_prefix)
    dest_prefix.parent.mkdir(parents=True, exist_ok=True)
    model_path = Path(f"{dest_prefix}.model")
    if key not in _SPM_CACHE:
        corpus: list[str] = []
        for part in lang.split("+"):
            corpus.extend(synthetic_sentences(part, 400, seed))
        corpus.extend(extra)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "spm"
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(corpus),
                model_prefix=str(prefix),
                vocab_size=vocab_size,
                model_type="unigram",
                character_coverage=1.0,
                hard_vocab_limit=False,
                num_threads=1,
                minloglevel=2,
                input_sentence_size=0,
                shuffle_input_sentence=False,
            )
            _SPM_CACHE[key] = Path(f"{prefix}.model").read_bytes()
    model_path.write_bytes(_SPM_CACHE[key])
    _write_spm_vocab(model_path, Path(f"{dest_prefix}.vocab"))
    return model_path


def _spm_pieces(model_path: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    return [
        sp.id_to_piece(i)
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]


def _write_spm_vocab(model_path: Path, vocab_path: Path) -> None:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    lines = [f"{sp.id_to_piece(i)}\t{sp.get_score(i)}" for i in range(sp.get_piece_size())]
    vocab_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Marian / OPUS-MT ---------------------------------------------------------------------------


def _yaml_key(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _write_marian_vocab(path: Path, tokens: list[str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, tok in enumerate(tokens):
            f.write(f"{_yaml_key(tok)}: {i}\n")


def _marian_config(vocab: int, d_model: int, layers: int, heads: int, ffn: int, activation: str) -> dict:
    return {
        "type": "transformer",
        "dim-vocabs": [vocab, vocab],
        "dim-emb": d_model,
        "enc-depth": layers,
        "dec-depth": layers,
        "transformer-heads": heads,
        "transformer-dim-ffn": ffn,
        "transformer-ffn-activation": activation,
        "transformer-ffn-depth": 2,
        "transformer-preprocess": "",
        "transformer-postprocess": "dan",
        "transformer-postprocess-emb": "d",
        "transformer-postprocess-top": "",
        "transformer-decoder-autoreg": "self-attention",
        "transformer-no-projection": False,
        "transformer-guided-alignment-layer": "last",
        "transformer-tied-layers": [],
        "tied-embeddings-all": True,
        "version": "v1.9.0 (random weights built by tests/mtfactory.py)",
    }


def _marian_weights(
    vocab: int, d_model: int, layers: int, ffn: int, seed: int, eos_bias: float, scale: float,
    favoured: list[int] | None = None,
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def normal(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) * scale).astype(np.float32)

    def ones(n: int) -> np.ndarray:
        return np.ones((1, n), dtype=np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros((1, n), dtype=np.float32)

    w: dict[str, np.ndarray] = {"Wemb": normal(vocab, d_model)}

    def attention(scope: str) -> None:
        for p in "qkvo":
            w[f"{scope}_W{p}"] = normal(d_model, d_model)
            w[f"{scope}_b{p}"] = zeros(d_model)
        w[f"{scope}_Wo_ln_scale"] = ones(d_model)
        w[f"{scope}_Wo_ln_bias"] = zeros(d_model)

    def feed_forward(scope: str) -> None:
        w[f"{scope}_W1"] = normal(d_model, ffn)
        w[f"{scope}_b1"] = zeros(ffn)
        w[f"{scope}_W2"] = normal(ffn, d_model)
        w[f"{scope}_b2"] = zeros(d_model)
        w[f"{scope}_ffn_ln_scale"] = ones(d_model)
        w[f"{scope}_ffn_ln_bias"] = zeros(d_model)

    for i in range(1, layers + 1):
        attention(f"encoder_l{i}_self")
        feed_forward(f"encoder_l{i}_ffn")
    for i in range(1, layers + 1):
        attention(f"decoder_l{i}_self")
        attention(f"decoder_l{i}_context")
        feed_forward(f"decoder_l{i}_ffn")
    logit_bias = normal(vocab).reshape(1, vocab)
    logit_bias[0, 0] += eos_bias  # </s> is id 0 in Marian vocabularies
    if favoured:
        logit_bias[0, favoured] += FAVOUR_BIAS
    w["decoder_ff_logit_out_b"] = logit_bias
    return w


def _readme(src: str, tgt: str, model_name: str) -> str:
    return (
        f"# opus-2020-01-01.zip (random test weights)\n\n"
        f"* dataset: opus\n"
        f"* model: transformer-align\n"
        f"* source language(s): {ISO3.get(src, src)}\n"
        f"* target language(s): {ISO3.get(tgt, tgt)}\n"
        f"* pre-processing: normalization + SentencePiece (spm32k,spm32k)\n"
        f"* download: opus-2020-01-01.zip\n"
        f"* model file: {model_name}\n"
    )


def build_opus_mt_folder(
    dest: str | Path,
    src: str = "ar",
    tgt: str = "en",
    *,
    layers: int = 1,
    d_model: int = 32,
    heads: int = 2,
    ffn: int = 64,
    seed: int = 0,
    readme: bool = True,
    vocab_size: int = 400,
    joint: bool = False,
    vocab_rows: int | None = None,
    eos_bias: float = 0.0,
    scale: float | None = None,
    activation: str = "swish",
    model_name: str = OPUS_MODEL_NAME,
    vocab_name: str = OPUS_VOCAB_NAME,
    train_sentences: Iterable[str] | None = None,
    favour: str | None = None,
    readme_text: str | None = None,
    lang_tokens: Iterable[str] = (),
) -> Path:
    """Write an OPUS-MT download folder with random weights; see the module docstring."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    extra = list(train_sentences or [])
    with tempfile.TemporaryDirectory() as tmp:
        if joint:
            spm_src = spm_tgt = train_spm(Path(tmp) / "joint", f"{src}+{tgt}", vocab_size, seed=seed, sentences=extra)
        else:
            spm_src = train_spm(Path(tmp) / "src", src, vocab_size, seed=seed, sentences=extra)
            spm_tgt = train_spm(Path(tmp) / "tgt", tgt, vocab_size, seed=seed, sentences=extra)
        shutil.copyfile(spm_src, dest / "source.spm")
        shutil.copyfile(spm_tgt, dest / "target.spm")
    pieces: list[str] = []
    seen = {"</s>", "<unk>", "<pad>"}
    for spm_path in (dest / "source.spm", dest / "target.spm"):
        for piece in _spm_pieces(spm_path):
            if piece not in seen:
                seen.add(piece)
                pieces.append(piece)
    tokens = ["</s>", "<unk>", *lang_tokens, *pieces]
    if vocab_rows is not None:
        if vocab_rows < len(tokens) + 1:
            raise ValueError(f"vocab_rows={vocab_rows} is smaller than the {len(tokens) + 1} real tokens")
        tokens.extend(f"▁filler{i}" for i in range(vocab_rows - len(tokens) - 1))
    tokens.append("<pad>")
    _write_marian_vocab(dest / vocab_name, tokens)

    config = _marian_config(len(tokens), d_model, layers, heads, ffn, activation)
    if scale is None:  # tiny models need big weights for the output to depend on the source
        scale = 0.02 if d_model >= 256 else 1.0 / np.sqrt(d_model)
    favoured = [i for i, t in enumerate(tokens) if favour and _SCRIPT_LETTERS[favour].search(t)] or None
    weights = _marian_weights(len(tokens), d_model, layers, ffn, seed, eos_bias, scale, favoured)
    config_bytes = yaml.safe_dump(config, sort_keys=False).encode("utf-8") + b"\0"
    weights["special:model.yml"] = np.frombuffer(config_bytes, dtype=np.int8).copy()
    np.savez(dest / model_name, **weights)

    decoder = {
        "relative-paths": True,
        "models": [model_name],
        "vocabs": [vocab_name, vocab_name],
        "beam-size": 6,
        "normalize": 0.6,
        "word-penalty": 0,
        "mini-batch": 16,
        "maxi-batch": 100,
        "maxi-batch-sort": "src",
    }
    (dest / "decoder.yml").write_text(yaml.safe_dump(decoder, sort_keys=False), encoding="utf-8")
    if readme:
        (dest / "README.md").write_text(readme_text or _readme(src, tgt, model_name), encoding="utf-8")
    return dest


def build_base_shaped_opus_mt(
    dest: str | Path,
    src: str = "ar",
    tgt: str = "en",
    *,
    vocab_rows: int = 62_000,
    spm_vocab: int = 8000,
    seed: int = 0,
    train_sentences: Iterable[str] | None = None,
) -> Path:
    """The published OPUS-MT ara-eng shape (6+6 layers, 512, 8 heads, FFN 2048, 62k vocab), random."""
    return build_opus_mt_folder(
        dest, src, tgt, layers=6, d_model=512, heads=8, ffn=2048, seed=seed,
        vocab_size=spm_vocab, vocab_rows=vocab_rows, train_sentences=train_sentences,
    )


TC_BIG_RELEASES = {("ar", "en"): "2022-03-09", ("en", "ar"): "2022-02-25"}
TC_BIG_VOCAB_NAME = "opusTCv20210807+bt.spm32k-spm32k.vocab.yml"
TC_BIG_MODEL_NAME = "opusTCv20210807+bt.spm32k-spm32k.transformer-big.model1.npz.best-perplexity.npz"
TC_BIG_SHAPE = {"layers": 6, "d_model": 1024, "heads": 16, "ffn": 4096, "vocab_rows": 61_109}
# The same options at a size the test suite can afford (head size 4 instead of 64).
TC_BIG_SCALED = {"layers": 2, "d_model": 64, "heads": 16, "ffn": 256, "vocab_rows": 900}


def tc_big_readme(src: str, tgt: str) -> str:
    """A Tatoeba-MT tc-big README as published: the release name, languages, and for en→ar the labels."""
    release = f"opusTCv20210807+bt_transformer-big_{TC_BIG_RELEASES.get((src, tgt), '2022-03-09')}"
    targets = "afb ara" if tgt == "ar" else ISO3.get(tgt, tgt)
    lines = [
        f"# {release}.zip", "",
        "* dataset: opusTCv20210807+bt",
        "* model: transformer-big",
        f"* source language(s): {ISO3.get(src, src)}",
        f"* target language(s): {targets}",
    ]
    if tgt == "ar":
        lines.append("* valid language labels: >>afb<< >>ara<<")
    lines += [
        "* pre-processing: normalization + SentencePiece (spm32k,spm32k)",
        (f"* download: [{release}.zip](https://object.pouta.csc.fi/Tatoeba-MT-models/"
         f"{ISO3.get(src, src)}-{ISO3.get(tgt, tgt)}/{release}.zip)"),
        "* a sentence initial language token is required in the form of `>>id<<` (id = valid target language ID)"
        if tgt == "ar" else "",
    ]
    return "\n".join(lines) + "\n"


def build_tc_big_opus_mt(
    dest: str | Path,
    src: str = "ar",
    tgt: str = "en",
    *,
    full_size: bool = False,
    spm_vocab: int = 400,
    seed: int = 0,
    train_sentences: Iterable[str] | None = None,
    favour: str | None = None,
) -> Path:
    """A Tatoeba-MT tc-big release folder (transformer-big: relu FFN, 16 heads, its file names, README
    and, for en→ar, the ``>>ara<<``/``>>afb<<`` labels), random weights. ``full_size`` gives the published
    shape (6+6 layers, d_model 1024, FFN 4096, 61,109-row vocabulary: ~1 GB of float32 weights, for
    the benchmark); otherwise ``TC_BIG_SCALED``, the same options small enough for the test suite."""
    shape = TC_BIG_SHAPE if full_size else TC_BIG_SCALED
    return build_opus_mt_folder(
        dest, src, tgt, layers=shape["layers"], d_model=shape["d_model"], heads=shape["heads"],
        ffn=shape["ffn"], vocab_rows=shape["vocab_rows"], vocab_size=spm_vocab, seed=seed,
        activation="relu", model_name=TC_BIG_MODEL_NAME, vocab_name=TC_BIG_VOCAB_NAME,
        train_sentences=train_sentences, readme_text=tc_big_readme(src, tgt), favour=favour,
        lang_tokens=[">>afb<<", ">>ara<<"] if tgt == "ar" else [],
    )


NLLB_ZIP_TOP = "nllb-200_600M_int8_ct2"
NLLB_SPM_NAME = "flores200_sacrebleu_tokenizer_spm.model"
NLLB_LANG_TOKENS = ("arb_Arab", "eng_Latn", "fra_Latn", "arz_Arab", "ary_Arab", "deu_Latn")
NLLB_CONFIG = {  # what CTranslate2's converter writes for NLLB: the model adds neither <s> nor </s>
    "add_source_bos": False, "add_source_eos": False, "bos_token": "<s>",
    "decoder_start_token": "</s>", "eos_token": "</s>", "layer_norm_epsilon": None, "unk_token": "<unk>",
}


def build_nllb_ct2(dest_dir: str | Path, *, seed: int = 0) -> tuple[Path, Path]:
    """An NLLB-200 CTranslate2 release as published: ``nllb-200_600M_int8_ct2.zip`` (top folder of that
    name: model.bin, config.json, shared_vocabulary.txt holding the language tokens ``arb_Arab``,
    ``eng_Latn``, ...) and, beside it, the separate SentencePiece model
    ``flores200_sacrebleu_tokenizer_spm.model``. Tiny random weights. Returns (zip, spm)."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        opus = build_opus_mt_folder(
            Path(tmp) / "opus", "ar", "en", joint=True, seed=seed, readme=False, lang_tokens=NLLB_LANG_TOKENS,
        )
        ct2 = convert_opus_mt(opus, Path(tmp) / NLLB_ZIP_TOP)
        config = json.loads((ct2 / "config.json").read_text(encoding="utf-8"))
        config.update(NLLB_CONFIG)
        (ct2 / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        vocab = json.loads((ct2 / "shared_vocabulary.json").read_text(encoding="utf-8"))
        (ct2 / "shared_vocabulary.json").unlink()
        (ct2 / "shared_vocabulary.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
        archive = zip_folder(ct2, dest_dir / f"{NLLB_ZIP_TOP}.zip", top=NLLB_ZIP_TOP)
        spm_path = dest_dir / NLLB_SPM_NAME
        shutil.copyfile(opus / "source.spm", spm_path)
    return archive, spm_path


def zip_folder(folder: str | Path, dest_zip: str | Path, *, top: str | None = None) -> Path:
    """Zip every file of ``folder`` (under ``top/`` inside the archive when given)."""
    folder, dest_zip = Path(folder), Path(dest_zip)
    dest_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                zf.write(path, f"{top}/{rel}" if top else rel)
    return dest_zip


# --- CTranslate2 / Argos ------------------------------------------------------------------------


def convert_opus_mt(folder: str | Path, out: str | Path, quantization: str = "int8") -> Path:
    """Convert an OPUS-MT folder with CTranslate2's own converter (numpy only)."""
    from ctranslate2.converters import OpusMTConverter

    OpusMTConverter(str(folder)).convert(str(out), quantization=quantization, force=True)
    return Path(out)


def build_ct2_folder(
    dest: str | Path,
    src: str = "ar",
    tgt: str = "en",
    *,
    quantization: str = "int8",
    spm_names: tuple[str, str] = ("source.spm", "target.spm"),
    **opus_kwargs: object,
) -> Path:
    """A CTranslate2 model folder (converted OPUS-MT) with its SentencePiece models copied in."""
    dest = Path(dest)
    with tempfile.TemporaryDirectory() as tmp:
        opus = build_opus_mt_folder(Path(tmp) / "opus", src, tgt, **opus_kwargs)  # type: ignore[arg-type]
        convert_opus_mt(opus, dest, quantization)
        shutil.copyfile(opus / "source.spm", dest / spm_names[0])
        if spm_names[1] != spm_names[0]:
            shutil.copyfile(opus / "target.spm", dest / spm_names[1])
    return dest


def argos_metadata(src: str, tgt: str, package_version: str = "1.0") -> dict:
    return {
        "package_version": package_version,
        "argos_version": "1.9.0",
        "from_code": src,
        "from_name": NAMES.get(src, src),
        "to_code": tgt,
        "to_name": NAMES.get(tgt, tgt),
        "package_type": "translate",
        "links": [f"https://example.invalid/translate-{src}_{tgt}-{package_version.replace('.', '_')}.argosmodel"],
        "languages": [
            {"code": src, "name": NAMES.get(src, src)},
            {"code": tgt, "name": NAMES.get(tgt, tgt)},
        ],
    }


def build_argos_package(
    dest_file: str | Path,
    src: str = "ar",
    tgt: str = "en",
    *,
    package_version: str = "1.0",
    quantization: str = "int8",
    **opus_kwargs: object,
) -> Path:
    """An ``.argosmodel`` zip (joint SentencePiece model, CTranslate2 model under ``model/``)."""
    dest_file = Path(dest_file)
    top = f"translate-{src}_{tgt}-{package_version.replace('.', '_')}"
    opus_kwargs.setdefault("joint", True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / top
        pkg.mkdir()
        opus = build_opus_mt_folder(Path(tmp) / "opus", src, tgt, readme=False, **opus_kwargs)  # type: ignore[arg-type]
        convert_opus_mt(opus, pkg / "model", quantization)
        shutil.copyfile(opus / "source.spm", pkg / "sentencepiece.model")
        meta = json.dumps(argos_metadata(src, tgt, package_version), indent=2)
        (pkg / "metadata.json").write_text(meta, encoding="utf-8")
        readme = f"Random-weight {src}→{tgt} test package built by tests/mtfactory.py\n"
        (pkg / "README.md").write_text(readme, encoding="utf-8")
        zip_folder(pkg, dest_file, top=top)
    return dest_file
