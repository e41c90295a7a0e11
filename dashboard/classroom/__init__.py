"""The classroom: join by QR code, lesson playlists and their sidebar (teacher), the shared address (share)."""
