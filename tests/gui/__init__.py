"""GUI tests: real widgets driven through pytest-qt, offscreen."""
