import factory
from django.utils.text import slugify

from relais.projects.models import ContributorProfile, Partner, PartnerContact, Project, Skill


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Compétence {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = Partner.Kind.ASSOCIATION
    commune = "Reims"
    insee_code = "51454"
    email = factory.Sequence(lambda n: f"partenaire{n}@example.org")
    is_listed = True
    accepts_contact = True

    class Params:
        refuses_contact = factory.Trait(accepts_contact=False)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    first_name = "Julie"
    last_name = "Bernard"
    email = "julie@example.org"
    is_primary = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet collaboratif."

    @factory.post_generation
    def needed_skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.needed_skills.set(extracted)


class ContributorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributorProfile
        skip_postgeneration_save = True

    is_listed = True
    accepts_contact = True
    commune = "Reims"
    insee_code = "51454"

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)
