"""``python -m reclean PATH...``: the re-clean without Scrapy (same options as
``scrapy reclean``)."""

import sys

from .cli import main

sys.exit(main())
