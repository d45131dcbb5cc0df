"""Building and updating the index from the content folder: the files are the source of truth, the
index a cache that can always be rebuilt. Every writer takes the index folder's lock, so a build, an
update and an editor's save never interleave.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from app.content.corpus import check_related, entry_paths, read_entry, read_files, shown_path, unique_slugs
from app.content.files import revision_of, sweep_temporary_files
from app.content.model import Practice, Problem, is_slug
from app.content.vocabulary import Vocabulary, cached_vocabulary, load_vocabulary, vocabulary_path
from app.search import semantic, store
from app.search.manifest import Manifest
from app.search.parallel import Progress, write_segments
from app.search.schema import VECTOR_FIELD, Codec, build_schema, document, file_state, stored_words
from app.search.whoosh_io import column_values

PARALLEL_FROM = 2000
"""Corpus size from which a build uses two processes (measured: halves a 10k build)."""
Known = dict[bytes, bytes]
"""Vectors an index holds: digest of the encoded text → the vector column value (semantic.vector_values)."""


@dataclass
class IndexReport:
    indexed: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0


def _vectors(practices: list[Practice], vocab: Vocabulary, known: Known) -> list[bytes]:
    """Each entry's vector column value: taken over from ``known`` if its text is unchanged, else encoded."""
    texts = [semantic.entry_text(p.title, p.summary, [vocab.label("topic", t, "de") for t in p.topics])
             for p in practices]
    return semantic.vector_values(texts, known)


def _current_vectors(index_dir: Path) -> Known:
    """The vectors of the current generation, for a build to take over."""
    generation = store.current_generation(index_dir)
    if generation is None:
        return {}
    try:
        with closing(whoosh_index.open_dir(str(generation))) as ix, ix.reader() as reader:
            return semantic.known_values(column_values(reader, VECTOR_FIELD))
    except Exception:  # noqa: BLE001 - an unreadable old index only means encoding everything anew
        return {}


def _expected_meta(content_dir: Path) -> dict[str, Any]:
    try:
        vocabulary_revision = revision_of(vocabulary_path(content_dir).read_bytes())
    except OSError:
        vocabulary_revision = ""
    return {"schema_version": store.SCHEMA_VERSION, "content_dir": str(Path(content_dir).resolve()),
            "vocabulary_revision": vocabulary_revision}


def build(content_dir: Path, index_dir: Path, progress: Progress | None = None,
          procs: int | None = None, lock_timeout: float = 600.0) -> IndexReport:
    """Rebuild the whole index into a new generation, then swap it in atomically."""
    with store.write_lock(index_dir, timeout=lock_timeout):
        return _build_locked(Path(content_dir), Path(index_dir), progress, procs)


def _build_locked(content_dir: Path, index_dir: Path, progress: Progress | None,
                  procs: int | None) -> IndexReport:
    started = time.perf_counter()
    vocab = load_vocabulary(content_dir)  # a broken vocabulary stops the build here, as it should
    paths = entry_paths(content_dir)
    if procs is None:
        procs = min(2, os.cpu_count() or 1) if len(paths) >= PARALLEL_FROM else 1
    if not unique_slugs(paths):
        procs = 1  # two files share a name: only reading them in order tells which one counts
    slugs = {p.stem for p in paths if is_slug(p.stem)}
    documents = functools.partial(_documents, paths, slugs, vocab, _current_vectors(index_dir))
    building = store.new_generation_dir(index_dir)
    try:
        ix = whoosh_index.create_in(str(building), build_schema())
        # Separate segment files: a searcher opens in under a millisecond instead of copying a
        # compound file into memory (43 ms at 10k), and build memory halves (measured, bench/).
        options: dict[str, Any] = {"limitmb": 1024, "compound": False, "codec": Codec()}
        writer = ix.writer(**options)
        try:
            segments, words, extras = write_segments(ix, len(paths), documents, procs, options, progress)
            writer.commit(mergetype=lambda _writer, existing: existing + segments)
        except BaseException:
            writer.cancel()
            raise
        ix.close()
        rows = {slug: state for slug, state, _ in extras if slug is not None}
        with closing(Manifest(building)) as manifest:
            manifest.save(rows, words)
        store.write_meta(building, _expected_meta(content_dir))
        final = store.publish_generation(index_dir, building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    store.prune(index_dir, keep=final)
    return IndexReport(indexed=len(rows), added=list(rows), problems=[p for *_, problems in extras for p in problems],
                       rebuilt=True, seconds=time.perf_counter() - started)


def _indexed(practice: Practice, vocab: Vocabulary, vector: bytes) -> tuple[dict[str, Any], set[str], dict[str, Any]]:
    """An entry's index document, its spelling words and the file state it came from."""
    state = file_state(practice.path, practice.revision)
    doc = document(practice, vocab, state, vector)
    return doc, stored_words(doc), state


def _documents(paths: list[Path], slugs: set[str], vocab: Vocabulary, known: Known, low: int, high: int
               ) -> Iterator[tuple[dict[str, Any] | None, set[str], Any]]:
    """The files ``low … high-1`` read (``related`` checked against the folder's ``slugs``), their vectors
    encoded in one batch, then their index documents; handed back for each: its slug and file state (None
    for one not indexed) and its problems."""
    read = [(practice, problems) for _, practice, problems in read_files(paths[low:high], vocab, slugs)]
    published = [practice for practice, _ in read if practice is not None and practice.published]
    encoded = iter(_vectors(published, vocab, known))
    for practice, problems in read:
        if practice is None or not practice.published:
            yield None, set(), (None, None, problems)
            continue
        doc, doc_words, state = _indexed(practice, vocab, next(encoded))
        yield doc, doc_words, (practice.slug, state, problems)


def _usable_generation(content_dir: Path, index_dir: Path) -> Path | None:
    """The current generation if it is a usable index for this content folder and vocabulary, else None."""
    generation = store.current_generation(index_dir)
    if generation is None or not whoosh_index.exists_in(str(generation)):
        return None
    return generation if store.read_meta(generation) == _expected_meta(content_dir) else None


def needs_build(content_dir: Path, index_dir: Path) -> bool:
    """True if there is no usable index for this content folder and vocabulary."""
    return _usable_generation(content_dir, index_dir) is None


def ensure_index(content_dir: Path, index_dir: Path) -> Path:
    """The current generation, built from the files first if it is missing or stale."""
    generation = _usable_generation(content_dir, index_dir)
    if generation is None:
        with store.write_lock(index_dir, timeout=600.0):
            generation = _usable_generation(content_dir, index_dir)
            if generation is None:
                _build_locked(Path(content_dir), Path(index_dir), None, None)
                generation = store.current_generation(index_dir)
    assert generation is not None
    return generation


def update(content_dir: Path, index_dir: Path, lock_timeout: float = 60.0) -> IndexReport:
    """Bring the index up to date with the files (a changed vocabulary means a full build)."""
    return _incremental(Path(content_dir), Path(index_dir), lock_timeout, None)


def update_entries(content_dir: Path, index_dir: Path, slugs: Iterable[str],
                   lock_timeout: float = 60.0) -> IndexReport:
    """Re-read just these entries (an editor's save); fast at any corpus size."""
    return _incremental(Path(content_dir), Path(index_dir), lock_timeout, [s for s in slugs if is_slug(s)])


def _incremental(content_dir: Path, index_dir: Path, lock_timeout: float, slugs: list[str] | None) -> IndexReport:
    """Under the lock: re-read ``slugs`` (None: every file changed since the manifest's row), delete the gone ones."""
    with store.write_lock(index_dir, timeout=lock_timeout):
        generation = _usable_generation(content_dir, index_dir)
        if generation is None:
            return _build_locked(content_dir, index_dir, None, None)
        started = time.perf_counter()
        with closing(Manifest(generation)) as manifest:
            if slugs is None:  # what killed writers left is swept here, not on every save
                store.sweep_stale_files(generation)
                sweep_temporary_files(content_dir)
                paths = {p.stem: p for p in entry_paths(content_dir)}
                states = manifest.all()
                suspects = [slug for slug, path in paths.items() if _changed(path, states.get(slug))]
                gone = [slug for slug in states if slug not in paths]
            else:  # a look at each file, not a listing of the whole folder
                suspects = [s for s in slugs if (content_dir / f"{s}.md").is_file()]
                gone = [s for s in slugs if s not in suspects and s in manifest]
            report = _apply(content_dir, generation, manifest, suspects, gone)
        report.seconds = time.perf_counter() - started
        return report


def _changed(path: Path, state: dict[str, Any] | None) -> bool:
    """True if the file differs from its manifest row (or has none, or is gone)."""
    try:
        stat = path.stat()
    except OSError:
        return True
    return state is None or (stat.st_mtime_ns, stat.st_size) != (state.get("mtime_ns"), state.get("size"))


def _apply(content_dir: Path, generation: Path, manifest: Manifest, suspects: list[str],
           gone: list[str]) -> IndexReport:
    """Index ``suspects`` again from their files and delete ``gone`` in one commit, then the manifest."""
    report = IndexReport()
    if not suspects and not gone:
        return report
    vocab = cached_vocabulary(content_dir)  # unchanged since the build, or needs_build had said so
    changes: dict[str, dict[str, Any] | None] = {}
    words: Counter[str] = Counter()  # entries gained (lost, negative) per spelling word
    ix = whoosh_index.open_dir(str(generation))
    writer = ix.writer(timeout=10.0, compound=False, codec=Codec())

    def read(slug: str) -> tuple[Practice | None, list[Problem]]:
        """The entry if its file still qualifies for the index (valid and published), and its problems."""
        path = content_dir / f"{slug}.md"
        practice, problems = read_entry(path, vocab)
        if practice is not None:
            problems = check_related(practice, lambda s: is_slug(s) and (content_dir / f"{s}.md").is_file(),
                                     shown_path(path))
        return (practice if practice is not None and practice.published else None), problems

    def indexed(practice: Practice, known: Known) -> dict[str, Any]:
        """The entry's index document, its words and file state counted (its vector taken over from ``known``)."""
        doc, doc_words, changes[practice.slug] = _indexed(practice, vocab, _vectors([practice], vocab, known)[0])
        words.update(doc_words)
        return doc

    def forget(slug: str) -> Known:
        """The indexed version of ``slug`` goes from the words; returns its vector, for a new version to take
        over. The writer's own searcher is used: another one opened every segment again (a fifth of a save)."""
        searcher = writer.searcher()
        docnum = searcher.document_number(slug=slug)
        if docnum is None:
            return {}
        words.subtract(stored_words(searcher.stored_fields(docnum)))
        reader = searcher.reader()
        return semantic.known_values([reader.column_reader(VECTOR_FIELD)[docnum]] if reader.has_column(VECTOR_FIELD)
                                     else [])

    def delete(slug: str) -> None:
        forget(slug)
        writer.delete_by_term("slug", slug)
        changes[slug] = None
        report.deleted.append(slug)

    def refill(segments: list[Any]) -> None:
        """Index the live entries of small segments being merged away again, from their files."""
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                stored = [reader.stored_fields(docnum) for docnum in reader.all_doc_ids()]
                known = semantic.known_values(column_values(reader, VECTOR_FIELD))
            finally:
                reader.close()
            for fields in stored:
                words.subtract(stored_words(fields))
                practice, _ = read(fields["slug"])
                if practice is None:
                    changes[fields["slug"]] = None  # as ``index update`` would: the file no longer qualifies
                else:
                    writer.add_document(**indexed(practice, known))

    try:
        for slug in gone:
            delete(slug)
        for slug in suspects:
            practice, problems = read(slug)
            report.problems.extend(problems)
            old = manifest.get(slug)
            if practice is None:
                if old is not None:
                    delete(slug)
            elif old is not None and old.get("revision") == practice.revision:
                changes[slug] = file_state(practice.path, practice.revision)  # touched, not changed
            else:
                writer.update_document(**indexed(practice, forget(slug)))
                (report.changed if old is not None else report.added).append(slug)
        writer.commit(mergetype=functools.partial(merge_tail, refill=refill))
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    manifest.save(changes, words)
    report.indexed = len(manifest)
    return report


TAIL_SEGMENTS = 8


def merge_tail(writer: Any, segments: list[Any], refill: Callable[[list[Any]], None]) -> list[Any]:
    """Whoosh merge policy: once TAIL_SEGMENTS segments of one tier (1 entry, 8, 64, … up to a hundredth of
    the index) end the list, they and the smaller ones after them are merged, their entries indexed again
    from their files by ``refill`` (several times faster than Whoosh's merging of postings). Unlike
    Whoosh's MERGE_SMALL, the large segments keep their place, so searchers keep their caches (segments.py).
    """
    total = sum(segment.doc_count_all() for segment in segments)
    largest = max(TAIL_SEGMENTS, total // 100)
    tier = 1
    while tier <= largest:
        start = len(segments)
        while start > 0 and segments[start - 1].doc_count_all() <= tier:
            start -= 1
        if sum(s.doc_count_all() * TAIL_SEGMENTS > tier for s in segments[start:]) >= TAIL_SEGMENTS:
            refill(segments[start:])
            return segments[:start]
        tier *= TAIL_SEGMENTS
    return segments
