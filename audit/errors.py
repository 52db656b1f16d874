"""The one error type users see: a problem with their input, options or output path."""


class AuditError(Exception):
    """Bad input, options or output. The CLI prints it as one line and exits with code 2.

    Exit code 1 is reserved for a failed quality gate.
    """

    exit_code = 2


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM: a CI timeout, `kill`, a service manager). Raised where the
    parent is, so that the report's temporaries are removed and the workers shut down on the way out; a
    BaseException, so that no `except Exception` swallows it."""
