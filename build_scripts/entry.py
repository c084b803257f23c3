"""The bundle's entry point: the same ``mentordesk`` command as from source."""

from mentordesk.cli import main

raise SystemExit(main())
