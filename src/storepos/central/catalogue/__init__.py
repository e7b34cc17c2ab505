"""The chain's catalogue, brought in from the web shop's product export (Shopify CSV).

    shopify_csv.py   read the export row by row (streamed), each row checked, bad ones in words
    tag_mapping.py   the shop's own tags -> the policy's tags (default_tags.toml, --tags FILE)
    importer.py      write products and variants, upserted by handle and SKU, all or nothing
"""
