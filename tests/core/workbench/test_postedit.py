"""Post-editing: edits kept with the article, confirmation into the memory, autosave that survives SIGKILL."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desk.core.errors import DeskError
from desk.core.model import Target, Translation, WordLink
from desk.core.workbench.memory import TranslationMemory
from desk.core.workbench.postedit import OpenFlagsError, PostEditSession, WorkStateError
from desk.core.workbench.workstate import list_work, work_dir
from tests.core.workbench.test_memory import make_article

ROOT = Path(__file__).resolve().parents[3]

AR = [["قال الوزير إن المحادثات مستمرة منذ 3 أيام.", "أعلنت الحكومة خطة جديدة للطاقة."],
      ["نفى المسؤول التقرير."]]


def machine(article, texts: dict[str, str]) -> Translation:
    return Translation("tiny-ar-en", "ar", "en", article.id, {k: Target(v, "machine") for k, v in texts.items()})


@pytest.fixture
def article():
    return make_article(AR, title="محادثات الطاقة")


@pytest.fixture
def translation(article) -> Translation:
    return machine(article, {"t0": "Energy talks", "p0s0": "The minister said talks have been going on for 3 days.",
                             "p0s1": "The government announced a new energy plan.", "p1s0": "The official denied it."})


def test_edit_is_saved_and_survives_reopening(article, translation, tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    session = PostEditSession.open(article, translation, memory=tm)
    assert session.path.parent == work_dir() and session.path.name == f"{article.id}.json"
    edited = session.edit("p1s0", "  The official denied the report. ")
    assert edited.text == "The official denied the report." and edited.origin == "edited"

    again = PostEditSession.load(article.id, memory=tm)
    assert again.target("p1s0").text == "The official denied the report."
    assert again.target("p1s0").origin == "edited"
    assert again.target("p0s1").origin == "machine"
    assert again.translation.targets["t0"].text == "Energy talks"
    assert again.translation.direction == "ar-en" and again.translation.model_id == "tiny-ar-en"
    reopened = PostEditSession.open(article, memory=tm)  # no new translation: the saved one comes back
    assert reopened.target("p1s0").text == "The official denied the report."
    assert reopened.sentence_ids == ["t0", "p0s0", "p0s1", "p1s0"]


def test_confirm_sends_the_pair_to_memory(article, translation, tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    session = PostEditSession.open(article, translation, memory=tm)
    session.edit("p0s1", "The government unveiled a new energy plan.")
    entry = session.confirm("p0s1")
    assert entry.origin == "edited" and entry.article_id == article.id and entry.source_ref == article.source
    assert tm.lookup(AR[0][1], "ar", "en").target == "The government unveiled a new energy plan."
    session.confirm("t0")  # confirmed unchanged machine output
    assert tm.lookup("محادثات الطاقة", "ar", "en").origin == "machine"
    assert session.progress() == (2, 4)
    assert session.pending() == ["p0s0", "p1s0"]
    assert PostEditSession.load(article.id, memory=tm).confirmed == {"p0s1", "t0"}


def test_editing_a_confirmed_sentence_unconfirms_it_and_going_back_restores_origin(article, translation,
                                                                                     tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    session = PostEditSession.open(article, translation, memory=tm)
    session.confirm("p1s0")
    session.edit("p1s0", "The official rejected the report.")
    assert not session.is_confirmed("p1s0")
    back = session.edit("p1s0", "The official denied it.")
    assert back.origin == "machine"
    session.edit("p1s0", "Something else.")
    reverted = session.revert("p1s0")
    assert reverted.text == "The official denied it." and session.target("p1s0").origin == "machine"


def test_new_machine_output_replaces_only_untouched_sentences(article, translation, tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    session = PostEditSession.open(article, translation, memory=tm)
    session.edit("p0s0", "The minister said talks have lasted 3 days.")
    session.confirm("p1s0")
    better = machine(article, {"t0": "Talks on energy", "p0s0": "v2 p0s0", "p0s1": "v2 p0s1", "p1s0": "v2 p1s0"})
    merged = PostEditSession.open(article, better, memory=tm)
    assert merged.target("t0").text == "Talks on energy"
    assert merged.target("p0s1").text == "v2 p0s1"
    assert merged.target("p0s0").text == "The minister said talks have lasted 3 days."  # edited: kept
    assert merged.target("p1s0").text == "The official denied it."  # confirmed: kept
    assert merged.revert("p0s0").text == "v2 p0s0"  # revert goes to the newest machine text


def test_set_machine_streams_targets_in(article, tmp_path: Path) -> None:
    session = PostEditSession.open(article, source_lang="ar", target_lang="en",
                                   memory=TranslationMemory(tmp_path / "tm.sqlite"))
    assert session.target("p0s0") is None
    assert session.set_machine("p0s0", Target("From memory.", "memory"))
    assert not session.set_machine("p0s0", Target("From memory.", "memory"))  # no change, no write
    assert not session.set_machine("p9s9", Target("unknown sentence"))
    assert PostEditSession.load(article.id).target("p0s0").origin == "memory"


def test_changed_source_sentences_set_edits_aside(article, translation, tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    session = PostEditSession.open(article, translation, memory=tm)
    session.edit("p1s0", "The official flatly denied the report.")
    session.edit("p0s1", "A new energy plan was announced.")
    changed = make_article([AR[0], ["نفى المسؤول التقرير بشكل قاطع."]], title="محادثات الطاقة")
    rebased = PostEditSession.open(changed, memory=tm)
    assert rebased.target("p1s0") is None
    assert rebased.stale == [{"id": "p1s0", "source": AR[1][0], "target": "The official flatly denied the report."}]
    assert rebased.target("p0s1").text == "A new energy plan was announced."
    assert rebased.source_text("p1s0") == "نفى المسؤول التقرير بشكل قاطع."


def test_direction_mismatch_and_damaged_files_are_clear_errors(article, translation, tmp_path: Path) -> None:
    PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    other = Translation("m", "ar", "fr", article.id, {"t0": Target("Pourparlers")})
    with pytest.raises(WorkStateError, match="ar→en"):
        PostEditSession.open(article, other)
    path = work_dir() / f"{article.id}.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(WorkStateError, match="cannot be read"):
        PostEditSession.load(article.id)
    assert list_work() == []  # the damaged file is skipped, not fatal
    with pytest.raises(WorkStateError, match="no saved"):
        PostEditSession.load("does-not-exist")


def test_confirming_nothing_and_unknown_ids(article, tmp_path: Path) -> None:
    session = PostEditSession.open(article, source_lang="ar", memory=TranslationMemory(tmp_path / "tm.sqlite"))
    assert session.target_lang == "en"
    with pytest.raises(DeskError, match="no translation"):
        session.confirm("p0s0")
    with pytest.raises(KeyError):
        session.edit("p7s7", "x")


def test_edit_recomputes_qa_flags(article, translation, tmp_path: Path) -> None:
    session = PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    flagged = session.edit("p0s0", "The minister said talks have been going on for days.")
    assert "number-mismatch" in flagged.flags
    fixed = session.edit("p0s0", "The minister said talks have been going on for three days.")
    assert fixed.flags == []


def test_list_work_and_discard(article, translation, tmp_path: Path) -> None:
    session = PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    session.edit("p0s1", "Edited.")
    session.confirm("p0s1")
    [summary] = list_work()
    assert (summary.article_id, summary.title, summary.direction) == (article.id, "محادثات الطاقة", "ar-en")
    assert (summary.sentences, summary.translated, summary.edited, summary.confirmed) == (4, 4, 1, 1)
    session.discard()
    assert list_work() == [] and not PostEditSession.exists(article.id)


def test_saves_are_atomic_files_without_leftovers(article, translation, tmp_path: Path) -> None:
    session = PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    for i in range(20):
        session.edit("p0s1", f"Version {i}")
    assert [p.name for p in work_dir().iterdir()] == [f"{article.id}.json"]
    data = json.loads(session.path.read_text(encoding="utf-8"))
    assert data["format"] == "desk-postedit" and data["targets"]["p0s1"]["text"] == "Version 19"
    assert data["revision"] == session.revision >= 21


CHILD = textwrap.dedent(
    """
    import sys
    from desk.core.workbench.memory import TranslationMemory
    from desk.core.model import Target, Translation
    from desk.core.workbench.postedit import PostEditSession
    from tests.core.workbench.test_memory import make_article

    paragraphs = [[f"جملة رقم {p}-{s} في الخبر." for s in range(10)] for p in range(10)]
    article = make_article(paragraphs, title="خبر طويل", article_id="crash-article")
    ids = [s.id for s in article.all_sentences()]
    translation = Translation("m", "ar", "en", article.id, {i: Target(f"machine {i}") for i in ids})
    session = PostEditSession.open(article, translation, memory=TranslationMemory())
    print("ready", flush=True)
    for n in range(1_000_000):
        sid = ids[n % len(ids)]
        session.edit(sid, f"edit {n} of {sid}")
        print(f"e {n} {sid}", flush=True)
        if n % 7 == 3:
            session.confirm(sid)
            print(f"c {n} {sid}", flush=True)
    """
)


def test_autosave_survives_sigkill_mid_edit(desk_data_dir: Path, tmp_path: Path) -> None:
    """A child process edits as fast as it can and acknowledges each returned call on stdout; we
    SIGKILL it mid-stream. Every acknowledged edit and confirmation must come back on reopen."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "DESK_DATA_DIR": str(desk_data_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    acks: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while len(acks) < 150 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acks.append(line.split("\n")[0])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        acks += proc.stdout.read().splitlines()  # acknowledged before the kill, still in the pipe
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert acks[0] == "ready" and len(acks) >= 150, acks[-3:]

    last_edit: dict[str, int] = {}
    confirmed_edit: dict[str, int] = {}
    max_n = -1
    for line in acks[1:]:
        kind, n, sid = line.split()
        max_n = max(max_n, int(n))
        if kind == "e":
            last_edit[sid] = int(n)
        else:
            confirmed_edit[sid] = int(n)

    session = PostEditSession.load("crash-article", memory=TranslationMemory())
    for sid, n in last_edit.items():
        target = session.target(sid)
        assert target is not None and target.origin == "edited"
        recovered = int(target.text.split()[1])
        # the acknowledged edit, or one the child finished after it (never older, never invented)
        assert n <= recovered <= max_n + 1, (sid, n, target.text)
    pairs = {(e.source, e.target) for e in TranslationMemory().entries("ar", "en")}
    for sid, n in confirmed_edit.items():
        assert (session.source_text(sid), f"edit {n} of {sid}") in pairs, sid
        if last_edit[sid] == n:  # not edited again after the confirmation
            assert session.is_confirmed(sid) or int(session.target(sid).text.split()[1]) > n


def test_memory_reuse_through_the_real_translation_pipeline(tmp_path: Path) -> None:
    """Confirmed pairs come back from the memory on the next translation, without the model."""
    from desk.core.jobs import run_job
    from desk.core.mt.engine import get_engine, unload_all
    from desk.core.mt.info import EngineSettings, ModelInfo
    from desk.core.mt.pipeline import translate_article
    from tests import mtfactory

    folder = mtfactory.build_ct2_folder(tmp_path / "ar-en", "ar", "en", seed=1)
    info = ModelInfo("tiny-ar-en", "ar", "en", "ctranslate2", folder, folder, folder / "source.spm",
                     folder / "target.spm")
    article = make_article(AR, title="محادثات الطاقة")
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    try:
        engine = get_engine(info, EngineSettings(beam_size=1))
        first = run_job(translate_article(article, engine, prefilled=memory.prefill(article, "ar", "en")))
        assert {t.origin for t in first.targets.values()} == {"machine"}
        session = PostEditSession.open(article, first, memory=memory)
        session.edit("p0s1", "The government announced a new energy plan.")
        session.confirm("p0s1")
        session.confirm("t0", accept_flags=True)  # random-weight noise is flagged: confirmed anyway

        second = run_job(translate_article(article, engine, prefilled=memory.prefill(article, "ar", "en")))
    finally:
        unload_all()
    assert second.targets["p0s1"].text == "The government announced a new energy plan."
    assert second.targets["p0s1"].origin == "memory"
    assert second.targets["t0"].origin == "memory" and second.targets["t0"].text == first.targets["t0"].text
    assert second.targets["p1s0"].origin == "machine"


# --- open flags, memory origin, confidence and alignment in saved work, review order ------------------


def test_confirming_with_open_flags_asks_first_and_stores_nothing(article, tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    numbers = make_article([["قال إن 48 مليون شخص تأثروا."]], article_id="numbers")
    session = PostEditSession.open(numbers, machine(numbers, {"p0s0": "He said 84 million people were affected."}),
                                   memory=tm)
    with pytest.raises(OpenFlagsError) as err:
        session.confirm("p0s0")
    assert err.value.flags == ["number-mismatch"] and "Number missing or changed" in str(err.value)
    assert len(tm) == 0 and not session.is_confirmed("p0s0")
    assert session.target("p0s0").flags == ["number-mismatch"]  # the flag is on the sentence for all to see
    # the translator fixes it: no question, into the memory
    session.edit("p0s0", "He said 48 million people were affected.")
    session.confirm("p0s0")
    assert tm.lookup("قال إن 48 مليون شخص تأثروا.", "ar", "en").target == "He said 48 million people were affected."
    # or keeps it as it is, knowingly
    session.edit("p0s0", "He said 84 million people were affected.")
    session.confirm("p0s0", accept_flags=True)
    assert session.is_confirmed("p0s0") and len(tm) == 2


def test_confirming_a_memory_match_keeps_the_entry_origin(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add("نفى المسؤول التقرير.", "The official denied the report.", "ar", "en", origin="edited")
    story = make_article([["نفى المسؤول التقرير."]], article_id="second")
    session = PostEditSession.open(story, Translation("m", "ar", "en", story.id, tm.prefill(story, "ar", "en")),
                                   memory=tm)
    assert session.target("p0s0").origin == "memory"
    entry = session.confirm("p0s0")
    assert entry.origin == "edited" and tm.lookup("نفى المسؤول التقرير.", "ar", "en").origin == "edited"
    assert len(tm) == 1


def test_confidence_and_alignment_are_saved_and_dropped_by_an_edit(article, tmp_path: Path) -> None:
    target = Target("The official denied it.", "machine", [], 0.42, [WordLink((0, 3), (4, 12))])
    translation = Translation("m", "ar", "en", article.id, {"p1s0": target})
    session = PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    again = PostEditSession.load(article.id)
    assert again.target("p1s0") == target
    edited = again.edit("p1s0", "The official rejected the report.")
    assert edited.confidence is None and edited.alignment == []
    back = again.edit("p1s0", "The official denied it.")  # the model's text again: its data holds again
    assert back.confidence == 0.42 and back.alignment == target.alignment
    assert json.loads(session.path.read_text(encoding="utf-8"))["targets"]["p1s0"]["alignment"] == [
        {"source": [0, 3], "target": [4, 12]}]


def test_review_order_flagged_then_least_confident_confirmed_last(tmp_path: Path) -> None:
    story = make_article([["ا", "ب", "ج", "د", "ه"]], title="عنوان", article_id="order")
    targets = {
        "t0": Target("Title", "machine", [], 0.9),
        "p0s0": Target("A", "machine", [], 0.8),
        "p0s1": Target("B", "memory"),
        "p0s2": Target("C", "machine", [], 0.3),
        "p0s3": Target("D", "machine", ["number-mismatch"], 0.95),
        "p0s4": Target("E", "machine", [], 0.5),
    }
    session = PostEditSession.open(story, Translation("m", "ar", "en", story.id, targets),
                                   memory=TranslationMemory(tmp_path / "tm.sqlite"))
    session.check = False
    session.confirm("p0s2")
    assert session.review_order() == ["p0s3", "p0s4", "p0s0", "t0", "p0s1", "p0s2"]
