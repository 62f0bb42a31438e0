"""How shipyard ends early: an error the user can cause (one sentence, exit code 2), or a signal
that interrupted a change (exit code 128 + its number)."""

import signal


class ShipyardError(Exception):
    """A problem with the user's input or environment, told in one sentence."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Interrupted(BaseException):
    """A signal asked shipyard to stop; the exit code is 128 + its number, as a shell's.

    Not a KeyboardInterrupt: click turns those into "Aborted!", and this one must reach
    `shipyard.cli.main` with its signal."""

    def __init__(self, signum: int, complete: bool = False) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.complete = complete
        """The signal came once the change was whole: nothing was rolled back."""

    @property
    def exit_code(self) -> int:
        return 128 + self.signum
