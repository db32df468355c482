"""Reading what JKP recipients type: duties done, a new job, hours and places."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.duty_reports import Done, read_report
from dialogues.flows.jkp_questions import parse_hour
from dialogues.rules.jkp_duties import DutyKind
from dialogues.timezones import zone_from_text

TODAY = date(2026, 11, 21)
APPLICATION = DutyKind.APPLICATION


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("sudah melamar ke PT Maju", [Done(APPLICATION, detail="PT Maju")]),
        ("udh ngelamar ke pt maju jaya", [Done(APPLICATION, detail="PT Maju Jaya")]),
        (
            "sudah melamar ke PT. Maju Sejahtera Tbk",
            [Done(APPLICATION, detail="PT Maju Sejahtera Tbk")],
        ),
        ("kirim lamaran ke 3 perusahaan", [Done(APPLICATION, count=3)]),
        ("applied to 2 companies", [Done(APPLICATION, count=2)]),
        (
            "I applied to PT Maju and CV Sinar Abadi",
            [Done(APPLICATION, detail="PT Maju"), Done(APPLICATION, detail="CV Sinar Abadi")],
        ),
        ("applied to PT Maju again", [Done(APPLICATION, detail="PT Maju")]),
        ("ikut konseling kemarin", [Done(DutyKind.COUNSELLING)]),
        ("I attended counselling today", [Done(DutyKind.COUNSELLING)]),
        ("pelatihan 4 dari 5 kali", [Done(DutyKind.TRAINING, count=4, total=5)]),
        ("training 4/5", [Done(DutyKind.TRAINING, count=4, total=5)]),
        ("ikut pelatihan tadi", [Done(DutyKind.TRAINING)]),
        ("sudah interview di PT Sinar", [Done(DutyKind.INTERVIEW)]),
        ("had an interview yesterday", [Done(DutyKind.INTERVIEW)]),
        ("sudah isi asesmen diri", [Done(DutyKind.SELF_ASSESSMENT)]),
        ("did the self-assessment", [Done(DutyKind.SELF_ASSESSMENT)]),
        (
            "sudah melamar ke PT Maju dan ikut konseling",
            [Done(APPLICATION, detail="PT Maju"), Done(DutyKind.COUNSELLING)],
        ),
    ],
)
def test_duties_reported_in_either_language(text: str, done: list[Done]) -> None:
    report = read_report(text, TODAY)
    assert report is not None and not report.new_job
    assert list(report.done) == done


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("ikut konseling kemarin", date(2026, 11, 20)),
        ("attended counselling yesterday", date(2026, 11, 20)),
        ("sudah melamar ke PT Maju", None),
        ("training 4/5", None),  # a ratio, not 4 May
    ],
)
def test_the_day_a_duty_was_done(text: str, day: date | None) -> None:
    report = read_report(text, TODAY)
    assert report is not None and report.day == day


@pytest.mark.parametrize(
    "text",
    [
        "sudah dapat kerja",
        "alhamdulillah sy udh dpt kerja",
        "saya sudah diterima kerja",
        "I got a new job",
        "I'm working again",
        "found a job last week",
    ],
)
def test_a_new_job(text: str) -> None:
    report = read_report(text, TODAY)
    assert report is not None and report.new_job


@pytest.mark.parametrize(
    "text",
    [
        "harus melamar berapa?",
        "apa itu konseling",
        "bagaimana cara melamar kerja",
        "can I claim JKP if I got a new job?",
        "belum dapat kerja",
        "saya belum melamar",
        "saya mau kerja lagi",
        "konseling",
        "halo",
        "",
    ],
)
def test_questions_wishes_and_denials_report_nothing(text: str) -> None:
    assert read_report(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("jam 7 malam", 19),
        ("7 malam", 19),
        ("8 pagi", 8),
        ("jam 9 pagi", 9),
        ("3 sore", 15),
        ("12 siang", 12),
        ("1 siang", 13),
        ("19:00", 19),
        ("19.30", 19),
        ("7pm", 19),
        ("7 p.m.", 19),
        ("9 am", 9),
        ("12 malam", 0),
        ("pagi", 8),
        ("sore aja", 16),
        ("evening", 20),
        ("pukul 20", 20),
    ],
)
def test_hours_as_people_type_them(text: str, hour: int) -> None:
    assert parse_hour(text) == hour


@pytest.mark.parametrize("text", ["kapan saja", "whenever", "25:00", "pagi atau malam"])
def test_not_an_hour(text: str) -> None:
    assert parse_hour(text) is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Malaysia", "Asia/Kuala_Lumpur"),
        ("kerja di arab saudi", "Asia/Riyadh"),
        ("saya di hongkong kak", "Asia/Hong_Kong"),
        ("korea selatan", "Asia/Seoul"),
        ("Taipei", "Asia/Taipei"),
        ("WITA", "Asia/Makassar"),
        ("uni emirat arab", "Asia/Dubai"),
        ("Europe/Amsterdam", "Europe/Amsterdam"),
        ("asia/jakarta", "Asia/Jakarta"),
    ],
)
def test_places_as_time_zones(text: str, zone: str) -> None:
    assert zone_from_text(text) == zone


@pytest.mark.parametrize("text", ["Malaysia atau Singapura", "my country", "+62 812 3456 789"])
def test_no_one_place_no_zone(text: str) -> None:
    assert zone_from_text(text) is None
