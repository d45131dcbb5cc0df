"""Git for a content folder: commit an editor's change as its author, and read an entry's history.

Git runs as a subprocess with the one file path only, so nothing else staged in the repository is
committed along. Failures raise GitError with git's own message, for the editor to read.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

MAX_REVISIONS = 50
MAX_DIFF_CHARS = 100_000
TIMEOUT = 30


class GitError(Exception):
    """A git command that failed; the message carries git's output."""


@dataclass(frozen=True)
class Revision:
    commit: str
    author: str
    email: str
    date: str
    subject: str
    diff: str
    truncated: bool = False


def run_git(cwd: Path, *args: str, check: bool = True, timeout: float = TIMEOUT
           ) -> subprocess.CompletedProcess[str]:
    """Run ``git args`` in ``cwd``; GitError if git is missing, takes over ``timeout`` seconds or (with
    ``check``) fails. The cause (FileNotFoundError, TimeoutExpired) stays on the error's ``__cause__``."""
    result = _run(cwd, args, timeout)
    output = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    text = subprocess.CompletedProcess(result.args, result.returncode, *output)
    if check and text.returncode != 0:
        message = (text.stderr.strip() or text.stdout.strip() or f"exit status {text.returncode}")
        raise GitError(f"git {args[0]} failed: {message}")
    return text


def _run(cwd: Path, args: tuple[str, ...], timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]}: {exc}") from exc


def is_repository(folder: Path) -> bool:
    """True when the content folder is (inside) a git work tree."""
    try:
        result = run_git(Path(folder), "rev-parse", "--is-inside-work-tree", check=False)
    except GitError:
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


def commit_file(folder: Path, path: Path, message: str, name: str, email: str) -> str:
    """Commit the current state of ``path`` (written or deleted) alone; return the new commit id."""
    folder = Path(folder)
    rel = str(Path(path).resolve().relative_to(folder.resolve()))
    if Path(path).exists():
        run_git(folder, "add", "--", rel)
    else:
        run_git(folder, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", rel)
    identity = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    run_git(folder, *identity, "commit", "--quiet", "--no-verify", f"--author={name} <{email}>",
         "-m", message, "--", rel)
    return run_git(folder, "rev-parse", "HEAD").stdout.strip()


def has_changes(folder: Path, path: Path) -> bool:
    """True when ``path`` differs from the last commit (changed, staged, new or deleted)."""
    folder = Path(folder)
    rel = str(Path(path).resolve().relative_to(folder.resolve()))
    return bool(run_git(folder, "status", "--porcelain", "--", rel).stdout.strip())


def file_at(folder: Path, commit: str, path: Path) -> bytes | None:
    """The bytes of ``path`` as ``commit`` left it; None where it did not exist there."""
    folder = Path(folder)
    rel = str(Path(path).resolve().relative_to(folder.resolve()))
    result = _run(folder, ("show", f"{commit}:./{rel}"), TIMEOUT)
    return result.stdout if result.returncode == 0 else None


def history(folder: Path, path: Path, diffs: bool = True) -> list[Revision]:
    """The commits that touched ``path`` (following renames), newest first, each with its diff
    (without, when ``diffs`` is false: one git call in all)."""
    folder = Path(folder)
    rel = str(Path(path).resolve().relative_to(folder.resolve()))
    log = run_git(folder, "log", "--follow", f"--max-count={MAX_REVISIONS}",
               "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e", "--", rel)
    revisions = []
    for record in log.stdout.split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) != 5:
            continue
        commit, author, email, date, subject = parts
        if not diffs:
            revisions.append(Revision(commit, author, email, date, subject, "", False))
            continue
        diff = run_git(folder, "show", "--format=", "--no-color", "--find-renames", commit, "--",
                    rel).stdout
        if not diff.strip():
            # the path had another name in this commit (a rename --follow went through)
            diff = run_git(folder, "show", "--format=", "--no-color", "--find-renames", commit).stdout
        truncated = len(diff) > MAX_DIFF_CHARS
        revisions.append(Revision(commit, author, email, date, subject, diff[:MAX_DIFF_CHARS], truncated))
    return revisions
