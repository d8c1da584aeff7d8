"""Personal data at rest: SM4-GCM encryption, HMAC-SM3 lookup hashes, masking.

A sensitive value (ID number, bank account) is stored as three columns:
- ``<name>_cipher``: ``v1.<base64(nonce ‖ ciphertext ‖ tag)>``, SM4-GCM with a random 96-bit nonce
  and the purpose (e.g. ``"id_number"``) as associated data, so a ciphertext copied into a
  column of another purpose does not decrypt;
- ``<name>_hash``: HMAC-SM3 of ``purpose ‖ normalised value`` (hex) — equality lookups and
  relation checks without decrypting;
- ``<name>_masked``: what people see by default (``110***********1234``).

Keys: ``INNOVOUCHER_PII_KEY`` (hex, 32 bytes: SM4 key ‖ HMAC key). Without it an embedded key is
generated once into ``VAR_DIR / "pii_key"`` (mode 0600), like the secret key. Losing that file
loses the encrypted data: back it up with the database.
"""

from __future__ import annotations

import base64
import functools
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ENV = "INNOVOUCHER_PII_KEY"
VERSION = "v1"
_NONCE = 12
_TAG = 16


@dataclass(frozen=True)
class Keys:
    sm4: bytes
    mac: bytes


@dataclass(frozen=True)
class Sealed:
    """The three stored columns of one sensitive value."""

    cipher: str
    lookup: str
    masked: str


class DecryptionFailed(Exception):
    """The ciphertext was altered, belongs to another purpose, or the key changed."""


def _parse_key(text: str, source: str) -> Keys:
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{source} 不是十六进制字符串") from None
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{source} 应为 32 字节（64 个十六进制字符），实际 {len(raw)} 字节"
        )
    return Keys(sm4=raw[:16], mac=raw[16:])


@functools.cache
def keys() -> Keys:
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return _parse_key(env, KEY_ENV)
    path = settings.VAR_DIR / "pii_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return _parse_key(path.read_text(), str(path))


def reset_keys() -> None:
    """Forget the cached keys (tests that change the key)."""
    keys.cache_clear()


def normalise(value: str) -> str:
    return "".join(str(value).split()).upper()


def encrypt(value: str, *, purpose: str) -> str:
    nonce = secrets.token_bytes(_NONCE)
    encryptor = Cipher(algorithms.SM4(keys().sm4), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(purpose.encode())
    body = encryptor.update(value.encode()) + encryptor.finalize()
    return f"{VERSION}.{base64.b64encode(nonce + body + encryptor.tag).decode()}"


def decrypt(token: str, *, purpose: str) -> str:
    version, _, payload = (token or "").partition(".")
    if version != VERSION:
        raise DecryptionFailed("未知的密文版本")
    try:
        raw = base64.b64decode(payload, validate=True)
    except ValueError:
        raise DecryptionFailed("密文格式错误") from None
    if len(raw) < _NONCE + _TAG:
        raise DecryptionFailed("密文长度错误")
    nonce, body, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    decryptor = Cipher(algorithms.SM4(keys().sm4), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(purpose.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag:
        raise DecryptionFailed("密文校验失败（数据被篡改或密钥不一致）") from None


def lookup_hash(value: str, *, purpose: str) -> str:
    """Keyed HMAC-SM3 of the normalised value: equal values give equal hashes, nothing else
    leaks."""
    mac = hmac.HMAC(keys().mac, hashes.SM3())
    mac.update(purpose.encode() + b"\x00" + normalise(value).encode())
    return mac.finalize().hex()


def mask(value: str, *, head: int = 3, tail: int = 4) -> str:
    """``110105199001011234`` → ``110***********1234``; short values keep at most their last two."""
    value = normalise(value)
    if not value:
        return ""
    if len(value) <= head + tail:
        keep = min(2, len(value) // 2)
        return "*" * (len(value) - keep) + value[len(value) - keep :]
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def seal(value: str, *, purpose: str) -> Sealed:
    clean = normalise(value)
    return Sealed(
        cipher=encrypt(clean, purpose=purpose),
        lookup=lookup_hash(clean, purpose=purpose),
        masked=mask(clean),
    )
