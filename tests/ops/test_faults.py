"""Faults, each a test: killed writers, readers during writes, a full disk, silent background writes.

Killed and limited writers run in child processes, so the kernel really kills them and really
refuses their writes; the test process then checks what a user would see next.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from app.content.files import sweep_temporary_files
from app.search import SearchIndex, store
from app.search.indexer import build, update
from app.search.service import SearchRequest
from tests.conftest import ROOT

SLUGS = [f"eintrag-{n}" for n in range(12)]
BATCH = SLUGS[:3]
READERS = 2  # threads of one process: each must get its own searcher


def _corpus(write_entry, marker: str = "ursprung") -> None:  # type: ignore[no-untyped-def]
    for slug in SLUGS:
        write_entry(slug, title=f"Fallmanagement {slug}", body=f"## Ausgangslage\nWort {marker}.\n")


def _child(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with the project importable."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _slugs_for(engine: SearchIndex, word: str) -> set[str]:
    return {hit.record["slug"] for hit in engine.search(SearchRequest(q=word, per_page=100)).hits}


def _assert_lock_free(index_dir: Path) -> None:
    with store.write_lock(index_dir, timeout=1.0):
        pass


KILL_AT_TOC_RENAME = """
import os, signal, sys
from pathlib import Path
from whoosh.filedb.filestore import FileStorage
from app.content.files import atomic_write
from app.search.indexer import update_entries
from tests.conftest import entry_text

content, index = Path(sys.argv[1]), Path(sys.argv[2])
original = FileStorage.rename_file
def rename_then_die(self, old, new, safe=False):
    if ".toc." in old:
        os.kill(os.getpid(), signal.SIGKILL)  # the segment and the temporary TOC are written
    return original(self, old, new, safe)
FileStorage.rename_file = rename_then_die
for slug in {batch}:
    atomic_write(content / f"{{slug}}.md",
                 entry_text(title=f"Fallmanagement {{slug}}", body="## Ausgangslage\\nWort neuzustand.\\n").encode())
update_entries(content, index, {batch})
"""


def test_a_writer_killed_mid_commit_leaves_a_working_index(content_dir, index_dir, write_entry, search) -> None:
    _corpus(write_entry)
    build(content_dir, index_dir)
    code = f"import sys; sys.argv[1:] = [{str(content_dir)!r}, {str(index_dir)!r}]\n"
    result = _child(code + KILL_AT_TOC_RENAME.format(batch=BATCH))
    assert result.returncode == -signal.SIGKILL, result.stderr

    generation = store.current_generation(index_dir)
    assert generation is not None
    assert list(generation.glob("*.toc.*")), "the killed commit should have left its temporary TOC"
    _assert_lock_free(index_dir)
    # nothing of the killed commit is visible: all three still show their old text
    assert _slugs_for(search, "ursprung") == set(SLUGS)
    assert _slugs_for(search, "neuzustand") == set()

    report = update(content_dir, index_dir)  # the files changed, so the next update applies them
    assert sorted(report.changed) == sorted(BATCH)
    assert not [p for p in generation.glob("*.toc.*") if not p.name.endswith(".toc")]
    assert _slugs_for(search, "neuzustand") == set(BATCH)


KILL_LOOP = """
import sys, itertools
from pathlib import Path
from app.content.files import atomic_write
from app.search.indexer import update_entries
from tests.conftest import entry_text

content, index = Path(sys.argv[1]), Path(sys.argv[2])
for n in itertools.count(1):
    for slug in {batch}:
        text = entry_text(title=f"Fallmanagement {{slug}}", body=f"## Ausgangslage\\nWort runde{{n}}.\\n")
        atomic_write(content / f"{{slug}}.md", text.encode())
    update_entries(content, index, {batch})
    print(n, flush=True)
"""


@pytest.mark.slow
def test_writers_killed_at_random_moments_never_leave_half_a_commit(content_dir, index_dir,
                                                                    write_entry, search) -> None:
    _corpus(write_entry)
    build(content_dir, index_dir)
    rng = random.Random(6)
    code = f"import sys; sys.argv[1:] = [{str(content_dir)!r}, {str(index_dir)!r}]\n"
    code += textwrap.dedent(KILL_LOOP.format(batch=BATCH))
    before: set[int] = set()
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(1.0 + rng.random() * 1.5)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        _assert_lock_free(index_dir)
        engine = search  # one reader throughout, as a server worker keeps its index open
        records = engine.records(BATCH)
        assert len(records) == len(BATCH)
        rounds = _rounds(engine)
        # one commit holds all three edits: every entry shows the same round, or the index is as the
        # last round left it (the writer was killed before its first commit: it loads the sentence
        # encoder first, and the files it had half written were indexed by ``update`` below)
        assert len(rounds) <= 1 or rounds == before, rounds
        update(content_dir, index_dir)
        before = _rounds(search)
    generation = store.current_generation(index_dir)
    assert generation is not None
    assert not [p for p in generation.glob("*.toc.*") if not p.name.endswith(".toc")]


def _rounds(engine: SearchIndex) -> set[int]:
    return {int(m) for slug in BATCH for m in re.findall(r"runde(\d+)", str(_body_terms(engine, slug)))}


def _body_terms(engine: SearchIndex, slug: str) -> str:
    view = engine.pool.snapshot()
    fields = view.searcher.document(slug=slug)
    return str(fields.get("text", "")) if fields else ""


@pytest.mark.slow
def test_searches_during_rebuilds_and_commits_never_fail(content_dir, index_dir, write_entry, search) -> None:
    _corpus(write_entry)
    build(content_dir, index_dir)
    code = f"""
    import sys, time
    from pathlib import Path
    from app.content.files import atomic_write
    from app.search.indexer import build, update_entries
    from tests.conftest import entry_text
    content, index = Path({str(content_dir)!r}), Path({str(index_dir)!r})
    deadline = time.monotonic() + 6
    n = 0
    while time.monotonic() < deadline:
        n += 1
        if n % 5 == 0:
            build(content, index)
        else:
            slug = f"eintrag-{{n % 12}}"
            atomic_write(content / f"{{slug}}.md", entry_text(title=f"Fallmanagement {{slug}}",
                         body=f"## Ausgangslage\\nWort ursprung runde{{n}}.\\n").encode())
            update_entries(content, index, [slug])
    print(n)
    """
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    errors: list[BaseException] = []
    searches = [0]

    def read() -> None:  # the threads share one search service, as a threaded server's do
        while writer.poll() is None:
            try:
                result = search.search(SearchRequest(q="ursprung", filters={"level": ["Kommune"]}))
                assert result.total == len(SLUGS), result.total
                searches[0] += 1
            except BaseException as exc:  # noqa: BLE001 - every failure counts
                errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in readers:
        thread.start()
    out, err = writer.communicate(timeout=60)
    for thread in readers:
        thread.join(timeout=30)
    assert writer.returncode == 0, err
    assert int(out.strip()) >= 5, "the writer should have committed and rebuilt several times"
    assert searches[0] > 20
    assert [repr(e) for e in errors[:5]] == [] and not errors


DISK_FULL = """
import errno, resource, signal, sys
from pathlib import Path
from app.content.files import atomic_write
from app.search.indexer import update_entries
from tests.conftest import entry_text

content, index, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
path = content / "eintrag-1.md"
words = " ".join(f"begriff{n}" for n in range(30000))
big = entry_text(title="Fallmanagement eintrag-1", body="## Umsetzung\\nWort grossvolumen. " + words)
if step == "save":
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))
    try:
        atomic_write(path, big.encode())
    except OSError as exc:
        print("refused", errno.errorcode[exc.errno])
else:
    atomic_write(path, big.encode())
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))
    try:
        update_entries(content, index, ["eintrag-1"])
    except OSError as exc:
        print("refused", errno.errorcode[exc.errno])
"""


def test_disk_full_while_saving_keeps_the_old_file_and_frees_the_lock(content_dir, index_dir,
                                                                      write_entry) -> None:
    _corpus(write_entry)
    build(content_dir, index_dir)
    path = content_dir / "eintrag-1.md"
    before = path.read_bytes()

    result = _child(f"import sys; sys.argv[1:] = [{str(content_dir)!r}, {str(index_dir)!r}, 'save']\n"
                    + DISK_FULL)
    assert result.stdout.strip() == "refused EFBIG", result.stderr
    assert path.read_bytes() == before
    assert sweep_temporary_files(content_dir) == [], "the failed save must remove its temporary file"
    _assert_lock_free(index_dir)


def test_disk_full_while_indexing_keeps_the_index_and_frees_the_lock(content_dir, index_dir,
                                                                     write_entry, search) -> None:
    _corpus(write_entry)
    build(content_dir, index_dir)
    result = _child(f"import sys; sys.argv[1:] = [{str(content_dir)!r}, {str(index_dir)!r}, 'index']\n"
                    + DISK_FULL)
    assert result.stdout.strip() == "refused EFBIG", (result.returncode, result.stdout + result.stderr)
    _assert_lock_free(index_dir)
    assert _slugs_for(search, "ursprung") == set(SLUGS)
    assert _slugs_for(search, "grossvolumen") == set()
    update(content_dir, index_dir)  # with room again, the next update catches up
    assert _slugs_for(search, "grossvolumen") == {"eintrag-1"}


def test_a_killed_save_leaves_the_old_file_and_only_a_sweepable_temporary(content_dir, write_entry) -> None:
    _corpus(write_entry)
    path = content_dir / "eintrag-2.md"
    before = path.read_bytes()
    result = _child(f"""
    import os, signal
    from pathlib import Path
    from app.content import files
    def die(fd):
        os.kill(os.getpid(), signal.SIGKILL)
    files.os.fsync = die
    files.atomic_write(Path({str(path)!r}), b"halb geschrieben")
    """)
    assert result.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert sweep_temporary_files(content_dir) == []  # young: it could belong to a save in progress
    leftovers = sweep_temporary_files(content_dir, older_than=0)
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".eintrag-2.md.")


def test_no_write_path_defers_errors_to_a_background_thread() -> None:
    """AsyncWriter and BufferedWriter commit in a thread and lose its errors: never use them."""
    offenders = []
    for source in (ROOT / "app").rglob("*.py"):
        text = source.read_text("utf-8")
        for name in ("AsyncWriter", "BufferedWriter", "asyncwriter"):
            if name in text:
                offenders.append(f"{source.relative_to(ROOT)}: {name}")
    assert offenders == []
