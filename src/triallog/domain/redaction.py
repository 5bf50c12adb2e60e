"""Redaction for a packet shared beyond the plan: account and phone numbers keep only their last 4."""

from __future__ import annotations

import copy

from triallog.domain import records as r
from triallog.domain.dates import PartialDate

MASK = "•"


def last4(value: str) -> str:
    """`U7731904512` → `•••••••4512`; a value of 4 characters or fewer is shown as it is."""
    value = value.strip()
    if len(value) <= 4:
        return value
    return MASK * (len(value) - 4) + value[-4:]


def redact_person(person: r.Person) -> r.Person:
    """A copy in which member and group numbers, Rx BIN/PCN/group and every phone and fax number
    show only their last 4 characters and the date of birth only its year. Names, addresses and
    reference numbers stay: a reviewer needs them to find the case."""
    shown = copy.deepcopy(person)
    if shown.date_of_birth is not None:
        shown.date_of_birth = PartialDate(shown.date_of_birth.year)
    shown.phone = last4(shown.phone)
    if shown.representative is not None:
        shown.representative.phone = last4(shown.representative.phone)
    for coverage in shown.coverages:
        for name in ("member_id", "group_number", "rx_bin", "rx_pcn", "rx_group"):
            setattr(coverage, name, last4(getattr(coverage, name)))
    for prescriber in shown.prescribers:
        prescriber.phone = last4(prescriber.phone)
        prescriber.fax = last4(prescriber.fax)
    for call in shown.calls:
        call.phone = last4(call.phone)
    return shown
