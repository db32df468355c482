"""A small bilingual lexicon: English, Malay and Indonesian words -> one concept word.

The classifier learns each intent from a few dozen examples per language. Mapping
`balance`, `baki` and `saldo` to the same concept lets an English example teach the
Indonesian wording and vice versa; the concept text is an extra feature block next to
the normalised words (see `nlu.features`), so nothing of the original wording is lost.
Keys are words as `nlu.normalize` writes them; a word without an entry maps to itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONCEPTS: dict[str, str] = {}


def _add(concept: str, words: str) -> None:
    for word in words.split():
        CONCEPTS[word] = concept


# Domain: claims, money, membership.
_add(
    "klaim", "klaim claims claimed claiming tuntutan mengklaim diklaim pengajuan ajukan mengajukan"
)
_add("klaim", "diajukan ngajuin ajuin ngajukan withdraw withdrawal withdrawing cairkan mencairkan")
_add("klaim", "dicairkan pencairan cair cairin nyairin disbursement payout")
_add("saldo", "saldo balance baki simpanan tabungan savings")
_add("kartu", "kartu card cards kad ecard kartunya")
_add("kantor", "kantor office offices branch branches cabang cawangan pejabat ofis kacab")
_add("bayar", "bayar pay paying paid payment payments bayaran pembayaran membayar dibayar byar")
_add("bayar", "transfer tf setor setoran autodebet debit")
_add("iuran", "iuran contribution contributions dues premium premiums caruman potongan iurannya")
_add("daftar", "daftar register registering registered registration signup enroll enrol")
_add("daftar", "enrollment mendaftar pendaftaran didaftarkan daftarin didaftarin registrasi join")
_add("daftar", "sertai menyertai gabung bergabung ikut mengikuti")
_add("dokumen", "dokumen documents document berkas papers paperwork syarat persyaratan")
_add("dokumen", "requirement requirements docs doc lampiran")
_add("formulir", "formulir form forms borang formulirnya")
_add("status", "status progress perkembangan proses diproses processed processing tahap")
_add("pajak", "pajak tax taxes taxed taxable cukai pph npwp dipajaki dipajakin dipotong")
_add("pengingat", "pengingat reminder reminders remind ingatkan ingetin peringatan notifikasi")
_add("pengingat", "notification notifications notif alert alerts mengingatkan diingetin kabarin")
_add("berhenti", "berhenti stop unsubscribe cancel batal batalkan matikan matiin nonaktif")
_add("berhenti", "nonaktifkan padam hentikan henti off disable unsubscribe unsub")
_add("langganan", "langganan berlangganan subscribe subscription nyalain nyalakan hidupkan")
_add("langganan", "aktifkan enable activate")
_add("petugas", "petugas officer officers agent agents human person staff staf operator cs")
_add("petugas", "pegawai manusia")
_add("komplain", "komplain complaint complaints complain keluhan aduan adu mengadu ngadu")
_add("komplain", "pengaduan grievance protest protes kecewa disappointed kesal kesel marah")
_add("komplain", "angry upset")
# Judgements of the service: what complaints are made of.
_add("buruk", "buruk jelek payah parah bad terrible awful poor worst horrible rude kasar lambat")
_add("buruk", "lelet slow ribet dipersulit mengecewakan unprofessional becus disappointing")
_add("peserta", "peserta member members membership participant participants keanggotaan")
_add("peserta", "kepesertaan ahli anggota")
_add("aktif", "aktif active")
_add("magang", "magang intern interns internship apprentice apprentices pemagangan mgang")
_add("magang", "trainee trainees praktikal pkl praktik praktek")
_add("karyawan", "karyawan employee employees worker workers pekerja pegawai buruh staff")
_add("minimal", "minimal minimum min sekurang paling sedikit least")
_add("perusahaan", "perusahaan company companies business businesses usaha syarikat firm")
_add("perusahaan", "badan kedai toko pt cv umkm yayasan koperasi kontraktor bengkel warung")
_add("perusahaan", "restoran pabrik factory shop store organisation organization")
_add("majikan", "majikan employer employers bos boss pengusaha pemberi")
_add("kapan", "kapan when bila")
_add("mulai", "mulai start starts started begin begins effective berlaku bermula sejak")
_add("lindung", "perlindungan protection protected protect covered coverage cover dilindungi")
_add("lindung", "ditanggung proteksi melindungi")
_add("online", "online daring eklaim internet aplikasi app apps jmo website web")
_add("manfaat", "manfaat benefit benefits faedah keuntungan")
_add("program", "program programs programme programmes jaminan scheme schemes")
_add("berhak", "berhak eligible eligibility qualify qualified layak entitled syaratnya")
_add("uang", "uang money duit dana fund funds")
_add("bulan", "bulan month months monthly bulanan")
_add("lamaran", "lamaran apply applications application melamar ngelamar job")
_add("telepon", "telepon phone telefon call hubungi contact menghubungi nombor nomor")
_add("alamat", "alamat address lokasi location dimana where")
_add("jam", "jam hours hour buka open tutup close")
# Conversation.
_add("halo", "halo hello hi hey hai helo hallo salam assalamualaikum")
_add("terima_kasih", "thanks thank appreciated terimakasih")
_add("bahasa", "bahasa language languages lang")
_add("inggris", "inggris english inggeris")
_add("indonesia", "indonesia indonesian indo melayu malay")
_add("bantu", "bantu help bantuan assist tolong membantu")
_add("menu", "menu options option pilihan")
_add("iya", "iya ya yes yep yup yeah betul benar correct right sure tentu boleh ok okay")
_add("iya", "sip setuju agree confirm confirmed absolutely definitely certainly exactly lanjut")
_add("tidak", "tidak no nope not nah bukan jangan never belum salah keliru wrong incorrect")
_add("pergi", "bye goodbye dadah jumpa pamit wassalam wasalam wassalamualaikum exit quit later")
_add("apa", "apa what")
_add("jelaskan", "jelaskan jelasin terangkan terangin penjelasan explain explanation describe")
_add("bagaimana", "bagaimana how cara caranya")
_add("berapa", "berapa much many")
_add("siapa", "siapa who")
_add("mau", "mau want wanna would like")
_add("bisa", "bisa can could may dapat able")
_add("saya", "saya my me i mine")


# Multi-word expressions that are one concept; matched before the words.
_PHRASES = {
    "terima kasih": "terima_kasih",
    "sign up": "daftar",
    "how much": "berapa",
    # "can you explain ..." is a polite request, not a question of eligibility.
    "can you": "tolong",
    "could you": "tolong",
    "would you": "tolong",
}
_PHRASE_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b")

# Indonesian affixes, longest first. Prefix nasalisation drops the root's first letter
# (`membayar` <- bayar, `memakai` <- pakai, `menyetor` <- setor), so each prefix lists
# the letters it may have replaced.
_PREFIXES = (
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("", "p")),
    ("men", ("", "t")),
    ("me", ("",)),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("", "p")),
    ("pen", ("", "t")),
    ("pe", ("",)),
    ("ber", ("",)),
    ("ter", ("",)),
    ("di", ("",)),
    ("ke", ("",)),
    ("se", ("",)),
    ("per", ("",)),
    ("ng", ("",)),
    ("nge", ("",)),
)
_SUFFIXES = ("nya", "kan", "an", "in", "i", "lah", "kah", "ku", "mu")


def _stems(word: str) -> list[str]:
    """Return candidate roots of an Indonesian word, the least stripped first."""
    bodies = [word] + [word[: -len(s)] for s in _SUFFIXES if word.endswith(s)]
    if word.endswith("nya"):
        bodies += [word[:-3][: -len(s)] for s in _SUFFIXES if word[:-3].endswith(s)]
    stems = list(bodies)
    for body in bodies:
        for prefix, replaced in _PREFIXES:
            if body.startswith(prefix) and len(body) - len(prefix) >= 4:
                stems.extend(first + body[len(prefix) :] for first in replaced)
    return stems


@lru_cache(maxsize=20_000)
def concept_of(word: str) -> str:
    """Return the concept of one word, trying its Indonesian stems; else the word."""
    concept = CONCEPTS.get(word)
    if concept is not None:
        return concept
    if len(word) > 4:
        for stem in _stems(word):
            concept = CONCEPTS.get(stem)
            if concept is not None:
                return concept
    return word


def concept_text(normalized: str) -> str:
    """Return the normalised text with every word replaced by its concept."""
    if _PHRASE_RE.search(normalized):
        normalized = _PHRASE_RE.sub(lambda m: _PHRASES[m.group(0)], normalized)
    return " ".join([concept_of(word) for word in normalized.split()])
