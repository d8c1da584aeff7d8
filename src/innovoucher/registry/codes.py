"""Error codes of the registry (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    NOT_REGISTERED = "not_registered"
    FILING_OPEN = "filing_open"
    REGION_UNKNOWN = "region_unknown"
    REGION_NOT_LEAF = "region_not_leaf"
    BANK_CHANGE_NEEDS_FILING = "bank_change_needs_filing"
    # `validation.check_id_number`: "id_number_" + the code of `idnumber.IdNumberError`.
    ID_NUMBER_REQUIRED = "id_number_required"
    ID_NUMBER_LENGTH = "id_number_length"
    ID_NUMBER_FORMAT = "id_number_format"
    ID_NUMBER_CHECKSUM = "id_number_checksum"
    ID_NUMBER_REGION = "id_number_region"
    ID_NUMBER_BIRTH_DATE = "id_number_birth_date"
