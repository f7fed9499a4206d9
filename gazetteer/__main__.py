"""``python -m gazetteer``: see :mod:`gazetteer.cli`."""

import sys

from gazetteer.cli import main

sys.exit(main())
