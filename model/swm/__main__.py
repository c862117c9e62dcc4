"""Entry point for ``python -m swm``."""

from swm.cli import main

raise SystemExit(main())
