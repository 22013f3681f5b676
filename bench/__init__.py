"""Benchmarks for debate-bot, run by `make bench` (`python -m bench`)."""
