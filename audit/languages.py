"""Language codes: validation (ISO 639-1 with an optional region) and deterministic detection."""

from __future__ import annotations

import re
from functools import lru_cache

from audit.errors import AuditError
from audit.text import has_letter_pair

# ISO 639-1 (all 183 two-letter codes in the standard).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
    la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
    oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss
    st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
    za zh zu
    """.split()
)

_CODE = re.compile(r"^(?P<lang>[A-Za-z]{2})(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}|[A-Za-z]{4}))?$")

# English names of the languages the rules, lexicons and word lists know, for messages and evidence
# ("a French word", not "a fr word"); any other code is shown as it is.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ja": "Japanese", "kk": "Kazakh", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian",
    "nb": "Norwegian Bokmål", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}


def language_name(code: str | None) -> str:
    """The English name of a language code ("fr" -> "French", "pt-BR" -> "Portuguese"), else the code."""
    if not code:
        return "an unknown language"
    match = _CODE.match(code.strip())
    return LANGUAGE_NAMES.get(match.group("lang").lower(), code) if match else code


def with_article(name: str) -> str:
    """"a French", "an English": the indefinite article a language name takes."""
    return ("an " if name[:1].upper() in "AEIOU" else "a ") + name


def language_region(code: str | None) -> str | None:
    """The region part of a valid code, upper-cased ("fr-CA" -> "CA", "pt_br" -> "BR"), or None."""
    match = _CODE.match(code.strip()) if code else None
    region = match.group("region") if match else None
    return region.upper() if region and region.isalpha() and len(region) == 2 else None


def normalize_language(code: str | None, option: str = "language") -> str | None:
    """Return the ISO 639-1 part of `code` in lower case ("pt-BR" -> "pt"), or raise AuditError."""
    if code is None or code == "":
        return None
    match = _CODE.match(code.strip())
    if not match or match.group("lang").lower() not in ISO_639_1:
        raise AuditError(f"{option} {code!r} names no language (expected an ISO 639-1 code such as 'fr' or 'pt-BR')")
    return match.group("lang").lower()


def detect_language(text: str, min_chars: int = 20, backend: str | None = None) -> str | None:
    """Detect the language of a whole input, deterministically; None when it is too short to judge."""
    if len(text.strip()) < min_chars:
        return None
    from audit.langid import DEFAULT_BACKEND, identify

    lang, _ = identify(text, backend=backend or DEFAULT_BACKEND)
    return lang if lang in ISO_639_1 else None


CONFIDENT = 0.9  # a short text's best language is taken at this probability, whatever the priors
LEAD = 2.0  # with priors, the best language must be this many times as likely as the runner-up


def lexicon_targets(src_lang: str | None) -> dict[str, int]:
    """The languages the lexicons translate `src_lang` into — the likely targets of a translation from it —
    each weighted by its lexicon's number of entries (the pairs that are translated most have been
    written down most: fr→en far more than fr→de)."""
    return dict(_lexicon_weights(src_lang)) if src_lang is not None else {}


@lru_cache(maxsize=None)
def _lexicon_weights(src_lang: str) -> tuple[tuple[str, int], ...]:
    """Read once per process: every short input of a feed asks again."""
    from audit.corpora import data_files, read_tsv

    weights = {path.stem.split("-", 1)[1]: len(read_tsv(path)) for path in data_files("lexicons", f"{src_lang}-*.tsv")}
    return tuple((lang, weight) for lang, weight in sorted(weights.items()) if lang != src_lang and weight)


def detect_target_language(text: str, src_lang: str | None, backend: str | None = None) -> str | None:
    """The target's language: judged on the whole document; a text too short for that (a headline, a
    label) is judged with priors: its best language when that is near certain, otherwise the language the
    source language is translated into (by the lexicons, each weighted by its lexicon's size) whose
    weighted probability is at least LEAD times the runner-up's (another target or the source language).
    None when even that
    cannot tell (no words, or no clear lead)."""
    found = detect_language(text, backend=backend)
    if found is not None or not has_letter_pair(text):
        return found
    from audit.langid import DEFAULT_BACKEND, get_identifier, identify, sample

    backend = backend or DEFAULT_BACKEND
    best, probability = identify(text, backend=backend)
    if best in ISO_639_1 and probability >= CONFIDENT:
        return best
    priors = lexicon_targets(src_lang)
    if not priors:
        return None
    ranked = get_identifier(backend).scores(sample(text), tuple(sorted([*priors, src_lang])))
    mean = sum(priors.values()) / len(priors)
    weighted = {lang: p * (priors[lang] / mean if lang in priors else 1.0) for lang, p in ranked}
    (best, top), (_, runner_up) = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:2]
    return best if best in priors and top >= LEAD * runner_up else None
