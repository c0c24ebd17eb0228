"""The timeline: entries newest first by month, their filters, and the memo and trash lists."""
