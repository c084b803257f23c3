"""The use cases: one module per topic, each taking a Session and returning plain rows."""
