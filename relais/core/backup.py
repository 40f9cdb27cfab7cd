"""Backups and restores: the database (SQLite online backup or pg_dump) and media files.

An archive `relais-YYYYmmdd-HHMMSS.tar.gz` holds `manifest.json` (engine, date, and the SHA-256 of every
file inside), `database.sqlite3` or `database.pgdump`, and `media/`. Beside it, `<archive>.sha256` holds
the archive's own checksum; `restore` refuses an archive whose checksums do not match.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

ARCHIVE_PREFIX = "relais-"
ARCHIVE_SUFFIX = ".tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The archive cannot be trusted or restored; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    checksum: str
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_environment() -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args, env


def _dump_database(target_dir: Path) -> Path:
    if _engine() == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup API would wait forever on our own open write transaction.
            raise BackupError("A backup cannot run inside a database transaction.")
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while the application keeps running.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    target = target_dir / "database.pgdump"
    args, env = _pg_environment()
    command = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--file",
        str(target),
        *args,
        connection.settings_dict["NAME"],
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
    return target


def backup_create(*, output_dir: Path | None = None) -> BackupResult:
    """Write a dated archive of the database and media files, with its checksum file beside it."""
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    archive = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        database_file = _dump_database(staging)
        files = {database_file.name: sha256_of(database_file)}
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            shutil.copytree(media_root, staging / "media", dirs_exist_ok=True)
            for path in sorted((staging / "media").rglob("*")):
                if path.is_file():
                    files[str(path.relative_to(staging))] = sha256_of(path)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": _engine(),
            "created_at": timezone.now().isoformat(),
            "database": database_file.name,
            "files": files,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(staging.iterdir()):
                tar.add(path, arcname=path.name)
        partial.rename(archive)
    checksum = sha256_of(archive)
    Path(f"{archive}.sha256").write_text(f"{checksum}  {archive.name}\n", encoding="utf-8")
    return BackupResult(archive=archive, checksum=checksum, size=archive.stat().st_size)


def backup_verify(archive: Path) -> dict:
    """Check the archive against its checksum file and its manifest; returns the manifest."""
    archive = Path(archive)
    checksum_file = Path(f"{archive}.sha256")
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    if not checksum_file.is_file():
        raise BackupError(
            f"The checksum file {checksum_file.name} is missing: the archive cannot be trusted."
        )
    expected = checksum_file.read_text(encoding="utf-8").split()[0]
    if sha256_of(archive) != expected:
        raise BackupError("The archive is damaged: its checksum does not match. Nothing was restored.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"The archive cannot be read ({error}). Nothing was restored.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("This archive was written by an incompatible version of Relais.")
    return manifest


def _extract(archive: Path, manifest: dict, target: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    for name, digest in manifest["files"].items():
        path = target / name
        if not path.is_file() or sha256_of(path) != digest:
            raise BackupError(f"The file {name} inside the archive is damaged. Nothing was restored.")


def _restore_database(manifest: dict, staging: Path) -> None:
    source = staging / manifest["database"]
    if manifest["engine"] != _engine():
        raise BackupError(
            f"This archive holds a {manifest['engine']} database; the configured database is {_engine()}."
        )
    if _engine() == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    args, env = _pg_environment()
    command = [
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
        "--dbname", connection.settings_dict["NAME"], *args, str(source),
    ]  # fmt: skip
    connection.close()  # let pg_restore drop and recreate tables without waiting on our locks
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")


def backup_restore(*, archive: Path) -> dict:
    """Verify then restore an archive: the database is replaced, media files are put back."""
    archive = Path(archive)
    manifest = backup_verify(archive)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        _extract(archive, manifest, staging)
        _restore_database(manifest, staging)
        if (staging / "media").is_dir():
            shutil.copytree(staging / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest


def backup_rotate(*, directory: Path | None = None, keep: int | None = None) -> list[Path]:
    """Delete the oldest archives beyond the `keep` newest; returns what was deleted."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    archives = sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"), reverse=True)
    removed = []
    for archive in archives[keep:]:
        archive.unlink()
        Path(f"{archive}.sha256").unlink(missing_ok=True)
        removed.append(archive)
    return removed
