"""The one error type of the ASIC flow: a mistake the user can fix, printed as one line."""

from swm.errors import SwmError


class AsicError(SwmError):
    """A user-fixable problem of the ASIC flow (bad configuration, missing tool, corrupt VCD, ...)."""
