"""Models of the request app."""

from gongkai.inforequests.models.decision import Decision, DecisionFile, NonDisclosureFiling
from gongkai.inforequests.models.event import RequestEvent
from gongkai.inforequests.models.fee import FeeNotice
from gongkai.inforequests.models.request import ApplicantDetails, InfoRequest, RequestAttachment, RequestSequence

__all__ = ["ApplicantDetails", "Decision", "DecisionFile", "FeeNotice", "InfoRequest", "NonDisclosureFiling",
           "RequestAttachment", "RequestEvent", "RequestSequence"]
