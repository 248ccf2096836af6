"""Sending the digest to work-chat group robots: the platforms' formats, limits and signing
(`platforms`), and the HTTP delivery with its timeouts, retries and rate limit (`send`)."""
