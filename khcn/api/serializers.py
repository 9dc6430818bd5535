from typing import Any

from rest_framework import serializers

from khcn.geo.models import AdminUnit, Organisation


class AdminUnitSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "full_name",
            "unit_type",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]


class CurrentUnitSerializer(serializers.Serializer):
    unit = AdminUnitSerializer()
    kind = serializers.CharField()
    via = AdminUnitSerializer(many=True)


class OrganisationSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Version the edit is based on.")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit",
            "parent",
            "tax_code",
            "address",
            "phone",
            "email",
            "website",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": "Send the version your edit is based on."})
        return attrs
