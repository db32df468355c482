"""Rupiah amounts as people read them: `Rp1.234.567`, in both languages.

Indonesian writing groups thousands with a dot and writes no decimals for rupiah; the English
answers keep the same form, as BPJS Ketenagakerjaan's own English pages and payslips do, so
an amount looks the same whichever language the worker reads.
"""

from __future__ import annotations


def format_rupiah(amount: int) -> str:
    """Return `amount` (whole rupiah) as `Rp1.234.567`; a negative amount as `-Rp1.234`."""
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"-Rp{grouped}" if amount < 0 else f"Rp{grouped}"
