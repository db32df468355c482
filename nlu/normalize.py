"""Normalise chat-style Indonesian, Malay and English before classification.

`normalize("Klo JHT sy udh bs diambil gmn kak??")` -> `"kalau jht saya sudah bisa diambil
bagaimana kak"`: lower-case, no accents, emoji or punctuation, repeated letters collapsed
(`halooo` -> `halo`, `byee` -> `bye`), chat abbreviations and Malay spellings turned into
standard words, particles split off (`taklah` -> `tidak lah`). Digits are kept. Every
table is built once at import, so a call costs about 15 microseconds.
"""

from __future__ import annotations

import re
import unicodedata


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Chat spelling -> standard word(s). Keys are single tokens, after lower-casing and
# punctuation removal (so `don't` arrives as `dont`).
_WORDS: dict[str, str] = {}


def _add(standard: str, *variants: str) -> None:
    for variant in variants:
        _WORDS[variant] = standard


# Indonesian chat style.
_add("bagaimana", "gmn", "gmna", "gimana", "gmana", "gimn", "bgmn", "bgmna", "bgm", "bagaimna")
_add("bagaimana", "gimane", "gmane", "camne", "camna", "cemana", "cmn", "macamana")
_add("saya", "sy", "sya", "aku", "aq", "ak", "gue", "gw", "gua", "ane", "saye", "sayah")
_add("yang", "yg", "yng", "ygy")
_add("tidak", "ga", "gak", "gk", "nggak", "ngga", "ngak", "nggk", "engga", "enggak", "tdk")
_add("tidak", "tak", "ndak", "nda", "kagak", "kaga", "tida", "tdak", "ora")
_add("sudah", "udh", "udah", "sdh", "dah", "sudh", "udahh", "uda", "sda")
_add("belum", "blm", "belom", "blom", "blum", "lom", "blon")
_add("kalau", "klo", "kalo", "kl", "klau", "kalu", "klw", "kalw", "kalok")
_add("berapa", "brp", "brapa", "brpa", "berapaan")
_add("bisa", "bs", "bsa", "bisaa", "isa")
_add("dapat", "dpt", "dapet", "dpet", "dapt")
_add("kapan", "kpn", "kapn")
_add("karena", "krn", "krna", "karna", "soalnya")
_add("tapi", "tp", "tpi", "tapii")
_add("jadi", "jd", "jdi")
_add("mau", "nak", "mo", "mw", "pengen", "pingin", "pgn", "pengin", "kepengen", "ingin", "hendak")
_add("uang", "duit", "doku", "fulus")
_add("dengan", "dgn", "dg", "dng")
_add("sama", "sm", "ama")
_add("untuk", "utk", "untk", "tuk")
_add("orang", "org")
_add("tolong", "tlg", "tlng")
_add("terus", "trs", "trus", "truss")
_add("lagi", "lg", "lgi")
_add("saja", "aja", "aj", "ajah", "sj", "je", "sahaja")
_add("dari", "dr", "dri")
_add("masih", "msh", "masi")
_add("bukan", "bkn", "bukn")
_add("memang", "emg", "emang", "mmg")
_add("sekarang", "skrg", "skrng", "skr", "skg", "sekarng")
_add("tahun", "thn", "th")
_add("bulan", "bln")
_add("juga", "jg", "jga")
_add("kenapa", "knp", "knapa", "ngapa")
_add("di mana", "dmn", "dmna", "dimana", "dimn")
_add("ke mana", "kmn", "kemana", "kmna")
_add("sampai", "sampe", "smpe", "smpai")
_add("pakai", "pake", "pk", "pakek")
_add("kasih", "ksh", "kasi")
_add("terima kasih", "makasih", "makasi", "mksh", "mksih", "trims", "trimakasih", "maksih")
_add("terima kasih", "makaseh", "mksi", "tenkyu", "thankyou", "tysm", "tqsm")
_add("terima kasih", "terimakasih", "thx", "thanx", "thnx", "tnx", "tq", "tqvm", "tks", "tengkyu")
_add("benar", "bener", "bnr", "betul", "btl")
_add("nomor", "nmr", "nomer", "nmor")
_add("telepon", "tlp", "telp", "tlpn", "telpon", "telfon")
_add("kantor", "kntr")
_add("kerja", "krj", "kerje")
_add("tanggal", "tgl")
_add("sedang", "sdg")
_add("banget", "bgt", "bngt")
_add("apa", "ap", "apaan", "ape")
_add("ada", "ad")
_add("tahu", "tau", "tw")
_add("iya", "iy", "iyaa", "iye", "yoi")
_add("ok", "oke", "okay", "okey", "okeh", "okee", "oklah", "okok", "okk", "sip", "siap")
_add("tidak apa apa", "gpp", "gapapa", "ngapapa", "gapp", "tidakpapa")
_add("mohon", "mhn")
_add("minta", "mnt", "mintak")
_add("perusahaan", "prshn", "perusahan")
_add("klaim", "kliam", "klaem", "claim")
_add("informasi", "info", "inpo")
_add("peserta", "pserta")
_add("ini", "ni", "nie")
_add("itu", "tu")
_add("di", "kat")
_add("paspor", "pasport", "passport")
_add("agen", "ejen")
_add("kabar", "khabar", "kbr")
# Malay spellings that have an Indonesian equivalent.
_add("saya", "saye", "sye")
_add("kamu", "awak", "anda", "engkau", "kau")
_add("tentang", "pasal", "mengenai", "perihal")
_add("sedikit", "sikit", "dikit")
_add("banyak", "ramai")
_add("lihat", "tengok", "liat", "lihatin", "liatin")
_add("nomor", "nombor")
_add("telepon", "telefon", "talian")
_add("kantor", "pejabat", "ofis")
_add("perusahaan", "syarikat")
_add("formulir", "borang", "form")
_add("kartu", "kad")
_add("saldo", "baki")
_add("iuran", "caruman")
_add("klaim", "tuntutan")
_add("cek", "semak", "check", "ngecek", "dicek", "ngecheck")
_add("kirim", "hantar", "kirimin", "kirimkan")
_add("gratis", "percuma")
_add("mau", "mahu", "nk")
_add("paham", "faham", "ngerti", "mengerti")
_add("bicara", "cakap", "ngomong")
_add("karena", "sebab", "kerana")
_add("juga", "jugak")
_add("tidak ada", "takde", "tiada", "xde", "gada", "gaada", "nggada")
_add("begitu", "camtu", "gitu")
_add("tanya", "nanya", "tanyain")
# Address words: every way of calling the officer becomes `kak`, so greetings and
# requests learn one form (`min` is the chat form of `admin`).
_add("kak", "min", "mimin", "minn", "ka", "kakak", "sis", "sist", "gan", "agan", "bang")
_add("kak", "bro", "mas", "mbak", "mba", "pak", "bu", "om", "tante", "cik")
# English chat style.
_add("you", "u", "yu")
_add("your", "ur", "yr")
_add("please", "pls", "plz", "plis", "pliz", "pleas", "pleasee", "plss")
_add("thank you", "ty", "tyvm")
_add("thanks", "thankss", "tanks")
_add("what", "wat", "wut", "wht")
_add("how", "hw")
_add("are", "r")
_add("about", "abt", "bout")
_add("because", "coz", "cuz", "bcs", "bc", "bcoz")
_add("do not", "dont")
_add("does not", "doesnt")
_add("can not", "cant", "cannot")
_add("will not", "wont")
_add("i am", "im")
_add("what is", "whats")
_add("is not", "isnt")
_add("have not", "havent")
_add("did not", "didnt")
_add("want to", "wanna")
_add("going to", "gonna")
_add("know", "kno")
_add("see you", "cya", "cu", "seeya")
_add("talk to you later", "ttyl")
_add("got to go", "gtg", "g2g")
_add("bye", "babay", "bubye", "bubay", "byebye")
_add("english", "eng", "englis", "inglish", "engglish")

# Standard words the tables produce: never split or changed further.
_STANDARD = frozenset(word for value in _WORDS.values() for word in value.split())

# Multi-word chat phrases, matched on the normalised token string.
_PHRASES: dict[str, str] = {
    "macam mana": "bagaimana",
    "mcm mana": "bagaimana",
    "e klaim": "eklaim",
}


# Words that are spelled with a genuine double letter; a run of three or more of that
# letter collapses to two for them (`maaaf` -> `maaf`) and to one for everything else
# (`halooo` -> `halo`).
_DOUBLE_LETTER_WORDS = _wordset(
    """
    maaf saat taat good see need too soon hello all will still off free week feel keep sorry
    apply account address book look call full small tell well assalamualaikum allah sooner
    agree committee employee employees guarantee fee three tomorrow coffee sleep sweet needed
    seems google kiss boss miss cool
    """
)

_EMOJI_WORDS = {"👍": " ok ", "👌": " ok "}
_EMOJI_RE = re.compile("|".join(re.escape(e) for e in _EMOJI_WORDS))
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
# Everything that is not a letter or digit is noise (`_` is in \w, so named explicitly).
_NOISE = re.compile(r"[\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_REPEAT = re.compile(r"([^\W\d_])\1{2,}")
# `anak2` means `anak anak`: a reduplication written with the digit 2.
_REDUP = re.compile(r"\b([^\W\d_]{2,})2\b")
_PHRASE_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b")


# Short chat words whose last letter is often doubled (`haloo`, `byee`, `noo`, `yaa`).
_TRAILING_DOUBLED = re.compile(r"([^\W\d_])\1+$")
_CHAT_WORDS = _wordset(
    """
    ya iya no hi hai halo hello bye ok oke nah sip dong deh kak yes yap yup ye hey gak ga
    nggak tidak belum sudah mau siap mantap tolong please thanks makasih dadah yuk nih sih
    """
)


def _collapse_trailing(token: str) -> str:
    """Undouble a final letter when that gives a known chat word (`haloo` -> `halo`)."""
    single = _TRAILING_DOUBLED.sub(r"\1", token)
    if single in _CHAT_WORDS or single in _WORDS:
        return single
    return token


# Particles glued to a word in chat (`taklah`, `okedeh`, `udahlah`).
_PARTICLE = re.compile(r"^([a-z]{2,}?)(lah|deh|dong|kah|sih|nih|ya|je|pun)$")


def _split_particle(token: str) -> str:
    """Split a trailing particle off a known chat word (`taklah` -> `tidak lah`)."""
    match = _PARTICLE.match(token)
    if match is None:
        return token
    word, particle = match.groups()
    if word in _WORDS:
        return f"{_WORDS[word]} {particle}"
    if word in _CHAT_WORDS or word in _STANDARD:
        return f"{word} {particle}"
    return token


def _collapse_repeats(token: str) -> str:
    """Collapse letters repeated three or more times, keeping true double letters."""
    single = _REPEAT.sub(r"\1", token)
    double = _REPEAT.sub(r"\1\1", token)
    if double in _DOUBLE_LETTER_WORDS or double in _WORDS:
        return double
    return single


def normalize(text: str) -> str:
    """Return the normalised form of a chat message (see the module docstring)."""
    if not text.isascii():
        text = _EMOJI_RE.sub(lambda m: _EMOJI_WORDS[m.group(0)], text)
        # Decompose accents (é -> e + ´) and drop the marks; compatibility decomposition
        # also turns full-width letters and ligatures into plain ones.
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = _APOSTROPHE.sub("", text.lower())
    text = _NOISE.sub(" ", text)
    text = _REDUP.sub(r"\1 \1", text)
    words: list[str] = []
    for token in text.split():
        if len(token) > 2 and _REPEAT.search(token):
            token = _collapse_repeats(token)
        if (
            len(token) > 1
            and token[-1] == token[-2]
            and token not in _WORDS
            and token not in _DOUBLE_LETTER_WORDS
        ):
            token = _collapse_trailing(token)
        standard = _WORDS.get(token)
        if standard is None and len(token) > 4 and token not in _STANDARD:
            standard = _split_particle(token)
        words.append(standard or token)
    result = " ".join(words)
    if _PHRASE_RE.search(result):
        result = _PHRASE_RE.sub(lambda m: _PHRASES[m.group(0)], result)
    return result


def tokens(text: str) -> list[str]:
    """Return the words of the normalised text."""
    return normalize(text).split()
