"""Security controls (MLPS level 3 application controls): response headers and TLS settings."""
