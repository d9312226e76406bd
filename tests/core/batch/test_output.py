"""The output folder: whole lines only (a cut last line is dropped), appended never rewritten,
options checked on resume, the errors file of the latest run."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desk.core.batch.output import BatchOutput, JsonLinesLog, errors_path, results_path
from desk.core.errors import DeskError

OPTIONS = {"to": "en", "model": "", "memory": True}


def test_partial_last_line_is_cut_then_appending_goes_on(tmp_path: Path) -> None:
    log = JsonLinesLog(tmp_path / "r.jsonl")
    log.append([{"id": "a", "x": 1}, {"id": "b", "x": 2}])
    log.close()
    with (tmp_path / "r.jsonl").open("ab") as handle:  # the driver died in the middle of a write
        handle.write(b'{"id":"c","x":')
    again = JsonLinesLog(tmp_path / "r.jsonl")
    assert set(again.read()) == {"a", "b"}
    assert (tmp_path / "r.jsonl").read_bytes().endswith(b'"x":2}\n')
    again.append([{"id": "c", "x": 3}])
    again.close()
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]


def test_finished_articles_are_appended_not_rewritten(tmp_path: Path) -> None:
    out = BatchOutput(tmp_path, "translate", OPTIONS)
    out.write([({"id": f"a{k}"}, None) for k in range(3)])
    path = results_path(tmp_path, "translate")
    before, inode = path.read_bytes(), os.stat(path).st_ino
    out.write([({"id": "a3"}, None)])
    out.close()
    assert os.stat(path).st_ino == inode and path.read_bytes().startswith(before)
    assert path.read_bytes().count(b"\n") == 4
    resumed = BatchOutput(tmp_path, "translate", OPTIONS)
    assert all(resumed.is_done(f"a{k}") for k in range(4)) and not resumed.is_done("a4")
    resumed.close()


def test_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    out = BatchOutput(tmp_path, "translate", OPTIONS)
    out.write([({"id": "a"}, None)])
    out.close()
    with pytest.raises(DeskError, match="made with to=.en., not to=.ar.; run with the same options.*another --out"):
        BatchOutput(tmp_path, "translate", {**OPTIONS, "to": "ar"})


def test_briefs_need_their_file_and_format_only(tmp_path: Path) -> None:
    out = BatchOutput(tmp_path, "brief", {"format": "md", "algorithm": "lexrank"}, ("format",))
    out.write([({"id": "a", "output": "a.md"}, b"# A\n"), ({"id": "b", "output": "b.md"}, b"# B\n")])
    out.error("c", "C", "wire", "the article has no text")
    out.close()
    assert (tmp_path / "a.md").read_bytes() == b"# A\n"
    assert json.loads(errors_path(tmp_path, "brief").read_text())["reason"] == "the article has no text"
    (tmp_path / "b.md").unlink()
    again = BatchOutput(tmp_path, "brief", {"format": "md", "algorithm": "lsa"}, ("format",))
    assert again.is_done("a") and not again.is_done("b")  # another algorithm: still done; no file: redo
    assert not errors_path(tmp_path, "brief").exists()  # a new run starts a new errors file
    again.close()
    docx = BatchOutput(tmp_path, "brief", {"format": "docx"}, ("format",))
    assert not docx.is_done("a")
    docx.close()


def test_unusable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeskError, match="Cannot use the output folder"):
        BatchOutput(tmp_path / "file" / "out", "translate", OPTIONS)
