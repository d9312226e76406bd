"""What workers get from the driver: the models used, a consistent copy of the memory and glossary,
the settings; unpacked once per machine."""
from __future__ import annotations

from pathlib import Path

from desk.core.application import Application
from desk.core.batch.pack import pack_data, unpack_data
from desk.core.mt.store import ModelStore
from desk.core.paths import data_dir
from desk.core.settings import load
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.memory import TranslationMemory
from tests.batchdata import install_model


def test_pack_carries_models_memory_glossary_and_settings(tmp_path: Path) -> None:
    install_model(tmp_path)
    memory = TranslationMemory()  # held open: the copy must still be whole (SQLite backup, WAL)
    memory.add("صباح الخير", "Good morning", "ar", "en")
    glossary = Glossary()
    glossary.add("الأمم المتحدة", "United Nations", "ar", "en")
    glossary.close()
    app = Application()
    data = pack_data(app.route("ar", "en"))
    memory.close()

    root = tmp_path / "node"
    root.mkdir()
    dest = unpack_data(data, root)
    assert unpack_data(data, root) == dest and [p.name for p in root.iterdir()] == [dest.name]  # once per machine
    assert [m.id for m in ModelStore(dest / "models").list()] == [m.id for m in ModelStore().list()]
    with TranslationMemory(dest / "memory.sqlite") as copy:
        entry = copy.lookup("صباح الخير", "ar", "en")
        assert entry is not None and entry.target == "Good morning"
    copied = Glossary(dest / "glossary.sqlite")
    assert [t.target_term for t in copied.terms()] == ["United Nations"]
    copied.close()
    assert load(dest / "settings.ini") == load(data_dir() / "settings.ini")
    assert load(dest / "settings.ini").engine.beam_size == 1
