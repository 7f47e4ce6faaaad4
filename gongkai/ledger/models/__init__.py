"""Models of the work ledger: channels and posts, press and media, reading rooms, training, open days, responses."""

from gongkai.ledger.models.base import LedgerRecord
from gongkai.ledger.models.channels import Channel, ChannelPosts
from gongkai.ledger.models.events import OpenDay, PaperCopy, TrainingSession
from gongkai.ledger.models.press import MediaLevel, MediaOutput, PressConference
from gongkai.ledger.models.responses import Clarification, OpinionResponse

__all__ = ["Channel", "ChannelPosts", "Clarification", "LedgerRecord", "MediaLevel", "MediaOutput", "OpenDay",
           "OpinionResponse", "PaperCopy", "PressConference", "TrainingSession"]
