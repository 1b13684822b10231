"""Page helpers shared by the audiences of portal/ (no views, urls or nav here): an audience package imports
these and the portal's top-level modules, never another audience's package (tests/test_architecture.py)."""
