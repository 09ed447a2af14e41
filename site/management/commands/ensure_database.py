"""Create the configured PostgreSQL database when it does not exist yet (``make serve`` runs it)."""

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql


class Command(BaseCommand):
    help = (
        "Create the database named in DATABASE_URL if it is missing (PostgreSQL), by connecting "
        "to the server's 'postgres' maintenance database. SQLite creates its file by itself."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        config = connections[options["database"]].settings_dict
        if config["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Nothing to create: the database is not PostgreSQL.")
            return
        name = config["NAME"]
        try:
            with psycopg.connect(
                dbname="postgres",
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                connect_timeout=10,
                autocommit=True,  # CREATE DATABASE cannot run inside a transaction
            ) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(f"Database {name!r} already exists.")
                    return
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            self.stdout.write(f"Database {name!r} already exists.")  # created meanwhile
            return
        except psycopg.Error as exc:
            raise CommandError(f"could not create database {name!r}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Created database {name!r}."))
