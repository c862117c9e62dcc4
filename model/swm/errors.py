"""User-facing error type: one clear line naming the problem and the fix."""


class SwmError(Exception):
    """An error the user can cause and fix; the CLI prints it as one line and exits non-zero."""
