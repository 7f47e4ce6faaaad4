"""Gongkai (公开): one platform for a government agency's information-disclosure work."""
