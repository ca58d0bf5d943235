"""Exploration for analysts: the interactive notebook's helpers and the commands that open it."""
