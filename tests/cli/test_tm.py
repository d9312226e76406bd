"""desk tm / desk glossary / desk qa, run through the real CLI entry point."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from desk.cli import main
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.memory import TranslationMemory

ROOT = Path(__file__).resolve().parents[2]
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
 <tu><tuv xml:lang="ar"><seg>وصل الوفد إلى القاهرة.</seg></tuv><tuv xml:lang="en"><seg>The delegation arrived in Cairo.</seg></tuv></tu>
 <tu><tuv xml:lang="ar"><seg>نفى المسؤول التقرير.</seg></tuv><tuv xml:lang="en"><seg>The official denied the report.</seg></tuv></tu>
</body></tmx>"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tm_import_stats_export(tmp_path: Path, capsys: pytest.CaptureFixture[str], desk_data_dir: Path) -> None:
    src = tmp_path / "in.tmx"
    src.write_text(TMX, encoding="utf-8")
    code, out, _ = run(capsys, "tm", "import", str(src))
    assert code == 0 and "2 new pair(s)" in out and "holds 2" in out
    assert TranslationMemory().lookup("نفى المسؤول التقرير.", "ar", "en").target == "The official denied the report."

    code, out, _ = run(capsys, "tm", "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["entries"] == 2 and stats["directions"] == {"ar-en": 2}
    assert stats["origins"] == {"import": 2} and stats["path"] == str(desk_data_dir / "memory.sqlite")
    code, out, _ = run(capsys, "tm", "stats")
    assert out.startswith("2 pair(s) in ") and "ar-en: 2" in out

    xlf = tmp_path / "out.xlf"
    code, out, _ = run(capsys, "tm", "export", str(xlf))
    assert code == 0 and "Wrote 2 pair(s)" in out
    root = etree.parse(str(xlf)).getroot()
    assert root.get("version") == "2.0" and (root.get("srcLang"), root.get("trgLang")) == ("ar", "en")
    assert [t.text for t in root.iter(f"{X2}target")] == ["The delegation arrived in Cairo.",
                                                          "The official denied the report."]
    xlf12 = tmp_path / "out12.xlf"
    assert run(capsys, "tm", "export", str(xlf12), "--xliff-version", "1.2")[0] == 0
    assert etree.parse(str(xlf12)).getroot().get("version") == "1.2"
    tmx_out = tmp_path / "out.tmx"
    assert run(capsys, "tm", "export", str(tmx_out))[0] == 0
    assert len(etree.parse(str(tmx_out)).getroot().findall("body/tu")) == 2


def test_tm_errors_exit_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body>", encoding="utf-8")
    code, _, err = run(capsys, "tm", "import", str(bad))
    assert code == 1 and err.startswith("desk: ") and "not a readable TMX" in err
    code, _, err = run(capsys, "tm", "export", str(tmp_path / "empty.xlf"))
    assert code == 1 and "empty" in err
    code, _, err = run(capsys, "tm", "export", str(tmp_path / "x.pdf"))
    assert code == 1 and ".tmx" in err


def test_glossary_import_list_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_in = tmp_path / "terms.csv"
    csv_in.write_text("ar,en,note\nالرياض,Riyadh,capital\nالأمم المتحدة,United Nations,\n", encoding="utf-8-sig")
    code, out, _ = run(capsys, "glossary", "import", str(csv_in))
    assert code == 0 and "2 new term pair(s)" in out
    code, out, _ = run(capsys, "glossary", "list", "--json")
    assert [(t["source_term"], t["target_term"], t["note"]) for t in json.loads(out)] == [
        ("الرياض", "Riyadh", "capital"), ("الأمم المتحدة", "United Nations", "")]
    tbx_out = tmp_path / "out.tbx"
    code, out, _ = run(capsys, "glossary", "export", str(tbx_out))
    assert code == 0 and "Wrote 2" in out
    assert len(etree.parse(str(tbx_out)).getroot().findall("text/body/termEntry")) == 2
    bare = tmp_path / "bare.csv"
    bare.write_text("Beirut,بيروت\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "import", str(bare))
    assert code == 1 and "which languages" in err
    assert run(capsys, "glossary", "import", str(bare), "--source", "en", "--target", "ar")[0] == 0
    with Glossary() as g:
        assert len(g) == 3


def test_qa_on_aligned_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src.ar.txt"
    tgt = tmp_path / "tgt.en.txt"
    src.write_text("قتل ١٢ شخصا في ٢٠٢٤.\nوصل الوفد إلى الرياض.\n\nنفى المسؤول التقرير.\n", encoding="utf-8")
    tgt.write_text("12 people were killed in 2024.\nThe delegation arrived in the capital.\n\n\n", encoding="utf-8")
    with Glossary() as g:
        g.add("الرياض", "Riyadh", "ar", "en")
    code, out, _ = run(capsys, "qa", str(src), str(tgt), "--glossary", "--json")
    data = json.loads(out)
    assert code == 0 and (data["source_lang"], data["target_lang"]) == ("ar", "en")
    assert [(r["line"], r["flags"]) for r in data["flagged"]] == [(2, ["glossary"]), (4, ["empty"])]
    code, out, _ = run(capsys, "qa", str(src), str(tgt))
    assert "line 4: The translation is empty" in out and "1 of 4 line(s) flagged" in out
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    code, _, err = run(capsys, "qa", str(src), str(short))
    assert code == 1 and "aligned line by line" in err


def test_subcommands_reach_the_cli_not_the_gui(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "desk.cli", "glossary", "list"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "The glossary is empty." in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "desk.cli", "qa", "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "aligned line by line" in proc.stdout


@pytest.mark.parametrize("argv", [("tm", "stats"), ("glossary", "list"), ("models", "list")])
def test_unusable_data_folder_is_one_line_not_a_traceback(
    argv: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("DESK_DATA_DIR", str(blocker))
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("desk: ") and "not-a-folder" in err and len(err.strip().splitlines()) == 1


# --- damaged memory (issue 14, item 9) ---------------------------------------------------------------


def test_damaged_memory_is_one_line_naming_the_file_and_check_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    from desk.core.paths import data_dir
    from tests.hostile.files import damaged_memory

    path = damaged_memory(data_dir() / "memory.sqlite")
    for argv in (["tm", "stats"], ["tm", "export", str(data_dir().parent / "out.tmx")], ["tm", "check"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 1 and out == "", argv
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert f"The translation memory {path} is damaged" in lines[0] and "move the file aside" in lines[0]
    assert main(["tm", "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["sound"] is False and report["problems"] and report["path"] == str(path)


def test_tm_check_of_a_sound_memory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from desk.core.workbench.memory import TranslationMemory

    path = tmp_path / "other.sqlite"
    with TranslationMemory(path) as memory:
        memory.add("The council met.", "اجتمع المجلس.", "en", "ar")
    assert main(["tm", "check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path} is sound: 1 pair(s)."
    assert main(["tm", "check", str(tmp_path / "none.sqlite")]) == 1
    assert "There is no translation memory" in capsys.readouterr().err


def test_glossary_import_names_the_language_flags_and_takes_from_to(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("West Bank,الضفة الغربية\n", encoding="utf-8")
    assert main(["glossary", "import", str(path)]) == 1
    assert "--from and --to" in capsys.readouterr().err
    assert main(["glossary", "import", str(path), "--from", "en", "--to", "ar"]) == 0
    assert "1 new term pair" in capsys.readouterr().out
