"""Packaging: desktop entry and AppStream metadata, icons, the single version, ``desk --self-check``,
the installer script. The bundle itself is built and checked by ``packaging/build.sh`` (CI runs it)."""
from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk import selfcheck

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "desk.desktop"
METAINFO = PACKAGING / "io.github.desk.Desk.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _split_list(value: str) -> list[str]:
    return [v for v in value.split(";") if v]


# --- validators ------------------------------------------------------------------------------------


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: appstream)")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.M), result.stdout  # no errors, no warnings


def test_desktop_entry_and_metainfo_describe_the_same_app() -> None:
    entry = _desktop_entry()
    meta = ET.parse(METAINFO).getroot()
    component_id = meta.findtext("id")
    assert METAINFO.name == f"{component_id}.metainfo.xml"
    assert meta.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert meta.findtext("icon[@type='stock']") == entry["Icon"] == component_id
    assert meta.findtext("project_license") == PYPROJECT["project"]["license"]["text"]
    # The menu entry starts the console script that pyproject.toml installs.
    command = entry["Exec"].split()[0]
    assert command in PYPROJECT["project"]["scripts"]
    assert meta.findtext("provides/binary") == command == entry["TryExec"]
    assert [m.text for m in meta.findall("provides/mediatype")] == _split_list(entry["MimeType"])
    assert [c.text for c in meta.findall("categories/category")] == _split_list(entry["Categories"])
    # One version, in pyproject.toml: the metadata files must not carry another.
    assert meta.find("releases") is None
    assert "Version" not in entry or entry["Version"] == "1.0"  # the desktop-entry spec version


# --- icons -----------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icon_pngs_have_their_sizes_and_match_the_svg(tmp_path: Path, qapp: object) -> None:
    svg = ET.parse(ICONS / "desk.svg").getroot()
    assert svg.get("viewBox") == "0 0 256 256"
    for size in (48, 128, 256):
        assert _png_size(ICONS / f"desk-{size}.png") == (size, size)

    sys.path.insert(0, str(PACKAGING))
    try:
        import render_icons
    finally:
        sys.path.remove(str(PACKAGING))
    from PySide6.QtGui import QImage

    fresh = render_icons.render(ICONS / "desk.svg", tmp_path, (48, 256))
    for path in fresh:  # the committed PNGs are renders of the current SVG
        new, old = QImage(str(path)), QImage(str(ICONS / path.name))
        assert (new.width(), new.height()) == (old.width(), old.height())
        diff = sum(
            abs(new.pixelColor(x, y).red() - old.pixelColor(x, y).red())
            + abs(new.pixelColor(x, y).alpha() - old.pixelColor(x, y).alpha())
            for x in range(0, new.width(), 4) for y in range(0, new.height(), 4)
        ) / ((new.width() // 4) * (new.height() // 4))
        assert diff < 4, f"{path.name} differs from the SVG (run packaging/render_icons.py)"


# --- version and self-check ------------------------------------------------------------------------


def _desk_command() -> list[str]:
    script = Path(sys.executable).with_name("desk")
    found = str(script) if script.exists() else shutil.which("desk")
    return [found] if found else [sys.executable, "-m", "desk.cli"]


def test_version_comes_from_pyproject_only() -> None:
    import desk

    expected = PYPROJECT["project"]["version"]
    assert desk.__version__ == expected
    for command in (_desk_command(), [sys.executable, "-m", "desk.cli"]):
        result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"desk {expected}"
    hard_coded = [
        str(p.relative_to(ROOT)) for p in (ROOT / "desk").rglob("*.py")
        if re.search(r"^__version__\s*=\s*['\"]\d", p.read_text(encoding="utf-8"), re.M)
    ]
    assert hard_coded == []


def test_self_check_passes_in_a_subprocess() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it must pick offscreen itself
    result = subprocess.run([*_desk_command(), "--self-check"], capture_output=True, text=True, timeout=240, env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "[FAIL]" not in out
    passed = re.search(r"^(\d+)/(\d+) checks passed", out, re.M)
    assert passed and passed.group(1) == passed.group(2)
    assert int(passed.group(2)) == len(selfcheck.DEPENDENCIES) + len(selfcheck.FUNCTIONAL_CHECKS)
    for name in ("ctranslate2 inference", "sentencepiece", "Qt offscreen rendering", "resources + model catalog"):
        assert f"[ok] {name}" in out


def test_self_check_reports_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_check() -> selfcheck.Check:
        raise RuntimeError("simulated breakage")

    monkeypatch.setattr(selfcheck, "DEPENDENCIES", [("json", "json"), ("desk_no_such_module", "nothing")])
    monkeypatch.setattr(selfcheck, "FUNCTIONAL_CHECKS", [selfcheck._segmentation_check, broken_check])
    lines: list[str] = []
    assert selfcheck.run_self_check(lines.append) == 1
    text = "\n".join(lines)
    assert "[ok] import json" in text
    assert "[FAIL] import desk_no_such_module: ModuleNotFoundError" in text
    assert "[ok] segmentation + language id" in text
    assert "[FAIL] broken check: RuntimeError: simulated breakage" in text
    assert lines[-1].startswith("2/4 checks passed")


# --- scripts ---------------------------------------------------------------------------------------


def test_build_scripts_parse() -> None:
    assert subprocess.run(["bash", "-n", str(PACKAGING / "build.sh")]).returncode == 0
    assert subprocess.run(["sh", "-n", str(PACKAGING / "install.sh")]).returncode == 0


def test_ci_builds_the_bundle_after_the_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme_test_line = "pip install -e '.[test]' && python -m pytest"
    assert readme_test_line in (ROOT / "README.md").read_text(encoding="utf-8")
    assert 0 <= ci.index(readme_test_line) < ci.index("packaging/build.sh")


def test_install_script_installs_and_uninstalls_a_bundle(tmp_path: Path) -> None:
    """install.sh on a stand-in bundle laid out like build.sh's dist/desk/ (a fake ``desk``)."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    fake = bundle / "desk"
    fake.write_text("#!/bin/sh\necho 'desk 9.8.7'\n")
    fake.chmod(0o755)
    shutil.copy2(PACKAGING / "install.sh", bundle / "install.sh")
    share = bundle / "share"
    layout = {
        "applications/desk.desktop": DESKTOP,
        "metainfo/io.github.desk.Desk.metainfo.xml": METAINFO,
        "icons/hicolor/scalable/apps/io.github.desk.Desk.svg": ICONS / "desk.svg",
        **{f"icons/hicolor/{s}x{s}/apps/io.github.desk.Desk.png": ICONS / f"desk-{s}.png" for s in (48, 128, 256)},
    }
    for rel, src in layout.items():
        (share / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, share / rel)

    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    result = subprocess.run(["sh", str(bundle / "install.sh")], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Desk 9.8.7 installed" in result.stdout

    opt = home / ".local" / "opt" / "desk"
    launcher = home / ".local" / "bin" / "desk"
    assert launcher.is_symlink() and launcher.resolve() == (opt / "desk").resolve()
    installed = home / ".local" / "share"
    for rel in layout:
        assert (installed / rel).is_file(), rel
    entry = (installed / "applications" / "desk.desktop").read_text(encoding="utf-8")
    assert f"Exec={opt}/desk %f" in entry and f"TryExec={opt}/desk" in entry

    result = subprocess.run(["sh", str(opt / "install.sh"), "--uninstall"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert not opt.exists() and not launcher.exists()
    assert not any((installed / rel).exists() for rel in layout)
