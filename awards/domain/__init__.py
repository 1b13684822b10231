"""Use cases, as plain functions. Views, commands and tasks call these; nothing else changes state."""
