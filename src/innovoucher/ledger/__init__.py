"""The fund ledger: budgets, 兑完为止 with a fair queue, payments never made twice.

Design (details in DESIGN.md):
- Double-entry, append-only, TigerBeetle semantics. A Budget (funder, year, purpose line,
  holding region) has Accounts (appropriation, available, payable, paid, recovered) with
  pending/posted debit and credit balances in fen. A Transfer has one debit and one credit
  account, a unique idempotency key, a code and a kind (single / pending / post / void); a
  pending transfer is resolved at most once (UNIQUE). Transfers are never updated or deleted.
- Balances change only through conditional UPDATEs (`WHERE balance >= amount`) inside the
  transaction that inserts the transfers, accounts locked in id order; CHECK constraints are
  the backstop. Multi-funder operations are one batch: all or none.
- Reservation = pending available → payable; release = void; export to the bank = post;
  bank confirmation = pay (payable → paid); clawback = recovered → available.
- Claims that the money cannot cover wait in a queue ordered by completion time (or are
  rejected, or carried to next year, as the policy says); caps use the same conditional
  updates. `innovoucher ledger verify` recomputes everything from the transfers.

Layers: models (fields + constraints), domain.py (pure: verify, forecast, burn-down),
services/ (every state change), selectors/ (every scoped read), views/ + api.py (interface).
"""
