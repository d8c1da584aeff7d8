"""Innovoucher — an open platform for regional S&T innovation vouchers (科技创新券)."""

__version__ = "0.1.0"
