"""The content pages: one module per page (each ends with ``PAGE = PageSpec(...)``), procurement as a package."""
