import sys

from builder.frontdoors.cli import main

sys.exit(main())
