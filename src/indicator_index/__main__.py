"""``python -m indicator_index``: the command line."""

import sys

from indicator_index._cli import main


sys.exit(main())
