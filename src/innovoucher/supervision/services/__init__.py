"""Supervision services: every state change of sanctions, spot checks, clawbacks and complaints.
Each runs in one transaction with an audit event; statuses move through `core.lifecycle`."""
