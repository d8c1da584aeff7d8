"""Provider services: every change to admissions, the catalogue and bookings goes through these."""

from innovoucher.providers.services.admission import (
    admission_apply,
    admission_assign_experts,
    admission_certificates_add,
    admission_publicity,
    admission_score,
    admission_transition,
    apply_transition,
)
from innovoucher.providers.services.booking import (
    apply_booking_transition,
    booking_cancel,
    booking_complete,
    booking_confirm,
    booking_request,
    instrument_edit,
    instrument_register,
)
from innovoucher.providers.services.catalogue import (
    profile_sync,
    service_edit,
    service_publish,
    service_republish,
    service_withdraw,
)
from innovoucher.providers.services.recognition import recognition_file, recognition_transition

__all__ = [
    "admission_apply",
    "admission_assign_experts",
    "admission_certificates_add",
    "admission_publicity",
    "admission_score",
    "admission_transition",
    "apply_booking_transition",
    "apply_transition",
    "booking_cancel",
    "booking_complete",
    "booking_confirm",
    "booking_request",
    "instrument_edit",
    "instrument_register",
    "profile_sync",
    "recognition_file",
    "recognition_transition",
    "service_edit",
    "service_publish",
    "service_republish",
    "service_withdraw",
]
