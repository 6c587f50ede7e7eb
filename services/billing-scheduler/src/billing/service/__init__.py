"""Billing's rules: subscriptions, the scheduler, and the results of charges."""
