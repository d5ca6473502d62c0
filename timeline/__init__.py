"""timeline: turn a pile of news articles into a sourced, interactive timeline of events."""

__version__ = "0.1.0"
