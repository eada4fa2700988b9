"""What the network indexes for the Korean search, and how.

The tokenizer, the index writes and the queries are generic and live in `madang.core.search`; this
module says which text stands for an organisation, a public activist profile and a resource. The
index table is the network's `SearchEntry` (registered in `registry.py`). Services call `index_*` in
the same transaction as the change.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects

from madang.core.search import (  # noqa: F401 - the network's callers use these through this module
    IndexItem,
    index_put,
    index_put_many,
    index_remove,
    query_terms,
    query_tokens,
    search_ids,
    tokenize,
    tokenize_many,
)

from .models import Organisation, Person, Resource, SearchEntry


def _organisation_text(org: Organisation) -> str:
    issue_names = " ".join(a.name for a in org.issue_areas.all())
    dong_names = " ".join(d.name for d in org.dongs.all())
    return " ".join([org.name, org.get_kind_display(), issue_names, dong_names, org.description])


def index_organisation(org: Organisation) -> None:
    index_put(
        object_type=SearchEntry.Type.ORGANISATION,
        object_id=org.pk,
        district_id=org.district_id,
        text=_organisation_text(org),
    )


def index_organisations(orgs: list[Organisation]) -> None:
    """`index_organisation` for many saved organisations: the same entries, in a few queries (issue
    areas and dongs prefetched, one Kiwi call, bulk insert). Runs in the caller's transaction."""
    orgs = list(orgs)
    if not orgs:
        return
    prefetch_related_objects(orgs, "issue_areas", "dongs")
    index_put_many(
        [
            IndexItem(
                object_type=SearchEntry.Type.ORGANISATION,
                object_id=org.pk,
                district_id=org.district_id,
                text=_organisation_text(org),
            )
            for org in orgs
        ]
    )


def index_person(person: Person) -> None:
    """Only public fields are indexed, and only for people who chose to be listed."""
    if not person.is_public:
        index_remove(object_type=SearchEntry.Type.PERSON, object_id=person.pk)
        return
    interests = " ".join(a.name for a in person.interests.all())
    dong = person.dong.name if person.dong_id else ""
    text = " ".join([person.user.display_name, person.skills, interests, dong, person.bio])
    index_put(
        object_type=SearchEntry.Type.PERSON, object_id=person.pk, district_id=person.district_id, text=text
    )


def index_resource(resource: Resource) -> None:
    owner = resource.owner.name if resource.owner_id else ""
    dong = resource.dong.name if resource.dong_id else ""
    text = " ".join([resource.name, resource.get_kind_display(), owner, dong, resource.description])
    index_put(
        object_type=SearchEntry.Type.RESOURCE,
        object_id=resource.pk,
        district_id=resource.district_id,
        text=text,
    )


def reindex_district(district) -> dict[str, int]:
    """Rebuild a district's whole index (after the tokenizer changes): organisations in bulk, then
    public profiles and resources. Runs in the caller's transaction."""
    orgs = list(Organisation.objects.in_district(district))
    index_organisations(orgs)
    persons = (
        Person.objects.in_district(district).select_related("user", "dong").prefetch_related("interests")
    )
    for person in persons:
        index_person(person)
    resources = Resource.objects.in_district(district).select_related("owner", "dong")
    for resource in resources:
        index_resource(resource)
    return {"organisations": len(orgs), "persons": len(persons), "resources": len(resources)}
