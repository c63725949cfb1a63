"""The ``postlint`` command of the Python package: the Rust command's own code
(``postlint_cli``), run in this process with the same arguments, streams and
exit codes as the ``postlint`` binary."""

from __future__ import annotations

import signal
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> None:
    from postlint import _native

    args = sys.argv[1:] if argv is None else list(argv)
    # The binary dies on Ctrl-C; so does this process (Python would only
    # notice it after the Rust code returns, e.g. never for `postlint lsp`).
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    except ValueError:  # not the main thread
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(_native.main(args))


if __name__ == "__main__":
    main()
