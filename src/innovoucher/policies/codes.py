"""Error codes of policies (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    POLICY_INVALID = "policy_invalid"
    POLICY_NOT_FOUND = "policy_not_found"
    POLICY_VERSION_IMMUTABLE = "policy_version_immutable"
    POLICY_VERSION_NOT_FOUND = "policy_version_not_found"
    POLICY_YAML_INVALID = "policy_yaml_invalid"
