"""The catalogue marks of the engine vocabulary (policies.labels) match the engine's labels."""

from innovoucher.policies import labels
from innovoucher.policies.engine import vocabulary


def test_every_vocabulary_label_is_marked_for_translation():
    assert set(labels.SERVICE_CATEGORY_LABELS) == set(vocabulary.SERVICE_CATEGORIES.values())
    assert set(labels.FUNDING_LEVEL_LABELS) == set(vocabulary.FUNDING_LEVELS.values())
    assert set(labels.FUNDER_LEVEL_LABELS) == set(vocabulary.FUNDER_LEVELS.values())
    assert set(labels.PAYEE_LABELS) == set(vocabulary.PAYEES.values())
    assert set(labels.PROVIDER_KIND_LABELS) == set(vocabulary.PROVIDER_KINDS.values())
