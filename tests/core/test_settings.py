"""settings.ini read without Qt: what the command line and batch runs use."""
from __future__ import annotations

from pathlib import Path

from desk.core import settings
from desk.core.model import LengthRule


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    s = settings.load(tmp_path / "nope.ini")
    assert s.engine.beam_size == 2 and s.summary.algorithm == "lexrank" and s.preferred_models == {}


def test_values_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[engine]\nbeam_size=4\ncompute_type=bogus\ninter_threads=x\n"
                    "[summary]\nalgorithm=lsa\nlength_mode=words\nwords=120\n"
                    "[translate]\nmodel_ar_en=quickmt-ar-en\n", encoding="utf-8")
    s = settings.load(path)
    assert s.engine.beam_size == 4
    assert s.engine.compute_type == "int8" and s.engine.inter_threads == 1  # bad values fall back
    assert s.summary.algorithm == "lsa" and s.summary.length() == LengthRule(words=120)
    assert s.preferred_model("ar", "en") == "quickmt-ar-en" and s.preferred_model("en", "ar") == ""


def test_unreadable_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_bytes(b"\xff\xfe\x00garbage[[[")
    assert settings.load(path).engine.beam_size == 2
