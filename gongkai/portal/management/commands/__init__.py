"""The portal's management commands (`gongkai build-site`)."""
