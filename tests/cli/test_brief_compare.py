"""`desk brief` and `desk compare` end to end: exit codes, messages, JSON, resume after a killed process,
and the real translation engine path once with a tiny random-weight model (plumbing only)."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk.cli import main
from desk.core.batch.runner import STATE_NAME
from tests import mtfactory

ROOT = Path(__file__).resolve().parents[2]
ARABIC = re.compile(r"[\u0600-\u06FF]")

OLD = (
    "Port reopens after storm\n\n"
    "The port reopened on Tuesday after a storm closed it for three days. "
    "Ships queued outside the harbour overnight.\n\n"
    "Officials said repairs to the main pier would take a month. "
    "Fishermen were allowed back on Wednesday."
)
NEW = (
    "Port reopens after storm\n\n"
    "The port reopened on Tuesday after a storm closed it for four days. "
    "Ships queued outside the harbour overnight.\n\n"
    "Fishermen were allowed back on Wednesday. "
    "The mayor thanked the rescue teams for their work."
)
AR = (
    "الميناء يعيد فتح أبوابه بعد العاصفة\n\n"
    "أعيد فتح الميناء يوم الثلاثاء بعد أن أغلقته عاصفة لمدة ثلاثة أيام. "
    "واصطفت السفن خارج المرفأ طوال الليل.\n\n"
    "وقال المسؤولون إن إصلاح الرصيف الرئيسي سيستغرق شهرا."
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in {"old.txt": OLD, "new.txt": NEW, "ar.txt": AR}.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture
def tiny_ar_en(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Install a tiny random-weight OPUS-MT ar→en model into this test's data folder."""
    from desk.core.mt.engine import unload_all
    from desk.core.mt.store import ModelStore

    folder = mtfactory.build_opus_mt_folder(tmp_path_factory.mktemp("opus") / "m", "ar", "en", eos_bias=2.0)
    info = ModelStore().install(folder)
    yield info.id
    unload_all()


# --- compare -------------------------------------------------------------------------------------


def test_compare_same_language_json(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", str(files["old.txt"]), str(files["new.txt"]), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "same-language"
    got = [(p["op"], p["a"]["id"] if p["a"] else None, p["b"]["id"] if p["b"] else None) for p in data["pairs"]]
    assert got == [
        ("equal", "t0", "t0"),
        ("changed", "p0s0", "p0s0"),
        ("equal", "p0s1", "p0s1"),
        ("removed", "p1s0", None),
        ("equal", "p1s1", "p1s0"),
        ("added", None, "p1s1"),
    ]
    changed = data["pairs"][1]
    assert ["delete", "three"] in changed["diff"] and ["insert", "four"] in changed["diff"]
    assert 0 < changed["similarity"] < 1
    for p in data["pairs"]:
        assert set(p) >= {"op", "a", "b", "similarity", "diff"}


def test_compare_human_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", str(files["old.txt"]), str(files["new.txt"])], capsys)
    assert code == 0
    assert "mode: same-language" in out.splitlines()[0]
    assert "[-three-]{+four+}" in out
    assert "  + The mayor thanked the rescue teams for their work." in out
    assert "  - Officials said repairs to the main pier would take a month." in out


def test_compare_cross_language_without_model_is_a_clear_error(files: dict[str, Path],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["compare", str(files["ar.txt"]), str(files["old.txt"]), "--json"], capsys)
    assert code == 1 and out == ""
    assert "Comparing an Arabic text with an English one needs a translation model" in err and "ar→en or en→ar" in err


def test_compare_article_out_of_range(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["compare", str(files["old.txt"]), str(files["new.txt"]), "--article-b", "3"], capsys)
    assert code == 1 and "article 3 does not exist" in err


def test_compare_cross_language_through_the_engine(files: dict[str, Path], tiny_ar_en: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # English first: the installed model only goes ar→en, so the B side is the one translated.
    code, out, err = run(["compare", str(files["old.txt"]), str(files["ar.txt"]), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["mode"] == "cross-language" and data["translated_side"] == "b"
    a_seen = sorted(i for p in data["pairs"] if p["a"] for i in p["a"].get("indices", [p["a"]["index"]]))
    b_seen = sorted(i for p in data["pairs"] if p["b"] for i in p["b"].get("indices", [p["b"]["index"]]))
    assert a_seen == list(range(5)) and b_seen == list(range(4))  # every sentence exactly once
    for p in data["pairs"]:
        if p["b"]:
            assert isinstance(p["b"]["translation"], str) and not ARABIC.search(p["b"]["translation"])


# --- brief ------------------------------------------------------------------------------------------


def test_brief_no_translate_and_rerun(files: dict[str, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "briefs"
    inputs = [str(files["old.txt"]), str(files["ar.txt"])]
    code, _, err = run(["brief", *inputs, "--out", str(out_dir), "--no-translate", "--sentences", "1"], capsys)
    assert code == 0, err
    assert "2 brief(s) written, 0 already done, 0 failed" in err
    assert "2/2" in err  # the progress bar
    briefs = sorted(p for p in out_dir.iterdir() if p.suffix == ".md")
    assert len(briefs) == 2
    texts = {p.read_text(encoding="utf-8").splitlines()[0] for p in briefs}
    assert texts == {"# Port reopens after storm", "# الميناء يعيد فتح أبوابه بعد العاصفة"}
    code, _, err = run(["brief", *inputs, "--out", str(out_dir), "--no-translate", "-q"], capsys)
    assert code == 0 and "0 brief(s) written, 2 already done" in err and "2/2" not in err


def test_brief_without_model_says_so(files: dict[str, Path], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", str(files["ar.txt"]), "--to", "en", "--out", str(tmp_path / "o")], capsys)
    assert code == 1
    assert "No installed model translates ar to en" in err and "--no-translate" in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_brief_in_english_does_not_need_a_model_for_english(files: dict[str, Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", str(files["old.txt"]), "--to", "en", "--out", str(tmp_path), "--format", "docx"],
                       capsys)
    assert code == 0, err
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_brief_translates_through_the_engine(files: dict[str, Path], tiny_ar_en: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", str(files["ar.txt"]), "--to", "en", "--out", str(tmp_path), "--sentences", "2",
                        "--full-translation", "--format", "html"], capsys)
    assert code == 0, err
    page = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in page
    assert f"Machine translation: {tiny_ar_en}" in page
    assert 'dir="rtl"' in page  # the original headline is quoted right-to-left


# --- a killed process resumes --------------------------------------------------------------------------


def test_killed_batch_resumes_where_it_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    total = 40
    for k in range(total):
        (src / f"story{k:02d}.txt").write_text(
            f"Story number {k} about the harbour\n\n"
            f"The harbour authority published report {k} on Monday. Traffic rose by {k} percent.\n\n"
            f"Officials expect more ships next month. The mayor welcomed report {k}.",
            encoding="utf-8",
        )
    out_dir = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk.cli", "brief", str(src), "--out", str(out_dir), "--no-translate", "-q"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    state = out_dir / STATE_NAME
    deadline = time.monotonic() + 60
    try:
        while not state.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        assert state.exists(), "the batch never recorded a finished brief"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    done_before = {json.loads(line)["id"] for line in state.read_text(encoding="utf-8").splitlines()}
    if len(done_before) == total:
        pytest.skip("the batch finished before it could be killed")
    code, _, err = run(["brief", str(src), "--out", str(out_dir), "--no-translate", "-q"], capsys)
    assert code == 0, err
    assert f"{total - len(done_before)} brief(s) written, {len(done_before)} already done, 0 failed" in err
    assert len(list(out_dir.glob("*.md"))) == total
    assert not list(out_dir.glob(".*.part"))  # a temporary file left by the kill is cleaned up
