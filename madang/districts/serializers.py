from rest_framework import serializers

from madang.districts.models import City, District, Program, ProgramParticipation, ProgramTrack


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["code", "name", "name_en", "slug"]


class DistrictSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = District
        fields = ["code", "name", "name_en", "slug", "city", "url"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ParticipationSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="track.program.slug")
    track = serializers.CharField(source="track.name")

    class Meta:
        model = ProgramParticipation
        fields = ["program", "track", "program_year"]


class DistrictDetailSerializer(DistrictSerializer):
    participations = ParticipationSerializer(many=True, read_only=True)
    visions = serializers.SerializerMethodField()

    class Meta(DistrictSerializer.Meta):
        fields = [*DistrictSerializer.Meta.fields, "participations", "visions"]

    def get_visions(self, obj) -> dict[str, str]:
        return {v.program.slug: v.text for v in obj.visions.all()}


class TrackParticipationSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ProgramParticipation
        fields = ["district", "program_year"]


class TrackSerializer(serializers.ModelSerializer):
    participations = TrackParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = ProgramTrack
        fields = ["name", "participations"]


class ProgramSerializer(serializers.ModelSerializer):
    tracks = TrackSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = ["slug", "name", "name_en", "shared_vision", "duration_months", "tracks"]
