"""audit: find the suspect phrases that machine translation leaves in text.

The Python API mirrors the command line::

    import audit
    findings = audit.check(["Get rid of the diet"], src_lang="fr", tgt_lang="en")
"""

__version__ = "0.1.0"

from audit.api import check  # noqa: E402  (the version must exist before the API imports it)
from audit.errors import AuditError  # noqa: E402

__all__ = ["check", "AuditError", "__version__"]
