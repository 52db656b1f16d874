"""A region given with --tgt-lang (fr-CA, es-MX, pt-BR) applies its table of corpora/locale/<lang>.toml."""

from __future__ import annotations

import pytest

from audit.languages import language_region
from test_cli import run

CASES = [
    ("fr", "Vous venez? Il a dit\u00a0: non.", ["venez?"]),  # France: a space before ? too
    ("fr-CA", "Vous venez? Il a dit\u00a0: non.", []),  # Québec: before the colon only
    ("fr-CH", "Vous venez? Il a dit\u00a0: non.", []),
    ("es", "La inflación llegó a 3.2 por ciento en marzo.", ["3.2"]),  # Spain writes 3,2
    ("es-MX", "La inflación llegó a 3.2 por ciento en marzo.", []),  # Mexico writes 3.2
    ("pt-PT", "Ele disse “não” ao governo.", ["“não”"]),  # Portugal quotes with « » first
    ("pt-BR", "Ele disse “não” ao governo.", []),
]


@pytest.mark.parametrize("tgt_lang, target, flagged", CASES, ids=[c[0] + ":" + c[1][:12] for c in CASES])
def test_a_region_applies_its_conventions(tmp_path, tgt_lang: str, target: str, flagged: list[str]) -> None:
    (tmp_path / "t.txt").write_text(target + "\n", encoding="utf-8")
    proc = run("check", "t.txt", "--tgt-lang", tgt_lang, "-o", "r.csv", "--jobs", "2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[4] for row in rows if ",LC0" in row] == flagged


@pytest.mark.parametrize("code, region", [("fr-CA", "CA"), ("pt_br", "BR"), ("en-GB", "GB"), ("fr", None),
                                          ("es-419", None), (None, None)])
def test_language_region(code, region) -> None:
    assert language_region(code) == region
