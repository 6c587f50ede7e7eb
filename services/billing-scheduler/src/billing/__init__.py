"""The billing scheduler: recurring payments charged through payments, once per period."""
