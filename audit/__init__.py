"""audit: find the suspect phrases that machine translation leaves in text.

The Python API mirrors the command line::

    import audit
    findings = audit.check(["Get rid of the diet"], src_lang="fr", tgt_lang="en")
"""

from audit.errors import AuditError
from audit.version import __version__

__all__ = ["check", "AuditError", "__version__"]


def __getattr__(name: str):
    """`audit.check` is imported on first use, so `import audit.findings` (the model) loads no engine and
    no detector."""
    if name == "check":
        from audit.api import check

        return check
    raise AttributeError(f"module 'audit' has no attribute {name!r}")
