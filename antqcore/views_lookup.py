from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.views import View

from .lookups import lookup_results


class LookupView(LoginRequiredMixin, View):
    """`/lookup/<name>/?q=…`: what a searchable picker offers, cut to the user's scope by the lookup (antqcore.lookups).
    Anonymous visitors are sent to the login page like any other page's."""

    def get(self, request, name):
        try:
            results = lookup_results(name=name, user=request.user, search=request.GET.get("q", ""),
                                     params=request.GET)
        except KeyError:
            raise Http404(name) from None
        return JsonResponse({"results": results})
