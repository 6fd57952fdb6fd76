"""The `opencsc` console command: Django management with OpenCSC's settings.

`opencsc migrate`, `opencsc runserver`, `opencsc demo --size small`, `opencsc bench foundation`, ...
"""

import os
import sys


def main() -> None:
    """Run a Django management command with the project's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]), *sys.argv[1:]])


if __name__ == "__main__":
    main()
