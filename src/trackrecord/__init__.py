"""trackrecord: turn analysis and news articles into checkable forecasts and keep score."""

__version__ = "0.1.0"
