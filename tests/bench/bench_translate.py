"""Translation throughput benchmark (not collected by pytest; run it by hand).

    python tests/bench/bench_translate.py [--sentences 100] [--beam 2] [--loop 20] [--threads 0] [--repeat 1]
    python tests/bench/bench_translate.py --shapes [--install] [--sentences 100]   # base vs tc-big rows only

Builds (once, cached in ~/.cache/desk-bench or $DESK_BENCH_CACHE) a random-weight model of the
published OPUS-MT ara-eng shape (6+6 layers, d_model 512, 8 heads, FFN 2048, 62k vocabulary)
through the real OPUS-MT → CTranslate2 int8 conversion, then translates the first FLORES-200
devtest Arabic sentences as ONE document and prints, under identical decoding settings (same
beam, same per-sentence cap ``desk.core.mt.engine.decoding_cap``, outputs cut to that cap):

* the pipeline (``translate_article``): sentences/s, output tokens/s, time to first sentence;
* raw CTranslate2 ``translate_batch`` on the same pre-tokenized sentences, several batchings
  (the best one is the reference);
* for information, ``translate_iterable`` (CTranslate2's own batching; it cannot take a cap per
  sentence, so it decodes every sentence up to the longest one's cap and is not the reference);
* a one-sentence-at-a-time loop on the first ``--loop`` sentences (how Argos Translate works);
* peak memory (RSS).

``--shapes`` compares model shapes instead, one row each: the base shape above and the Tatoeba-MT
tc-big shape (transformer-big: 6+6 layers, d_model 1024, 16 heads, FFN 4096, relu, 61,109-row
vocabulary, built by ``mtfactory.build_tc_big_opus_mt(full_size=True)``), each in a process of its
own so its peak memory (RSS) is its own: model size on disk, load time, the pipeline's output
tokens/s and time to first sentence. ``--install`` installs each model through ``ModelStore.install``
from its OPUS-MT folder first (the real conversion and checks) and adds the install time; the peak
memory then includes the conversion.

A random model rarely emits </s>, so outputs run to the cap: compare tokens/s, not sentences/s.
The last column is the machine's 1-minute load average when the run ended: on a shared machine,
compare runs made under similar load.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desk.core.model import Article, Paragraph, Sentence  # noqa: E402
from desk.core.mt.engine import Engine, decoding_cap, get_engine, plan_batches  # noqa: E402
from desk.core.mt.info import EngineSettings, ModelInfo  # noqa: E402
from desk.core.mt.pipeline import translate_article  # noqa: E402
from desk.core.mt.store import ModelStore  # noqa: E402
from tests import mtfactory  # noqa: E402

FLORES = ROOT.parent / "shared" / "eval" / "flores200"
MODEL_KEYS = {"base": "opus-ara-eng-base-shape-v1", "tc-big": "opus-ara-eng-tc-big-shape-v1"}


def cache_dir() -> Path:
    return Path(os.environ.get("DESK_BENCH_CACHE", Path.home() / ".cache" / "desk-bench"))


def build_model(shape: str = "base", *, keep_npz: bool = False) -> tuple[Path, Path]:
    """The converted int8 model of ``shape`` (cached) and its OPUS-MT folder (spm files; the .npz
    weights too when ``keep_npz``, for installing through the store)."""
    root = cache_dir() / MODEL_KEYS[shape]
    opus, ct2 = root / "opus", root / "ct2"
    if not (ct2 / "model.bin").is_file() or keep_npz and not any(opus.glob("*.npz")):
        shutil.rmtree(root, ignore_errors=True)
        t0 = time.perf_counter()
        # SentencePiece trained on FLORES lines the benchmark does not translate (100+), so
        # tokens per sentence are realistic; the vocabulary is padded to the shape's rows.
        extra = []
        for name in ("arb_Arab.devtest", "eng_Latn.devtest"):
            extra += (FLORES / name).read_text(encoding="utf-8").splitlines()[100:]
        if shape == "tc-big":
            mtfactory.build_tc_big_opus_mt(opus, "ar", "en", full_size=True, spm_vocab=8000, train_sentences=extra)
        else:
            mtfactory.build_base_shaped_opus_mt(opus, "ar", "en", train_sentences=extra)
        mtfactory.convert_opus_mt(opus, ct2, quantization="int8")
        for npz in [] if keep_npz else opus.glob("*.npz"):
            npz.unlink()  # float32 weights (300 MB base, 1 GB tc-big), not needed once converted
        print(f"built {shape}-shaped model in {time.perf_counter() - t0:.1f} s → {ct2}", file=sys.stderr)
    return ct2, opus


def model_info(shape: str) -> ModelInfo:
    ct2, opus = build_model(shape)
    spm_src, spm_tgt = opus / "source.spm", opus / "target.spm"
    return ModelInfo(MODEL_KEYS[shape], "ar", "en", "opus-mt", ct2.parent, ct2, spm_src, spm_tgt)


def flores_article(n: int) -> Article:
    """The first ``n`` devtest sentences as one article, paragraphs = runs of the same source URL."""
    texts = (FLORES / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()[:n]
    urls = [row.split("\t")[0] for row in (FLORES / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:n + 1]]
    paragraphs: list[Paragraph] = []
    previous = None
    for text, url in zip(texts, urls):
        if url != previous:
            paragraphs.append(Paragraph([], "ar"))
            previous = url
        p = len(paragraphs) - 1
        paragraphs[-1].sentences.append(Sentence(f"p{p}s{len(paragraphs[-1].sentences)}", text, "ar"))
    return Article("flores", "flores200", "", "ar", paragraphs)


def counted(results: list, sources: list[list[str]]) -> int:
    return sum(min(len(r.hypotheses[0]), decoding_cap(len(s))) for r, s in zip(results, sources))


def run_raw(engine: Engine, tokens: list[list[str]], batches: list[list[int]], beam: int) -> tuple[float, int]:
    translator = engine.runtime.translator
    t0 = time.perf_counter()
    produced = 0
    for batch in batches:
        sources = [tokens[i] for i in batch]
        cap = max(decoding_cap(len(s)) for s in sources)
        results = translator.translate_batch(sources, beam_size=beam, max_decoding_length=cap, max_input_length=0)
        produced += counted(results, sources)
    return time.perf_counter() - t0, produced


def run_iterable(engine: Engine, tokens: list[list[str]], beam: int, max_tokens: int) -> tuple[float, int]:
    """``translate_iterable`` (CTranslate2 batches and sorts itself) with ONE cap for all sentences:
    the longest sentence's cap. Outputs are cut to each sentence's own cap when counted."""
    translator = engine.runtime.translator
    cap = max(decoding_cap(len(t)) for t in tokens)
    t0 = time.perf_counter()
    results = list(translator.translate_iterable(
        tokens, max_batch_size=max_tokens, batch_type="tokens", beam_size=beam, max_decoding_length=cap
    ))
    return time.perf_counter() - t0, counted(results, tokens)


def run_pipeline(engine: Engine, article: Article, beam: int) -> tuple[float, float, int]:
    before = engine.stats.output_tokens
    t0 = time.perf_counter()
    first = None
    for progress in translate_article(article, engine, beam_size=beam):
        if first is None and any(t.origin == "machine" and t.text for _, t in progress.payload or []):
            first = time.perf_counter() - t0
    return time.perf_counter() - t0, first or float("nan"), engine.stats.output_tokens - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=100)
    parser.add_argument("--beam", type=int, default=EngineSettings().beam_size)
    parser.add_argument("--loop", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of pipeline + raw runs (medians are compared)")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0 = all cores)")
    parser.add_argument("--shapes", action="store_true", help="one row per model shape: base and tc-big")
    parser.add_argument("--install", action="store_true",
                        help="with --shapes: install each model through ModelStore.install first (real conversion)")
    parser.add_argument("--shape-row", choices=sorted(MODEL_KEYS), help=argparse.SUPPRESS)  # child of --shapes
    args = parser.parse_args()
    if not (FLORES / "arb_Arab.devtest").is_file():
        print(f"FLORES-200 devtest not found under {FLORES}", file=sys.stderr)
        return 2

    if args.shape_row:
        return shape_row(args.shape_row, args)
    if args.shapes:
        return compare_shapes(args)
    info = model_info("base")
    settings = EngineSettings(beam_size=args.beam, intra_threads=args.threads)
    engine = get_engine(info, settings)
    t0 = time.perf_counter()
    engine.load()
    load_s = time.perf_counter() - t0
    article = flores_article(args.sentences)
    texts = [s.text for s in article.sentences()]
    tokens = [engine.encode(t)[0] for t in texts]
    n = len(texts)
    print(f"{n} sentences, {sum(map(len, tokens))} source tokens (avg {sum(map(len, tokens)) / n:.1f}), "
          f"beam {args.beam}, cap min(512, 2*len+10), int8, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.1f}; model load {load_s:.2f} s")
    # Warm-up at full size: the first long run of a process is measurably slower (allocations, caches).
    engine.translate_tokens(tokens[:8], beam_size=args.beam)

    print(f"\n{'run':40} {'seconds':>8} {'sent/s':>8} {'tokens':>7} {'tok/s':>8} {'tok/cpu-s':>9} {'load':>5}", flush=True)
    cpu_rates: dict[str, list[float]] = {}
    cpu_mark = [time.process_time()]

    def row(name: str, seconds: float, produced: int, count: int) -> float:
        cpu = time.process_time() - cpu_mark[0]
        cpu_rates.setdefault(name, []).append(produced / cpu)
        print(f"{name:40} {seconds:8.2f} {count / seconds:8.2f} {produced:7d} {produced / seconds:8.1f} "
              f"{produced / cpu:9.1f} {os.getloadavg()[0]:5.1f}", flush=True)
        cpu_mark[0] = time.process_time()
        return produced / seconds

    order = sorted(range(n), key=lambda i: len(tokens[i]))
    variants = {
        "raw: plan_batches over the document": plan_batches([len(t) for t in tokens], max_tokens=settings.max_batch_tokens),
        "raw: length-sorted, 8 per batch": [order[k:k + 8] for k in range(0, n, 8)],
        "raw: length-sorted, 16 per batch": [order[k:k + 16] for k in range(0, n, 16)],
        "raw: length-sorted, 32 per batch": [order[k:k + 32] for k in range(0, n, 32)],
    }
    # Pipeline and raw runs alternate, so a change of machine load hits both; medians over rounds.
    p_rates: list[float] = []
    firsts: list[float] = []
    raw_rates: dict[str, list[float]] = {name: [] for name in variants}
    peak_mb = 0.0
    names = ["pipeline", *variants]
    for round_ in range(max(1, args.repeat)):
        # each round starts with a different run, so no run always pays for going first
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            cpu_mark[0] = time.process_time()
            if name == "pipeline":
                p_time, first_s, p_tokens = run_pipeline(engine, article, args.beam)
                p_rates.append(row("pipeline (translate_article)", p_time, p_tokens, n))
                firsts.append(first_s)
                peak_mb = peak_mb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            else:
                raw_rates[name].append(row(name, *run_raw(engine, tokens, variants[name], args.beam), n))
    row("raw: translate_iterable, one cap (info)", *run_iterable(engine, tokens, args.beam, settings.max_batch_tokens), n)
    loop_n = min(args.loop, n)
    loop_rate = row(f"one at a time, first {loop_n}", *run_raw(engine, tokens, [[i] for i in range(loop_n)], args.beam), loop_n)
    peak_all_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_best = max(statistics.median(rates) for rates in raw_rates.values())
    p_rate = statistics.median(p_rates)
    first_s = statistics.median(firsts)

    t0 = time.perf_counter()
    engine.runtime.translator.translate_batch(
        [tokens[0]], beam_size=args.beam, max_decoding_length=decoding_cap(len(tokens[0])), max_input_length=0
    )
    alone = time.perf_counter() - t0
    print(f"\ntime to first translated sentence: {first_s:.2f} s "
          f"(raw CTranslate2 on that sentence alone: {alone:.2f} s, {len(tokens[0])} source tokens)")
    print(f"peak RSS: {peak_mb:.0f} MB after the pipeline run (model, tokenizers, Python); "
          f"{peak_all_mb:.0f} MB after all runs (big raw batches, translate_iterable)")
    cpu_p = statistics.median(cpu_rates["pipeline (translate_article)"])
    cpu_raw = max(statistics.median(cpu_rates[name]) for name in variants)
    print(f"per CPU-second (less sensitive to other processes): pipeline {cpu_p:.1f} tok, best raw "
          f"{cpu_raw:.1f} tok ({cpu_p / cpu_raw:.2f}x)")
    checks = [
        (f"pipeline tok/s >= 0.9 x best raw ({p_rate:.1f} vs {raw_best:.1f}, {p_rate / raw_best:.2f}x)", p_rate >= 0.9 * raw_best),
        (f"pipeline tok/s >= 3 x one-at-a-time ({p_rate / loop_rate:.2f}x)", p_rate >= 3 * loop_rate),
        (f"first sentence < 1 s ({first_s:.2f} s)", first_s < 1.0),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


def shape_row(shape: str, args: argparse.Namespace) -> int:
    """One shape, in this process: print its figures as JSON (the parent of ``--shapes`` reads them).
    With ``--install`` the model is installed first by ``ModelStore.install`` from its OPUS-MT folder:
    the real path (copy, OpusMTConverter to int8, checks, a CTranslate2 load, the probe translation)."""
    install_s = float("nan")
    if args.install:
        _, opus = build_model(shape, keep_npz=True)
        store = ModelStore(Path(tempfile.mkdtemp(prefix="desk-bench-store-")))
        t0 = time.perf_counter()
        try:
            info = store.install(opus, model_id=f"bench-{shape}")
            install_s = time.perf_counter() - t0
        except Exception:
            shutil.rmtree(store.root, ignore_errors=True)
            raise
    else:
        info = model_info(shape)
    model_mb = (info.ct2_dir / "model.bin").stat().st_size / 1e6
    engine = get_engine(info, EngineSettings(beam_size=args.beam, intra_threads=args.threads))
    t0 = time.perf_counter()
    engine.load()
    load_s = time.perf_counter() - t0
    article = flores_article(args.sentences)
    texts = [s.text for s in article.sentences()]
    engine.translate_tokens([engine.encode(t)[0] for t in texts[:4]], beam_size=args.beam)  # warm-up
    seconds, first_s, produced = run_pipeline(engine, article, args.beam)
    if args.install:
        shutil.rmtree(info.path.parent, ignore_errors=True)
    print(json.dumps({
        "shape": shape, "model_mb": model_mb, "install_s": install_s, "load_s": load_s,
        "sentences": len(texts), "tokens": produced, "seconds": seconds, "tok_s": produced / seconds,
        "first_s": first_s, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg()[0],
    }))
    return 0


def compare_shapes(args: argparse.Namespace) -> int:
    print(f"pipeline (translate_article) on the first {args.sentences} FLORES-200 devtest sentences, ar→en, "
          f"beam {args.beam}, int8, {os.cpu_count()} cpus; each shape in its own process")
    print(f"\n{'shape':8} {'model.bin':>10} {'install s':>9} {'load s':>7} {'tokens':>7} {'seconds':>8} {'tok/s':>7} "
          f"{'first s':>8} {'peak RSS':>9} {'load':>5}")
    rows = []
    for shape in ("base", "tc-big"):
        cmd = [sys.executable, __file__, "--shape-row", shape, "--sentences", str(args.sentences),
               "--beam", str(args.beam), "--threads", str(args.threads), *(["--install"] if args.install else [])]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"{r['shape']:8} {r['model_mb']:7.0f} MB {r['install_s']:9.1f} {r['load_s']:7.2f} "
              f"{r['tokens']:7d} {r['seconds']:8.1f} "
              f"{r['tok_s']:7.1f} {r['first_s']:8.2f} {r['peak_rss_mb']:6.0f} MB {r['load_average']:5.1f}", flush=True)
    base, big = rows
    print(f"\ntc-big / base: {big['tok_s'] / base['tok_s']:.2f}x the tokens/s, "
          f"{big['peak_rss_mb'] / base['peak_rss_mb']:.2f}x the peak memory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
