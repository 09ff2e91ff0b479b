"""Content packs in the window: File > Add course pack…, Manage packs…, and home's pack section."""
