"""The one error type users see: a problem with their input, options or output path."""


class AuditError(Exception):
    """Bad input, options or output. The CLI prints it as one line and exits with code 2.

    Exit code 1 is reserved for a failed quality gate.
    """

    exit_code = 2
