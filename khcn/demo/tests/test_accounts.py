import pytest
from django.contrib.auth import password_validation

from khcn.accounts.models import User
from khcn.demo.accounts import ACCOUNTS, DEMO_PASSWORD


@pytest.mark.parametrize("username", [acc.username for acc in ACCOUNTS] + ["admin", "chunhiem"])
def test_demo_password_passes_the_project_password_rules(username):
    account = User(username=username, email=f"{username}@demo.khcn.local", full_name="Lê Minh Quân")
    password_validation.validate_password(DEMO_PASSWORD, user=account)  # raises if it breaks a rule
    assert len(DEMO_PASSWORD) >= 10
