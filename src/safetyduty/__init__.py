"""safetyduty: a compliance tracker for 安全生产"党政同责、一岗双责" duties, kept as YAML in git."""

__version__ = "0.1.0"
