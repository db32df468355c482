"""Reading what a JKP recipient says they did, in Indonesian or English chat.

`read_report(text, today)` returns a `Report`: the duties it tells of (each a `Done`, with
the day it was done when the message says, "kemarin" / "yesterday"), whether it tells of a
new job, or None when the message tells of nothing done. It is pure; "today" is passed in.

Understood, with or without words around them:

- applications: "sudah melamar ke PT Maju", "kirim lamaran ke 3 perusahaan",
  "applied to PT Maju and CV Jaya", "I applied at 2 companies";
- an interview: "interview di PT Sinar", "ikut wawancara kerja", "had an interview";
- counselling: "ikut konseling kemarin", "attended counselling";
- training: "pelatihan 4 dari 5 kali", "training 4/5", "ikut pelatihan" (one session);
- the self-assessment: "sudah isi asesmen diri", "did the self-assessment";
- a new job: "sudah dapat kerja", "sy udh diterima kerja", "I got a new job".

A question is never a report: "harus melamar berapa?", "apa itu konseling?", "can I claim
if I got a job?" tell of nothing done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dialogues.dates import parse_date
from dialogues.rules.jkp_duties import DETAIL_MAX, DutyKind
from nlu import normalize


@dataclass(frozen=True, slots=True)
class Done:
    """One duty told of: its kind, how many, of how many (training), the company."""

    kind: DutyKind
    count: int = 1
    total: int | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """What a message tells: duties done (on `day` when it says), or a new job."""

    done: tuple[Done, ...] = ()
    new_job: bool = False
    day: date | None = None


_QUESTION = re.compile(
    r"\?|\b(?:apa|apakah|apa saja|bagaimana|gimana|gmn|gmna|cara|caranya|berapa|brp|kapan|"
    r"harus|wajib|perlu|boleh|bisakah|kalau|kalo|klo|jika|bila|apabila|syarat|how|what|when|"
    r"why|which|should|must|do i|can i|if|need to)\b"
)
_NUMBER_WORDS = {
    "satu": 1, "se": 1, "one": 1, "a": 1, "an": 1, "dua": 2, "two": 2, "tiga": 3,
    "three": 3, "empat": 4, "four": 4, "lima": 5, "five": 5, "enam": 6, "six": 6,
    "tujuh": 7, "seven": 7, "delapan": 8, "eight": 8, "sembilan": 9, "nine": 9,
    "sepuluh": 10, "ten": 10,
}  # fmt: skip
_N = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"

_NEW_JOB = re.compile(
    r"\b(?:(?:sudah|udah|telah|baru|akhirnya)\s+)?(?:dapat|dapet|dpt|diterima|keterima|mulai)\s+"
    r"(?:kerja|pekerjaan|kerjaan|bekerja)\b"
    r"|\b(?:sudah|udah|telah)\s+bekerja\s+(?:lagi|kembali)\b"
    r"|\b(?:got|found|landed|started|start|have|accepted)\s+(?:a\s+|an\s+|my\s+)?(?:new\s+)?job\b"
    r"|\b(?:got|been|was|am|i m|im)\s+hired\b"
    r"|\bworking\s+again\b"
)
_APPLY = re.compile(
    r"\b(?:melamar|ngelamar|lamar|lamaran|apply|applied|applying|application|applications)\b"
)
_APPLY_COUNT = re.compile(
    rf"\b{_N}\s+(?:perusahaan|lamaran|tempat|kantor|pt|companies|company|employers|jobs|"
    r"applications|places|kali|times)\b"
)
_INTERVIEW = re.compile(r"\b(?:interview|interviu|wawancara|diwawancara|diinterview)\b")
_COUNSELLING = re.compile(
    r"\b(?:konseling|konsultasi karir|bimbingan karir|counsel+ing|career counsel+ing)\b"
)
_TRAINING = re.compile(r"\b(?:pelatihan|training|kursus|course|courses|diklat)\b")
_RATIO = re.compile(rf"\b{_N}\s*(?:dari|dr|of|/|out of)\s*{_N}\b")
_SELF_ASSESSMENT = re.compile(
    r"\b(?:asesmen diri|asesmen mandiri|self assessment|selfassessment|penilaian diri|"
    r"self asesmen|asesmen)\b"
)
# Words that say something was done (the duty words alone may be a topic, not a report).
_DONE = re.compile(
    r"\b(?:sudah|telah|barusan|tadi|kemarin|kemaren|kmrn|ikut|ikutan|mengikuti|hadir|datang|"
    r"selesai|isi|mengisi|ngisi|kirim|mengirim|masukin|dapat|melamar|ngelamar|diwawancara|"
    r"diinterview|did|done|finished|completed|attended|went|had|applied|sent|submitted|"
    r"joined|took)\b"
)
# Words saying it was not done, or only wished for: such a message reports nothing.
_NOT_DONE = re.compile(
    r"\b(?:belum|blm|blom|belom|tidak|tdk|ga|gak|gk|nggak|ngga|enggak|engga|tak|not|no|"
    r"never|havent|hasnt|didnt|dont|mau|ingin|pengen|pingin|want|hope|semoga|moga|cari|"
    r"mencari|nyari|looking)\b"
)
# A company: "PT Maju Jaya", "cv sinar", up to 4 words after PT/CV and before a word that
# ends the name; else capitalised words after ke/di/at/to.
_ENDS_NAME = (
    r"(?:dan|and|atau|or|kemarin|kemaren|kmrn|tadi|hari|yesterday|today|last|minggu|bulan|"
    r"juga|also|again|lagi|too|barusan|dong|ya|kak|sama|serta|pt|cv|di|ke|at|to|in|untuk|"
    r"for|sebagai|as|yg|yang|on|pada|tgl|tanggal)"
)
_COMPANY = re.compile(
    rf"\b(?:pt|cv)\.?\s+((?:(?!{_ENDS_NAME}\b)[\w&.\-]+\s*){{1,4}})", re.IGNORECASE
)
_COMPANY_AFTER = re.compile(
    r"\b(?:ke|di|at|to|with|dengan)\s+((?:[A-Z][\w&.\-]*)(?:\s+[A-Z][\w&.\-]*){0,3})"
)


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]


def _titled(word: str) -> str:
    return word if any(ch.isupper() for ch in word) else word.capitalize()


def _companies(text: str) -> list[str]:
    named = [(m.group(0)[:2].upper(), m.group(1)) for m in _COMPANY.finditer(text)] or [
        ("", m.group(1)) for m in _COMPANY_AFTER.finditer(text)
    ]
    seen: dict[str, str] = {}
    for prefix, name in named:
        words = [_titled(w) for w in name.strip(" .,").split()]
        if words:
            shown = " ".join([prefix, *words]).strip()[:DETAIL_MAX]
            seen.setdefault(shown.lower(), shown)
    return list(seen.values())


def _applications(text: str, form: str) -> list[Done]:
    if not _APPLY.search(form):
        return []
    companies = _companies(text)
    if companies:
        return [Done(DutyKind.APPLICATION, detail=name) for name in companies]
    counted = _APPLY_COUNT.search(form)
    count = _number(counted.group(1)) if counted else 1
    return [Done(DutyKind.APPLICATION, count=max(count, 1))]


def _training(form: str) -> Done | None:
    if not _TRAINING.search(form):
        return None
    ratio = _RATIO.search(form)
    if ratio is None:
        return Done(DutyKind.TRAINING)
    attended, total = _number(ratio.group(1)), _number(ratio.group(2))
    if total == 0 or attended > total:
        return None
    return Done(DutyKind.TRAINING, count=attended, total=total)


def _day(form: str, today: date) -> date | None:
    # "4/5" is a training ratio, not 4 May.
    found = parse_date(_RATIO.sub(" ", form), today, past_only=True)
    return found if isinstance(found, date) else None


def read_report(text: str, today: date) -> Report | None:
    """Return what the message says was done (or a new job), or None when it says nothing."""
    form = normalize(text)
    plain = " ".join(re.sub(r"[^\w/]+", " ", text.lower()).split())
    if _QUESTION.search(form) or _QUESTION.search(plain) or "?" in text:
        return None
    if _NOT_DONE.search(form) or _NOT_DONE.search(plain):
        return None
    if _NEW_JOB.search(form) or _NEW_JOB.search(plain):
        return Report(new_job=True)
    done: list[Done] = []
    training = _training(plain)
    said_done = bool(_DONE.search(form) or _DONE.search(plain))
    if not said_done and not (training and training.total):
        return None
    done.extend(_applications(text, plain))
    if _INTERVIEW.search(plain):
        done.append(Done(DutyKind.INTERVIEW))
    if _COUNSELLING.search(plain):
        done.append(Done(DutyKind.COUNSELLING))
    if training is not None:
        done.append(training)
    if _SELF_ASSESSMENT.search(plain):
        done.append(Done(DutyKind.SELF_ASSESSMENT))
    if not done:
        return None
    return Report(done=tuple(done), day=_day(plain, today))
