"""The project's URLs plus /bench/bare/: the reference of the load test (issue #20), a DRF view that serialises 50
small rows held in memory: no database, no authentication, no throttle, so it measures what the stack (gunicorn,
the middleware, DRF's rendering) costs before any work of ANTQ's own."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    active = serializers.BooleanField()


ROWS = [{"id": i, "name": f"Đơn vị {i}", "active": i % 2 == 0} for i in range(50)]


class BareView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def get(self, request):
        return Response(RowSerializer(ROWS, many=True).data)


urlpatterns = [
    path("bench/bare/", BareView.as_view()),
    path("", include("config.urls")),
]
