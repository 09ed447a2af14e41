"""Backups taken while visitors write, restored into a fresh database: everything comes back."""

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from practice_site.backups import (
    BackupError,
    create_backup,
    prune_backups,
    read_manifest,
    restore_backup,
)
from practice_site.models import StandardPage

BASE_DIR = Path(__file__).resolve().parents[2]
# Decided before any fixture runs, so the PostgreSQL suite does not build (and flush) data for
# the SQLite-only tests.
sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="the SQLite round trip runs on the SQLite suite",
)
PORTRAIT = bytes(range(256)) * 40


def manage(*args, database_url, media_root, input_text=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def pages(home):
    """A small tree: the home page, two published pages and a draft under one of them."""
    about = StandardPage(title="About the practice", slug="about", introduction="Who we are")
    home.add_child(instance=about)
    about.save_revision().publish()
    fees = StandardPage(title="Fees", slug="fees", introduction="What a session costs")
    home.add_child(instance=fees)
    fees.save_revision().publish()
    draft = StandardPage(title="Team (draft)", slug="team", live=False)
    about.add_child(instance=draft)
    draft.save_revision()
    return [home, about, fees, draft]


@pytest.fixture
def media(tmp_path):
    root = tmp_path / "media"
    (root / "original_images").mkdir(parents=True)
    (root / "original_images" / "portrait.jpg").write_bytes(PORTRAIT)
    (root / "documents").mkdir()
    (root / "documents" / "fees.pdf").write_bytes(b"%PDF-1.4 fees")
    return root


def page_rows(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT id, title, path, depth, numchild, live, url_path FROM wagtailcore_page ORDER BY id"
    )
    return [tuple(row) for row in cursor.fetchall()]


def table_names(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    return sorted(row[0] for row in cursor.fetchall())


def every_table(cursor, vendor: str) -> dict[str, list[str]]:
    """Every row of every table (except the one the writer fills), in a comparable form."""
    contents = {}
    for table in table_names(cursor, vendor):
        if table == "taggit_tag":
            continue
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
        contents[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return contents


def written_tags(cursor) -> list[str]:
    cursor.execute("SELECT name FROM taggit_tag WHERE name LIKE 'written-%'")
    return [row[0] for row in cursor.fetchall()]


class Writer(threading.Thread):
    """A visitor-like writer committing one row after another until told to stop."""

    def __init__(self, connect, placeholder="?"):
        super().__init__(daemon=True)
        self.connect = connect
        self.placeholder = placeholder
        self.written = 0
        self.errors: list[Exception] = []
        self.stop = threading.Event()

    def run(self):
        conn = self.connect()
        mark = self.placeholder
        sql = f"INSERT INTO taggit_tag (name, slug) VALUES ({mark}, {mark})"  # noqa: S608
        try:
            while not self.stop.is_set():
                number = self.written + 1
                conn.execute(sql, (f"written-{number}", f"written-{number}"))
                conn.commit()  # one committed transaction per row
                self.written = number
                time.sleep(0.002)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(exc)
        finally:
            conn.close()

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while self.written < count:
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, "the writer stalled"
            time.sleep(0.01)


def assert_consistent_prefix(tags, before, after):
    """The copy holds the first k rows for one k between the counts seen around the backup."""
    numbers = sorted(int(name.split("-")[1]) for name in tags)
    assert before <= len(numbers) <= after
    assert numbers == list(range(1, len(numbers) + 1))


def assert_fixtree_is_clean(result):
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("No problems found.") == 2, result.stdout


# --- SQLite -------------------------------------------------------------------------------------


def copy_test_database_to(path: Path) -> None:
    """A file database with the test database's schema and rows, in WAL mode like the site's."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()


@sqlite_only
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_taken_while_visitors_write_restores_into_a_fresh_database(
    pages, media, tmp_path
):
    live = tmp_path / "live.sqlite3"
    copy_test_database_to(live)
    with sqlite3.connect(live) as conn:
        expected_pages = page_rows(conn.cursor())
        expected_tables = every_table(conn.cursor(), "sqlite")
    assert [row[1] for row in expected_pages][-4:] == [
        "Test Practice",
        "About the practice",
        "Fees",
        "Team (draft)",
    ]

    writer = Writer(lambda: sqlite3.connect(live, timeout=30))
    writer.start()
    writer.wait_for(20)
    before = writer.written
    backup = manage(
        "backup_data",
        "--output-dir",
        str(tmp_path / "backups"),
        database_url=f"sqlite:///{live}",
        media_root=media,
    )
    after_backup = writer.written
    assert after_backup > before  # visitors' writes went on while the backup ran
    writer.wait_for(after_backup + 20)  # the site kept accepting writes after the backup
    writer.stop.set()
    writer.join(10)
    assert backup.returncode == 0, backup.stderr
    assert not writer.errors
    [archive] = (tmp_path / "backups").glob("practice-*.tar.gz")

    fresh = tmp_path / "restored" / "fresh.sqlite3"
    restored_media = tmp_path / "restored-media"
    (restored_media / "stale").mkdir(parents=True)
    (restored_media / "stale" / "left-over.txt").write_text("not in the backup")
    restore = manage(
        "restore_data",
        str(archive),
        "--noinput",
        database_url=f"sqlite:///{fresh}",
        media_root=restored_media,
    )
    assert restore.returncode == 0, restore.stderr

    with sqlite3.connect(fresh) as conn:
        assert page_rows(conn.cursor()) == expected_pages
        # Every other row of every table is back too (ratings, comments, assessments, ...).
        assert every_table(conn.cursor(), "sqlite") == expected_tables
        assert_consistent_prefix(written_tags(conn.cursor()), before, after_backup)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (restored_media / "original_images" / "portrait.jpg").read_bytes() == PORTRAIT
    assert (restored_media / "documents" / "fees.pdf").read_bytes() == b"%PDF-1.4 fees"
    assert not (restored_media / "stale").exists()
    assert_fixtree_is_clean(
        manage("fixtree", "--noinput", database_url=f"sqlite:///{fresh}", media_root=media)
    )


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_restored_site_serves_its_pages(pages, media, tmp_path):
    live = tmp_path / "live.sqlite3"
    copy_test_database_to(live)
    sqlite_settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live)}
    report = create_backup(sqlite_settings, media, tmp_path / "backups")
    fresh = tmp_path / "fresh.sqlite3"
    restore_backup(report.path, {**sqlite_settings, "NAME": str(fresh)}, tmp_path / "media2")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.test import Client; "
            "r = Client().get('/en/about/'); print(r.status_code, b'Who we are' in r.content)",
        ],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.test",
            "DATABASE_URL": f"sqlite:///{fresh}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-2:] == ["200", "True"], result.stdout + result.stderr


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_archive_is_private_and_lists_what_it_holds(pages, media, tmp_path):
    live = tmp_path / "live.sqlite3"
    copy_test_database_to(live)
    report = create_backup(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live)}, media, tmp_path / "out"
    )
    assert stat.S_IMODE(report.path.stat().st_mode) == 0o600
    manifest = read_manifest(report.path)
    assert manifest["engine"] == "sqlite"
    assert manifest["media_files"] == 2
    with tarfile.open(report.path) as archive:
        names = set(archive.getnames())
    assert {
        "manifest.json",
        "database.sqlite3",
        "media/original_images/portrait.jpg",
        "media/documents/fees.pdf",
    } <= names
    assert not list((tmp_path / "out").glob(".backup-*")), "scratch files left behind"


def test_restoring_sqlite_under_an_open_connection_swaps_the_whole_database_at_once(tmp_path):
    sqlite = "django.db.backends.sqlite3"
    source = tmp_path / "source.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.executemany("INSERT INTO notes VALUES (?)", [("from the backup",)] * 3)
    conn.close()
    report = create_backup({"ENGINE": sqlite, "NAME": str(source)}, None, tmp_path / "out")

    live = tmp_path / "live.sqlite3"
    app = sqlite3.connect(live)  # stands for a running app server's connection
    app.execute("PRAGMA journal_mode=WAL")
    app.execute("CREATE TABLE notes (body TEXT)")
    app.execute("INSERT INTO notes VALUES ('written after the backup')")
    app.commit()
    restore_backup(report.path, {"ENGINE": sqlite, "NAME": str(live)}, None)
    assert app.execute("SELECT body FROM notes").fetchall() == [("from the backup",)] * 3
    app.close()


def test_a_backup_without_media_leaves_the_media_folder_alone(tmp_path, media):
    sqlite = "django.db.backends.sqlite3"
    source = tmp_path / "source.sqlite3"
    sqlite3.connect(source).close()
    report = create_backup({"ENGINE": sqlite, "NAME": str(source)}, None, tmp_path / "out")
    assert read_manifest(report.path)["media"] is False
    result = restore_backup(report.path, {"ENGINE": sqlite, "NAME": str(tmp_path / "t.db")}, media)
    assert result.media_files is None
    assert (media / "original_images" / "portrait.jpg").read_bytes() == PORTRAIT


# --- refusals -----------------------------------------------------------------------------------


def make_archive(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def sqlite_manifest() -> bytes:
    return json.dumps(
        {"format": 1, "engine": "sqlite", "database_file": "database.sqlite3", "created": "x"}
    ).encode()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_text("hello")
    with pytest.raises(CommandError, match="not a practice-cms backup"):
        call_command("restore_data", str(bogus), "--noinput")


def test_a_missing_archive_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no backup archive"):
        call_command("restore_data", str(tmp_path / "missing.tar.gz"), "--noinput")


def test_a_backup_of_another_engine_is_refused_before_anything_changes(tmp_path):
    archive = make_archive(tmp_path / "b.tar.gz", {"manifest.json": sqlite_manifest()})
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "practice"}
    media_root = tmp_path / "media"
    media_root.mkdir()
    (media_root / "kept.txt").write_text("kept")
    with pytest.raises(BackupError, match="sqlite database but DATABASE_URL points to postgresql"):
        restore_backup(archive, postgres, media_root)
    assert (media_root / "kept.txt").read_text() == "kept"


def test_an_archive_reaching_outside_its_folder_is_refused(tmp_path):
    archive = make_archive(
        tmp_path / "evil.tar.gz",
        {"manifest.json": sqlite_manifest(), "../../escaped.txt": b"gotcha"},
    )
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db" / "x.sqlite3")}
    with pytest.raises(BackupError, match="could not unpack"):
        restore_backup(archive, database, tmp_path / "media")
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (tmp_path / "db" / "x.sqlite3").exists()


def test_a_corrupt_database_copy_is_refused_and_the_live_database_is_untouched(tmp_path):
    archive = make_archive(
        tmp_path / "corrupt.tar.gz",
        {"manifest.json": sqlite_manifest(), "database.sqlite3": b"SQLite format 3\0" + b"x" * 600},
    )
    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as conn:
        conn.execute("CREATE TABLE kept (value TEXT)")
        conn.execute("INSERT INTO kept VALUES ('still here')")
    conn.close()
    media_root = tmp_path / "media"
    media_root.mkdir()
    (media_root / "kept.txt").write_text("kept")
    with pytest.raises(BackupError):
        restore_backup(
            archive, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live)}, media_root
        )
    with sqlite3.connect(live) as conn:
        assert conn.execute("SELECT value FROM kept").fetchall() == [("still here",)]
    conn.close()
    assert (media_root / "kept.txt").read_text() == "kept"
    assert not list(tmp_path.glob(".media-restore-*"))


def test_restore_asks_first_and_answering_no_changes_nothing(tmp_path, monkeypatch):
    archive = make_archive(
        tmp_path / "b.tar.gz", {"manifest.json": sqlite_manifest(), "database.sqlite3": b""}
    )
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        call_command("restore_data", str(archive))


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupError, match="in-memory"):
        create_backup({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}, None, tmp_path)


def test_other_database_engines_are_refused(tmp_path):
    with pytest.raises(BackupError, match="SQLite and PostgreSQL"):
        create_backup({"ENGINE": "django.db.backends.mysql", "NAME": "x"}, None, tmp_path)


def test_old_backups_beyond_the_newest_n_are_pruned(tmp_path):
    for number in range(5):
        path = tmp_path / f"practice-2026010{number}-000000.tar.gz"
        path.write_bytes(b"x")
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    (tmp_path / "unrelated.txt").write_text("kept")
    removed = prune_backups(tmp_path, keep=2)
    assert sorted(path.name for path in removed) == [
        "practice-20260100-000000.tar.gz",
        "practice-20260101-000000.tar.gz",
        "practice-20260102-000000.tar.gz",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "practice-20260103-000000.tar.gz",
        "practice-20260104-000000.tar.gz",
        "unrelated.txt",
    ]


# --- PostgreSQL ----------------------------------------------------------------------------------


def postgres_url(settings_dict, name):
    user = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    )
    return f"postgres://{user}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{name}"


def postgres_connect(settings_dict, name, **kwargs):
    return psycopg.connect(
        dbname=name,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        **kwargs,
    )


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_backup_taken_while_visitors_write_restores_into_a_fresh_database(
    pages, media, tmp_path
):
    settings_dict = connection.settings_dict
    live_name = settings_dict["NAME"]
    fresh_name = f"{live_name}_restored"
    # Read through psycopg like the restored copy below, so values are decoded the same way.
    with postgres_connect(settings_dict, live_name) as live:
        expected_pages = page_rows(live.cursor())
        expected_tables = every_table(live.cursor(), "postgresql")

    writer = Writer(lambda: postgres_connect(settings_dict, live_name), placeholder="%s")
    writer.start()
    writer.wait_for(20)
    before = writer.written
    backup = manage(
        "backup_data",
        "--output-dir",
        str(tmp_path / "backups"),
        database_url=postgres_url(settings_dict, live_name),
        media_root=media,
    )
    after_backup = writer.written
    assert after_backup > before  # visitors' writes went on while the backup ran
    writer.wait_for(after_backup + 20)
    writer.stop.set()
    writer.join(10)
    assert backup.returncode == 0, backup.stderr
    assert not writer.errors
    [archive] = (tmp_path / "backups").glob("practice-*.tar.gz")
    assert read_manifest(archive)["engine"] == "postgresql"

    with postgres_connect(settings_dict, "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
        admin.execute(f'CREATE DATABASE "{fresh_name}"')
    try:
        restored_media = tmp_path / "restored-media"
        fresh_url = postgres_url(settings_dict, fresh_name)
        restore = manage(
            "restore_data",
            str(archive),
            "--noinput",
            database_url=fresh_url,
            media_root=restored_media,
        )
        assert restore.returncode == 0, restore.stderr
        with postgres_connect(settings_dict, fresh_name) as fresh:
            cursor = fresh.cursor()
            assert page_rows(cursor) == expected_pages
            assert every_table(cursor, "postgresql") == expected_tables
            assert_consistent_prefix(written_tags(cursor), before, after_backup)
        assert (restored_media / "original_images" / "portrait.jpg").read_bytes() == PORTRAIT
        assert_fixtree_is_clean(
            manage("fixtree", "--noinput", database_url=fresh_url, media_root=restored_media)
        )
        # Restoring over a database that already has content replaces it (pg_restore --clean).
        again = manage(
            "restore_data",
            str(archive),
            "--noinput",
            database_url=fresh_url,
            media_root=restored_media,
        )
        assert again.returncode == 0, again.stderr
        with postgres_connect(settings_dict, fresh_name) as fresh:
            assert page_rows(fresh.cursor()) == expected_pages
    finally:
        with postgres_connect(settings_dict, "postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
