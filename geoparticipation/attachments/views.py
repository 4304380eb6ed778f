from django.shortcuts import get_object_or_404

from geoparticipation.participation.models import Proposal

from .models import ProposalFile
from .serving import file_response


def proposal_file(request, pk, thumbnail=False):
    """A file of a proposal the reader may see: a hidden proposal's, or a private concertation's for a non-member,
    is not found, as the proposal itself."""
    stored = get_object_or_404(
        ProposalFile.objects.filter(proposal__in=Proposal.objects.visible_to(request.user)), pk=pk
    )
    return file_response(stored, thumbnail=thumbnail)
