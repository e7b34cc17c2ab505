"""Staff: sign-in, PINs (Argon2id) and lock-outs, manager approvals, role checks.
"""
