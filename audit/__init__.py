"""audit: find the suspect phrases that machine translation leaves in text.

The Python API mirrors the command line::

    import audit
    findings = audit.check(["Get rid of the diet"], src_lang="fr", tgt_lang="en")
"""

from audit.api import check
from audit.errors import AuditError
from audit.version import __version__

__all__ = ["check", "AuditError", "__version__"]
