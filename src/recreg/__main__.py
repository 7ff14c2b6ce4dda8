"""Run recreg as ``python -m recreg``."""

from .cli import main

main()
