"""`desk articles` and `desk sentences` through desk.cli.main: JSON contract and error exits."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk import cli
from desk.core.paths import resources_dir
from desk.core.text import loaders
from desk.core.text.readers import SizeLimits

SAMPLES = resources_dir() / "samples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_articles_json_feed(capsys: pytest.CaptureFixture[str], feed_sample: Path) -> None:
    code, out, err = run(capsys, "articles", str(feed_sample), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert isinstance(item["title"], str) and item["title"]
        assert item["lang"] in ("ar", "en")
        assert isinstance(item["captions"], list) and all(isinstance(c, str) for c in item["captions"])
        assert len(item["captions"]) == 1
        paragraphs = item["paragraphs"]
        assert paragraphs and all(isinstance(p, list) and p and all(isinstance(s, str) for s in p) for p in paragraphs)
        assert ["TT"] not in paragraphs
    assert data[1]["title"] == "Trump Opposes Israeli Annexation of West Bank"
    assert data[3]["paragraphs"][0][0].startswith("The European Union on Monday condemned")


def test_articles_json_arabic_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "articles", str(SAMPLES / "sample-ar.txt"), "--json")
    assert code == 0
    [item] = json.loads(out)
    assert item["lang"] == "ar"
    assert item["title"] == (SAMPLES / "sample-ar.txt").read_text(encoding="utf-8").splitlines()[0]
    assert len(item["paragraphs"]) == 6
    assert "\\u06" not in out  # Arabic is written as text, not escapes


def test_articles_human_output(capsys: pytest.CaptureFixture[str], feed_sample: Path) -> None:
    code, out, _ = run(capsys, "articles", str(feed_sample))
    assert code == 0
    lines = [ln for ln in out.splitlines() if ln.startswith("[")]
    assert len(lines) == 4
    assert lines[0].startswith("[0] International Coalition to End Mission in Iraq")
    assert out.count("caption:") == 4


def test_sentences_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("First sentence here. Second one!\n\nA new paragraph?\nIt continues.", encoding="utf-8")
    code, out, _ = run(capsys, "sentences", str(path), "--json")
    assert code == 0
    assert json.loads(out) == ["First sentence here.", "Second one!", "A new paragraph?", "It continues."]
    code, out, _ = run(capsys, "sentences", str(SAMPLES / "sample-ar.txt"), "--lang", "ar", "--json")
    assert code == 0
    sentences = json.loads(out)
    assert sentences[0] == "محطة تحلية تعمل بالطاقة الشمسية تبدأ تزويد بلدات ساحلية بالمياه"
    assert len(sentences) > 6


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "missing": tmp_path / "missing.txt",
        "dir": tmp_path / "folder",
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "binary": tmp_path / "photo.txt",
        "docx": tmp_path / "broken.docx",
        "pdf": tmp_path / "broken.pdf",
    }
    paths["dir"].mkdir()
    paths["empty"].write_bytes(b"")
    paths["blank"].write_text("  \n\n\t\n")
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    paths["docx"].write_bytes(b"PK\x03\x04broken")
    paths["pdf"].write_bytes(b"%PDF-1.7\nnonsense")
    return paths


@pytest.mark.parametrize("command", ["articles", "sentences"])
@pytest.mark.parametrize("case", ["missing", "dir", "empty", "blank", "binary", "docx", "pdf"])
def test_bad_input_exits_1_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, case: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    code, out, err = run(capsys, command, str(path), "--json")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("desk: Cannot open") and str(path) in lines[0]
    assert "Traceback" not in err


def test_too_large_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "DEFAULT_LIMITS", SizeLimits(text=100, binary=100))
    code, _, err = run(capsys, "articles", str(SAMPLES / "sample-en.txt"), "--json")
    assert code == 1
    assert "too large" in err and len(err.strip().splitlines()) == 1


def test_password_protected_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.hostile.files import encrypted_pdf

    path = encrypted_pdf(tmp_path / "minutes.pdf", "AES-256", user_password="s3cret")
    for command in ("articles", "sentences", "summarize"):
        code, out, err = run(capsys, command, str(path), "--json")
        assert code == 1 and out == ""
        assert err.strip() == f"desk: Cannot open {path}: it is protected by a password (give it with --password, or open it in the window)"
    code, _, err = run(capsys, "articles", str(path), "--password", "nope")
    assert code == 1 and err.strip().endswith("the password is wrong")
    code, out, err = run(capsys, "sentences", str(path), "--password", "s3cret", "--json")
    assert code == 0, err
    assert json.loads(out) == ["Minutes of the closed meeting."]


def test_sentences_of_one_article_are_the_cleaned_ones_with_ids(capsys: pytest.CaptureFixture[str],
                                                                 feed_sample: Path) -> None:
    # The whole file keeps the feed's debris (repeated caption, "TT"); --article K gives what
    # summarize, translate and compare work on, with the ids their --json output uses.
    code, out, _ = run(capsys, "sentences", str(feed_sample), "--json")
    assert code == 0 and "TT" in json.loads(out)
    code, out, _ = run(capsys, "sentences", str(feed_sample), "--article", "0", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0] == {"id": "t0", "text": "International Coalition to End Mission in Iraq, Keep Going in Syria"}
    assert [r["id"] for r in rows[1:3]] == ["c0", "p0s0"] and "TT" not in [r["text"] for r in rows]
    code, out, _ = run(capsys, "sentences", str(feed_sample), "--article", "1")
    assert code == 0 and out.splitlines()[0].startswith("t0\tTrump Opposes Israeli Annexation")
    code, _, err = run(capsys, "sentences", str(feed_sample), "--article", "9")
    assert code == 1 and "--article 9 does not exist" in err
