"""Machinery shared by the simple registers of issue 18 (metrology, radiation, inspections): their
pages, URLs and writes; and the .xlsx import helpers every register of issue 18 uses (fund,
enterprises and appraisal too). Not an app: it holds no models and knows no domain app."""
