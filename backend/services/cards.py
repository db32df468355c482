"""`CardRenderer` with Pillow and qrcode: the digital participant card as a PNG.

The card shows the name, the KPJ number masked (only its last 4 digits), the programs, the
membership state and start, the date it was made, and a QR code holding the same (never the
full KPJ or the NIK). It says it is not the official card: that one is in the JMO app.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from dialogues.services_identity import Person

WIDTH, HEIGHT = 720, 420
_BLUE, _GREEN, _INK, _GREY = (0, 82, 155), (0, 150, 90), (25, 25, 25), (110, 110, 110)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def qr_text(person: Person, issued: date) -> str:
    """Return what the card's QR code holds."""
    programs = ",".join(p.value for p in person.programs)
    return f"JAMSOS-CARD|KPJ {person.masked_kpj}|{person.name}|{programs}|{issued.isoformat()}"


class PillowCardRenderer:
    """Draws the card in memory; nothing is written to disk."""

    def render(self, person: Person, *, issued: date) -> bytes:
        """Return the card as PNG bytes."""
        card = Image.new("RGB", (WIDTH, HEIGHT), "white")
        draw = ImageDraw.Draw(card)
        draw.rectangle((0, 0, WIDTH, 70), fill=_BLUE)
        draw.text((24, 14), "BPJS Ketenagakerjaan", font=_font(28), fill="white")
        draw.text(
            (24, 46),
            "Kartu peserta digital · Digital participant card",
            font=_font(16),
            fill="white",
        )
        draw.text((24, 100), person.name[:40], font=_font(30), fill=_INK)
        draw.text((24, 146), f"KPJ {person.masked_kpj}", font=_font(26), fill=_INK)
        programs = " · ".join(p.value for p in person.programs) or "-"
        draw.text((24, 196), "Program", font=_font(16), fill=_GREY)
        draw.text((24, 216), programs, font=_font(24), fill=_INK)
        status = "Aktif · Active" if person.active else "Tidak aktif · Not active"
        draw.text((24, 262), status, font=_font(22), fill=_GREEN if person.active else _GREY)
        since = person.membership_start.isoformat()
        draw.text((24, 300), f"Peserta sejak · Member since {since}", font=_font(16), fill=_GREY)
        draw.text((24, 324), f"Dibuat · Issued {issued.isoformat()}", font=_font(16), fill=_GREY)
        draw.text(
            (24, HEIGHT - 34),
            "Bukan kartu resmi; kartu resmi ada di aplikasi JMO · Not the official card (see JMO)",
            font=_font(13),
            fill=_GREY,
        )
        card.paste(_qr(qr_text(person, issued), 200), (WIDTH - 224, 110))
        buffer = io.BytesIO()
        card.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def _qr(text: str, size: int) -> Image.Image:
    # Imported here: only a card needs it, and every worker start would pay for it otherwise.
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image.resize((size, size), Image.Resampling.NEAREST).convert("RGB")
