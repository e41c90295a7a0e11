"""The classroom: the Lesson page (lesson_page), lesson files (lessons), the sidebar's join and lesson tools
(teacher), the shared address and its QR code (share)."""
