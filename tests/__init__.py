"""newsprism's test suite; ``DATA`` holds the inputs several test folders share."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
