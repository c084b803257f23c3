"""The sub-commands of ``mentordesk``, one module per topic (see ``mentordesk.cli``)."""
