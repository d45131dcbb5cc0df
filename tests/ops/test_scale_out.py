"""Scale-out: several servers over one index on one host, and git replicas across hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from app.content.files import atomic_write
from app.search.indexer import build, update_entries
from tests.conftest import FIXTURES, entry_text

PRAXISATLAS = Path(sys.executable).parent / "praxisatlas"
GIT = ["git", "-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org",
       "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"]


def hits(url: str, q: str) -> list[str]:
    query = urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(f"{url}/api/v1/search?{query}", timeout=10) as response:
        return [r["slug"] for r in json.loads(response.read())["results"]]


def git(folder: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(folder), *args], check=True, capture_output=True,
                          text=True).stdout


def sync(content: Path, index: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRAXISATLAS_CONTENT_DIR": str(content), "PRAXISATLAS_INDEX_DIR": str(index)}
    return subprocess.run([str(PRAXISATLAS), "sync"], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_an_edit_through_one_process_is_served_by_every_server_on_the_next_request(
        content_dir: Path, index_dir: Path, write_entry, serve) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        write_entry(f"eintrag-{n}", title=f"Fallmanagement {n}")
    build(content_dir, index_dir)
    servers = [serve(content_dir, index_dir, workers=2) for _ in range(2)]
    for server in servers:
        assert hits(server.url, "Willkommenslotse") == []

    path = content_dir / "eintrag-3.md"
    atomic_write(path, entry_text(title="Fallmanagement 3",
                                  body="## Ausgangslage\nEin Willkommenslotse begleitet.\n").encode())
    update_entries(content_dir, index_dir, ["eintrag-3"])

    for server in servers:
        for _ in range(4):  # several requests, so both workers of each server answer
            assert hits(server.url, "Willkommenslotse") == ["eintrag-3"]


@pytest.mark.slow
def test_a_primary_and_two_replicas_as_git_clones(tmp_path: Path, serve) -> None:  # type: ignore[no-untyped-def]
    primary = tmp_path / "primary"
    primary.mkdir()
    (primary / "vocabulary.yaml").write_bytes((FIXTURES / "vocabulary.yaml").read_bytes())
    for n in range(3):
        (primary / f"eintrag-{n}.md").write_text(entry_text(title=f"Sprachkurs {n}"), "utf-8")
    subprocess.run([*GIT, "init", "-q", str(primary)], check=True)
    git(primary, "add", ".")
    git(primary, "commit", "-q", "-m", "Erste Einträge")

    replicas = []
    for name in ("replica-a", "replica-b"):
        clone = tmp_path / name
        subprocess.run([*GIT, "clone", "-q", str(primary), str(clone)], check=True)
        index = tmp_path / f"{name}-index"
        result = sync(clone, index)
        assert result.returncode == 0, result.stderr
        replicas.append((clone, index, serve(clone, index, workers=1)))
    for _, _, server in replicas:
        assert hits(server.url, "Integrationslotsen") == []

    (primary / "lotsen.md").write_text(
        entry_text(title="Integrationslotsen im Quartier",
                   body="## Umsetzung\nIntegrationslotsen begleiten Familien.\n"), "utf-8")
    (primary / "eintrag-0.md").unlink()
    git(primary, "add", "-A", ".")
    git(primary, "commit", "-q", "-m", "Lotsen ergänzt, Eintrag 0 entfernt")

    for clone, index, server in replicas:
        result = sync(clone, index)
        assert result.returncode == 0, result.stderr
        assert "1 added" in result.stdout and "1 deleted" in result.stdout
        assert hits(server.url, "Integrationslotsen") == ["lotsen"]
        assert "eintrag-0" not in hits(server.url, "Sprachkurs")

    again = sync(*replicas[0][:2])
    assert again.returncode == 0 and "already up to date" in again.stdout


def test_sync_refuses_a_folder_that_is_not_a_git_repository(content_dir: Path, index_dir: Path) -> None:
    result = sync(content_dir, index_dir)
    assert result.returncode == 1
    assert "not a git repository" in result.stderr
    assert not (index_dir / "current").exists()


def test_sync_reports_a_failed_pull_and_leaves_the_index_alone(tmp_path: Path) -> None:
    primary = tmp_path / "primary"
    primary.mkdir()
    (primary / "vocabulary.yaml").write_bytes((FIXTURES / "vocabulary.yaml").read_bytes())
    (primary / "a.md").write_text(entry_text(title="A"), "utf-8")
    subprocess.run([*GIT, "init", "-q", str(primary)], check=True)
    git(primary, "add", ".")
    git(primary, "commit", "-q", "-m", "A")
    clone = tmp_path / "replica"
    subprocess.run([*GIT, "clone", "-q", str(primary), str(clone)], check=True)
    index = tmp_path / "index"
    assert sync(clone, index).returncode == 0
    before = os.readlink(index / "current")

    (clone / "a.md").write_text(entry_text(title="A lokal"), "utf-8")  # a replica must take no commits
    git(clone, "commit", "-q", "-am", "local")
    (primary / "a.md").write_text(entry_text(title="A zentral"), "utf-8")
    git(primary, "commit", "-q", "-am", "central")

    result = sync(clone, index)
    assert result.returncode == 1
    assert "git pull --ff-only failed" in result.stderr
    assert os.readlink(index / "current") == before


def test_each_worker_warms_its_search_caches_before_serving(content_dir: Path, index_dir: Path,
                                                            write_entry, serve) -> None:  # type: ignore[no-untyped-def]
    write_entry("eintrag", title="Ausländerbehörde digital")
    server = serve(content_dir, index_dir, workers=2)
    with urllib.request.urlopen(server.url + "/api/v1/search?q=Beh%C3%B6rde", timeout=10) as response:
        assert json.load(response)["total"] == 1
    deadline = time.monotonic() + 20  # the second worker may still be warming (it accepts after)
    while server.output().count("search caches warm: 1 entries") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.output()
    assert log.count("search caches warm: 1 entries") == 2, log[-2000:]
    assert "warming the search caches failed" not in log
