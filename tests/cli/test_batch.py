"""`desk batch translate|summarize|brief` on one machine: output files, the summary line, resume,
errors, the progress bar, and what --cluster says when it cannot run."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from desk.cli import main
from desk.cli.batch import ProgressBar
from desk.core.batch.runner import BatchItem
from desk.core.jobs import Progress
from tests.batchdata import install_model, read_lines, write_archive


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, dict]:
    install_model(tmp_path)
    path = tmp_path / "wire.jsonl"
    return path, write_archive(path, arabic=4, english=2)


def test_translate_archive_then_resume(archive: tuple[Path, dict], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path, info = archive
    out = tmp_path / "out"
    code, stdout, err = run(["batch", "translate", str(path), "--to", "en", "--out", str(out)], capsys)
    assert code == 1 and stdout == ""  # bad records and English articles failed; the rest is done
    failed = len(info["bad"]) + len(info["english"])
    assert f"4 article(s) translated, 0 already done, {failed} failed → {out / 'translations.jsonl'}" in err
    assert f"errors in {out / 'translations-errors.jsonl'}" in err
    assert f"{len(info['ids']) + len(info['bad'])}/{len(info['ids']) + len(info['bad'])} articles" in err  # the bar
    lines = read_lines(out / "translations.jsonl")
    assert [line["id"] for line in lines] == info["arabic"]
    assert set(lines[0]) >= {"id", "title", "source", "lang", "target_lang", "model", "sentences", "options"}
    assert set(lines[0]["sentences"][0]) == {"id", "source", "target", "origin", "flags"}
    reasons = {e["id"]: e["reason"] for e in read_lines(out / "translations-errors.jsonl")}
    assert set(reasons) == set(info["bad"]) | set(info["english"])
    assert all(fragment in reasons[i] for i, fragment in info["bad"].items())

    code, _, err = run(["batch", "translate", str(path), "--to", "en", "--out", str(out), "-q"], capsys)
    assert code == 1 and f"0 article(s) translated, 4 already done, {failed} failed" in err
    assert "articles," not in err  # -q: no progress bar
    assert len(read_lines(out / "translations.jsonl")) == 4  # nothing written twice


def test_summarize_and_brief_from_the_same_archive(archive: tuple[Path, dict], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path, info = archive
    code, _, err = run(["batch", "summarize", str(path), "--out", str(tmp_path / "s"), "--words", "12", "-q"], capsys)
    assert code == 1 and f"{len(info['ids'])} article(s) summarized" in err
    summaries = read_lines(tmp_path / "s" / "summaries.jsonl")
    assert {s["summary_lang"] for s in summaries} == {"ar", "en"} and all(s["picks"] for s in summaries)
    code, _, err = run(["batch", "brief", str(path), "--to", "en", "--out", str(tmp_path / "b"), "-q",
                        "--format", "html"], capsys)
    assert code == 1 and f"{len(info['ids'])} brief(s) written" in err
    index = read_lines(tmp_path / "b" / "briefs.jsonl")
    assert sorted(line["id"] for line in index) == sorted(info["ids"])
    for line in index:
        page = (tmp_path / "b" / line["output"]).read_text(encoding="utf-8")
        assert '<html lang="en" dir="ltr">' in page


def test_other_options_on_resume_are_refused(archive: tuple[Path, dict], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = archive
    out = str(tmp_path / "s")
    run(["batch", "summarize", str(path), "--out", out, "--sentences", "1", "-q"], capsys)
    code, _, err = run(["batch", "summarize", str(path), "--out", out, "--sentences", "2", "-q"], capsys)
    assert code == 1 and "made with length=" in err and "choose another --out folder" in err


def test_missing_model_leaves_the_output_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.jsonl"
    write_archive(path, arabic=2, english=0, bad=False)
    code, _, err = run(["batch", "translate", str(path), "--to", "en", "--out", str(tmp_path / "o")], capsys)
    assert code == 1 and "No installed model translates ar to en" in err
    assert not (tmp_path / "o").exists()


def test_cluster_without_ray_says_how_to_install(archive: tuple[Path, dict], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = archive
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    code, _, err = run(["batch", "translate", str(path), "--to", "en", "--out", str(tmp_path / "o"),
                        "--cluster", "10.0.0.1:6379"], capsys)
    assert code == 1 and "pip install 'desk[cluster]'" in err
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    code, _, err = run(["batch", "translate", str(path), "--to", "en", "--out", str(tmp_path / "o"), "--cluster"],
                       capsys)
    assert code == 1 and "pass --cluster HOST:PORT" in err and "RAY_ADDRESS" in err


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def progress(done: int, total: int, status: str = "done", sentences: int = 10) -> Progress:
    return Progress(done, total, "t", payload=BatchItem(str(done), "t", "s", "", status, sentences=sentences))


def test_progress_bar_rate_and_time_left() -> None:
    clock = Clock()
    stream = io.StringIO()
    bar = ProgressBar(stream=stream, every=10.0, clock=clock)
    bar.update(progress(1, 40, "skipped", 0))  # skipped articles do not count for the rate
    for done in range(2, 12):
        clock.now += 0.5
        bar.update(progress(done, 40))
    line = bar.line(11, 40)
    assert "11/40 articles, 100 sentences" in line
    assert "2.00 art/s, 20.0 sent/s" in line and "15s left" in line  # 29 left at 2 per second: 14.5 s
    assert stream.getvalue().count("\n") == 1  # not a terminal: one line so far (at the start)
    clock.now += 30
    bar.update(progress(40, 40))
    assert stream.getvalue().splitlines()[-1].startswith("[####################] 40/40 articles")


def test_summary_line_points_at_the_json(archive: tuple[Path, dict], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = archive
    good = tmp_path / "good.jsonl"
    good.write_text("".join(line + "\n" for line in path.read_text(encoding="utf-8").splitlines()
                            if line.startswith('{"id": "ar-')), encoding="utf-8")
    code, _, err = run(["batch", "translate", str(good), "--to", "en", "--out", str(tmp_path / "o"), "-q"], capsys)
    assert code == 0 and "0 failed" in err and "errors in" not in err
    assert json.loads((tmp_path / "o" / "translations.jsonl").read_text().splitlines()[0])["id"] == "ar-000"
