"""The shape of a regular expression, read by our own small parser (the standard library's parser is private).

`parse` turns a pattern into a list of items `(op, argument)` laid out as Python's own parser lays them
out, with the three rewrites it makes that change what a pre-filter can read: a plain (?:...) group is
replaced by its contents (unless a quantifier follows it: then the repeat holds them), alternatives that
share leading items have them moved in front of the branch (`ab|ac` → `a(?:b|c)`), and alternatives
that are each one character become one class (`a|b` → `[ab]`). The lexicon reads it for literal openings and the literal
every match contains (pre-filters: a wrong answer would only cost speed or skip the regex, so anything the
parser does not model makes it give up, and the regex always runs).

Items: (LITERAL, code); one character otherwise: (IN, members), (NOT_LITERAL, code), (ANY, None);
zero-width: (AT, name), (ASSERT or ASSERT_NOT, (direction, token, items)); (SUBPATTERN, (kind, token,
items)), kind None for a plain (?:...); (BRANCH, (token, alternatives)); (MAX_REPEAT, MIN_REPEAT or
POSSESSIVE_REPEAT, (min, max, items, token)); (ATOMIC_GROUP, (token, items)); (GROUPREF, reference);
(GROUPREF_EXISTS, token). A `token` (a fresh
object) makes two groups unequal, as in Python's parser, however alike their contents.
"""

from __future__ import annotations

import string
from enum import Enum


class Op(Enum):
    LITERAL = "literal"
    IN = "in"
    NOT_LITERAL = "not_literal"
    ANY = "any"
    AT = "at"
    ASSERT = "assert"
    ASSERT_NOT = "assert_not"
    SUBPATTERN = "subpattern"
    BRANCH = "branch"
    MAX_REPEAT = "max_repeat"
    MIN_REPEAT = "min_repeat"
    POSSESSIVE_REPEAT = "possessive_repeat"
    ATOMIC_GROUP = "atomic_group"
    GROUPREF = "groupref"
    GROUPREF_EXISTS = "groupref_exists"


LITERAL, IN, NOT_LITERAL, ANY, AT = Op.LITERAL, Op.IN, Op.NOT_LITERAL, Op.ANY, Op.AT
ASSERT, ASSERT_NOT, SUBPATTERN, BRANCH = Op.ASSERT, Op.ASSERT_NOT, Op.SUBPATTERN, Op.BRANCH
MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT = Op.MAX_REPEAT, Op.MIN_REPEAT, Op.POSSESSIVE_REPEAT
ATOMIC_GROUP, GROUPREF, GROUPREF_EXISTS = Op.ATOMIC_GROUP, Op.GROUPREF, Op.GROUPREF_EXISTS

UNBOUNDED = -1  # the `max` of *, + and {m,}
_CATEGORIES = "dDsSwW"
_ANCHORS = {"A": "beginning_string", "Z": "end_string", "b": "boundary", "B": "non_boundary"}
_CONTROL = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}


class Unsupported(Exception):
    """A construct the parser does not model (verbose mode, a named Unicode character)."""


def parse(pattern: str) -> list[tuple] | None:
    """The items of a valid pattern (compile it first); None when it uses what the parser does not model."""
    try:
        reader = _Reader(pattern)
        items = reader.alternation()
        if reader.peek() is not None:
            raise Unsupported(pattern)
        return items
    except (Unsupported, IndexError, ValueError):
        return None


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text, self.pos = pattern, 0

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def take(self) -> str:
        char = self.text[self.pos]
        self.pos += 1
        return char

    def accept(self, prefix: str) -> bool:
        if self.text.startswith(prefix, self.pos):
            self.pos += len(prefix)
            return True
        return False

    def alternation(self) -> list[tuple]:
        """a|b|c up to a closing parenthesis or the end."""
        branches = [self.sequence()]
        while self.accept("|"):
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else _branch(branches)

    def sequence(self) -> list[tuple]:
        items: list[tuple] = []
        while self.peek() is not None and self.peek() not in "|)":
            char = self.take()
            if char in "?*+{":
                self.repeat(char, items)
            elif char == "\\":
                items.append(self.escape())
            elif char == "[":
                items.append(self.char_class())
            elif char == "(":
                item = self.group()
                if item is not None:
                    items.append(item)
            elif char == ".":
                items.append((ANY, None))
            elif char in "^$":
                items.append((AT, "beginning" if char == "^" else "end"))
            else:
                items.append((LITERAL, ord(char)))
        return _unpacked(items)

    def repeat(self, char: str, items: list[tuple]) -> None:
        if char == "{":
            bounds = self.braces()
            if bounds is None:
                items.append((LITERAL, ord("{")))
                return
            low, high = bounds
        else:
            low, high = {"?": (0, 1), "*": (0, UNBOUNDED), "+": (1, UNBOUNDED)}[char]
        op, arg = items[-1]
        inner = [items[-1]]
        if op is SUBPATTERN and arg[0] is None:  # a plain (?:...) is repeated as its contents
            inner = arg[-1]
        kind = MIN_REPEAT if self.accept("?") else POSSESSIVE_REPEAT if self.accept("+") else MAX_REPEAT
        items[-1] = (kind, (low, high, inner, object()))

    def braces(self) -> tuple[int, int] | None:
        """{m}, {m,}, {,n}, {m,n}: the bounds, or None when the brace is a literal."""
        start = self.pos
        if self.peek() == "}":
            return None
        low = self.digits()
        high = self.digits() if self.accept(",") else low
        if not self.accept("}"):
            self.pos = start
            return None
        return (int(low) if low else 0), (int(high) if high else UNBOUNDED)

    def digits(self) -> str:
        start = self.pos
        while self.peek() is not None and self.peek() in string.digits:
            self.pos += 1
        return self.text[start:self.pos]

    def group(self) -> tuple | None:
        if not self.accept("?"):
            return self.close(SUBPATTERN, ("capturing",))
        if self.accept(":"):
            return self.close(SUBPATTERN, (None,))
        if self.accept("P<"):
            self.pos = self.text.index(">", self.pos) + 1
            return self.close(SUBPATTERN, ("capturing",))
        if self.accept("P="):
            end = self.text.index(")", self.pos)
            name, self.pos = self.text[self.pos:end], end + 1
            return (GROUPREF, name)
        if self.accept("#"):
            self.pos = self.text.index(")", self.pos) + 1
            return None
        for prefix, op, direction in (("=", ASSERT, 1), ("!", ASSERT_NOT, 1), ("<=", ASSERT, -1), ("<!", ASSERT_NOT, -1)):
            if self.accept(prefix):
                return self.close(op, (direction,))
        if self.accept(">"):
            return self.close(ATOMIC_GROUP, ())
        if self.accept("("):
            self.pos = self.text.index(")", self.pos) + 1
            self.alternation()
            self.accept(")")
            return (GROUPREF_EXISTS, object())
        return self.flagged_group()

    def flagged_group(self) -> tuple:
        """(?i:...) or (?-i:...): a group with local flags (global flags cannot stand inside the lexicon's frame)."""
        end = self.text.index(":", self.pos)
        flags, self.pos = self.text[self.pos:end], end + 1
        if "x" in flags.split("-")[0] or not flags or set(flags) - set("aiLmsux-"):
            raise Unsupported(flags)  # verbose mode changes what every character means
        return self.close(SUBPATTERN, (flags,))

    def close(self, op: Op, head: tuple) -> tuple:
        items = self.alternation()
        if not self.accept(")"):
            raise Unsupported("unclosed group")
        return (op, head + (object(), items))

    def escape(self) -> tuple:
        char = self.take()
        if char in _CATEGORIES:
            return (IN, (("category", char),))
        if char in _ANCHORS:
            return (AT, _ANCHORS[char])
        if char in string.digits:
            return self.number_escape(char)
        return (LITERAL, self.character_escape(char))

    def number_escape(self, first: str) -> tuple:
        """\\0, \\012, \\123 (octal: a character) or \\1, \\12 (a back-reference)."""
        if first == "0":
            return (LITERAL, int(first + self.octal_digits(2), 8))
        digits = first + (self.take() if self.peek() is not None and self.peek() in string.digits else "")
        if len(digits) == 2 and digits[0] in string.octdigits and digits[1] in string.octdigits:
            third = self.octal_digits(1)
            if third:
                return (LITERAL, int(digits + third, 8))
        return (GROUPREF, int(digits))

    def octal_digits(self, most: int) -> str:
        start = self.pos
        while self.pos - start < most and self.peek() is not None and self.peek() in string.octdigits:
            self.pos += 1
        return self.text[start:self.pos]

    def character_escape(self, char: str) -> int:
        """The code of the character \\<char>... stands for (\\n, \\x41, \\u00e9, \\.)."""
        if char in _CONTROL:
            return _CONTROL[char]
        width = {"x": 2, "u": 4, "U": 8}.get(char)
        if width:
            code, self.pos = int(self.text[self.pos:self.pos + width], 16), self.pos + width
            return code
        if char == "N":
            raise Unsupported("\\N{...}")
        return ord(char)

    def char_class(self) -> tuple:
        negate = self.accept("^")
        members: list[tuple] = []
        while True:
            char = self.take()
            if char == "]" and members:
                break
            first = self.class_member(char)
            if self.peek() == "-" and self.text[self.pos + 1:self.pos + 2] not in ("]", ""):
                self.pos += 1
                last = self.class_member(self.take())
                members.append(("range", (first[1], last[1])))
            else:
                members.append(first)
        members = list(dict.fromkeys(members))
        if len(members) == 1 and members[0][0] == "literal":
            return (NOT_LITERAL, members[0][1]) if negate else (LITERAL, members[0][1])
        return (IN, (("negate", None),) * negate + tuple(members))

    def class_member(self, char: str) -> tuple:
        if char != "\\":
            return ("literal", ord(char))
        char = self.take()
        if char in _CATEGORIES:
            return ("category", char)
        if char in string.octdigits:
            return ("literal", int(char + self.octal_digits(2), 8))
        return ("literal", self.character_escape(char))


def _unpacked(items: list[tuple]) -> list[tuple]:
    """The items with each plain (?:...) group replaced by its contents, as Python's parser does."""
    out: list[tuple] = []
    for op, arg in items:
        if op is SUBPATTERN and arg[0] is None:
            out.extend(arg[-1])
        else:
            out.append((op, arg))
    return out


def _branch(branches: list[list[tuple]]) -> list[tuple]:
    """Alternatives as Python's parser stores them: shared leading items first, then one class when every
    alternative is one character, otherwise a BRANCH."""
    shared: list[tuple] = []
    while all(branches) and all(b[0] == branches[0][0] for b in branches[1:]):
        shared.append(branches[0][0])
        branches = [b[1:] for b in branches]
    members: list[tuple] = []
    for branch in branches:
        if len(branch) != 1:
            break
        op, arg = branch[0]
        if op is LITERAL:
            members.append(("literal", arg))
        elif op is IN and arg[0][0] != "negate":
            members.extend(arg)
        else:
            break
    else:
        return shared + [(IN, tuple(dict.fromkeys(members)))]
    return shared + [(BRANCH, (object(), branches))]


def holds_digit(items: list[tuple]) -> bool:
    """Whether every match of the parsed sequence `items` holds a decimal digit (what `\\d` matches): a
    segment without one need not be searched. False when unsure (a construct not modelled here)."""
    for op, arg in items:
        if op is LITERAL and chr(arg).isdecimal():
            return True
        if op is IN and _digits_only(arg):
            return True
        if op is SUBPATTERN and holds_digit(arg[-1]):
            return True
        if op is ATOMIC_GROUP and holds_digit(arg[1]):
            return True
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and arg[0] >= 1 and holds_digit(arg[2]):
            return True
        if op is BRANCH and all(holds_digit(branch) for branch in arg[1]):
            return True
    return False


def _digits_only(members: tuple) -> bool:
    """Whether a character class (not negated) matches decimal digits only."""
    def digit_member(kind: str, value) -> bool:
        if kind == "category":
            return value == "d"
        if kind == "literal":
            return chr(value).isdecimal()
        if kind == "range":
            return all(chr(code).isdecimal() for code in range(value[0], value[1] + 1))
        return False  # "negate", or anything else

    return bool(members) and all(digit_member(kind, value) for kind, value in members)
