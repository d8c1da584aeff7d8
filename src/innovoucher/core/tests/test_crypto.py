"""PII encryption: SM4-GCM round trip, purpose binding, tamper detection, keyed SM3 lookups,
masking."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from innovoucher.core import crypto

KEY_A = "00112233445566778899aabbccddeeff" * 2
KEY_B = "ffeeddccbbaa99887766554433221100" * 2


@pytest.fixture
def key(monkeypatch):
    def use(hex_key):
        monkeypatch.setenv(crypto.KEY_ENV, hex_key)
        crypto.reset_keys()

    use(KEY_A)
    yield use
    crypto.reset_keys()


def test_round_trip_and_fresh_nonce(key):
    one = crypto.encrypt("110105194912310020", purpose="id_number")
    two = crypto.encrypt("110105194912310020", purpose="id_number")
    assert one != two and one.startswith("v1.")
    assert "110105194912310020" not in one
    assert (
        crypto.decrypt(one, purpose="id_number")
        == crypto.decrypt(two, purpose="id_number")
        == "110105194912310020"
    )


def test_ciphertext_is_bound_to_its_purpose_and_key(key):
    token = crypto.encrypt("6222020200112233445", purpose="bank_account")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token, purpose="id_number")
    key(KEY_B)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token, purpose="bank_account")


def test_tampering_is_detected(key):
    token = crypto.encrypt("110105194912310020", purpose="id_number")
    raw = bytearray(crypto.base64.b64decode(token[3:]))
    raw[14] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt("v1." + crypto.base64.b64encode(bytes(raw)).decode(), purpose="id_number")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt("v2." + token[3:], purpose="id_number")


def test_lookup_hash_is_keyed_normalised_and_per_purpose(key):
    a = crypto.lookup_hash("11010519491231002x", purpose="id_number")
    assert a == crypto.lookup_hash(" 11010519491231002X ", purpose="id_number")
    assert len(a) == 64 and a != crypto.lookup_hash("11010519491231002X", purpose="bank_account")
    key(KEY_B)
    assert a != crypto.lookup_hash("11010519491231002X", purpose="id_number")


def test_mask():
    assert crypto.mask("110105194912311234") == "110***********1234"
    assert crypto.mask("6222020200112233445") == "622************3445"
    assert crypto.mask("12345") == "***45"
    assert crypto.mask("") == ""


def test_seal_gives_three_columns(key):
    sealed = crypto.seal("110105194912311234", purpose="id_number")
    assert sealed.masked == "110***********1234"
    assert crypto.decrypt(sealed.cipher, purpose="id_number") == "110105194912311234"
    assert sealed.lookup == crypto.lookup_hash("110105194912311234", purpose="id_number")


@pytest.mark.parametrize("bad", ["zz" * 32, "00" * 16])
def test_bad_key_is_reported(monkeypatch, bad):
    monkeypatch.setenv(crypto.KEY_ENV, bad)
    crypto.reset_keys()
    try:
        with pytest.raises(ImproperlyConfigured):
            crypto.keys()
    finally:
        monkeypatch.delenv(crypto.KEY_ENV)
        crypto.reset_keys()


def test_embedded_key_is_generated_once(monkeypatch, settings, tmp_path):
    monkeypatch.delenv(crypto.KEY_ENV, raising=False)
    settings.VAR_DIR = tmp_path
    crypto.reset_keys()
    try:
        first = crypto.keys()
        assert (tmp_path / "pii_key").stat().st_mode & 0o777 == 0o600
        crypto.reset_keys()
        assert crypto.keys() == first
    finally:
        crypto.reset_keys()
