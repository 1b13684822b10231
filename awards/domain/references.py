"""Reference numbers (受理编号) told to an objector or a complainant on filing: they follow the case by it on a
public page. Random, not sequential, so that nobody can walk through other people's cases by counting."""

from __future__ import annotations

import re
import secrets

from django.utils import timezone

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the telephone
LENGTH = 8


def new_reference(model, prefix: str) -> str:
    """A fresh reference for a row of `model` (its `reference` field), e.g. YY2026-7KQ3M9XD."""
    year = timezone.localdate().year
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        reference = f"{prefix}{year}-{code}"
        if not model.objects.filter(reference=reference).exists():
            return reference


SHAPE = re.compile(rf"[A-Z]{{2,4}}[0-9]{{4}}-[{ALPHABET}]{{{LENGTH}}}")


def normalise(reference: str) -> str:
    """What a person typed, as stored: trimmed, upper case, full-width dash and spaces forgiven; "" for anything
    that cannot be a reference (no lookup then: a NUL or 100,000 characters never reach the database)."""
    text = str(reference or "").strip().upper().replace("－", "-").replace("—", "-").replace(" ", "")
    return text if SHAPE.fullmatch(text) else ""
