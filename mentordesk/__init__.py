"""MentorDesk: trust-centred mentorship programs, offline on the coordinator's laptop."""

__version__ = "0.1.0"
APP_NAME = "MentorDesk"
