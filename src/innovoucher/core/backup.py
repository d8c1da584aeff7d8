"""Backups and restores of the whole platform, the same on SQLite and PostgreSQL (issue 14).

`innovoucher backup` writes one archive (tar.gz, mode 0600):

- ``data.backupjson`` — every row of every table (Django's dumpdata as JSON with exact datetimes;
sessions left out), with its
  SHA-256 in ``manifest.json`` (version, database vendor, row counts per model, when);
- ``keys.enc`` — the PII key and the audit chain key, **encrypted** with a passphrase (scrypt
  n=2^15, r=8, p=1 → SM4-GCM key, random salt and nonce, the manifest digest as associated
  data). The keys never appear in clear in the archive: without the passphrase the personal
  data in the dump (already SM4-GCM ciphertext) stays unreadable;
- ``anchors.log`` — the audit anchor file kept outside the database;
- ``media/…`` — the uploaded files.

`innovoucher restore` checks the archive (digest, passphrase), refuses a PII or audit key that
differs from the one configured in the environment (unless the keys are file-based, then it
installs the backup's keys), and then, in ONE transaction, empties every table and loads the
rows (sequences reset). The anchor file and the media are put back after the commit; the
previous anchor file is kept beside it as ``*.before-restore``. A restore is audited
(``core.backup.restore``) so the chain shows when it happened.

Passphrase: the environment variable named by ``--passphrase-env`` (default
``INNOVOUCHER_BACKUP_PASSPHRASE``) or a file (``--passphrase-file``); never a command-line word.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

from innovoucher.core import audit, clock, crypto
from innovoucher.core.codes import Code
from innovoucher.core.errors import ValidationFailed

FORMAT = 1
PASSPHRASE_ENV = "INNOVOUCHER_BACKUP_PASSPHRASE"
MIN_PASSPHRASE = 12
EXCLUDE = ["sessions"]
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SERIALIZER = "backupjson"  # JSON with exact datetimes (core/backup_format.py)
DATA = f"data.{SERIALIZER}"


def _register_format() -> None:
    if SERIALIZER not in serializers.get_serializer_formats():
        serializers.register_serializer(SERIALIZER, "innovoucher.core.backup_format")


class BackupError(ValidationFailed):
    code = Code.BACKUP_INVALID


@dataclass
class BackupResult:
    path: Path
    rows: int
    files: int
    digest: str


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * 1024 * 1024, dklen=16
    )


def seal_keys(payload: dict, passphrase: str, aad: bytes) -> dict:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _derive(passphrase, salt, **_SCRYPT)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    body = encryptor.update(json.dumps(payload).encode()) + encryptor.finalize()
    return {
        "kdf": "scrypt",
        **_SCRYPT,
        "cipher": "SM4-GCM",
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "data": base64.b64encode(body + encryptor.tag).decode(),
    }


def open_keys(sealed: dict, passphrase: str, aad: bytes) -> dict:
    try:
        salt = base64.b64decode(sealed["salt"])
        nonce = base64.b64decode(sealed["nonce"])
        raw = base64.b64decode(sealed["data"])
        key = _derive(passphrase, salt, int(sealed["n"]), int(sealed["r"]), int(sealed["p"]))
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, raw[-16:])).decryptor()
        decryptor.authenticate_additional_data(aad)
        return json.loads(decryptor.update(raw[:-16]) + decryptor.finalize())
    except (InvalidTag, KeyError, ValueError) as exc:
        raise BackupError(
            "备份口令不正确，或备份文件的密钥部分已被改动", code=Code.BACKUP_PASSPHRASE_WRONG
        ) from exc


def check_passphrase(passphrase: str | None) -> str:
    if not passphrase or len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(
            f"请提供至少 {MIN_PASSPHRASE} 个字符的备份口令（环境变量 {PASSPHRASE_ENV} 或口令文件）",
            code=Code.BACKUP_PASSPHRASE_MISSING,
        )
    return passphrase


def _current_keys() -> dict:
    pii = crypto.keys()
    return {"pii_key": (pii.sm4 + pii.mac).hex(), "audit_key": audit.audit_key().hex()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(clock.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _counts() -> dict[str, int]:
    out = {}
    for model in apps.get_models():
        if model._meta.app_label in EXCLUDE or not model._meta.managed or model._meta.proxy:
            continue
        out[model._meta.label_lower] = model._default_manager.count()
    return out


def backup_create(*, actor=None, output: Path, passphrase: str) -> BackupResult:
    """Write the archive described in the module docstring to `output`."""
    passphrase = check_passphrase(passphrase)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    audit.record(
        actor=actor,
        action="core.backup.create",
        object_type="backup",
        object_id=output.name,
        data={"file": output.name},
    )
    with tempfile.TemporaryDirectory() as tmp:
        _register_format()
        data_path = Path(tmp) / DATA
        outermost = not connection.in_atomic_block
        with transaction.atomic():  # one consistent snapshot (REPEATABLE READ on PostgreSQL)
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = _counts()
            call_command(
                "dumpdata", exclude=EXCLUDE, format=SERIALIZER, output=str(data_path), verbosity=0
            )
        data = data_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(),
            "vendor": connection.vendor,
            "data_sha256": digest,
            "rows": counts,
        }
        keys = seal_keys(_current_keys(), passphrase, digest.encode())
        partial = output.with_name(output.name + ".partial")
        files = 0
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            _add_bytes(tar, "keys.enc", json.dumps(keys).encode())
            tar.add(data_path, DATA)
            anchors = audit.anchor_path()
            if anchors.exists():
                tar.add(anchors, "anchors.log")
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        tar.add(path, "media/" + path.relative_to(media).as_posix())
                        files += 1
        partial.chmod(0o600)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        partial.replace(output)  # a crashed backup never leaves a file that looks complete
    return BackupResult(output, sum(counts.values()), files, digest)


@dataclass
class Archive:
    manifest: dict
    keys: dict
    data: bytes
    anchors: bytes | None
    media: list[tuple[str, bytes]]


def backup_read(path: Path, passphrase: str) -> Archive:
    """Open and check an archive: the data's digest and the passphrase."""
    passphrase = check_passphrase(passphrase)
    try:
        tar = tarfile.open(Path(path), "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    with tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        for needed in ("manifest.json", "keys.enc", DATA):
            if needed not in members:
                raise BackupError(f"备份文件不完整：缺少 {needed}")

        def read(name):
            return tar.extractfile(members[name]).read()

        manifest = json.loads(read("manifest.json"))
        data = read(DATA)
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不支持的备份格式版本：{manifest.get('format')}")
        if hashlib.sha256(data).hexdigest() != manifest.get("data_sha256"):
            raise BackupError("备份数据校验失败（SHA-256 不符），文件已损坏或被改动")
        keys = open_keys(json.loads(read("keys.enc")), passphrase, manifest["data_sha256"].encode())
        media = []
        for name in members:
            if name.startswith("media/"):
                relative = Path(name[len("media/") :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise BackupError(f"备份文件含有不安全的路径：{name}")
                media.append((relative.as_posix(), read(name)))
        anchors = read("anchors.log") if "anchors.log" in members else None
    return Archive(manifest, keys, data, anchors, media)


def _install_keys(keys: dict) -> None:
    """Make the backup's keys the configured ones: refuse where the environment pins others."""
    current = _current_keys()
    for name, env, path in (
        ("pii_key", crypto.KEY_ENV, settings.VAR_DIR / "pii_key"),
        ("audit_key", audit.AUDIT_KEY_ENV, Path(settings.AUDIT_KEY_PATH)),
    ):
        if keys[name] == current[name]:
            continue
        if os.environ.get(env, "").strip():
            raise BackupError(
                f"环境变量 {env} 配置的密钥与备份中的不一致：请改为备份时的密钥后再恢复",
                code=Code.BACKUP_KEY_MISMATCH,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + ".before-restore"))
        path.write_text(keys[name])
        path.chmod(0o600)
    crypto.reset_keys()


def backup_restore(*, actor=None, path: Path, passphrase: str) -> dict:
    """Replace every table with the archive's rows; put back the anchor file and the media."""
    archive = backup_read(path, passphrase)
    _install_keys(archive.keys)
    with tempfile.TemporaryDirectory() as tmp:
        _register_format()
        data_path = Path(tmp) / DATA
        data_path.write_bytes(archive.data)
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(data_path), verbosity=0)
            audit.record(
                actor=actor,
                action="core.backup.restore",
                object_type="backup",
                object_id=Path(path).name,
                data={"created_at": archive.manifest["created_at"], "file": Path(path).name},
            )
    anchors = audit.anchor_path()
    if anchors.exists():
        shutil.copy2(anchors, anchors.with_name(anchors.name + ".before-restore"))
        anchors.unlink()
    if archive.anchors is not None:
        anchors.parent.mkdir(parents=True, exist_ok=True)
        anchors.write_bytes(archive.anchors)
    media = Path(settings.MEDIA_ROOT)
    for relative, content in archive.media:
        target = media / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return archive.manifest
