"""Test data for accounts: users and the role grants that give them a scope."""

import factory
from factory.django import DjangoModelFactory

from khcn.accounts.models import RoleGrant, User
from khcn.accounts.roles import Role


class UserFactory(DjangoModelFactory[User]):
    """A user whose password is "pw-" and the username (the personas sign in with it)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda user: f"{user.username}@test.khcn.local")

    @factory.post_generation
    def password(user: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        user.set_password(extracted or f"pw-{user.username}")
        if create:
            user.save(update_fields=["password"])


class RoleGrantFactory(DjangoModelFactory[RoleGrant]):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.PUBLIC
    unit = None
    organisation = None
