"""`python -m jointchron.cli`."""

from jointchron.cli import main

main()
