"""Error codes of provider admission, the catalogue, bookings and recognitions (see `core.codes`).

Shared with other apps, and so defined in `core.codes`: `booking_not_found` (orders reads bookings
too), `organisation_not_found` (registry), and the lifecycle engine's codes.
"""

from enum import StrEnum


class Code(StrEnum):
    REGION_NOT_RECOGNISED = "region_not_recognised"
    ADMISSION_EXISTS = "admission_exists"
    CERTIFICATES_MISSING = "certificates_missing"
    ADMISSION_NOT_FOUND = "admission_not_found"
    PUBLICITY_RUNNING = "publicity_running"
    ALREADY_SCORED = "already_scored"
    EXPERT_NOT_FOUND = "expert_not_found"
    RECOGNITION_PENDING = "recognition_pending"
    RECOGNITION_NOT_FOUND = "recognition_not_found"
    PROVIDER_NOT_FOUND = "provider_not_found"
    OWN_SERVICE_NOT_FOUND = "own_service_not_found"
    INSTRUMENT_NOT_FOUND = "instrument_not_found"
    INSTRUMENT_INACTIVE = "instrument_inactive"
    BOOKING_OVERLAP = "booking_overlap"
    BOOKING_NOT_ENDED = "booking_not_ended"
    BOOKING_OUTSIDE_HOURS = "booking_outside_hours"
