"""Which files a directory or glob target stands for (issue 13, item 4): each real file once, sorted, and
never an endless walk through symbolic links."""

from __future__ import annotations

import os

from audit.inputs.load import expand_target


def tree(root, links: dict[str, str]) -> None:
    for name in ("feeds/a.txt", "feeds/sub/b.txt", "feeds/.hidden/c.txt", "feeds/sub/.d.txt"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Hello.\n", encoding="utf-8")
    for name, target in links.items():
        (root / name).symlink_to(target)


def test_loops_and_aliases_give_each_real_file_once(tmp_path, monkeypatch) -> None:
    tree(tmp_path, {"feeds/sub/up": "..", "feeds/sub/top": "../..", "feeds/0-alias.txt": "sub/b.txt",
                    "feeds/mirror": "sub"})
    monkeypatch.chdir(tmp_path)
    assert expand_target("feeds/**/*.txt") == ["feeds/a.txt", "feeds/sub/b.txt"]
    assert expand_target("feeds/*/*.txt") == ["feeds/sub/b.txt"]  # feeds/mirror/b.txt is the same file
    assert expand_target("feeds") == ["feeds/.hidden/c.txt", "feeds/a.txt", "feeds/sub/.d.txt", "feeds/sub/b.txt"]


def test_glob_keeps_the_shell_conventions(tmp_path, monkeypatch) -> None:
    tree(tmp_path, {})
    monkeypatch.chdir(tmp_path / "feeds")
    assert expand_target("**/*.txt") == ["a.txt", "sub/b.txt"]  # hidden names only when the pattern asks
    assert expand_target(".hidden/*.txt") == [os.path.join(".hidden", "c.txt")]
    assert expand_target("**.txt") == ["a.txt"]  # "**" inside a name is "*", as glob.glob reads it
