"""Broken stores and folders through the command line (issue 14, items 9, 10, 15a, 15b): damaged
memory, a read-only data folder, a glossary CSV with a header, a full disk during a brief."""
from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from desk.core.mt.store import ModelStore
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.memory import TranslationMemory
from tests import mtfactory
from tests.hostile import files
from tests.hostile.conftest import Sandbox
from tests.hostile.runner import can_unshare_mounts

pytestmark = pytest.mark.slow

needs_mounts = pytest.mark.skipif(not can_unshare_mounts(), reason="no private mount namespace here (unshare -m)")


def test_damaged_memory_one_line_naming_the_file(sandbox: Sandbox) -> None:
    memory = files.damaged_memory(sandbox.data / "memory.sqlite")
    for args in (["tm", "stats"], ["tm", "export", str(sandbox.out / "all.tmx")], ["tm", "check"]):
        line = sandbox.fails(*args, match=f"The translation memory {memory} is damaged")
        assert "move the file aside" in line and "desk tm check" in line


def test_translation_goes_on_without_a_damaged_memory(sandbox: Sandbox, tmp_path: Path) -> None:
    package = mtfactory.build_ct2_folder(tmp_path / "ct2-en-ar", "en", "ar", eos_bias=50.0)
    ModelStore(sandbox.data / "models").install(package, "en", "ar")
    memory = files.damaged_memory(sandbox.data / "memory.sqlite")
    article = files.write(sandbox.inputs / "a.txt", "Council meets\n\nThe council met on Monday. It approved it.")
    outcome = sandbox.succeeds("translate", str(article), "--to", "ar", "--json")
    result = json.loads(outcome.stdout)
    assert [p["origin"] for para in result["paragraphs"] for p in para] == ["machine", "machine"]
    warnings = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and str(memory) in warnings[0] and "damaged" in warnings[0]


def _read_only(folder: Path) -> list[str]:
    """A wrapper that runs the command with ``folder`` mounted read-only (private mount namespace)."""
    q = shlex.quote(str(folder))
    return ["unshare", "-m", "sh", "-c", f"mount --bind {q} {q} && mount -o remount,bind,ro {q} && exec \"$@\"", "sh"]


@needs_mounts
def test_read_only_data_folder(sandbox: Sandbox) -> None:
    with TranslationMemory(sandbox.data / "memory.sqlite") as memory:
        memory.add("The council met.", "اجتمع المجلس.", "en", "ar")
    with Glossary(sandbox.data / "glossary.sqlite") as glossary:
        glossary.add("council", "مجلس", "en", "ar")
    ro = _read_only(sandbox.data)
    stats = json.loads(sandbox.succeeds("tm", "stats", "--json", prefix=ro).stdout)
    assert stats["entries"] == 1
    assert "council" in sandbox.succeeds("glossary", "list", prefix=ro).stdout
    assert "is sound: 1 pair" in sandbox.succeeds("tm", "check", prefix=ro).stdout
    sandbox.succeeds("tm", "export", str(sandbox.out / "all.tmx"), prefix=ro)
    tmx = sandbox.out / "all.tmx"
    assert "اجتمع المجلس." in tmx.read_text(encoding="utf-8")
    sandbox.fails("tm", "import", str(tmx), prefix=ro, match="its folder is read-only")
    article = files.write(sandbox.inputs / "a.txt", "Council meets\n\nThe council met on Monday.")
    sandbox.succeeds("articles", str(article), prefix=ro)


def test_glossary_csv_header_is_not_a_term(sandbox: Sandbox) -> None:
    csv = files.write(sandbox.inputs / "terms.csv", "source,target\ncouncil,مجلس\nbudget,ميزانية\n")
    outcome = sandbox.succeeds("glossary", "import", str(csv), "--source", "en", "--target", "ar")
    assert "2 new term pair(s)" in outcome.stdout
    listed = sandbox.succeeds("glossary", "list", "--json").stdout
    assert "source" not in [t["source_term"] for t in json.loads(listed)]


@needs_mounts
def test_full_disk_during_a_brief_names_the_file(sandbox: Sandbox) -> None:
    feed = files.write(sandbox.inputs / "feed.txt", "Council meets\n\n" + "The council met on Monday. " * 400)
    full = sandbox.out / "full"
    full.mkdir()
    q = shlex.quote(str(full))
    # A 64 KB disk, filled up but for nothing (the filler is inside the output folder).
    tiny_disk = ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k none {q} && "
                 f"(cat /dev/zero > {q}/filler 2>/dev/null; true) && exec \"$@\"", "sh"]
    outcome = sandbox.run("brief", str(feed), "--no-translate", "--format", "txt", "--out", str(full), "-q",
                          prefix=tiny_disk)
    outcome.bounded()
    assert outcome.code == 1 and "Traceback" not in outcome.stderr
    # A batch reports each article that failed, then its count; every "no space" names the file.
    full_lines = [line for line in outcome.stderr.splitlines() if "No space left on device" in line]
    assert full_lines and all(f"{full}/" in line for line in full_lines), outcome.stderr


@needs_mounts
def test_full_disk_when_saving_the_batch_state_names_the_file(sandbox: Sandbox) -> None:
    """Room for the brief, none left for the resume state: "No space left on device" said no file before."""
    feed = files.write(sandbox.inputs / "feed.txt", "Council meets\n\nThe council met on Monday. It approved it.")
    full = sandbox.out / "full"
    full.mkdir()
    q = shlex.quote(str(full))
    one_page_left = ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k none {q} && "
                     f"(cat /dev/zero > {q}/filler 2>/dev/null; true) && truncate -s -4096 {q}/filler && exec \"$@\"",
                     "sh"]
    outcome = sandbox.run("brief", str(feed), "--no-translate", "--format", "txt", "--out", str(full), "-q",
                          prefix=one_page_left)
    outcome.bounded()
    assert outcome.code == 1 and "Traceback" not in outcome.stderr
    full_lines = [line for line in outcome.stderr.splitlines() if "No space left on device" in line]
    assert full_lines and all(f"{full}/" in line for line in full_lines), outcome.stderr
