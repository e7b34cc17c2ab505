"""Words for what the domain says in codes: above the domain, below the features and devices.

The domain decides without words (`storepos.domain` may not import languages); its answers are
codes and facts. This package words them through gettext in the reader's language, so a screen
(services, ui) and a printed slip (devices/printing) say the same thing.
"""
