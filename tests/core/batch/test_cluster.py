"""Batch runs on a real two-node Ray cluster, alone on loopback in a network namespace of its own
(see raycluster.py): the same results as on one machine for translate, summarize and brief; a
worker node killed mid-run costs nothing; a killed driver resumes; bad articles are reported.

One cluster for the whole module (two nodes of one CPU, started once); the tiny random-weight
model with greedy decoding on one thread, so the same article gives the same words anywhere.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from desk.cli import main
from tests.batchdata import (
    install_model,
    read_lines,
    seed_memory_and_glossary,
    write_archive,
)
from tests.core.batch.raycluster import LoopbackCluster, skip_reason

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster() -> LoopbackCluster:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with LoopbackCluster(nodes=2, cpus_per_node=1) as running:
        yield running


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def archive(tmp_path: Path, model_cache: Path) -> tuple[Path, dict]:
    install_model(model_cache)
    path = tmp_path / "wire.jsonl"
    info = write_archive(path, arabic=10, english=3)
    seed_memory_and_glossary(path)  # the workers must use the driver's memory and glossary too
    return path, info


def local(args: list[str]) -> None:
    assert main([*args, "-q"]) in (0, 1)


def on_cluster(cluster: LoopbackCluster, args: list[str], *extra: str) -> subprocess.CompletedProcess:
    result = cluster.run([sys.executable, "-m", "desk.cli", *args, "-q", "--cluster", cluster.address,
                          "--workers", "2", "--threads-per-worker", "1", *extra])
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def by_id(path: Path) -> dict[str, dict]:
    lines = read_lines(path)
    counts = Counter(line["id"] for line in lines)
    assert all(n == 1 for n in counts.values()), [i for i, n in counts.items() if n > 1]  # each article once
    return {line["id"]: line for line in lines}


def errors(path: Path) -> dict[str, str]:
    return {line["id"]: line["reason"] for line in read_lines(path)}


@pytest.mark.parametrize("task,extra,results", [
    ("translate", [], "translations"),
    ("summarize", ["--sentences", "2"], "summaries"),
    ("brief", ["--sentences", "2", "--full-translation"], "briefs"),
])
def test_cluster_results_equal_single_machine(cluster: LoopbackCluster, archive: tuple[Path, dict], tmp_path: Path,
                                              task: str, extra: list[str], results: str) -> None:
    path, info = archive
    args = ["batch", task, str(path), "--to", "en", *extra]
    local([*args, "--out", str(tmp_path / "local")])
    run = on_cluster(cluster, [*args, "--out", str(tmp_path / "cluster")])
    assert "2 worker(s) on 2 node(s)" in run.stderr  # one replica per machine
    mine, theirs = by_id(tmp_path / "local" / f"{results}.jsonl"), by_id(tmp_path / "cluster" / f"{results}.jsonl")
    expected = info["ids"] if task != "translate" else info["arabic"]
    assert sorted(mine) == sorted(expected)
    assert theirs == mine  # the same sentences, targets, origins, flags, picks and scores
    if task == "translate":
        assert all(s["target"] for line in theirs.values() for s in line["sentences"])
        assert theirs["ar-000"]["sentences"][0]["origin"] == "memory"
        assert any("Zanzibar" in s["target"] for line in theirs.values() for s in line["sentences"])  # glossary
        failed = errors(tmp_path / "cluster" / "translations-errors.jsonl")
        assert failed.keys() == set(info["bad"]) | set(info["english"])
    else:
        assert errors(tmp_path / "cluster" / f"{results}-errors.jsonl").keys() == set(info["bad"])
    for bad, reason in info["bad"].items():
        assert reason in errors(tmp_path / "cluster" / f"{results}-errors.jsonl")[bad]
    if task == "brief":
        files = sorted(p.name for p in (tmp_path / "local").glob("*.md"))
        assert len(files) == len(info["ids"])
        for name in files:
            assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def wait_for_lines(path: Path, count: int, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if path.is_file() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} did not reach {count} line(s); driver exit {proc.poll()}:\n"
                         f"{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def test_killed_driver_resumes(cluster: LoopbackCluster, model_cache: Path, tmp_path: Path) -> None:
    install_model(model_cache)
    path = tmp_path / "wire.jsonl"
    info = write_archive(path, arabic=120, english=0, bad=False, sentences=6)
    out = tmp_path / "cluster"
    command = ["batch", "translate", str(path), "--to", "en", "--out", str(out)]
    log = tmp_path / "driver.log"
    with log.open("wb") as sink:
        driver = cluster.popen([sys.executable, "-m", "desk.cli", *command, "-q", "--cluster", cluster.address,
                                "--chunk-sentences", "8"], stdout=sink, stderr=sink)
    try:
        wait_for_lines(out / "translations.jsonl", 3, driver, log)
    finally:
        stop(driver)
    before = len(read_lines(out / "translations.jsonl"))
    assert before < len(info["ids"]), "the run finished before the driver could be killed"
    resumed = on_cluster(cluster, command, "--chunk-sentences", "8")  # the same command again
    assert f"{len(info['ids']) - before} article(s) translated, {before} already done, 0 failed" in resumed.stderr
    local(["batch", "translate", str(path), "--to", "en", "--out", str(tmp_path / "local")])
    assert by_id(out / "translations.jsonl") == by_id(tmp_path / "local" / "translations.jsonl")


def test_worker_node_killed_mid_run(cluster: LoopbackCluster, model_cache: Path, tmp_path: Path) -> None:
    install_model(model_cache)
    path = tmp_path / "wire.jsonl"
    info = write_archive(path, arabic=120, english=0, bad=False, sentences=6)
    out = tmp_path / "cluster"
    args = [sys.executable, "-m", "desk.cli", "batch", "translate", str(path), "--to", "en", "--out", str(out),
            "-q", "--cluster", cluster.address, "--chunk-sentences", "8", "--workers", "2"]
    log = tmp_path / "driver.log"
    with log.open("wb") as sink:
        driver = cluster.popen(args, stdout=sink, stderr=sink)
    try:
        wait_for_lines(out / "translations.jsonl", 2, driver, log)
        cluster.kill_node(1)  # the second machine dies with its worker and that worker's chunks
        driver.wait(timeout=240)
    finally:
        stop(driver)
        cluster.add_node()  # the next test (if any) gets its two machines back
    stderr = log.read_text(errors="replace")
    assert driver.returncode == 0, stderr[-3000:]
    assert "lost with its worker" in stderr  # a chunk really was in flight on the dead machine
    assert f"{len(info['ids'])} article(s) translated" in stderr
    local(["batch", "translate", str(path), "--to", "en", "--out", str(tmp_path / "local")])
    assert by_id(out / "translations.jsonl") == by_id(tmp_path / "local" / "translations.jsonl")
