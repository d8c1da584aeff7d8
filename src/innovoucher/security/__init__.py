"""Security controls (MLPS level 3 application controls): response headers, TLS settings, login
throttling and lockout, password policy, the second-factor gate, idle session timeout, and the
security and audit administrators' pages (lockouts, login history, audit log)."""
