"""Customers told: an e-mail when a ship-to-store parcel arrives and when it is about to be sent
back, sent once per (pickup, kind), from the central service.

    outbox.py   the notices table: enqueue (in the push's transaction), claim what is due, record
                the outcome (sent; tried again later with back-off; failed, for the manager)
    mail.py     the message itself, in the store's language (English, or French for fr_* stores)
    smtp.py     the chain's SMTP settings (the password only ever from an environment variable)
                and the mailer that sends through them (smtplib, STARTTLS when set)
    sender.py   one pass of `storepos central notify`: enqueue hold-ending notices now due, then
                send every due notice
    sms.py      the interface a text-message provider would implement (none is bundled)
"""
