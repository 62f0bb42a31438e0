"""The one error type a user can cause: it carries a single sentence and maps to exit code 2."""


class ShipyardError(Exception):
    """A problem with the user's input or environment, told in one sentence."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
