#!/usr/bin/env python
"""Same as the `relais` console command."""

from relais.__main__ import main

if __name__ == "__main__":
    main()
