"""The caller's own notifications under /api/v1/notifications/: list, read one, mark as read.

Only the caller's rows exist for them: another person's notification is a 404, like on the
pages. Marking goes through the same services as the inbox.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.core.bounds import ID_MAX, api_id, api_integer
from khcn.core.drf import Route, StrictSerializer
from khcn.notifications import selectors, services
from khcn.notifications.models import Notification, NotificationKind


class NotificationSerializer(serializers.ModelSerializer):
    id = api_id(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class ReadAllSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, required=False, write_only=True)
    marked = api_integer(low=0, high=ID_MAX, read_only=True)


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first; `?unread=true` and `?kind=` narrow the list."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        params = self.request.query_params
        kind = params.get("kind", "")
        return selectors.notification_list(
            user=self.request.user,
            unread=params.get("unread") in {"true", "1"},
            kind=kind if kind in NotificationKind.values else "",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="Only the unread notifications."),
            OpenApiParameter("kind", str, enum=NotificationKind.values, description="Only this kind."),
        ]
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        services.notification_mark_read(user=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=ReadAllSerializer, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every unread notification as read, or only those of `kind`."""
        body = ReadAllSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kind = body.validated_data.get("kind", "")
        return Response({"marked": services.notifications_mark_all_read(user=request.user, kind=kind)})


ROUTES: list[Route] = [("notifications", NotificationViewSet, "notification")]
