"""Backups of everything the site cannot recreate: its database and its uploaded media.

A backup is one ``.tar.gz`` archive holding

* ``manifest.json``: format version, creation time, database engine, what else is inside;
* ``database.sqlite3`` (SQLite) or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
* ``media/``: the files under ``MEDIA_ROOT`` (images, documents).

Both database copies are consistent while visitors keep writing: SQLite's online backup API copies
the whole database in one step from a single read snapshot (in WAL mode writers carry on
meanwhile), and ``pg_dump`` reads everything in one repeatable-read transaction.

Restoring replaces the database's content and the media folder with the archive's. SQLite is
restored through the same backup API into the live file, so other connections see either the old
or the new database, never a mix; PostgreSQL with ``pg_restore --clean --single-transaction``,
all or nothing. Media are unpacked beside ``MEDIA_ROOT`` first and swapped in by renaming.

Archives hold visitors' e-mail addresses and everything else in the database: they are written
readable by their owner only. Keep them somewhere as safe as the database itself.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FORMAT_VERSION = 1
ARCHIVE_PREFIX = "practice-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FOLDER = "media"
SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINE = "django.db.backends.postgresql"
# How long a copy waits for SQLite's lock when a writer holds it (seconds).
SQLITE_LOCK_TIMEOUT = 60


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, in one line."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: str
    media_files: int
    size: int


@dataclass(frozen=True)
class RestoreReport:
    engine: str
    created: str
    media_files: int | None


# --- taking a backup ---------------------------------------------------------------------------


def create_backup(
    database: dict, media_root: Path | None, output_dir: Path, now: datetime | None = None
) -> BackupReport:
    """Write a backup archive of ``database`` (a Django DATABASES entry) and ``media_root``."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = now or datetime.now(UTC)
    target = unique_archive_path(output_dir, now)
    engine = engine_name(database)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work = Path(work)
        if engine == "sqlite":
            database_file = SQLITE_FILE
            dump_sqlite(database["NAME"], work / database_file)
        else:
            database_file = POSTGRES_FILE
            dump_postgres(database, work / database_file)
        media_files = 0
        partial = work / "archive.partial"
        with open_private(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(work / database_file, arcname=database_file)
            if media_root is not None and Path(media_root).is_dir():
                media_files = add_media(archive, Path(media_root))
            manifest = {
                "format": FORMAT_VERSION,
                "created": now.isoformat(timespec="seconds"),
                "engine": engine,
                "database_file": database_file,
                "media": media_root is not None,
                "media_files": media_files,
            }
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        # Only a complete archive ever carries the final name.
        partial.replace(target)
    return BackupReport(target, engine, media_files, target.stat().st_size)


def dump_sqlite(path: str | os.PathLike, target: Path) -> None:
    """Copy a live SQLite database into ``target`` with the online backup API."""
    if str(path) == ":memory:" or "mode=memory" in str(path):
        raise BackupError("an in-memory SQLite database cannot be backed up")
    if not Path(path).exists():
        raise BackupError(f"the SQLite database {path} does not exist")
    source = sqlite3.connect(path, timeout=SQLITE_LOCK_TIMEOUT)
    destination = sqlite3.connect(target)
    try:
        # pages=-1 copies everything in one step, from one read snapshot: consistent even while
        # other connections write (they continue meanwhile in WAL mode).
        source.backup(destination, pages=-1)
        # A self-contained single file, whatever journal mode the live database uses.
        destination.execute("PRAGMA journal_mode=DELETE")
        check_sqlite_integrity(destination, "the copy")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from None
    finally:
        destination.close()
        source.close()
    os.chmod(target, 0o600)


def dump_postgres(database: dict, target: Path) -> None:
    """``pg_dump --format=custom`` of the database into ``target``."""
    command = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
        *postgres_connection_arguments(database),
    ]
    run_postgres_tool(command, database, "pg_dump")


def add_media(archive: tarfile.TarFile, media_root: Path) -> int:
    count = 0
    for folder, directories, files in os.walk(media_root):
        directories.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue  # only real uploaded files; a link could point anywhere
            archive.add(path, arcname=f"{MEDIA_FOLDER}/{path.relative_to(media_root).as_posix()}")
            count += 1
    return count


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, fileobj=_BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes):
        self._data = memoryview(data)
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._position + size
        chunk = self._data[self._position : end].tobytes()
        self._position += len(chunk)
        return chunk


def unique_archive_path(output_dir: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = output_dir / f"{ARCHIVE_PREFIX}{stamp}-{number}{ARCHIVE_SUFFIX}"
        number += 1
    return candidate


def prune_backups(output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``output_dir``; return what was deleted."""
    archives = sorted(
        Path(output_dir).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    removed = archives[keep:]
    for path in removed:
        path.unlink()
    return removed


# --- restoring ---------------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> dict:
    """The manifest of a backup archive, checked for a format this code understands."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"no backup archive at {archive_path}")
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a practice-cms backup ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{archive_path} has an unknown backup format")
    if manifest.get("engine") not in {"sqlite", "postgresql"}:
        raise BackupError(f"{archive_path} names an unknown database engine")
    return manifest


def restore_backup(
    archive_path: Path, database: dict, media_root: Path | None, restore_media: bool = True
) -> RestoreReport:
    """Replace the database's content (and the media folder) with those in a backup archive."""
    manifest = read_manifest(archive_path)
    engine = engine_name(database)
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database but DATABASE_URL points to "
            f"{engine}; restore it into a {manifest['engine']} database (or migrate the data "
            "with dumpdata/loaddata)"
        )
    scratch_parent = None
    if engine == "sqlite":
        scratch_parent = Path(database["NAME"]).resolve().parent
        scratch_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_parent, prefix=".restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(archive_path, mode="r:gz") as archive:
                # The "data" filter refuses absolute paths, "..", links out of the folder and
                # device files: a tampered archive cannot write outside the scratch folder.
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"could not unpack {archive_path}: {exc}") from None
        database_file = work / manifest["database_file"]
        if not database_file.is_file():
            raise BackupError("the archive holds no database copy")

        staged_media = None
        media_files = None
        # An archive made with --no-media says nothing about the media: leave them alone.
        if restore_media and media_root is not None and manifest.get("media"):
            # Unpack beside MEDIA_ROOT first (the step most likely to fail: disk space), so a
            # failure leaves both the database and the media as they were.
            media_root = Path(media_root)
            media_root.parent.mkdir(parents=True, exist_ok=True)
            staged_media = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".media-restore-"))
            source_media = work / MEDIA_FOLDER
            if source_media.is_dir():
                shutil.copytree(source_media, staged_media, dirs_exist_ok=True)
            media_files = sum(len(files) for _, _, files in os.walk(staged_media))

        try:
            if engine == "sqlite":
                load_sqlite(database_file, database["NAME"])
            else:
                load_postgres(database_file, database)
        except BaseException:
            if staged_media is not None:
                shutil.rmtree(staged_media, ignore_errors=True)
            raise

        if staged_media is not None:
            swap_in(staged_media, media_root)
    return RestoreReport(engine, manifest.get("created", "?"), media_files)


def load_sqlite(copy: Path, live_path: str | os.PathLike) -> None:
    """Overwrite the live SQLite database with ``copy`` in one step (online, atomic)."""
    if str(live_path) == ":memory:" or "mode=memory" in str(live_path):
        raise BackupError("cannot restore into an in-memory SQLite database")
    source = sqlite3.connect(copy)
    try:
        check_sqlite_integrity(source, "the backup")
        destination = sqlite3.connect(live_path, timeout=SQLITE_LOCK_TIMEOUT)
        try:
            source.backup(destination, pages=-1)
            check_sqlite_integrity(destination, "the restored database")
        finally:
            destination.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite restore failed: {exc}") from None
    finally:
        source.close()


def load_postgres(dump: Path, database: dict) -> None:
    """``pg_restore --clean`` the dump into the database, all or nothing."""
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *postgres_connection_arguments(database),
        str(dump),
    ]
    run_postgres_tool(command, database, "pg_restore")


def swap_in(staged: Path, media_root: Path) -> None:
    """Put the staged media folder where MEDIA_ROOT is, by renames (quick, no half state)."""
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}.replaced-{os.getpid()}")
        media_root.rename(old)
    staged.rename(media_root)
    media_root.chmod(0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- shared ------------------------------------------------------------------------------------


def engine_name(database: dict) -> str:
    engine = database.get("ENGINE")
    if engine == SQLITE_ENGINE:
        return "sqlite"
    if engine == POSTGRES_ENGINE:
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def check_sqlite_integrity(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")


def postgres_connection_arguments(database: dict) -> list[str]:
    arguments = [f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    return arguments


def run_postgres_tool(command: list[str], database: dict, tool: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{tool} is not installed (Debian: apt-get install postgresql-client; use the "
            "version of the PostgreSQL server or newer)"
        )
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if database.get("PASSWORD"):
        # Through the environment, never on the command line where `ps` would show it.
        env["PGPASSWORD"] = database["PASSWORD"]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = " ".join(result.stderr.split())[:500] or f"exit status {result.returncode}"
        raise BackupError(f"{tool} failed: {message}")


def open_private(path: Path):
    """Open a new file for writing that only its owner can read."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")
