"""Batch throughput: one process vs a Ray cluster on the same cores (not collected by pytest).

    python tests/bench/bench_batch.py [--articles 200] [--max-sentences 3] [--cpus 2] [--chunk-sentences 64] [--beam 1]

Translates ``--articles`` Arabic articles (consecutive FLORES-200 devtest sentences from the same
source page, at most ``--max-sentences`` each; synthetic sentences when ../shared is missing) into
English with a random-weight model of the published OPUS-MT ara-eng shape (6+6 layers, d_model 512,
62k vocabulary, int8: the per-token cost of the real model; built once and cached in
~/.cache/desk-bench or $DESK_BENCH_CACHE), through ``desk batch translate``'s code path, three ways:

* one process (the single-machine path), engine on ``--cpus`` threads;
* Ray, 1 worker × ``--cpus`` threads;
* Ray, ``--cpus`` workers × 1 thread;

all on one Ray node of ``--cpus`` CPUs started by the benchmark, inside a network namespace of its
own with only loopback up (it re-runs itself under ``unshare -n``; root or user namespaces needed).
For each it prints articles/s and sentences/s of the run itself, the CPU seconds every process of
the namespace spent on it (the driver, Ray's own processes and the workers: on a shared machine
that figure moves less with other people's load than the wall clock), and, separately, the start-up:
connecting, packing the data into the object store, starting the workers (each unpacks the data and
loads the model) and, for one process, loading the model. Every run writes into a new folder, so
nothing is skipped; the outputs of the three runs are checked to be identical.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
FLORES = ROOT.parent / "shared" / "eval" / "flores200"
MODEL_KEY = "batch-opus-ara-eng-base-shape-v1"


def cache_dir() -> Path:
    return Path(os.environ.get("DESK_BENCH_CACHE", Path.home() / ".cache" / "desk-bench"))


def data_folder() -> Path:
    """A data folder with the base-shaped ar→en model installed (cached between runs)."""
    from tests import mtfactory

    data = cache_dir() / MODEL_KEY
    os.environ["DESK_DATA_DIR"] = str(data)
    from desk.core.mt.store import ModelStore

    store = ModelStore()
    if not store.find("ar", "en"):
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            extra = []
            if FLORES.is_dir():
                for name in ("arb_Arab.devtest", "eng_Latn.devtest"):
                    extra += (FLORES / name).read_text(encoding="utf-8").splitlines()[-300:]
            folder = mtfactory.build_base_shaped_opus_mt(Path(tmp) / "opus", "ar", "en", train_sentences=extra or None)
            store.install(folder)
        print(f"built and installed the base-shaped model in {time.perf_counter() - t0:.0f} s")
    return data


def write_archive(path: Path, articles: int, max_sentences: int) -> int:
    """JSON Lines of Arabic articles; returns the number of sentences."""
    from tests import mtfactory

    groups: list[list[str]] = []
    if FLORES.is_dir():
        texts = (FLORES / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()
        meta = (FLORES / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]
        urls = [row.split("\t")[0] for row in meta]
        previous = None
        for text, url in zip(texts, urls):
            if url != previous or len(groups[-1]) >= max_sentences:
                groups.append([])
                previous = url
            groups[-1].append(text)
    pool = mtfactory.synthetic_sentences("ar", n=articles * max_sentences, seed=5)
    while len(groups) < articles:
        k = len(groups)
        groups.append(pool[k * max_sentences:(k + 1) * max_sentences])
    groups = groups[:articles]
    with path.open("w", encoding="utf-8") as out:
        for k, sentences in enumerate(groups):
            out.write(json.dumps({"id": f"a{k:04d}", "title": "", "paragraphs": [" ".join(sentences)], "lang": "ar"},
                                 ensure_ascii=False) + "\n")
    return sum(len(g) for g in groups)


def cpu_seconds() -> float:
    """User + system CPU time of every live process in this network namespace (all of them ours)."""
    netns = os.readlink("/proc/self/ns/net")
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{entry}/ns/net") != netns:
                continue
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def driver_writes(folder: Path, example: dict, count: int = 2000) -> float:
    """Articles per second the driver can record (one line each, written and fsync'd as in a run)."""
    from desk.core.batch.output import BatchOutput

    output = BatchOutput(folder, "translate", example.get("options", {}))
    t0 = time.perf_counter()
    for k in range(count):
        output.write([({**example, "id": f"w{k}"}, None)])
    output.close()
    return count / (time.perf_counter() - t0)


def ray_command() -> str:
    beside = Path(sys.executable).parent / "ray"
    return str(beside) if beside.is_file() else (shutil.which("ray") or "ray")


def start_node(cpus: int, temp: Path) -> subprocess.Popen:
    log = temp / "node.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0"}
    with log.open("wb") as out:
        node = subprocess.Popen(
            [ray_command(), "start", "--head", "--block", "--node-ip-address=127.0.0.1", "--port=6379",
             f"--num-cpus={cpus}", "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}/ray",
             "--object-store-memory=500000000"], stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while b"Ray runtime started" not in log.read_bytes():
        if node.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"Ray did not start:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    return node


def run(label: str, archive: Path, out: Path, cpus: int, cluster: tuple[int, int] | None, chunk: int,
        sentences: int) -> dict:
    import dataclasses

    from desk.core.application import Application
    from desk.core.batch.plan import cluster_executor, local_executor, plan_batch
    from desk.core.batch.runner import run_task
    from desk.core.batch.work import TaskSpec
    from desk.core.jobs import run_job
    from desk.core.mt.engine import unload_all

    unload_all()
    app = Application()
    app.settings.engine = dataclasses.replace(app.settings.engine, inter_threads=1, intra_threads=cpus)
    t0 = time.perf_counter()
    plan = plan_batch([archive], TaskSpec("translate", "en"), app)
    startup: dict[str, float] = {}
    if cluster is None:
        executor = local_executor(app, plan)
        for engine in app.engines("ar", "en"):
            engine.load()
        startup["model load"] = time.perf_counter() - t0
    else:
        from desk.core.batch.cluster import ClusterOptions

        executor = cluster_executor(app, plan, ClusterOptions("127.0.0.1:6379", cluster[0], cluster[1], chunk))
        s = executor.startup
        startup = {"connect": s.connect_seconds, "data": s.pack_seconds, "workers ready": s.ready_seconds,
                   "load per worker": max(s.load_seconds)}
    t1, c1 = time.perf_counter(), cpu_seconds()
    try:
        result = run_job(run_task(plan.source, out, plan.spec, executor, total=plan.survey.items))
        seconds, cpu = time.perf_counter() - t1, cpu_seconds() - c1  # before the workers are stopped
    finally:
        executor.close()
    assert len(result.done) == plan.survey.items, [i.error for i in result.failed][:3]
    return {"label": label, "seconds": seconds, "cpu": cpu, "articles": len(result.done), "sentences": sentences,
            "startup": startup, "startup_total": t1 - t0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--max-sentences", type=int, default=3)
    parser.add_argument("--beam", type=int, default=1, help="beam size written to the data folder's settings.ini")
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--chunk-sentences", type=int, default=64)
    parser.add_argument("--in-netns", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    if not args.in_netns:
        data_folder()  # build the model outside the namespace's time budget
        command = " ".join(["ip link set lo up &&", "exec", sys.executable, *map(_quote, sys.argv), "--in-netns"])
        return subprocess.call(["unshare", "-n", "sh", "-c", command])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped benchmark still stops its Ray node
    data = data_folder()
    (data / "settings.ini").write_text(f"[engine]\nbeam_size={args.beam}\n", encoding="utf-8")
    from desk.core.batch.output import results_path

    temp = Path(tempfile.mkdtemp(prefix="dbench-", dir="/tmp"))
    node = None
    try:
        archive = temp / "archive.jsonl"
        sentences = write_archive(archive, args.articles, args.max_sentences)
        node = start_node(args.cpus, temp)
        configs = [("one process", None), (f"Ray 1 worker x {args.cpus} threads", (1, args.cpus)),
                   (f"Ray {args.cpus} workers x 1 thread", (args.cpus, 1))]
        rows = []
        for k, (label, cluster) in enumerate(configs):
            rows.append(run(label, archive, temp / f"out{k}", args.cpus, cluster, args.chunk_sentences, sentences))
        outputs = [_targets(results_path(temp / f"out{k}", "translate")) for k in range(len(configs))]
        same = all(o == outputs[0] for o in outputs)
        load = os.getloadavg()[0]
        print(f"\n{args.articles} articles, {sentences} sentences, ar→en, base-shaped int8 model, beam {args.beam};"
              f" {os.cpu_count()} CPUs here, Ray node of {args.cpus}; chunk {args.chunk_sentences} sentences")
        print(f"{'':<28}{'articles/s':>11}{'sentences/s':>13}{'run s':>8}{'vs one':>8}{'CPU s':>8}{'vs one':>8}"
              f"   start-up (s)")
        base, base_cpu = rows[0]["seconds"], rows[0]["cpu"]
        for row in rows:
            parts = ", ".join(f"{k} {v:.1f}" for k, v in row["startup"].items())
            rates = f"{row['articles'] / row['seconds']:>11.2f}{row['sentences'] / row['seconds']:>13.2f}"
            cost = (f"{row['seconds']:>8.1f}{row['seconds'] / base - 1:>+8.0%}"
                    f"{row['cpu']:>8.1f}{row['cpu'] / base_cpu - 1:>+8.0%}")
            print(f"{row['label']:<28}{rates}{cost}   {row['startup_total']:.1f} ({parts})")
        print(f"outputs identical across the three runs: {same}; 1-minute load average at the end: {load:.1f}")
        example = json.loads(results_path(temp / "out0", "translate").read_text(encoding="utf-8").splitlines()[0])
        print(f"the driver records {driver_writes(temp / 'writes', example):.0f} articles/s "
              f"(lines of {len(json.dumps(example, ensure_ascii=False))} characters, each fsync'd)")
        return 0 if same else 1
    finally:
        if node is not None:  # every other process in this private namespace is the Ray node's
            netns = os.readlink("/proc/self/ns/net")
            for entry in os.listdir("/proc"):
                if entry.isdigit() and int(entry) != os.getpid():
                    try:
                        if os.readlink(f"/proc/{entry}/ns/net") == netns:
                            os.kill(int(entry), 9)
                    except OSError:
                        continue
            node.wait()
        shutil.rmtree(temp, ignore_errors=True)


def _targets(path: Path) -> dict[str, list[str]]:
    return {r["id"]: [s["target"] for s in r["sentences"]] for r in map(json.loads, path.read_text().splitlines())}


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


if __name__ == "__main__":
    raise SystemExit(main())
