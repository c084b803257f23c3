"""Widgets of the MentorDesk window."""
