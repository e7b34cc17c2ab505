"""The web shop feed: online orders from Shopify (webhooks, file import) and from the storepos
order JSON, mapped to the order documents tills pull (central/orders.publish_order).

    shopify.py / storepos_format.py   a source's order JSON -> WebOrder (pure, no database)
    feed.py                           WebOrder -> catalogue, order, pickup, refunds, warnings
    shops.py, webhook.py              registered shops and POST /v1/webhooks/shopify
    importer.py                       `storepos central orders import`
"""
