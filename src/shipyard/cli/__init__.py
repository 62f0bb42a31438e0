"""The `shipyard` command line: one module per command, errors turned into one sentence."""

from __future__ import annotations

import sys

from shipyard.errors import Interrupted, ShipyardError


def main() -> None:
    from shipyard.cli.check_run import parse_plain, run_check

    try:
        # The plain `shipyard check` (run on every save) skips typer and rich: ~200 ms.
        plain_check = parse_plain(sys.argv[1:])
        if plain_check is not None:
            sys.exit(run_check(plain_check))
        from shipyard.cli.app import app

        app()
    except ShipyardError as error:
        from rich.console import Console
        from rich.text import Text

        # The message is plain text: "[tool.shipyard]" in it must not be read as markup.
        message = Text.assemble(("error:", "bold red"), " ", error.message)
        Console(stderr=True).print(message, highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except Interrupted as interrupt:
        if interrupt.complete:
            said = f"interrupted by {interrupt} after the change was complete"
        else:
            said = f"interrupted by {interrupt}; nothing was changed"
        print(f"shipyard: {said}.", file=sys.stderr)
        sys.exit(interrupt.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
