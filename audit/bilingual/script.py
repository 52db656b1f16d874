"""Cyrillic and Devanagari words in Latin letters, so that names and loanwords (Путин / Putin, पुलिस /
police, कुमार / Kumar) can be compared with the English words that render them, as cognates are.

A plain letter-by-letter reading, not a standard romanisation: Russian as English news writes names
(х kh, ж zh, ц ts, й and ы y/i), Hindi with each consonant's inherent vowel "a" unless a vowel sign or a
virama follows it, or the spoken language drops it (at the word's end: पुलिस pulis, not pulisa). Beside
it, `sound_alike` compares such a word with an English one by their consonants (रिपोर्टर / reporter),
which the spelling similarity misses where the vowels differ. Written for this project; Apache-2.0.
"""

from __future__ import annotations

import re

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
_CYRILLIC_TABLE = str.maketrans(CYRILLIC)

# consonants (each with the inherent vowel a), independent vowels and vowel signs (matras)
_CONSONANTS = dict(zip(
    "क ख ग घ ङ च छ ज झ ञ ट ठ ड ढ ण त थ द ध न प फ ब भ म य र ल व श ष स ह ळ".split(),
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h l".split(),
))
_VOWELS = dict(zip("अ आ इ ई उ ऊ ऋ ए ऐ ओ औ ऍ ऑ".split(), "a a i i u u ri e ai o au e o".split()))
_SIGNS = dict(zip("ा ि ी ु ू ृ े ै ो ौ ॅ ॉ".split(), "a i i u u ri e ai o au e o".split()))
_NASAL = {"ं": "n", "ँ": "n", "ः": "h"}
_VIRAMA, _NUKTA = "्", "़"
# after a nukta (decomposed): क़ q, ज़ z, फ़ f, ड़ r, ढ़ rh (ख़ and ग़ stay kh and g)
_NUKTA_FORMS = {"k": "q", "j": "z", "ph": "f", "d": "r", "dh": "rh"}


def _has(word: str, low: int, high: int) -> bool:
    """Whether any character of `word` lies in the code point range."""
    return any(low <= ord(c) <= high for c in word)


def _syllables(word: str) -> list[list]:
    """A decomposed Devanagari word as [consonant, vowel, inherent, coda] units (vowel None after a virama)."""
    units: list[list] = []
    for char in word:
        if char == _NUKTA:
            if units and units[-1][0] in _NUKTA_FORMS:
                units[-1][0] = _NUKTA_FORMS[units[-1][0]]
        elif char in _CONSONANTS:
            units.append([_CONSONANTS[char], "a", True, ""])
        elif char in _SIGNS and units and units[-1][2]:
            units[-1][1:3] = [_SIGNS[char], False]
        elif char == _VIRAMA and units:
            units[-1][1:3] = [None, False]
        elif char in _NASAL and units:
            units[-1][3] += _NASAL[char]
        else:
            units.append(["", _VOWELS.get(char) or _SIGNS.get(char) or char, False, ""])
    return units


def _devanagari(word: str) -> str:
    """A decomposed Devanagari word letter by letter, the inherent vowel dropped where Hindi mostly drops
    it: at the word's end, and before a consonant with a vowel of its own, away from the word's start
    (जॉनसन jonsan, not jonasan; पोस्टमार्टम postmartam), read from the right."""
    units = _syllables(word)
    if units and units[-1][2] and not units[-1][3] and len(units) > 1:
        units[-1][1] = None
    for i in range(len(units) - 2, 0, -1):
        this, after = units[i], units[i + 1]
        if this[2] and not this[3] and this[0] and after[0] and after[1] is not None:
            this[1] = None
    return "".join(consonant + (vowel or "") + coda for consonant, vowel, _, coda in units)


def latin(decomposed: str) -> str:
    """A case-folded, NFD-decomposed word in Latin letters where it is Cyrillic or Devanagari (else as it
    is). Decomposed: the Cyrillic й is и with a breve there (read as i once the breve is dropped), and the
    Devanagari nukta and virama are marks of their own."""
    if decomposed.isascii() or not _OTHER_LETTERS.search(decomposed):
        return decomposed  # Latin text, its marks and punctuation (’ — €) at the cost of one scan
    if _has(decomposed, 0x0900, 0x097F):
        return _devanagari(decomposed)
    return decomposed.translate(_CYRILLIC_TABLE)


_OTHER_LETTERS = re.compile("[\u0400-\u04ff\u0900-\u097f]")


def in_other_script(word: str) -> bool:
    """Whether the word holds Cyrillic or Devanagari letters (the scripts `latin` reads)."""
    return not word.isascii() and _OTHER_LETTERS.search(word) is not None


def across_scripts(a: str, b: str) -> bool:
    """Whether one word is written in Cyrillic or Devanagari and the other is not: their spellings were
    compared in Latin letters, a weaker likeness than within one script."""
    return in_other_script(a) != in_other_script(b)


# A word's consonants as they sound, roughly: for English spelling c before e, i, y is s, else k, and g
# before e is j (package पैकेज paikej, general जनरल), as Hindi and Russian loanwords write them.
_DIGRAPHS = (("ch", "C"), ("sh", "S"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("q", "k"), ("w", "v"), ("z", "s"))
_ENGLISH_C_G = ((re.compile(r"c(?=[eiy])"), "s"), (re.compile("c"), "k"), (re.compile(r"g(?=e)"), "j"))
_NOT_CONSONANT = re.compile(r"[aeiouyh]+")
_DOUBLED = re.compile(r"(.)\1+")
OTHER_SCRIPTS = frozenset({"ru", "hi"})  # the languages whose words `sound_alike` compares with Latin ones
SKELETON_MIN_LENGTH = 3  # consonants: shorter skeletons are shared by too many unrelated words


def consonant_skeleton(latin_word: str, english: bool) -> str:
    """The consonants of a case-folded word in Latin letters, vowels, h (aspiration) and doubled letters
    aside (reporter and रिपोर्टर riportar: rprtr; Johnson and जॉनसन jonsan: jnsn)."""
    word = latin_word
    for spelled, sound in _DIGRAPHS[:4]:
        word = word.replace(spelled, sound)
    if english:
        for pattern, sound in _ENGLISH_C_G:
            word = pattern.sub(sound, word)
    for spelled, sound in _DIGRAPHS[4:]:
        word = word.replace(spelled, sound)
    return _DOUBLED.sub(r"\1", _NOT_CONSONANT.sub("", word))


def sound_alike(word: str, other: str) -> bool:
    """Whether a Cyrillic or Devanagari word and a Latin one have the same consonants (at least
    SKELETON_MIN_LENGTH of them) once read in Latin letters: a loanword or a name in the other script."""
    if not word or not other:
        return False
    native, english = (word, other) if max(other) < "\u0400" else (other, word)
    if max(native) < "\u0400" or max(english) >= "\u0400":
        return False  # both in one script: the spelling tests decide
    from audit.bilingual.words import fold_accents  # here: words imports this module

    skeleton = consonant_skeleton(fold_accents(native), False)
    return len(skeleton) >= SKELETON_MIN_LENGTH and skeleton == consonant_skeleton(fold_accents(english), True)
