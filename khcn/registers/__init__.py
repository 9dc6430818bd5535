"""Machinery shared by the simple registers of issue 18 (metrology, radiation, inspections): their
pages and their writes. Not an app: it holds no models and knows no domain app."""
