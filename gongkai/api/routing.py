"""The API's one router: reads and writes share paths (GET and POST /enforcement/documents), and ninja
merges the methods of one path only within one router."""

from ninja import Router

router = Router()

READ_TAGS = ["读取（公开，可不带令牌）"]
WRITE_TAGS = ["写入（需令牌）"]
